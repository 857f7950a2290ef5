/**
 * Kernel-C test → program IR: each thread becomes the PPC code the kernel's
 * own expansion of each primitive gives for the target (kernel version, CPU
 * flavour, KVM HV config, cause_ipi variant; see primitives.ts).
 *
 * - Shared variables are the thread parameters (`int *x`): memory locations
 *   whose addresses the init block puts in registers (`0:r2=x`). Locals are
 *   registers; conditions name them as C locals and are translated (see
 *   registers.ts for which register a local gets).
 * - herd's C dialect: casts pass through (the outermost one sizes an access);
 *   a pointer parameter used as a value, and `&x`, is x's address; a pointer
 *   or intptr_t local holds an address, and an access through it (`*r1`,
 *   `READ_ONCE(*r1)`, `smp_store_release((int *)r1, v)`) has that register as
 *   its address, so an address dependency when it came from a load.
 * - Grace periods and SRCU (NO_POWER_MODEL) are refused: no instruction
 *   sequence models them; the LKMM model runs such tests.
 * - Statements: assignments (`r = e`, `*x = e`, compound forms), calls,
 *   if/else as compare and branch, do/while as a backward branch (bounded
 *   by the unroll limit). Comparisons used as values become
 *   branches too (a control dependency, as a compiler without isel makes).
 * - Reservation loops have the shape the engine explores as their
 *   successful iteration only (`L: lwarx …; stwcx.; bne L`, no store in the
 *   loop, the loop's registers rewritten before its first branch), so there is
 *   no unrolling blow-up. spin_lock's "lock held" branch and llist_add's retry
 *   after a failed compare are real loops, bounded by the unroll limit.
 * - `ipi_entry();` (a top-level statement) makes the rest of the function the
 *   thread's IPI handler; see ipi.ts for the IPI model.
 * - Every fence the expansion emits is an ordering point with a stable id;
 *   `overrides` recompiles with chosen points removed or weakened.
 * - Sizes are C's (layout.ts): each access moves its type's bytes at its
 *   big-endian offset (`message[1] = 1` on a byte pointer into an int is
 *   `stb` at byte 1), so one location may be accessed with several sizes.
 *   A local of an unsigned type narrower than a register keeps C's value:
 *   what is assigned to it is cut to its width (rlwinm/clrldi) unless a
 *   load of that width or less produced it. Signed sub-word types are
 *   refused: their loads need a sign extension the IR has no instruction
 *   for.
 *
 * This file compiles statements and expressions and binds primitive
 * arguments; expand.ts emits a primitive's expansion, emitter.ts holds the
 * instruction-level helpers and the test-wide context both use.
 */
import { LitmusError } from '../diagnostics.ts';
import type { PointChange } from '../ir/ordering.ts';
import type { AccessSize, BranchCond, LitmusTest, Location, Operand, Prop, RegName } from '../ir/program.ts';
import { collectSharedNames } from '../parse/condition.ts';
import { buildInitState } from '../parse/init.ts';
import type { BinaryOp, CCall, CExpr, CFunction, CStatement, CType, KernelCTest, Span } from './ast.ts';
import { type ArithOp, type Bound, type BoundLocation, BRANCH_FOR, type OrderingPoint, sharedLocation, TestContext } from './emitter.ts';
import { PrimitiveExpander } from './expand.ts';
import { messageBit, messagesWordSize } from './ipi.ts';
import { integerType, ThreadLayout } from './layout.ts';
import { IPI_ENTRY, IPI_TAKEN, takesIpi } from './parser.ts';
import {
  CAUSE_IPI_VARIANTS, type CauseIpiVariant, constantValue, CPU_FLAVOURS, type CpuFlavour, DEFAULT_TARGET,
  KERNEL_VERSIONS, type KernelVersion, KVM_HV_CONFIG, messageVersions, NO_POWER_MODEL, primitiveSpec, type PrimitiveSpec, type Target,
} from './primitives.ts';
import { registerNamed } from './registers.ts';

export type { OrderingPoint } from './emitter.ts';

export interface TargetOptions {
  kernel?: KernelVersion;
  cpu?: CpuFlavour;
  kvmHv?: boolean;
  ipi?: CauseIpiVariant;
}

export interface CompileOptions extends TargetOptions {
  /** Ordering points to remove or weaken, by id. */
  overrides?: ReadonlyMap<string, PointChange>;
}

