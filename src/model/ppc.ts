/**
 * herd7's POWER model, ppc.cat (herdtools7 herd/libdir, as reproduced in
 * ../shared/docs/herd-format-and-ppc-model.md, Appendix A), over one candidate
 * execution. Each definition names the file and line of the cat text it
 * implements ("ppc.cat:12" is line 12 of the A.1 listing, counting its first
 * line `PPC` as 1).
 *
 * Events are the memory events only. Initial writes are left implicit: they are
 * co-before every write and have no incoming edge in any relation, so they can
 * never lie on a cycle; their only effect is fr from reads of the initial value.
 * Fence and branch events are left implicit too: nothing in ppc.cat leaves such
 * an event except through the fence relations themselves, which are computed
 * directly between memory events.
 *
 * Mixed-size accesses. When a variable is accessed with several footprints
 * it is split into cells (src/events/mixed.ts) and an access is one event per
 * cell it covers, as herd7's `-variant mixed` splits it into bytes. rf and co
 * are then per cell, so a read may take its bytes from several writes, and
 * uniproc (scperlocation) holds per cell, as ppc.cat states it per location:
 * a load may take some bytes from its own thread's earlier store and the rest
 * from memory. On top of that, single-copy atomicity, which herd7 lacks: the
 * Power ISA (Book II §1.4, "Single-copy atomicity") makes every aligned byte,
 * halfword, word and doubleword access single-copy atomic, so an access is
 * seen whole or not at all. Following Flur et al., "Mixed-size concurrency:
 * ARM, POWER, C/C++11, and SC" (POPL 2017), and the concrete statement of
 * ../shared/corpus/mixed/atomicity/ppc-sca.cat:
 *   - sca-co: coherence cannot tear two overlapping writes (acyclic lift(co));
 *   - every other relation of ppc.cat sees whole accesses: rf, co, fr and
 *     po-loc are lifted, lift(r) = sm;r;sm with sm relating the events of one
 *     access, and so are the atomic axiom, ppo, hb, prop and the checks;
 *   - sca-rf: a read that takes some bytes from a write is not fr-before that
 *     write on other bytes (irreflexive fr;rf);
 *   - sca-ca: a thread that saw one byte of a write cannot, in a later
 *     ordered access, act as if it missed the write's other bytes
 *     (irreflexive (fr|co);rfe;(ppo|fence)+).
 * Reservations: the atomic axiom over lifted fre;coe says no other thread's
 * write to any byte the lwarx/stwcx. pair covers comes between them, which is
 * what the ISA's reservation gives (Book II §1.7.3.1, "Reservations": a
 * store by another processor to any byte of the reservation granule clears
 * the reservation).
 * herd7 -variant mixed instead never lets such a stwcx. succeed. A store to
 * a byte of the granule outside the pair's bytes is left out: it shares no
 * cell with the pair, so the pair's success changes nothing it can see.
 * Without split variables (every single-size test) sm is the identity and
 * none of this is computed.
 */
import type { EventStructure } from '../events/structure.ts';
import { Relation } from '../relations/relation.ts';
import { type Candidate, type CommunicationRelations, READS_INIT, UNASSIGNED } from '../search/candidate.ts';
import { type MemoisedModel, MemoisedVerdict, VerdictMemo } from './verdict-memo.ts';

export type Axiom = 'scperlocation' | 'atomic' | 'sca-co' | 'thinair' | 'propagation' | 'observation' | 'scXX' | 'sca-rf' | 'sca-ca';

/** The relations of ppc.cat that depend on rf and co, for checking and explaining. */
export interface CandidateRelations extends CommunicationRelations {
  ppo: Relation;
  hb: Relation;
  prop: Relation;
  /**
   * With split variables: rf, fr and co per cell, before lifting (the
   * communication relations above are lifted to whole accesses, as the
   * axioms see them). co is the search's own object: copy it to keep it.
   */
  perCell?: { rf: Relation; fr: Relation; co: Relation; poLoc: Relation; sameAccess: Relation };
}

