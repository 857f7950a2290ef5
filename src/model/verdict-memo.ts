/**
 * A model's verdicts over one event structure, memoised by the part of a
 * candidate that can matter to them, for any model whose axioms have the
 * shape below (the LKMM's, src/model/lkmm.ts, and ppc.cat's, src/model/ppc.ts,
 * each say why theirs do).
 *
 * Suppose every relation an axiom tests is built from po, rf, co, fr and
 * relations that depend on the structure alone, by union, composition,
 * closure, and intersection or difference with static relations, and that
 * every static relation so built on lies inside po or is named in the
 * model's staticArcs below. Then each of its pairs (a, b) comes with a walk
 * from a to b, through the rf, co and fr edges the pair is built from, along
 * arcs of the graph
 *
 *   G = po | rf | co | fr | (the model's static arcs)
 *
 * (po as its successor arcs; the static arcs are inverses such as rmw^-1,
 * through which an axiom like empty rmw & (fre ; coe) closes into a walk
 * back to the read). Each axiom (acyclic, irreflexive, or empty S & r with S
 * static and S^-1 in G) is broken exactly when some relation has a pair whose
 * walk is closed: a cycle of G, all of whose arcs lie inside one strongly
 * connected component of G. An rf, co or fr edge between two components
 * therefore lies on no violation, and dropping all of them leaves the first
 * broken axiom as it was (fewer edges give no new violation: the axioms are
 * monotone). Candidates that agree on the edges inside components get one
 * verdict, computed once. In an RCU ring of 19 CPUs, whose 2^19 candidates
 * all break the ring somewhere but one, every candidate but that one has no
 * communication edge inside a component: they share the empty key.
 *
 * Settled subtrees. The search decides locations one at a time, depth first.
 * An undecided location l is free in a partial candidate when, in G with the
 * arcs of the decided locations and every arc each undecided location could
 * get, no event of l reaches another event of l except along l's own rf, co
 * and fr arcs. A cycle of a completion through an arc of a free location would
 * then be made of that location's rf, co and fr alone, which a candidate never
 * has (they all go forward in co). So when every undecided location is free,
 * each violation of a completion is a closed walk over arcs the partial
 * candidate already has: if it breaks no axiom, none of its completions does.
 * The memo keeps that partial candidate and answers for its completions,
 * which the search visits next, by comparing them with it: a broken ring's
 * remaining locations cost no check at all.
 *
 * Flags are not monotone and are not memoised.
 */
import { Components } from '../relations/components.ts';
import { Relation } from '../relations/relation.ts';
import { type Candidate, READS_INIT, type SearchStructure, UNASSIGNED } from '../search/candidate.ts';

/** What the memo needs of a model whose axioms have the shape the header describes. */
export interface MemoisedModel<S extends SearchStructure, A extends string> {
  /** G's arcs that depend on the structure alone, besides po (which the memo adds): the inverses through which axioms close walks. */
  staticArcs(s: S): Iterable<readonly [number, number]>;
  /** The first axiom broken by the structure's candidate with exactly these rf, co and fr edges (some of a candidate's), or null. */
  violation(s: S, rf: Relation, co: Relation, fr: Relation): A | null;
}

/** Verdicts kept per structure before the memo starts afresh, to bound memory (a key is a few dozen characters). */
const MEMO_LIMIT = 100_000;

/**
 * G over one structure as adjacency arrays: each event has a slot in
 * `targets` for its static arcs, filled once, followed by room for the most
 * communication arcs it can have, refilled for each candidate.
 */
interface StructureGraph<A> {
  starts: Int32Array;
  /** Where each event's static arcs end and its communication arcs begin. */
  staticEnds: Int32Array;
  /** Where each event's arcs end, for the candidate last seen. */
  ends: Int32Array;
  targets: Int32Array;
  /** The memory reads, and per read the writes of its location. */
  reads: number[];
  readWrites: number[][];
  /** Per location, its writes. */
  writeLists: number[][];
  /**
   * For the candidate last seen: per location (writeLists order), its writes
   * in co order and whether its co is decided yet; and per write, its place
   * in that order.
   */
  coOrders: Int32Array[];
  coDecided: Uint8Array;
  coPlace: Int32Array;
  /** The locations with several writes, whose co the candidates choose (a single write is its own order, set once). */
  orderedLocations: number[];
  components: Components;
  verdicts: Map<string, A | null>;
  /** Per location (writeLists order), its events; and per event, its location's index, -1 for none. */
  locationEvents: number[][];
  locationOf: Int32Array;
  /** Scratch space for the reachability search of freeLocation. */
  queue: Int32Array;
  seen: Int32Array;
  stamp: number;
  /** The last partial candidate found settled: its completions break no axiom. */
  settled: Decisions | null;
  /** Scratch space for a candidate's key: the arcs inside components, two codes each. */
  keyCodes: Uint16Array;
}