export interface CompiledKernelC {
  test: LitmusTest;
  target: Target;
  points: OrderingPoint[];
  /** Per thread, the register of each C local (and of ipi_taken). */
  registers: Map<number, Map<string, RegName>>;
  /** The integer standing for each llist node in its list head (see llist_add). */
  llistTokens: Map<string, number>;
  /** Each shared variable's size in bytes. */
  variableSizes: Map<string, AccessSize>;
}

export function compileKernelC(ast: KernelCTest, options: CompileOptions = {}): CompiledKernelC {
  const context = new TestContext(ast, resolveTarget(ast, options), options.overrides ?? new Map());
  const threads = ast.functions.map((fn) => new ThreadCompiler(context, fn).compile());
  const registers = new Map(threads.map((t, i) => [i, t.locals]));
  const toRegister = (loc: Location): Location => (loc.kind === 'reg' ? { ...loc, reg: registers.get(loc.thread)!.get(loc.reg)! } : loc);

  const initEntries = ast.init.map((entry) => (entry.target.kind === 'reg' ? { ...entry, target: toRegister(entry.target) } : entry));
  const init = buildInitState(initEntries, () => [], (token, message) => context.fail(tokenSpan(token), message, 'input'));
  for (const [name, size] of context.fixedSizes) (init.sizes ??= new Map()).set(name, size);
  threads.forEach((thread, t) => {
    let map = init.registers.get(t);
    if (!map) init.registers.set(t, (map = new Map()));
    for (const [location, reg] of thread.addresses) map.set(reg, location);
  });

  const condition = { ...ast.final.condition, prop: mapProp(ast.final.condition.prop, toRegister) };
  const filter = ast.final.filter && mapProp(ast.final.filter, toRegister);
  const locations = ast.final.locations.map(toRegister);
  const shared = new Set(context.locations);
  for (const fn of ast.functions) for (const param of fn.params) shared.add(param.name);
  for (const entry of ast.init) {
    if (entry.target.kind === 'mem') shared.add(entry.target.name);
    if (typeof entry.value === 'string') shared.add(entry.value);
  }
  for (const loc of locations) if (loc.kind === 'mem') shared.add(loc.name);
  collectSharedNames(condition.prop, shared);
  collectSharedNames(filter, shared);

  const test: LitmusTest = {
    arch: 'PPC',
    name: ast.name,
    file: ast.file,
    doc: ast.doc,
    metadata: targetMetadata(ast.metadata, context.target),
    init,
    threads: threads.map((t) => t.code),
    locations,
    filter,
    condition,
    expected: ast.expected,
    sharedLocations: [...shared].sort(),
  };
  return { test, target: context.target, points: context.points, registers, llistTokens: context.llistTokens, variableSizes: context.variableSizes };
}

/** The test's ordering points for a target, in program order per thread. */
export function orderingPoints(ast: KernelCTest, options: TargetOptions = {}): OrderingPoint[] {
  return compileKernelC(ast, options).points;
}

/** The test as compiled, its ordering points, and a way to recompile it with points removed or weakened. */
export function kernelCAblation(ast: KernelCTest, options: TargetOptions = {}) {
  const { test, points } = compileKernelC(ast, options);
  return { test, points, rebuild: (changes: ReadonlyMap<string, PointChange>): LitmusTest => compileKernelC(ast, { ...options, overrides: changes }).test };
}

const METADATA_KEYS = { kernel: 'Kernel', cpu: 'Cpu', ipi: 'Ipi', config: 'Config' } as const;

/**
 * The target: options first, then the test's `Kernel=`, `Cpu=`, `Ipi=` and
 * `Config=KVM_BOOK3S_HV_POSSIBLE` metadata, then DEFAULT_TARGET.
 */
