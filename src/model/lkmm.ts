/**
 * The Linux-kernel memory model as herd7 7.57+1 runs it
 * (../shared/docs/lkmm/: linux-kernel.cat with linux-kernel.bell, lock.cat,
 * cos-opt.cat and stdlib.cat), over one candidate execution of an LKMM event
 * structure (src/events/c-structure.ts). Each definition cites its file and
 * line ("cat:73" is linux-kernel.cat line 73; "bell:", "lock:", "stdlib:").
 *
 * Initial writes are left implicit, as in ppc.ts: nothing enters them (no rf,
 * co or fr edge, no po), so they lie on no cycle and in no race (pre-race,
 * cat:189, excludes them); their only effect is fr from reads of the initial
 * value. lock.cat's rf and co for lock events come from the search, which
 * treats a spinlock as a word holding 0 or 1 (see src/events/c-paths.ts).
 *
 * Pruning: every axiom below only gains violations as rf and co grow (each is
 * built from rf, co and fr by union, composition, intersection with static
 * relations and closure, never under a complement), so the search may check
 * a partial candidate after each location and cut its subtree. The flags are
 * not monotone (data-race subtracts ww-nonrace, cat:198-203) and are computed
 * on complete consistent executions only.
 */
import type { LkmmStructure } from '../events/c-structure.ts';
import { EventSet, Relation } from '../relations/relation.ts';
import { type Candidate, type CommunicationRelations, READS_INIT } from '../search/candidate.ts';
import { MemoisedVerdict, VerdictMemo } from './verdict-memo.ts';

/** The axioms, in the order herd checks them (lock.cat's come first: it is included at cat:21). */
export const LKMM_AXIOMS = ['lock-nest', 'unmatched-locks', 'coherence', 'atomic', 'happens-before', 'propagation', 'rcu', 'plain-coherence'] as const;
export type LkmmAxiom = (typeof LKMM_AXIOMS)[number];

/** Relations that depend on rf and co, for checking, explaining and the flags. */
export interface LkmmRelations extends CommunicationRelations {
  /** cat:30, 36-41, 77, 79, 141: the parts explanations name. */
  poUnlockRfLockPo: Relation;
  mb: Relation;
  cumulFence: Relation;
  prop: Relation;
  rcuFence: Relation;
  ppo: Relation;
  hb: Relation;
  pb: Relation;
  rb: Relation;
}

export interface LkmmVerdict {
  violated: LkmmAxiom | null;
  relations: LkmmRelations;
  /** What the axioms were computed from, kept so that the flags of a consistent execution need not recompute it. */
  basis: LkmmBasis | null;
}

/** Relations and sets that depend only on the event structure. */
interface StaticLkmm {
  all: EventSet;
  M: EventSet;
  ext: Relation;
  poOpt: Relation;
  acqPo: Relation;
  poRel: Relation;
  rmb: Relation;
  wmb: Relation;
  /** The parts of cat:36-39's mb that need no co. */
  mbStatic: Relation;
  /** cat:40-41 without its `(co | po)` middle: [M];po;[UL] and [LKW];fencerel(After-unlock-lock);[M]. */
  beforeUnlock: Relation;
  afterUnlockLock: Relation;
  gp: Relation;
  barrier: Relation;
  rcuRscsi: Relation;
  srcuRscsi: Relation;
  /** bell:79's pairs: each SRCU unlock with the lock it closes. */
  srcuSections: [number, number][];
  syncRcu: Relation;
  syncSrcu: Relation;
  hasRcu: boolean;
  /** Whether the test has plain accesses; without them cat:189's pre-race is empty and so are cat:192-201. */
  hasPlain: boolean;
  identity: Relation;
  /** cat:176, 178: fencerel(Rmb) from R4rmb reads to ~Noreturn events, and the other way round. */
  rmbToAny: Relation;
  rmbFromAny: Relation;
  /** cat:189 let pre-race = ext & ((Plain * M) | ((M \ IW) * Plain)); initial writes are implicit, so M \ IW is M. */
  preRace: Relation;
  markedToWrite: Relation;
  writeToMarked: Relation;
  /** cat:43-46 when mb needs no co (no smp_mb__after_unlock_lock): the fences are then static. */
  staticFences: Fences | null;
  /** cat:68-73's parts of ppo that need no rf or co: rwdep, addr, addr;[Plain];wmb. */
  staticPpo: Relation;
  /** cat:72 dep ; [Marked], to be composed with rfi. */
  depToMarked: Relation;
  /** Whether there are lock events, without which po-unlock-rf-lock-po (cat:30) is empty. */
  hasUnlocks: boolean;
  /** lock:55 and lock:77, which need no rf or co. */
  staticViolation: LkmmAxiom | null;
  /** Flags decided by program order alone. */
  staticFlags: string[];
}

