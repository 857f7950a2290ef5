/**
 * linux-kernel.def as data: how each kernel primitive becomes herd7's C
 * events under the LKMM (../shared/docs/lkmm/linux-kernel.def, cited by
 * line; the RMW shapes as tools/memory-model/Documentation/herd-representation.txt
 * draws them). The lowering (lkmm-lower.ts) reads this table; nothing here
 * knows about events.
 *
 * Arguments: `lvalue` is an access expression such as `*x` (READ_ONCE(X)
 * expands to `__load{once}(X)`); `pointer` is a pointer value whose target is
 * accessed (smp_load_acquire(X) expands to `__load{acquire}(*X)`).
 */
import type { FenceTag, ReadTag, RmwOrder, RmwResult, RmwUpdate, SrcuTag, WriteTag } from '../ir/c-program.ts';

export type ArgumentForm = 'lvalue' | 'pointer';

export type Expansion = (
  | { kind: 'load'; tag: ReadTag; target: ArgumentForm }
  | { kind: 'store'; tag: WriteTag; target: ArgumentForm; thenFence?: FenceTag }
  | { kind: 'fence'; tag: FenceTag }
  | {
    kind: 'rmw';
    order: RmwOrder;
    update: RmwUpdate['kind'];
    result: RmwResult;
    /** Argument positions of the pointer and of the operand; a null operand is the constant 1 (inc/dec). */
    pointerArg: number;
    operandArg: number | null;
  }
  | { kind: 'cmpxchg'; order: RmwOrder }
  | { kind: 'add-unless' }
  | { kind: 'lock' | 'unlock' | 'trylock' | 'is-locked' }
  | { kind: 'srcu'; tag: SrcuTag }
) & { arity: number; defLine: number | null };

const table = new Map<string, Expansion>();
const define = (name: string, expansion: Expansion): void => {
  table.set(name, expansion);
};

// linux-kernel.def:9-17 ONCE, release/acquire and friends
define('READ_ONCE', { kind: 'load', tag: 'once', target: 'lvalue', arity: 1, defLine: 9 });
define('WRITE_ONCE', { kind: 'store', tag: 'once', target: 'lvalue', arity: 2, defLine: 10 });
define('smp_store_release', { kind: 'store', tag: 'release', target: 'pointer', arity: 2, defLine: 13 });
define('smp_load_acquire', { kind: 'load', tag: 'acquire', target: 'pointer', arity: 1, defLine: 14 });
define('rcu_assign_pointer', { kind: 'store', tag: 'release', target: 'lvalue', arity: 2, defLine: 15 });
define('rcu_dereference', { kind: 'load', tag: 'once', target: 'lvalue', arity: 1, defLine: 16 });
define('smp_store_mb', { kind: 'store', tag: 'once', target: 'lvalue', thenFence: 'mb', arity: 2, defLine: 17 });

// linux-kernel.def:20-27 fences
const fences: [string, FenceTag, number][] = [
  ['smp_mb', 'mb', 20], ['smp_rmb', 'rmb', 21], ['smp_wmb', 'wmb', 22],
  ['smp_mb__before_atomic', 'before-atomic', 23], ['smp_mb__after_atomic', 'after-atomic', 24],
  ['smp_mb__after_spinlock', 'after-spinlock', 25], ['smp_mb__after_unlock_lock', 'after-unlock-lock', 26],
  ['barrier', 'barrier', 27],
  // linux-kernel.def:46-49 RCU
  ['rcu_read_lock', 'rcu-lock', 46], ['rcu_read_unlock', 'rcu-unlock', 47],
  ['synchronize_rcu', 'sync-rcu', 48], ['synchronize_rcu_expedited', 'sync-rcu', 49],
];
for (const [name, tag, line] of fences) define(name, { kind: 'fence', tag, arity: 0, defLine: line });

// linux-kernel.def:30-37, 104-111 exchanges; the order suffix picks the annotation.
const ORDERS: [string, RmwOrder][] = [['', 'mb'], ['_relaxed', 'once'], ['_acquire', 'acquire'], ['_release', 'release']];
// The .def file lists xchg's release form before its acquire form, and cmpxchg's the other way round.
const XCHG_LINE_OFFSET: Record<RmwOrder, number> = { mb: 0, once: 1, release: 2, acquire: 3 };
const CMPXCHG_LINE_OFFSET: Record<RmwOrder, number> = { mb: 0, once: 1, acquire: 2, release: 3 };
for (const [prefix, xchgLine, cmpxchgLine] of [['', 30, 34], ['atomic_', 104, 108]] as const) {
  for (const [suffix, order] of ORDERS) {
    define(`${prefix}xchg${suffix}`, { kind: 'rmw', order, update: 'set', result: 'old', pointerArg: 0, operandArg: 1, arity: 2, defLine: xchgLine + XCHG_LINE_OFFSET[order] });
    define(`${prefix}cmpxchg${suffix}`, { kind: 'cmpxchg', order, arity: 3, defLine: cmpxchgLine + CMPXCHG_LINE_OFFSET[order] });
  }
}