export function resolveTarget(ast: KernelCTest, options: TargetOptions = {}): Target {
  const metadata = (key: string): { key: string; value: string } | null => {
    const entry = [...ast.metadata].find(([k]) => k.toLowerCase() === key.toLowerCase());
    return entry ? { key: entry[0], value: entry[1] } : null;
  };
  const choice = <T extends string>(key: string, choices: readonly T[], normalise: (v: string) => string = (v) => v): T | undefined => {
    const entry = metadata(key);
    if (!entry) return undefined;
    const value = normalise(entry.value);
    if ((choices as readonly string[]).includes(value)) return value as T;
    return metadataError(ast, entry.key, `unknown ${key} '${entry.value}': expected one of ${choices.join(', ')}`);
  };
  const config = (): boolean | undefined => {
    const entry = metadata(METADATA_KEYS.config);
    if (!entry) return undefined;
    const symbols = entry.value.split(/[\s,]+/).filter((s) => s !== '').map((s) => s.replace(/^CONFIG_/, ''));
    const unknown = symbols.find((s) => s !== KVM_HV_CONFIG);
    if (unknown !== undefined) metadataError(ast, entry.key, `unknown kernel configuration '${unknown}': the only one modelled is ${KVM_HV_CONFIG}`);
    return symbols.length > 0;
  };
  return {
    kernel: options.kernel ?? choice(METADATA_KEYS.kernel, KERNEL_VERSIONS, (v) => (v.startsWith('v') ? v : `v${v}`)) ?? DEFAULT_TARGET.kernel,
    cpu: options.cpu ?? choice(METADATA_KEYS.cpu, CPU_FLAVOURS) ?? DEFAULT_TARGET.cpu,
    kvmHv: options.kvmHv ?? config() ?? DEFAULT_TARGET.kvmHv,
    ipi: options.ipi ?? choice(METADATA_KEYS.ipi, Object.keys(CAUSE_IPI_VARIANTS) as CauseIpiVariant[]) ?? DEFAULT_TARGET.ipi,
  };
}

function metadataError(ast: KernelCTest, key: string, message: string): never {
  const lines = ast.text.split('\n');
  const index = lines.findIndex((line) => new RegExp(`^\\s*${key}\\s*=`).test(line));
  const col = index < 0 ? 1 : lines[index]!.indexOf(key) + 1;
  throw new LitmusError('input', message, ast.file, index + 1 || 1, col, key.length);
}

/** The test's metadata with the target written out, so a printed compiled test says what it was compiled for. */
function targetMetadata(metadata: Map<string, string>, target: Target): Map<string, string> {
  const ours = new Set(Object.values(METADATA_KEYS).map((k) => k.toLowerCase()));
  const result = new Map([...metadata].filter(([key]) => !ours.has(key.toLowerCase())));
  result.set(METADATA_KEYS.kernel, target.kernel);
  result.set(METADATA_KEYS.cpu, target.cpu);
  result.set(METADATA_KEYS.ipi, target.ipi);
  if (target.kvmHv) result.set(METADATA_KEYS.config, KVM_HV_CONFIG);
  return result;
}

function mapProp(prop: Prop, map: (loc: Location) => Location): Prop {
  switch (prop.kind) {
    case 'const': return prop;
    case 'atom': return { ...prop, loc: map(prop.loc) };
    case 'same': return { ...prop, left: map(prop.left), right: map(prop.right) };
    case 'not': return { kind: 'not', prop: mapProp(prop.prop, map) };
    default: return { kind: prop.kind, left: mapProp(prop.left, map), right: mapProp(prop.right, map) };
  }
}

function tokenSpan(token: { line: number; col: number; offset: number; text: string }): Span {
  return { line: token.line, col: token.col, offset: token.offset, end: token.offset + token.text.length };
}

const NEGATED: Record<BranchCond, BranchCond> = { always: 'always', eq: 'ne', ne: 'eq', lt: 'ge', ge: 'lt', gt: 'le', le: 'gt' };
/** The comparison with its operands swapped: `1 < r` is `r > 1`. */
const MIRRORED: Record<BranchCond, BranchCond> = { always: 'always', eq: 'eq', ne: 'ne', lt: 'gt', gt: 'lt', le: 'ge', ge: 'le' };

function foldBinary(op: BinaryOp, a: number, b: number): number {
  const big = (f: (x: bigint, y: bigint) => bigint) => Number(f(BigInt(a), BigInt(b)));
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return Math.trunc(a / b);
    case '&': return big((x, y) => x & y);
    case '|': return big((x, y) => x | y);
    case '^': return big((x, y) => x ^ y);
    case '<<': return big((x, y) => x << y);
    case '>>': return big((x, y) => x >> y);
    case '==': return Number(a === b);
    case '!=': return Number(a !== b);
    case '<': return Number(a < b);
    case '<=': return Number(a <= b);
    case '>': return Number(a > b);
    case '>=': return Number(a >= b);
    case '&&': return Number(a !== 0 && b !== 0);
    case '||': return Number(a !== 0 || b !== 0);
  }
}