/** Relations that depend only on the event structure, computed once per structure. */
export interface StaticRelations {
  writeToWrite: Relation;
  writeToRead: Relation;
  readToRead: Relation;
  readToWrite: Relation;
  /** ppc.cat:13 let dd = addr | data */
  dd: Relation;
  /** ppc.cat:28 let cc0 = dd | po-loc | ctrl | addrpo, with ppc.cat:16 let addrpo = addr;po (po-loc of whole accesses) */
  cc0: Relation;
  /** po-loc as every axiom but uniproc sees it: ppc-sca.cat's lift(po-loc) with split variables, po-loc otherwise. */
  poLoc: Relation;
  /** ppcfences.cat:3 let sync = fencerel(SYNC); ppc.cat:40 let strong = sync */
  strong: Relation;
  /**
   * ppc.cat:35 let lwsync = lwsync \ (W * R), plus the W→R pairs herd still
   * relates through a fence or branch event between two lwsyncs (see
   * EventStructure.lwsyncAroundEvent): the lwsync edges as hb sees them.
   */
  lightLwsync: Relation;
  /** ppc.cat:41 let light = lwsync|eieio, with ppc.cat:36 eieio & (W * W) */
  light: Relation;
  /** ppc-checks.cat:3 fence = strong | light */
  fence: Relation;
  /** ppc-checks.cat:21 let xx = po & (EX * EX) */
  xx: Relation;
  /** stdlib.cat lxsx: an exclusive read and the next exclusive write of its thread, nothing exclusive between. */
  rmw: Relation;
  /** The po-loc pairs that end in a read: where rdw and detour can lie. */
  poLocToReads: (readonly [number, number])[];
  /** ppo per distinct (rfi | rdw, detour): most candidates of a structure share a few. */
  ppoCache: Map<string, Relation>;
}

const staticCache = new WeakMap<EventStructure, StaticRelations>();

/** The structure's static relations, shared with checkCandidate (explanations read rmw and xx from here). */
export function staticRelations(s: EventStructure): StaticRelations {
  let st = staticCache.get(s);
  if (st) return st;
  const n = s.events.length;
  const writeToWrite = Relation.cartesian(s.writes, s.writes);
  const writeToRead = Relation.cartesian(s.writes, s.reads);
  const dd = s.addr.union(s.data);
  const strong = s.sync;
  const lightLwsync = s.lwsync.minus(writeToRead).union(s.lwsyncAroundEvent);
  const light = lightLwsync.union(s.eieio.intersect(writeToWrite));
  const rmw = new Relation(n);
  for (const r of s.events) {
    if (r.kind !== 'R' || !r.exclusive) continue;
    // Whole accesses: the next exclusive access, every part of it.
    const next = s.events.find((e) => e.thread === r.thread && e.source.index > r.source.index && e.exclusive);
    if (next?.kind !== 'W') continue;
    for (const w of s.events) if (w.thread === r.thread && w.source.index === next.source.index) rmw.add(r.id, w.id);
  }
  const poLoc = s.cells?.poLocAccess ?? s.poLoc;
  st = {
    writeToWrite, writeToRead,
    readToRead: Relation.cartesian(s.reads, s.reads),
    readToWrite: Relation.cartesian(s.reads, s.writes),
    dd,
    cc0: dd.union(poLoc, s.ctrl, s.addr.compose(s.po)),
    poLoc,
    strong, lightLwsync, light, fence: strong.union(light),
    xx: s.po.restrict(s.exclusives, s.exclusives),
    rmw,
    poLocToReads: [...s.poLoc.pairs()].filter(([, b]) => s.events[b]!.kind === 'R'),
    ppoCache: new Map(),
  };
  staticCache.set(s, st);
  return st;
}

/** rf and fr with their parts within and between threads: with co, what every axiom is built from. */
interface ReadRelations {
  rf: Relation;
  rfi: Relation;
  rfe: Relation;
  fr: Relation;
  fre: Relation;
}

/**
 * rf and fr of a (possibly partial) candidate, each with its part between
 * threads. cos.cat:  let fr = (invrf ; co) \ id;  stdlib.cat: rfe = rf & ext,
 * rfi = rf & int; cos.cat: fre = fr \ fri
 */
function readsFromAndFromReads(c: Candidate): ReadRelations {
  const s = c.structure;
  const n = s.events.length;
  const rf = new Relation(n), rfi = new Relation(n), rfe = new Relation(n), fr = new Relation(n), fre = new Relation(n);
  const w = fr.words, int = s.sameThread.bits;
  for (const e of s.events) {
    if (e.kind !== 'R') continue;
    const source = c.rfSource[e.id]!;
    if (source >= 0) {
      rf.add(source, e.id);
      (s.sameThread.has(source, e.id) ? rfi : rfe).add(source, e.id);
      for (let x = 0; x < w; x++) fr.bits[e.id * w + x] = c.co.bits[source * w + x]!;
    } else if (source === READS_INIT) {
      // The initial write is co-before every write of the location.
      for (const write of s.writesTo.get(e.location)!) fr.add(e.id, write);
    }
    for (let x = 0; x < w; x++) fre.bits[e.id * w + x] = fr.bits[e.id * w + x]! & ~int[e.id * w + x]!;
  }
  return { rf, rfi, rfe, fr, fre };
}

