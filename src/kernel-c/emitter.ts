/**
 * What compiling kernel-C writes into. TestContext is shared by the threads:
 * the target, the ordering points and each shared variable's size.
 * InstructionEmitter is one
 * thread's code being built: its registers, labels and address registers,
 * the attribution of every instruction to the C statement and primitive it
 * comes from, and the instruction-level helpers (accesses, reservations,
 * compares, immediates, arithmetic) that the primitive expander (expand.ts)
 * and the statement compiler (compile.ts) share.
 */
import { LitmusError } from '../diagnostics.ts';
import type { OrderingPoint as BaseOrderingPoint, PointChange } from '../ir/ordering.ts';
import type { AccessSize, BranchCond, FenceKind, Instruction, Operand, RegName } from '../ir/program.ts';
import { fitsSigned16, type InstructionBody, instructionMnemonic } from '../ir/ppc-text.ts';
import type { BinaryOp, KernelCTest, Span } from './ast.ts';
import type { Target, TestRelation } from './primitives.ts';
import { ipiLocation, type IpiWord, ipiWordSize } from './ipi.ts';
import { fixedSize, variableSizes } from './layout.ts';
import { RegisterFile } from './registers.ts';

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

/** What all threads share while compiling: the target, ordering points and the shared variables. */
export class TestContext {
  readonly points: OrderingPoint[] = [];
  private readonly pointIds = new Set<string>();
  /** Every location an access touches. */
  readonly locations = new Set<string>();
  /** Each shared variable's size in bytes: the parameters' (layout.ts) and the IPI words' (ipi.ts). */
  readonly variableSizes: Map<string, AccessSize>;
  /** The sizes the engine is told (InitState.sizes): the IPI words' and those sized types fix (fixedSize). */
  readonly fixedSizes = new Map<string, AccessSize>();
  readonly llistTokens = new Map<string, number>();

  constructor(
    readonly ast: KernelCTest,
    readonly target: Target,
    readonly overrides: ReadonlyMap<string, PointChange>,
  ) {
    this.variableSizes = variableSizes(ast);
    for (const fn of ast.functions) {
      for (const param of fn.params) {
        const size = fixedSize(param.type);
        if (size !== null) this.fixedSizes.set(param.name, size);
      }
    }
  }

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

  /**
   * CPU `cpu`'s IPI word as a location of its size in this kernel. A test
   * may name the word as a parameter (to write out a library function's
   * body); it must then declare it as wide as the kernel does.
   */
  ipiWord(word: IpiWord, cpu: number): BoundLocation {
    const name = ipiLocation(word, cpu), size = ipiWordSize(word, this.target.kernel);
    for (const fn of this.ast.functions) {
      const param = fn.params.find((p) => p.name === name);
      if (param && param.type.size !== size) {
        this.fail(param.span, `${name} is CPU ${cpu}'s ${word} word, ${size} bytes in kernel ${this.target.kernel} (${size === 8 ? 'unsigned long' : 'int'}): declare it so`, 'input');
      }
    }
    this.variableSizes.set(name, size);
    this.fixedSizes.set(name, size);
    return sharedLocation(name, size);
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
 * dependency on whatever produced the register. `size` is the access's and
 * `offset` its first byte's within the variable (a byte of a word: layout.ts).
 */
export type Bound =
  | { kind: 'location'; name: string; size: AccessSize; offset: number; through: RegName | null }
  | { kind: 'value'; operand: Operand }
  | { kind: 'constant'; value: number };
export type BoundLocation = Extract<Bound, { kind: 'location' }>;

/** What emitted instructions are attributed to. */
export interface Origin {
  span: Span;
  statement: string;
  chain: string[];
  role: string | null;
}

export const BRANCH_FOR: Partial<Record<BinaryOp, BranchCond>> = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };
const ALU_FOR = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '&': 'and', '|': 'or', '^': 'xor', '<<': 'shl', '>>': 'sra' } as const;
export type ArithOp = keyof typeof ALU_FOR;
const COMMUTATIVE = new Set<BinaryOp>(['+', '*', '&', '|', '^']);

const fitsUnsigned16 = (n: number) => n >= 0 && n <= 0xffff;
/** When `r op imm` has an immediate form (addi, mulli, andi., ori, xori, srawi); `-` is addi of the negation. */
const IMMEDIATE_FORM: Partial<Record<ArithOp, (imm: number) => boolean>> = {
  '+': fitsSigned16, '-': (imm) => fitsSigned16(-imm), '*': fitsSigned16, '&': fitsUnsigned16, '|': fitsUnsigned16, '^': fitsUnsigned16, '>>': (imm) => imm >= 0 && imm <= 31,
};

export class InstructionEmitter {
  protected readonly instructions: Instruction[] = [];
  protected readonly labels = new Map<string, number>();
  protected readonly registers: RegisterFile;
  /** Location → the register holding its address (set in the init block). */
  protected readonly addresses = new Map<string, RegName>();
  /** What the instructions emitted now are attributed to. */
  protected origin: Origin;
  private labelCount = 0;

  /** @param span where a thread that runs out of registers is reported */
  constructor(
    protected readonly test: TestContext,
    protected readonly thread: number,
    span: Span,
  ) {
    this.origin = { span, statement: '', chain: [], role: null };
    this.registers = new RegisterFile(() => test.fail(span, `P${thread} needs more than 31 registers (locals, shared-variable addresses and temporaries)`));
  }

