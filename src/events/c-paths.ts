/**
 * Per-thread control paths of a kernel-C test under herd7's C semantics: each
 * path lists the thread's events in program order — reads and writes with
 * their LKMM annotation, fences, SRCU events and the lock events of lock.cat
 * — with symbolic addresses and values, the dependencies herd derives from
 * the flow of values through locals (addr, data, and ctrl from an `if`
 * condition to everything after it), the branch outcomes and lock values it
 * assumes (as constraints on read values) and the final values of locals.
 *
 * Locks are memory: a spinlock word holds 0 (unlocked) or 1. lock.cat's
 * lock events become reads and writes of it with the values its rf
 * construction implies (lock.cat:44-141): an LKR reads an unlocked value
 * (the initial write or a UL) and its LKW writes 1; UL writes 0; LF and RL
 * read 1 (an LKW), RU reads 0. With co enumerated over all the lock's writes,
 * the atomic axiom on the LKR/LKW pair and coherence give exactly lock.cat's
 * executions: each LKW follows the UL (or initial write) it read, so every
 * critical section stands alone in co, as lock.cat's `co` puts it.
 */
import { LitmusError } from '../diagnostics.ts';
import type { COp, COpSource, CValue, FenceTag, LkmmTest, ReadTag, SrcuTag, WriteTag } from '../ir/c-program.ts';
import type { AccessSize } from '../ir/program.ts';
import { constant, type Expr, type ExprOp, operation, ValueError } from './expr.ts';
import type { DepSet } from './paths.ts';

/** lock.cat:1-17: the lock events herd generates. */
export type LockClass = 'LKR' | 'LKW' | 'UL' | 'LF' | 'RL' | 'RU';

export interface CPathEvent {
  /** R and W touch memory; F is a fence; S is an SRCU event (bell:38-39), which has a location but no value in memory. */
  kind: 'R' | 'W' | 'F' | 'S';
  /** Index among the path's events (program order). */
  index: number;
  /** The annotation: a read or write tag, a fence tag, or an SRCU tag; lock events carry 'once'. */
  tag: ReadTag | WriteTag | FenceTag | SrcuTag;
  lock: LockClass | null;
  /** Part of an RMW instruction (bell:22's RMW class, the R* and W* of herd-representation.txt). */
  rmwInstruction: boolean;
  /** For the read of an RMW pair (R* or LKR): the index of its write. */
  rmwWrite: number | null;
  address: Expr | null;
  /** For a write, the value written; for a read, the read itself; for an SRCU event, its value. */
  value: Expr;
  addrDeps: DepSet;
  dataDeps: DepSet;
  ctrlDeps: DepSet;
  source: COpSource;
  /** The op's access size, when the lowering knows it (COp.size); null: the location's own. */
  size: AccessSize | null;
}

export interface CThreadPath {
  thread: number;
  cutOff: false;
  events: CPathEvent[];
  constraints: Expr[];
  finalRegisters: Map<string, Expr>;
}

interface Symbolic {
  expr: Expr;
  deps: DepSet;
}

interface State {
  ops: COp[];
  pc: number;
  /** Where to resume once `ops` is done: the enclosing blocks, with the ctrl dependencies in force there. */
  continuations: { ops: COp[]; pc: number; ctrlDeps: DepSet }[];
  locals: Map<string, Symbolic>;
  events: CPathEvent[];
  constraints: Expr[];
  ctrlDeps: DepSet;
}

const bit = (i: number): DepSet => 1n << BigInt(i);
const UNLOCKED = 0;
const LOCKED = 1;
/** What each lock read must see: an LKR or RU an unlocked word, an LF or RL a locked one. */
const LOCK_READ_SEES: Readonly<Partial<Record<LockClass, number>>> = { LKR: UNLOCKED, RU: UNLOCKED, LF: LOCKED, RL: LOCKED };