/**
 * ppc-sca.cat's lift(r) = sm;r;sm over a candidate's per-cell rf, fr and co:
 * whole accesses, split again into their parts within and across threads
 * (stdlib.cat rfe = rf & ext; cos.cat fre = fr \ fri).
 */
function liftToAccesses(perCell: { rf: Relation; fr: Relation }, co: Relation, sm: Relation, sameThread: Relation) {
  const rf = lift(sm, perCell.rf), fr = lift(sm, perCell.fr);
  return { rf, rfi: rf.intersect(sameThread), rfe: rf.minus(sameThread), fr, fre: fr.minus(sameThread), co: lift(sm, co) };
}

/**
 * po-loc & (r ; rfe), pair by pair: b reads from another thread the one
 * write w it reads (`sources`, as Candidate.rfSource: negative for none in
 * rf), so (a, b) is in it when a -r-> w.
 */
function poLocThroughRfe(s: EventStructure, sources: Int32Array, st: StaticRelations, r: Relation): Relation {
  const out = new Relation(r.size, r.words);
  for (const [a, b] of st.poLocToReads) {
    const w = sources[b]!;
    if (w >= 0 && !s.sameThread.has(w, b) && r.has(a, w)) out.add(a, b);
  }
  return out;
}

/**
 * ppo.cat: the fixpoint
 *   let rec ci = ci0 | (ci;ii) | (cc;ci)
 *   and ii = ii0 | ci | (ic;ci) | (ii;ii)
 *   and cc = cc0 | ci | (ci;ic) | (cc;cc)
 *   and ic = ic0 | ii | cc | (ic;cc) | (ii;ic)
 *   let ppo = ii & (R*R) | ic & (R*W)
 */
function preservedProgramOrder(s: EventStructure, st: StaticRelations, rfi: Relation, rdw: Relation, detour: Relation): Relation {
  // Keyed by the parts that vary between candidates (few edges), ci0 and ii0 built only when new.
  const [a, b] = [rfi.key(), rdw.key()];
  const key = `${a.length},${b.length},${a}${b}${detour.key()}`;
  const cached = st.ppoCache.get(key);
  if (cached) return cached;
  // ppc.cat:26  let ci0 = ctrlisync | detour
  const ci0 = s.ctrlIsync.union(detour);
  // ppc.cat:27  let ii0 = dd | rfi | rdw
  const ii0 = st.dd.union(rfi, rdw);
  const n = ii0.size;
  let ci = new Relation(n), ii = new Relation(n), cc = new Relation(n), ic = new Relation(n);
  for (;;) {
    const ci2 = ci0.union(ci.compose(ii), cc.compose(ci));
    const ii2 = ii0.union(ci, ic.compose(ci), ii.compose(ii));
    const cc2 = st.cc0.union(ci, ci.compose(ic), cc.compose(cc));
    const ic2 = ii.union(cc, ic.compose(cc), ii.compose(ic));
    if (ci2.equals(ci) && ii2.equals(ii) && cc2.equals(cc) && ic2.equals(ic)) break;
    [ci, ii, cc, ic] = [ci2, ii2, cc2, ic2];
  }
  const ppo = ii.intersect(st.readToRead).union(ic.intersect(st.readToWrite));
  st.ppoCache.set(key, ppo);
  return ppo;
}

/** ppc-sca.cat: let lift(r) = sm;r;sm. */
function lift(sm: Relation, r: Relation): Relation {
  return sm.compose(r).compose(sm);
}

export interface Verdict {
  /** The first violated axiom in ppc.cat's order, or null when the candidate is consistent. */
  violated: Axiom | null;
  relations: CandidateRelations;
}

/**
 * Checks every ppc.cat axiom, in the order the cat file states them.
 * `coherent`: the search built c coherent location by location (its
 * pruneIncoherent), which is what scperlocation checks, so that axiom holds
 * without building its relation.
 */
export function checkCandidate(c: Candidate, coherent = false): Verdict {
  return checkRelations(c.structure, readsFromAndFromReads(c), c.co, c.rfSource, coherent);
}

/**
 * The axioms over given rf, co and fr (src/model/verdict-memo.ts checks
 * candidates with some of their edges dropped), without split variables.
 */
