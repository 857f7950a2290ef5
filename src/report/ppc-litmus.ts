/**
 * Prints a LitmusTest as a herd7 PPC litmus test: header, metadata, init
 * block, the code table and the final section. Instructions are printed from
 * the IR (not from their source text), in the forms herd's PPC parser reads
 * and with the mnemonics its lexer knows wherever the IR allows (ldarx and
 * stdcx., for 8-byte reservations, are beyond herd7). `xics-litmus compile`
 * uses it to show what a kernel-C test becomes; parsePpcLitmus reads it back.
 */
import type { AccessSize, Instruction, LitmusTest, Operand, RegName, Value } from '../ir/program.ts';
import type { InstructionBody } from '../parse/ppc-instructions.ts';
import { printCondition, printLocation, printProp, printValue } from './syntax.ts';

const LOAD: Record<AccessSize, string> = { 1: 'lbz', 2: 'lhz', 4: 'lwz', 8: 'ld' };
const STORE: Record<AccessSize, string> = { 1: 'stb', 2: 'sth', 4: 'stw', 8: 'std' };
const INDEXED_LOAD: Record<AccessSize, string> = { 1: 'lbzx', 2: 'lhzx', 4: 'lwzx', 8: 'ldx' };
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
    case 'load':
      if (instr.reserve) return instr.size === 8 ? 'ldarx' : 'lwarx';
      if (instr.ea.index !== null) return INDEXED_LOAD[instr.size];
      return instr.updateBase ? 'lwzu' : LOAD[instr.size];
    case 'store':
      if (instr.conditional) return instr.size === 8 ? 'stdcx.' : 'stwcx.';
      if (instr.ea.index !== null) return INDEXED_STORE[instr.size];
      return instr.updateBase ? 'stwu' : STORE[instr.size];
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

/** One thread's code as cells, one per row: `LABEL: instruction`, with extra labels on rows of their own. */
function threadCells(instructions: Instruction[], labels: Map<string, number>): string[] {
  const labelsAt = new Map<number, string[]>();
  for (const [label, index] of labels) labelsAt.set(index, [...(labelsAt.get(index) ?? []), label]);
  const cells: string[] = [];
  for (let i = 0; i <= instructions.length; i++) {
    const here = labelsAt.get(i) ?? [];
    const instr = instructions[i];
    here.slice(0, instr ? -1 : undefined).forEach((label) => cells.push(`${label}:`));
    if (instr) cells.push(here.length > 0 ? `${here[here.length - 1]}: ${instructionText(instr)}` : instructionText(instr));
  }
  return cells;
}

/**
 * Init lines: one per thread, then symbolic `%name` registers (herd gives
 * those to every thread whose code uses them, so they are written without a
 * thread), then memory.
 */
function initLines(test: LitmusTest): string[] {
  const lines: string[] = [];
  const entry = (loc: string, value: Value) => `${loc}=${printValue(value)};`;
  const symbolic = new Map<string, Value>();
  for (const [thread, registers] of [...test.init.registers].sort(([a], [b]) => a - b)) {
    const sorted = [...registers].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
    for (const [reg, value] of sorted) if (reg.startsWith('%')) symbolic.set(reg, value);
    const numbered = sorted.filter(([reg]) => !reg.startsWith('%'));
    if (numbered.length > 0) lines.push(numbered.map(([reg, value]) => entry(`${thread}:${reg}`, value)).join(' '));
  }
  if (symbolic.size > 0) lines.push([...symbolic].map(([reg, value]) => entry(reg, value)).join(' '));
  const memory = [...test.init.memory].sort(([a], [b]) => a.localeCompare(b));
  if (memory.length > 0) lines.push(memory.map(([loc, value]) => entry(loc, value)).join(' '));
  return lines;
}

/**
 * The test as herd7 PPC litmus text. `comments` become an OCaml comment after
 * the expected result (they must not contain `*)`).
 */
export function printPpcLitmus(test: LitmusTest, options: { comments?: string[] } = {}): string {
  const out: string[] = [`PPC ${test.name}`];
  if (test.doc !== null) out.push(`"${test.doc}"`);
  for (const [key, value] of test.metadata) out.push(`${key}=${value}`);
  if (test.expected) out.push(`(* Result: ${test.expected.result} *)`);
  if (options.comments && options.comments.length > 0) out.push(`(* ${options.comments.join('\n * ')}\n *)`);
  out.push('{', ...initLines(test), '}');

  const columns = test.threads.map((thread) => [`P${thread.id}`, ...threadCells(thread.instructions, thread.labels)]);
  const widths = columns.map((cells) => Math.max(...cells.map((c) => c.length)));
  const rows = Math.max(...columns.map((cells) => cells.length));
  for (let row = 0; row < rows; row++) {
    out.push(` ${columns.map((cells, t) => (cells[row] ?? '').padEnd(widths[t]!)).join(' | ')} ;`);
  }

  if (test.locations.length > 0) out.push(`locations [${test.locations.map((l) => `${printLocation(l)};`).join(' ')}]`);
  if (test.filter) out.push(`filter ${printProp(test.filter)}`);
  out.push(printCondition(test.condition));
  return out.join('\n') + '\n';
}
