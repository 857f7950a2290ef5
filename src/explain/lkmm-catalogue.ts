/**
 * The LKMM's axiom catalogue (linux-kernel.cat and lock.cat as
 * src/model/lkmm.ts runs them): its base relations, named as the cat file
 * names them, each axiom as an automaton over them, and the snapshot of an
 * LKMM execution. "cat:73" is linux-kernel.cat line 73, "lock:55" lock.cat's.
 *
 * Every axiom is regular over the base relations except two parts, which are
 * given to the automata as ready-made relations from the model's verdict
 * (which computes every relation for rejected candidates):
 * - rcu-order (cat:131-140) counts grace periods against read-side critical
 *   sections, so rcu-fence (cat:141) is one edge;
 * - plain-coherence (cat:169-195) is written over xbstar = (hb | pb | rb)*,
 *   whose hb, pb and rb edges are the model's own.
 * The two lock.cat axioms are pairs, not cycles: each is shown as the pair's
 * edge and the same edge back (`a -lock-nest-> b <-lock-nest- a`).
 */
import type { VisitedExecution } from '../engine.ts';
import type { LkmmStructure } from '../events/c-structure.ts';
import type { COpSource } from '../ir/c-program.ts';
import type { Location } from '../ir/program.ts';
import { LKMM_AXIOMS, type LkmmAxiom, lkmmStaticRelations, type LkmmVerdict } from '../model/lkmm.ts';
import { finalValue } from '../outcome/collect.ts';
import { EventSet, Relation } from '../relations/relation.ts';
import { type BaseRelations, COMMUNICATION_MEANINGS, communicationRelations } from './base-relations.ts';
import { type AxiomCatalogue, COMMUNICATION_COLOURS } from './catalogue.ts';
import { lineNames } from './events.ts';
import { type Automaton, AutomatonBuilder } from './patterns.ts';
import type { CodeRow, ExecutionSnapshot, SnapshotEvent } from './snapshot.ts';

/** The LKMM's base relations, in the order an automaton prefers them where it lists several. */
export const LKMM_LABEL_MEANINGS: Record<string, string> = {
  ...COMMUNICATION_MEANINGS,
  ctrl: 'control dependency: the second access is in a branch of an if on the value read',
  rmw: 'the read and the write of one atomic read-modify-write (or a spin_lock\'s LKR and LKW)',
  'acq-po': 'an acquire (smp_load_acquire, an _acquire RMW, a lock) before a later access of its thread (cat:28)',
  'po-rel': 'an access before a later release (smp_store_release, a _release RMW, an unlock) of its thread (cat:29)',
  rmb: 'an smp_rmb() between two reads in program order (cat:34)',
  wmb: 'an smp_wmb() between two writes in program order (cat:35)',
  mb: 'a full barrier between the two accesses: smp_mb(), a fully ordered RMW\'s, smp_mb__before/after_atomic() with an RMW, smp_mb__after_spinlock(), smp_mb__after_unlock_lock() (cat:36-41)',
  gp: 'a grace period (synchronize_rcu(), synchronize_srcu()) between the two accesses (cat:42)',
  'po-unlock-rf-lock-po': 'an access before an unlock, that unlock read by a lock, and an access after that lock (cat:30)',
  'po-unlock-lock-po': 'po-unlock-rf-lock-po within one thread: an unlock and a later lock of the same lock (cat:73)',
  'fencerel(Rmb)': 'an smp_rmb() between the two events in program order',
  'rcu-fence': 'RCU ordering: at least as many grace periods as read-side critical sections, linked around the cycle (cat:121-141)',
  hb: 'happens-before, as the model computes it (cat:86)',
  pb: 'propagates-before, as the model computes it (cat:94)',
  rb: 'RCU-before, as the model computes it (cat:146)',
  'lock-nest': 'a lock taken and then taken again by its thread without an unlock between (lock:55)',
  'unmatched-locks': 'two locks of one lock that no unlock of their thread matches (lock:76-77)',
};