class ThreadCompiler extends PrimitiveExpander {
  private readonly locals = new Map<string, RegName>();
  private readonly layout: ThreadLayout;

  constructor(
    test: TestContext,
    private readonly fn: CFunction,
  ) {
    super(test, fn.thread, fn.span);
    this.layout = new ThreadLayout(fn, test.variableSizes, { fail: (span, message, kind) => test.fail(span, message, kind), constant: (expr) => this.constant(expr) });
    for (const { type, span } of [...fn.params, ...fn.locals.values()]) {
      const integer = integerType(type);
      if (integer?.signed && integer.size < 4 && type.indirection <= 1) {
        test.fail(span, `${type.name} is a signed ${integer.size * 8}-bit type: its loads need a sign extension (extsb, lha) that is not modelled; use an unsigned type (char is unsigned on powerpc)`);
      }
    }
    for (const name of fn.locals.keys()) {
      const reg = registerNamed(name);
      if (reg) {
        this.registers.claim(reg);
        this.locals.set(name, reg);
      }
    }
    for (const name of fn.locals.keys()) if (!this.locals.has(name)) this.locals.set(name, this.registers.take());
    if (takesIpi(fn)) this.locals.set(IPI_TAKEN, this.registers.take());
  }

  compile() {
    let handlerEnd: string | null = null;
    for (const statement of this.fn.body) {
      if (statement.kind === 'call' && statement.call.callee === IPI_ENTRY) {
        if (handlerEnd !== null) this.test.fail(statement.span, `only one ipi_entry() per thread: the rest of P${this.thread} after the first is already its IPI handler`, 'input');
        handlerEnd = this.ipiEntry(statement);
      } else {
        this.statement(statement);
      }
    }
    if (handlerEnd !== null) this.place(handlerEnd);
    return { code: { id: this.thread, instructions: this.instructions, labels: this.labels }, addresses: this.addresses, locals: this.locals };
  }

  // ---- statements

  private statement(s: CStatement): void {
    switch (s.kind) {
      case 'block':
        for (const inner of s.body) this.statement(inner);
        return;
      case 'if':
        return this.ifStatement(s);
      case 'do-while': {
        // A backward branch, taken at most --unroll times like any loop.
        const head = this.newLabel();
        this.place(head);
        for (const inner of s.body) this.statement(inner);
        this.within(s.condition, `while (${this.test.text(s.condition.span)})`, () => this.branch(s.condition, head, true));
        return;
      }
      case 'declaration':
        for (const d of s.declarators) if (d.init) this.within(s, this.test.text(s.span), () => this.assign(d.name, d.init!));
        return;
      case 'assignment':
        return this.within(s, this.test.text(s.span), () => this.assignment(s));
      case 'call':
        return this.within(s, this.test.text(s.span), () => this.call(s.call, null));
    }
  }

  /** Compiles one statement's code, attributed to it, freeing its temporaries afterwards. */
  private within(s: { span: Span }, statement: string, body: () => void): void {
    this.registers.scoped(() => {
      this.origin = { span: s.span, statement, chain: [], role: null };
      body();
    });
  }

  private ifStatement(s: Extract<CStatement, { kind: 'if' }>): void {
    const otherwise = this.newLabel();
    this.within(s.condition, `if (${this.test.text(s.condition.span)})`, () => this.branch(s.condition, otherwise, false));
    const before = this.mmio;
    for (const inner of s.then) this.statement(inner);
    if (s.otherwise === null) {
      this.place(otherwise);
      this.mmio = this.mmio === before ? before : 'maybe';
      return;
    }
    const end = this.newLabel();
    this.within(s.condition, 'else', () => this.emit({ kind: 'branch', cond: 'always', crField: 0, target: end }));
    this.place(otherwise);
    const afterThen = this.mmio;
    this.mmio = before;
    for (const inner of s.otherwise) this.statement(inner);
    this.place(end);
    this.mmio = this.mmio === afterThen ? afterThen : 'maybe';
  }

