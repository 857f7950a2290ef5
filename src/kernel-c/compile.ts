/**
 * Kernel-C test → program IR: each thread becomes the PPC code the kernel's
 * own expansion of each primitive gives for the target (kernel version, CPU
 * flavour, KVM HV config, cause_ipi variant; see primitives.ts).
 *
 * - Shared variables are the thread parameters (`int *x`): memory locations
 *   whose addresses the init block puts in registers (`0:r2=x`). Locals are
 *   registers; conditions name them as C locals and are translated (see
 *   registers.ts for which register a local gets).
 * - Statements: assignments (`r = e`, `*x = e`, compound forms), calls,
 *   if/else as compare and branch. Comparisons used as values become
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
 * - Accesses of different sizes to one location are refused (mixed-size
 *   semantics are not modelled).
 */
import { LitmusError } from '../diagnostics.ts';
import type { OrderingPoint as BaseOrderingPoint, PointChange } from '../ir/ordering.ts';
import type { AccessSize, BranchCond, FenceKind, Instruction, LitmusTest, Location, Operand, Prop, RegName } from '../ir/program.ts';
import { collectSharedNames } from '../parse/condition.ts';
import { buildInitState } from '../parse/init.ts';
import { fitsSigned16, type InstructionBody, instructionMnemonic } from '../ir/ppc-text.ts';
import type { BinaryOp, CCall, CExpr, CFunction, CStatement, KernelCTest, Span } from './ast.ts';
import { ipiLocation, messageBit, TRIGGER_RAISED, triggerValue } from './ipi.ts';
import { IPI_ENTRY, IPI_TAKEN, takesIpi } from './parser.ts';
import {
  type ArgTemplate, CAUSE_IPI_VARIANTS, type CauseIpiVariant, CONDITIONAL_ACCESSES, constantValue, CPU_FLAVOURS, type CpuFlavour, DEFAULT_TARGET, expansion,
  KERNEL_VERSIONS, type KernelVersion, KVM_HV_CONFIG, messageVersions, NO_POWER_MODEL, primitiveSpec, type PrimitiveSpec, type Step, type Target,
  type TestRelation, versionsWith,
} from './primitives.ts';
import { RegisterFile, registerNamed } from './registers.ts';

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

/**
 * A fence the compiled code owes to one primitive call. Its id is stable
 * across recompilations (thread, position of the call, call chain, role) and
 * its position is the call's in the C source.
 */
export interface OrderingPoint extends BaseOrderingPoint {
  thread: number;
  statement: string;
  /** Calls from the statement's primitive down to the one owning the fence, e.g. [smp_ipi_demux, xchg]. */
  primitives: string[];
  role: string;
  fence: FenceKind;
  /** Groups the points of one call: removing all of an xchg()'s points makes it xchg_local(). */
  call: string;
}

export interface CompiledKernelC {
  test: LitmusTest;
  target: Target;
  points: OrderingPoint[];
  /** Per thread, the register of each C local (and of ipi_taken). */
  registers: Map<number, Map<string, RegName>>;
  /** The integer standing for each llist node in its list head (see llist_add). */
  llistTokens: Map<string, number>;
}

export function compileKernelC(ast: KernelCTest, options: CompileOptions = {}): CompiledKernelC {
  const context = new TestContext(ast, resolveTarget(ast, options), options.overrides ?? new Map());
  const threads = ast.functions.map((fn) => new ThreadCompiler(context, fn).compile());
  const registers = new Map(threads.map((t, i) => [i, t.locals]));
  const toRegister = (loc: Location): Location => (loc.kind === 'reg' ? { ...loc, reg: registers.get(loc.thread)!.get(loc.reg)! } : loc);

  const initEntries = ast.init.map((entry) => (entry.target.kind === 'reg' ? { ...entry, target: toRegister(entry.target) } : entry));
  const init = buildInitState(initEntries, () => [], (token, message) => context.fail(tokenSpan(token), message, 'input'));
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
  return { test, target: context.target, points: context.points, registers, llistTokens: context.llistTokens };
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
    case 'not': return { kind: 'not', prop: mapProp(prop.prop, map) };
    default: return { kind: prop.kind, left: mapProp(prop.left, map), right: mapProp(prop.right, map) };
  }
}

