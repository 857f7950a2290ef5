/**
 * Kernel-C AST → LKMM program IR: each thread's statements with
 * linux-kernel.def's macros expanded (lkmm-def.ts) and every memory access
 * made explicit, in the order herd7's C semantics performs them (arguments
 * left to right, an access's address before its value). Names resolve here:
 * a thread parameter denotes the address of the shared variable it names, a
 * local is a register, anything else is an error. The LKMM has no sizes:
 * a variable is accessed with one size only, from its first byte (the
 * LIMITATIONS of tools/memory-model/Documentation/litmus-tests.txt: several
 * access sizes for one variable are not supported), so an index into a word
 * is refused, as is a byte pointer into a word beside the word's own
 * accesses, or two declarations of one variable with different sizes
 * (layout.ts; herd's untyped `int`, pointers, `intptr_t`, `atomic_t` … all
 * count as its one 4-byte cell).
 */
import { LitmusError } from '../diagnostics.ts';
import type { COp, COpSource, CThread, CValue, CValueOp, LkmmTest } from '../ir/c-program.ts';
import type { AccessSize, Value } from '../ir/program.ts';
import { collectSharedNames } from '../parse/condition.ts';
import { herdHashOfKernelC } from '../parse/herd-hash-c.ts';
import { withLazyHerdHash } from '../parse/herd-hash.ts';
import { buildInitState } from '../parse/init.ts';
import type { CCall, CExpr, CFunction, CStatement, CType, KernelCTest, Span } from './ast.ts';
import { fixedSize, integerType, type Place, ThreadLayout, variableSizes } from './layout.ts';
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
  const sizes = new AccessSizes(variableSizes(ast), fail);
  const threads = ast.functions.map((fn) => new ThreadLowerer(ast, fn, fail, locks, sizes).lower());
  const init = buildInitState(ast.init, () => [], (token, message) => fail({ ...token, end: token.offset + token.text.length }, message, 'input'));
  for (const loc of ast.final.locations) if (loc.kind === 'mem') shared.add(loc.name);
  collectSharedNames(ast.final.condition.prop, shared);
  collectSharedNames(ast.final.filter, shared);
  return withLazyHerdHash({
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
  }, () => herdHashOfKernelC(ast));
}

const BINARY: Record<string, CValueOp> = {
  '+': '+', '-': '-', '*': '*', '/': '/', '&': '&', '|': '|', '^': '^', '<<': '<<', '>>': '>>',
  '==': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=', '&&': '&&', '||': '||',
};
const COMPOUND: Record<string, CValueOp> = { '+=': '+', '-=': '-', '*=': '*', '/=': '/', '&=': '&', '|=': '|', '^=': '^', '<<=': '<<', '>>=': '>>' };

/** The one size each variable is accessed with, checked access by access. */
class AccessSizes {
  private readonly first = new Map<string, { size: number; span: Span }>();

  constructor(
    readonly declared: ReadonlyMap<string, AccessSize>,
    private readonly fail: (span: Span, message: string) => never,
  ) {}

  note(place: Place, size: number, span: Span): void {
    const mixed = 'mixed-size accesses are outside the LKMM (tools/memory-model/Documentation/litmus-tests.txt, LIMITATIONS); run this test with --model power';
    if (place.offset !== 0) {
      this.fail(span, `this ${place.size}-byte access to byte ${place.offset} of ${place.variable} is part of a ${this.declared.get(place.variable)}-byte variable: ${mixed}`);
    }
    const first = this.first.get(place.variable);
    if (!first) this.first.set(place.variable, { size, span });
    else if (first.size !== size) this.fail(span, `this ${size}-byte access to ${place.variable} meets a ${first.size}-byte one (line ${first.span.line}): ${mixed}`);
  }
}

/** An access's size as the LKMM check counts it: an integer type's, or 4 for herd's untyped cell. */
function cellSize(type: CType): number {
  return (type.indirection === 1 ? integerType(type)?.size : undefined) ?? 4;
}

const constant = (value: Value): CValue => ({ kind: 'const', value });
const local = (name: string): CValue => ({ kind: 'local', name });

class ThreadLowerer {
  private ops: COp[] = [];
  private temporaries = 0;
  private readonly params: Set<string>;
  private statement: { span: Span; text: string } | null = null;
  private readonly layout: ThreadLayout;

  constructor(
    private readonly ast: KernelCTest,
    private readonly fn: CFunction,
    private readonly fail: (span: Span, message: string, kind?: 'input' | 'unsupported') => never,
    private readonly locks: Set<string>,
    private readonly sizes: AccessSizes,
  ) {
    this.params = new Set(fn.params.map((p) => p.name));
    const literal = (e: CExpr): number | null => (e.kind === 'number' ? e.value : e.kind === 'unary' && e.op === '-' && e.operand.kind === 'number' ? -e.operand.value : null);
    this.layout = new ThreadLayout(fn, sizes.declared, { fail, constant: literal });
  }

  /**
   * The address an access through `pointer` uses (`p[i]` stands for a
   * pointer to its element), its place checked against the LKMM's one size
   * per variable when known.
   */
  private address(pointer: CExpr): CValue {
    const place = this.layout.place(pointer);
    let p = pointer;
    while (p.kind === 'cast') p = p.operand;
    if (place) {
      const declared = p.kind === 'name' ? this.fn.params.find((x) => x.name === (p as { name: string }).name)?.type ?? this.fn.locals.get(p.name)?.type : undefined;
      this.sizes.note(place, declared ? cellSize(declared) : place.size, pointer.span);
    }
    // A checked index is at offset 0 of a variable of its element's size: the pointer itself.
    return this.value(p.kind === 'index' ? p.pointer : pointer);
  }