function structureGraph<S extends SearchStructure, A>(s: S, staticArcsOf: Iterable<readonly [number, number]>): StructureGraph<A> {
  const n = s.events.length;
  const staticArcs: number[][] = s.events.map(() => []);
  // Thread t's events are numbered in program order from firstEvent[t]: po is the closure of these arcs.
  for (let e = 0; e + 1 < n; e++) if (s.events[e]!.thread === s.events[e + 1]!.thread) staticArcs[e]!.push(e + 1);
  for (const [a, b] of staticArcsOf) staticArcs[a]!.push(b);
  // Room for communication arcs: a read's fr to each write of its location; a write's rf to each read and co to each write of it.
  const room = s.events.map((e) => {
    if (e.kind === 'R') return s.writesTo.get(e.location)?.length ?? 0;
    if (e.kind === 'W') return (s.readsFrom.get(e.location)?.length ?? 0) + s.writesTo.get(e.location)!.length;
    return 0;
  });
  const starts = new Int32Array(n), staticEnds = new Int32Array(n);
  let size = 0;
  for (let e = 0; e < n; e++) {
    starts[e] = size;
    staticEnds[e] = size + staticArcs[e]!.length;
    size = staticEnds[e]! + room[e]!;
  }
  const targets = new Int32Array(size);
  for (let e = 0; e < n; e++) targets.set(staticArcs[e]!, starts[e]!);
  const reads = s.events.filter((e) => e.kind === 'R').map((e) => e.id);
  const locations = [...s.writesTo.keys()];
  const locationEvents = locations.map((l) => [...s.writesTo.get(l)!, ...(s.readsFrom.get(l) ?? [])]);
  const locationOf = new Int32Array(n).fill(-1);
  locationEvents.forEach((events, l) => events.forEach((e) => (locationOf[e] = l)));
  const writeLists = locations.map((l) => s.writesTo.get(l)!);
  const graph: StructureGraph<A> = {
    starts, staticEnds, ends: new Int32Array(n), targets,
    reads, readWrites: reads.map((r) => s.writesTo.get(s.events[r]!.location) ?? []), writeLists,
    coOrders: writeLists.map((writes) => Int32Array.from(writes)), coDecided: Uint8Array.from(writeLists, (writes) => (writes.length === 1 ? 1 : 0)),
    coPlace: new Int32Array(n), orderedLocations: [],
    components: new Components(n), verdicts: new Map(),
    locationEvents, locationOf, queue: new Int32Array(n), seen: new Int32Array(n), stamp: 0, settled: null, keyCodes: new Uint16Array(2 * size),
  };
  for (let l = 0; l < writeLists.length; l++) if (writeLists[l]!.length > 1) graph.orderedLocations.push(l);
  return graph;
}

/** One model's memo: a graph and its verdicts per structure, kept while the structure lives. */
export class VerdictMemo<S extends SearchStructure, A extends string> {
  private readonly graphs = new WeakMap<S, StructureGraph<A>>();
  /** Checks counted so far of each structure the memo does not answer for yet. */
  private readonly checks = new WeakMap<S, number>();

  /** `memoiseAfter`: see answers. */
  constructor(private readonly model: MemoisedModel<S, A>, private readonly memoiseAfter = 0) {}

  /**
   * Whether the memo answers this check of the structure: not its first
   * memoiseAfter ones, counted here, which the caller makes itself (where a
   * structure has few checks, the memo's own work, and V8's in optimising
   * it, cost more than the checks it saves).
   */
  answers(s: S): boolean {
    if (this.memoiseAfter === 0 || this.graphs.has(s)) return true;
    const checks = (this.checks.get(s) ?? 0) + 1;
    if (checks > this.memoiseAfter) return true;
    this.checks.set(s, checks);
    return false;
  }

