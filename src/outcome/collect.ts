/**
 * Outcomes: the final state of each consistent execution, projected on the
 * observed locations, gathered into herd's distinct states and execution counts.
 */
import { applyOp } from '../events/expr.ts';
import { locationName } from '../ir/location.ts';
import type { LitmusTest, Location, Prop, Value } from '../ir/program.ts';
import type { Candidate, SearchStructure } from '../search/candidate.ts';
import { type CandidateValues, Undetermined } from '../search/values.ts';
import { holds, partialHolds, propLocations, sameLocation } from './condition.ts';
import { compareLocations, compareStates } from './order.ts';
import type { FinalState } from './result.ts';

/** Locations herd prints: those of the condition (or another outcome) and of `locations [...]` (filter's are not shown). */
/** What outcomes need of a test, PPC or kernel C. */
export type OutcomeTest = Pick<LitmusTest, 'init' | 'condition' | 'filter' | 'locations'>;

export function observedLocations(test: OutcomeTest, outcome: Prop = test.condition.prop): Location[] {
  const locs = propLocations(outcome);
  for (const l of test.locations) if (!locs.some((m) => sameLocation(l, m))) locs.push(l);
  return locs.sort(compareLocations);
}

export class OutcomeCollector {
  readonly observed: Location[];
  private readonly states = new Map<string, FinalState>();
  positive = 0;
  negative = 0;

  /** Each location object of the condition → its index in `observed`, so that the condition reads the state's values. */
  private readonly conditionIndex = new Map<Location, number>();

  constructor(private readonly test: OutcomeTest) {
    this.observed = observedLocations(test);
    const index = (loc: Location) => this.conditionIndex.set(loc, this.observed.findIndex((o) => sameLocation(o, loc)));
    const visit = (prop: Prop): void => {
      switch (prop.kind) {
        case 'const': return;
        case 'atom': index(prop.loc); return;
        case 'same': index(prop.left); index(prop.right); return;
        case 'not': visit(prop.prop); return;
        default: visit(prop.left); visit(prop.right);
      }
    };
    visit(test.condition.prop);
  }

  /** Counts an execution; false when the test's filter excludes it. */
  add(candidate: Candidate<SearchStructure>, values: CandidateValues): boolean {
    if (this.test.filter) {
      const cache = new Map<string, Value>();
      const lookup = (loc: Location): Value => {
        const key = locationName(loc);
        let v = cache.get(key);
        if (v === undefined) {
          v = finalValue(candidate, values, loc);
          cache.set(key, v);
        }
        return v;
      };
      if (!holds(this.test.filter, lookup)) return false;
    }
    const stateValues = this.observed.map((loc) => finalValue(candidate, values, loc));
    const satisfies = holds(this.test.condition.prop, (loc) => stateValues[this.conditionIndex.get(loc)!]!);
    if (satisfies) this.positive++;
    else this.negative++;
    const key = stateKey(stateValues);
    if (!this.states.has(key)) this.states.set(key, { values: stateValues, satisfies });
    return true;
  }

  sortedStates(): FinalState[] {
    return [...this.states.values()].sort((a, b) => compareStates(a.values, b.values));
  }
}

const SMALL = 0xd000, ESCAPE = '\uffff', END = '\ufffe';

/**
 * A short injective key of a state (a test with 2^19 states hashes one per
 * execution): a small non-negative integer as one character, anything else
 * (a larger number, a 64-bit bigint, an address) as its text between two characters neither
 * can contain.
 */
function stateKey(values: readonly Value[]): string {
  let key = '';
  for (const v of values) {
    key += typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < SMALL ? String.fromCharCode(v) : `${ESCAPE}${typeof v === 'string' ? `&${v}` : String(v)}${END}`;
  }
  return key;
}

/** A location's value at the end of a complete candidate: a register's last value, or the co-last write. */
export function finalValue(candidate: Candidate<SearchStructure>, values: CandidateValues, loc: Location): Value {
  const s = candidate.structure;
  if (loc.kind === 'reg') {
    const path = s.paths[loc.thread];
    const expr = path?.finalRegisters.get(loc.reg);
    return expr ? values.inThread(loc.thread, expr) : 0;
  }
  const split = s.cells?.variables.get(loc.name);
  if (split) return applyOp('join', split.cells.map((cell) => lastValue(candidate, values, cell)), split.counts);
  return lastValue(candidate, values, loc.name);
}

function lastValue(candidate: Candidate<SearchStructure>, values: CandidateValues, location: string): Value {
  const writes = candidate.structure.writesTo.get(location) ?? [];
  const last = writes.find((w) => !writes.some((o) => candidate.co.has(w, o)));
  return last === undefined ? values.initialValue(location) : values.eventValue(last);
}

/** A memory location's cells: a split variable's, or itself. */
function cellsOf(structure: SearchStructure, location: string): readonly string[] {
  return structure.cells?.variables.get(location)?.cells ?? [location];
}

/**
 * Whether a partial candidate may still pass the test's filter: false when
 * the values it has decided already falsify it, so that no completion is
 * counted (herd drops executions the filter rejects) and the search may cut.
 * A memory location is known once its writes are ordered: at most one write,
 * or co edges among them.
 */
export function filterMayHold(test: OutcomeTest, candidate: Candidate<SearchStructure>, values: CandidateValues): boolean {
  if (!test.filter) return true;
  const lookup = (loc: Location): Value | undefined => {
    if (loc.kind === 'mem') {
      for (const cell of cellsOf(candidate.structure, loc.name)) {
        const writes = candidate.structure.writesTo.get(cell) ?? [];
        if (writes.length > 1 && !writes.some((w) => candidate.co.has(writes[0]!, w) || candidate.co.has(w, writes[0]!))) return undefined;
      }
    }
    try {
      return finalValue(candidate, values, loc);
    } catch (e) {
      if (e instanceof Undetermined) return undefined;
      throw e;
    }
  };
  return partialHolds(test.filter, lookup) !== false;
}
