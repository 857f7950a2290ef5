/**
 * How an IR instruction is written in herd's PPC syntax: the inverse of the
 * PPC parser's instruction table. Front ends that generate code (kernel-C)
 * use it to give generated instructions their source text; the PPC litmus
 * printer uses it to print tests.
 */
import type { AccessSize, Instruction, Operand, RegName } from './program.ts';

type WithoutSource<T> = T extends unknown ? Omit<T, 'source'> : never;
/** An instruction without its source position. */
export type InstructionBody = WithoutSource<Instruction>;

const LOAD: Record<AccessSize, string> = { 1: 'lbz', 2: 'lhz', 4: 'lwz', 8: 'ld' };
const STORE: Record<AccessSize, string> = { 1: 'stb', 2: 'sth', 4: 'stw', 8: 'std' };
const ALGEBRAIC_LOAD = { 2: 'lha', 4: 'lwa' } as const;
const SIZE_LETTER: Record<AccessSize, string> = { 1: 'b', 2: 'h', 4: 'w', 8: 'd' };
const INDEXED_STORE: Record<AccessSize, string> = { 1: 'stbx', 2: 'sthx', 4: 'stwx', 8: 'stdx' };
const BRANCH = { always: 'b', eq: 'beq', ne: 'bne', lt: 'blt', le: 'ble', gt: 'bgt', ge: 'bge' } as const;

/** Whether an immediate fits a signed 16-bit field (li, addi, cmpwi, ...). */
export const fitsSigned16 = (n: number): boolean => Number.isInteger(n) && n >= -0x8000 && n <= 0x7fff;

/** The immediate operand of an ALU instruction, if it has one. */
function immediate(instr: Extract<InstructionBody, { kind: 'alu' }>): number | null {
  const last = instr.srcs[instr.srcs.length - 1];
  return last !== undefined && 'imm' in last ? last.imm : null;
}

function aluMnemonic(instr: Extract<InstructionBody, { kind: 'alu' }>): string {
  const imm = immediate(instr);
  const dotted = (name: string) => (instr.setsCr0 ? `${name}.` : name);
  switch (instr.op) {
    case 'move':
      if (imm === null) return 'mr';
      return !fitsSigned16(imm) && imm % 0x10000 === 0 && fitsSigned16(imm / 0x10000) ? 'lis' : 'li';
    case 'add': return imm === null ? dotted('add') : 'addi';
    case 'sub': return imm === null ? dotted('sub') : 'subi';
    case 'mul': return imm === null ? dotted('mullw') : 'mulli';
    case 'div': return dotted('divw');
    case 'and': return imm === null ? dotted('and') : 'andi.';
    case 'or': return imm === null ? dotted('or') : 'ori';
    case 'xor': return imm === null ? dotted('xor') : 'xori';
    case 'nor': return dotted('nor');
    case 'neg': return dotted('neg');
    case 'shl': return 'slw';
    case 'shr': return 'srw';
    case 'sra': return imm === null ? 'sraw' : 'srawi';
    default: return instr.op;
  }
}

export function instructionMnemonic(instr: InstructionBody): string {
  switch (instr.kind) {
    case 'load': {
      if (instr.reserve) return `l${SIZE_LETTER[instr.size]}arx`;
      const plain = instr.signExtend ? ALGEBRAIC_LOAD[instr.size as 2 | 4] : LOAD[instr.size];
      if (instr.ea.index !== null) return `${plain}x`;
      return instr.updateBase ? `${plain}u` : plain;
    }
    case 'store':
      if (instr.conditional) return `st${SIZE_LETTER[instr.size]}cx.`;
      if (instr.ea.index !== null) return INDEXED_STORE[instr.size];
      return instr.updateBase ? `${STORE[instr.size]}u` : STORE[instr.size];
    case 'alu': return aluMnemonic(instr);
    case 'compare': return `cmp${instr.unsigned ? 'l' : ''}w${'imm' in instr.b ? 'i' : ''}`;
    case 'branch': return BRANCH[instr.cond];
    case 'fence': return instr.fence;
    case 'nop': return 'nop';
  }
}

function operandText(operand: Operand, mnemonic: string): string {
  if ('reg' in operand) return operand.reg;
  if (mnemonic === 'lis') return String(operand.imm / 0x10000);
  return String(operand.imm);
}

/** `rA,rB` of an indexed form; an address held in the base alone is printed as `r0,rA` (r0 there is 0). */
function indexedAddress(ea: { base: RegName | null; index: RegName | null }): string {
  return ea.index === null ? `r0,${ea.base ?? 'r0'}` : `${ea.base ?? 'r0'},${ea.index}`;
}

/** The instruction in herd's syntax, e.g. `lwz r1,0(r2)` or `stwcx. r3,r0,r2`. */
export function instructionText(instr: InstructionBody): string {
  const mnemonic = instructionMnemonic(instr);
  const cr = (field: number) => (field === 0 ? '' : `cr${field},`);
  switch (instr.kind) {
    case 'load':
    case 'store': {
      const reg = instr.kind === 'load' ? instr.dst : instr.src;
      const indexed = instr.ea.index !== null || (instr.kind === 'load' ? instr.reserve : instr.conditional);
      return indexed ? `${mnemonic} ${reg},${indexedAddress(instr.ea)}` : `${mnemonic} ${reg},${instr.ea.offset}(${instr.ea.base ?? 'r0'})`;
    }
    case 'alu': {
      const operands = [instr.dst, ...instr.srcs.map((s) => operandText(s, mnemonic)), ...(instr.params ?? []).map(String)];
      // rlwimi reads its destination as its second source; the syntax names it once.
      if (instr.op === 'rlwimi') operands.splice(2, 1);
      return `${mnemonic} ${operands.join(',')}`;
    }
    case 'compare':
      return `${mnemonic} ${cr(instr.crField)}${instr.a},${operandText(instr.b, mnemonic)}`;
    case 'branch':
      return `${mnemonic} ${cr(instr.crField)}${instr.target}`;
    case 'fence':
    case 'nop':
      return mnemonic;
  }
}