  /**
   * The first axiom the candidate (possibly partial) breaks, or null: what
   * the model's check of the candidate says, memoised as the header explains.
   */
  violation(c: Candidate<S>): A | null {
    const s = c.structure;
    let g = this.graphs.get(s);
    if (g === undefined) {
      g = structureGraph<S, A>(s, this.model.staticArcs(s));
      this.graphs.set(s, g);
    }
    if (g.settled) {
      if (extendsCandidate(c, g.settled)) return null;
      // Depth first, the search does not come back to a subtree it has left.
      g.settled = null;
    }
    const { starts, staticEnds, ends, targets, components } = g;
    ends.set(staticEnds);
    // co and fr enter G reduced, each write to its successor in co and each read
    // to the first write co-after its source: the same reachability, so the same
    // components, with fewer arcs (see coOrder for why the key keeps its meaning).
    for (const l of g.orderedLocations) {
      if (!coOrder(g, l, c.co)) continue;
      const order = g.coOrders[l]!;
      for (let p = 0; p + 1 < order.length; p++) targets[ends[order[p]!]!++] = order[p + 1]!;
    }
    for (let i = 0; i < g.reads.length; i++) {
      const read = g.reads[i]!;
      const source = c.rfSource[read]!;
      if (source < READS_INIT) continue;
      const writes = g.readWrites[i]!;
      if (writes.length === 0) continue;
      const l = g.locationOf[writes[0]!]!;
      const order = g.coOrders[l]!;
      if (source >= 0) {
        targets[ends[source]!++] = read;
        const next = g.coPlace[source]! + 1;
        if (g.coDecided[l] === 1 && next < order.length) targets[ends[read]!++] = order[next]!;
      } else if (g.coDecided[l] === 1) {
        // The initial write is co-before every write: fr to the first, or to each while co is undecided.
        targets[ends[read]!++] = order[0]!;
      } else {
        for (const w of writes) targets[ends[read]!++] = w;
      }
    }
    components.compute(starts, ends, targets);

    const component = components.component;
    const codes = g.keyCodes;
    let length = 0;
    for (let a = 0; a < ends.length; a++) {
      for (let arc = staticEnds[a]!; arc < ends[a]!; arc++) {
        const b = targets[arc]!;
        if (component[a] === component[b]) {
          codes[length++] = a;
          codes[length++] = b;
        }
      }
    }
    const key = codesToString(codes, length);
    const known = g.verdicts.get(key);
    // Settling is tried where no cycle has formed yet (a broken ring): elsewhere its searches seldom pay.
    if (known === null && key === '') settle(c, g);
    if (known !== undefined) return known;
    // The candidate without its edges between components: the same verdict, for every candidate with this key.
    const n = s.events.length;
    const rf = new Relation(n), coInside = new Relation(n), fr = new Relation(n);
    // The key's co arcs are successors in co and its fr arcs first writes co-after: closed along co inside the components again.
    const coNext = new Int32Array(n).fill(-1);
    for (let i = 0; i < key.length; i += 2) {
      const a = key.charCodeAt(i), b = key.charCodeAt(i + 1);
      if (s.events[a]!.kind === 'W' && s.events[b]!.kind === 'W') coNext[a] = b;
    }
    for (let i = 0; i < key.length; i += 2) {
      const a = key.charCodeAt(i), b = key.charCodeAt(i + 1);
      if (s.events[b]!.kind === 'R') rf.add(a, b);
      else for (let w = b; w >= 0; w = coNext[w]!) (s.events[a]!.kind === 'R' ? fr : coInside).add(a, w);
    }
    const violated = this.model.violation(s, rf, coInside, fr);
    if (g.verdicts.size >= MEMO_LIMIT) g.verdicts.clear();
    g.verdicts.set(key, violated);
    if (violated === null && key === '') settle(c, g);
    return violated;
  }
}

/**
 * Location l's writes (several) in c's co order (a strict total order on
 * them once the search has decided it, nothing before), kept in g for the
 * candidate: a write's place is how many of the location's writes are not
 * co-after it.
 *
 * Why the key built on the reduced arcs means what the full one meant: the
 * writes of one location inside one component are consecutive in co (a
 * write between two of them is reached from the first and reaches the
 * second, so it is in their component too), and so are the writes co-after
 * a read's source inside the read's component, from the first on. So the
 * full co and fr arcs inside components are the reduced ones closed along
 * the successor arcs inside components, which is how a verdict's relations
 * are rebuilt from the key.
 */
function coOrder<A>(g: StructureGraph<A>, l: number, co: Relation): boolean {
  const writes = g.writeLists[l]!, order = g.coOrders[l]!;
  let arcs = 0;
  for (const w of writes) {
    const later = rowSize(co, w);
    const place = writes.length - 1 - later;
    order[place] = w;
    g.coPlace[w] = place;
    arcs += later;
  }
  // With no co arc between its writes, the location's co is not decided yet.
  g.coDecided[l] = arcs > 0 ? 1 : 0;
  return arcs > 0;
}

/** How many events row `row` of r relates to. */
function rowSize(r: Relation, row: number): number {
  let size = 0;
  for (let x = 0; x < r.words; x++) {
    let word = r.bits[row * r.words + x]!;
    while (word !== 0) {
      word &= word - 1;
      size++;
    }
  }
  return size;
}