  private assignment(s: Extract<CStatement, { kind: 'assignment' }>): void {
    const value: CExpr = s.op === '=' ? s.value : { kind: 'binary', op: s.op.slice(0, -1) as BinaryOp, left: s.target, right: s.value, span: s.span };
    if (s.target.kind === 'name') {
      const name = s.target.name;
      if (name === IPI_TAKEN) this.test.fail(s.target.span, `${IPI_TAKEN} is read-only: it says whether the thread took the IPI`, 'input');
      this.local(s.target); // a parameter or an unknown name fails here
      this.assign(name, value);
      return;
    }
    // `*x = e` or `p[i] = e`, the other targets the parser admits: a plain store.
    if (s.target.kind !== 'unary' && s.target.kind !== 'index') throw new Error(`assignment to a ${s.target.kind}`);
    const location = this.location(s.target.kind === 'index' ? s.target : s.target.operand, 'the assignment');
    this.store(location, this.inRegister(this.value(value)), location.size);
  }

  private assign(local: string, expr: CExpr): void {
    // `int r = x` holds x's address, as herd7 reads it (manual/deps/LB-addr-not-equals relies on it).
    const dst = this.locals.get(local)!;
    const type = this.fn.locals.get(local)!.type;
    const integer = type.indirection === 0 ? integerType(type) : null;
    const narrow = integer !== null && !integer.signed && integer.size !== 8 ? integer.size : null;
    const value = this.value(expr, dst);
    if (narrow === null) return this.moveInto(dst, value);
    if ('imm' in value) return this.moveInto(dst, { imm: Number(BigInt.asUintN(8 * narrow, BigInt(value.imm))) });
    this.moveInto(dst, value);
    const last = this.instructions[this.instructions.length - 1];
    if (last?.kind === 'load' && last.dst === dst && last.size <= narrow) return; // lbz/lhz/lwz zero-extend
    this.truncate(dst, narrow, type);
  }

  /** Cuts `r` to the low `size` bytes, as C converts to an unsigned type of that size. */
  private truncate(r: RegName, size: 1 | 2 | 4, type: CType): void {
    this.origin = { ...this.origin, role: `conversion to ${type.name}` };
    this.emit(size === 4
      ? { kind: 'alu', op: 'clrldi', dst: r, srcs: [{ reg: r }], params: [32], setsCr0: false }
      : { kind: 'alu', op: 'rlwinm', dst: r, srcs: [{ reg: r }], params: [0, 32 - 8 * size, 31], setsCr0: false });
  }

  /** `ipi_entry();`: read the trigger; skip to the end unless it was raised; isync (taking an interrupt is context synchronising). */
  private ipiEntry(s: Extract<CStatement, { kind: 'call' }>): string {
    if (s.call.args.length > 0) this.test.fail(s.call.span, 'ipi_entry() takes no arguments: the handler is for the IPI of its own CPU', 'input');
    const end = this.newLabel();
    this.within(s, this.test.text(s.span), () => {
      const taken = this.locals.get(IPI_TAKEN)!;
      this.origin = { ...this.origin, chain: [IPI_ENTRY], role: 'interrupt taken when the trigger is observed' };
      this.load(taken, this.test.ipiWord('trigger', this.thread), 4);
      this.compare(taken, { imm: 0 });
      this.emit({ kind: 'branch', cond: 'eq', crField: 0, target: end });
      this.origin = { ...this.origin, role: 'taking an interrupt is context synchronising' };
      this.emit({ kind: 'fence', fence: 'isync' });
    });
    return end;
  }

  // ---- expressions

  private nameError(expr: Extract<CExpr, { kind: 'name' }>, use: 'read' | 'write'): never {
    const { name, span } = expr;
    if (this.fn.params.some((p) => p.name === name)) {
      const fix = use === 'read' ? `read it with READ_ONCE(*${name}) or *${name}, or keep its address in a pointer or intptr_t local` : `write it with WRITE_ONCE(*${name}, ...) or *${name} = ...`;
      this.test.fail(span, `'${name}' is a pointer to a shared variable: ${fix}`, 'input');
    }
    const versions = messageVersions(name);
    if (versions.length > 0) this.test.fail(span, `${name} is not a message in kernel ${this.test.target.kernel} (it is in ${versions.join(', ')})`, 'input');
    return this.test.fail(span, `unknown name '${name}': not a local of P${this.thread}, a parameter or a constant`, 'input');
  }

  private local(expr: Extract<CExpr, { kind: 'name' }>): RegName {
    return this.locals.get(expr.name) ?? this.nameError(expr, 'write');
  }

