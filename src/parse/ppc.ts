/**
 * herd7 PPC litmus tests → program IR.
 *
 * Sections in order: header and metadata (header.ts), init block (init.ts),
 * the code table, then the final section (condition.ts).
 */

import type { Instruction, LitmusTest, RegName, SourcePos, ThreadCode } from '../ir/program.ts';
import { collectSharedNames, parseFinalSection, type FinalSection, type RegisterRef, type RegisterResolver } from './condition.ts';
import { parseHeader } from './header.ts';
import { herdHash, withLazyHerdHash } from './herd-hash.ts';
import { buildInitState, parseInitBlock, type InitEntry } from './init.ts';
import { Scanner, TokenStream, tokenize, type Token } from './lexer.ts';
import { gprName, parseInstruction } from './ppc-instructions.ts';

const THREAD_NAME = /^P(\d+)$/;

/** Words that start the final section; as in herd's splitter, they end the code wherever they appear. */
const FINAL_SECTION_KEYWORDS = new Set(['exists', 'forall', 'final', 'locations', 'filter', 'cases', 'observed', 'Observed']);

export function parsePpcLitmus(text: string, file: string): LitmusTest {
  const scanner = new Scanner(text, file);
  const header = parseHeader(scanner);
  if (header.arch !== 'PPC') {
    scanner.fail('unsupported', `this is a ${header.arch} test; only PPC tests can be read here`, header.archPos, header.arch.length);
  }
  const stream = new TokenStream(tokenize(scanner, true), file, text);

  const initEntries = parseInitBlock(stream, resolveRegisterIn(null));
  const threads = parseCodeTable(stream);
  const threadCount = threads.length;
  for (const entry of initEntries) {
    if (entry.target.kind === 'reg') checkThreadExists(stream, entry.token, entry.target.thread, threadCount);
  }
  const init = buildInitState(
    initEntries,
    (reg) => threads.filter((thread) => thread.symbolicRegisters.has(reg)).map((thread) => thread.code.id),
    (token, message) => stream.fail(token, message),
  );
  const final = parseFinalSection(stream, resolveRegisterIn(threadCount));
  const code = threads.map((thread) => thread.code);

  return withLazyHerdHash({
    arch: 'PPC',
    name: header.name,
    file,
    doc: header.doc,
    metadata: header.metadata,
    init,
    threads: code,
    locations: final.locations,
    filter: final.filter,
    condition: final.condition,
    expected: scanner.expected,
    sharedLocations: sharedLocationNames(initEntries, final),
  }, () => herdHash({ metadata: header.metadata, init: initEntries, threads: code, locations: final.locations, condition: final.condition }, file));
}

function checkThreadExists(stream: TokenStream, token: Token, thread: number, threadCount: number): void {
  if (thread >= threadCount) stream.fail(token, `unknown thread ${thread}: the test has threads P0..P${threadCount - 1}`);
}

/** PPC registers in init and conditions: `r0`..`r31`, in threads that exist once the code is known. */
export function resolveRegisterIn(threadCount: number | null): RegisterResolver {
  return (ref: RegisterRef, stream: TokenStream): RegName => {
    if (threadCount !== null) checkThreadExists(stream, ref.threadToken, ref.thread, threadCount);
    const name = gprName(ref.registerToken, stream.file);
    if (name === null) stream.fail(ref.registerToken, `expected a register such as r1 after '${ref.threadToken.text}:', found '${ref.registerToken.text}'`);
    return name;
  };
}

function sharedLocationNames(initEntries: readonly InitEntry[], final: FinalSection): string[] {
  const names = new Set<string>();
  for (const entry of initEntries) {
    if (entry.target.kind === 'mem') names.add(entry.target.name);
    if (typeof entry.value === 'string') names.add(entry.value);
  }
  for (const location of final.locations) if (location.kind === 'mem') names.add(location.name);
  collectSharedNames(final.filter, names);
  collectSharedNames(final.condition.prop, names);
  return [...names].sort();
}

interface ParsedThread {
  code: ThreadCode;
  symbolicRegisters: Set<RegName>;
  labelPositions: Map<string, SourcePos>;
  branchTargets: Token[];
}

