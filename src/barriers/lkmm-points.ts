/**
 * Ordering points of a kernel-C test under the LKMM, at C level, found in and
 * changed on the LkmmTest's COp IR (each op carries its statement's position
 * and primitive):
 *
 * - each fence op: smp_mb(), smp_rmb(), smp_wmb(), smp_mb__before_atomic(),
 *   smp_mb__after_atomic(), smp_mb__after_spinlock(),
 *   smp_mb__after_unlock_lock(), barrier(), synchronize_rcu(). Removing it
 *   deletes it; there is no weaker form (the LKMM's fences are not a chain:
 *   smp_rmb() and smp_wmb() each order only their own kind).
 *   rcu_read_lock()/rcu_read_unlock() are left out: they come in pairs, and
 *   one without the other is a different test (unbalanced-rcu-locking).
 * - each marked access that could be weaker: smp_load_acquire() (acquire →
 *   once, READ_ONCE()), smp_store_release() (release → once, WRITE_ONCE()),
 *   an _acquire or _release RMW (→ _relaxed): removing it means its weakest
 *   form, and there is nothing between;
 * - a fully ordered RMW (xchg(), cmpxchg(), atomic_*_return(), ...):
 *   removing it means its _relaxed form; weakening it tries _acquire, then
 *   _release, and reports the first that keeps the target.
 *
 * Locks, SRCU and ONCE accesses are not points: a lock is the
 * synchronisation itself, and READ_ONCE()/WRITE_ONCE() are already the
 * weakest marked form (making them plain would raise data races, not remove
 * ordering).
 */
import type { COp, FenceTag, LkmmTest, RmwOrder } from '../ir/c-program.ts';
import type { AblatableTest, AblationChange, AblationPoint } from './ablation.ts';

/** An LKMM ordering point, with what a comparison with POWER matches it by. */
export interface LkmmOrderingPoint extends AblationPoint {
  thread: number;
  /** The primitive as written (`smp_mb`, `xchg`, `smp_load_acquire`). */
  primitive: string;
  statement: string;
  /** What the point is: `F[mb]`, `acquire`, `release`, `mb` (a fully ordered RMW), ... */
  ordering: string;
  /** What removing it leaves: `nothing`, `once`, `relaxed`. */
  removedForm: string;
}

/** Fences whose removal is a point; rcu-lock and rcu-unlock are not (see above). */
const FENCE_POINTS: ReadonlySet<FenceTag> = new Set(['mb', 'rmb', 'wmb', 'before-atomic', 'after-atomic', 'after-spinlock', 'after-unlock-lock', 'barrier', 'sync-rcu']);

/** The form of an op with the change applied: what rebuild writes. */
type Rewrite = { kind: 'delete' } | { kind: 'tag'; tag: 'once' } | { kind: 'order'; order: RmwOrder };

interface Found {
  point: LkmmOrderingPoint;
  remove: Rewrite;
  weaken: Map<string, Rewrite>;
}

/** The point an op is, if any. `path` names the op by its place in the thread's tree of ops. */
function pointOf(op: COp, thread: number, path: string): Found | null {
  const { line, col, statement } = op.source;
  const primitive = op.source.primitive ?? statement;
  const base = { id: `P${thread}:${path}`, pos: { line, col }, thread, primitive, statement };
  const call = `P${thread} line ${line}: ${primitive}()`;
  switch (op.kind) {
    case 'fence':
      if (!FENCE_POINTS.has(op.tag)) return null;
      return {
        point: { ...base, label: call, weakerForm: null, ordering: `F[${op.tag}]`, removedForm: 'nothing' },
        remove: { kind: 'delete' },
        weaken: new Map(),
      };
    case 'load':
      if (op.tag !== 'acquire') return null;
      return {
        point: { ...base, label: `${call} (acquire; removed: once, as READ_ONCE())`, weakerForm: null, ordering: 'acquire', removedForm: 'once' },
        remove: { kind: 'tag', tag: 'once' },
        weaken: new Map(),
      };
    case 'store':
      if (op.tag !== 'release') return null;
      return {
        point: { ...base, label: `${call} (release; removed: once, as WRITE_ONCE())`, weakerForm: null, ordering: 'release', removedForm: 'once' },
        remove: { kind: 'tag', tag: 'once' },
        weaken: new Map(),
      };
    case 'rmw':
      if (op.order === 'once') return null;
      if (op.order === 'mb') {
        return {
          point: {
            ...base, label: `${call} (fully ordered; removed: _relaxed)`, weakerForm: 'acquire', otherWeakerForms: ['release'],
            ordering: 'mb', removedForm: 'relaxed',
          },
          remove: { kind: 'order', order: 'once' },
          weaken: new Map([['acquire', { kind: 'order', order: 'acquire' }], ['release', { kind: 'order', order: 'release' }]]),
        };
      }
      return {
        point: { ...base, label: `${call} (${op.order}; removed: _relaxed)`, weakerForm: null, ordering: op.order, removedForm: 'relaxed' },
        remove: { kind: 'order', order: 'once' },
        weaken: new Map(),
      };
    default:
      return null;
  }
}

/** Every op with its path, in program order, into both branches of each if. */
function walk(ops: readonly COp[], prefix: string, visit: (op: COp, path: string) => void): void {
  ops.forEach((op, i) => {
    const path = `${prefix}${i}`;
    visit(op, path);
    if (op.kind === 'if') {
      walk(op.then, `${path}.then.`, visit);
      walk(op.otherwise, `${path}.else.`, visit);
    }
  });
}

function rewrite(ops: readonly COp[], prefix: string, change: (op: COp, path: string) => Rewrite | null): COp[] {
  return ops.flatMap((op, i): COp[] => {
    const path = `${prefix}${i}`;
    const r = change(op, path);
    if (r?.kind === 'delete') return [];
    if (r?.kind === 'tag' && (op.kind === 'load' || op.kind === 'store')) return [{ ...op, tag: r.tag }];
    if (r?.kind === 'order' && op.kind === 'rmw') return [{ ...op, order: r.order }];
    if (op.kind === 'if') return [{ ...op, then: rewrite(op.then, `${path}.then.`, change), otherwise: rewrite(op.otherwise, `${path}.else.`, change) }];
    return [op];
  });
}

/** The test's LKMM ordering points, and a rebuild of its COp IR with some removed or weakened. */
export function lkmmOrderingPoints(test: LkmmTest): AblatableTest & { test: LkmmTest; points: LkmmOrderingPoint[]; rebuild(changes: ReadonlyMap<string, AblationChange>): LkmmTest } {
  const found = new Map<string, Found>();
  for (const thread of test.threads) {
    walk(thread.body, '', (op, path) => {
      const f = pointOf(op, thread.id, path);
      if (f) found.set(f.point.id, f);
    });
  }
  const rebuild = (changes: ReadonlyMap<string, AblationChange>): LkmmTest => ({
    ...test,
    // A changed test is not the one herd hashed.
    herdHash: null,
    threads: test.threads.map((thread) => ({
      ...thread,
      body: rewrite(thread.body, '', (_, path) => {
        const id = `P${thread.id}:${path}`;
        const change = changes.get(id);
        const f = found.get(id);
        if (!change || !f) return null;
        if (change === 'remove') return f.remove;
        const form = change === 'weaken' ? f.point.weakerForm : change.slice('weaken:'.length);
        const r = form === null ? undefined : f.weaken.get(form);
        if (!r) throw new Error(`ordering point ${id} has no weaker form ${form}`);
        return r;
      }),
    })),
  });
  return { test, points: [...found.values()].map((f) => f.point), rebuild };
}
