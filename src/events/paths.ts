/**
 * Per-thread event structures: every control-flow path of a thread, run
 * symbolically. A path lists the thread's memory events in program order with
 * symbolic addresses and values, the dependencies herd derives from register
 * dataflow (addr, data, ctrl, ctrl+isync), the fences between events, the
 * branch outcomes it assumes (as constraints on read values) and the final
 * register values.
 */
import { type ErrorKind, LitmusError } from '../diagnostics.ts';
import type { AccessSize, BranchCond, EffectiveAddress, FenceKind, Instruction, LitmusTest, Operand, RegName } from '../ir/program.ts';
import { CR_EQ, CR_GT, CR_LT, constant, type Expr, operation, ValueError } from './expr.ts';

/** Sets of a thread's read events, by their index in the path's event list. */
export type DepSet = bigint;

export interface PathEvent {
  kind: 'R' | 'W';
  /** Index among the path's memory events (program order). */
  index: number;
  instr: Instruction;
  address: Expr;
  size: AccessSize;
  /** For a write, the value written; for a read, the read itself. */
  value: Expr;
  /** lwarx, or the write of a successful stwcx. */
  exclusive: boolean;
  addrDeps: DepSet;
  dataDeps: DepSet;
  ctrlDeps: DepSet;
  ctrlIsyncDeps: DepSet;
}

/** A non-memory event herd puts in po: a fence, or the commit of a conditional branch. */
export interface PathMarker {
  /** Number of memory events before it in program order. */
  position: number;
  /** Its rank among the path's fences and commits, in program order. */
  order: number;
}

export interface PathFence extends PathMarker {
  kind: FenceKind;
  instr: Instruction;
}

export interface ThreadPath {
  thread: number;
  /**
   * The path stops where a backward branch exceeded the unroll bound. Its
   * executions are still checked: as in herd, one that passes the model is not
   * counted but makes the result say that outcomes may be missing.
   */
  cutOff: boolean;
  events: PathEvent[];
  fences: PathFence[];
  /** Commits of the conditional branches taken or not, in program order. */
  commits: PathMarker[];
  /** Expressions that must evaluate to 1 for the path to be the one taken. */
  constraints: Expr[];
  finalRegisters: Map<RegName, Expr>;
}

export interface ThreadPaths {
  thread: number;
  paths: ThreadPath[];
}

/**
 * Iterations of a loop whose branch does not depend on memory: herd never
 * bounds those, so such a loop would not terminate there; here it is an error.
 */
const DETERMINED_LOOP_LIMIT = 1000;

interface Symbolic {
  expr: Expr;
  deps: DepSet;
}

interface State {
  pc: number;
  registers: Map<RegName, Symbolic>;
  crFields: Map<number, Symbolic>;
  events: PathEvent[];
  fences: PathFence[];
  commits: PathMarker[];
  markers: number;
  constraints: Expr[];
  ctrlDeps: DepSet;
  ctrlIsyncDeps: DepSet;
  /** Address of the live lwarx reservation (herd's RESADDR), with its dependencies. */
  reservation: Symbolic | null;
  /** Times each backward branch target was jumped to. */
  backJumps: Map<number, number>;
  /** For each loop head, how many events the path had when it last arrived there. */
  iterationStart: Map<number, number>;
  cutOff: boolean;
}

const ZERO: Symbolic = { expr: constant(0), deps: 0n };
const bit = (i: number): DepSet => 1n << BigInt(i);

export function threadPaths(test: LitmusTest, thread: number, unroll: number): ThreadPaths {
  return new PathRunner(test, thread, unroll).run();
}

/**
 * Runs one thread's code symbolically, a path at a time. Each instruction
 * kind is a method of its own: one function holding every kind (and the
 * helpers as closures made per instruction) took V8 hundreds of
 * milliseconds to optimise, again after each deoptimisation, in every
 * worker of a parallel run.
 */
class PathRunner {
  private readonly code: LitmusTest['threads'][number];
  private readonly retryJumps: Map<number, number>;
  private readonly loopHeads: Set<number>;
  /** States still to run: the other side of each fork. */
  private readonly stack: State[];

