/**
 * Candidate search: every choice of co (per location, initial write first) and
 * rf (per read) over one event structure, built location by location.
 * Coherence (uniproc) is checked as each read's source is chosen; after each
 * location the caller's `prune` sees the partial candidate, and since every
 * ppc.cat axiom is monotone in rf and co, a violation there cuts the subtree.
 */
import { Relation } from '../relations/relation.ts';
import { type Candidate, READS_INIT, type ReadRules, type SearchStructure, UNASSIGNED } from './candidate.ts';

export interface SearchHooks<S extends SearchStructure> {
  /**
   * Skip candidates that break coherence as soon as a read shows it (default).
   * Off, they reach `prune` and `complete` too, for explaining why they fail.
   */
  pruneIncoherent?: boolean;
  /** A partial candidate with the first locations decided; false discards every completion. */
  prune(candidate: Candidate<S>): boolean;
  /** A complete, coherent candidate. The candidate object is reused: copy what you keep. */
  complete(candidate: Candidate<S>): void;
  /**
   * Called at every step of building co, where a search whose reads find no
   * source may spend long without reaching `prune` or `complete`: the place
   * for the caller's time limit (it may throw).
   */
  step?(): void;
  /** Only co orders whose first write to `location` is one of `thread`'s (a symmetry's pivot, src/search/symmetry.ts). */
  firstWrite?: { location: string; thread: number };
}

interface LocationPlan {
  location: string;
  writes: number[];
  reads: number[];
  /** Each read's sources by its required value alone (a read of an RMW pair takes one source, found as co is built). */
  admittedSources: Map<number, number[]>;
  /** For each event of the location, the other events of the location in the same thread, before and after it in po. */
  before: Map<number, number[]>;
  after: Map<number, number[]>;
}

export function searchCandidates<S extends SearchStructure>(structure: S, hooks: SearchHooks<S>): void {
  new Search(structure, hooks).decideLocation(0);
}

/**
 * One search, depth first. Its steps are methods over the search's own state
 * rather than closures made per location: a search tree can have millions of
 * nodes (2^20 in a 19-CPU RCU ring), and what each node allocates adds up.
 */
class Search<S extends SearchStructure> {
  private readonly candidate: Candidate<S>;
  private readonly pruneIncoherent: boolean;
  private readonly rules: ReadRules | undefined;
  private readonly plans: LocationPlan[];
  private readonly atomicRead = new Map<number, number>();
  /** Position of each write in its location's co order; reads of the initial value sit at -1. */
  private readonly coIndex: Int32Array;
  /** Per location, its writes in the co order built so far. */
  private readonly orders: number[][];
  /** Whether each write is placed in its location's co order. */
  private readonly placed: Uint8Array;
  /** The plan whose first write in co must be `firstWriter`'s, or -1. */
  private readonly firstWritePlan: number;
  private readonly firstWriter: number;

  constructor(private readonly structure: S, private readonly hooks: SearchHooks<S>) {
    const n = structure.events.length;
    this.candidate = { structure, rfSource: new Int32Array(n).fill(UNASSIGNED), co: new Relation(n) };
    this.pruneIncoherent = hooks.pruneIncoherent ?? true;
    this.rules = structure.readRules;
    // Pushed, not mapped: map() in optimised code gives a holey array in Node 20 (README, Speed), and the steps reading these were optimised on packed ones.
    this.plans = [];
    this.orders = [];
    for (const location of locationOrder(structure)) {
      this.plans.push(planLocation(structure, location));
      this.orders.push([]);
    }
    for (const [read, write] of this.rules?.atomicWrite ?? []) this.atomicRead.set(write, read);
    this.coIndex = new Int32Array(n);
    this.placed = new Uint8Array(n);
    this.firstWritePlan = hooks.firstWrite ? this.plans.findIndex((p) => p.location === hooks.firstWrite!.location) : -1;
    this.firstWriter = hooks.firstWrite?.thread ?? -1;
  }

  decideLocation(k: number): void {
    if (k === this.plans.length) this.hooks.complete(this.candidate);
    else this.extendCo(k);
  }

  private sourceIndex(read: number): number {
    const src = this.candidate.rfSource[read]!;
    return src === READS_INIT ? -1 : this.coIndex[src]!;
  }

  private coherentRead(plan: LocationPlan, read: number): boolean {
    const at = this.sourceIndex(read);
    for (const e of plan.before.get(read)!) {
      const bound = this.structure.events[e]!.kind === 'W' ? this.coIndex[e]! : this.sourceIndex(e);
      if (at < bound) return false; // CoWR, CoRR
    }
    for (const e of plan.after.get(read)!) {
      if (this.structure.events[e]!.kind === 'W' && at >= this.coIndex[e]!) return false; // CoRW
    }
    return true;
  }