function tokenSpan(token: { line: number; col: number; offset: number; text: string }): Span {
  return { line: token.line, col: token.col, offset: token.offset, end: token.offset + token.text.length };
}

/** What all threads share while compiling: the target, ordering points and the whole-test checks. */
class TestContext {
  readonly points: OrderingPoint[] = [];
  private readonly pointIds = new Set<string>();
  /** Every location an access touches. */
  readonly locations = new Set<string>();
  private readonly sizes = new Map<string, { size: AccessSize; span: Span }>();
  private readonly messages = new Map<number, { msg: number; span: Span }>();
  readonly llistTokens = new Map<string, number>();

  constructor(
    readonly ast: KernelCTest,
    readonly target: Target,
    readonly overrides: ReadonlyMap<string, PointChange>,
  ) {}

  fail(span: Span, message: string, kind: 'input' | 'unsupported' = 'unsupported'): never {
    throw new LitmusError(kind, message, this.ast.file, span.line, span.col, Math.max(1, Math.min(span.end, this.lineEnd(span)) - span.offset));
  }

  private lineEnd(span: Span): number {
    const newline = this.ast.text.indexOf('\n', span.offset);
    return newline < 0 ? this.ast.text.length : newline;
  }

  /** The source of a span on one line, blanks collapsed. */
  text(span: Span): string {
    return this.ast.text.slice(span.offset, span.end).replace(/\s+/g, ' ');
  }

  addPoint(point: OrderingPoint): void {
    if (this.pointIds.has(point.id)) throw new Error(`duplicate ordering point id ${point.id}`);
    this.pointIds.add(point.id);
    this.points.push(point);
  }

  noteAccess(location: string, size: AccessSize, span: Span): void {
    this.locations.add(location);
    const first = this.sizes.get(location);
    if (!first) this.sizes.set(location, { size, span });
    else if (first.size !== size) {
      this.fail(span, `this ${size}-byte access to ${location} meets a ${first.size}-byte one (line ${first.span.line}): mixed-size accesses are not modelled yet`);
    }
  }

  /** One message type per CPU: two would be two bytes of one word, written concurrently. */
  noteMessage(cpu: number, msg: number, span: Span): void {
    const first = this.messages.get(cpu);
    if (!first) this.messages.set(cpu, { msg, span });
    else if (first.msg !== msg) {
      this.fail(span, `CPU ${cpu} is sent message ${msg} here and message ${first.msg} on line ${first.span.line}: both are bytes of its messages word, and writing two of them needs mixed-size accesses, which are not modelled yet; send one message type per CPU`);
    }
  }

  /** llist nodes are integers in their list head (1, 2, ... by first use), since addresses cannot be compared with NULL. */
  llistToken(node: string): number {
    let token = this.llistTokens.get(node);
    if (token === undefined) this.llistTokens.set(node, (token = this.llistTokens.size + 1));
    return token;
  }
}

/**
 * An argument after binding: a location, a value in a register or immediate,
 * or a constant. A location is a shared variable, whose address the init block
 * puts in a register, or an address a register holds at run time (a pointer
 * local, or a value read from memory: `through` is that register and `name`
 * the C text, for messages); an access through the latter has an address
 * dependency on whatever produced the register.
 */
type Bound =
  | { kind: 'location'; name: string; size: AccessSize; through: RegName | null }
  | { kind: 'value'; operand: Operand }
  | { kind: 'constant'; value: number };
type BoundLocation = Extract<Bound, { kind: 'location' }>;

/** Whether an MMIO store happened since the last lock (the kernel's io_sync flag), per path so far. */
type MmioState = 'no' | 'yes' | 'maybe';

/** What emitted instructions are attributed to. */
interface Origin {
  span: Span;
  statement: string;
  chain: string[];
  role: string | null;
}

