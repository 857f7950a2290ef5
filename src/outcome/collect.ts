/**
 * Outcomes: the final state of each consistent execution, projected on the
 * observed locations, gathered into herd's distinct states and execution counts.
 */
import { applyOp } from '../events/expr.ts';
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
  private readonly indexOf = new Map<Location, number>();
  positive = 0;
  negative = 0;

  constructor(private readonly test: OutcomeTest) {
    this.observed = observedLocations(test);
  }

  /** Counts an execution; false when the test's filter excludes it. */
  add(candidate: Candidate<SearchStructure>, values: CandidateValues): boolean {
    const known: (Value | undefined)[] = new Array(this.observed.length);
    const observedValue = (i: number): Value => (known[i] ??= finalValue(candidate, values, this.observed[i]!));
    const lookup = (loc: Location): Value => {
      const i = this.observedIndex(loc);
      return i >= 0 ? observedValue(i) : finalValue(candidate, values, loc);
    };
    if (this.test.filter && !holds(this.test.filter, lookup)) return false;
    const satisfies = holds(this.test.condition.prop, lookup);
    if (satisfies) this.positive++;
    else this.negative++;
    const stateValues = this.observed.map((_, i) => observedValue(i));
    const key = stateValues.map((v) => (typeof v === 'number' ? v : `&${v}`)).join(',');
    if (!this.states.has(key)) this.states.set(key, { values: stateValues, satisfies });
    return true;
  }

  /** Where a location of the condition or filter sits among the observed ones (-1: not observed), by the IR's location objects. */
  private observedIndex(loc: Location): number {
    let i = this.indexOf.get(loc);
    if (i === undefined) {
      i = this.observed.findIndex((o) => sameLocation(o, loc));
      this.indexOf.set(loc, i);
    }
    return i;
  }

  sortedStates(): FinalState[] {
    return [...this.states.values()].sort((a, b) => compareStates(a.values, b.values));
  }
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
