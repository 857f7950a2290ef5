/**
 * Kernel-C AST → LKMM program IR: each thread's statements with
 * linux-kernel.def's macros expanded (lkmm-def.ts) and every memory access
 * made explicit, in the order herd7's C semantics performs them (arguments
 * left to right, an access's address before its value). Names resolve here:
 * a thread parameter denotes the address of the shared variable it names, a
 * local is a register, anything else is an error.
 */
import { LitmusError } from '../diagnostics.ts';
import type { COp, COpSource, CThread, CValue, CValueOp, LkmmTest } from '../ir/c-program.ts';
import type { Value } from '../ir/program.ts';
import { collectSharedNames } from '../parse/condition.ts';
import { herdHashOfKernelC } from '../parse/herd-hash-c.ts';
import { buildInitState } from '../parse/init.ts';
import type { CCall, CExpr, CFunction, CStatement, KernelCTest, Span } from './ast.ts';
import { type Expansion, lkmmExpansion } from './lkmm-def.ts';
import { primitiveSpec } from './primitives.ts';

export function lowerKernelCForLkmm(ast: KernelCTest): LkmmTest {
  const fail = (span: Span, message: string, kind: 'input' | 'unsupported' = 'unsupported'): never => {
    const lineEnd = ast.text.indexOf('\n', span.offset);
    const end = Math.min(span.end, lineEnd < 0 ? ast.text.length : lineEnd);
    throw new LitmusError(kind, message, ast.file, span.line, span.col, Math.max(1, end - span.offset));
  };
  const shared = new Set<string>();
  for (const fn of ast.functions) for (const param of fn.params) shared.add(param.name);
  for (const entry of ast.init) {
    if (entry.target.kind === 'mem') shared.add(entry.target.name);
    if (typeof entry.value === 'string') shared.add(entry.value);
  }
  const locks = new Set<string>();
  const threads = ast.functions.map((fn) => new ThreadLowerer(ast, fn, fail, locks).lower());
  const init = buildInitState(ast.init, () => [], (token, message) => fail({ ...token, end: token.offset + token.text.length }, message, 'input'));
  for (const loc of ast.final.locations) if (loc.kind === 'mem') shared.add(loc.name);
  collectSharedNames(ast.final.condition.prop, shared);
  collectSharedNames(ast.final.filter, shared);
  return {
    arch: 'C',
    name: ast.name,
    file: ast.file,
    doc: ast.doc,
    metadata: ast.metadata,
    init,
    threads,
    locations: ast.final.locations,
    filter: ast.final.filter,
    condition: ast.final.condition,
    expected: ast.expected,
    sharedLocations: [...shared].sort(),
    lockLocations: locks,
    herdHash: herdHashOfKernelC(ast),
  };
}

const BINARY: Record<string, CValueOp> = {
  '+': '+', '-': '-', '*': '*', '/': '/', '&': '&', '|': '|', '^': '^', '<<': '<<', '>>': '>>',
  '==': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=', '&&': '&&', '||': '||',
};
const COMPOUND: Record<string, CValueOp> = { '+=': '+', '-=': '-', '*=': '*', '/=': '/', '&=': '&', '|=': '|', '^=': '^', '<<=': '<<', '>>=': '>>' };

const constant = (value: Value): CValue => ({ kind: 'const', value });
const local = (name: string): CValue => ({ kind: 'local', name });

class ThreadLowerer {
  private ops: COp[] = [];
  private temporaries = 0;
  private readonly params: Set<string>;
  private statement: { span: Span; text: string } | null = null;

  constructor(
    private readonly ast: KernelCTest,
    private readonly fn: CFunction,
    private readonly fail: (span: Span, message: string, kind?: 'input' | 'unsupported') => never,
    private readonly locks: Set<string>,
  ) {
    this.params = new Set(fn.params.map((p) => p.name));
  }

  lower(): CThread {
    const body = this.block(this.fn.body);
    // herd's locals start at 0 unless the init block gives them a value (buildInitState).
    const locals = new Map<string, CValue>([...this.fn.locals.keys()].map((name) => [name, constant(0)]));
    return { id: this.fn.thread, body, locals };
  }

  private block(statements: CStatement[]): COp[] {
    const outer = this.ops;
    this.ops = [];
    for (const s of statements) this.lowerStatement(s);
    const lowered = this.ops;
    this.ops = outer;
    return lowered;
  }

