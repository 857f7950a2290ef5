/**
 * The LKMM primitives of linux-kernel.def (../shared/docs/lkmm/linux-kernel.def)
 * as the powerpc kernel expands them, per version, against the kernel source:
 *
 * - §5 of ../shared/docs/kernel-ipi-facts.md: PPC_ATOMIC_ENTRY_BARRIER is
 *   lwsync in v3.5/v3.6 (b97021f85517) and sync from the 2015 fully-ordered
 *   fixes (present in v4.4y); PPC_ATOMIC_EXIT_BARRIER is sync; LWSYNC is
 *   sync and PPC_ACQUIRE_BARRIER isync on a CPU without lwsync.
 * - arch/powerpc/include/asm/atomic.h: ATOMIC_OP (`1: lwarx; add/subf;
 *   stwcx.; bne- 1b`, no barrier), ATOMIC_OP_RETURN_RELAXED,
 *   ATOMIC_FETCH_OP_RELAXED, `__atomic_acquire_fence()` = PPC_ACQUIRE_BARRIER,
 *   `__atomic_release_fence()` = PPC_RELEASE_BARRIER, and
 *   atomic_fetch_add_unless: `PPC_ATOMIC_ENTRY_BARRIER; 1: lwarx; cmpw 0,t,u;
 *   beq 2f; add; stwcx.; bne- 1b; PPC_ATOMIC_EXIT_BARRIER; subf; 2:`.
 * - v6.13 include/linux/atomic/atomic-arch-fallback.h: the fully ordered
 *   forms powerpc leaves out are `__atomic_pre_full_fence(); op_relaxed();
 *   __atomic_post_full_fence()` (smp_mb__before/after_atomic(), smp_mb() on
 *   powerpc); raw_atomic_dec_and_test(v) is `raw_atomic_dec_return(v) == 0`,
 *   raw_atomic_add_negative `raw_atomic_add_return(i, v) < 0`,
 *   raw_atomic_add_unless `raw_atomic_fetch_add_unless(v, a, u) != u`,
 *   raw_atomic_read_acquire `smp_load_acquire(&v->counter)`.
 * - asm/spinlock.h: `smp_mb__after_unlock_lock()` and
 *   `smp_mb__after_spinlock()` are smp_mb(); arch_spin_trylock is
 *   `1: lwarx; cmpwi 0; bne- 2f; stwcx.; bne- 1b; PPC_ACQUIRE_BARRIER; 2:`.
 * - include/linux/rcupdate.h: rcu_dereference is READ_ONCE; v4.4 and v6.13
 *   rcu_assign_pointer is smp_store_release(&p, v), v3.x `smp_wmb(); p = v`;
 *   rcu_read_lock() in a non-preemptible kernel is preempt_disable(), a
 *   compiler barrier.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTest } from '../../src/engine.ts';
import { threadPaths } from '../../src/events/paths.ts';
import { listing } from './listing.ts';
import { compileKernelC, type CompileOptions } from '../../src/kernel-c/compile.ts';
import { parseKernelC } from '../../src/kernel-c/parser.ts';
import { CPU_FLAVOURS, DEFAULT_TARGET, expansion, KERNEL_VERSIONS, NO_POWER_MODEL, primitiveSpec, type Step, type Target } from '../../src/kernel-c/primitives.ts';

/** A primitive's steps for a target, nested calls flattened, each as its fence kind or access skeleton (a test with its relation). */
function flat(name: string, target: Partial<Target> = {}): string[] {
  const t: Target = { ...DEFAULT_TARGET, ...target };
  const steps = expansion(primitiveSpec(name)!, t);
  if (steps === null) return ['unavailable'];
  return steps.flatMap((s: Step) => {
    if (s.kind === 'fence') return [s.fence];
    if (s.kind === 'call') return flat(s.primitive, t);
    return [s.access === 'test' ? `test ${s.relation}` : s.operation ? `${s.access} ${s.operation}` : s.access];
  });
}

const everyTarget = (check: (target: Pick<Target, 'kernel' | 'cpu'>) => void) =>
  KERNEL_VERSIONS.forEach((kernel) => CPU_FLAVOURS.forEach((cpu) => check({ kernel, cpu })));
const V3 = ['v3.5', 'v3.6'] as const;
const FULLY_ORDERED = ['v4.4', 'v6.13'] as const;

const FILE = 'lkmm.litmus';
function compile(text: string, options: CompileOptions = {}) {
  return compileKernelC(parseKernelC(text, FILE), options);
}


