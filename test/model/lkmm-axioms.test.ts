/**
 * Unit tests of linux-kernel.cat (../shared/docs/lkmm/, herd7 7.57+1's
 * version) one definition at a time, on small inline kernel-C shapes. Each
 * test asserts the observation and which axiom rejects the outcome's
 * candidate executions (the first broken in herd's order, LKMM_AXIOMS), with
 * the verdict derived from the cat text in a comment ("cat:N" is
 * linux-kernel.cat line N, "lock:N" lock.cat, "bell:N" linux-kernel.bell).
 * Where the kernel's tools/memory-model/litmus-tests/ (its `Result:`
 * comment) or ../shared/corpus/lkmm/ (herd7's lkmm.tsv / lkmm.herd7.log)
 * has the shape, its herd7 result is cited as the second source.
 *
 * Relations used throughout (cat:76-80, 86, 94):
 *   prop = [Marked]; (overwrite & ext)?; cumul-fence*; [Marked]; rfe?; [Marked]
 *   hb   = [Marked]; (ppo | rfe | ((prop \ id) & int)); [Marked]
 *   pb   = prop; strong-fence; hb*; [Marked]
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { beyondCoherence, judge, litmus } from './helpers.ts';

describe('coherence (cat:57-58: acyclic po-loc | rf | co | fr)', () => {
  it('CoRR: two po-ordered reads of x cannot see the write then the initial value', () => {
    // 1:r0 reads W x=1 (rf), 1:r1 reads the initial value, so r1 -fr-> W x=1:
    // W -rf-> r0 -po-loc-> r1 -fr-> W is a cycle of po-loc | com (cat:58).
    // Kernel CoRR+poonceonce+Once: Result Never; herd7 C-coRR+o-o+o: Never, 3 states.
    const j = judge(litmus('CoRR', `
P0(int *x) { WRITE_ONCE(*x, 1); }
P1(int *x) { int r0; int r1; r0 = READ_ONCE(*x); r1 = READ_ONCE(*x); }
exists (1:r0=1 /\\ 1:r1=0)`));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.states, ['1:r0=0; 1:r1=0;', '1:r0=0; 1:r1=1;', '1:r0=1; 1:r1=1;']);
    assert.deepEqual(j.outcome, { coherence: 1 });
  });

  it('CoWR: a read po-after a write of x cannot see a co-earlier write', () => {
    // x=1 at the end means W x=2 -co-> W x=1; r0=2 means W x=2 -rf-> r0. Then
    // W x=1 -po-loc-> r0 and r0 -fr-> W x=1 (fr = rf^-1;co): a cycle (cat:58).
    // Kernel CoWR+poonceonce+Once: Never; herd7 C-coWR+o+o: Never, 3 states.
    const j = judge(litmus('CoWR', `
P0(int *x) { int r0; WRITE_ONCE(*x, 1); r0 = READ_ONCE(*x); }
P1(int *x) { WRITE_ONCE(*x, 2); }
exists (0:r0=2 /\\ x=1)`));
    assert.equal(j.observation, 'Never');
    assert.equal(j.states.length, 3);
    assert.deepEqual(j.outcome, { coherence: 1 });
  });

  it('CoRW: a read cannot see a write co-after its own po-later write', () => {
    // r0=2 and x=2: W x=2 -rf-> r0 -po-loc-> W x=1 -co-> W x=2, a cycle (cat:58).
    // herd7 C-coRW2+o+o: Never, 3 states (0:r1=0;[x]=1 / 0:r1=0;[x]=2 / 0:r1=2;[x]=1).
    const j = judge(litmus('CoRW', `
P0(int *x) { int r0; r0 = READ_ONCE(*x); WRITE_ONCE(*x, 1); }
P1(int *x) { WRITE_ONCE(*x, 2); }
exists (0:r0=2 /\\ x=2)`));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.states, ['0:r0=0; [x]=1;', '0:r0=0; [x]=2;', '0:r0=2; [x]=1;']);
    assert.deepEqual(j.outcome, { coherence: 1 });
  });

  it('CoRW1: a read cannot see its own po-later write', () => {
    // W x=1 -rf-> r0 -po-loc-> W x=1 (cat:58). herd7 C-coRW1+o+o: Never, 1 state.
    const j = judge(litmus('CoRW1', `
P0(int *x) { int r0; r0 = READ_ONCE(*x); WRITE_ONCE(*x, 1); }
exists (0:r0=1)`));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.states, ['0:r0=0;']);
    assert.deepEqual(j.outcome, { coherence: 1 });
  });

  it('CoWW: co agrees with po between writes of one thread', () => {
    // x=1 at the end needs W x=2 -co-> W x=1 against W x=1 -po-loc-> W x=2 (cat:58).
    // Kernel CoWW+poonceonce: Never; herd7 C-coWW+o+o: Never, 1 state [x]=2.
    const j = judge(litmus('CoWW', `
P0(int *x) { WRITE_ONCE(*x, 1); WRITE_ONCE(*x, 2); }
exists (x=1)`));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.states, ['[x]=2;']);
    assert.deepEqual(j.outcome, { coherence: 1 });
  });
});

describe('atomic (cat:61: empty rmw & (fre ; coe))', () => {
  const twoIncs = (cond: string) => litmus('atomic-incs', `
P0(atomic_t *x) { atomic_inc(x); }
P1(atomic_t *x) { atomic_inc(x); }
exists (${cond})`);

  it('two atomic_inc always end at 2', () => {
    // Consistent executions: one increment reads the other's write (2 executions, one per co order).
    // Cf. herd7 C-lock2 (the same with a lock-protected READ_ONCE/WRITE_ONCE increment): [x]=2 only, 2 executions.
    const j = judge(twoIncs('x=2'));
    assert.equal(j.observation, 'Always');
    assert.equal(j.positive, 2);
    assert.equal(j.negative, 0);
    assert.deepEqual(j.states, ['[x]=2;']);
  });

  it('both reading 0 is rejected by atomic, whichever write is co-first', () => {
    // x=1: each R* reads the initial value and writes 1. With co W0 -> W1,
    // R1 -fre-> W0 -coe-> W1 and R1 -rmw-> W1: rmw & (fre;coe) is not empty
    // (cat:61); symmetrically for W1 -> W0. Those 2 candidates break nothing
    // earlier (no po-loc | com cycle). The other 4 candidates reaching x=1 read
    // a po-later write (their own, or round a cycle through the other
    // thread's, whose thin-air value is 0) and break coherence first.
    const j = judge(twoIncs('x=1'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.outcome, { coherence: 4, atomic: 2 });
  });
});

describe('ppo: dependencies (cat:68-73)', () => {
  const mpAddr = (writer: string) => litmus('MP+addr', `
P0(int *x, int **p) { WRITE_ONCE(*x, 1); ${writer} WRITE_ONCE(*p, x); }
P1(int **p) { int *r0; int r1; r0 = READ_ONCE(*p); r1 = READ_ONCE(*r0); }
exists (1:r0=x /\\ 1:r1=0)`, 'int *p = &z;');

  it('addr is in to-r (cat:72): MP with smp_wmb and an address dependency is forbidden', () => {
    // R p -addr-> R x is ppo (cat:72-73), so hb (cat:86). R x -fre-> W x
    // -wmb-> W p -rfe-> R p is prop (cat:79: fre, then cumul-fence = wmb
    // (cat:77), then rfe), from R x to R p in one thread: (prop \ id) & int is
    // in hb. hb has the cycle R p -> R x -> R p: happens-before (cat:87).
    // herd7 C-MP+o-mb-o+o-addr-o (smp_mb on the writer): Never.
    const j = judge(mpAddr('smp_wmb();'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.outcome, { 'happens-before': 1 });
  });

  it('without the writer fence the addr dependency alone does not forbid MP', () => {
    // No cumul-fence from W x to W p, so no prop from R x back to R p: allowed.
    const j = judge(mpAddr(''));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(j.outcome, { allowed: 1 });
  });

  const lbData = (value: string) => litmus('LB+data+mb', `
P0(int *x, int *y) { int r0; r0 = READ_ONCE(*x); WRITE_ONCE(*y, ${value}); }
P1(int *x, int *y) { int r1; r1 = READ_ONCE(*y); smp_mb(); WRITE_ONCE(*x, 1); }
exists (0:r0=1 /\\ 1:r1=1)`);

  it('data is in rwdep (cat:69) so in to-w and ppo: LB with data and smp_mb is forbidden', () => {
    // R x -data-> W y (rwdep, cat:69-71), W y -rfe-> R y -mb-> W x (mb is a
    // fence, cat:36,46, in ppo cat:73) -rfe-> R x: a cycle of hb (cat:86-87).
    // herd7 C-mp+o-wb-o+o-data-o is the MP analogue: Never.
    const j = judge(lbData('r0'));
    assert.equal(j.observation, 'Never');
    // W y writes r0, so 1:r1=1 needs 0:r0=1: two states remain.
    assert.deepEqual(j.states, ['0:r0=0; 1:r1=0;', '0:r0=1; 1:r1=0;']);
    assert.deepEqual(j.outcome, { 'happens-before': 1 });
  });

  it('a constant store has no dependency: the same LB is allowed', () => {
    // Nothing orders R x before W y (no dep, no fence): the hb cycle is gone.
    // herd7 C-lb+o-mb-o+o-rmb-o (no ordering on one side): Sometimes, 4 states.
    const j = judge(lbData('1'));
    assert.equal(j.observation, 'Sometimes');
    assert.equal(j.states.length, 4);
    assert.deepEqual(j.outcome, { allowed: 1 });
  });

  const lbCtrl = (p0: string) => litmus('LB+ctrl+mb', `
P0(int *x, int *y, int *z) { int r0; r0 = READ_ONCE(*x); ${p0} }
P1(int *x, int *y) { int r1; r1 = READ_ONCE(*y); smp_mb(); WRITE_ONCE(*x, 1); }
exists (0:r0=1 /\\ 1:r1=1)`);

  it('ctrl to a write inside the if is in rwdep (cat:69): LB+ctrl+mb is forbidden', () => {
    // R x -ctrl-> W y (inside the if), W y -rfe-> R y -mb-> W x -rfe-> R x: hb cycle (cat:87).
    // Kernel LB+ctrlonceonce+mbonceonce: Result Never.
    const j = judge(lbCtrl('if (r0) { WRITE_ONCE(*y, 1); }'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.outcome, { 'happens-before': 1 });
  });

  it("herd's ctrl stops at the end of the if: a write after it is not ordered", () => {
    // W y follows the if, so R x -ctrl-> W y does not hold; nothing else orders them.
    // herd7 manual/deps/LB-ctls-diffvals-postif (writes after the ifs): Sometimes.
    const j = judge(lbCtrl('if (r0) { WRITE_ONCE(*z, 1); } WRITE_ONCE(*y, 1);'));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(j.outcome, { allowed: 1 });
  });

  it('LB-ctls-diffvals-postif as in the corpus: 4 states, 2 positive, 6 negative', () => {
    // herd7 manual/deps/LB-ctls-diffvals-postif: Sometimes 4 states, Positive 2 Negative 6.
    const j = judge(litmus('LB-ctls-diffvals-postif', `
P0(int *x, int *y, int *z)
{
	int r1;

	r1 = READ_ONCE(*x);
	if (r1) {
		WRITE_ONCE(*y, 1);
	} else {
		WRITE_ONCE(*y, 2);
	}
	WRITE_ONCE(*z, 1);
}

P1(int *x, int *y, int *z)
{
	int r1;

	r1 = READ_ONCE(*z);
	if (r1) {
		WRITE_ONCE(*y, 1);
	} else {
		WRITE_ONCE(*y, 2);
	}
	WRITE_ONCE(*x, 1);
}

exists (0:r1=1 /\\ 1:r1=1)`));
    assert.equal(j.observation, 'Sometimes');
    assert.equal(j.states.length, 4);
    assert.equal(j.positive, 2);
    assert.equal(j.negative, 6);
  });

  it('ctrl orders no read (rwdep is `(dep | ctrl) ; [W]`, cat:69)', () => {
    // MP+wmb with the reader's second read under if (r0): R y -ctrl-> R x is
    // not in ppo (to-r has addr and dep;rfi only, cat:72), so no hb cycle.
    const j = judge(litmus('MP+wmb+ctrl', `
P0(int *x, int *y) { WRITE_ONCE(*x, 1); smp_wmb(); WRITE_ONCE(*y, 1); }
P1(int *x, int *y) { int r0; int r1; r0 = READ_ONCE(*y); if (r0) { r1 = READ_ONCE(*x); } }
exists (1:r0=1 /\\ 1:r1=0)`));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(j.outcome, { allowed: 1 });
  });

  const toR = (store: string) => litmus('LB+dep-rfi-ctrl+mb', `
P0(int *x, int *y, int *z) { int r0; int r1; r0 = READ_ONCE(*x); ${store} r1 = READ_ONCE(*z); if (r1) { WRITE_ONCE(*y, 1); } }
P1(int *x, int *y) { int r2; r2 = READ_ONCE(*y); smp_mb(); WRITE_ONCE(*x, 1); }
exists (0:r0=1 /\\ 0:r1=1 /\\ 1:r2=1)`);

  it('to-r includes dep ; [Marked] ; rfi (cat:72): a read of a dependent marked store is ordered after the source read', () => {
    // R x -data-> W z (marked) -rfi-> R z is to-r, R z -ctrl-> W y is to-w,
    // then W y -rfe-> R y -mb-> W x -rfe-> R x: hb cycle (cat:86-87).
    const j = judge(toR('WRITE_ONCE(*z, r0);'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.outcome, { 'happens-before': 1 });
  });

  it('without the dependency into the store (a constant) that rfi orders nothing', () => {
    // W z=1 does not depend on R x: R x is unordered with R z, the cycle breaks.
    const j = judge(toR('WRITE_ONCE(*z, 1);'));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(j.outcome, { allowed: 1 });
  });

  it('the [Marked] of to-r: through a plain store the dependency does not carry', () => {
    // `*z = r0` is Plain (bell:82-84), so dep ; [Marked] ; rfi does not hold;
    // nothing else orders R x before R z. The plain store and the marked read
    // of z in one thread, with no barrier between, also raise mixed-accesses (cat:164-166).
    const j = judge(toR('*z = r0;'));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(j.outcome, { allowed: 1 });
    assert.deepEqual(j.flags, ['mixed-accesses']);
  });
});

describe('ppo: rmb and wmb (cat:33-35)', () => {
  const mp = (writer: string, reader: string) => litmus('MP', `
P0(int *x, int *y) { WRITE_ONCE(*x, 1); ${writer} WRITE_ONCE(*y, 1); }
P1(int *x, int *y) { int r0; int r1; r0 = READ_ONCE(*y); ${reader} r1 = READ_ONCE(*x); }
exists (1:r0=1 /\\ 1:r1=0)`);

  it('MP+wmb+rmb is forbidden by happens-before', () => {
    // R y -rmb-> R x is ppo (cat:34, 46, 73). R x -fre-> W x -wmb-> W y
    // -rfe-> R y is prop (cat:77, 79) from R x to R y, internal, so hb (cat:86).
    // hb cycle R y -> R x -> R y (cat:87).
    // Kernel MP+fencewmbonceonce+fencermbonceonce: Never; herd7
    // C-mp+o-wb-o+o-rb-o2: Never, 3 states.
    const j = judge(mp('smp_wmb();', 'smp_rmb();'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.states, ['1:r0=0; 1:r1=0;', '1:r0=0; 1:r1=1;', '1:r0=1; 1:r1=1;']);
    assert.equal(j.negative, 3);
    assert.deepEqual(j.outcome, { 'happens-before': 1 });
  });

  it('MP with neither fence: 4 states, 1 positive of 4', () => {
    // herd7 C-MP+o-o+o-o: Sometimes, 4 states, Positive 1 Negative 3.
    const j = judge(mp('', ''));
    assert.equal(j.observation, 'Sometimes');
    assert.equal(j.states.length, 4);
    assert.equal(j.positive, 1);
    assert.equal(j.negative, 3);
  });

  it('MP+wmb with no reader fence is allowed (R y and R x unordered)', () => {
    assert.deepEqual(judge(mp('smp_wmb();', '')).outcome, { allowed: 1 });
  });

  it('MP+rmb with no writer fence is allowed (no cumul-fence from W x to W y)', () => {
    // herd7 C-mp+o-mb-o+o-wmb-o (wmb on the reader orders no reads): Sometimes.
    assert.deepEqual(judge(mp('', 'smp_rmb();')).outcome, { allowed: 1 });
  });

  it('smp_wmb orders only writes: on the reader side it does nothing', () => {
    // wmb = [W] ; fencerel(Wmb) ; [W] (cat:35): R y, R x are reads.
    // herd7 C-mp+o-mb-o+o-wmb-o: Sometimes.
    const j = judge(mp('smp_mb();', 'smp_wmb();'));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(j.outcome, { allowed: 1 });
  });

  it('smp_rmb orders only reads: on the writer side it does nothing', () => {
    // rmb = [R4rmb] ; fencerel(Rmb) ; [R4rmb] (cat:34): W x, W y are writes.
    assert.deepEqual(judge(mp('smp_rmb();', 'smp_rmb();')).outcome, { allowed: 1 });
  });

  const mpRmw = (rmw: string) => litmus('MP+wmb+rmb-rmw', `
P0(int *x, int *y) { WRITE_ONCE(*x, 2); smp_wmb(); WRITE_ONCE(*y, 1); }
P1(int *x, int *y) { int r0; int r1; r0 = READ_ONCE(*y); smp_rmb(); ${rmw} }
exists (1:r0=1 /\\ x=2)`);

  it('rmb does not order the read of a non-returning RMW (R4rmb = R \\ Noreturn, cat:33)', () => {
    // x=2 at the end with r0=1: the atomic_inc's R* reads 0 and its W* is
    // co-before W x=2 (else atomic, cat:61). Its read is R*[noreturn]
    // (linux-kernel.def:65), so R y -rmb-> R* does not hold (cat:33-34), and
    // nothing else orders R y before R* or W*: allowed.
    const j = judge(mpRmw('atomic_inc(x);'));
    assert.equal(j.observation, 'Sometimes');
    assert.equal(j.outcome.allowed, 1);
  });

  it('rmb does order the read of a value-returning RMW', () => {
    // atomic_inc_return_relaxed's R* is R[once], in R4rmb: R y -rmb-> R*.
    // R* -fre-> W x=2 -wmb-> W y -rfe-> R y is prop, internal: hb cycle (cat:87).
    const j = judge(mpRmw('r1 = atomic_inc_return_relaxed(x);'));
    assert.equal(j.observation, 'Never');
    assert.equal(j.outcome.allowed, undefined);
    assert.equal(j.outcome['happens-before'], 1);
  });
});

describe('ppo: acq-po and po-rel (cat:28-29)', () => {
  const mp = (store: string, load: string) => litmus('MP+rel+acq', `
P0(int *x, int *y) { WRITE_ONCE(*x, 1); ${store}; }
P1(int *x, int *y) { int r0; int r1; r0 = ${load}; r1 = READ_ONCE(*x); }
exists (1:r0=1 /\\ 1:r1=0)`);

  it('MP with smp_store_release / smp_load_acquire is forbidden by happens-before', () => {
    // R y -acq-po-> R x (cat:28) is a fence (cat:45-46) so ppo. W x -po-rel-> W y
    // (cat:29) is cumul-fence (cat:77), so R x -fre-> W x -> W y -rfe-> R y is
    // prop, internal to P1, in hb: hb cycle (cat:87).
    // Kernel MP+pooncerelease+poacquireonce: Never.
    const j = judge(mp('smp_store_release(y, 1)', 'smp_load_acquire(y)'));
    assert.equal(j.observation, 'Never');
    assert.equal(j.states.length, 3);
    assert.deepEqual(j.outcome, { 'happens-before': 1 });
  });

  it('release without acquire is allowed', () => {
    // No ppo from R y to R x. herd7 luc C-MP+pooncerelease+poonceacquire (acquire on the wrong read): Sometimes.
    assert.deepEqual(judge(mp('smp_store_release(y, 1)', 'READ_ONCE(*y)')).outcome, { allowed: 1 });
  });

  it('acquire without release is allowed', () => {
    // No cumul-fence from W x to W y. herd7 luc C-MP+poonceonce+poacquireonce: Sometimes 4 states, 1 positive.
    const j = judge(mp('WRITE_ONCE(*y, 1)', 'smp_load_acquire(y)'));
    assert.equal(j.observation, 'Sometimes');
    assert.equal(j.states.length, 4);
    assert.deepEqual(j.outcome, { allowed: 1 });
  });

  it('LB with acquire and release: acq-po and po-rel close an hb cycle', () => {
    // R x -acq-po-> W y -rfe-> R y -po-rel-> W x -rfe-> R x (cat:28-29, 45, 73, 86).
    // Kernel LB+poacquireonce+pooncerelease: Never; herd7 C-lb+o-rel+acq-o: Never, 3 states.
    const j = judge(litmus('LB+acq+rel', `
P0(int *x, int *y) { int r0; r0 = smp_load_acquire(x); WRITE_ONCE(*y, 1); }
P1(int *x, int *y) { int r1; r1 = READ_ONCE(*y); smp_store_release(x, 1); }
exists (0:r0=1 /\\ 1:r1=1)`));
    assert.equal(j.observation, 'Never');
    assert.equal(j.states.length, 3);
    assert.deepEqual(j.outcome, { 'happens-before': 1 });
  });
});

describe('strong fences: the mb variants (cat:36-43) and propagation (cat:94-95)', () => {
  const sb = (p0: string, p1 = 'WRITE_ONCE(*y, 1); smp_mb(); r1 = READ_ONCE(*x);') => litmus('SB', `
P0(int *x, int *y, int *z, spinlock_t *s) { int r0; ${p0} }
P1(int *x, int *y) { int r1; ${p1} }
exists (0:r0=0 /\\ 1:r1=0)`);

  it('SB with smp_mb on both sides is forbidden by propagation: exactly 3 states, 3 executions', () => {
    // R y -fre-> W y is prop (cat:79), W y -mb-> R x a strong fence (cat:36,
    // 43): pb(R y, R x) (cat:94). Symmetrically pb(R x, R y): a pb cycle
    // (cat:95). hb has no cycle (fre is not in hb), so happens-before holds.
    // Kernel SB+fencembonceonces: Never; herd7 C-SB+o-mb-o+o-mb-o: Never, 3 states, 0/3.
    const j = judge(sb('WRITE_ONCE(*x, 1); smp_mb(); r0 = READ_ONCE(*y);'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.states, ['0:r0=0; 1:r1=1;', '0:r0=1; 1:r1=0;', '0:r0=1; 1:r1=1;']);
    assert.equal(j.positive, 0);
    assert.equal(j.negative, 3);
    assert.deepEqual(j.outcome, { propagation: 1 });
  });

  it('SB with no fences: 4 states, 4 executions, 1 positive', () => {
    // Kernel SB+poonceonces: Sometimes; herd7 C-sb+o-o+o-o: Sometimes, 4 states, 1/3.
    const j = judge(sb('WRITE_ONCE(*x, 1); r0 = READ_ONCE(*y);', 'WRITE_ONCE(*y, 1); r1 = READ_ONCE(*x);'));
    assert.equal(j.observation, 'Sometimes');
    assert.equal(j.states.length, 4);
    assert.equal(j.positive, 1);
    assert.equal(j.negative, 3);
    assert.deepEqual(j.outcome, { allowed: 1 });
  });

  it('SB with smp_mb on one side only is allowed', () => {
    // pb(R x, R y) needs a strong fence in P0 after W x: there is none.
    assert.deepEqual(judge(sb('WRITE_ONCE(*x, 1); r0 = READ_ONCE(*y);')).outcome, { allowed: 1 });
  });

  it('SB with release stores and acquire loads is allowed: po-rel and acq-po are not strong fences', () => {
    // strong-fence is mb | gp (cat:43); W x then R y is neither po-rel (R y is
    // no release) nor acq-po (W x is no acquire). herd7 C-sb+rel-acq+rel-acq: Sometimes, 4 states.
    const j = judge(sb('smp_store_release(x, 1); r0 = smp_load_acquire(y);', 'smp_store_release(y, 1); r1 = smp_load_acquire(x);'));
    assert.equal(j.observation, 'Sometimes');
    assert.equal(j.states.length, 4);
    assert.deepEqual(j.outcome, { allowed: 1 });
  });

  it('smp_mb__before_atomic orders what precedes it with an RMW and what follows the RMW (cat:37)', () => {
    // [M] ; fencerel(Before-atomic) ; [RMW] ; po? ; [M]: W x -> R*/W* of the
    // atomic_inc -> R y, so W x -mb-> R y is a strong fence: the SB pb cycle.
    // (beyondCoherence: the candidate where atomic_inc's R* reads its own W* is coherence's.)
    const j = judge(sb('WRITE_ONCE(*x, 1); smp_mb__before_atomic(); atomic_inc(z); r0 = READ_ONCE(*y);'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(beyondCoherence(j.outcome), { propagation: 1 });
  });

  it('smp_mb__after_atomic orders an RMW and what precedes it with what follows the fence (cat:38)', () => {
    // [M] ; po? ; [RMW] ; fencerel(After-atomic) ; [M]: W x -po-> atomic_inc -> fence -> R y.
    const j = judge(sb('WRITE_ONCE(*x, 1); atomic_inc(z); smp_mb__after_atomic(); r0 = READ_ONCE(*y);'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(beyondCoherence(j.outcome), { propagation: 1 });
  });

  it('smp_mb__before_atomic / after_atomic on the wrong side of the RMW order nothing', () => {
    // before-atomic relates only to an RMW po-after the fence and what follows
    // that RMW (cat:37): R y is po-before the atomic_inc here.
    const before = judge(sb('WRITE_ONCE(*x, 1); smp_mb__before_atomic(); r0 = READ_ONCE(*y); atomic_inc(z);'));
    assert.equal(before.observation, 'Sometimes');
    assert.deepEqual(beyondCoherence(before.outcome), { allowed: 1 });
    // after-atomic relates the RMW and what is po-before it to what follows the
    // fence (cat:38): W x is po-after the atomic_inc here.
    const after = judge(sb('atomic_inc(z); WRITE_ONCE(*x, 1); smp_mb__after_atomic(); r0 = READ_ONCE(*y);'));
    assert.equal(after.observation, 'Sometimes');
    assert.deepEqual(beyondCoherence(after.outcome), { allowed: 1 });
  });

  it('smp_mb() with an atomic_inc between: the plain mb (cat:36) is enough', () => {
    const j = judge(sb('WRITE_ONCE(*x, 1); smp_mb(); atomic_inc(z); r0 = READ_ONCE(*y);'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(beyondCoherence(j.outcome), { propagation: 1 });
  });

  it('smp_mb__after_spinlock orders accesses before spin_lock with those after the fence (cat:39)', () => {
    // [M] ; po? ; [LKW] ; fencerel(After-spinlock) ; [M]: W x -po-> LKW -> fence -> R y is mb.
    // herd7 manual/atomic/C-lock-write2 (smp_wmb; spin_lock; read, no after_spinlock): Sometimes.
    const lock = (fence: string) => sb(`WRITE_ONCE(*x, 1); spin_lock(s); ${fence} r0 = READ_ONCE(*y); spin_unlock(s);`);
    const fenced = judge(lock('smp_mb__after_spinlock();'));
    assert.equal(fenced.observation, 'Never');
    assert.deepEqual(beyondCoherence(fenced.outcome), { propagation: 1 });
    // Without it, LKR is only an acquire: LKR -acq-po-> R y, nothing from W x.
    const plain = judge(lock(''));
    assert.equal(plain.observation, 'Sometimes');
    assert.deepEqual(beyondCoherence(plain.outcome), { allowed: 1 });
  });
});

describe('Z6.0 through a lock: after_spinlock and after_unlock_lock (cat:39-41)', () => {
  // Kernel Z6.0+pooncelock+pooncelock+pombonce / +poonceLock+ (P1 adds smp_mb__after_spinlock()).
  const z6 = (p1fence: string) => litmus('Z6.0+locks', `
P0(int *x, int *y, spinlock_t *mylock)
{
	spin_lock(mylock);
	WRITE_ONCE(*x, 1);
	WRITE_ONCE(*y, 1);
	spin_unlock(mylock);
}

P1(int *y, int *z, spinlock_t *mylock)
{
	int r0;

	spin_lock(mylock);
	${p1fence}
	r0 = READ_ONCE(*y);
	WRITE_ONCE(*z, 1);
	spin_unlock(mylock);
}

P2(int *x, int *z)
{
	int r1;

	WRITE_ONCE(*z, 2);
	smp_mb();
	r1 = READ_ONCE(*x);
}

exists (1:r0=1 /\\ z=2 /\\ 2:r1=0)`);
  // Besides the candidate with P0's critical section first (the one each test
  // is about), the outcome's candidates are: P1's section first, where R y of
  // P1 reads W y of the later section: R y -po-rel-> UL (lock:67) -rfe-> LKR
  // -acq-po-> W y (lock:68) -rfe-> R y, an hb cycle (cat:87); both LKRs reading
  // the initial value, in each of the 6 co orders of LKW0 < UL0 and LKW1 < UL1:
  // one LKR -fre-> the other's LKW -coe-> its own LKW, rejected by atomic
  // (lk-rmw is in rmw, lock:44-45; cat:61); and those with a po-later or
  // cyclic rf, coherence's.
  const others = { 'happens-before': 1, atomic: 6 };

  it('unlock then lock on another CPU is not a strong fence for a third CPU', () => {
    // po-unlock-rf-lock-po (cat:30) is cumul-fence (cat:78) but no strong
    // fence: pb needs one after the fre into P0 (cat:94), and P0, P1 have none.
    // Kernel Z6.0+pooncelock+pooncelock+pombonce: Result Sometimes.
    const j = judge(z6(''));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(beyondCoherence(j.outcome), { ...others, allowed: 1 });
  });

  it('smp_mb__after_spinlock makes it one: forbidden by propagation', () => {
    // R x -fre-> W x, then W x -po-unlock-rf-lock-po-> LKW of P1 (cat:30, 78)
    // is prop from R x to LKW; LKW -mb-> W z (cat:39) is a strong fence, so
    // pb(R x, W z). W z=1 -coe-> W z=2 -mb-> R x is pb(W z, R x): a pb cycle.
    // Kernel Z6.0+pooncelock+poonceLock+pombonce: Result Never.
    const j = judge(z6('smp_mb__after_spinlock();'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(beyondCoherence(j.outcome), { ...others, propagation: 1 });
  });

  it('smp_mb__after_unlock_lock too: [M] ; po ; [UL] ; co ; [LKW] ; fencerel(After-unlock-lock) ; [M] (cat:40-41)', () => {
    // W x -po-> UL of P0 -co-> LKW of P1 -> fence -> W z: mb(W x, W z), a
    // strong fence across CPUs. R x -fre-> W x is prop, so pb(R x, W z); with
    // pb(W z, R x) as above, a pb cycle (cat:95).
    const j = judge(z6('smp_mb__after_unlock_lock();'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(beyondCoherence(j.outcome), { ...others, propagation: 1 });
  });
});

describe('A-cumulativity (cat:76-77)', () => {
  const wrc = (p1store: string, p2fence = 'smp_rmb();') => litmus('WRC', `
P0(int *x) { WRITE_ONCE(*x, 1); }
P1(int *x, int *y) { int r0; r0 = READ_ONCE(*x); ${p1store}; }
P2(int *x, int *y) { int r0; int r1; r0 = READ_ONCE(*y); ${p2fence} r1 = READ_ONCE(*x); }
exists (1:r0=1 /\\ 2:r0=1 /\\ 2:r1=0)`);

  it('WRC with a release store and smp_rmb is forbidden: release is A-cumulative', () => {
    // W x -rfe-> R x -po-rel-> W y is A-cumul(po-rel) = cumul-fence (cat:76-77).
    // So R x(P2) -fre-> W x -cumul-fence-> W y -rfe-> R y(P2) is prop,
    // internal: hb. With R y -rmb-> R x, an hb cycle (cat:87).
    // Kernel WRC+pooncerelease+fencermbonceonce+Once: Never; herd7
    // C-release-is-A-cumulative: Never, 7 states.
    const j = judge(wrc('smp_store_release(y, 1)'));
    assert.equal(j.observation, 'Never');
    assert.equal(j.states.length, 7);
    assert.deepEqual(j.outcome, { 'happens-before': 1 });
  });

  it('WRC with WRITE_ONCE is allowed', () => {
    // No cumul-fence leaves W x. Kernel WRC+poonceonces+Once: Sometimes;
    // herd7 C-WRC-o+o-data-o+o-rmb-o (a data dependency in P1, no fence): Sometimes.
    assert.deepEqual(judge(wrc('WRITE_ONCE(*y, 1)')).outcome, { allowed: 1 });
  });

  it('WRC with smp_wmb in P1 is allowed: wmb is in cumul-fence without A-cumul, and orders only writes', () => {
    // cumul-fence has wmb alone (cat:77), and wmb = [W];fencerel(Wmb);[W] does not start at R x.
    assert.deepEqual(judge(wrc('smp_wmb(); WRITE_ONCE(*y, 1)')).outcome, { allowed: 1 });
  });

  it('WRC with smp_mb in P1 is forbidden: A-cumul(strong-fence)', () => {
    // W x -rfe-> R x -mb-> W y is A-cumul(strong-fence) (cat:77); as for release.
    // herd7 C-wrc+o-mb-o+o-rb-o2: Never, 7 states.
    const j = judge(wrc('smp_mb(); WRITE_ONCE(*y, 1)'));
    assert.equal(j.observation, 'Never');
    assert.equal(j.states.length, 7);
    assert.deepEqual(j.outcome, { 'happens-before': 1 });
  });

  it('WRC with release but no rmb in P2 is allowed', () => {
    assert.deepEqual(judge(wrc('smp_store_release(y, 1)', '')).outcome, { allowed: 1 });
  });
});

describe('propagation of writes: 2+2W and R (cat:94-95)', () => {
  const twoPlusTwoW = (a: string, b: string) => litmus('2+2W', `
P0(int *x, int *y) { WRITE_ONCE(*x, 1); ${a} }
P1(int *x, int *y) { WRITE_ONCE(*y, 1); ${b} }
exists (x=1 /\\ y=1)`);

  it('2+2W with smp_mb is forbidden by propagation', () => {
    // x=1 /\ y=1: W x=2 -co-> W x=1 and W y=2 -co-> W y=1. W y=2 -coe-> W y=1
    // is prop (cat:79), W y=1 -mb-> W x=2 strong: pb(W y=2, W x=2); likewise
    // pb(W x=2, W y=2): a pb cycle. herd7 C-2+2w+o-mb-o+o-mb-o: Never, 3 states.
    const j = judge(twoPlusTwoW('smp_mb(); WRITE_ONCE(*y, 2);', 'smp_mb(); WRITE_ONCE(*x, 2);'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.states, ['[x]=1; [y]=2;', '[x]=2; [y]=1;', '[x]=2; [y]=2;']);
    assert.deepEqual(j.outcome, { propagation: 1 });
  });

  it('2+2W with smp_wmb is allowed: wmb is no strong fence', () => {
    // The same cycle is prop (coe ; wmb) but pb needs strong-fence (cat:94),
    // and hb has no coe. herd7 C-2+2W+o-wmb-o+o-wmb-o: Sometimes, 4 states, 1/3.
    const j = judge(twoPlusTwoW('smp_wmb(); WRITE_ONCE(*y, 2);', 'smp_wmb(); WRITE_ONCE(*x, 2);'));
    assert.equal(j.observation, 'Sometimes');
    assert.equal(j.states.length, 4);
    assert.equal(j.positive, 1);
    assert.equal(j.negative, 3);
    assert.deepEqual(j.outcome, { allowed: 1 });
  });

  it('2+2W with release stores is allowed', () => {
    // herd7 luc C-2+2W+pooncereleases: Sometimes, 4 states, 1/3.
    const j = judge(twoPlusTwoW('smp_store_release(y, 2);', 'smp_store_release(x, 2);'));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(j.outcome, { allowed: 1 });
  });

  const r = (p0fence: string) => litmus('R', `
P0(int *x, int *y) { WRITE_ONCE(*x, 1); ${p0fence} WRITE_ONCE(*y, 1); }
P1(int *x, int *y) { int r0; WRITE_ONCE(*y, 2); smp_mb(); r0 = READ_ONCE(*x); }
exists (y=2 /\\ 1:r0=0)`);

  it('R with smp_mb on both sides is forbidden by propagation', () => {
    // pb(W y=1, R x): W y=1 -coe-> W y=2 -mb-> R x. pb(R x, W y=1): R x -fre->
    // W x -mb-> W y=1. A pb cycle. Kernel R+fencembonceonces: Never; herd7 C-r+o-mb-o+o-mb-o: Never, 3 states.
    const j = judge(r('smp_mb();'));
    assert.equal(j.observation, 'Never');
    assert.equal(j.states.length, 3);
    assert.deepEqual(j.outcome, { propagation: 1 });
  });

  it('R with smp_wmb on the writer is allowed', () => {
    // R x -fre-> W x -wmb-> W y=1 is prop but no strong fence follows it in P0.
    // herd7 C-r+o-wmb-o+o-mb-o2 (the same shape): Sometimes, 4 states.
    const j = judge(r('smp_wmb();'));
    assert.equal(j.observation, 'Sometimes');
    assert.equal(j.states.length, 4);
    assert.deepEqual(j.outcome, { allowed: 1 });
  });
});

describe('value-returning RMWs are fully ordered; relaxed and failed ones are not (linux-kernel.def:30-37)', () => {
  const sb = (p0: string) => litmus('SB+rmw', `
P0(int *x, int *y, int *z) { int r0; int r2; ${p0} }
P1(int *x, int *y) { int r1; WRITE_ONCE(*y, 1); smp_mb(); r1 = READ_ONCE(*x); }
exists (0:r0=0 /\\ 1:r1=0)`);

  it('xchg is fenced after: its write is ordered before a later read (SB forbidden)', () => {
    // xchg is __xchg{mb}: F[mb] ; R* ->rmw W* ; F[mb] (herd-representation.txt).
    // W* x -mb-> R y is a strong fence: the SB pb cycle (cat:94-95).
    const j = judge(sb('r2 = xchg(x, 1); r0 = READ_ONCE(*y);'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(beyondCoherence(j.outcome), { propagation: 1 });
  });

  it('xchg on another location is a full fence between the accesses around it', () => {
    // W x -mb-> (F[mb] before R* z) ... R y: mb(W x, R y) (cat:36).
    const j = judge(sb('WRITE_ONCE(*x, 1); r2 = xchg(z, 1); r0 = READ_ONCE(*y);'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(beyondCoherence(j.outcome), { propagation: 1 });
  });

  it('xchg is fenced before: MP with xchg as the flag store and smp_rmb is forbidden', () => {
    // W x -mb-> W* y (the F[mb] before R*) is cumul-fence; R x -fre-> W x ->
    // W* y -rfe-> R y is prop, internal to P1: hb with R y -rmb-> R x (cat:87).
    const mp = (xchg: string) => litmus('MP+xchg+rmb', `
P0(int *x, int *y) { int r2; WRITE_ONCE(*x, 1); r2 = ${xchg}(y, 1); }
P1(int *x, int *y) { int r0; int r1; r0 = READ_ONCE(*y); smp_rmb(); r1 = READ_ONCE(*x); }
exists (1:r0=1 /\\ 1:r1=0)`);
    const full = judge(mp('xchg'));
    assert.equal(full.observation, 'Never');
    assert.deepEqual(beyondCoherence(full.outcome), { 'happens-before': 1 });
    const relaxed = judge(mp('xchg_relaxed'));
    assert.equal(relaxed.observation, 'Sometimes');
    assert.deepEqual(beyondCoherence(relaxed.outcome), { allowed: 1 });
  });

  it('xchg_relaxed is __xchg{once}: no fence, SB allowed', () => {
    const j = judge(sb('WRITE_ONCE(*x, 1); r2 = xchg_relaxed(z, 1); r0 = READ_ONCE(*y);'));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(beyondCoherence(j.outcome), { allowed: 1 });
  });

  it('a successful cmpxchg is fully ordered', () => {
    // z=0 initially, so cmpxchg(z, 0, 1) succeeds: F[mb] ; R* ->rmw W* ; F[mb].
    const j = judge(sb('WRITE_ONCE(*x, 1); r2 = cmpxchg(z, 0, 1); r0 = READ_ONCE(*y);'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(beyondCoherence(j.outcome), { propagation: 1 });
  });

  it('a failed cmpxchg is a lone R*[once] and gives no ordering', () => {
    // z stays 0, so cmpxchg(z, 1, 2) always fails: no fence events, SB allowed.
    const j = judge(sb('WRITE_ONCE(*x, 1); r2 = cmpxchg(z, 1, 2); r0 = READ_ONCE(*y);'));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(beyondCoherence(j.outcome), { allowed: 1 });
  });

  it('atomic_dec_and_test is fully ordered (herd7 C-PaulEMcKenney-SB+adat-o+adat-o: Never, 3 states)', () => {
    // Each thread's RMW on its own variable then a read of the other's: the SB
    // pb cycle through the RMWs' F[mb] (linux-kernel.def:114).
    const j = judge(litmus('C-PaulEMcKenney-SB+adat-o+adat-o', `
P0(atomic_t *x, atomic_t *y)
{
	int r1;
	int r2;

	r1 = atomic_dec_and_test(x);
	r2 = atomic_read(y);
}

P1(atomic_t *x, atomic_t *y)
{
	int r1;
	int r2;

	r1 = atomic_dec_and_test(y);
	r2 = atomic_read(x);
}

exists not(x=0 /\\ 0:r1=1 /\\ y=1 /\\ 1:r1=0 /\\ (0:r2 = 1 \\/ 1:r2 = 0))`, `	atomic_t x=ATOMIC_INIT(1);
	atomic_t y=ATOMIC_INIT(2);`));
    assert.equal(j.observation, 'Never');
    assert.equal(j.states.length, 3);
    assert.equal(j.negative, 3);
  });
});