/** C operators as expression operations; comparisons and logic give 0 or 1 as in C. */
function cOperation(op: string, args: Expr[]): Expr {
  const [a, b] = args as [Expr, Expr];
  const isZero = (x: Expr): Expr => operation('equal', [x, constant(0)]);
  const not = (x: Expr): Expr => isZero(x);
  const simple: Record<string, ExprOp> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod', '&': 'and', '|': 'or', '^': 'xor', '<<': 'shl', '>>': 'sra', neg: 'neg' };
  const mapped = simple[op];
  if (mapped) return operation(mapped, args);
  switch (op) {
    case '==': return operation('equal', [a, b]);
    case '!=': return not(operation('equal', [a, b]));
    case '<': return operation('less', [a, b]);
    case '>': return operation('less', [b, a]);
    case '<=': return not(operation('less', [b, a]));
    case '>=': return not(operation('less', [a, b]));
    case '&&': return operation('and', [not(isZero(a)), not(isZero(b))]);
    case '||': return operation('or', [not(isZero(a)), not(isZero(b))]);
    case '!': return isZero(a);
    case '~': return operation('nor', [a, a]);
  }
  throw new Error(`unknown C operator ${op}`);
}

export function cThreadPaths(test: LkmmTest, thread: number): CThreadPath[] {
  const code = test.threads[thread]!;
  const fail = (source: COpSource, message: string): never => {
    throw new LitmusError('unsupported', message, test.file, source.line, source.col, Math.max(1, source.statement.length));
  };
  const locals = new Map<string, Symbolic>();
  for (const [name, value] of code.locals) locals.set(name, { expr: value.kind === 'const' ? constant(value.value) : constant(0), deps: 0n });
  for (const [name, value] of test.init.registers.get(thread) ?? []) locals.set(name, { expr: constant(value), deps: 0n });

  const paths: CThreadPath[] = [];
  const stack: State[] = [{ ops: code.body, pc: 0, continuations: [], locals, events: [], constraints: [], ctrlDeps: 0n }];
  // Fields in the order of the first state's, not spread: a spread copy would get a map of its own (see fork in paths.ts).
  const fork = (s: State): State => ({
    ops: s.ops, pc: s.pc, continuations: [...s.continuations], locals: new Map(s.locals), events: [...s.events], constraints: [...s.constraints], ctrlDeps: s.ctrlDeps,
  });

  while (stack.length > 0) {
    const s = stack.pop()!;
    let alive = true;
    while (alive) {
      if (s.pc === s.ops.length) {
        const next = s.continuations.pop();
        if (!next) break;
        s.ops = next.ops;
        s.pc = next.pc;
        s.ctrlDeps = next.ctrlDeps;
        continue;
      }
      const op = s.ops[s.pc++]!;
      const guarded = <T>(compute: () => T): T => {
        try {
          return compute();
        } catch (e) {
          if (e instanceof ValueError) return fail(op.source, e.message);
          throw e;
        }
      };
      const value = (v: CValue): Symbolic => guarded(() => evaluateSymbolic(v, s.locals));
      const setLocal = (name: string | null, v: Symbolic): void => {
        if (name !== null) s.locals.set(name, v);
      };
      const addEvent = (kind: CPathEvent['kind'], fields: Partial<CPathEvent> & Pick<CPathEvent, 'tag'>, address: Symbolic | null, written: Symbolic | null): CPathEvent => {
        const index = s.events.length;
        const event: CPathEvent = {
          kind, index, lock: null, rmwInstruction: false, rmwWrite: null,
          address: address?.expr ?? null,
          value: written ? written.expr : { kind: 'read', event: index },
          addrDeps: address?.deps ?? 0n, dataDeps: written?.deps ?? 0n, ctrlDeps: s.ctrlDeps, source: op.source, size: op.size ?? null,
          ...fields,
        };
        s.events.push(event);
        return event;
      };
      const read = (address: Symbolic, tag: ReadTag, lock: LockClass | null = null, rmwInstruction = false): Symbolic => {
        const e = addEvent('R', { tag, lock, rmwInstruction }, address, null);
        return { expr: e.value, deps: bit(e.index) };
      };
      /** A lock read (lock.cat's class `lock`), which must see what LOCK_READ_SEES says. */
      const lockRead = (address: Symbolic, lock: LockClass): Symbolic => {
        const seen = read(address, 'once', lock);
        s.constraints.push(operation('equal', [seen.expr, constant(LOCK_READ_SEES[lock]!)]));
        return seen;
      };
      /** Forks off the path where a trylock or spin_is_locked takes its other outcome: one lock read of class `lock`, returning `result`. */
      const forkLockOutcome = (address: Symbolic, lock: LockClass, dst: string | null, result: number): void => {
        const other = fork(s);
        const seen = readIn(other, address, op, lock);
        other.constraints.push(operation('equal', [seen.expr, constant(LOCK_READ_SEES[lock]!)]));
        if (dst !== null) other.locals.set(dst, { expr: constant(result), deps: seen.deps });
        stack.push(other);
      };
      /** spin_lock's LKR ->po LKW pair (herd-representation.txt). */
      const acquire = (address: Symbolic): Symbolic => {
        const seen = lockRead(address, 'LKR');
        pairWithRead(addEvent('W', { tag: 'once', lock: 'LKW' }, address, { expr: constant(LOCKED), deps: 0n }));
        return seen;
      };
      /** Links an RMW's write to the read just before it (bell's rmw, lock.cat:44 lk-rmw). */
      const pairWithRead = (write: CPathEvent): void => {
        s.events[write.index - 1]!.rmwWrite = write.index;
      };
      const fence = (tag: FenceTag): void => {
        addEvent('F', { tag }, null, null);
      };

      switch (op.kind) {
        case 'assign':
          setLocal(op.dst, value(op.value));
          break;
        case 'load':
          setLocal(op.dst, read(value(op.address), op.tag));
          break;
        case 'store':
          addEvent('W', { tag: op.tag }, value(op.address), value(op.value));
          break;
        case 'fence':
          fence(op.tag);
          break;
        case 'if': {
          const condition = value(op.condition);
          // herd's ctrl: from the reads the condition depends on to the events of the branch taken, not beyond the if
          // (manual/oota/C-JO-OOTA-3 and auto/C-LB-LRW+R-Oc+R-Ok are Sometimes in herd7's log only so).
          const enter = (state: State, ops: COp[]): void => {
            state.continuations.push({ ops: state.ops, pc: state.pc, ctrlDeps: state.ctrlDeps });
            state.ctrlDeps |= condition.deps;
            state.ops = ops;
            state.pc = 0;
          };
          if (condition.expr.kind === 'const') {
            enter(s, condition.expr.value !== 0 ? op.then : op.otherwise);
            break;
          }
          const otherwise = fork(s);
          otherwise.constraints.push(operation('equal', [condition.expr, constant(0)]));
          enter(otherwise, op.otherwise);
          stack.push(otherwise);
          s.constraints.push(operation('equal', [operation('equal', [condition.expr, constant(0)]), constant(0)]));
          enter(s, op.then);
          break;
        }
        case 'rmw': {
          const address = value(op.address);
          const operand = value(op.update.value);
          if (op.guard) {
            // A conditional RMW that fails is a lone R*[once], without the fences of the fully ordered form (herd-representation.txt).
            const expected = value(op.guard.value);
            const failure = fork(s);
            const old = readIn(failure, address, op);
            const matches = operation('equal', [old.expr, expected.expr]);
            const fails = op.guard.equal ? operation('equal', [matches, constant(0)]) : matches;
            if (!(fails.kind === 'const' && fails.value === 0)) {
              failure.constraints.push(fails);
              if (op.dst !== null) failure.locals.set(op.dst, op.result === 'succeeded' ? { expr: constant(0), deps: old.deps } : old);
              stack.push(failure);
            }
          }
          if (op.order === 'mb') fence('mb');
          const tag: ReadTag = op.result === 'none' ? 'noreturn' : op.order === 'acquire' ? 'acquire' : 'once';
          const old = read(address, tag, null, true);
          if (op.guard) {
            const matches = operation('equal', [old.expr, value(op.guard.value).expr]);
            const succeeds = op.guard.equal ? matches : operation('equal', [matches, constant(0)]);
            if (succeeds.kind === 'const' && succeeds.value === 0) {
              alive = false;
              break;
            }
            s.constraints.push(succeeds);
          }
          const written = guarded(() => rmwWrittenValue(op.update.kind, old, operand));
          pairWithRead(addEvent('W', { tag: op.order === 'release' ? 'release' : 'once', rmwInstruction: true }, address, written));
          if (op.order === 'mb') fence('mb');
          if (op.dst !== null) setLocal(op.dst, guarded(() => rmwResult(op.result, old, written)));
          break;
        }
        case 'lock':
          acquire(value(op.address));
          break;
        case 'unlock':
          addEvent('W', { tag: 'once', lock: 'UL' }, value(op.address), { expr: constant(UNLOCKED), deps: 0n });
          break;
        case 'trylock': {
          const address = value(op.address);
          forkLockOutcome(address, 'LF', op.dst, 0);
          setLocal(op.dst, { expr: constant(1), deps: acquire(address).deps });
          break;
        }
        case 'is-locked': {
          const address = value(op.address);
          forkLockOutcome(address, 'RU', op.dst, 0);
          setLocal(op.dst, { expr: constant(1), deps: lockRead(address, 'RL').deps });
          break;
        }
        case 'srcu': {
          const carried = op.value ? value(op.value) : { expr: constant(0), deps: 0n };
          const e = addEvent('S', { tag: op.tag }, value(op.address), carried);
          setLocal(op.dst, { expr: constant(0), deps: bit(e.index) });
          break;
        }
      }
    }
    if (!alive || s.constraints.some((c) => c.kind === 'const' && c.value !== 1)) continue;
    const finalRegisters = new Map<string, Expr>();
    for (const [name, v] of s.locals) if (!name.startsWith('%')) finalRegisters.set(name, v.expr);
    paths.push({ thread, cutOff: false, events: s.events, constraints: s.constraints.filter((c) => c.kind !== 'const'), finalRegisters });
  }
  return paths.reverse();
}