const staticCache = new WeakMap<LkmmStructure, StaticLkmm>();

function tagged(s: LkmmStructure, ...tags: string[]): EventSet {
  const n = s.events.length;
  return new EventSet(n).union(...tags.map((t) => s.sets.tags.get(t) ?? new EventSet(n)));
}

/** stdlib:29 let fencerel(B) = (po & (_ * B)) ; po */
function fencerel(s: LkmmStructure, all: EventSet, fences: EventSet): Relation {
  return s.po.restrict(all, fences).compose(s.po);
}

/** bell:44-54 (and 60-70 with `& loc`): matching nested lock/unlock pairs, a least fixpoint. */
function matchCriticalSections(s: LkmmStructure, locks: EventSet, unlocks: EventSet, sameLocation: Relation | null): Relation {
  const n = s.events.length;
  let matched = new Relation(n);
  const atLocation = (r: Relation) => (sameLocation ? r.intersect(sameLocation) : r);
  for (;;) {
    const unmatchedLocks = locks.minus(matched.domain());
    const unmatchedUnlocks = unlocks.minus(matched.range());
    const unmatched = unmatchedLocks.union(unmatchedUnlocks);
    const unmatchedPo = atLocation(s.po.restrict(unmatched, unmatched));
    const locksToUnlocks = atLocation(s.po.restrict(unmatchedLocks, unmatchedUnlocks));
    const next = matched.union(locksToUnlocks.minus(unmatchedPo.compose(unmatchedPo)));
    if (next.equals(matched)) return matched;
    matched = next;
  }
}