  private lowerStatement(s: CStatement): void {
    this.statement = { span: s.span, text: this.ast.text.slice(s.span.offset, s.span.end).replace(/\s+/g, ' ') };
    switch (s.kind) {
      case 'block':
        for (const inner of s.body) this.lowerStatement(inner);
        return;
      case 'declaration':
        for (const d of s.declarators) if (d.init) this.assignLocal(d.name, d.init);
        return;
      case 'assignment':
        return this.assignment(s);
      case 'call':
        this.call(s.call, null);
        return;
      case 'if': {
        const condition = this.value(s.condition);
        const source = this.source(null);
        const then = this.block(s.then);
        const otherwise = this.block(s.otherwise ?? []);
        this.ops.push({ kind: 'if', condition, then, otherwise, source });
      }
    }
  }

  private assignment(s: Extract<CStatement, { kind: 'assignment' }>): void {
    const target = s.target;
    if (target.kind === 'name') {
      if (!this.fn.locals.has(target.name)) this.fail(target.span, `'${target.name}' is not a local of P${this.fn.thread}: only locals can be assigned (a shared variable is written through its pointer, *${target.name} = ...)`, 'input');
      if (s.op === '=') return this.assignLocal(target.name, s.value);
      const value = this.value(s.value);
      this.ops.push({ kind: 'assign', dst: target.name, value: { kind: 'op', op: COMPOUND[s.op]!, args: [local(target.name), value] }, source: this.source(null) });
      return;
    }
    // `*p = v`: a plain store (herd's C semantics give it no annotation: Plain).
    const pointer = this.derefOperand(target);
    const address = this.value(pointer);
    let value = this.value(s.value);
    if (s.op !== '=') {
      const old = this.temporary();
      this.ops.push({ kind: 'load', dst: old, address, tag: 'plain', source: this.source(null) });
      value = { kind: 'op', op: COMPOUND[s.op]!, args: [local(old), value] };
    }
    this.ops.push({ kind: 'store', address, value, tag: 'plain', source: this.source(null) });
  }

  private assignLocal(name: string, value: CExpr): void {
    const inner = value.kind === 'cast' ? value.operand : value;
    if (inner.kind === 'call') {
      this.call(inner, name);
      return;
    }
    this.ops.push({ kind: 'assign', dst: name, value: this.value(value), source: this.source(null) });
  }

  private derefOperand(expr: CExpr): CExpr {
    const inner = expr.kind === 'cast' ? expr.operand : expr;
    if (inner.kind === 'unary' && inner.op === '*') return inner.operand;
    return this.fail(expr.span, 'expected an access through a pointer, such as *x', 'input');
  }

  private temporary(): string {
    // '%' cannot start a C name, so temporaries never meet the test's locals.
    return `%t${this.temporaries++}`;
  }

  private source(primitive: string | null): COpSource {
    const { span, text } = this.statement!;
    return { line: span.line, col: span.col, statement: text, primitive };
  }

  private value(expr: CExpr): CValue {
    switch (expr.kind) {
      case 'number':
        return constant(expr.value);
      case 'name':
        if (this.fn.locals.has(expr.name)) return local(expr.name);
        if (this.params.has(expr.name)) return constant(expr.name);
        return this.fail(expr.span, `unknown name '${expr.name}': not a local or a parameter of P${this.fn.thread}`, 'input');
      case 'cast':
        return this.value(expr.operand);
      case 'unary': {
        if (expr.op === '*') {
          // A plain read through a pointer.
          const address = this.value(expr.operand);
          const dst = this.temporary();
          this.ops.push({ kind: 'load', dst, address, tag: 'plain', source: this.source(null) });
          return local(dst);
        }
        if (expr.op === '&') {
          const operand = expr.operand.kind === 'unary' && expr.operand.op === '*' ? expr.operand.operand : null;
          if (operand) return this.value(operand);
          return this.fail(expr.span, "'&' applies to an access through a pointer (&*p); a parameter x is already the address of the shared variable x", 'unsupported');
        }
        const operand = this.value(expr.operand);
        return { kind: 'op', op: expr.op === '-' ? 'neg' : expr.op, args: [operand] };
      }
      case 'binary':
        return { kind: 'op', op: BINARY[expr.op]!, args: [this.value(expr.left), this.value(expr.right)] };
      case 'call': {
        const dst = this.temporary();
        if (!this.call(expr, dst)) this.fail(expr.span, `${expr.callee}() returns no value`, 'input');
        return local(dst);
      }
    }
  }