  constructor(private readonly test: LitmusTest, private readonly thread: number, private readonly unroll: number) {
    this.code = test.threads[thread]!;
    this.retryJumps = reservationRetryJumps(this.code.instructions, this.code.labels);
    this.loopHeads = new Set(this.retryJumps.values());
    const initial = new Map<RegName, Symbolic>();
    for (const [reg, value] of test.init.registers.get(thread) ?? []) initial.set(reg, { expr: constant(value), deps: 0n });
    this.stack = [{
      pc: 0, registers: initial, crFields: new Map(), events: [], fences: [], commits: [], markers: 0, constraints: [],
      ctrlDeps: 0n, ctrlIsyncDeps: 0n, reservation: null, backJumps: new Map(), iterationStart: new Map(), cutOff: false,
    }];
  }

  run(): ThreadPaths {
    const result: ThreadPaths = { thread: this.thread, paths: [] };
    const { instructions } = this.code;
    while (this.stack.length > 0) {
      const s = this.stack.pop()!;
      let alive = true;
      while (alive && !s.cutOff && s.pc < instructions.length) {
        if (this.loopHeads.has(s.pc)) s.iterationStart.set(s.pc, s.events.length);
        const instr = instructions[s.pc]!;
        s.pc++;
        alive = this.execute(s, instr);
      }
      if (!alive) continue;
      const finalRegisters = new Map<RegName, Expr>();
      for (const [r, v] of s.registers) finalRegisters.set(r, v.expr);
      result.paths.push({ thread: this.thread, cutOff: s.cutOff, events: s.events, fences: s.fences, commits: s.commits, constraints: s.constraints, finalRegisters });
    }
    result.paths.reverse();
    return result;
  }

  /** Runs one instruction on `s`; false when the path turns out impossible. */
  private execute(s: State, instr: Instruction): boolean {
    switch (instr.kind) {
      case 'nop':
        return true;
      case 'fence':
        s.fences.push({ kind: instr.fence, instr, position: s.events.length, order: s.markers++ });
        // ctrlisync = (ctrl & (_ * ISYNC)); po: reads the branch depended on are ordered before all that follows.
        if (instr.fence === 'isync') s.ctrlIsyncDeps |= s.ctrlDeps;
        return true;
      case 'alu':
        return this.alu(s, instr);
      case 'compare':
        return this.compare(s, instr);
      case 'load':
        return this.load(s, instr);
      case 'store':
        return instr.conditional ? this.storeConditional(s, instr) : this.store(s, instr);
      case 'branch':
        return this.branch(s, instr);
    }
  }

  private alu(s: State, instr: Extract<Instruction, { kind: 'alu' }>): boolean {
    // One loop, not map(): map() in optimised code gives a holey array in Node 20 (README, Speed), which deoptimised the code reading it.
    const operands: Expr[] = [];
    let deps = 0n;
    for (const o of instr.srcs) {
      const { expr, deps: operandDeps } = this.operand(s, o);
      operands.push(expr);
      deps |= operandDeps;
    }
    const value: Symbolic = { expr: this.op(instr, instr.op, operands, instr.params), deps };
    s.registers.set(instr.dst, value);
    if (instr.setsCr0) s.crFields.set(0, { expr: this.op(instr, 'compare', [value.expr, constant(0)]), deps: value.deps });
    return true;
  }

  private compare(s: State, instr: Extract<Instruction, { kind: 'compare' }>): boolean {
    const a = reg(s, instr.a), b = this.operand(s, instr.b);
    s.crFields.set(instr.crField, {
      expr: this.op(instr, instr.unsigned ? 'compareUnsigned' : 'compare', [a.expr, b.expr]),
      deps: a.deps | b.deps,
    });
    return true;
  }

  private load(s: State, instr: Extract<Instruction, { kind: 'load' }>): boolean {
    const address = this.effectiveAddress(s, instr, instr.ea);
    const event = addEvent(s, instr, 'R', address, null, instr.size, instr.reserve);
    if (instr.reserve) s.reservation = address;
    if (instr.updateBase && instr.ea.base !== null) s.registers.set(instr.ea.base, address);
    s.registers.set(instr.dst, { expr: event.value, deps: bit(event.index) });
    return true;
  }

