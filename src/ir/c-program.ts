/**
 * Program IR for a kernel-C test run under the Linux-kernel memory model: each
 * thread as herd7's C semantics sees it once linux-kernel.def's macros are
 * expanded. Memory operations carry the LKMM annotations of
 * linux-kernel.bell (once, acquire, release, noreturn, the fence tags, lock
 * and SRCU operations); values are pure expressions over locals and
 * constants. The kernel-C front end lowers its AST into this form
 * (src/kernel-c/lkmm-lower.ts); the event builder (src/events/c-paths.ts)
 * runs it.
 */
import type { AccessSize, LitmusTest, SourcePos, Value } from './program.ts';

/** A pure value: no memory access happens while computing it. */
export type CValue =
  | { kind: 'const'; value: Value }
  | { kind: 'local'; name: string }
  | { kind: 'op'; op: CValueOp; args: CValue[] };

export type CValueOp =
  | '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>'
  | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||'
  | '!' | 'neg' | '~';

/** linux-kernel.bell:20 `instructions R[{'once,'acquire,'noreturn}]`; `plain` is no annotation (Plain = M \ Marked). */
export type ReadTag = 'once' | 'acquire' | 'noreturn' | 'plain';
/** linux-kernel.bell:21 `instructions W[{'once,'release}]`. */
export type WriteTag = 'once' | 'release' | 'plain';
/** linux-kernel.bell:24-35 enum Barriers, `instructions F[Barriers]`. */
export type FenceTag =
  | 'mb' | 'rmb' | 'wmb' | 'barrier' | 'rcu-lock' | 'rcu-unlock' | 'sync-rcu'
  | 'before-atomic' | 'after-atomic' | 'after-spinlock' | 'after-unlock-lock';
/** linux-kernel.bell:38-39 enum SRCU, `instructions SRCU[SRCU]`. */
export type SrcuTag = 'srcu-lock' | 'srcu-unlock' | 'sync-srcu';
/**
 * The ordering of an RMW as linux-kernel.def writes it (`__xchg{mb}`,
 * `__cmpxchg{acquire}` ...): `mb` is the fully ordered form, which herd
 * brackets with F[mb] fences (tools/memory-model/Documentation/herd-representation.txt).
 */
export type RmwOrder = 'mb' | 'once' | 'acquire' | 'release';

/** How an RMW's write is computed from the value it read. */
export type RmwUpdate = { kind: 'set'; value: CValue } | { kind: 'add' | 'sub' | 'and' | 'or' | 'xor' | 'andnot'; value: CValue };

/** What an RMW returns: nothing, the old or new value, or a test of the new value (`*_and_test`, `add_negative`). */
export type RmwResult = 'none' | 'old' | 'new' | 'new-is-zero' | 'new-is-negative' | 'succeeded';

/** Where an operation came from: the C statement and the primitive whose expansion made it. */
export interface COpSource extends SourcePos {
  statement: string;
  primitive: string | null;
}

export type COp = (
  | { kind: 'assign'; dst: string; value: CValue }
  | { kind: 'load'; dst: string; address: CValue; tag: ReadTag }
  | { kind: 'store'; address: CValue; value: CValue; tag: WriteTag }
  | { kind: 'fence'; tag: FenceTag }
  | {
    kind: 'rmw';
    dst: string | null;
    address: CValue;
    order: RmwOrder;
    update: RmwUpdate;
    result: RmwResult;
    /**
     * A conditional RMW writes only when the old value compares so with
     * `value` (cmpxchg: equal to the expected value; atomic_add_unless: not
     * equal to u); otherwise it is a lone R*[once] (herd-representation.txt).
     */
    guard: { equal: boolean; value: CValue } | null;
  }
  | { kind: 'lock'; address: CValue }
  | { kind: 'unlock'; address: CValue }
  | { kind: 'trylock'; dst: string | null; address: CValue }
  | { kind: 'is-locked'; dst: string | null; address: CValue }
  | { kind: 'srcu'; tag: SrcuTag; dst: string | null; address: CValue; value: CValue | null }
  | { kind: 'if'; condition: CValue; then: COp[]; otherwise: COp[] }
) & {
  source: COpSource;
  /**
   * How many bytes the op's accesses touch, where the lowering knows it from
   * the pointer's type (`char *`, `u8 *`, `u64 *`); absent, the location's own
   * size. The LKMM does not model accesses of different sizes to one
   * location: src/events/c-structure.ts refuses them (rejectMixedSizes).
   */
  size?: AccessSize;
};

export interface CThread {
  id: number;
  body: COp[];
  /** Locals the final condition may name, with their values before the first statement. */
  locals: Map<string, CValue>;
}

/** A kernel-C test ready for the LKMM: everything a LitmusTest has, with C threads instead of POWER code. */
export interface LkmmTest extends Omit<LitmusTest, 'arch' | 'threads'> {
  arch: 'C';
  threads: CThread[];
  /** Shared locations declared or used as spinlocks (only lock operations may touch them). */
  lockLocations: Set<string>;
}