/** A read added to another state of the same path (a fork's alternative). */
function readIn(state: State, address: Symbolic, op: Pick<COp, 'source' | 'size'>, lock: LockClass | null = null): Symbolic {
  const index = state.events.length;
  state.events.push({
    kind: 'R', index, tag: 'once', lock, rmwInstruction: lock === null, rmwWrite: null,
    address: address.expr, value: { kind: 'read', event: index },
    addrDeps: address.deps, dataDeps: 0n, ctrlDeps: state.ctrlDeps, source: op.source, size: op.size ?? null,
  });
  return { expr: { kind: 'read', event: index }, deps: bit(index) };
}

function evaluateSymbolic(v: CValue, locals: Map<string, Symbolic>): Symbolic {
  switch (v.kind) {
    case 'const':
      return { expr: constant(v.value), deps: 0n };
    case 'local':
      return locals.get(v.name) ?? { expr: constant(0), deps: 0n };
    case 'op': {
      const args = v.args.map((a) => evaluateSymbolic(a, locals));
      return { expr: cOperation(v.op, args.map((a) => a.expr)), deps: args.reduce((d, a) => d | a.deps, 0n) };
    }
  }
}

function rmwWrittenValue(update: string, old: Symbolic, operand: Symbolic): Symbolic {
  if (update === 'set') return operand;
  const op: Record<string, ExprOp> = { add: 'add', sub: 'sub', and: 'and', or: 'or', xor: 'xor' };
  const expr = update === 'andnot'
    ? operation('and', [old.expr, operation('nor', [operand.expr, operand.expr])])
    : operation(op[update]!, [old.expr, operand.expr]);
  return { expr, deps: old.deps | operand.deps };
}

function rmwResult(result: string, old: Symbolic, written: Symbolic): Symbolic {
  switch (result) {
    case 'old': return old;
    case 'new': return written;
    case 'new-is-zero': return { expr: operation('equal', [written.expr, constant(0)]), deps: written.deps };
    case 'new-is-negative': return { expr: operation('less', [written.expr, constant(0)]), deps: written.deps };
    case 'succeeded': return { expr: constant(1), deps: old.deps };
    default: return old;
  }
}