  protected arithmetic(op: ArithOp, left: Operand, right: Operand, target: () => RegName): { reg: RegName } {
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

  /** `r = (value relation operand)`: `cmpw value,operand; li r,1; b<relation> done; li r,0; done:` (li leaves cr0 alone). */
  protected setIf(r: RegName, value: RegName, relation: TestRelation, operand: Operand): void {
    const done = this.newLabel();
    this.compare(value, operand);
    this.loadImmediate(r, 1);
    this.emit({ kind: 'branch', cond: BRANCH_FOR[relation]!, crField: 0, target: done });
    this.loadImmediate(r, 0);
    this.place(done);
  }

  protected reservable(arg: Bound): BoundLocation {
    const location = locationOf(arg);
    if (location.size !== 4 && location.size !== 8) {
      this.test.fail(this.origin.span, `lwarx/stwcx. on ${location.name}, a ${location.size}-byte variable: only 4- and 8-byte variables can be exchanged`);
    }
    if (location.offset !== 0) this.test.fail(this.origin.span, `a reservation on part of ${location.name} (byte ${location.offset}): reservations are taken on whole variables here`);
    return location;
  }

  protected noteAccess(location: BoundLocation): void {
    if (location.through === null) this.test.locations.add(location.name);
  }

  protected address(location: BoundLocation): RegName {
    return location.through ?? this.sharedAddress(location.name);
  }

  /** The register the init block loads with a shared variable's address. */
  protected sharedAddress(name: string): RegName {
    let reg = this.addresses.get(name);
    if (!reg) this.addresses.set(name, (reg = this.registers.take()));
    return reg;
  }

  protected load(dst: RegName, location: BoundLocation, size: AccessSize): void {
    this.noteAccess(location);
    this.emit({ kind: 'load', dst, ea: { base: this.address(location), index: null, offset: location.offset }, size, reserve: false, updateBase: false });
  }

  /** lwarx/ldarx: the indexed form, so the whole variable (reservable() refuses a part of one). */
  protected reserve(dst: RegName, location: BoundLocation): void {
    this.noteAccess(location);
    this.emit({ kind: 'load', dst, ea: { base: null, index: this.address(location), offset: 0 }, size: location.size, reserve: true, updateBase: false });
  }

  protected store(location: BoundLocation, src: RegName, size: AccessSize): void {
    this.noteAccess(location);
    this.emit({ kind: 'store', src, ea: { base: this.address(location), index: null, offset: location.offset }, size, conditional: false, updateBase: false });
  }

  protected compare(a: RegName, b: Operand): void {
    const operand = 'imm' in b && !fitsSigned16(b.imm) ? { reg: this.inRegister(b) } : b;
    this.emit({ kind: 'compare', crField: 0, a, b: operand, unsigned: false });
  }

  protected inRegister(operand: Operand): RegName {
    if ('reg' in operand) return operand.reg;
    const r = this.registers.temporary();
    this.loadImmediate(r, operand.imm);
    return r;
  }

  protected moveInto(dst: RegName, operand: Operand): void {
    if ('imm' in operand) this.loadImmediate(dst, operand.imm);
    else if (operand.reg !== dst) this.emit({ kind: 'alu', op: 'move', dst, srcs: [{ reg: operand.reg }], setsCr0: false });
  }

  /** li, lis, or lis then ori for 32-bit values that fit neither. */
  protected loadImmediate(dst: RegName, value: number): void {
    const low = value & 0xffff;
    if (fitsSigned16(value) || value < -(2 ** 31) || value >= 2 ** 32 || low === 0) {
      this.emit({ kind: 'alu', op: 'move', dst, srcs: [{ imm: value }], setsCr0: false });
      return;
    }
    this.emit({ kind: 'alu', op: 'move', dst, srcs: [{ imm: value - low }], setsCr0: false });
    this.emit({ kind: 'alu', op: 'or', dst, srcs: [{ reg: dst }, { imm: low }], setsCr0: false });
  }

  protected newLabel(): string {
    return `L${this.thread}_${this.labelCount++}`;
  }

  protected place(label: string): void {
    this.labels.set(label, this.instructions.length);
  }

  protected emit(body: InstructionBody): void {
    const { span, statement, chain, role } = this.origin;
    const primitive = chain.length === 0 ? null : chain.length === 1 ? chain[0]! : chain.map((name) => `${name}()`).join(' → ');
    const source = { line: span.line, col: span.col, text: this.test.text(span), mnemonic: instructionMnemonic(body), origin: { statement, primitive, role } };
    this.instructions.push({ ...body, source } as Instruction);
  }
}

/** `size` bytes of a shared variable from byte `offset`. */
export function sharedLocation(name: string, size: AccessSize, offset = 0): BoundLocation {
  return { kind: 'location', name, size, offset, through: null };
}

export function locationOf(arg: Bound): BoundLocation {
  if (arg.kind !== 'location') throw new Error(`expected a location, got ${arg.kind}`);
  return arg;
}

export function operandOf(arg: Bound): Operand {
  if (arg.kind === 'location') throw new Error('expected a value, got a location');
  return arg.kind === 'value' ? arg.operand : { imm: arg.value };
}

export function constantOf(arg: Bound): number {
  if (arg.kind !== 'constant') throw new Error(`expected a constant, got ${arg.kind}`);
  return arg.value;
}
