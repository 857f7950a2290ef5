/**
 * Prints a LitmusTest as a herd7 PPC litmus test: header, metadata, init
 * block, the code table and the final section. Instructions are printed from
 * the IR (not from their source text), in the forms herd's PPC parser reads
 * and with the mnemonics its lexer knows wherever the IR allows (ldarx and
 * stdcx., for 8-byte reservations, are beyond herd7). `xics-litmus compile`
 * uses it to show what a kernel-C test becomes; parsePpcLitmus reads it back.
 */
import { instructionText } from '../ir/ppc-text.ts';
import type { Instruction, LitmusTest, Value } from '../ir/program.ts';
import { printCondition, printLocation, printProp, printValue } from './syntax.ts';

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
 * thread), then memory, typed where its size is fixed.
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
  // A location whose size is fixed is declared with herd's type of that size (uint8_t x;), its value after it.
  const typed = new Map([...test.init.sizes ?? []].map(([loc, size]) => [loc, `uint${8 * size}_t ${loc}`]));
  const memory = [...new Set([...test.init.memory.keys(), ...typed.keys()])].sort((a, b) => a.localeCompare(b));
  const memoryEntry = (loc: string) => {
    const value = test.init.memory.get(loc);
    const declared = typed.get(loc) ?? loc;
    return value === undefined ? `${declared};` : `${declared}=${printValue(value)};`;
  };
  if (memory.length > 0) lines.push(memory.map(memoryEntry).join(' '));
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