  /** The value of a constant expression (numbers, named constants, IPI_MESSAGE(msg)), or null. */
  private constant(expr: CExpr): number | null {
    switch (expr.kind) {
      case 'number':
        return expr.value;
      case 'name':
        return this.locals.has(expr.name) ? null : constantValue(expr.name, this.test.target.kernel);
      case 'index':
        return null;
      case 'cast':
        return this.constant(expr.operand);
      case 'unary': {
        if (expr.op === '*' || expr.op === '&') return null;
        const a = this.constant(expr.operand);
        if (a === null) return null;
        return expr.op === '-' ? -a : expr.op === '~' ? -a - 1 : Number(a === 0);
      }
      case 'binary': {
        const a = this.constant(expr.left), b = this.constant(expr.right);
        if (a === null || b === null) return null;
        if (expr.op === '/' && b === 0) this.test.fail(expr.span, 'division by zero', 'input');
        return foldBinary(expr.op, a, b);
      }
      case 'call': {
        if (expr.callee !== 'IPI_MESSAGE') return null;
        if (expr.args.length !== 1) this.test.fail(expr.span, 'IPI_MESSAGE() takes one argument, a message number', 'input');
        return messageBit(this.message(expr.args[0]!), messagesWordSize(this.test.target.kernel));
      }
    }
  }

  private requireConstant(expr: CExpr, what: string): number {
    const value = this.constant(expr);
    if (value !== null) return value;
    if (expr.kind === 'name' && !this.locals.has(expr.name)) this.nameError(expr, 'read');
    return this.test.fail(expr.span, `${what} must be a constant`, 'unsupported');
  }

  /** A constant message number that has a byte in this kernel's messages word. */
  private message(expr: CExpr): number {
    const msg = this.requireConstant(expr, 'the message');
    const size = messagesWordSize(this.test.target.kernel);
    if (messageBit(msg, size) === null) this.test.fail(expr.span, `message ${msg} has no byte in the ${size}-byte messages word of kernel ${this.test.target.kernel}, which holds messages 0..${size - 1}`);
    return msg;
  }

  /** Compiles an expression; the outermost operation writes `dst` when given (never a subexpression, which could clobber it). */
  private value(expr: CExpr, dst?: RegName): Operand {
    const constant = this.constant(expr);
    if (constant !== null) return { imm: constant };
    const target = () => dst ?? this.registers.temporary();
    switch (expr.kind) {
      case 'number':
        return { imm: expr.value };
      case 'name': {
        const local = this.locals.get(expr.name);
        if (local) return { reg: local };
        // A pointer parameter's value is the shared variable's address, as `0:r2=x` puts it in a register.
        if (this.fn.params.some((p) => p.name === expr.name)) return { reg: this.sharedAddress(expr.name) };
        return this.nameError(expr, 'read');
      }
      case 'cast':
        return this.value(expr.operand, dst);
      case 'unary': {
        if (expr.op === '&') {
          if (expr.operand.kind !== 'name' || !this.fn.params.some((p) => p.name === (expr.operand as { name: string }).name)) {
            this.test.fail(expr.span, `'&' takes a shared variable here: one of P${this.thread}'s pointer parameters`, 'unsupported');
          }
          return this.value(expr.operand, dst);
        }
        if (expr.op === '*') {
          const r = target();
          const location = this.location(expr.operand, "'*'");
          this.load(r, location, location.size);
          return { reg: r };
        }
        if (expr.op === '!') return this.materialise(expr, target());
        const a = this.inRegister(this.value(expr.operand));
        const r = target();
        this.emit(expr.op === '-'
          ? { kind: 'alu', op: 'neg', dst: r, srcs: [{ reg: a }], setsCr0: false }
          : { kind: 'alu', op: 'nor', dst: r, srcs: [{ reg: a }, { reg: a }], setsCr0: false });
        return { reg: r };
      }
      case 'binary':
        if (expr.op in BRANCH_FOR || expr.op === '&&' || expr.op === '||') return this.materialise(expr, target());
        return this.arithmetic(expr.op as ArithOp, this.value(expr.left), this.value(expr.right), target);
      case 'call': {
        const r = target();
        this.call(expr, r);
        return { reg: r };
      }
      case 'index': {
        const r = target();
        const location = this.location(expr, "'[]'");
        this.load(r, location, location.size);
        return { reg: r };
      }
    }
  }