const BRANCH_FOR: Partial<Record<BinaryOp, BranchCond>> = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };
const NEGATED: Record<BranchCond, BranchCond> = { always: 'always', eq: 'ne', ne: 'eq', lt: 'ge', ge: 'lt', gt: 'le', le: 'gt' };
/** The comparison with its operands swapped: `1 < r` is `r > 1`. */
const MIRRORED: Record<BranchCond, BranchCond> = { always: 'always', eq: 'eq', ne: 'ne', lt: 'gt', gt: 'lt', le: 'ge', ge: 'le' };
const ALU_FOR = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '&': 'and', '|': 'or', '^': 'xor', '<<': 'shl', '>>': 'sra' } as const;
type ArithOp = keyof typeof ALU_FOR;
const COMMUTATIVE = new Set<BinaryOp>(['+', '*', '&', '|', '^']);

const fitsUnsigned16 = (n: number) => n >= 0 && n <= 0xffff;
/** When `r op imm` has an immediate form (addi, mulli, andi., ori, xori, srawi); `-` is addi of the negation. */
const IMMEDIATE_FORM: Partial<Record<ArithOp, (imm: number) => boolean>> = {
  '+': fitsSigned16, '-': (imm) => fitsSigned16(-imm), '*': fitsSigned16, '&': fitsUnsigned16, '|': fitsUnsigned16, '^': fitsUnsigned16, '>>': (imm) => imm >= 0 && imm <= 31,
};

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

class ThreadCompiler {
  private readonly instructions: Instruction[] = [];
  private readonly labels = new Map<string, number>();
  private readonly registers: RegisterFile;
  private readonly locals = new Map<string, RegName>();
  /** Location → the register holding its address (set in the init block). */
  private readonly addresses = new Map<string, RegName>();
  private readonly thread: number;
  private mmio: MmioState = 'no';
  private origin: Origin;
  private labelCount = 0;

  constructor(
    private readonly test: TestContext,
    private readonly fn: CFunction,
  ) {
    this.thread = fn.thread;
    this.origin = { span: fn.span, statement: '', chain: [], role: null };
    this.registers = new RegisterFile(() => test.fail(fn.span, `P${fn.thread} needs more than 31 registers (locals, shared-variable addresses and temporaries)`));
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
    // `*x = e`, the only other target the parser admits: a plain store.
    if (s.target.kind !== 'unary') throw new Error(`assignment to a ${s.target.kind}`);
    const location = this.location(s.target.operand, 'the assignment');
    this.store(location, this.inRegister(this.value(value)), location.size);
  }

  private assign(local: string, expr: CExpr): void {
    let operand = expr;
    while (operand.kind === 'cast') operand = operand.operand;
    const type = this.fn.locals.get(local)!.type;
    // An address is 8 bytes: `int r = x` is taken for the common slip of meaning `r = *x`; pointers and intptr_t hold addresses.
    if (operand.kind === 'name' && !type.pointer && type.size < 8 && this.fn.params.some((p) => p.name === operand.name)) this.nameError(operand, 'read');
    const dst = this.locals.get(local)!;
    this.moveInto(dst, this.value(expr, dst));
  }

  /** `ipi_entry();`: read the trigger; skip to the end unless it was raised; isync (taking an interrupt is context synchronising). */
  private ipiEntry(s: Extract<CStatement, { kind: 'call' }>): string {
    if (s.call.args.length > 0) this.test.fail(s.call.span, 'ipi_entry() takes no arguments: the handler is for the IPI of its own CPU', 'input');
    const end = this.newLabel();
    this.within(s, this.test.text(s.span), () => {
      const taken = this.locals.get(IPI_TAKEN)!;
      this.origin = { ...this.origin, chain: [IPI_ENTRY], role: 'interrupt taken when the trigger is observed' };
      this.load(taken, sharedLocation(ipiLocation('trigger', this.thread), 4), 4);
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
        return messageBit(this.message(expr.args[0]!));
      }
    }
  }