function atKeyword(stream: TokenStream): boolean {
  const token = stream.peek();
  return token.kind === 'name' && FINAL_SECTION_KEYWORDS.has(token.text);
}

/** Whether the code table is over: the final section (or the end of the test) comes next. */
function atFinalSection(stream: TokenStream): boolean {
  if (stream.peek().kind === 'eof' || stream.at('(')) return true;
  if ((stream.at('~') || stream.at('not')) && stream.at('exists', 1)) return true;
  return atKeyword(stream);
}

function parseCodeTable(stream: TokenStream): ParsedThread[] {
  const threads = parseThreadNames(stream);
  while (!atFinalSection(stream)) {
    const row = readRow(stream, threads.length);
    row.forEach((cell, column) => parseCell(stream, cell, threads[column]!));
  }
  for (const thread of threads) {
    for (const target of thread.branchTargets) {
      if (!thread.code.labels.has(target.text)) stream.fail(target, `undefined label '${target.text}' in P${thread.code.id}`);
    }
  }
  return threads;
}

/** The first row, ` P0 | P1 | ... ;`, with an optional `;` before it. */
function parseThreadNames(stream: TokenStream): ParsedThread[] {
  stream.accept(';');
  const threads: ParsedThread[] = [];
  do {
    const token = stream.peek();
    const expected = `P${threads.length}`;
    if (token.kind !== 'name' || !THREAD_NAME.test(token.text)) stream.failExpected(`thread name ${expected} in the first row of the code`);
    if (token.text !== expected) stream.fail(token, `threads must be named P0, P1, ... in order: expected ${expected}, found '${token.text}'`);
    stream.next();
    threads.push({
      code: { id: threads.length, instructions: [], labels: new Map() },
      symbolicRegisters: new Set(),
      labelPositions: new Map(),
      branchTargets: [],
    });
  } while (stream.accept('|'));
  stream.expect(';', "'|' or ';' after the thread names");
  return threads;
}

/** One row of cells separated by `|` and ended by `;`. */
function readRow(stream: TokenStream, threadCount: number): Token[][] {
  const cells: Token[][] = [[]];
  for (;;) {
    const token = stream.peek();
    if (token.kind === 'eof') stream.failExpected("';' to end the code row");
    if (atKeyword(stream)) stream.fail(token, `expected ';' to end the code row before '${token.text}'`);
    stream.next();
    if (token.kind !== 'punct' || (token.text !== ';' && token.text !== '|')) {
      cells[cells.length - 1]!.push(token);
    } else if (token.text === '|') {
      if (cells.length === threadCount) stream.fail(token, `too many cells in this row: the test has ${plural(threadCount, 'thread')}`);
      cells.push([]);
    } else {
      if (cells.length < threadCount) stream.fail(token, `too few cells in this row: expected ${threadCount} (one per thread), found ${cells.length}`);
      return cells;
    }
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `LABEL:` prefixes, then an optional instruction. */
function parseCell(stream: TokenStream, cell: Token[], thread: ParsedThread): void {
  let start = 0;
  while (cell[start]?.kind === 'name' && cell[start + 1]?.text === ':') {
    defineLabel(stream, cell[start]!, thread);
    start += 2;
  }
  if (start >= cell.length) return;
  const tokens = cell.slice(start);
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  const end = { line: last.line, col: last.col + last.text.length };
  const parsed = parseInstruction(tokens, end, stream.file, thread.symbolicRegisters);
  const text = stream.text.slice(first.offset, last.offset + last.text.length);
  const source = { line: first.line, col: first.col, text, mnemonic: first.text };
  for (const body of parsed.bodies) thread.code.instructions.push(Object.assign(body, { source }) as Instruction);
  if (parsed.labelRef) thread.branchTargets.push(parsed.labelRef);
}

function defineLabel(stream: TokenStream, token: Token, thread: ParsedThread): void {
  const earlier = thread.labelPositions.get(token.text);
  if (earlier) stream.fail(token, `duplicate label '${token.text}' in P${thread.code.id} (first defined at line ${earlier.line})`);
  thread.labelPositions.set(token.text, { line: token.line, col: token.col });
  thread.code.labels.set(token.text, thread.code.instructions.length);
}