describe('atomic arithmetic (atomic.h, atomic-arch-fallback.h)', () => {
  it('atomic_add/sub/inc/dec are the bare loop everywhere: no barrier', () => {
    everyTarget((target) => {
      assert.deepEqual(flat('atomic_add', target), ['op-return +']);
      assert.deepEqual(flat('atomic_sub', target), ['op-return -']);
      assert.deepEqual(flat('atomic_inc', target), ['op-return +']);
      assert.deepEqual(flat('atomic_dec', target), ['op-return -']);
    });
  });

  it('atomic_*_return is PPC_ATOMIC_ENTRY … EXIT: lwsync … sync in v3.x (sync … sync without lwsync), sync … sync in v4.4 and v6.13', () => {
    for (const op of ['add', 'sub', 'inc', 'dec']) {
      const operation = op === 'add' || op === 'inc' ? '+' : '-';
      for (const kernel of V3) {
        assert.deepEqual(flat(`atomic_${op}_return`, { kernel, cpu: 'power7' }), ['lwsync', `op-return ${operation}`, 'sync']);
        assert.deepEqual(flat(`atomic_${op}_return`, { kernel, cpu: 'nolwsync' }), ['sync', `op-return ${operation}`, 'sync']);
      }
      for (const kernel of FULLY_ORDERED) for (const cpu of CPU_FLAVOURS) assert.deepEqual(flat(`atomic_${op}_return`, { kernel, cpu }), ['sync', `op-return ${operation}`, 'sync']);
    }
  });

  it('v6.13 builds the fully ordered forms as smp_mb__before_atomic(); _relaxed; smp_mb__after_atomic()', () => {
    const steps = expansion(primitiveSpec('atomic_add_return')!, { ...DEFAULT_TARGET, kernel: 'v6.13' })!;
    assert.deepEqual(steps.map((s) => (s.kind === 'fence' ? s.role : s.kind)), ['smp_mb__before_atomic()', 'access', 'smp_mb__after_atomic()']);
    const v44 = expansion(primitiveSpec('atomic_add_return')!, { ...DEFAULT_TARGET, kernel: 'v4.4' })!;
    assert.deepEqual(v44.flatMap((s) => (s.kind === 'fence' ? [s.macro] : [])), ['PPC_ATOMIC_ENTRY_BARRIER', 'PPC_ATOMIC_EXIT_BARRIER']);
  });

  it('atomic_fetch_* is smp_mb() … smp_mb() around ATOMIC_FETCH_OP_RELAXED in every version', () => {
    everyTarget((target) => {
      assert.deepEqual(flat('atomic_fetch_add', target), ['sync', 'fetch-op +', 'sync']);
      assert.deepEqual(flat('atomic_fetch_dec', target), ['sync', 'fetch-op -', 'sync']);
    });
  });

  it('_relaxed is the loop, _acquire adds __atomic_acquire_fence after it, _release __atomic_release_fence before it', () => {
    for (const base of ['atomic_add_return', 'atomic_inc_return', 'atomic_fetch_sub', 'atomic_fetch_inc', 'atomic_xchg', 'atomic_cmpxchg', 'xchg', 'cmpxchg']) {
      const [loop] = flat(`${base}_relaxed`);
      everyTarget((target) => assert.deepEqual(flat(`${base}_relaxed`, target), [loop]));
      for (const kernel of KERNEL_VERSIONS) {
        assert.deepEqual(flat(`${base}_acquire`, { kernel, cpu: 'power7' }), [loop, 'lwsync'], `${base}_acquire ${kernel}`);
        assert.deepEqual(flat(`${base}_acquire`, { kernel, cpu: 'nolwsync' }), [loop, 'isync']);
        assert.deepEqual(flat(`${base}_release`, { kernel, cpu: 'power7' }), ['lwsync', loop]);
        assert.deepEqual(flat(`${base}_release`, { kernel, cpu: 'nolwsync' }), ['sync', loop]);
      }
    }
  });

  it('the _and_test forms and atomic_add_negative test the fully ordered _return value', () => {
    assert.deepEqual(flat('atomic_dec_and_test', { kernel: 'v6.13' }), ['sync', 'op-return -', 'sync', 'test ==']);
    assert.deepEqual(flat('atomic_inc_and_test', { kernel: 'v3.6' }), ['lwsync', 'op-return +', 'sync', 'test ==']);
    assert.deepEqual(flat('atomic_sub_and_test', { kernel: 'v4.4' }), ['sync', 'op-return -', 'sync', 'test ==']);
    assert.deepEqual(flat('atomic_add_negative', { kernel: 'v6.13' }), ['sync', 'op-return +', 'sync', 'test <']);
  });

  it('atomic_add_unless is fetch_add_unless != u, whose failed compare skips PPC_ATOMIC_EXIT_BARRIER', () => {
    assert.deepEqual(flat('atomic_add_unless', { kernel: 'v3.6' }), ['lwsync', 'add-unless', 'sync', 'test !=']);
    assert.deepEqual(flat('atomic_add_unless', { kernel: 'v6.13' }), ['sync', 'add-unless', 'sync', 'test !=']);
    const steps = expansion(primitiveSpec('atomic_fetch_add_unless')!, DEFAULT_TARGET)!;
    assert.deepEqual(steps.map((s) => s.kind === 'fence' && s.skippedOnFailure), [false, false, true]);
  });

  it('atomic_read/set are a plain lwz/stw, atomic_read_acquire and atomic_set_release smp_load_acquire/smp_store_release', () => {
    everyTarget((target) => {
      assert.deepEqual(flat('atomic_read', target), ['load']);
      assert.deepEqual(flat('atomic_set', target), ['store']);
    });
    assert.deepEqual(flat('atomic_read_acquire'), ['load', 'lwsync']);
    assert.deepEqual(flat('atomic_set_release'), ['lwsync', 'store']);
  });
});