  private requireConstant(expr: CExpr, what: string): number {
    const value = this.constant(expr);
    if (value !== null) return value;
    if (expr.kind === 'name' && !this.locals.has(expr.name)) this.nameError(expr, 'read');
    return this.test.fail(expr.span, `${what} must be a constant`, 'unsupported');
  }

  /** A constant message number that has a bit in the modelled messages word. */
  private message(expr: CExpr): number {
    const msg = this.requireConstant(expr, 'the message');
    if (messageBit(msg) === null) this.test.fail(expr.span, `message ${msg} has no bit in the modelled 32-bit messages word, which holds messages 0..3`);
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
    }
  }

  private arithmetic(op: ArithOp, left: Operand, right: Operand, target: () => RegName): { reg: RegName } {
    const [a, b] = 'imm' in left && 'reg' in right && COMMUTATIVE.has(op) ? [right, left] : [left, right];
    const src = this.inRegister(a);
    const r = target();
    const imm = 'imm' in b ? b.imm : null;
    // r0 as addi's source would read as the constant 0.
    const immediateForm = imm !== null && IMMEDIATE_FORM[op]?.(imm) === true && !(src === 'r0' && (op === '+' || op === '-'));
    if (immediateForm) {
      const [aluOp, value] = op === '-' ? ['add' as const, -imm] : [ALU_FOR[op], imm];
      this.emit({ kind: 'alu', op: aluOp, dst: r, srcs: [{ reg: src }, { imm: value }], setsCr0: op === '&' });
    } else {
      this.emit({ kind: 'alu', op: ALU_FOR[op], dst: r, srcs: [{ reg: src }, { reg: this.inRegister(b) }], setsCr0: false });
    }
    return { reg: r };
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
        if (deref.kind !== 'unary' || deref.op !== '*') this.test.fail(expr.span, `${callee}() takes a dereferenced pointer, e.g. ${callee}(*x${callee === 'WRITE_ONCE' ? ', 1' : ''})`, 'input');
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
   * variable), `&x` of one, a local holding an address, or a pointer read
   * through a pointer to pointer (`*p` with `int **p`). Casts pass through;
   * the outermost one gives the size of the access, else the pointer's type.
   */
  private location(expr: CExpr, user: string): BoundLocation {
    let pointer = expr;
    while (pointer.kind === 'cast') pointer = pointer.operand;
    const size = expr.kind === 'cast' ? expr.type.size : undefined;
    if (pointer.kind === 'unary' && pointer.op === '&' && pointer.operand.kind === 'name') pointer = pointer.operand;
    if (pointer.kind === 'name') {
      const param = this.fn.params.find((p) => p.name === pointer.name);
      if (param) return sharedLocation(param.name, size ?? param.type.size);
      const local = this.fn.locals.get(pointer.name);
      if (local) return { kind: 'location', name: pointer.name, size: size ?? local.type.size, through: this.locals.get(pointer.name)! };
    }
    if (pointer.kind === 'unary' && pointer.op === '*') {
      if (this.indirection(pointer.operand) < 2) this.test.fail(expr.span, `${user} takes the pointer itself here, not what it points to: drop the '*'`, 'input');
      const through = this.registers.temporary();
      const outer = this.location(pointer.operand, user);
      this.load(through, outer, outer.size);
      return { kind: 'location', name: this.test.text(pointer.span), size: size ?? 8, through };
    }
    return this.test.fail(expr.span, `${user} needs a pointer here: one of P${this.thread}'s pointer parameters (${this.fn.params.map((p) => p.name).join(', ') || 'it has none'}) or a local holding an address`, 'input');
  }

  /** Levels of pointer an expression has by its declared type (a cast's, a parameter's or a local's); 0 when unknown. */
  private indirection(expr: CExpr): number {
    if (expr.kind === 'cast') return expr.type.indirection;
    if (expr.kind !== 'name') return 0;
    return (this.fn.params.find((p) => p.name === expr.name) ?? this.fn.locals.get(expr.name))?.type.indirection ?? 0;
  }

  private resolve(template: ArgTemplate, args: Bound[]): Bound {
    if ('param' in template) return args[template.param]!;
    if ('constant' in template) return { kind: 'constant', value: template.constant };
    const cpu = template.cpu === 'this' ? this.thread : constantOf(args[template.cpu.param]!);
    return sharedLocation(ipiLocation(template.ipiWord, cpu), 4);
  }

  /**
   * Emits a primitive's steps. `result` receives its value (a temporary is
   * taken if a step needs one and none was given) and is returned. A
   * compare-and-branch access (CONDITIONAL_ACCESSES: cmpxchg, trylock,
   * add-unless) jumps on failure past the steps marked skippedOnFailure, or
   * to `failureTarget` when the caller handles failure.
   */
  private expand(spec: PrimitiveSpec, args: Bound[], result: RegName | null, chain: string[], options: { failureTarget?: string }): RegName | null {
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
  private successFlag(r: RegName, failure: string): void {
    const done = this.newLabel();
    this.loadImmediate(r, 1);
    this.emit({ kind: 'branch', cond: 'always', crField: 0, target: done });
    this.place(failure);
    this.loadImmediate(r, 0);
    this.place(done);
  }

  private fence(step: Extract<Step, { kind: 'fence' }>, calls: string[]): void {
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

  private access(step: Extract<Step, { kind: 'access' }>, args: Bound[], result: () => RegName, failure: string | null): void {
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
        this.store(sharedLocation(ipiLocation('trigger', cpu), 4), this.inRegister({ imm: value }), 4);
        if (step.mmio) this.mmio = 'yes';
        return;
      }
      case 'message-store': {
        const cpu = constantOf(args[0]!), msg = constantOf(args[1]!);
        this.test.noteMessage(cpu, msg, this.origin.span);
        this.store(sharedLocation(ipiLocation('messages', cpu), 4), this.inRegister({ imm: messageBit(msg)! }), 4);
        return;
      }
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
  private reservationLoop(location: BoundLocation, body: () => RegName, failure: { target: string; when: BranchCond } | 'retry' | null): void {
    const head = this.newLabel();
    this.place(head);
    const value = body();
    if (failure === 'retry') this.emit({ kind: 'branch', cond: 'ne', crField: 0, target: head });
    else if (failure !== null) this.emit({ kind: 'branch', cond: failure.when, crField: 0, target: failure.target });
    this.emit({ kind: 'store', src: value, ea: { base: null, index: this.address(location), offset: 0 }, size: location.size, conditional: true, updateBase: false });
    this.emit({ kind: 'branch', cond: 'ne', crField: 0, target: head });
  }

  /**
   * llist_add(node, head): `first = head; retry: node = first;
   * cmpxchg(head, first, token)`; on a failed compare `first = seen` and
   * retry. Returns whether the list was empty (first == NULL).
   */
  private llistAdd(node: BoundLocation, head: BoundLocation, result: () => RegName): void {
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

  /** `r = (value relation operand)`: `cmpw value,operand; li r,1; b<relation> done; li r,0; done:` (li leaves cr0 alone). */
  private setIf(r: RegName, value: RegName, relation: TestRelation, operand: Operand): void {
    const done = this.newLabel();
    this.compare(value, operand);
    this.loadImmediate(r, 1);
    this.emit({ kind: 'branch', cond: BRANCH_FOR[relation]!, crField: 0, target: done });
    this.loadImmediate(r, 0);
    this.place(done);
  }

  // ---- instructions

  private reservable(arg: Bound): BoundLocation {
    const location = locationOf(arg);
    if (location.size !== 4 && location.size !== 8) {
      this.test.fail(this.origin.span, `lwarx/stwcx. on ${location.name}, a ${location.size}-byte variable: only 4- and 8-byte variables can be exchanged`);
    }
    return location;
  }

  /** Shared variables are checked for mixed sizes; where an address held in a register points is known only at run time. */
  private noteAccess(location: BoundLocation, size: AccessSize): void {
    if (location.through === null) this.test.noteAccess(location.name, size, this.origin.span);
  }

  private address(location: BoundLocation): RegName {
    return location.through ?? this.sharedAddress(location.name);
  }

  /** The register the init block loads with a shared variable's address. */
  private sharedAddress(name: string): RegName {
    let reg = this.addresses.get(name);
    if (!reg) this.addresses.set(name, (reg = this.registers.take()));
    return reg;
  }

  private load(dst: RegName, location: BoundLocation, size: AccessSize): void {
    this.noteAccess(location, size);
    this.emit({ kind: 'load', dst, ea: { base: this.address(location), index: null, offset: 0 }, size, reserve: false, updateBase: false });
  }

  private reserve(dst: RegName, location: BoundLocation): void {
    this.noteAccess(location, location.size);
    this.emit({ kind: 'load', dst, ea: { base: null, index: this.address(location), offset: 0 }, size: location.size, reserve: true, updateBase: false });
  }

  private store(location: BoundLocation, src: RegName, size: AccessSize): void {
    this.noteAccess(location, size);
    this.emit({ kind: 'store', src, ea: { base: this.address(location), index: null, offset: 0 }, size, conditional: false, updateBase: false });
  }

  private compare(a: RegName, b: Operand): void {
    const operand = 'imm' in b && !fitsSigned16(b.imm) ? { reg: this.inRegister(b) } : b;
    this.emit({ kind: 'compare', crField: 0, a, b: operand, unsigned: false });
  }

  private inRegister(operand: Operand): RegName {
    if ('reg' in operand) return operand.reg;
    const r = this.registers.temporary();
    this.loadImmediate(r, operand.imm);
    return r;
  }

  private moveInto(dst: RegName, operand: Operand): void {
    if ('imm' in operand) this.loadImmediate(dst, operand.imm);
    else if (operand.reg !== dst) this.emit({ kind: 'alu', op: 'move', dst, srcs: [{ reg: operand.reg }], setsCr0: false });
  }

  /** li, lis, or lis then ori for 32-bit values that fit neither. */
  private loadImmediate(dst: RegName, value: number): void {
    const low = value & 0xffff;
    if (fitsSigned16(value) || value < -(2 ** 31) || value >= 2 ** 32 || low === 0) {
      this.emit({ kind: 'alu', op: 'move', dst, srcs: [{ imm: value }], setsCr0: false });
      return;
    }
    this.emit({ kind: 'alu', op: 'move', dst, srcs: [{ imm: value - low }], setsCr0: false });
    this.emit({ kind: 'alu', op: 'or', dst, srcs: [{ reg: dst }, { imm: low }], setsCr0: false });
  }

  private newLabel(): string {
    return `L${this.thread}_${this.labelCount++}`;
  }

  private place(label: string): void {
    this.labels.set(label, this.instructions.length);
  }

  private emit(body: InstructionBody): void {
    const { span, statement, chain, role } = this.origin;
    const primitive = chain.length === 0 ? null : chain.length === 1 ? chain[0]! : chain.map((name) => `${name}()`).join(' → ');
    const source = { line: span.line, col: span.col, text: this.test.text(span), mnemonic: instructionMnemonic(body), origin: { statement, primitive, role } };
    this.instructions.push({ ...body, source } as Instruction);
  }
}

function sharedLocation(name: string, size: AccessSize): BoundLocation {
  return { kind: 'location', name, size, through: null };
}

function locationOf(arg: Bound): BoundLocation {
  if (arg.kind !== 'location') throw new Error(`expected a location, got ${arg.kind}`);
  return arg;
}

function operandOf(arg: Bound): Operand {
  if (arg.kind === 'location') throw new Error('expected a value, got a location');
  return arg.kind === 'value' ? arg.operand : { imm: arg.value };
}

function constantOf(arg: Bound): number {
  if (arg.kind !== 'constant') throw new Error(`expected a constant, got ${arg.kind}`);
  return arg.value;
}