/** The key's characters as one string, made at once (joining two-character pieces cost more than the lookup). */
function codesToString(codes: Uint16Array, length: number): string {
  const CHUNK = 4096;
  if (length <= CHUNK) return String.fromCharCode.apply(null, codes.subarray(0, length) as unknown as number[]);
  let key = '';
  for (let i = 0; i < length; i += CHUNK) key += String.fromCharCode.apply(null, codes.subarray(i, Math.min(length, i + CHUNK)) as unknown as number[]);
  return key;
}

/** What a settled partial candidate decided: its reads' sources, and its co as the nonzero words of the bit matrix. */
interface Decisions {
  reads: number[];
  sources: number[];
  coWords: number[];
  coBits: number[];
}

function decisions(c: Candidate<SearchStructure>, reads: readonly number[]): Decisions {
  const d: Decisions = { reads: [], sources: [], coWords: [], coBits: [] };
  for (const r of reads) {
    if (c.rfSource[r] === UNASSIGNED) continue;
    d.reads.push(r);
    d.sources.push(c.rfSource[r]!);
  }
  c.co.bits.forEach((word, i) => {
    if (word === 0) return;
    d.coWords.push(i);
    d.coBits.push(word);
  });
  return d;
}

/** Whether c makes the same decisions (and perhaps more). co orders of a location are total: containing one is being it. */
function extendsCandidate(c: Candidate<SearchStructure>, d: Decisions): boolean {
  for (let i = 0; i < d.reads.length; i++) if (c.rfSource[d.reads[i]!] !== d.sources[i]) return false;
  const bits = c.co.bits;
  for (let i = 0; i < d.coWords.length; i++) if ((d.coBits[i]! & ~bits[d.coWords[i]!]!) !== 0) return false;
  return true;
}

/**
 * Remembers c as settled if every location it leaves undecided is free (see
 * the header), given that c itself breaks no axiom. G is extended in place
 * with every arc the undecided locations could get.
 */
function settle<A>(c: Candidate<SearchStructure>, g: StructureGraph<A>): void {
  const undecided: number[] = [];
  for (let l = 0; l < g.locationEvents.length; l++) if (!decided(c, g, l)) undecided.push(l);
  if (undecided.length === 0) return;
  const { starts, staticEnds, ends, targets, locationOf } = g;
  for (const l of undecided) {
    for (const e of g.locationEvents[l]!) {
      ends[e] = staticEnds[e]!;
      const event = c.structure.events[e]!;
      for (const f of g.locationEvents[l]!) {
        // A read may read any write and be fr-before any; a write may be rf-before any read and co-before any other write.
        if (f !== e && (event.kind === 'W' || c.structure.events[f]!.kind === 'W')) targets[ends[e]!++] = f;
      }
    }
  }
  const { queue, seen } = g;
  for (const l of undecided) {
    for (const source of g.locationEvents[l]!) {
      const stamp = ++g.stamp;
      let head = 0, tail = 0;
      queue[tail++] = source;
      seen[source] = stamp;
      while (head < tail) {
        const v = queue[head++]!;
        // From an event of l, only its static arcs: l's own arcs are the ones a free location may have on a cycle.
        const end = locationOf[v] === l ? staticEnds[v]! : ends[v]!;
        for (let arc = starts[v]!; arc < end; arc++) {
          const w = targets[arc]!;
          if (seen[w] === stamp) continue;
          if (locationOf[w] === l) return;
          seen[w] = stamp;
          queue[tail++] = w;
        }
      }
    }
  }
  g.settled = decisions(c, g.reads);
}

/** Whether the search has decided location l of c: its reads have sources, or its writes are ordered. */
function decided<A>(c: Candidate<SearchStructure>, g: StructureGraph<A>, l: number): boolean {
  const events = g.locationEvents[l]!;
  const writes = g.writeLists[l]!;
  if (events.length > writes.length) return c.rfSource[events[writes.length]!] !== UNASSIGNED;
  return writes.length < 2 || c.co.has(writes[0]!, writes[1]!) || c.co.has(writes[1]!, writes[0]!);
}

/**
 * A verdict whose axiom the memo gave and whose relations the model's full
 * check computes when first asked for, from the candidate as it is then: ask
 * during the visit, while the search has not moved on.
 */
export class MemoisedVerdict<S extends SearchStructure, V extends { violated: unknown; relations: unknown }> {
  private full: V | null = null;

  constructor(private readonly candidate: Candidate<S>, readonly violated: V['violated'], private readonly check: (c: Candidate<S>) => V) {}

  get relations(): V['relations'] {
    return this.computed().relations;
  }

  protected computed(): V {
    return (this.full ??= this.check(this.candidate));
  }
}