export const LKMM_AXIOM_STATEMENTS: Record<LkmmAxiom, string> = {
  'lock-nest': 'lock.cat: empty ([LKW]; po-loc; [LKR]) \\ (po-loc; [UL]; po-loc) (a thread may not take a lock it holds)',
  'unmatched-locks': 'lock.cat: empty ([UNMATCHED-LKW]; loc; [UNMATCHED-LKW]) \\ id (at most one lock of a lock left unmatched)',
  coherence: 'linux-kernel.cat: acyclic po-loc | rf | co | fr (accesses to one location must be coherent)',
  atomic: 'linux-kernel.cat: empty rmw & (fre; coe) (no other write may come between an RMW\'s read and its write)',
  'happens-before': 'linux-kernel.cat: acyclic hb, where hb = [Marked]; (ppo | rfe | ((prop \\ id) & int)); [Marked]',
  propagation: 'linux-kernel.cat: acyclic pb, where pb = prop; strong-fence; hb*; [Marked] (each non-rf link needs a strong fence)',
  rcu: 'linux-kernel.cat: irreflexive rb, where rb = prop; rcu-fence; hb*; pb*; [Marked] (RCU grace periods outlast read-side critical sections)',
  'plain-coherence': 'linux-kernel.cat: empty wr-incoh | rw-incoh | ww-incoh (plain accesses must be coherent with the marked ones that bound them)',
};