  /** A truth value as 0 or 1 in `r`, by branching on it. */
  private materialise(expr: CExpr, r: RegName): Operand {
    const falseLabel = this.newLabel(), end = this.newLabel();
    this.branch(expr, falseLabel, false);
    this.loadImmediate(r, 1);
    this.emit({ kind: 'branch', cond: 'always', crField: 0, target: end });
    this.place(falseLabel);
    this.loadImmediate(r, 0);
    this.place(end);
    return { reg: r };
  }

  /** Jumps to `label` exactly when the truth of `expr` is `when`. */
  private branch(expr: CExpr, label: string, when: boolean): void {
    const constant = this.constant(expr);
    if (constant !== null) {
      if ((constant !== 0) === when) this.emit({ kind: 'branch', cond: 'always', crField: 0, target: label });
      return;
    }
    if (expr.kind === 'unary' && expr.op === '!') return this.branch(expr.operand, label, !when);
    if (expr.kind === 'binary' && (expr.op === '&&' || expr.op === '||')) {
      // a && b jumps on false as soon as a is false; on true only when both are; || is the dual.
      const shortCircuit = expr.op === '&&' ? false : true;
      if (when === shortCircuit) {
        this.branch(expr.left, label, when);
        this.branch(expr.right, label, when);
      } else {
        const skip = this.newLabel();
        this.branch(expr.left, skip, shortCircuit);
        this.branch(expr.right, label, when);
        this.place(skip);
      }
      return;
    }
    const comparison = expr.kind === 'binary' ? BRANCH_FOR[expr.op] : undefined;
    if (expr.kind === 'binary' && comparison) {
      let a = this.value(expr.left), b = this.value(expr.right), cond = comparison;
      if ('imm' in a && 'reg' in b) [a, b, cond] = [b, a, MIRRORED[cond]];
      this.compare(this.inRegister(a), b);
      this.emit({ kind: 'branch', cond: when ? cond : NEGATED[cond], crField: 0, target: label });
      return;
    }
    this.compare(this.inRegister(this.value(expr)), { imm: 0 });
    this.emit({ kind: 'branch', cond: when ? 'ne' : 'eq', crField: 0, target: label });
  }

  // ---- calls

  private call(call: CCall, dst: RegName | null): void {
    const name = call.callee;
    if (name === IPI_ENTRY) {
      this.test.fail(call.span, `ipi_entry() must be a statement at the top level of P${this.thread}: the rest of the function is the IPI handler`, 'input');
    }
    const refusal = NO_POWER_MODEL.get(name);
    if (refusal !== undefined) this.test.fail(call.span, refusal, 'unsupported');
    const spec = primitiveSpec(name);
    if (!spec) {
      if (name === 'IPI_MESSAGE') this.test.fail(call.span, 'IPI_MESSAGE(msg) is a constant; a statement of it has no effect', 'input');
      this.test.fail(call.span, `unknown function '${name}': kernel-C tests can call the kernel primitives and IPI library functions that 'xics-litmus primitives' lists`);
    }
    if (call.args.length !== spec.params.length) {
      this.test.fail(call.span, `${name}() takes ${spec.params.length} argument${spec.params.length === 1 ? '' : 's'} (${spec.params.map((p) => p.name).join(', ')}), found ${call.args.length}`, 'input');
    }
    if (dst !== null && !spec.returns) this.test.fail(call.span, `${name}() returns no value`, 'input');
    const args = spec.params.map((param, i) => this.bind(param, call.args[i]!, name));
    // A result register that is also an input would be overwritten before the input is used (lwarx before stwcx.).
    const aliased = dst !== null && args.some((a) => a.kind === 'value' && 'reg' in a.operand && a.operand.reg === dst);
    const result = aliased ? this.registers.temporary() : dst;
    this.origin = { ...this.origin, span: call.span };
    this.expand(spec, args, result, [], {});
    if (aliased) this.moveInto(dst, { reg: result! });
  }