  private store(s: State, instr: Extract<Instruction, { kind: 'store' }>): boolean {
    const address = this.effectiveAddress(s, instr, instr.ea);
    if (instr.updateBase && instr.ea.base !== null) s.registers.set(instr.ea.base, address);
    addEvent(s, instr, 'W', address, reg(s, instr.src), instr.size, false);
    return true;
  }

  /**
   * stwcx.: failure is always possible (spurious failure); success needs a
   * live reservation on the address. herd reads rS, RES and RESADDR as data
   * inputs, and CR0 is computed from all of them and the address.
   */
  private storeConditional(s: State, instr: Extract<Instruction, { kind: 'store' }>): boolean {
    const address = this.effectiveAddress(s, instr, instr.ea);
    if (instr.updateBase && instr.ea.base !== null) s.registers.set(instr.ea.base, address);
    const reservation = s.reservation;
    s.reservation = null;
    const data = reg(s, instr.src);
    const inputs = data.deps | address.deps | (reservation?.deps ?? 0n);
    const failure = fork(s);
    failure.crFields.set(0, { expr: constant(0), deps: inputs });
    this.stack.push(failure);
    const sameAddress = reservation === null ? constant(0) : this.op(instr, 'equal', [reservation.expr, address.expr]);
    if (sameAddress.kind === 'const' && sameAddress.value === 0) return false;
    if (sameAddress.kind !== 'const') s.constraints.push(sameAddress);
    addEvent(s, instr, 'W', address, { expr: data.expr, deps: data.deps | (reservation?.deps ?? 0n) }, instr.size, true);
    s.crFields.set(0, { expr: constant(CR_EQ), deps: inputs });
    return true;
  }

  private branch(s: State, instr: Extract<Instruction, { kind: 'branch' }>): boolean {
    const target = this.code.labels.get(instr.target);
    if (target === undefined) return this.fail(instr, `undefined label '${instr.target}'`, 'input');
    // herd bounds a backward jump unless it is conditional on a value known without memory.
    let bounded = true;
    if (instr.cond !== 'always') {
      // herd only has CR0 branches; an explicit `crN,` field (our extension) is honoured as the ISA says.
      const field = s.crFields.get(instr.crField) ?? ZERO;
      const [bitMask, expected] = BRANCH_TEST[instr.cond];
      const taken = this.op(instr, 'crTest', [field.expr], [bitMask, expected]);
      // ctrl: the reads the condition depends on are ordered before everything after the branch.
      s.ctrlDeps |= field.deps;
      s.commits.push({ position: s.events.length, order: s.markers++ });
      if (taken.kind === 'const' && taken.value === 0) return true;
      bounded = taken.kind !== 'const';
      if (bounded) {
        const notTaken = fork(s);
        notTaken.constraints.push(this.op(instr, 'equal', [taken, constant(0)]));
        this.stack.push(notTaken);
        s.constraints.push(taken);
      }
    }
    if (target < s.pc) {
      if (this.retryJumps.get(s.pc - 1) === target && isReservationRetry(s.events.slice(s.iterationStart.get(target) ?? 0))) return false;
      const times = (s.backJumps.get(target) ?? 0) + 1;
      s.backJumps.set(target, times);
      if (bounded && times > this.unroll) {
        s.cutOff = true;
        return true;
      }
      if (times > DETERMINED_LOOP_LIMIT) {
        this.fail(instr, `this loop does not depend on memory and runs more than ${DETERMINED_LOOP_LIMIT} times`, 'limit');
      }
    }
    s.pc = target;
    return true;
  }

  private operand(s: State, o: Operand): Symbolic {
    return 'reg' in o ? reg(s, o.reg) : { expr: constant(o.imm), deps: 0n };
  }

  private effectiveAddress(s: State, instr: Instruction, ea: EffectiveAddress): Symbolic {
    const base = ea.base === null ? ZERO : reg(s, ea.base);
    const index = ea.index === null ? ZERO : reg(s, ea.index);
    const sum = this.op(instr, 'add', [this.op(instr, 'add', [base.expr, index.expr]), constant(ea.offset)]);
    return { expr: sum, deps: base.deps | index.deps };
  }

  private op(instr: Instruction, ...args: Parameters<typeof operation>): Expr {
    try {
      return operation(...args);
    } catch (e) {
      if (e instanceof ValueError) return this.fail(instr, e.message);
      throw e;
    }
  }

