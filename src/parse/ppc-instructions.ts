/**
 * PPC instructions: operand syntax and translation to the program IR.
 *
 * The mnemonic list and operand forms follow herd's `lib/PPCParser.mly`; the
 * meaning follows `herd/PPCSem.ml`. In particular, as in herd, `r0` in the RA
 * slot means the constant 0 for the indexed loads and stores, lwarx/stwcx.
 * and addi (hence subi, which herd turns into addi), while the displacement
 * forms `lwz rD,d(rA)` / `lwz rD,d,rA` read r0 as a register. Mnemonics
 * beyond herd's parser (addis, lwax, ldarx/stdcx., srw...) follow the rule of
 * their herd counterparts.
 */

import { LitmusError, type ErrorKind } from '../diagnostics.ts';
import type { AccessSize, AluOp, BranchCond, FenceKind, RegName, SourcePos } from '../ir/program.ts';
import type { InstructionBody } from '../ir/ppc-text.ts';
import { describe, parseNumberToken, type Token } from './lexer.ts';

export interface ParsedInstruction {
  /** Usually one; lmw/stmw expand to one access per register. */
  bodies: InstructionBody[];
  /** The branch target as written, for the caller to resolve. */
  labelRef: Token | null;
}

const GPR = /^r(\d+)$/;
const CR_FIELD = /^cr(\d+)$/;

/**
 * `r0`..`r31` in canonical form (`r07` is `r7`), null if the token is not
 * written as a numbered register; out-of-range numbers are an error.
 */
export function gprName(token: Token, file: string): RegName | null {
  const match = token.kind === 'name' ? GPR.exec(token.text) : null;
  if (!match) return null;
  const number = Number(match[1]);
  if (number > 31) throw new LitmusError('input', `register ${token.text} is out of range (r0..r31)`, file, token.line, token.col, token.text.length);
  return `r${number}`;
}

/** Reads the operands of one instruction from the tokens of its cell. */
class OperandReader {
  private index = 0;
  labelRef: Token | null = null;

