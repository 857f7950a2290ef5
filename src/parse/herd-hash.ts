/**
 * herd7's `Hash=` line: a digest of a test's initial state, code and observed
 * locations, with which herd tooling (mcompare7, litmus7 logs) recognises the
 * same test across logs. herdtools7 computes it in `lib/testHash.ml` on the test
 * as parsed, before symbolic registers are allocated:
 *
 *   md5hex(INFO ‖ md5(INIT) ‖ md5(CODE) ‖ md5(LOCS))
 *
 * where each md5 is the raw 16-byte digest of herd's rendering of that part
 * (see the functions below) and INFO is empty unless the metadata has a
 * `MemoryType`/`MT` key. A `Hash=` metadata line in the file wins: herd keeps
 * it without recomputing.
 *
 * Instructions outside herd's PPC syntax (addis, rlwinm, `beq cr1,L`...) are
 * rendered in the same style, but herd rejects such tests, so no herd hash
 * exists to agree with.
 */

import type { Condition, Instruction, InstrSource, Location, Prop, ThreadCode } from '../ir/program.ts';
import type { ParsedLocation } from './condition.ts';
import type { InitEntry } from './init.ts';
import { parseValueToken, Scanner, tokenize, type Token } from './lexer.ts';

/** The parts of a parsed test that herd's Hash depends on. */
export interface HerdHashSource {
  /** `key=value` lines before the init block, keys as written. */
  metadata: ReadonlyMap<string, string>;
  /** Init entries in the order written, with their text as written. */
  init: readonly InitEntry[];
  threads: readonly ThreadCode[];
  /** `locations [...]`. */
  locations: readonly Location[];
  condition: Condition;
}

/** herd's renderings of the hashed parts, for tests and debugging. */
export interface HerdHashParts {
  /** `key=value` text of the MemoryType/MT metadata, empty for almost every test. */
  info: string;
  init: string;
  code: string;
  locs: string;
}

/**
 * The hash herd prints for this test: the file's own `Hash=` value if it has
 * one, otherwise the digest herd computes. Null when the file has a hash key in
 * another case (`hash=`), which herd accepts in place of its digest but never
 * prints.
 */
export function herdHash(source: HerdHashSource, file: string): string | null {
  // herd looks the key up case-insensitively but prints only the exact key `Hash`.
  if ([...source.metadata.keys()].some((key) => key.toLowerCase() === 'hash')) return source.metadata.get('Hash') ?? null;
  return digestHerdHashParts(herdHashParts(source, file));
}

/**
 * `test` with a `herdHash` computed when first read, then kept: only the herd
 * report reads it, and the digest loads node:crypto, a noticeable share of a
 * one-test run's start-up. Enumerable, so a copy (a spread, or the structured
 * clone that carries a test between threads) takes the value along.
 */
export function withLazyHerdHash<T extends object>(test: T, compute: () => string | null): T & { herdHash: string | null } {
  let hash: string | null | undefined;
  return Object.defineProperty(test, 'herdHash', { enumerable: true, get: () => (hash === undefined ? (hash = compute()) : hash) }) as T & { herdHash: string | null };
}

/** md5hex of the parts' raw md5 digests, concatenated (an empty INFO contributes nothing). */
export function digestHerdHashParts(parts: HerdHashParts): string {
  // Loaded here, not imported: node:crypto takes a noticeable share of the
  // CLI's start-up, and a test with a Hash= line never needs it.
  // crypto.hash, one call per digest: a Hash object per digest cost more than the hashing.
  const { hash } = process.getBuiltinModule('node:crypto');
  const md5 = (text: string): Buffer => hash('md5', text, 'buffer');
  const info = parts.info === '' ? Buffer.alloc(0) : md5(parts.info);
  return hash('md5', Buffer.concat([info, md5(parts.init), md5(parts.code), md5(parts.locs)]), 'hex');
}

/** herd's renderings of INFO, INIT, CODE and LOCS; `file` names the test in (impossible) token errors. */
export function herdHashParts(source: HerdHashSource, file: string): HerdHashParts {
  return { info: renderInfo(source.metadata), init: renderInit(source.init), code: renderCode(source.threads, file), locs: renderLocations(source) };
}

/**
 * herd's `digest_info`: the MemoryType/MT entries as `key=value` with the key
 * lowercased, in reverse order of their keys.
 */
function renderInfo(metadata: ReadonlyMap<string, string>): string {
  const entries: [string, string][] = [];
  for (const [key, value] of metadata) {
    const lower = key.toLowerCase();
    if (lower === 'memorytype' || lower === 'mt') entries.push([key, `${lower}=${value}`]);
  }
  if (entries.length === 0) return '';
  return entries
    .sort(([a], [b]) => compareStrings(a, b))
    .reverse()
    .map(([, text]) => text)
    .join('');
}