  /**
   * COp.size of an access through `pointer`, where its declared type fixes
   * one (layout.ts fixedSize: `char *`, `u64 *` ...), so that the event
   * builder refuses sizes that meet at a location only known at run time.
   */
  private sized(pointer: CExpr): { size?: AccessSize } {
    let p = pointer;
    while (p.kind === 'cast') p = p.operand;
    if (p.kind === 'index') p = p.pointer;
    while (p.kind === 'cast') p = p.operand;
    if (p.kind !== 'name') return {};
    const type = this.fn.params.find((x) => x.name === (p as { name: string }).name)?.type ?? this.fn.locals.get(p.name)?.type;
    const size = type ? fixedSize(type) : null;
    return size === null ? {} : { size };
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
      case 'do-while':
        return this.fail(s.span, 'loops are not in the LKMM\'s C: herd7 runs LKMM tests without them; run this test with --model power', 'unsupported');
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
    const address = this.address(pointer);
    let value = this.value(s.value);
    if (s.op !== '=') {
      const old = this.temporary();
      this.ops.push({ kind: 'load', dst: old, address, tag: 'plain', source: this.source(null), ...this.sized(pointer) });
      value = { kind: 'op', op: COMPOUND[s.op]!, args: [local(old), value] };
    }
    this.ops.push({ kind: 'store', address, value, tag: 'plain', source: this.source(null), ...this.sized(pointer) });
  }

  private assignLocal(name: string, value: CExpr): void {
    const inner = value.kind === 'cast' ? value.operand : value;
    if (inner.kind === 'call') {
      this.call(inner, name);
      return;
    }
    this.ops.push({ kind: 'assign', dst: name, value: this.value(value), source: this.source(null) });
  }

  /** The pointer an lvalue accesses through: p of `*p`, or `p[i]` itself (see address). */
  private derefOperand(expr: CExpr): CExpr {
    const inner = expr.kind === 'cast' ? expr.operand : expr;
    if (inner.kind === 'unary' && inner.op === '*') return inner.operand;
    if (inner.kind === 'index') return inner;
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
          const address = this.address(expr.operand);
          const dst = this.temporary();
          this.ops.push({ kind: 'load', dst, address, tag: 'plain', source: this.source(null), ...this.sized(expr.operand) });
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
      case 'index': {
        const address = this.address(expr);
        const dst = this.temporary();
        this.ops.push({ kind: 'load', dst, address, tag: 'plain', source: this.source(null), ...this.sized(expr) });
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
    const targetPointer = (form: 'lvalue' | 'pointer'): CExpr => (form === 'pointer' ? call.args[0]! : this.derefOperand(call.args[0]!));
    const target = (form: 'lvalue' | 'pointer'): CValue => this.address(targetPointer(form));
    const size = (i: number) => this.sized(call.args[i]!);
    const result = dst ?? this.temporary();
    return this.expand(expansion, call, source, arg, target, result, dst !== null, size, (form) => this.sized(targetPointer(form)));
  }

  private expand(
    e: Expansion, call: CCall, source: COpSource, arg: (i: number) => CValue, target: (form: 'lvalue' | 'pointer') => CValue,
    result: string, wanted: boolean, size: (i: number) => { size?: AccessSize }, targetSize: (form: 'lvalue' | 'pointer') => { size?: AccessSize },
  ): boolean {
    const pointer = (i: number): CValue => this.address(call.args[i]!);
    const lockAddress = (): CValue => {
      const address = pointer(0);
      if (address.kind === 'const' && typeof address.value === 'string') this.locks.add(address.value);
      return address;
    };
    switch (e.kind) {
      case 'load':
        this.ops.push({ kind: 'load', dst: result, address: target(e.target), tag: e.tag, source, ...targetSize(e.target) });
        return true;
      case 'store': {
        const address = target(e.target);
        this.ops.push({ kind: 'store', address, value: arg(1), tag: e.tag, source, ...targetSize(e.target) });
        if (e.thenFence) this.ops.push({ kind: 'fence', tag: e.thenFence, source });
        return false;
      }
      case 'fence':
        this.ops.push({ kind: 'fence', tag: e.tag, source });
        return false;
      case 'rmw': {
        const operands = call.args.map((_, i) => i);
        const values = operands.map((i) => (i === e.pointerArg ? pointer(i) : arg(i)));
        const value = e.operandArg === null ? constant(1) : values[e.operandArg]!;
        this.ops.push({
          kind: 'rmw', dst: e.result === 'none' ? null : result, address: values[e.pointerArg]!, order: e.order,
          update: { kind: e.update, value }, result: e.result, guard: null, source, ...size(e.pointerArg),
        });
        return e.result !== 'none';
      }
      case 'cmpxchg': {
        const [address, expected, desired] = [pointer(0), arg(1), arg(2)];
        this.ops.push({
          kind: 'rmw', dst: result, address, order: e.order, update: { kind: 'set', value: desired }, result: 'old',
          guard: { equal: true, value: expected }, source, ...size(0),
        });
        return true;
      }
      case 'add-unless': {
        const [address, amount, unless] = [pointer(0), arg(1), arg(2)];
        this.ops.push({
          kind: 'rmw', dst: result, address, order: 'mb', update: { kind: 'add', value: amount }, result: 'succeeded',
          guard: { equal: false, value: unless }, source, ...size(0),
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