  private bind(param: PrimitiveSpec['params'][number], expr: CExpr, callee: string): Bound {
    switch (param.kind) {
      case 'location':
        return this.location(expr, `${callee}()`);
      case 'deref-location': {
        let deref = expr;
        while (deref.kind === 'cast') deref = deref.operand;
        if (deref.kind === 'index') return this.location(deref, `${callee}()`);
        if (deref.kind !== 'unary' || deref.op !== '*') this.test.fail(expr.span, `${callee}() takes a dereferenced pointer, e.g. ${callee}(*x${callee === 'WRITE_ONCE' ? ', 1' : ''}) or ${callee}(p[1]${callee === 'WRITE_ONCE' ? ', 1' : ''})`, 'input');
        return this.location(deref.operand, `${callee}()`);
      }
      case 'value':
        return { kind: 'value', operand: this.value(expr) };
      case 'cpu': {
        const cpu = this.requireConstant(expr, `${callee}()'s ${param.name}`);
        const threads = this.test.ast.functions.length;
        if (!Number.isInteger(cpu) || cpu < 0 || cpu >= threads) this.test.fail(expr.span, `CPU ${cpu} is not a thread of this test (P0..P${threads - 1})`, 'input');
        return { kind: 'constant', value: cpu };
      }
      case 'msg':
        return { kind: 'constant', value: this.message(expr) };
      case 'constant':
        return { kind: 'constant', value: this.requireConstant(expr, `${callee}()'s ${param.name}`) };
      case 'h-ipi': {
        const opcode = this.requireConstant(expr, 'the hcall opcode');
        if (opcode !== constantValue('H_IPI', this.test.target.kernel)) this.test.fail(expr.span, 'only the H_IPI hcall is modelled');
        return { kind: 'constant', value: opcode };
      }
    }
  }

  /**
   * A pointer where a location is expected: a pointer parameter (a shared
   * variable), `&x` of one, a local holding an address, an index into a
   * parameter or fixed pointer (layout.ts), or a pointer read through a
   * pointer to pointer (`*p` with `int **p`). Casts pass through. A shared
   * variable is accessed at its declared size whatever the cast (herd's
   * values are untyped: `*(char **)x` on `int *x` is x, and the corpus mixes
   * the two); an address in a register at the outermost cast's size, else
   * its local's type.
   */
  private location(expr: CExpr, user: string): BoundLocation {
    let pointer = expr;
    while (pointer.kind === 'cast') pointer = pointer.operand;
    const size = expr.kind === 'cast' ? expr.type.size : undefined;
    if (pointer.kind === 'unary' && pointer.op === '&' && pointer.operand.kind === 'name') pointer = pointer.operand;
    if (pointer.kind === 'index') {
      const place = this.layout.place(pointer)!;
      let base = pointer.pointer;
      while (base.kind === 'cast') base = base.operand;
      const fixed = base.kind === 'name' && this.layout.fixedPointer(base.name) !== null ? this.locals.get(base.name)! : null;
      return { kind: 'location', name: place.variable, size: place.size, offset: place.offset, through: fixed };
    }
    if (pointer.kind === 'name') {
      const param = this.fn.params.find((p) => p.name === pointer.name);
      if (param) return sharedLocation(param.name, param.type.size);
      const local = this.fn.locals.get(pointer.name);
      if (local) {
        this.layout.place(pointer); // a fixed pointer's access must lie inside its variable
        return { kind: 'location', name: pointer.name, size: size ?? local.type.size, offset: 0, through: this.locals.get(pointer.name)! };
      }
    }
    if (pointer.kind === 'unary' && pointer.op === '*') {
      if (this.indirection(pointer.operand) < 2) this.test.fail(expr.span, `${user} takes the pointer itself here, not what it points to: drop the '*'`, 'input');
      const through = this.registers.temporary();
      const outer = this.location(pointer.operand, user);
      this.load(through, outer, outer.size);
      return { kind: 'location', name: this.test.text(pointer.span), size: size ?? 8, offset: 0, through };
    }
    return this.test.fail(expr.span, `${user} needs a pointer here: one of P${this.thread}'s pointer parameters (${this.fn.params.map((p) => p.name).join(', ') || 'it has none'}) or a local holding an address`, 'input');
  }

  /** Levels of pointer an expression has by its declared type (a cast's, a parameter's or a local's); 0 when unknown. */
  private indirection(expr: CExpr): number {
    if (expr.kind === 'cast') return expr.type.indirection;
    if (expr.kind !== 'name') return 0;
    return (this.fn.params.find((p) => p.name === expr.name) ?? this.fn.locals.get(expr.name))?.type.indirection ?? 0;
  }

  // ---- instructions

}