/** OCaml's String.compare (byte order, which is code-unit order on ASCII). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A location in herd's hash order (MiscParser.location_compare): registers by
 * thread then name as a string (so `r10` < `r2`), then symbolic registers, then
 * shared locations by name.
 */
interface HashLocation {
  group: 0 | 1 | 2;
  thread: number;
  name: string;
  /** `0:r2`, `x0` (a symbolic register, without its `%`) or `x`. */
  text: string;
}

function hashLocation(location: ParsedLocation): HashLocation {
  switch (location.kind) {
    case 'reg':
      return { group: 0, thread: location.thread, name: location.reg, text: `${location.thread}:${location.reg}` };
    case 'symbolic-reg': {
      const name = location.reg.replace(/^%/, '');
      return { group: 1, thread: 0, name, text: name };
    }
    case 'mem':
      return { group: 2, thread: 0, name: location.name, text: location.name };
  }
}

function compareHashLocations(a: HashLocation, b: HashLocation): number {
  return a.group - b.group || a.thread - b.thread || compareStrings(a.name, b.name);
}

interface HashItem {
  location: HashLocation;
  text: string;
}

/** Sorts the items (stably) by location and joins them with `; `, keeping the first item of each location. */
function joinSorted(items: HashItem[]): string {
  items.sort((a, b) => compareHashLocations(a.location, b.location));
  let text = '';
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && compareHashLocations(items[i - 1]!.location, items[i]!.location) === 0) continue;
    text += i === 0 ? items[i]!.text : `; ${items[i]!.text}`;
  }
  return text;
}

/** `0:r2=x; int x=1; *p=y; int *q=0`: each entry with its type and value as written. */
function renderInit(entries: readonly InitEntry[]): string {
  const items: HashItem[] = [];
  for (const entry of entries) {
    const location = hashLocation(entry.target);
    const text = `${entry.pointer ? '*' : ''}${location.text}=${entry.valueText}`;
    items.push({ location, text: entry.type === null ? text : `${entry.type} ${text}` });
  }
  return joinSorted(items);
}

/** The `locations [...]` and every location the condition reads (not the filter's). */
function renderLocations(source: HerdHashSource): string {
  const items: HashItem[] = [];
  const add = (location: HashLocation) => items.push({ location, text: location.text });
  for (const location of source.locations) add(hashLocation(location));
  // A long chain of /\ makes a deep tree, so walk it without recursion.
  const pending: Prop[] = [source.condition.prop];
  for (let prop = pending.pop(); prop; prop = pending.pop()) {
    if (prop.kind === 'atom') add(hashLocation(prop.loc));
    else if (prop.kind === 'same') for (const loc of [prop.left, prop.right]) add(hashLocation(loc));
    else if (prop.kind === 'not') pending.push(prop.prop);
    else if (prop.kind !== 'const') pending.push(prop.left, prop.right);
  }
  return joinSorted(items);
}

/**
 * The code as herd's `Misc.string_of_prog` lays it out: one column per
 * thread, each cell padded to its column's widest, ` cell |` ... ` cell ;\n`.
 */
function renderCode(threads: readonly ThreadCode[], file: string): string {
  const labels = renamedLabels(threads);
  const columns: string[][] = [];
  const widths: number[] = [];
  let rows = 0;
  for (const thread of threads) {
    const cells = threadCells(thread, labels, file);
    let width = 0;
    for (const cell of cells) width = Math.max(width, cell.length);
    columns.push(cells);
    widths.push(width);
    rows = Math.max(rows, cells.length);
  }
  let text = '';
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns.length; column++) {
      text += `${column === 0 ? '' : '|'} ${(columns[column]![row] ?? '').padEnd(widths[column]!)} `;
    }
    text += ';\n';
  }
  return text;
}

/** Every label name (definitions and branch targets, all threads) → L00, L01... in sorted order. */
function renamedLabels(threads: readonly ThreadCode[]): Map<string, string> {
  const names = new Set<string>();
  for (const thread of threads) {
    for (const name of thread.labels.keys()) names.add(name);
    for (const instruction of thread.instructions) if (instruction.kind === 'branch') names.add(instruction.target);
  }
  return new Map([...names].sort(compareStrings).map((name, i) => [name, `L${String(i).padStart(2, '0')}`]));
}

/** One thread's cells in order: `L00:` for each label, then each instruction; empty cells give nothing. */
function threadCells(thread: ThreadCode, labels: ReadonlyMap<string, string>, file: string): string[] {
  // Labels in definition order, which is also the order of the indices they point at.
  const definitions = [...thread.labels];
  const cells: string[] = [];
  let next = 0;
  let previous: InstrSource | null = null;
  for (let index = 0; index <= thread.instructions.length; index++) {
    for (; next < definitions.length && definitions[next]![1] <= index; next++) cells.push(`${labels.get(definitions[next]![0])}:`);
    const instruction = thread.instructions[index];
    // lmw/stmw expand to several instructions sharing one source object: one cell.
    if (instruction && instruction.source !== previous) cells.push(herdInstruction(instruction, labels, file));
    previous = instruction?.source ?? null;
  }
  return cells;
}