  /** Lowers a primitive call; returns whether it produces a value (stored in `dst` when given). */
  private call(call: CCall, dst: string | null): boolean {
    const expansion = lkmmExpansion(call.callee);
    if (!expansion) return this.unknownPrimitive(call);
    if (call.args.length !== expansion.arity) {
      this.fail(call.span, `${call.callee}() takes ${expansion.arity} argument${expansion.arity === 1 ? '' : 's'}, not ${call.args.length}`, 'input');
    }
    const source = this.source(call.callee);
    const arg = (i: number): CValue => this.value(call.args[i]!);
    const target = (form: 'lvalue' | 'pointer'): CValue => (form === 'pointer' ? arg(0) : this.value(this.derefOperand(call.args[0]!)));
    const result = dst ?? this.temporary();
    return this.expand(expansion, call, source, arg, target, result, dst !== null);
  }

  private expand(
    e: Expansion, call: CCall, source: COpSource, arg: (i: number) => CValue, target: (form: 'lvalue' | 'pointer') => CValue,
    result: string, wanted: boolean,
  ): boolean {
    const lockAddress = (): CValue => {
      const address = arg(0);
      if (address.kind === 'const' && typeof address.value === 'string') this.locks.add(address.value);
      return address;
    };
    switch (e.kind) {
      case 'load':
        this.ops.push({ kind: 'load', dst: result, address: target(e.target), tag: e.tag, source });
        return true;
      case 'store': {
        const address = target(e.target);
        this.ops.push({ kind: 'store', address, value: arg(1), tag: e.tag, source });
        if (e.thenFence) this.ops.push({ kind: 'fence', tag: e.thenFence, source });
        return false;
      }
      case 'fence':
        this.ops.push({ kind: 'fence', tag: e.tag, source });
        return false;
      case 'rmw': {
        const operands = call.args.map((_, i) => i);
        const values = operands.map((i) => arg(i));
        const value = e.operandArg === null ? constant(1) : values[e.operandArg]!;
        this.ops.push({
          kind: 'rmw', dst: e.result === 'none' ? null : result, address: values[e.pointerArg]!, order: e.order,
          update: { kind: e.update, value }, result: e.result, guard: null, source,
        });
        return e.result !== 'none';
      }
      case 'cmpxchg': {
        const [address, expected, desired] = [arg(0), arg(1), arg(2)];
        this.ops.push({
          kind: 'rmw', dst: result, address, order: e.order, update: { kind: 'set', value: desired }, result: 'old',
          guard: { equal: true, value: expected }, source,
        });
        return true;
      }
      case 'add-unless': {
        const [address, amount, unless] = [arg(0), arg(1), arg(2)];
        this.ops.push({
          kind: 'rmw', dst: result, address, order: 'mb', update: { kind: 'add', value: amount }, result: 'succeeded',
          guard: { equal: false, value: unless }, source,
        });
        return true;
      }
      case 'lock':
      case 'unlock':
        this.ops.push({ kind: e.kind, address: lockAddress(), source });
        return false;
      case 'trylock':
      case 'is-locked':
        this.ops.push({ kind: e.kind, dst: wanted ? result : null, address: lockAddress(), source });
        return true;
      case 'srcu': {
        const address = arg(0);
        const value = e.tag === 'srcu-unlock' ? arg(1) : null;
        this.ops.push({ kind: 'srcu', tag: e.tag, dst: e.tag === 'srcu-lock' ? result : null, address, value, source });
        return e.tag === 'srcu-lock';
      }
    }
  }

  private unknownPrimitive(call: CCall): never {
    const span = { ...call.span, end: call.span.offset + call.callee.length };
    if (primitiveSpec(call.callee)) {
      return this.fail(span, `${call.callee}() is a powerpc kernel primitive with no meaning in the Linux-kernel memory model: run this test with --model power`);
    }
    return this.fail(span, `unknown primitive '${call.callee}': the Linux-kernel memory model (linux-kernel.def) has no such macro`);
  }
}
