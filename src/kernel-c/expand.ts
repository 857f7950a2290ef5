/**
 * Primitive expansion: a primitive's steps from the table (primitives.ts) for
 * the target, emitted as fences (each an ordering point with a stable id),
 * access skeletons and nested calls. Reservation loops take the shape the
 * engine explores as their successful iteration only (`L: lwarx …; stwcx.;
 * bne L`, no store in the loop, the loop's registers rewritten before its
 * first branch); a compare that fails (cmpxchg, trylock, add_unless) skips
 * the steps marked skippedOnFailure. smp_ipi_demux()'s pass loop is a
 * plain loop (it stores), bounded by the unroll limit.
 */
import type { BranchCond, RegName } from '../ir/program.ts';
import { fitsSigned16 } from '../ir/ppc-text.ts';
import { TRIGGER_RAISED, triggerValue } from './ipi.ts';
import { type Bound, type BoundLocation, constantOf, InstructionEmitter, locationOf, operandOf } from './emitter.ts';
import { type ArgTemplate, CONDITIONAL_ACCESSES, expansion, primitiveSpec, type PrimitiveSpec, type Step, versionsWith } from './primitives.ts';

/** Whether an MMIO store happened since the last lock (the kernel's io_sync flag), per path so far. */
export type MmioState = 'no' | 'yes' | 'maybe';

export class PrimitiveExpander extends InstructionEmitter {
  protected mmio: MmioState = 'no';

  protected resolve(template: ArgTemplate, args: Bound[]): Bound {
    if ('param' in template) return args[template.param]!;
    if ('constant' in template) return { kind: 'constant', value: template.constant };
    const cpu = template.cpu === 'this' ? this.thread : constantOf(args[template.cpu.param]!);
    return this.test.ipiWord(template.ipiWord, cpu);
  }

  /**
   * Emits a primitive's steps. `result` receives its value (a temporary is
   * taken if a step needs one and none was given) and is returned. A
   * compare-and-branch access (CONDITIONAL_ACCESSES: cmpxchg, trylock,
   * add-unless) jumps on failure past the steps marked skippedOnFailure, or
   * to `failureTarget` when the caller handles failure.
   */
  protected expand(spec: PrimitiveSpec, args: Bound[], result: RegName | null, chain: string[], options: { failureTarget?: string }): RegName | null {
    const saved = this.origin;
    const calls = [...chain, spec.name];
    const steps = expansion(spec, this.test.target);
    if (steps === null) {
      const path = calls.map((name) => `${name}()`).join(' → ');
      this.test.fail(saved.span, `${path} is not in kernel ${this.test.target.kernel} (it is in ${versionsWith(spec).join(', ')}); choose the kernel with Kernel= or --kernel`);
    }
    let res = result;
    const resultRegister = () => (res ??= this.registers.temporary());
    const conditional = steps.findIndex((s) => s.kind === 'access' && CONDITIONAL_ACCESSES.has(s.access));
    const failurePathEnds = Math.max(conditional, ...steps.flatMap((s, i) => (s.kind === 'fence' && s.skippedOnFailure ? [i] : [])));
    const failure = conditional < 0 ? null : options.failureTarget ?? this.newLabel();
    steps.forEach((step, i) => {
      this.origin = { ...saved, chain: calls, role: step.kind === 'fence' ? step.role : null };
      switch (step.kind) {
        case 'fence':
          this.fence(step, calls);
          break;
        case 'call':
          // What the called primitive returns is this one's value, for the steps after it to test (atomic_dec_and_test).
          res = this.expand(primitiveSpec(step.primitive)!, step.args.map((a) => this.resolve(a, args)), res, calls, {}) ?? res;
          break;
        case 'access':
          this.access(step, step.args.map((a) => this.resolve(a, args)), resultRegister, failure);
          break;
      }
      if (failure !== null && i === failurePathEnds && options.failureTarget === undefined) {
        const trylock = (steps[conditional] as Extract<Step, { kind: 'access' }>).access === 'trylock';
        if (trylock && res !== null) this.successFlag(res, failure);
        else this.place(failure);
      }
    });
    this.origin = saved;
    return res;
  }

  /** After a trylock: `li r,1; b done; fail: li r,0; done:`. */
  protected successFlag(r: RegName, failure: string): void {
    const done = this.newLabel();
    this.loadImmediate(r, 1);
    this.emit({ kind: 'branch', cond: 'always', crField: 0, target: done });
    this.place(failure);
    this.loadImmediate(r, 0);
    this.place(done);
  }