function lkmmAutomaton(axiom: LkmmAxiom): Automaton {
  const b = new AutomatonBuilder();
  const marked = () => b.guard('Marked');
  // cat:43 strong-fence = mb | gp (before cat:143 adds rcu-fence)
  const strongFence = () => b.anyOf('mb', 'gp');
  // cat:68-73 ppo = to-r | to-w | fence | (po-unlock-rf-lock-po & int)
  const ppo = () => b.group('ppo', b.alt(
    // cat:72 to-r = addr | (dep ; [Marked] ; rfi)
    b.edge('addr'),
    b.seq(b.anyOf('addr', 'data'), marked(), b.edge('rfi')),
    // cat:69, 71 to-w = (dep | ctrl) ; [W] | (overwrite & int) | (addr ; [Plain] ; wmb)
    b.seq(b.anyOf('addr', 'data', 'ctrl'), b.guard('W')),
    b.anyOf('coi', 'fri'),
    b.seq(b.edge('addr'), b.guard('Plain'), b.edge('wmb')),
    // cat:45-46 fence = strong-fence | po-rel | acq-po | wmb | rmb
    b.anyOf('mb', 'gp', 'po-rel', 'acq-po', 'wmb', 'rmb'),
    b.edge('po-unlock-lock-po'),
  ));
  // cat:76-78 cumul-fence = [Marked] ; (A-cumul(strong-fence | po-rel) | wmb | po-unlock-rf-lock-po) ; [Marked]
  const cumulFence = () => b.group('cumul-fence', b.seq(marked(), b.alt(
    b.seq(b.optional(b.seq(b.edge('rfe'), marked())), b.alt(strongFence(), b.edge('po-rel'))),
    b.edge('wmb'),
    b.edge('po-unlock-rf-lock-po'),
  ), marked()));
  // cat:79-80 prop = [Marked] ; (overwrite & ext)? ; cumul-fence* ; [Marked] ; rfe? ; [Marked]
  const propBody = () => b.seq(marked(), b.optional(b.anyOf('coe', 'fre')), b.star(cumulFence()), marked(), b.optional(b.edge('rfe')), marked());
  const prop = () => b.group('prop', propBody());
  // cat:86 hb = [Marked] ; (ppo | rfe | ((prop \ id) & int)) ; [Marked]
  const hb = () => b.seq(marked(), b.alt(ppo(), b.edge('rfe'), b.group('prop', propBody(), 'int-not-id')), marked());
  const hbStar = () => b.group('hb*', b.star(hb()));
  // cat:94 pb = prop ; strong-fence ; hb* ; [Marked]
  const pb = () => b.group('pb', b.seq(prop(), strongFence(), hbStar(), marked()));

  // cat:142-143 fence and strong-fence with rcu-fence; cat:45 nonrw-fence keeps its first definition.
  const fence2 = () => b.anyOf('mb', 'gp', 'po-rel', 'acq-po', 'wmb', 'rmb', 'rcu-fence');
  const strong2 = () => b.anyOf('mb', 'gp', 'rcu-fence');
  const nonrw = () => b.anyOf('mb', 'gp', 'po-rel', 'acq-po');
  // cat:169 xbstar = (hb | pb | rb)*, over the model's own relations
  const xbStarBody = () => b.star(b.anyOf('hb', 'pb', 'rb'));
  const xbStar = () => b.group('xb*', xbStarBody());
  // cat:174-179
  const wPre = () => b.seq(marked(), b.optional(b.alt(b.edge('addr'), fence2())));
  const rPre = () => b.seq(marked(), b.optional(b.alt(b.edge('addr'), nonrw(), b.seq(b.guard('R4rmb'), b.edge('fencerel(Rmb)'), b.guard('notNoreturn')))));
  const wPost = () => b.seq(b.optional(fence2()), marked());
  const rPost = () => b.seq(b.optional(b.alt(nonrw(), b.seq(b.guard('notNoreturn'), b.edge('fencerel(Rmb)'), b.guard('R4rmb')))), marked());
  // cat:170-171 vis = cumul-fence* ; rfe? ; [Marked] ; ((strong-fence ; [Marked] ; xbstar) | (xbstar & int))
  const vis = () => b.group('vis', b.seq(b.star(cumulFence()), b.optional(b.edge('rfe')), marked(), b.alt(
    b.seq(strong2(), marked(), xbStar()),
    b.group('xb*', xbStarBody(), 'int'),
  )));
  // cat:182-186
  const wwVis = () => b.group('ww-vis', b.alt(fence2(), b.seq(strong2(), xbStar(), wPre()), b.seq(wPost(), vis(), wPre())));
  const wrVis = () => b.group('wr-vis', b.alt(fence2(), b.seq(strong2(), xbStar(), rPre()), b.seq(wPost(), vis(), rPre())));
  const rwXbstar = () => b.group('rw-xbstar', b.alt(fence2(), b.seq(rPost(), xbStar(), wPre())));
  // cat:189 pre-race = ext & ((Plain * M) | (M * Plain)), on an rfe, fre or coe edge
  const preRace = (label: string) => b.alt(b.seq(b.guard('Plain'), b.edge(label)), b.seq(b.edge(label), b.guard('Plain')));

  switch (axiom) {
    // lock:55, lock:77: a pair, shown as its edge and back
    case 'lock-nest': return b.build(b.seq(b.edge('lock-nest'), b.edge('lock-nest', true)));
    case 'unmatched-locks': return b.build(b.seq(b.edge('unmatched-locks'), b.edge('unmatched-locks', true)));
    // cat:58 acyclic po-loc | com
    case 'coherence': return b.build(b.plus(b.anyOf('po-loc', 'rfi', 'rfe', 'fri', 'fre', 'coi', 'coe')));
    // cat:61 empty rmw & (fre ; coe): a read, its RMW's write, and fre;coe from the one to the other
    case 'atomic': return b.build(b.seq(b.edge('fre'), b.edge('coe'), b.edge('rmw', true)));
    // cat:87 acyclic hb
    case 'happens-before': return b.build(b.plus(hb()));
    // cat:95 acyclic pb
    case 'propagation': return b.build(b.plus(pb()));
    // cat:146-148 irreflexive prop ; rcu-fence ; hb* ; pb* ; [Marked]
    case 'rcu': return b.build(b.group('rb', b.seq(prop(), b.edge('rcu-fence'), hbStar(), b.star(pb()), marked())));
    // cat:192-195: a pre-race rf, fr or co edge closed by the visibility relation it contradicts
    case 'plain-coherence': return b.build(b.alt(
      b.seq(preRace('rfe'), rwXbstar()),
      b.seq(preRace('fre'), wrVis()),
      b.seq(preRace('coe'), wwVis()),
    ));
  }
}

/** stdlib:29 fencerel(B) = (po & (_ * B)) ; po */
function fencerel(s: LkmmStructure, fences: EventSet): Relation {
  return s.po.restrict(EventSet.of(s.events.length, s.events.map((e) => e.id)), fences).compose(s.po);
}