export function checkCommunication(s: EventStructure, rf: Relation, co: Relation, fr: Relation, coherent: boolean): Axiom | null {
  const sources = new Int32Array(s.events.length).fill(UNASSIGNED);
  for (const [write, read] of rf.pairs()) sources[read] = write;
  const int = s.sameThread;
  return checkRelations(s, { rf, rfi: rf.intersect(int), rfe: rf.minus(int), fr, fre: fr.minus(int) }, co, sources, coherent).violated;
}

/** checkCandidate over the relations of a candidate and its reads' sources (per cell with split variables). */
function checkRelations(s: EventStructure, perCell: ReadRelations, perCellCo: Relation, sources: Int32Array, coherent: boolean): Verdict {
  const st = staticRelations(s);
  // ppc.cat:7  acyclic po-loc | rf | fr | co as scperlocation (per cell: every edge here joins events of one cell)
  const uniproc = coherent || s.poLoc.union(perCell.rf, perCell.fr, perCellCo).isAcyclic();
  // ppc-sca.cat: let lift(r) = sm;r;sm; let rf = lift(rf) ... (whole accesses from here on)
  const sm = s.cells?.sameAccess;
  // Without cells, perCell is taken as it is: `{ ...perCell, co }` cost a fifth of the check, as in Node 20 an object given a
  // property after a spread gets a map of its own each time, and every read of it was megamorphic (README, Speed).
  const lifted = sm ? liftToAccesses(perCell, perCellCo, sm, s.sameThread) : null;
  const { rf, rfi, rfe, fr, fre } = lifted ?? perCell;
  const co = lifted?.co ?? perCellCo;
  // cos.cat: coe = co \ coi
  const coe = co.minus(s.sameThread);
  const partial: CandidateRelations = { rf, co, fr, rfe, coe, fre, ppo: new Relation(0), hb: new Relation(0), prop: new Relation(0) };
  if (sm) partial.perCell = { rf: perCell.rf, fr: perCell.fr, co: perCellCo, poLoc: s.poLoc, sameAccess: sm };
  const verdict = (violated: Axiom | null): Verdict => ({ violated, relations: partial });

  if (!uniproc) return verdict('scperlocation');
  // ppc.cat:10  empty rmw & (fre;coe) as atomic
  if (!st.rmw.isEmpty() && !st.rmw.intersect(fre.compose(coe)).isEmpty()) return verdict('atomic');
  // ppc-sca.cat: acyclic lift(co) as sca-co
  if (sm && !co.isAcyclic()) return verdict('sca-co');

  // ppc.cat:14  let rdw = po-loc & (fre;rfe)
  // ppc.cat:15  let detour = po-loc & (coe ; rfe)
  // Pair by pair where each read has one source; a lifted read has several.
  const rdw = sm ? st.poLoc.intersect(fre.compose(rfe)) : poLocThroughRfe(s, sources, st, fre);
  const detour = sm ? st.poLoc.intersect(coe.compose(rfe)) : poLocThroughRfe(s, sources, st, coe);
  // ppc.cat:26-31  ci0, ii0, cc0 (static), ic0 = 0, include "ppo.cat"
  const ppo = preservedProgramOrder(s, st, rfi, rdw, detour);
  partial.ppo = ppo;

  // ppc-checks.cat:7  let hb = ppo | fence | rfe
  const hb = ppo.union(st.fence, rfe);
  partial.hb = hb;
  // ppc-checks.cat:8  acyclic hb as thinair
  const hbStar = hb.plus();
  if (!hbStar.isIrreflexive()) return verdict('thinair');
  // ppc-checks.cat:11  let hbstar = hb*
  hbStar.addIdentity();
  // ppc-checks.cat:12  let propbase = (fence|(rfe;fence));hbstar
  const propBase = st.fence.union(rfe.compose(st.fence)).compose(hbStar);
  // ppc-checks.cat:16  let prop = propbase & (W * W) | (chapo? ; propbase*; strong; hbstar)
  const prop = propBase.intersect(st.writeToWrite);
  if (!st.strong.isEmpty()) prop.unionInPlace(chapoThroughStrong(rfe, fre, coe, propBase, st.strong, hbStar));
  partial.prop = prop;
  // ppc-checks.cat:18  acyclic co|prop as propagation
  if (!co.union(prop).isAcyclic()) return verdict('propagation');
  // ppc-checks.cat:19  irreflexive fre;prop;hbstar as observation
  if (!fre.composesIrreflexively(prop.compose(hbStar))) return verdict('observation');
  // ppc-checks.cat:22  acyclic co | xx as scXX (co alone is a strict order per location, or sca-co checked it)
  if (!st.xx.isEmpty() && !co.union(st.xx).isAcyclic()) return verdict('scXX');
  if (sm) {
    // ppc-sca.cat: irreflexive fr ; rf as sca-rf
    if (!fr.compose(rf).isIrreflexive()) return verdict('sca-rf');
    // ppc-sca.cat: irreflexive (fr | co) ; rfe ; (ppo | fence)+ as sca-ca
    if (!fr.union(co).compose(rfe).compose(ppo.union(st.fence).plus()).isIrreflexive()) return verdict('sca-ca');
  }
  return verdict(null);
}