  private fail(instr: Instruction, message: string, kind: ErrorKind = 'unsupported'): never {
    throw new LitmusError(kind, message, this.test.file, instr.source.line, instr.source.col, instr.source.text.length);
  }
}

const reg = (s: State, r: RegName): Symbolic => s.registers.get(r) ?? ZERO;

function addEvent(s: State, instr: Instruction, kind: 'R' | 'W', address: Symbolic, value: Symbolic | null, size: AccessSize, exclusive: boolean): PathEvent {
  const index = s.events.length;
  const event: PathEvent = {
    kind, index, instr, address: address.expr, size, exclusive,
    value: value ? value.expr : { kind: 'read', event: index },
    addrDeps: address.deps, dataDeps: value ? value.deps : 0n,
    ctrlDeps: s.ctrlDeps, ctrlIsyncDeps: s.ctrlIsyncDeps,
  };
  s.events.push(event);
  return event;
}

/**
 * A copy of `s` for the other side of a fork. Its fields are listed in the
 * order of the first state's, not spread from `s`: V8 gives an object made by
 * a spread a map apart from the literal's, and the code reading states saw
 * two kinds of them, deoptimising when a test first forked.
 */
function fork(s: State): State {
  return {
    pc: s.pc, registers: new Map(s.registers), crFields: new Map(s.crFields), events: [...s.events], fences: [...s.fences],
    commits: [...s.commits], markers: s.markers, constraints: [...s.constraints], ctrlDeps: s.ctrlDeps, ctrlIsyncDeps: s.ctrlIsyncDeps,
    reservation: s.reservation, backJumps: new Map(s.backJumps), iterationStart: new Map(s.iterationStart), cutOff: s.cutOff,
  };
}

/** Per condition: which CR bit the branch tests and whether it must be set (1) or clear (0) to be taken. */
const BRANCH_TEST: Record<BranchCond, [number, number]> = {
  always: [0, 0],
  eq: [CR_EQ, 1],
  ne: [CR_EQ, 0],
  lt: [CR_LT, 1],
  ge: [CR_LT, 0],
  gt: [CR_GT, 1],
  le: [CR_GT, 0],
};

/**
 * Reservation retry loops (`L: lwarx …; stwcx.; bne L`, a lock found taken,
 * a cmpxchg's reservation lost) are explored as their successful iteration
 * only, without unrolling. Dropping a failed iteration is exact for final
 * states when that iteration read with lwarx, wrote no memory, and wrote only
 * registers the next iteration writes again before its first branch: every
 * execution with failed iterations then has the same final state as the one
 * without them, which is consistent too (its relations are a subset).
 * Returns, per backward branch where the register condition holds, its loop head;
 * the memory condition is checked on each path (isReservationRetry).
 */
function reservationRetryJumps(code: Instruction[], labels: Map<string, number>): Map<number, number> {
  const jumps = new Map<number, number>();
  code.forEach((instr, i) => {
    if (instr.kind !== 'branch') return;
    const head = labels.get(instr.target);
    if (head === undefined || head > i) return;
    const body = code.slice(head, i + 1);
    const firstBranch = body.findIndex((b) => b.kind === 'branch');
    const rewritten = new Set(body.slice(0, firstBranch).flatMap(writtenRegisters));
    if (body.flatMap(writtenRegisters).every((r) => rewritten.has(r))) jumps.set(i, head);
  });
  return jumps;
}

function isReservationRetry(iteration: PathEvent[]): boolean {
  return iteration.some((e) => e.kind === 'R' && e.exclusive) && iteration.every((e) => e.kind === 'R');
}

function writtenRegisters(instr: Instruction): string[] {
  switch (instr.kind) {
    case 'alu': return instr.setsCr0 ? [instr.dst, 'cr0'] : [instr.dst];
    case 'compare': return [`cr${instr.crField}`];
    case 'load': return instr.updateBase && instr.ea.base ? [instr.dst, instr.ea.base] : [instr.dst];
    case 'store': return [...(instr.updateBase && instr.ea.base ? [instr.ea.base] : []), ...(instr.conditional ? ['cr0'] : [])];
    default: return [];
  }
}