export function lkmmStaticRelations(s: LkmmStructure): StaticLkmm {
  const cached = staticCache.get(s);
  if (cached) return cached;
  const n = s.events.length;
  const all = EventSet.of(n, s.events.map((e) => e.id));
  const { M, R, W, Acquire, Release, Noreturn, RMW, LKW, UL, LKR, LF, RU, Marked, Plain } = s.sets;
  const po = s.po;
  const poOpt = po.optional();
  const id = (set: EventSet) => Relation.identity(set);
  // cat:28-29
  const acqPo = po.restrict(Acquire, M);
  const poRel = po.restrict(M, Release);
  // cat:33-35
  const r4rmb = R.minus(Noreturn);
  const rmb = fencerel(s, all, tagged(s, 'rmb')).restrict(r4rmb, r4rmb);
  const wmb = fencerel(s, all, tagged(s, 'wmb')).restrict(W, W);
  // cat:36-39
  const mbStatic = fencerel(s, all, tagged(s, 'mb')).restrict(M, M)
    .union(
      id(M).compose(fencerel(s, all, tagged(s, 'before-atomic'))).compose(id(RMW)).compose(poOpt).compose(id(M)),
      id(M).compose(poOpt).compose(id(RMW)).compose(fencerel(s, all, tagged(s, 'after-atomic'))).compose(id(M)),
      id(M).compose(poOpt).compose(id(LKW)).compose(fencerel(s, all, tagged(s, 'after-spinlock'))).compose(id(M)),
    );
  // cat:40-41 halves
  const beforeUnlock = po.restrict(M, UL);
  const afterUnlockLock = id(LKW).compose(fencerel(s, all, tagged(s, 'after-unlock-lock'))).compose(id(M));
  // cat:42
  const syncRcu = id(tagged(s, 'sync-rcu'));
  const syncSrcu = id(tagged(s, 'sync-srcu'));
  const gp = po.compose(syncRcu.union(syncSrcu)).compose(poOpt);
  // cat:47-50
  const barrier = fencerel(s, all, tagged(s, 'barrier', 'rmb', 'wmb', 'mb', 'sync-rcu', 'sync-srcu', 'before-atomic', 'after-atomic',
    'rcu-lock', 'rcu-unlock', 'srcu-lock', 'srcu-unlock').union(Acquire, Release))
    .union(po.restrict(all, Release), po.restrict(Acquire, all));
  // bell:44-54, 60-70; cat:113-114
  const rcuLocks = tagged(s, 'rcu-lock'), rcuUnlocks = tagged(s, 'rcu-unlock');
  const srcuLocks = tagged(s, 'srcu-lock'), srcuUnlocks = tagged(s, 'srcu-unlock');
  const rcuRscs = matchCriticalSections(s, rcuLocks, rcuUnlocks, null);
  const srcuRscs = matchCriticalSections(s, srcuLocks, srcuUnlocks, s.sameLocation);
  const hasRcu = !syncRcu.isEmpty() || !syncSrcu.isEmpty() || !rcuRscs.isEmpty() || !srcuRscs.isEmpty();

  // lock:71 let critical = ([LKW] ; po-loc ; [UL]) \ (po-loc ; [LKW | UL] ; po-loc)
  const lkwOrUl = LKW.union(UL);
  const critical = s.poLoc.restrict(LKW, UL).minus(s.poLoc.restrict(all, lkwOrUl).compose(s.poLoc));
  // lock:76 let UNMATCHED-LKW = LKW \ domain(critical)
  const unmatchedLkw = LKW.minus(critical.domain());
  let staticViolation: LkmmAxiom | null = null;
  // lock:55 empty ([LKW] ; po-loc ; [LKR]) \ (po-loc ; [UL] ; po-loc) as lock-nest
  if (!s.poLoc.restrict(LKW, LKR).minus(s.poLoc.restrict(all, UL).compose(s.poLoc)).isEmpty()) staticViolation = 'lock-nest';
  // lock:77 empty ([UNMATCHED-LKW] ; loc ; [UNMATCHED-LKW]) \ id as unmatched-locks
  else if (!s.sameLocation.restrict(unmatchedLkw, unmatchedLkw).minus(Relation.identity(all)).isEmpty()) staticViolation = 'unmatched-locks';

  const staticFlags: string[] = [];
  // bell:56-57, 72-73, 76
  if (!rcuLocks.minus(rcuRscs.domain()).isEmpty() || !rcuUnlocks.minus(rcuRscs.range()).isEmpty()) staticFlags.push('unbalanced-rcu-locking');
  if (!srcuLocks.minus(srcuRscs.domain()).isEmpty() || !srcuUnlocks.minus(srcuRscs.range()).isEmpty()) staticFlags.push('unbalanced-srcu-locking');
  if (!rcuRscs.intersect(po.compose(syncSrcu).compose(po)).isEmpty()) staticFlags.push('invalid-sleep');
  // lock:41: herd's M there is the ordinary accesses (lock events join R and W only at lock:64-65).
  const allLocks = LKR.union(LKW, UL, LF, RU);
  const ordinary = M.minus(allLocks);
  if (!s.sameLocation.restrict(ordinary, allLocks).isEmpty()) staticFlags.push('mixed-lock-accesses');
  // lock:73
  if (!UL.minus(critical.range()).isEmpty()) staticFlags.push('unmatched-unlock');
  // cat:164-166
  const poLocOutsideBarrier = s.poLoc.minus(barrier);
  const plainWrites = Plain.intersect(W);
  if (!poLocOutsideBarrier.restrict(plainWrites, Marked).union(poLocOutsideBarrier.restrict(Marked, plainWrites)).isEmpty()) {
    staticFlags.push('mixed-accesses');
  }

  const dep = s.addr.union(s.data);
  const rwdep = dep.union(s.ctrl).restrict(all, W);
  const notNoreturn = Noreturn.complement();
  const rmbFencerel = fencerel(s, all, tagged(s, 'rmb'));
  const ext = s.sameThread.complement();
  const result: StaticLkmm = {
    hasPlain: !Plain.isEmpty(),
    staticFences: afterUnlockLock.isEmpty() ? fencesFrom(mbStatic, gp, poRel, acqPo, wmb, rmb) : null,
    staticPpo: rwdep.union(s.addr, s.addr.restrict(all, Plain).compose(wmb)),
    depToMarked: dep.restrict(all, Marked),
    hasUnlocks: !UL.isEmpty(),
    identity: Relation.identity(all),
    rmbToAny: rmbFencerel.restrict(r4rmb, notNoreturn),
    rmbFromAny: rmbFencerel.restrict(notNoreturn, r4rmb),
    preRace: Relation.cartesian(Plain, M).union(Relation.cartesian(M, Plain)).intersect(ext),
    markedToWrite: Relation.cartesian(Marked, W),
    writeToMarked: Relation.cartesian(W, Marked),
    all, M, ext, poOpt, acqPo, poRel, rmb, wmb, mbStatic, beforeUnlock, afterUnlockLock, gp, barrier,
    rcuRscsi: rcuRscs.inverse(), srcuRscsi: srcuRscs.inverse(), srcuSections: [...srcuRscs.inverse().pairs()], syncRcu, syncSrcu, hasRcu, staticViolation, staticFlags,
  };
  staticCache.set(s, result);
  return result;
}