describe('barriers, locks and RCU', () => {
  it('smp_mb__{before,after}_atomic, __after_spinlock and __after_unlock_lock are smp_mb(); barrier() is no instruction', () => {
    everyTarget((target) => {
      for (const name of ['smp_mb__before_atomic', 'smp_mb__after_atomic', 'smp_mb__after_spinlock', 'smp_mb__after_unlock_lock']) assert.deepEqual(flat(name, target), ['sync']);
      assert.deepEqual(flat('barrier', target), []);
    });
  });

  it('smp_store_mb is WRITE_ONCE; smp_mb()', () => {
    everyTarget((target) => assert.deepEqual(flat('smp_store_mb', target), ['store', 'sync']));
  });

  it('spin_trylock is the lock loop leaving on a held lock, its acquire barrier skipped on failure; spin_is_locked a load != 0', () => {
    assert.deepEqual(flat('spin_trylock'), ['trylock', 'lwsync']);
    const steps = expansion(primitiveSpec('spin_trylock')!, DEFAULT_TARGET)!;
    assert.equal(steps[1]!.kind === 'fence' && steps[1]!.skippedOnFailure, true);
    assert.deepEqual(flat('spin_is_locked'), ['load', 'test !=']);
  });

  it('rcu_dereference is READ_ONCE; rcu_assign_pointer smp_store_release (smp_wmb(); store in v3.x); rcu_read_lock/unlock no instruction', () => {
    everyTarget((target) => {
      assert.deepEqual(flat('rcu_dereference', target), ['load']);
      assert.deepEqual(flat('rcu_read_lock', target), []);
      assert.deepEqual(flat('rcu_read_unlock', target), []);
    });
    for (const kernel of FULLY_ORDERED) {
      assert.deepEqual(flat('rcu_assign_pointer', { kernel, cpu: 'power7' }), ['lwsync', 'store']);
      assert.deepEqual(flat('rcu_assign_pointer', { kernel, cpu: 'nolwsync' }), ['sync', 'store']);
    }
    for (const kernel of V3) {
      assert.deepEqual(flat('rcu_assign_pointer', { kernel, cpu: 'power7' }), ['lwsync', 'store']);
      assert.deepEqual(flat('rcu_assign_pointer', { kernel, cpu: 'nolwsync' }), ['eieio', 'store']);
    }
  });

  it('grace periods and SRCU have no POWER model: a positioned unsupported error naming --model lkmm', () => {
    for (const [call, col] of [['synchronize_rcu()', 1], ['synchronize_rcu_expedited()', 1], ['synchronize_srcu(s)', 1], ['r0 = srcu_read_lock(s)', 6]] as const) {
      const text = ['C t', '{}', 'P0(int *x, int *s) {', 'int r0;', `${call};`, '}', 'exists (x=0)'].join('\n');
      assert.throws(() => compile(text), (e: unknown) => {
        const error = e as { name: string; kind: string; line: number; col: number; message: string };
        assert.equal(error.name, 'LitmusError');
        assert.deepEqual({ kind: error.kind, line: error.line, col: error.col }, { kind: 'unsupported', line: 5, col });
        assert.match(error.message, /has no POWER model; run this test with --model lkmm/);
        return true;
      });
    }
    assert.match(NO_POWER_MODEL.get('synchronize_rcu')!, /^synchronize_rcu\(\) is a grace period, not an instruction sequence/);
  });
});