/** The candidate's base relations in the LKMM's vocabulary. */
export function lkmmBaseRelations(s: LkmmStructure, verdict: LkmmVerdict): BaseRelations {
  const n = s.events.length;
  const st = lkmmStaticRelations(s);
  const { R, W, M, Marked, Plain, Noreturn, UL, LKR, LKW } = s.sets;
  const rf = verdict.relations.rf.clone();
  const co = verdict.relations.co.clone();
  const fr = verdict.relations.fr.clone();
  const int = s.sameThread;
  const tagged = (tag: string) => s.sets.tags.get(tag) ?? new EventSet(n);
  const all = EventSet.of(n, s.events.map((e) => e.id));
  const { mb, poUnlockRfLockPo } = verdict.relations;
  const byLabel: Record<string, Relation> = {
    ...communicationRelations(s, rf, co, fr),
    rmw: s.rmw,
    'acq-po': st.acqPo,
    'po-rel': st.poRel,
    rmb: st.rmb,
    wmb: st.wmb,
    mb,
    gp: st.gp,
    'po-unlock-rf-lock-po': poUnlockRfLockPo,
    'po-unlock-lock-po': poUnlockRfLockPo.intersect(int),
    'fencerel(Rmb)': fencerel(s, tagged('rmb')),
    'rcu-fence': verdict.relations.rcuFence.clone(),
    hb: verdict.relations.hb.clone(),
    pb: verdict.relations.pb.clone(),
    rb: verdict.relations.rb.clone(),
    // lock:55
    'lock-nest': s.poLoc.restrict(LKW, LKR).minus(s.poLoc.restrict(all, UL).compose(s.poLoc)),
    'unmatched-locks': unmatchedLocks(s, all),
  };
  return {
    threads: s.events.map((e) => e.thread),
    sets: { R, W, M, Marked, Plain, R4rmb: R.minus(Noreturn), notNoreturn: Noreturn.complement() },
    byLabel,
    co,
    rf,
    sameThread: int,
  };
}

/** lock:71, 76-77: ([UNMATCHED-LKW] ; loc ; [UNMATCHED-LKW]) \ id */
function unmatchedLocks(s: LkmmStructure, all: EventSet): Relation {
  const { LKW, UL } = s.sets;
  const critical = s.poLoc.restrict(LKW, UL).minus(s.poLoc.restrict(all, LKW.union(UL)).compose(s.poLoc));
  const unmatched = LKW.minus(critical.domain());
  return s.sameLocation.restrict(unmatched, unmatched).minus(Relation.identity(all));
}

/** LKMM_CATALOGUE.holds: each axiom on its whole relation; plain-coherence is left to the search. */
function lkmmHolds(axiom: string, r: BaseRelations): boolean {
  const l = r.byLabel as Record<string, Relation>;
  switch (axiom) {
    case 'lock-nest': return l['lock-nest']!.isEmpty();
    case 'unmatched-locks': return l['unmatched-locks']!.isEmpty();
    case 'coherence': return l['po-loc']!.union(r.rf, r.co, l.fri!, l.fre!).isAcyclic();
    case 'atomic': return l.rmw!.intersect(l.fre!.compose(l.coe!)).isEmpty();
    case 'happens-before': return l.hb!.isAcyclic();
    case 'propagation': return l.pb!.isAcyclic();
    case 'rcu': return l.rb!.isIrreflexive();
    default: return false;
  }
}

/** LKMM_CATALOGUE.origins: the events on a cycle of the axiom's relation (a cycle in base edges starts at an edge of it). */
function lkmmOrigins(axiom: string, r: BaseRelations): EventSet | null {
  const l = r.byLabel as Record<string, Relation>;
  const onCycle = (x: Relation): EventSet => {
    const plus = x.plus();
    return EventSet.of(r.threads.length, r.threads.map((_, e) => e).filter((e) => plus.has(e, e)));
  };
  switch (axiom) {
    case 'coherence': return onCycle(l['po-loc']!.union(r.rf, r.co, l.fri!, l.fre!));
    case 'happens-before': return onCycle(l.hb!);
    case 'propagation': return onCycle(l.pb!);
    case 'rcu': return onCycle(l.rb!);
    default: return null;
  }
}

