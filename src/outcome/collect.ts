/**
 * Outcomes: the final state of each consistent execution, projected on the
 * observed locations, gathered into herd's distinct states and execution counts.
 */
import { applyOp, type Expr } from '../events/expr.ts';
import { locationName } from '../ir/location.ts';
import type { LitmusTest, Location, Prop, Value } from '../ir/program.ts';
import type { Candidate, SearchStructure } from '../search/candidate.ts';
import { rotatedLocation, rotatedValue, type Symmetry } from '../search/symmetry.ts';
import { type CandidateValues, Undetermined } from '../search/values.ts';
import { holds, partialHolds, propLocations, sameLocation } from './condition.ts';
import { compareLocations, compareValues } from './order.ts';
import type { FinalState } from './result.ts';

/** What outcomes need of a test, PPC or kernel C. */
export type OutcomeTest = Pick<LitmusTest, 'init' | 'condition' | 'filter' | 'locations'>;

/** Locations herd prints: those of the condition (or another outcome) and of `locations [...]` (filter's are not shown). */
export function observedLocations(test: OutcomeTest, outcome: Prop = test.condition.prop): Location[] {
  const locs = propLocations(outcome);
  for (const l of test.locations) if (!locs.some((m) => sameLocation(l, m))) locs.push(l);
  return locs.sort(compareLocations);
}

/**
 * How to read each observed location in the executions of one structure: a
 * register's final expression (undefined when the thread never writes it,
 * which herd reads as 0), or null for a memory location.
 */
type ObservationPlan = (Expr | undefined | null)[];

export class OutcomeCollector {
  readonly observed: Location[];
  private readonly states: StateTable;
  positive = 0;
  negative = 0;

  /** Each location object of the condition → its index in `observed`, so that the condition reads the state's values. */
  private readonly conditionIndex = new Map<Location, number>();
  private readonly plans = new Map<SearchStructure, ObservationPlan>();
  /** The state of the execution being added, refilled each time. */
  private readonly state: Value[];
  /** With a symmetry: where each observed location goes under one rotation, and the image states, refilled each time. */
  private rotation: Rotation | null = null;

  constructor(private readonly test: OutcomeTest) {
    this.observed = observedLocations(test);
    this.states = new StateTable(this.observed.length);
    this.state = new Array<Value>(this.observed.length);
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

  /**
   * Counts an execution, and with a symmetry its images under each rotation
   * (which the search did not visit); false when the test's filter excludes it.
   */
  add(candidate: Candidate<SearchStructure>, values: CandidateValues, symmetry: Symmetry | null = null): boolean {
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
    const plan = this.planFor(candidate.structure);
    const state = this.state;
    for (let i = 0; i < plan.length; i++) {
      const expr = plan[i];
      const loc = this.observed[i]!;
      state[i] = expr === null ? finalValue(candidate, values, loc) : expr === undefined ? 0 : values.inThread((loc as { thread: number }).thread, expr);
    }
    const base = this.stateIndex(state);
    if (!symmetry) {
      this.countStates(this.states.verdict(base) ? 1 : 0, 1);
      return true;
    }
    const rotation = this.rotationFor(symmetry);
    // An orbit is its first state's function: its images are found once, and each later execution reaching it only counts.
    let satisfied = rotation.satisfied.get(base);
    if (satisfied === undefined) {
      satisfied = this.states.verdict(base) ? 1 : 0;
      let from = state;
      for (const image of rotation.images) {
        for (let i = 0; i < from.length; i++) image[rotation.index[i]!] = rotation.rename(from[i]!);
        if (this.states.verdict(this.stateIndex(image))) satisfied++;
        from = image;
      }
      rotation.satisfied.set(base, satisfied);
    }
    this.countStates(satisfied, symmetry.threads);
    return true;
  }

  /** The state's index in the table, entered with its verdict on the condition when first seen (the verdict is the state's own). */
  private stateIndex(state: readonly Value[]): number {
    const index = this.states.find(state);
    return index >= 0 ? index : this.states.addFound(holds(this.test.condition.prop, (loc) => state[this.conditionIndex.get(loc)!]!));
  }

  /** Counts `executions` executions, `satisfied` of which satisfy the condition. */
  private countStates(satisfied: number, executions: number): void {
    this.positive += satisfied;
    this.negative += executions - satisfied;
  }

  private rotationFor(symmetry: Symmetry): Rotation {
    if (this.rotation?.symmetry !== symmetry) {
      const index = this.observed.map((loc) => this.observed.findIndex((o) => sameLocation(o, rotatedLocation(symmetry, loc))));
      const images = Array.from({ length: symmetry.threads - 1 }, () => new Array<Value>(this.observed.length));
      this.rotation = { symmetry, index, images, rename: (v) => rotatedValue(symmetry.rename, v), satisfied: new Map() };
    }
    return this.rotation;
  }

  sortedStates(): FinalState[] {
    return this.states.sorted();
  }

  private planFor(s: SearchStructure): ObservationPlan {
    let plan = this.plans.get(s);
    if (!plan) {
      // Pushed, not mapped: map() in optimised code gives a holey array in Node 20 (README, Speed), and add() was optimised on packed ones.
      plan = [];
      for (const loc of this.observed) plan.push(loc.kind === 'reg' ? s.paths[loc.thread]?.finalRegisters.get(loc.reg) : null);
      this.plans.set(s, plan);
    }
    return plan;
  }
}

/** One rotation of a symmetry on the observed locations: where each goes, its value renamed; and room for the image states. */
interface Rotation {
  symmetry: Symmetry;
  index: number[];
  rename: (value: Value) => Value;
  images: Value[][];
  /** Per state index met as an execution's own state: how many states of its orbit (itself and its images) satisfy the condition. */
  satisfied: Map<number, number>;
}

/**
 * The distinct final states, each a row of value codes in one typed array,
 * found through an open-addressing hash table. A test can reach a new state
 * at nearly every execution (2^19 of them in the RCU rings of
 * ../shared/corpus/lkmm/tests/auto/); a string key and an object per state
 * then cost more, in hashing and in garbage collection of what every state
 * keeps, than finding the execution.
 */
class StateTable {
  /** Each distinct value → its code, and back. */
  private readonly codes = new Map<Value, number>();
  private readonly values: Value[] = [];
  private rows: Int32Array;
  private verdicts: Uint8Array;
  /** State index + 1 per slot, 0 for an empty slot; a power of two, at most half full. */
  private slots = new Int32Array(64);
  /** The codes of the state being looked up. */
  private readonly row: Int32Array;
  private size = 0;

