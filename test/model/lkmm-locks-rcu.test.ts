/**
 * Unit tests of lock.cat and of the RCU part of linux-kernel.cat
 * (../shared/docs/lkmm/), on small inline kernel-C shapes; see
 * lkmm-axioms.test.ts for the conventions ("cat:N", "lock:N", "bell:N";
 * each test derives its verdict from the cat text and cites herd7's result
 * where the kernel's litmus-tests or ../shared/corpus/lkmm/ have the shape).
 *
 * How lock.cat builds a lock's events (lock:13-30, 43-45, 64-68, 122-137):
 * spin_lock is LKR ->rmw LKW, LKR an Acquire; spin_unlock is UL, a Release;
 * co threads each critical section's LKW then UL, and an LKR reads the UL (or
 * initial write) immediately co-before its LKW.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { beyondCoherence, judge, litmus } from './helpers.ts';

describe('spinlocks: mutual exclusion and the lock axioms (lock.cat)', () => {
  it('two lock-protected increments always end at 2 (herd7 C-lock2: Never, 1 state, 0/2)', () => {
    // x=1 needs both critical sections to read 0. With P0's section first,
    // R x of P1 -fre-> W x of P0 -po-rel-> UL (cat:29, lock:67) -rfe-> LKR of P1
    // is prop (cat:77, 79), internal to P1, and LKR -acq-po-> R x (lock:68,
    // cat:28): an hb cycle (cat:87); symmetrically for P1 first. Both LKRs
    // reading the initial value break atomic (lk-rmw in rmw, lock:45; cat:61)
    // in each of the 6 co orders of the lock writes. The two x writes both
    // store 1, so each case comes with 2 co orders of x: 4 hb and 12 atomic rejections.
    const j = judge(litmus('C-lock2', `
P0(int *x, spinlock_t *s)
{
  spin_lock(s);
  WRITE_ONCE(*x,READ_ONCE(*x)+1);
  spin_unlock(s);
}

P1(int *x, spinlock_t *s)
{
  spin_lock(s);
  WRITE_ONCE(*x,READ_ONCE(*x)+1);
  spin_unlock(s);
}

locations [x;]
exists (x=1)`));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.states, ['[x]=2;']);
    assert.equal(j.negative, 2);
    assert.equal(j.outcome.allowed, undefined);
    assert.deepEqual(beyondCoherence(j.outcome), { 'happens-before': 4, atomic: 12 });
  });

  it('MP+polocks: the flag write and read inside critical sections (kernel Result: Never)', () => {
    // P0's section first (UL0 -rfe-> LKR1): R x(P1) -fre-> W x -po-rel-> UL0
    // (cat:29 with lock:67) is A-cumul(po-rel), then -rfe-> LKR1: prop from
    // R x to LKR1 (cat:76-79), internal and not id, so hb (cat:86); LKR1
    // -acq-po-> R x (cat:28, lock:68): an hb cycle. P1's section first: R y
    // -po-rel-> UL1 -rfe-> LKR0 -acq-po-> W y -rfe-> R y, an hb cycle too.
    // Both LKRs reading the initial value: atomic (6 co orders), as above.
    const j = judge(litmus('MP+polocks', `
P0(int *x, int *y, spinlock_t *mylock)
{
	WRITE_ONCE(*x, 1);
	spin_lock(mylock);
	WRITE_ONCE(*y, 1);
	spin_unlock(mylock);
}

P1(int *x, int *y, spinlock_t *mylock)
{
	int r0;
	int r1;

	spin_lock(mylock);
	r0 = READ_ONCE(*y);
	spin_unlock(mylock);
	r1 = READ_ONCE(*x);
}

exists (1:r0=1 /\\ 1:r1=0)`));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(beyondCoherence(j.outcome), { 'happens-before': 2, atomic: 6 });
  });

  const lbUnlockLock = (second: string) => litmus('LB+unlocklock', `
P0(spinlock_t *s, spinlock_t *t, int *x, int *y)
{
	int r1;

	spin_lock(s);
	r1 = READ_ONCE(*x);
	spin_unlock(s);
	spin_lock(${second});
	WRITE_ONCE(*y, 1);
	spin_unlock(${second});
}

P1(int *x, int *y)
{
	int r2;

	r2 = smp_load_acquire(y);
	WRITE_ONCE(*x, 1);
}

exists (0:r1=1 /\\ 1:r2=1)`);

  it('po-unlock-rf-lock-po & int is in ppo (cat:73): two critical sections of one lock on one CPU are ordered', () => {
    // R x -po-> UL -rfi-> LKR -po-> W y is po-unlock-rf-lock-po (cat:30),
    // internal, so ppo: R x -ppo-> W y -rfe-> R y -acq-po-> W x -rfe-> R x,
    // an hb cycle (cat:86-87).
    const j = judge(lbUnlockLock('s'));
    assert.equal(j.observation, 'Never');
    assert.equal(j.states.length, 3);
    assert.deepEqual(beyondCoherence(j.outcome), { 'happens-before': 1 });
  });

  it('with two different locks there is no rf from the unlock to the lock: allowed in this model version', () => {
    // UL of s does not rf the LKR of t, so po-unlock-rf-lock-po is empty and
    // R x, W y are unordered (UL is a release, LKR an acquire: neither orders
    // R x before W y). This is the kernel's LB+unlocklockonceonce+poacquireonce,
    // whose Result: Never was written for the later po-unlock-lock-po model;
    // ../shared/docs/lkmm/README.md records that herd7 7.57+1 gives Sometimes.
    const j = judge(lbUnlockLock('t'));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(beyondCoherence(j.outcome), { allowed: 1 });
  });

  it('po-unlock-rf-lock-po is also cumul-fence (cat:78): MP through a re-taken lock and smp_rmb', () => {
    // W x -po-> UL -rfi-> LKR -po-> W y is cumul-fence, so R x(P1) -fre-> W x
    // -> W y -rfe-> R y(P1) is prop, internal: hb with R y -rmb-> R x (cat:87).
    const mp = (relock: boolean) => litmus('MP+unlocklock+rmb', `
P0(spinlock_t *s, int *x, int *y)
{
	spin_lock(s);
	WRITE_ONCE(*x, 1);
	spin_unlock(s);
	${relock ? 'spin_lock(s);' : ''}
	WRITE_ONCE(*y, 1);
	${relock ? 'spin_unlock(s);' : ''}
}

P1(int *x, int *y)
{
	int r0;
	int r1;

	r0 = READ_ONCE(*y);
	smp_rmb();
	r1 = READ_ONCE(*x);
}

exists (1:r0=1 /\\ 1:r1=0)`);
    const relocked = judge(mp(true));
    assert.equal(relocked.observation, 'Never');
    assert.deepEqual(beyondCoherence(relocked.outcome), { 'happens-before': 1 });
    // Without the second lock, W y is only po-after a release: nothing orders W x before it.
    const unlocked = judge(mp(false));
    assert.equal(unlocked.observation, 'Sometimes');
    assert.deepEqual(beyondCoherence(unlocked.outcome), { allowed: 1 });
  });

  const trylock = (cond: string) => litmus('trylock', `
P0(spinlock_t *s, int *x)
{
	spin_lock(s);
	WRITE_ONCE(*x, 1);
	spin_unlock(s);
}

P1(spinlock_t *s, int *x)
{
	int r0;
	int r1;

	r0 = spin_trylock(s);
	r1 = READ_ONCE(*x);
}

exists (${cond})`);

  it('a successful spin_trylock is LKR ->rmw LKW, an acquire: it sees the earlier critical section', () => {
    // P1 never unlocks, so its LKW is unmatched and co-last (lock:76, 123-124):
    // P0's section comes first and P1's LKR reads UL0. R x -fre-> W x -po-rel->
    // UL0 -rfe-> LKR is prop, internal; LKR -acq-po-> R x: an hb cycle (cat:87).
    const j = judge(trylock('1:r0=1 /\\ 1:r1=0'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.states, ['1:r0=0; 1:r1=0;', '1:r0=0; 1:r1=1;', '1:r0=1; 1:r1=1;']);
    assert.equal(j.outcome.allowed, undefined);
    assert.equal(j.outcome['happens-before'], 1);
  });

  it('a failed spin_trylock is an LF with no ordering: it may see the lock held and still read x=0', () => {
    // LF reads from P0's LKW (rfe-lf, lock:83-96); LF is no acquire (lock:29),
    // so R x is unordered: allowed.
    const j = judge(trylock('1:r0=0 /\\ 1:r1=0'));
    assert.equal(j.observation, 'Sometimes');
    assert.equal(j.outcome.allowed, 1);
  });

  const silsil = (fence: string) => litmus('MP+polock+poacquiresilsil', `
P0(spinlock_t *lo, int *x)
{
	spin_lock(lo);
	${fence}
	WRITE_ONCE(*x, 1);
	spin_unlock(lo);
}

P1(spinlock_t *lo, int *x)
{
	int r1;
	int r2;
	int r3;

	r1 = smp_load_acquire(x);
	r2 = spin_is_locked(lo);
	r3 = spin_is_locked(lo);
}

exists (1:r1=1 /\\ 1:r2=0 /\\ 1:r3=1)`);

  it('spin_is_locked with smp_mb__after_spinlock: kernel MP+polockmbonce+poacquiresilsil, Never', () => {
    // r3=1 is an RL reading P0's LKW (lock:36, 83-96); r2=0 an RU po-before
    // it, which must read the initial value (reading UL would make RL -fr->
    // UL -rf-> RU -po-loc-> RL, a coherence cycle), so RU -fre-> LKW. LKW
    // -mb-> W x (after-spinlock, cat:39) is A-cumul(strong-fence), so
    // cumul-fence (cat:77), and W x -rfe-> R acquire: RU -fre-> LKW -> W x
    // -rfe-> R acquire is prop (cat:79), internal to P1, so hb (cat:86). With
    // R acquire -acq-po-> RU, an hb cycle: happens-before (cat:87) rejects it
    // before propagation would (pb(RU, RU) through the same strong fence).
    const j = judge(silsil('smp_mb__after_spinlock();'));
    assert.equal(j.observation, 'Never');
    assert.equal(j.outcome.allowed, undefined);
    assert.equal(j.outcome['happens-before'], 1);
  });

  it('spin_is_locked without the fence: kernel MP+polockonce+poacquiresilsil, Sometimes', () => {
    // LKW has no ordering (lock:29): nothing orders it before W x.
    const j = judge(silsil(''));
    assert.equal(j.observation, 'Sometimes');
    assert.equal(j.outcome.allowed, 1);
  });

  it('a thread taking the same lock twice deadlocks: lock-nest (lock:55), no execution at all', () => {
    // [LKW] ; po-loc ; [LKR] without an UL between is not empty: every
    // candidate breaks lock-nest. herd7 gives `Never 0 0` for such tests
    // (corpus DEADLOCK tests, e.g. auto/C-WR-GR+WR-R: States 0, Positive 0 Negative 0).
    const j = judge(litmus('lock-twice', `
P0(spinlock_t *s, int *x)
{
	spin_lock(s);
	spin_lock(s);
	WRITE_ONCE(*x, 1);
	spin_unlock(s);
	spin_unlock(s);
}

P1(int *x)
{
	int r0;

	r0 = READ_ONCE(*x);
}

exists (1:r0=1)`));
    assert.equal(j.observation, 'Never');
    assert.equal(j.positive, 0);
    assert.equal(j.negative, 0);
    assert.deepEqual(j.states, []);
    assert.deepEqual(Object.keys(j.outcome), ['lock-nest']);
  });

  it('locking, unlocking and locking again is no nesting', () => {
    const j = judge(litmus('lock-unlock-lock', `
P0(spinlock_t *s, int *x)
{
	spin_lock(s);
	spin_unlock(s);
	spin_lock(s);
	WRITE_ONCE(*x, 1);
	spin_unlock(s);
}

exists (x=1)`));
    assert.equal(j.observation, 'Always');
    assert.equal(j.positive, 1);
  });

  it('two threads each keeping the lock: unmatched-locks (lock:77), no execution', () => {
    // Two unmatched LKWs of one lock: ([UNMATCHED-LKW] ; loc ; [UNMATCHED-LKW]) \ id is not empty.
    const j = judge(litmus('two-unmatched', `
P0(spinlock_t *s, int *x) { spin_lock(s); WRITE_ONCE(*x, 1); }
P1(spinlock_t *s, int *x) { int r0; spin_lock(s); r0 = READ_ONCE(*x); }
exists (1:r0=0)`));
    assert.equal(j.observation, 'Never');
    assert.equal(j.positive + j.negative, 0);
    assert.deepEqual(Object.keys(j.outcome), ['unmatched-locks']);
  });

  it('one thread may keep the lock: herd7 C-no-race, Never 1 state 0/1', () => {
    // P0's LKW is unmatched and so co-last (lock:123-124): P1's section comes
    // first and reads x=0. The plain read is inside the lock, so no race.
    const j = judge(litmus('C-no-race', `
P0(int *x, spinlock_t *s)
{
	spin_lock(s);
	WRITE_ONCE(*x, 1);
}

P1(int *x, spinlock_t *s)
{
	int r1;

	spin_lock(s);
	r1 = *x;
	spin_unlock(s);
}

exists (1:r1=1)`));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.states, ['1:r1=0;']);
    assert.equal(j.negative, 1);
    assert.deepEqual(j.flags, []);
  });
});

describe('RCU (cat:111-148: rcu-order, rcu-fence, rb, irreflexive rb as rcu)', () => {
  // The RCU guarantee as a message-passing shape: the updater writes y, waits
  // for a grace period, writes x; a reader that sees x=1 in one critical
  // section must see y=1 in it.
  const mp = (updater: string, reader: [string, string] = ['rcu_read_lock();', 'rcu_read_unlock();']) => litmus('MP+gp+rscs', `
P0(int *x, int *y)
{
	int r0;
	int r1;

	${reader[0]}
	r0 = READ_ONCE(*x);
	r1 = READ_ONCE(*y);
	${reader[1]}
}

P1(int *x, int *y)
{
	WRITE_ONCE(*y, 1);
	${updater}
	WRITE_ONCE(*x, 1);
}

exists (0:r0=1 /\\ 0:r1=0)`);

  it('synchronize_rcu against a read-side critical section: forbidden by the rcu axiom', () => {
    // rcu-link(G, U) (cat:121): G -po-> W x -rfe-> R x (prop) -po-> U. So
    // rcu-gp ; rcu-link ; rcu-rscsi relates G to the critical section's L
    // (cat:132), and rcu-fence = po ; rcu-order ; po? (cat:141) relates W y
    // (po-before G) to R y (po-after L). rb = prop ; rcu-fence ; ... (cat:146)
    // with prop = R y -fre-> W y gives rb(R y, R y): rcu (cat:148). The
    // earlier axioms hold: P0's reads are unordered, so no hb cycle, and the
    // pb through gp (cat:42-43) ends at R x, not back at R y.
    // herd7 lwn573497/C-MP+rl-o-o-rul+o-srcu-o (synchronize_rcu, two reader writes): Never, 3 states.
    const j = judge(mp('synchronize_rcu();'));
    assert.equal(j.observation, 'Never');
    assert.equal(j.states.length, 3);
    assert.deepEqual(j.outcome, { rcu: 1 });
  });

  it('without the grace period the reader may see x=1 and y=0', () => {
    const j = judge(mp(''));
    assert.equal(j.observation, 'Sometimes');
    assert.equal(j.states.length, 4);
    assert.deepEqual(j.outcome, { allowed: 1 });
  });

  it('smp_mb instead of the grace period does not help an unordered reader', () => {
    // mb is a strong fence but no rcu-gp; the critical section orders nothing.
    assert.deepEqual(judge(mp('smp_mb();')).outcome, { allowed: 1 });
  });

  it('the grace period without a critical section around the reads is not enough', () => {
    // rcu-order needs an rcu-rscsi to pair with the gp (cat:131-140); gp alone
    // is a strong fence (cat:42) but the reader's reads are unordered.
    assert.deepEqual(judge(mp('synchronize_rcu();', ['', ''])).outcome, { allowed: 1 });
  });

  it('the LB form: a critical section that writes y cannot both precede and follow the grace period', () => {
    // rcu-rscsi ; rcu-link ; rcu-gp (cat:134): U -> L, L -po-> W y -rfe-> R y
    // -po-> G is rcu-link, so rcu-order(U, G) and rcu-fence(R x, W x) (R x
    // po-before U, W x po-after G). prop(W x, R x) = rfe, so rb(W x, W x): rcu.
    // herd7 demo/C-LB+o-sync-o+rl-o-o-rul: Never, 3 states.
    const j = judge(litmus('LB+rscs+gp', `
P0(int *x, int *y)
{
	int r0;

	rcu_read_lock();
	r0 = READ_ONCE(*x);
	WRITE_ONCE(*y, 1);
	rcu_read_unlock();
}

P1(int *x, int *y)
{
	int r1;

	r1 = READ_ONCE(*y);
	synchronize_rcu();
	WRITE_ONCE(*x, 1);
}

exists (0:r0=1 /\\ 1:r1=1)`));
    assert.equal(j.observation, 'Never');
    assert.equal(j.states.length, 3);
    assert.deepEqual(j.outcome, { rcu: 1 });
  });

  it('synchronize_rcu inside a read-side critical section deadlocks: rb is reflexive in every execution', () => {
    // rcu-link(L, G) holds with prop = id (all of prop's parts are optional,
    // cat:79): L -po-> ... -po-> G. So rcu-order(U, G) (cat:134) and
    // rcu-fence(e, e) for an access e between G and U (e -po-> U, G -po-> e),
    // hence rb(e, e) (cat:146): rcu (cat:148) in every candidate.
    // herd7 auto/C-WR-GR+WR-R (Result: DEADLOCK): Never, States 0, 0/0.
    const j = judge(litmus('auto/C-WR-GR+WR-R', `
P0(intptr_t *x0, intptr_t *x1)
{
	rcu_read_lock();
	WRITE_ONCE(*x0, 2);
	synchronize_rcu();
	intptr_t r2 = READ_ONCE(*x1);
	rcu_read_unlock();
}


P1(intptr_t *x0, intptr_t *x1)
{
	rcu_read_lock();
	WRITE_ONCE(*x1, 2);
	intptr_t r2 = READ_ONCE(*x0);
	rcu_read_unlock();
}

exists
(1:r2=0 /\\ 0:r2=0)`));
    assert.equal(j.observation, 'Never');
    assert.equal(j.positive + j.negative, 0);
    assert.deepEqual(j.states, []);
    assert.deepEqual(Object.keys(j.outcome), ['rcu']);
  });
});

describe('SRCU (cat:133, 135, 137, 139: the srcu clauses of rcu-order, & loc)', () => {
  const mp = (readerStruct: string) => litmus('MP+srcu', `
P0(int *x, int *y, struct srcu_struct *s1, struct srcu_struct *s2)
{
	int r0;
	int r1;
	int idx;

	idx = srcu_read_lock(${readerStruct});
	r0 = READ_ONCE(*x);
	r1 = READ_ONCE(*y);
	srcu_read_unlock(${readerStruct}, idx);
}

P1(int *x, int *y, struct srcu_struct *s1)
{
	WRITE_ONCE(*y, 1);
	synchronize_srcu(s1);
	WRITE_ONCE(*x, 1);
}

exists (0:r0=1 /\\ 0:r1=0)`);

  it('synchronize_srcu against a critical section of the same srcu_struct: forbidden by rcu', () => {
    // As for RCU, through ((srcu-gp ; rcu-link ; srcu-rscsi) & loc) (cat:133):
    // the Sync-srcu and the Srcu-lock/unlock all access s1.
    const j = judge(mp('s1'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.outcome, { rcu: 1 });
  });

  it('a critical section of another srcu_struct is not waited for: allowed', () => {
    // srcu-gp on s1 and srcu-rscsi on s2: the & loc of cat:133 fails, and
    // rcu-gp / rcu-rscsi clauses need Sync-rcu / Rcu-lock events.
    const j = judge(mp('s2'));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(j.outcome, { allowed: 1 });
  });

  const s2 = (p3struct: string) => litmus('s2', `
P0(struct srcu_struct *ss1, int *d, int *a)
{
	int i1;
	int r0;

	i1 = srcu_read_lock(ss1);
	r0 = READ_ONCE(*d);
	WRITE_ONCE(*a, 1);
	srcu_read_unlock(ss1, i1);
}

P1(struct srcu_struct *ss1, int *a, int *b)
{
	int r1;

	r1 = READ_ONCE(*a);
	synchronize_srcu(ss1);
	WRITE_ONCE(*b, 1);
}

P2(struct srcu_struct *ss2, int *b, int *c)
{
	int i2;
	int r2;

	i2 = srcu_read_lock(ss2);
	r2 = READ_ONCE(*b);
	WRITE_ONCE(*c, 1);
	srcu_read_unlock(ss2, i2);
}

P3(struct srcu_struct *${p3struct}, int *c, int *d)
{
	int r3;

	r3 = READ_ONCE(*c);
	synchronize_srcu(${p3struct});
	WRITE_ONCE(*d, 1);
}

exists (0:r0=1 /\\ 1:r1=1 /\\ 2:r2=1 /\\ 3:r3=1)`);

  it('two srcu_structs, each with its grace period and critical section: herd7 manual/srcu/C-s2, Never, 15 states', () => {
    // rcu-order(U0, G1) on ss1 and rcu-order(U2, G3) on ss2 (cat:135), joined
    // by rcu-link (G1 -po-> W b -rfe-> R b -po-> U2) through cat:140: the
    // whole chain is an rcu-fence from R d (P0) to W d (P3), and W d -rfe-> R d
    // closes rb (cat:146-148).
    const j = judge(s2('ss2'));
    assert.equal(j.observation, 'Never');
    assert.equal(j.states.length, 15);
    assert.deepEqual(j.outcome, { rcu: 1 });
  });

  it('C-s2 with P3 waiting on ss1 instead: P2 critical section (ss2) has no grace period of its own, allowed', () => {
    // Every rcu-order clause with srcu-rscsi needs an srcu-gp of the same
    // srcu_struct (& loc, cat:133-139), so P2's critical section is in no
    // rcu-order and its R b, W c stay unordered: nothing closes the cycle.
    const j = judge(s2('ss1'));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(j.outcome, { allowed: 1 });
  });
});