interface Fences {
  strongFence: Relation;
  nonrwFence: Relation;
  fence: Relation;
}

/** cat:43-46 let strong-fence = mb | gp; let nonrw-fence = strong-fence | po-rel | acq-po; let fence = nonrw-fence | wmb | rmb */
function fencesFrom(mb: Relation, gp: Relation, poRel: Relation, acqPo: Relation, wmb: Relation, rmb: Relation): Fences {
  const strongFence = mb.union(gp);
  const nonrwFence = strongFence.union(poRel, acqPo);
  return { strongFence, nonrwFence, fence: nonrwFence.union(wmb, rmb) };
}

/** rf and fr of a (possibly partial) candidate; lock:139 let fr = rf^-1 ; co */
function readsFromAndFromReads(c: Candidate<LkmmStructure>): { rf: Relation; fr: Relation } {
  const s = c.structure;
  const n = s.events.length;
  const rf = new Relation(n), fr = new Relation(n);
  for (const e of s.events) {
    if (e.kind !== 'R') continue;
    const source = c.rfSource[e.id]!;
    if (source >= 0) {
      rf.add(source, e.id);
      for (const w of s.writesTo.get(e.location)!) if (c.co.has(source, w)) fr.add(e.id, w);
    } else if (source === READS_INIT) {
      for (const w of s.writesTo.get(e.location)!) fr.add(e.id, w);
    }
  }
  return { rf, fr };
}

/** Everything the axioms and the flags are built from, for one candidate. */
export interface LkmmBasis {
  relations: LkmmRelations;
  st: StaticLkmm;
  rfi: Relation;
  strongFence: Relation;
  nonrwFence: Relation;
  fence: Relation;
  cumulFence: Relation;
  prop: Relation;
  rcuFence: Relation;
}

/**
 * Checks the axioms in LKMM_AXIOMS order. By default it stops at the first
 * violation (the search prunes with it); `evaluateAll` computes every
 * relation whatever breaks, for explaining a rejected candidate.
 */
export function checkLkmm(c: Candidate<LkmmStructure>, evaluateAll = false): LkmmVerdict {
  const { rf, fr } = readsFromAndFromReads(c);
  return checkCommunication(c.structure, rf, c.co, fr, evaluateAll);
}