/**
 * ppc-checks.cat:14,16  chapo? ; propbase* ; strong ; hbstar, with
 * let chapo = rfe|fre|coe|(fre;rfe)|(coe;rfe), composed from the right, where
 * strong is sparse: chapo? ; T = T | (rfe|fre|coe);T | (fre|coe);rfe;T.
 */
function chapoThroughStrong(rfe: Relation, fre: Relation, coe: Relation, propBase: Relation, strong: Relation, hbStar: Relation): Relation {
  const tail = propBase.star().compose(strong.compose(hbStar));
  const rfeTail = rfe.compose(tail);
  const toWrites = fre.union(coe);
  return tail.union(rfeTail, toWrites.compose(tail), toWrites.compose(rfeTail));
}

/**
 * ppc.cat's verdicts memoised as src/model/verdict-memo.ts explains, for
 * structures without split variables (lifting relates the parts of one
 * access, which G does not follow). Every relation an axiom tests is built as
 * that memo asks:
 *   - scperlocation (ppc.cat:7) and atomic (ppc.cat:10) from po-loc, rf, fr,
 *     co, fre = fr \ int and coe = co \ int (cos.cat); atomic's static rmw
 *     closes fre;coe back to the read through rmw^-1, G's one static arc;
 *   - ppo (ppc.cat:26-31, ppo.cat) by union, composition and fixpoint from
 *     ctrlisync, dd, ctrl, addr;po and po-loc, all inside po, rfi, and rdw
 *     and detour (ppc.cat:14-15), po-loc & (fre;rfe) and po-loc & (coe;rfe),
 *     whose pairs have the walks of their fre;rfe and coe;rfe; then
 *     intersected with R * R and R * W;
 *   - hb = ppo | fence | rfe (ppc-checks.cat:7), fence = strong | light inside
 *     po (lwsync \ (W * R), eieio & (W * W) and herd's lwsync pairs around a
 *     branch event all join events of one thread in program order);
 *     propbase, chapo and prop (ppc-checks.cat:11-16) from hb*, fence,
 *     strong, rfe, fre and coe, with & (W * W);
 *   - thinair (acyclic hb), propagation (acyclic co | prop), observation
 *     (irreflexive fre;prop;hb*) and scXX (acyclic co | xx, with xx = po &
 *     (EX * EX)), ppc-checks.cat:8, 18, 19 and 22.
 * The implicit initial writes are no events: a read of the initial value has
 * fr to every write of its location, as readsFromAndFromReads gives it. Both
 * the memo and the checks it stands in for take the candidate coherent, as
 * the pruned search builds it (checkCandidate's `coherent`): a candidate with
 * some edges dropped is too.
 */
export const ppcMemoModel: MemoisedModel<EventStructure, Axiom> = {
  staticArcs: (s) => staticRelations(s).rmw.inverse().pairs(),
  violation: (s, rf, co, fr) => checkCommunication(s, rf, co, fr, true),
};

/**
 * Checks of a structure made directly before the memo answers for it. Of the
 * campaign's 6,186 structures 715 have more, with 63% of its 374k checks.
 * Measured by CPU time over the campaign, alternately, 6 runs each through the CLI (median 10.9 s before
 * the memo, 10.5 s memoising from the first check, 10.1 s from the 65th) and
 * in one process warm (16, 64 and 256 alike, about 8% under the first).
 */
const MEMOISE_AFTER = 64;

const ppcMemo = new VerdictMemo(ppcMemoModel, MEMOISE_AFTER);

/** checkCandidate(c, true).violated for a coherent candidate without split variables, memoised. */
export function ppcViolation(c: Candidate): Axiom | null {
  return ppcMemo.violation(c);
}

/**
 * checkCandidate(c, true), its axiom memoised for structures without split
 * variables and its relations computed when first asked for.
 */
export function memoisedVerdict(c: Candidate): Verdict {
  if (c.structure.cells || !ppcMemo.answers(c.structure)) return checkCandidate(c, true);
  return new MemoisedVerdict<EventStructure, Verdict>(c, ppcMemo.violation(c), (candidate) => checkCandidate(candidate, true));
}
