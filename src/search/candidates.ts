/**
 * Candidate search: every choice of co (per location, initial write first) and
 * rf (per read) over one event structure, built location by location.
 * Coherence (uniproc) is checked as each read's source is chosen; after each
 * location the caller's `prune` sees the partial candidate, and since every
 * ppc.cat axiom is monotone in rf and co, a violation there cuts the subtree.
 */
import { Relation } from '../relations/relation.ts';
import { type Candidate, READS_INIT, type SearchStructure, UNASSIGNED } from './candidate.ts';

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
  const n = structure.events.length;
  const candidate: Candidate<S> = {
    structure,
    rfSource: new Int32Array(n).fill(UNASSIGNED),
    co: new Relation(n),
  };
  const pruneIncoherent = hooks.pruneIncoherent ?? true;
  const rules = structure.readRules;
  const plans = locationOrder(structure).map((loc) => planLocation(structure, loc));
  const atomicRead = new Map<number, number>();
  for (const [read, write] of rules?.atomicWrite ?? []) atomicRead.set(write, read);
  // Position of each write in its location's co order; reads of the initial value sit at -1.
  const coIndex = new Int32Array(n);
  const sourceIndex = (read: number): number => {
    const src = candidate.rfSource[read]!;
    return src === READS_INIT ? -1 : coIndex[src]!;
  };

  const coherentRead = (plan: LocationPlan, read: number): boolean => {
    const at = sourceIndex(read);
    for (const e of plan.before.get(read)!) {
      const bound = structure.events[e]!.kind === 'W' ? coIndex[e]! : sourceIndex(e);
      if (at < bound) return false; // CoWR, CoRR
    }
    for (const e of plan.after.get(read)!) {
      if (structure.events[e]!.kind === 'W' && at >= coIndex[e]!) return false; // CoRW
    }
    return true;
  };

  const decideLocation = (k: number): void => {
    if (k === plans.length) {
      hooks.complete(candidate);
      return;
    }
    const plan = plans[k]!;
    const order: number[] = [];
    const placed = new Set<number>();

    const chooseReads = (r: number): void => {
      if (r === plan.reads.length) {
        if (k + 1 === plans.length || hooks.prune(candidate)) decideLocation(k + 1);
        return;
      }
      const read = plan.reads[r]!;
      for (const src of pruneIncoherent ? possibleSources(plan, read) : [READS_INIT, ...plan.writes]) {
        candidate.rfSource[read] = src;
        if (!pruneIncoherent || coherentRead(plan, read)) chooseReads(r + 1);
      }
      candidate.rfSource[read] = UNASSIGNED;
    };

    const possibleSources = (plan: LocationPlan, read: number): number[] => {
      const partner = rules?.atomicWrite.get(read);
      if (partner === undefined) return plan.admittedSources.get(read)!;
      const source = coIndex[partner] === 0 ? READS_INIT : order[coIndex[partner]! - 1]!;
      return admitsSource(structure, plan.location, read, source) ? [source] : [];
    };

    // An RMW's write fixes its read's source (the write before it in co): a source the read cannot take cuts this co prefix.
    const admitsAtomicWrite = (w: number): boolean => {
      const read = atomicRead.get(w);
      return read === undefined || admitsSource(structure, plan.location, read, order.length === 0 ? READS_INIT : order[order.length - 1]!);
    };

    // co: linear extensions of program order on the location's writes (CoWW), built front to back.
    const extendCo = (): void => {
      hooks.step?.();
      if (order.length === plan.writes.length) {
        chooseReads(0);
        return;
      }
      for (const w of plan.writes) {
        if (placed.has(w)) continue;
        if (pruneIncoherent && plan.before.get(w)!.some((e) => structure.events[e]!.kind === 'W' && !placed.has(e))) continue;
        if (pruneIncoherent && !admitsAtomicWrite(w)) continue;
        coIndex[w] = order.length;
        for (const earlier of order) candidate.co.add(earlier, w);
        order.push(w);
        placed.add(w);
        extendCo();
        placed.delete(w);
        order.pop();
        for (const earlier of order) candidate.co.delete(earlier, w);
      }
    };
    extendCo();
  };
  decideLocation(0);
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