  private chooseReads(k: number, r: number): void {
    const plan = this.plans[k]!;
    if (r === plan.reads.length) {
      if (k + 1 === this.plans.length || this.hooks.prune(this.candidate)) this.decideLocation(k + 1);
      return;
    }
    const read = plan.reads[r]!;
    const rfSource = this.candidate.rfSource;
    for (const src of this.pruneIncoherent ? this.possibleSources(k, read) : [READS_INIT, ...plan.writes]) {
      rfSource[read] = src;
      if (!this.pruneIncoherent || this.coherentRead(plan, read)) this.chooseReads(k, r + 1);
    }
    rfSource[read] = UNASSIGNED;
  }

  private possibleSources(k: number, read: number): number[] {
    const plan = this.plans[k]!;
    const partner = this.rules?.atomicWrite.get(read);
    if (partner === undefined) return plan.admittedSources.get(read)!;
    const source = this.coIndex[partner] === 0 ? READS_INIT : this.orders[k]![this.coIndex[partner]! - 1]!;
    return admitsSource(this.structure, plan.location, read, source) ? [source] : [];
  }

  /** An RMW's write fixes its read's source (the write before it in co): a source the read cannot take cuts this co prefix. */
  private admitsAtomicWrite(k: number, w: number): boolean {
    const read = this.atomicRead.get(w);
    const order = this.orders[k]!;
    return read === undefined || admitsSource(this.structure, this.plans[k]!.location, read, order.length === 0 ? READS_INIT : order[order.length - 1]!);
  }

  /** co: linear extensions of program order on the location's writes (CoWW), built front to back. */
  private extendCo(k: number): void {
    this.hooks.step?.();
    const plan = this.plans[k]!, order = this.orders[k]!;
    if (order.length === plan.writes.length) {
      this.chooseReads(k, 0);
      return;
    }
    const { placed, candidate, pruneIncoherent } = this;
    const writer = k === this.firstWritePlan && order.length === 0 ? this.firstWriter : -1;
    for (const w of plan.writes) {
      if (placed[w] === 1) continue;
      if (writer >= 0 && this.structure.events[w]!.thread !== writer) continue;
      if (pruneIncoherent && plan.before.get(w)!.some((e) => this.structure.events[e]!.kind === 'W' && placed[e] === 0)) continue;
      if (pruneIncoherent && !this.admitsAtomicWrite(k, w)) continue;
      this.coIndex[w] = order.length;
      for (const earlier of order) candidate.co.add(earlier, w);
      order.push(w);
      placed[w] = 1;
      this.extendCo(k);
      placed[w] = 0;
      order.pop();
      for (const earlier of order) candidate.co.delete(earlier, w);
    }
  }
}

/** Whether a read may take `src` by its required value (a source storing another constant cannot give it). */
function admitsSource(structure: SearchStructure, location: string, read: number, src: number): boolean {
  const rules = structure.readRules;
  const required = rules?.requiredValue.get(read);
  if (required === undefined) return true;
  const stored = src === READS_INIT ? { kind: 'const', value: rules!.initial.get(location) ?? 0 } : structure.events[src]!.source.value;
  return stored.kind !== 'const' || stored.value === required;
}

function planLocation(structure: SearchStructure, location: string): LocationPlan {
  const writes = structure.writesTo.get(location)!;
  const reads = structure.readsFrom.get(location) ?? [];
  const admittedSources = new Map(reads.map((read) => [read, [READS_INIT, ...writes].filter((src) => admitsSource(structure, location, read, src))]));
  const all = [...writes, ...reads].sort((a, b) => a - b);
  const before = new Map<number, number[]>(), after = new Map<number, number[]>();
  for (const e of all) {
    const thread = structure.events[e]!.thread;
    const mates = all.filter((o) => o !== e && structure.events[o]!.thread === thread);
    before.set(e, mates.filter((o) => o < e));
    after.set(e, mates.filter((o) => o > e));
  }
  return { location, writes, reads, admittedSources, before, after };
}

/**
 * Locations in the order they are decided: alphabetical, except that with
 * read rules the locations whose reads they constrain (lock words, RMW
 * targets) come first, so that their few valid orders prune everything after.
 */
function locationOrder(structure: SearchStructure): string[] {
  const locations = [...structure.writesTo.keys()].sort();
  const rules = structure.readRules;
  if (!rules) return locations;
  const ruled = new Set<string>();
  for (const read of [...rules.atomicWrite.keys(), ...rules.requiredValue.keys()]) ruled.add(structure.events[read]!.location);
  return [...locations.filter((l) => ruled.has(l)), ...locations.filter((l) => !ruled.has(l))];
}