  constructor(private readonly width: number) {
    this.rows = new Int32Array(width * 16);
    this.verdicts = new Uint8Array(16);
    this.row = new Int32Array(width);
  }

  /** The state's index, or -1 when the table lacks it (then addFound may enter it). */
  find(state: readonly Value[]): number {
    const { width, row } = this;
    for (let i = 0; i < width; i++) {
      const value = state[i]!;
      let code = this.codes.get(value);
      if (code === undefined) {
        code = this.values.length;
        this.codes.set(value, code);
        this.values.push(value);
      }
      row[i] = code;
    }
    const mask = this.slots.length - 1;
    for (let slot = rowHash(row, 0, width) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) break;
      if (this.rowEquals(entry - 1)) return entry - 1;
    }
    return -1;
  }


  /** Whether the state at `index` satisfies the condition. */
  verdict(index: number): boolean {
    return this.verdicts[index] === 1;
  }

  /** The states in herd's order: by their values (compareValues) location by location, here as the ranks of their codes. */
  sorted(): FinalState[] {
    const { width, rows, values } = this;
    const rank = new Int32Array(values.length);
    values.map((_, code) => code).sort((a, b) => compareValues(values[a]!, values[b]!)).forEach((code, r) => (rank[code] = r));
    const order = Array.from({ length: this.size }, (_, state) => state);
    order.sort((a, b) => {
      for (let i = 0; i < width; i++) {
        const d = rank[rows[a * width + i]!]! - rank[rows[b * width + i]!]!;
        if (d !== 0) return d;
      }
      return 0;
    });
    return order.map((index) => {
      const state = new Array<Value>(width);
      for (let i = 0; i < width; i++) state[i] = values[rows[index * width + i]!]!;
      return { values: state, satisfies: this.verdicts[index] === 1 };
    });
  }

  private rowEquals(state: number): boolean {
    const start = state * this.width;
    for (let i = 0; i < this.width; i++) if (this.rows[start + i] !== this.row[i]) return false;
    return true;
  }

  /** Enters the state `find` last looked for and did not find, with its verdict on the condition; its index. */
  addFound(verdict: boolean): number {
    if ((this.size + 1) * this.width > this.rows.length) {
      const rows = new Int32Array(this.rows.length * 2);
      rows.set(this.rows);
      this.rows = rows;
      const verdicts = new Uint8Array(this.verdicts.length * 2);
      verdicts.set(this.verdicts);
      this.verdicts = verdicts;
    }
    this.rows.set(this.row, this.size * this.width);
    this.verdicts[this.size] = verdict ? 1 : 0;
    this.size++;
    if (this.size * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      for (let s = 0; s < this.size; s++) this.place(s);
    } else {
      this.place(this.size - 1);
    }
    return this.size - 1;
  }

  private place(state: number): void {
    const mask = this.slots.length - 1;
    let slot = rowHash(this.rows, state * this.width, this.width) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = state + 1;
  }
}

/** FNV-1a over the codes, then murmur3's finaliser, which spreads them over the low bits the table's mask keeps. */
function rowHash(codes: Int32Array, start: number, width: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < start + width; i++) hash = Math.imul(hash ^ codes[i]!, 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
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