/** checkLkmm over given rf, co and fr (src/model/verdict-memo.ts checks candidates with some of their edges dropped). */
export function checkCommunication(s: LkmmStructure, rf: Relation, co: Relation, fr: Relation, evaluateAll: boolean): LkmmVerdict {
  const n = s.events.length;
  const st = lkmmStaticRelations(s);
  const { Marked } = s.sets;
  const int = s.sameThread, ext = st.ext;
  // lock:131, 136-137, 140
  const rfe = rf.intersect(ext), rfi = rf.intersect(int), coe = co.intersect(ext), fre = fr.intersect(ext);
  const empty = new Relation(n);
  const relations: LkmmRelations = {
    rf, co, fr, rfe, coe, fre, poUnlockRfLockPo: empty, mb: empty, cumulFence: empty, prop: empty, rcuFence: empty, ppo: empty, hb: empty, pb: empty, rb: empty,
  };
  let first: LkmmAxiom | null = null;
  /** Records a violation; true when the check stops there. */
  const broken = (axiom: LkmmAxiom): boolean => {
    first ??= axiom;
    return !evaluateAll;
  };
  const verdict = (basis: LkmmBasis | null = null): LkmmVerdict => ({ violated: first, relations, basis });
  if (st.staticViolation && broken(st.staticViolation)) return verdict();

  // cat:57-58 let com = rf | co | fr; acyclic po-loc | com as coherence
  if (!s.poLoc.union(rf, co, fr).isAcyclic() && broken('coherence')) return verdict();
  // cat:61 empty rmw & (fre ; coe) as atomic
  if (!s.rmw.intersect(fre.compose(coe)).isEmpty() && broken('atomic')) return verdict();

  // cat:30 let po-unlock-rf-lock-po = po ; [UL] ; rf ; [LKR] ; po
  const poUnlockRfLockPo = st.hasUnlocks ? s.po.compose(rf.restrict(s.sets.UL, s.sets.LKR)).compose(s.po) : empty;
  // cat:36-46 mb, with its after-unlock-lock part through co or po, and the fences built on it
  const mb = st.staticFences ? st.mbStatic : st.mbStatic.union(st.beforeUnlock.compose(co.union(s.po)).compose(st.afterUnlockLock));
  const { strongFence, nonrwFence, fence } = st.staticFences ?? fencesFrom(mb, st.gp, st.poRel, st.acqPo, st.wmb, st.rmb);
  Object.assign(relations, { poUnlockRfLockPo, mb });

  // cat:68-73 preserved program order: to-w = rwdep | (overwrite & int) | (addr ; [Plain] ; wmb), to-r = addr | (dep ; [Marked] ; rfi)
  const overwrite = co.union(fr);
  const ppo = st.staticPpo.union(overwrite.intersect(int), st.depToMarked.compose(rfi), fence, poUnlockRfLockPo.intersect(int));
  relations.ppo = ppo;

  // cat:76-80 let A-cumul(r) = (rfe ; [Marked])? ; r   ([S] ; r ; [T] is r restricted to S * T)
  const aCumul = (r: Relation) => rfe.restrict(st.all, Marked).optional().compose(r);
  const cumulFence = aCumul(strongFence.union(st.poRel)).union(st.wmb, poUnlockRfLockPo).restrict(Marked, Marked);
  const prop = overwrite.intersect(ext).optional().restrict(Marked, st.all).compose(cumulFence.star().restrict(st.all, Marked))
    .compose(rfe.optional().restrict(st.all, Marked));
  Object.assign(relations, { cumulFence, prop });

  // cat:86-87 let hb = [Marked] ; (ppo | rfe | ((prop \ id) & int)) ; [Marked]
  const hb = ppo.union(rfe, prop.minus(st.identity).intersect(int)).restrict(Marked, Marked);
  relations.hb = hb;
  if (!hb.isAcyclic() && broken('happens-before')) return verdict();

  // cat:94-95 let pb = prop ; strong-fence ; hb* ; [Marked]
  const hbStar = hb.star();
  const pb = prop.compose(strongFence).compose(hbStar.restrict(st.all, Marked));
  relations.pb = pb;
  if (!pb.isAcyclic() && broken('propagation')) return verdict();

  let rcuFence = empty;
  if (st.hasRcu) {
    // cat:121 let rcu-link = po? ; hb* ; pb* ; prop ; po
    const pbStar = pb.star();
    const rcuLink = st.poOpt.compose(hbStar).compose(pbStar).compose(prop).compose(s.po);
    const rcuOrder = rcuOrderFixpoint(st, rcuLink, s.sameLocation);
    // cat:141 let rcu-fence = po ; rcu-order ; po?
    rcuFence = s.po.compose(rcuOrder).compose(st.poOpt);
    relations.rcuFence = rcuFence;
    // cat:146-148 let rb = prop ; rcu-fence ; hb* ; pb* ; [Marked]; irreflexive rb as rcu
    const rb = prop.compose(rcuFence).compose(hbStar).compose(pbStar.restrict(st.all, Marked));
    relations.rb = rb;
    if (!rb.isIrreflexive() && broken('rcu')) return verdict();
  }
  const derived: LkmmBasis = { relations, st, rfi, strongFence, nonrwFence, fence, cumulFence, prop, rcuFence };
  if (st.hasPlain && !plainRelations(s, derived).incoherent.isEmpty()) broken('plain-coherence');
  return verdict(derived);
}