export const LKMM_CATALOGUE: AxiomCatalogue = {
  holds: lkmmHolds,
  origins: lkmmOrigins,
  model: 'lkmm',
  modelName: 'the LKMM',
  axioms: LKMM_AXIOMS,
  automata: new Map(LKMM_AXIOMS.map((a) => [a, lkmmAutomaton(a)])),
  statements: LKMM_AXIOM_STATEMENTS,
  meanings: LKMM_LABEL_MEANINGS,
  coherenceAxiom: 'coherence',
  dependencyLabels: ['addr', 'data', 'ctrl', 'rmw'],
  fenceRows: {
    mb: ['mb', 'before-atomic', 'after-atomic', 'after-spinlock', 'after-unlock-lock'],
    rmb: ['rmb'],
    wmb: ['wmb'],
    gp: ['sync-rcu', 'sync-srcu'],
    'fencerel(Rmb)': ['rmb'],
  },
  contextRows: { 'rcu-fence': ['rcu-lock', 'rcu-unlock', 'sync-rcu'] },
  drawn: ['rfi', 'rfe', 'addr', 'data', 'ctrl', 'rmw'],
  drawnAcrossFences: ['mb', 'rmb', 'wmb', 'gp'],
  colours: {
    ...COMMUNICATION_COLOURS,
    rmw: 'deeppink',
    'acq-po': 'teal',
    'po-rel': 'teal',
    mb: 'darkgreen',
    gp: 'darkgreen',
    rmb: 'seagreen',
    wmb: 'seagreen',
    'fencerel(Rmb)': 'seagreen',
    'po-unlock-rf-lock-po': 'purple',
    'po-unlock-lock-po': 'purple',
    'rcu-fence': 'darkorange3',
    hb: 'gray20',
    pb: 'gray20',
    rb: 'gray20',
    'lock-nest': 'firebrick',
    'unmatched-locks': 'firebrick',
  },
};

/** `R[once]`, `W*[release]` (an RMW's), `F[mb]`, `LKW`, `S[srcu-lock]`. */
function annotated(e: LkmmStructure['events'][number]): string {
  const source = e.source;
  if (source.lock !== null) return source.lock;
  if (e.kind === 'F' || e.kind === 'S') return `${e.kind}[${source.tag}]`;
  return `${e.kind}${source.rmwInstruction ? '*' : ''}[${source.tag}]`;
}

/** The C statement, and the primitive behind it when the statement does not show it. */
export function cCodeText(source: COpSource): string {
  if (source.primitive === null || source.statement.includes(`${source.primitive}(`)) return source.statement;
  return `${source.statement}  [${source.primitive}()]`;
}

/** An LKMM execution: every event (fences are events here) with its C statement and tags. */
export function lkmmSnapshot(
  observed: readonly Location[], execution: VisitedExecution<LkmmStructure, LkmmVerdict>,
): ExecutionSnapshot {
  const { candidate, values, verdict } = execution;
  const s = candidate.structure;
  const names = lineNames(s.events.map((e) => ({ thread: e.thread, line: e.source.source.line })));
  const events = s.events.map((e): SnapshotEvent => ({
    id: e.id, thread: e.thread, kind: e.kind, location: e.location, slot: e.source.index, code: cCodeText(e.source.source), annotated: annotated(e),
  }));
  const rows = events.map((e): CodeRow => ({
    thread: e.thread, order: e.slot, name: names[e.id]!, code: e.code, event: e.id, fence: e.kind === 'F' ? s.events[e.id]!.source.tag : null,
  }));
  return {
    catalogue: LKMM_CATALOGUE,
    events,
    threadCount: s.paths.length,
    po: s.po,
    relations: lkmmBaseRelations(s, verdict),
    values: s.events.map((e) => (e.kind === 'R' ? values.readValue(e.id) : e.kind === 'F' ? null : values.eventValue(e.id))),
    names,
    rows,
    finalState: observed.map((location) => ({ location, value: finalValue(candidate, values, location) })),
  };
}