  constructor(
    private readonly tokens: readonly Token[],
    /** Just after the instruction, where "found end of instruction" points. */
    private readonly end: SourcePos,
    private readonly file: string,
    readonly mnemonic: string,
    /** Collects the `%name` registers the instruction uses. */
    private readonly symbolicRegisters: Set<RegName>,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private fail(message: string, token = this.peek(), kind: ErrorKind = 'input'): never {
    const at = token ?? this.end;
    throw new LitmusError(kind, message, this.file, at.line, at.col, token ? token.text.length : 1);
  }

  private failExpected(what: string): never {
    const token = this.peek();
    return this.fail(`expected ${what}, found ${token ? describe(token) : 'end of instruction'}`);
  }

  gpr(role: string): RegName {
    const token = this.peek();
    if (token?.kind === 'symreg') {
      this.index++;
      this.symbolicRegisters.add(token.text);
      return token.text;
    }
    const name = token ? gprName(token, this.file) : null;
    if (name === null) return this.failExpected(`${role} (a register such as r1)`);
    this.index++;
    return name;
  }

  numberedGpr(role: string): number {
    const token = this.peek();
    if (token?.kind === 'symreg') this.fail(`${this.mnemonic} needs a numbered register (r0..r31) as ${role}`, token, 'unsupported');
    return Number(this.gpr(role).slice(1));
  }

  punct(text: string, after: string): void {
    const token = this.peek();
    if (token?.kind !== 'punct' || token.text !== text) this.failExpected(`'${text}' after ${after}`);
    this.index++;
  }

  comma(after: string): void {
    this.punct(',', after);
  }

  imm(role: string): number {
    const token = this.peek();
    if (token?.kind !== 'num') return this.failExpected(role);
    this.index++;
    return parseNumberToken(token, this.file);
  }

  /** An immediate that selects bits, so it must lie in [0, max]. */
  bitCount(role: string, max: number): number {
    const token = this.peek();
    const value = this.imm(role);
    if (value < 0 || value > max) this.fail(`${role} must be between 0 and ${max}`, token);
    return value;
  }

  label(): string {
    const token = this.peek();
    if (token?.kind !== 'name') return this.failExpected(`a label after '${this.mnemonic}'`);
    this.index++;
    this.labelRef = token;
    return token.text;
  }

  /** An optional leading `crN,` as in `cmpw cr1,r1,r2` or `beq cr1,L`; CR0 otherwise. */
  crField(): number {
    const token = this.peek();
    const match = token?.kind === 'name' ? CR_FIELD.exec(token.text) : null;
    if (!match) return 0;
    const field = Number(match[1]);
    if (field > 7) this.fail(`condition register field ${token!.text} is out of range (cr0..cr7)`, token);
    this.index++;
    this.comma('the condition register field');
    return field;
  }

  /** `d(rA)` or herd's alternative `d,rA`. */
  displacement(): { base: RegName; offset: number } {
    const offset = this.imm('an offset');
    const token = this.peek();
    if (token?.kind === 'punct' && token.text === '(') {
      this.index++;
      const base = this.gpr('base register');
      this.punct(')', 'base register');
      return { base, offset };
    }
    this.punct(',', "the offset (write d(rA) or d,rA)");
    return { base: this.gpr('base register'), offset };
  }

  done(): void {
    const token = this.peek();
    if (token) this.fail(`unexpected ${describe(token)} after the operands of '${this.mnemonic}'`, token);
  }
}

type Form = (o: OperandReader) => InstructionBody | InstructionBody[];

const FORMS = new Map<string, Form>();
const UNSUPPORTED = new Set(['bl', 'blr', 'mtlr', 'mflr', 'mfcr']);

function define(mnemonic: string, form: Form): void {
  FORMS.set(mnemonic, form);
}

/** `rD,rA,rB`; dotted mnemonics also set CR0. subf takes its operands the other way round. */
function defineAlu3(mnemonic: string, op: AluOp, options: { dotted: boolean; swap?: boolean }): void {
  const form = (setsCr0: boolean): Form => (o) => {
    const dst = o.gpr('destination register');
    o.comma('destination register');
    const a = o.gpr('first source register');
    o.comma('first source register');
    const b = o.gpr('second source register');
    o.done();
    const srcs = options.swap ? [{ reg: b }, { reg: a }] : [{ reg: a }, { reg: b }];
    return { kind: 'alu', op, dst, srcs, setsCr0 };
  };
  define(mnemonic, form(false));
  if (options.dotted) define(`${mnemonic}.`, form(true));
}

for (const [mnemonic, op] of [['add', 'add'], ['sub', 'sub'], ['mullw', 'mul'], ['divw', 'div'], ['and', 'and'], ['or', 'or'], ['xor', 'xor'], ['nor', 'nor']] as const) {
  defineAlu3(mnemonic, op, { dotted: true });
}
defineAlu3('subf', 'sub', { dotted: true, swap: true });
defineAlu3('slw', 'shl', { dotted: false });
defineAlu3('srw', 'shr', { dotted: false });
defineAlu3('sraw', 'sra', { dotted: false });

/**
 * `rD,rA,imm`. With `zeroRa`, r0 as rA is the constant 0 (addi, addis,
 * subi), so the instruction is a move of the immediate.
 */
function defineAluImm(mnemonic: string, op: AluOp, options: { setsCr0?: boolean; zeroRa?: boolean; scale?: (imm: number) => number; shift?: boolean } = {}): void {
  define(mnemonic, (o) => {
    const dst = o.gpr('destination register');
    o.comma('destination register');
    const src = o.gpr('source register');
    o.comma('source register');
    const raw = options.shift ? o.bitCount('the shift amount', 31) : o.imm('an immediate value');
    o.done();
    const imm = options.scale ? options.scale(raw) : raw;
    const setsCr0 = options.setsCr0 ?? false;
    if (options.zeroRa && src === 'r0') return { kind: 'alu', op: 'move', dst, srcs: [{ imm }], setsCr0 };
    return { kind: 'alu', op, dst, srcs: [{ reg: src }, { imm }], setsCr0 };
  });
}

const shifted16 = (imm: number) => imm * 65536;
defineAluImm('addi', 'add', { zeroRa: true });
defineAluImm('addis', 'add', { zeroRa: true, scale: shifted16 });
defineAluImm('subi', 'add', { zeroRa: true, scale: (imm) => -imm });
defineAluImm('mulli', 'mul');
defineAluImm('andi.', 'and', { setsCr0: true });
defineAluImm('ori', 'or');
defineAluImm('xori', 'xor');
defineAluImm('srawi', 'sra', { shift: true });

/** `rD,rA` with one source register. */
function defineUnary(mnemonic: string, op: AluOp, setsCr0 = false): void {
  define(mnemonic, (o) => {
    const dst = o.gpr('destination register');
    o.comma('destination register');
    const src = o.gpr('source register');
    o.done();
    return { kind: 'alu', op, dst, srcs: [{ reg: src }], setsCr0 };
  });
}

defineUnary('neg', 'neg');
defineUnary('neg.', 'neg', true);
defineUnary('extsw', 'extsw');
defineUnary('mr', 'move');

/** `rD,imm`. */
function defineLoadImmediate(mnemonic: string, scale: (imm: number) => number): void {
  define(mnemonic, (o) => {
    const dst = o.gpr('destination register');
    o.comma('destination register');
    const imm = scale(o.imm('an immediate value'));
    o.done();
    return { kind: 'alu', op: 'move', dst, srcs: [{ imm }], setsCr0: false };
  });
}

defineLoadImmediate('li', (imm) => imm);
defineLoadImmediate('lis', shifted16);

/** `rA,rS,SH,MB,ME`; rlwimi also reads the register it inserts into. */
function defineRotate(mnemonic: 'rlwinm' | 'rlwimi'): void {
  define(mnemonic, (o) => {
    const dst = o.gpr('destination register');
    o.comma('destination register');
    const src = o.gpr('source register');
    o.comma('source register');
    const shift = o.bitCount('the shift amount', 31);
    o.comma('the shift amount');
    const maskBegin = o.bitCount('the mask begin', 31);
    o.comma('the mask begin');
    const maskEnd = o.bitCount('the mask end', 31);
    o.done();
    const srcs = mnemonic === 'rlwimi' ? [{ reg: src }, { reg: dst }] : [{ reg: src }];
    return { kind: 'alu', op: mnemonic, dst, srcs, params: [shift, maskBegin, maskEnd], setsCr0: false };
  });
}

defineRotate('rlwinm');
defineRotate('rlwimi');

define('clrldi', (o) => {
  const dst = o.gpr('destination register');
  o.comma('destination register');
  const src = o.gpr('source register');
  o.comma('source register');
  const bits = o.bitCount('the number of bits to clear', 63);
  o.done();
  return { kind: 'alu', op: 'clrldi', dst, srcs: [{ reg: src }], params: [bits], setsCr0: false };
});

/** `[crN,]rA,rB` or `[crN,]rA,imm`. */
function defineCompare(mnemonic: string, options: { immediate: boolean; unsigned: boolean }): void {
  define(mnemonic, (o) => {
    const crField = o.crField();
    const a = o.gpr('first register');
    o.comma('first register');
    const b = options.immediate ? { imm: o.imm('an immediate value') } : { reg: o.gpr('second register') };
    o.done();
    return { kind: 'compare', crField, a, b, unsigned: options.unsigned };
  });
}

defineCompare('cmpw', { immediate: false, unsigned: false });
defineCompare('cmpwi', { immediate: true, unsigned: false });
defineCompare('cmplw', { immediate: false, unsigned: true });
defineCompare('cmplwi', { immediate: true, unsigned: true });

/**
 * Displacement loads `rD,d(rA)`. Like herd, an update form (lwzu) leaves the
 * base alone when it is r0 or the destination, which the ISA calls invalid.
 */
function defineLoad(mnemonic: string, size: AccessSize, options: { update?: boolean; signExtend?: boolean } = {}): void {
  define(mnemonic, (o) => {
    const dst = o.gpr('destination register');
    o.comma('destination register');
    const { base, offset } = o.displacement();
    o.done();
    const updateBase = options.update === true && base !== 'r0' && base !== dst;
    return { kind: 'load', dst, ea: { base, index: null, offset }, size, reserve: false, updateBase, ...(options.signExtend ? { signExtend: true } : {}) };
  });
}

function defineStore(mnemonic: string, size: AccessSize, update = false): void {
  define(mnemonic, (o) => {
    const src = o.gpr('source register');
    o.comma('source register');
    const { base, offset } = o.displacement();
    o.done();
    return { kind: 'store', src, ea: { base, index: null, offset }, size, conditional: false, updateBase: update && base !== 'r0' };
  });
}

/** Indexed forms `rD,rA,rB`: EA = (rA|0) + rB. */
function indexedOperands(o: OperandReader, role: string): { reg: RegName; base: RegName | null; index: RegName } {
  const reg = o.gpr(role);
  o.comma(role);
  const ra = o.gpr('base register (RA)');
  o.comma('base register (RA)');
  const index = o.gpr('index register (RB)');
  o.done();
  return { reg, base: ra === 'r0' ? null : ra, index };
}

function defineIndexedLoad(mnemonic: string, size: AccessSize, options: { reserve?: boolean; signExtend?: boolean } = {}): void {
  define(mnemonic, (o) => {
    const { reg, base, index } = indexedOperands(o, 'destination register');
    return { kind: 'load', dst: reg, ea: { base, index, offset: 0 }, size, reserve: options.reserve === true, updateBase: false, ...(options.signExtend ? { signExtend: true } : {}) };
  });
}

function defineIndexedStore(mnemonic: string, size: AccessSize, conditional = false): void {
  define(mnemonic, (o) => {
    const { reg, base, index } = indexedOperands(o, 'source register');
    return { kind: 'store', src: reg, ea: { base, index, offset: 0 }, size, conditional, updateBase: false };
  });
}

// Every size: zero-extending loads (lbz lhz lwz ld), stores, their indexed
// and update forms, and the reservation pair (lbarx/stbcx. .. ldarx/stdcx.).
for (const [letter, load, size] of [['b', 'lbz', 1], ['h', 'lhz', 2], ['w', 'lwz', 4], ['d', 'ld', 8]] as const) {
  defineLoad(load, size);
  defineIndexedLoad(`${load}x`, size);
  defineLoad(`${load}u`, size, { update: true });
  defineStore(`st${letter}`, size);
  defineIndexedStore(`st${letter}x`, size);
  defineStore(`st${letter}u`, size, true);
  defineIndexedLoad(`l${letter}arx`, size, { reserve: true });
  defineIndexedStore(`st${letter}cx.`, size, true);
}
// Algebraic (sign-extending) loads: lha, lhau, lhax, lwa, lwax (the ISA has no lwau).
defineLoad('lha', 2, { signExtend: true });
defineLoad('lhau', 2, { update: true, signExtend: true });
defineIndexedLoad('lhax', 2, { signExtend: true });
defineLoad('lwa', 4, { signExtend: true });
defineIndexedLoad('lwax', 4, { signExtend: true });

/** lmw/stmw move registers rN..r31 to or from consecutive words. */
function defineMultiple(mnemonic: 'lmw' | 'stmw'): void {
  define(mnemonic, (o) => {
    const role = mnemonic === 'lmw' ? 'first destination register' : 'first source register';
    const first = o.numberedGpr(role);
    o.comma(role);
    const { base, offset } = o.displacement();
    o.done();
    const bodies: InstructionBody[] = [];
    for (let n = first; n <= 31; n++) {
      const ea = { base, index: null, offset: offset + 4 * (n - first) };
      const reg = `r${n}`;
      bodies.push(
        mnemonic === 'lmw'
          ? { kind: 'load', dst: reg, ea, size: 4, reserve: false, updateBase: false }
          : { kind: 'store', src: reg, ea, size: 4, conditional: false, updateBase: false },
      );
    }
    return bodies;
  });
}

defineMultiple('lmw');
defineMultiple('stmw');

function defineFence(mnemonic: string, fence: FenceKind): void {
  define(mnemonic, (o) => {
    o.done();
    return { kind: 'fence', fence };
  });
}

defineFence('sync', 'sync');
defineFence('hwsync', 'sync');
defineFence('lwsync', 'lwsync');
defineFence('eieio', 'eieio');
defineFence('isync', 'isync');

define('nop', (o) => {
  o.done();
  return { kind: 'nop' };
});

// herd accepts dcbf and gives it no effect.
define('dcbf', (o) => {
  o.gpr('first register');
  o.comma('first register');
  o.gpr('second register');
  o.done();
  return { kind: 'nop' };
});

define('b', (o) => {
  const target = o.label();
  o.done();
  return { kind: 'branch', cond: 'always', crField: 0, target };
});

for (const [mnemonic, cond] of [['beq', 'eq'], ['bne', 'ne'], ['blt', 'lt'], ['ble', 'le'], ['bgt', 'gt'], ['bge', 'ge'], ['bnl', 'ge'], ['bng', 'le']] as const satisfies readonly (readonly [string, BranchCond])[]) {
  define(mnemonic, (o) => {
    const crField = o.crField();
    const target = o.label();
    o.done();
    return { kind: 'branch', cond, crField, target };
  });
}

const SUPPORTED_MNEMONICS: readonly string[] = [...FORMS.keys()];

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Up to three supported mnemonics closest to a misspelt one. */
function suggestMnemonics(written: string): string[] {
  const lower = written.toLowerCase();
  return SUPPORTED_MNEMONICS.map((mnemonic) => ({ mnemonic, distance: editDistance(lower, mnemonic) }))
    .filter(({ distance }) => distance <= Math.min(2, Math.max(1, lower.length - 1)))
    .sort((a, b) => a.distance - b.distance || a.mnemonic.length - b.mnemonic.length)
    .slice(0, 3)
    .map(({ mnemonic }) => mnemonic);
}

/**
 * Parses one instruction: `tokens` starts with the mnemonic and holds the
 * rest of the cell.
 */
export function parseInstruction(tokens: readonly Token[], end: SourcePos, file: string, symbolicRegisters: Set<RegName>): ParsedInstruction {
  const head = tokens[0]!;
  const form = head.kind === 'name' ? FORMS.get(head.text) : undefined;
  if (!form) failOnMnemonic(head, tokens[1], file);
  const reader = new OperandReader(tokens.slice(1), end, file, head.text, symbolicRegisters);
  const parsed = form(reader);
  return { bodies: Array.isArray(parsed) ? parsed : [parsed], labelRef: reader.labelRef };
}

function failOnMnemonic(head: Token, next: Token | undefined, file: string): never {
  const fail = (kind: ErrorKind, message: string): never => {
    throw new LitmusError(kind, message, file, head.line, head.col, head.text.length);
  };
  const mnemonic = head.text;
  if (head.kind !== 'name') return fail('input', `expected an instruction, found ${describe(head)}`);
  if (UNSUPPORTED.has(mnemonic)) return fail('unsupported', `instruction '${mnemonic}' is not supported: calls and link/condition-register moves are not modelled`);
  if (next?.text === '(') return fail('unsupported', `macro calls such as '${mnemonic}(...)' are not supported`);
  const suggestions = suggestMnemonics(mnemonic);
  return fail('input', `unknown instruction '${mnemonic}'${suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : ''}`);
}