/** cat:131-140, the least fixpoint of rcu-order. */
function rcuOrderFixpoint(st: StaticLkmm, link: Relation, sameLocation: Relation): Relation {
  const { syncRcu: rcuGp, syncSrcu: srcuGp, rcuRscsi, srcuRscsi } = st;
  const gpL = rcuGp.compose(link), srcuGpL = srcuGp.compose(link);
  const rscsiL = rcuRscsi.compose(link), srcuRscsiL = srcuRscsi.compose(link);
  const base = rcuGp.union(
    srcuGp,
    gpL.compose(rcuRscsi),
    srcuGpL.compose(srcuRscsi).intersect(sameLocation),
    rscsiL.compose(rcuGp),
    srcuRscsiL.compose(srcuGp).intersect(sameLocation),
  );
  let order = base;
  for (;;) {
    const oL = order.compose(link);
    const next = base.union(
      gpL.compose(oL).compose(rcuRscsi),
      srcuGpL.compose(oL).compose(srcuRscsi).intersect(sameLocation),
      rscsiL.compose(oL).compose(rcuGp),
      srcuRscsiL.compose(oL).compose(srcuGp).intersect(sameLocation),
      oL.compose(order),
    );
    if (next.equals(order)) return order;
    order = next;
  }
}

/** cat:169-201: visibility, the plain-coherence relations and the races. */
function plainRelations(s: LkmmStructure, d: LkmmBasis): { incoherent: Relation; races: Relation } {
  const { st, relations: { rf, co, fr, rfe, hb, pb, rb } } = d;
  const { Marked } = s.sets;
  const int = s.sameThread;
  // cat:142-143 redefine fence and strong-fence with rcu-fence; nonrw-fence keeps its first definition.
  const fence = d.fence.union(d.rcuFence);
  const strongFence = d.strongFence.union(d.rcuFence);
  // cat:169-171
  const xbStar = hb.union(pb, rb).star();
  const vis = d.cumulFence.star().compose(rfe.optional().restrict(st.all, Marked))
    .compose(strongFence.restrict(st.all, Marked).compose(xbStar).union(xbStar.intersect(int)));
  // cat:174-179
  const wPreBounded = s.addr.union(fence).optional().restrict(Marked, st.all);
  const rPreBounded = s.addr.union(d.nonrwFence, st.rmbToAny).optional().restrict(Marked, st.all);
  const wPostBounded = fence.optional().restrict(st.all, Marked);
  const rPostBounded = d.nonrwFence.union(st.rmbFromAny).optional().restrict(st.all, Marked);
  // cat:182-186
  const wwVis = fence.union(strongFence.compose(xbStar).compose(wPreBounded), wPostBounded.compose(vis).compose(wPreBounded));
  const wrVis = fence.union(strongFence.compose(xbStar).compose(rPreBounded), wPostBounded.compose(vis).compose(rPreBounded));
  const rwXbStar = fence.union(rPostBounded.compose(xbStar).compose(wPreBounded));
  const preRace = st.preRace;
  // cat:192-195
  const incoherent = preRace.intersect(rf).intersect(rwXbStar.inverse())
    .union(preRace.intersect(fr).intersect(wrVis.inverse()), preRace.intersect(co).intersect(wwVis.inverse()));
  // cat:198-201
  const wwNonrace = wwVis
    .intersect(st.markedToWrite.union(rwXbStar))
    .intersect(st.writeToMarked.union(wrVis));
  const races = preRace.intersect(co).minus(wwNonrace)
    .union(preRace.intersect(co.optional().compose(rf)).minus(wrVis), preRace.intersect(fr).minus(rwXbStar));
  return { incoherent, races };
}