/** herd's norm_ins (64-bit accesses hash as 32-bit ones) and the mnemonics its parser reads as others. */
const HERD_MNEMONIC = new Map([
  ['ld', 'lwz'], ['std', 'stw'], ['ldx', 'lwzx'], ['stdx', 'stwx'],
  ['subi', 'addi'], ['bnl', 'bge'], ['bng', 'ble'], ['hwsync', 'sync'],
]);

/** Forms `r,d(rA)`, which herd also reads as `r,d,rA`. */
const DISPLACEMENT = new Set(['lbz', 'lhz', 'lwz', 'lwzu', 'lwa', 'stb', 'sth', 'stw', 'stwu', 'lmw', 'stmw']);

const COMPARE = new Set(['cmpw', 'cmpwi', 'cmplw', 'cmplwi']);

const GPR = /^r(\d+)$/;

/** One operand token as herd prints it: registers canonical (`r7`), numbers in decimal. */
function herdToken(token: Token, file: string): string {
  if (token.kind === 'num') return String(parseValueToken(token, file));
  const gpr = token.kind === 'name' ? GPR.exec(token.text) : null;
  return gpr ? `r${Number(gpr[1])}` : token.text;
}

/**
 * herd's forms of the instructions other than branches, by text as written:
 * tests repeat the same few hundred instructions, and tokenizing each one
 * again would slow the parser noticeably.
 */
const renderedInstructions = new Map<string, string>();
const RENDERED_LIMIT = 100_000;

/**
 * An instruction in herd's `dump_instruction` form, from the text as written:
 * `lwz r1,16(r2)` for `lwz r1,0x10,r2`, `addi r1,r2,-3` for `subi r1,r2,3`,
 * `cmpw r1,r2` for `cmpw cr0,r1,r2`, `b   L00`, `beq  L00`; no spaces after commas.
 */
function herdInstruction(instruction: Instruction, labels: ReadonlyMap<string, string>, file: string): string {
  const text = instruction.source.text;
  if (instruction.kind === 'branch') {
    const { mnemonic, operands } = splitInstruction(text, file);
    operands[operands.length - 1] = labels.get(instruction.target)!;
    return mnemonic === 'b' ? `b   ${operands.join(',')}` : `${mnemonic}  ${operands.join(',')}`;
  }
  let rendered = renderedInstructions.get(text);
  if (rendered === undefined) {
    const { mnemonic, operands } = splitInstruction(text, file);
    if (instruction.source.mnemonic === 'subi') operands[2] = String(-Number(operands[2]));
    if (COMPARE.has(mnemonic) && operands[0] === 'cr0') operands.shift();
    if (DISPLACEMENT.has(mnemonic) && operands.length === 3) operands.splice(1, 2, `${operands[1]}(${operands[2]})`);
    rendered = operands.length === 0 ? mnemonic : `${mnemonic} ${operands.join(',')}`;
    if (renderedInstructions.size >= RENDERED_LIMIT) renderedInstructions.clear();
    renderedInstructions.set(text, rendered);
  }
  return rendered;
}

/** herd's mnemonic and the comma-separated operands, each token as herd prints it. */
function splitInstruction(text: string, file: string): { mnemonic: string; operands: string[] } {
  const tokens = tokenize(new Scanner(text, file), false);
  const written = tokens[0]!.text;
  const operands: string[] = [];
  let current = '';
  for (let i = 1; i < tokens.length && tokens[i]!.kind !== 'eof'; i++) {
    const token = tokens[i]!;
    if (token.kind === 'punct' && token.text === ',') {
      operands.push(current);
      current = '';
    } else {
      current += herdToken(token, file);
    }
  }
  if (current !== '' || operands.length > 0) operands.push(current);
  return { mnemonic: HERD_MNEMONIC.get(written) ?? written, operands };
}

/**
 * herd's hash of a test whose code herd digests in its own way (C tests:
 * src/parse/herd-hash-c.ts): the INFO, INIT and LOCS parts as for PPC, with
 * `code` as the rendered CODE part. As in herdHash, a `Hash=` metadata line wins.
 */
export function herdHashWithCode(source: Omit<HerdHashSource, 'threads'>, code: string): string | null {
  if ([...source.metadata.keys()].some((key) => key.toLowerCase() === 'hash')) return source.metadata.get('Hash') ?? null;
  return digestHerdHashParts({ info: renderInfo(source.metadata), init: renderInit(source.init), code, locs: renderLocations({ ...source, threads: [] }) });
}
