/**
 * Unit tests of linux-kernel.cat's plain-access part (cat:159-203:
 * visibility, plain-coherence and the data-race flag) on small inline
 * kernel-C shapes; conventions as in lkmm-axioms.test.ts. Plain accesses are
 * M \ Marked (bell:81-84): `*x = 1`, `r = *x`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judge, litmus } from './helpers.ts';

describe('data races (cat:188-203)', () => {
  it('an unordered plain write and a marked read of x race', () => {
    // pre-race = ext & ((Plain * M) | ((M \\ IW) * Plain)) (cat:189). When R x
    // reads W x, wr-race = (pre-race & (co? ; rf)) \\ wr-vis (cat:200): wr-vis
    // needs a fence or vis path from W x, and P0 has none. Flag data-race (cat:203).
    const j = judge(litmus('race-wr', `
P0(int *x) { *x = 1; }
P1(int *x) { int r0; r0 = READ_ONCE(*x); }
exists (1:r0=1)`));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(j.flags, ['data-race']);
  });

  it('two unordered plain writes race (ww-race, cat:199)', () => {
    const j = judge(litmus('race-ww', `
P0(int *x) { *x = 1; }
P1(int *x) { *x = 2; }
exists (x=1)`));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(j.flags, ['data-race']);
  });

  it('two marked accesses never race', () => {
    const j = judge(litmus('no-race-marked', `
P0(int *x) { WRITE_ONCE(*x, 1); }
P1(int *x) { int r0; r0 = READ_ONCE(*x); }
exists (1:r0=1)`));
    assert.deepEqual(j.flags, []);
  });

  it('two plain reads never race (pre-race needs a write: co, rf or fr)', () => {
    const j = judge(litmus('no-race-reads', `
P0(int *x) { int r0; r0 = *x; }
P1(int *x) { int r1; r1 = *x; }
exists (0:r0=0)`));
    assert.equal(j.observation, 'Always');
    assert.deepEqual(j.flags, []);
  });

  const mp = (store: string, load: string) => litmus('MP+plain', `
P0(int *x, int *y) { *x = 1; ${store}; }
P1(int *x, int *y) { int r0; int r1 = -1; r0 = ${load}; if (r0) r1 = *x; }
exists (1:r0=1 /\\ 1:r1=0)`);

  it('release/acquire protects a plain access: herd7 manual/plain/C-MP1, Never, 2 states, no flag', () => {
    // The plain read runs only when the acquire saw the release. wr-vis(W x,
    // R x) = w-post-bounded ; vis ; r-pre-bounded (cat:185): W x -po-rel-> W y
    // (fence, cat:177), W y -rfe-> R y then xbstar & int = id (vis, cat:170-171),
    // R y -acq-po-> R x (r-pre-bounded, cat:175). So no wr-race, and fr from R x
    // to W x would be rw-incoh (cat:193): the outcome breaks plain-coherence (cat:195).
    const j = judge(mp('smp_store_release(y, 1)', 'smp_load_acquire(y)'));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.states, ['1:r0=0; 1:r1=-1;', '1:r0=1; 1:r1=1;']);
    assert.deepEqual(j.flags, []);
    assert.deepEqual(j.outcome, { 'plain-coherence': 1 });
  });

  it('with WRITE_ONCE / READ_ONCE instead, the same plain read races and the outcome is allowed', () => {
    // No fence after W x: wr-vis and rw-xbstar both fail, so the outcome is
    // not plain-incoherent, and R x reading W x is a wr-race.
    const j = judge(mp('WRITE_ONCE(*y, 1)', 'READ_ONCE(*y)'));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(j.flags, ['data-race']);
    assert.deepEqual(j.outcome, { allowed: 1 });
  });

  it('release without acquire still races (r-pre-bounded needs the acquire or a fence before R x)', () => {
    const j = judge(mp('smp_store_release(y, 1)', 'READ_ONCE(*y)'));
    assert.deepEqual(j.flags, ['data-race']);
  });

  it('an unconditional plain read after the acquire races when the acquire misses the release', () => {
    // When R y reads 0 there is no vis path from W x to R x: wr-race or rw-race.
    const j = judge(litmus('MP+rel+acq+plain-unconditional', `
P0(int *x, int *y) { *x = 1; smp_store_release(y, 1); }
P1(int *x, int *y) { int r0; int r1; r0 = smp_load_acquire(y); r1 = *x; }
exists (1:r0=1 /\\ 1:r1=0)`));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.flags, ['data-race']);
    assert.deepEqual(j.outcome, { 'plain-coherence': 1 });
  });

  it('accesses inside critical sections of one lock do not race', () => {
    // UL is a release and LKR an acquire (lock:67-68): the same visibility as
    // release/acquire. herd7 manual/plain/C-no-race (no flag) is in lkmm-locks-rcu.test.ts.
    const j = judge(litmus('locked-plain', `
P0(int *x, spinlock_t *s) { spin_lock(s); *x = 1; spin_unlock(s); }
P1(int *x, spinlock_t *s) { int r0; spin_lock(s); r0 = *x; spin_unlock(s); }
exists (1:r0=1)`));
    assert.equal(j.observation, 'Sometimes');
    assert.deepEqual(j.flags, []);
  });
});

describe('plain-coherence (cat:191-195)', () => {
  it('wr-incoh: a plain read cannot read a plain write ordered after it', () => {
    // rf(W x, R x) against rw-xbstar(R x, W x) = r-post-bounded ; xbstar ;
    // w-pre-bounded (cat:186): R x -po-rel-> W y (nonrw-fence, cat:178),
    // W y -rfe-> R y (hb), R y -acq-po-> W x (fence, cat:174). wr-incoh (cat:192).
    // hb does not see the cycle: R x and W x are plain (cat:86's [Marked]).
    const j = judge(litmus('LB+rel+acq+plain', `
P0(int *x, int *y) { int r0; r0 = *x; smp_store_release(y, 1); }
P1(int *x, int *y) { int r1; r1 = smp_load_acquire(y); if (r1) *x = 1; }
exists (0:r0=1 /\\ 1:r1=1)`));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.flags, []);
    assert.deepEqual(j.outcome, { 'plain-coherence': 1 });
  });

  it('ww-incoh: a plain write cannot be co-before a plain write ordered before it', () => {
    // co(W x=2, W x=1) against ww-vis(W x=1, W x=2) = w-post-bounded ; vis ;
    // w-pre-bounded (cat:183): W x=1 -po-rel-> W y, rfe, R y -acq-po-> W x=2. ww-incoh (cat:194).
    const j = judge(litmus('MP+rel+acq+plain-ww', `
P0(int *x, int *y) { *x = 1; smp_store_release(y, 1); }
P1(int *x, int *y) { int r1; r1 = smp_load_acquire(y); if (r1) *x = 2; }
exists (1:r1=1 /\\ x=1)`));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.flags, []);
    assert.deepEqual(j.outcome, { 'plain-coherence': 1 });
  });

  it('the same shape with marked writes is rejected earlier, by happens-before', () => {
    // W x=2 -coe-> W x=1 (overwrite & ext), W x=1 -po-rel-> W y (cumul-fence),
    // W y -rfe-> R y: prop from W x=2 to R y, internal to P1, so hb (cat:79, 86);
    // R y -acq-po-> W x=2 closes an hb cycle (cat:87), before plain-coherence is checked.
    const j = judge(litmus('MP+rel+acq+marked-ww', `
P0(int *x, int *y) { WRITE_ONCE(*x, 1); smp_store_release(y, 1); }
P1(int *x, int *y) { int r1; r1 = smp_load_acquire(y); if (r1) WRITE_ONCE(*x, 2); }
exists (1:r1=1 /\\ x=1)`));
    assert.equal(j.observation, 'Never');
    assert.deepEqual(j.outcome, { 'happens-before': 1 });
  });
});