describe('compiled code', () => {
  const test = (body: string[], init = '{ x=1; }', condition = 'exists (x=0)') =>
    ['C t', init, 'P0(atomic_t *x, int *y) {', 'int r0; int r1;', ...body, '}', condition].join('\n');

  it('atomic_add_return writes the new value in the lwarx register, as the kernel does; fetch_ keeps the old one', () => {
    assert.deepEqual(listing(compile(test(['r1 = atomic_add_return_relaxed(3, x);'])).test.threads[0]!), ['L0_0:', 'lwarx r1,r0,r2', 'addi r1,r1,3', 'stwcx. r1,r0,r2', 'bne L0_0']);
    assert.deepEqual(listing(compile(test(['r1 = atomic_fetch_sub_relaxed(r0, x);'])).test.threads[0]!), ['L0_0:', 'lwarx r1,r0,r2', 'sub r31,r1,r0', 'stwcx. r31,r0,r2', 'bne L0_0']);
  });

  it('atomic_add_unless adds before its compare, so a failed reservation rewrites every register first: the loop is explored without unrolling', () => {
    const { test: compiled } = compile(test(['r1 = atomic_add_unless(x, 1, 3);']));
    assert.deepEqual(listing(compiled.threads[0]!), [
      'sync', 'L0_1:', 'lwarx r1,r0,r2', 'addi r31,r1,1', 'cmpwi r1,3', 'beq L0_0', 'stwcx. r31,r0,r2', 'bne L0_1', 'sync',
      'L0_0:', 'cmpwi r1,3', 'li r1,1', 'bne L0_2', 'li r1,0', 'L0_2:',
    ]);
    assert.equal(threadPaths(compiled, 0, 0).paths.some((p) => p.cutOff), false);
  });

  it('computes the herd semantics of the value-returning atomics', () => {
    const result = runTest(compile(test([
      'r0 = atomic_add_unless(x, 5, 1);', 'r1 = atomic_dec_and_test(x);', 'atomic_inc(x);', 'WRITE_ONCE(*y, atomic_fetch_add(2, x));',
    ], '{ x=1; }', 'exists (0:r0=0 /\\ 0:r1=1 /\\ x=3 /\\ y=1)')).test);
    assert.equal(result.observation, 'Always');
  });
});

describe("herd's C dialect: pointers and casts", () => {
  it('a pointer local holds an address; an access through it has an address dependency on the load that produced it', () => {
    const text = ['C t', '{ int *p = &a; a = 1; b = 2; }', 'P0(int **p, int *b) {', 'int *r1 = READ_ONCE(*p);', 'int r2 = READ_ONCE(*r1);', '}', 'exists (0:r2=1)'].join('\n');
    const { test: compiled } = compile(text);
    assert.deepEqual(listing(compiled.threads[0]!), ['ld r1,0(r3)', 'lwz r2,0(r1)']);
    const [path] = threadPaths(compiled, 0, 2).paths;
    assert.equal(path!.events[1]!.addrDeps, 1n);
  });

  it('casts pass through; a pointer parameter as a value and &x are the address; undeclared locals are ordinary', () => {
    const text = [
      'C t', '{ x1=y1; }',
      'P0(intptr_t *x1, intptr_t *x2) {', 'intptr_t r3 = x2;', 'smp_store_release(x1, r3);', 'WRITE_ONCE(*x2, &x2);', '}',
      'P1(intptr_t *x1) {', 'intptr_t r1 = (intptr_t)rcu_dereference(*(intptr_t **)x1);', 'smp_store_release((intptr_t *)r1, 1);', 'r9 = r1;', '}',
      'exists (1:r1=x2 /\\ x2=1)',
    ].join('\n');
    const { test: compiled } = compile(text);
    assert.deepEqual(listing(compiled.threads[0]!), ['mr r3,r1', 'lwsync', 'std r3,0(r2)', 'std r1,0(r1)']);
    assert.deepEqual(listing(compiled.threads[1]!), ['ld r1,0(r2)', 'lwsync', 'li r31,1', 'std r31,0(r1)', 'mr r9,r1']);
    assert.equal(runTest(compiled).observation, 'Sometimes');
  });

  it("a shared variable keeps its declared size through a cast, as herd's untyped values let the corpus mix int and char * views of it", () => {
    const text = ['C t', '{}', 'P0(int *x) {', 'int r1 = (int)rcu_dereference(*(char **)x);', 'WRITE_ONCE(*x, 1);', '}', 'exists (0:r1=0)'].join('\n');
    assert.deepEqual(listing(compile(text).test.threads[0]!), ['lwz r1,0(r2)', 'li r31,1', 'stw r31,0(r2)']);
  });
});