  protected fence(step: Extract<Step, { kind: 'fence' }>, calls: string[]): void {
    if (step.onlyAfterMmioStore) {
      if (this.mmio === 'no') return;
      if (this.mmio === 'maybe') {
        this.test.fail(this.origin.span, "this unlock follows an MMIO store on some paths only, so whether it syncs (the kernel's io_sync flag) depends on the path, which is not modelled");
      }
    }
    const { span, statement } = this.origin;
    const call = `P${this.thread}:${span.line}:${span.col}:${calls.join('>')}`;
    const id = `${call}:${step.role.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
    const change = this.test.overrides.get(id);
    if (change === 'weaken' && step.weaker === null) throw new Error(`ordering point ${id} has no weaker form`);
    this.test.addPoint({
      id,
      label: `P${this.thread} line ${span.line}: ${calls.map((name) => `${name}()`).join(' → ')}${step.role === 'barrier' || step.role === 'explicit' ? '' : `: ${step.role}`} (${step.fence})`,
      pos: { line: span.line, col: span.col },
      weakerForm: step.weaker,
      thread: this.thread,
      statement,
      primitives: calls,
      role: step.role,
      fence: step.fence,
      call,
    });
    const fence = change === 'remove' ? null : change === 'weaken' ? step.weaker : step.fence;
    if (fence !== null) this.emit({ kind: 'fence', fence });
  }

  protected access(step: Extract<Step, { kind: 'access' }>, args: Bound[], result: () => RegName, failure: string | null): void {
    switch (step.access) {
      case 'load': {
        const location = locationOf(args[0]!);
        this.load(result(), location, step.size ?? location.size);
        return;
      }
      case 'store': {
        const location = locationOf(args[0]!);
        this.store(location, this.inRegister(operandOf(args[1]!)), step.size ?? location.size);
        if (step.mmio) this.mmio = 'yes';
        return;
      }
      case 'twi': {
        // twi 0,r,0 never traps; herd sees the same dependency in cmpw r,r; bne next.
        const r = result();
        const next = this.newLabel();
        this.compare(r, { reg: r });
        this.emit({ kind: 'branch', cond: 'ne', crField: 0, target: next });
        this.place(next);
        return;
      }
      case 'swap': {
        const location = this.reservable(args[0]!);
        const value = this.inRegister(operandOf(args[1]!));
        const r = result();
        this.reservationLoop(location, () => {
          this.reserve(r, location);
          return value;
        }, null);
        return;
      }
      case 'cmpxchg': {
        const location = this.reservable(args[0]!);
        const old = operandOf(args[1]!);
        const expected = 'imm' in old && !fitsSigned16(old.imm) ? { reg: this.inRegister(old) } : old;
        const value = this.inRegister(operandOf(args[2]!));
        const r = result();
        this.reservationLoop(location, () => {
          this.reserve(r, location);
          this.compare(r, expected);
          return value;
        }, { target: failure!, when: 'ne' });
        return;
      }
      case 'lock':
      case 'trylock': {
        const location = this.reservable(args[0]!);
        const one = this.inRegister({ imm: 1 });
        const seen = this.registers.temporary();
        this.reservationLoop(location, () => {
          this.reserve(seen, location);
          this.compare(seen, { imm: 0 });
          return one;
        }, step.access === 'lock' ? 'retry' : { target: failure!, when: 'ne' });
        // CLEAR_IO_SYNC: taking a lock clears the kernel's io_sync flag.
        this.mmio = 'no';
        return;
      }
      case 'op-return':
      case 'fetch-op': {
        // `lwarx t; add/subf n,t,amount; stwcx. n`: n is t itself when the new value is returned, as the kernel writes it.
        const location = this.reservable(args[0]!);
        const amount = operandOf(args[1]!);
        const old = result();
        const updated = step.access === 'op-return' ? old : this.registers.temporary();
        this.reservationLoop(location, () => {
          this.reserve(old, location);
          return this.arithmetic(step.operation!, { reg: old }, amount, () => updated).reg;
        }, null);
        return;
      }
      case 'add-unless': {
        // The kernel adds after its compare; adding first (registers only, the same dependencies) lets a failed
        // iteration rewrite every register before its first branch, the shape explored as its successful iteration.
        const location = this.reservable(args[0]!);
        const amount = operandOf(args[1]!), unless = operandOf(args[2]!);
        const old = result(), updated = this.registers.temporary();
        this.reservationLoop(location, () => {
          this.reserve(old, location);
          this.arithmetic('+', { reg: old }, amount, () => updated);
          this.compare(old, unless);
          return updated;
        }, { target: failure!, when: 'eq' });
        return;
      }
      case 'is-null':
        this.setIf(result(), result(), '==', { imm: 0 });
        return;
      case 'test':
        this.setIf(result(), result(), step.relation!, operandOf(args[0]!));
        return;
      case 'trigger': {
        const cpu = constantOf(args[0]!);
        const value = args[1] ? triggerValue(constantOf(args[1])) : TRIGGER_RAISED;
        this.store(this.test.ipiWord('trigger', cpu), this.inRegister({ imm: value }), 4);
        if (step.mmio) this.mmio = 'yes';
        return;
      }
      case 'message-store': {
        // char *message = (char *)&info->messages; message[msg] = 1;
        const cpu = constantOf(args[0]!), msg = constantOf(args[1]!);
        const messages = this.test.ipiWord('messages', cpu);
        this.store({ ...messages, size: 1, offset: msg }, this.inRegister({ imm: 1 }), 1);
        return;
      }
      case 'demux':
        this.demux(locationOf(args[0]!), step.primitive!, result());
        return;
      case 'llist-add':
        this.llistAdd(locationOf(args[0]!), locationOf(args[1]!), result);
        return;
    }
  }

  /**
   * `head: <body>; [b<when> failure;] stwcx. value; bne head`, where `body`
   * is the lwarx, what computes the value it returns and, for a conditional
   * loop, the compare whose outcome `when` leaves the loop (`'retry'` goes
   * back to the head instead, as spin_lock does while the lock is held).
   */
  protected reservationLoop(location: BoundLocation, body: () => RegName, failure: { target: string; when: BranchCond } | 'retry' | null): void {
    const head = this.newLabel();
    this.place(head);
    const value = body();
    if (failure === 'retry') this.emit({ kind: 'branch', cond: 'ne', crField: 0, target: head });
    else if (failure !== null) this.emit({ kind: 'branch', cond: failure.when, crField: 0, target: failure.target });
    this.emit({ kind: 'store', src: value, ea: { base: null, index: this.address(location), offset: 0 }, size: location.size, conditional: true, updateBase: false });
    this.emit({ kind: 'branch', cond: 'ne', crField: 0, target: head });
  }

  /**
   * smp_ipi_demux()'s loop: `all = 0; pass: taken = <exchange>(messages, 0);
   * all |= taken; if (messages != 0) goto pass;`, the re-check a plain load
   * (READ_ONCE in v6.13). `all` is what every pass took.
   */
  protected demux(messages: BoundLocation, exchange: string, all: RegName): void {
    const taken = this.registers.temporary(), seen = this.registers.temporary();
    const pass = this.newLabel();
    const calls = this.origin.chain;
    this.loadImmediate(all, 0);
    this.place(pass);
    this.expand(primitiveSpec(exchange)!, [messages, { kind: 'constant', value: 0 }], taken, calls, {});
    this.origin = { ...this.origin, chain: calls, role: null };
    this.arithmetic('|', { reg: all }, { reg: taken }, () => all);
    this.load(seen, messages, messages.size);
    this.compare(seen, { imm: 0 });
    this.emit({ kind: 'branch', cond: 'ne', crField: 0, target: pass });
  }

  /**
   * llist_add(node, head): `first = head; retry: node = first;
   * cmpxchg(head, first, token)`; on a failed compare `first = seen` and
   * retry. Returns whether the list was empty (first == NULL).
   */
  protected llistAdd(node: BoundLocation, head: BoundLocation, result: () => RegName): void {
    const first = this.registers.temporary(), seen = this.registers.temporary();
    const token = this.inRegister({ imm: this.test.llistToken(node.name) });
    const retry = this.newLabel(), failed = this.newLabel(), done = this.newLabel();
    this.load(first, head, head.size);
    this.place(retry);
    this.store(node, first, node.size);
    const calls = this.origin.chain;
    this.expand(primitiveSpec('cmpxchg')!, [head, { kind: 'value', operand: { reg: first } }, { kind: 'value', operand: { reg: token } }], seen, calls, { failureTarget: failed });
    this.emit({ kind: 'branch', cond: 'always', crField: 0, target: done });
    this.place(failed);
    this.emit({ kind: 'alu', op: 'move', dst: first, srcs: [{ reg: seen }], setsCr0: false });
    this.emit({ kind: 'branch', cond: 'always', crField: 0, target: retry });
    this.place(done);
    this.setIf(result(), first, '==', { imm: 0 });
  }
}