// linux-kernel.def:40-43 spinlocks
define('spin_lock', { kind: 'lock', arity: 1, defLine: 40 });
define('spin_unlock', { kind: 'unlock', arity: 1, defLine: 41 });
define('spin_trylock', { kind: 'trylock', arity: 1, defLine: 42 });
define('spin_is_locked', { kind: 'is-locked', arity: 1, defLine: 43 });

// linux-kernel.def:52-55 SRCU
define('srcu_read_lock', { kind: 'srcu', tag: 'srcu-lock', arity: 1, defLine: 52 });
define('srcu_read_unlock', { kind: 'srcu', tag: 'srcu-unlock', arity: 2, defLine: 53 });
define('synchronize_srcu', { kind: 'srcu', tag: 'sync-srcu', arity: 1, defLine: 54 });
define('synchronize_srcu_expedited', { kind: 'srcu', tag: 'sync-srcu', arity: 1, defLine: 55 });

// linux-kernel.def:58-61 atomic_read/set are READ_ONCE/WRITE_ONCE/acquire/release on *X.
define('atomic_read', { kind: 'load', tag: 'once', target: 'pointer', arity: 1, defLine: 58 });
define('atomic_set', { kind: 'store', tag: 'once', target: 'pointer', arity: 2, defLine: 59 });
define('atomic_read_acquire', { kind: 'load', tag: 'acquire', target: 'pointer', arity: 1, defLine: 60 });
define('atomic_set_release', { kind: 'store', tag: 'release', target: 'pointer', arity: 2, defLine: 61 });

// linux-kernel.def:63-66 atomic ops without a return value: R*[noreturn] ->rmw W*[once].
for (const [name, update, operandArg, line] of [['atomic_add', 'add', 0, 63], ['atomic_sub', 'sub', 0, 64], ['atomic_inc', 'add', null, 65], ['atomic_dec', 'sub', null, 66]] as const) {
  define(name, { kind: 'rmw', order: 'once', update, result: 'none', pointerArg: operandArg === null ? 0 : 1, operandArg, arity: operandArg === null ? 1 : 2, defLine: line });
}

// linux-kernel.def:68-102 value-returning ops, each in four orders.
const RETURNING: [string, RmwUpdate['kind'], boolean, 'new' | 'old', number][] = [
  ['atomic_add_return', 'add', true, 'new', 68], ['atomic_fetch_add', 'add', true, 'old', 72],
  ['atomic_inc_return', 'add', false, 'new', 77], ['atomic_fetch_inc', 'add', false, 'old', 81],
  ['atomic_sub_return', 'sub', true, 'new', 86], ['atomic_fetch_sub', 'sub', true, 'old', 90],
  ['atomic_dec_return', 'sub', false, 'new', 95], ['atomic_fetch_dec', 'sub', false, 'old', 99],
];
for (const [name, update, takesOperand, result, line] of RETURNING) {
  ORDERS.forEach(([suffix, order], i) => {
    define(`${name}${suffix}`, {
      kind: 'rmw', order, update, result, pointerArg: takesOperand ? 1 : 0, operandArg: takesOperand ? 0 : null,
      arity: takesOperand ? 2 : 1, defLine: line + i,
    });
  });
}

// linux-kernel.def:113-116 tests of the new value, fully ordered.
for (const [name, update, takesOperand, result, line] of [
  ['atomic_sub_and_test', 'sub', true, 'new-is-zero', 113], ['atomic_dec_and_test', 'sub', false, 'new-is-zero', 114],
  ['atomic_inc_and_test', 'add', false, 'new-is-zero', 115], ['atomic_add_negative', 'add', true, 'new-is-negative', 116],
] as const) {
  define(name, { kind: 'rmw', order: 'mb', update, result, pointerArg: takesOperand ? 1 : 0, operandArg: takesOperand ? 0 : null, arity: takesOperand ? 2 : 1, defLine: line });
}

/**
 * atomic_add_unless(v, a, u) is built into herd7's C parser rather than the
 * .def file; herd-representation.txt gives it cmpxchg's shape: fully ordered
 * when it adds, a lone R*[once] when the value was u.
 */
define('atomic_add_unless', { kind: 'add-unless', arity: 3, defLine: null });

export function lkmmExpansion(name: string): Expansion | undefined {
  return table.get(name);
}