/**
 * The flags a consistent execution raises (herd's `Flag` lines): cat:203
 * data-race, bell:79 srcu-bad-nesting (values), lock:58 lock-final, and those
 * program order alone decides.
 */
export function lkmmFlags(c: Candidate<LkmmStructure>, verdict: LkmmVerdict, srcuValue: (event: number) => unknown, testsLockValue: boolean): string[] {
  if (verdict.violated !== null) return [];
  const s = c.structure;
  const st = lkmmStaticRelations(s);
  const flags = [...st.staticFlags];
  // Only data-race needs the execution's relations: a verdict may compute them when first asked (src/model/verdict-memo.ts).
  if (st.hasPlain && !plainRelations(s, verdict.basis!).races.isEmpty()) flags.push('data-race');
  for (const [unlock, lock] of st.srcuSections) {
    if (srcuValue(unlock) !== srcuValue(lock)) {
      flags.push('srcu-bad-nesting');
      break;
    }
  }
  if (testsLockValue && !s.sets.LKW.isEmpty()) flags.push('lock-final');
  return flags;
}

/**
 * The LKMM's verdicts memoised as src/model/verdict-memo.ts explains. Every
 * relation of linux-kernel.cat and lock.cat that an axiom tests is built from
 * po, rf, co, fr, rmw and the RCU and SRCU read-side critical sections
 * (rcu-rscs, srcu-rscs, bell:44-70) by union, composition, closure, inverse,
 * and intersection or difference with relations that do not depend on rf or
 * co; so G's static arcs are rcu-rscsi and srcu-rscsi, which step back from
 * an unlock to its lock (cat:113-114), and rmw^-1, which closes the atomic
 * axiom's rmw & (fre ; coe) (cat:61) into a walk back to the read.
 */
const lkmmMemo = new VerdictMemo<LkmmStructure, LkmmAxiom>({
  staticArcs: (s) => {
    const st = lkmmStaticRelations(s);
    return [...s.rmw.inverse().pairs(), ...st.rcuRscsi.pairs(), ...st.srcuRscsi.pairs()];
  },
  violation: (s, rf, co, fr) => checkCommunication(s, rf, co, fr, false).violated,
});

/** The first axiom the candidate (possibly partial) breaks, or null: checkLkmm(c).violated, memoised. */
export function lkmmViolation(c: Candidate<LkmmStructure>): LkmmAxiom | null {
  return lkmmMemo.violation(c);
}

class MemoisedLkmmVerdict extends MemoisedVerdict<LkmmStructure, LkmmVerdict> implements LkmmVerdict {
  get basis(): LkmmVerdict['basis'] {
    return this.computed().basis;
  }
}

/** The verdict on a candidate, its axiom memoised, the rest computed by checkLkmm when first asked for. */
export function memoisedLkmmVerdict(c: Candidate<LkmmStructure>): LkmmVerdict {
  return new MemoisedLkmmVerdict(c, lkmmMemo.violation(c), checkLkmm);
}
