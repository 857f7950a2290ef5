/**
 * Fuzz inputs for the whole pipeline: real litmus files (PPC and kernel-C)
 * mutated at the character, token and line level, with lines spliced in from
 * other files, random instructions and random conditions; and litmus-like
 * files generated from scratch. Mutations are plain data, so fast-check
 * prints and shrinks them and a counterexample reproduces from its seed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export interface Seed {
  /** Where the seed came from, relative to the repository. */
  name: string;
  text: string;
}

/**
 * Every test in litmus/ and the kernel-C fixtures, herd's illustrative and
 * documentation tests, one campaign test in `campaignStride` and one
 * mixed-size test in 20 from the public corpus beside the repository when it
 * is there, in a fixed order.
 */
export function loadSeeds(campaignStride = 250): Seed[] {
  const corpus = join(repo, '..', 'shared', 'corpus', 'ppc');
  const campaign = litmusFilesUnder(join(corpus, 'campaign')).filter((_, k) => k % campaignStride === 0);
  const mixed = litmusFilesUnder(join(repo, '..', 'shared', 'corpus', 'mixed')).filter((_, k) => k % 20 === 0);
  const files = [
    ...litmusFilesUnder(join(repo, 'litmus')),
    ...litmusFilesUnder(join(repo, 'test', 'kernel-c', 'fixtures')),
    ...litmusFilesUnder(join(corpus, 'illustrative')),
    ...litmusFilesUnder(join(corpus, 'doc-tst-ppc')),
    ...campaign,
    ...mixed,
  ];
  return files.map((path) => ({ name: path.slice(repo.length), text: readFileSync(path, 'utf8') }));
}

function litmusFilesUnder(directory: string): string[] {
  if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory()) return [];
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.litmus'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const ppcMnemonics = [
  'li', 'lwz', 'lwzx', 'lbz', 'lhz', 'ld', 'ldx', 'lmw', 'lwarx', 'ldarx', 'stw', 'stwx', 'stb', 'sth', 'std', 'stdx', 'stwcx.', 'stdcx.', 'stwu',
  'mr', 'add', 'addi', 'addis', 'subf', 'xor', 'xori', 'or', 'ori', 'and', 'andi.', 'nor', 'neg', 'mulli', 'mullw', 'divw', 'slw', 'srw', 'sraw', 'srawi',
  'rlwinm', 'rlwimi', 'clrldi', 'extsw', 'cmpw', 'cmpwi', 'cmplw', 'cmplwi', 'cmpd', 'b', 'beq', 'bne', 'blt', 'bgt', 'ble', 'bge',
  'sync', 'lwsync', 'isync', 'eieio', 'nop', 'dcbf', 'mtdcr', 'frob',
];

const cStatements = [
  'WRITE_ONCE(*x, 1);', 'WRITE_ONCE(*y, r0);', 'r0 = READ_ONCE(*x);', 'r1 = READ_ONCE(*y);', '*x = 2;', 'r2 = *y;', 'int r0;', 'int r3 = 1;',
  'smp_mb();', 'smp_wmb();', 'smp_rmb();', 'mb();', 'wmb();', 'rmb();', 'barrier();', 'sync();', 'lwsync();', 'isync();', 'eieio();',
  'smp_store_release(x, 1);', 'r0 = smp_load_acquire(y);', 'r0 = xchg(x, 1);', 'r0 = xchg_local(x, 2);', 'r0 = xchg_relaxed(x, 1);',
  'r0 = cmpxchg(x, 0, 1);', 'r0 = atomic_xchg(x, 1);', 'smp_mb__before_atomic();', 'smp_mb__after_atomic();',
  'spin_lock(l);', 'spin_unlock(l);', 'r0 = spin_trylock(l);', 'r0 = spin_is_locked(l);', 'smp_mb__after_spinlock();',
  'out_8(x, 1);', 'r0 = in_be32(y);', 'ppc_msgsnd();', 'ppc_msgsync();', 'smp_muxed_ipi_message_pass(1, 0);', 'smp_ipi_demux();',
  'if (r0 == 1) { r1 = READ_ONCE(*y); } else { WRITE_ONCE(*x, 3); }', 'r1 = r0 + 1;', 'r1 = r0 ^ r0;', 'r1 = r0 << 2;', 'while (r0) { }',
  'for (;;) ;', 'foo(x);', 'return;', 'r0 = x->next;',
];

/** Tokens worth dropping into any litmus text: punctuation, keywords, registers, numbers that stress conversions. */
const interestingTokens = [
  '(', ')', '(*', '*)', '"', ';', '|', ':', ',', '{', '}', '[', ']', '~', '=', '<>', '==', '!=', '/\\', '\\/', '=>', '<<', '>>', '-', '+', '*', '&', '%', '#',
  'exists', '~exists', 'forall', 'final', 'locations', 'filter', 'with', 'cases', 'observed', 'true', 'false', 'not', 'PPC', 'C', 'X86', 'Result:',
  'P0', 'P1', 'P7', 'P99', 'r0', 'r1', 'r31', 'r32', 'r-1', 'cr0', 'cr9', '%a', '%x', 'L0:', 'L1', 'int', 'int*', 'uint64_t', 'atomic_t', 'spinlock_t',
  'x', 'y', 'z', '0:r1', '1:r3', '9:r1', '[x]', '0', '1', '-1', '0x', '0xffffffff', '2147483648', '-2147483649', '9007199254740993', '1e9', '007',
  '\u0000', '\t', '\r', '\u00e9', '\u{1F600}', '\uD800',
  ...ppcMnemonics.slice(0, 12),
];

const register = fc.integer({ min: 0, max: 33 }).map((n) => `r${n}`);
const immediate = fc.oneof(
  fc.integer({ min: -4, max: 8 }),
  fc.constantFrom(-32768, 32767, 65535, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 53 + 1),
);
const operand = fc.oneof(
  register,
  immediate.map(String),
  fc.tuple(immediate, register).map(([offset, base]) => `${offset}(${base})`),
  fc.constantFrom('L0', 'L1', 'cr0', 'cr7', '%a', 'x'),
);

/** A PPC instruction, well formed or not: a mnemonic and 0-4 operands of any kind. */
export const ppcInstruction = fc
  .tuple(fc.constantFrom(...ppcMnemonics), fc.array(operand, { maxLength: 4 }), fc.boolean())
  .map(([mnemonic, operands, labelled]) => `${labelled ? 'L0: ' : ''}${mnemonic} ${operands.join(',')}`.trimEnd());

const threadIds = fc.integer({ min: 0, max: 4 });
const location = fc.oneof(
  fc.tuple(threadIds, register).map(([thread, reg]) => `${thread}:${reg}`),
  fc.constantFrom('x', 'y', 'z', '[x]', '[y]', '1:r0', '0:r0'),
);
const value = fc.oneof(immediate.map(String), fc.constantFrom('x', 'y', '&x'));

/** A final condition: a quantifier and a proposition of atoms joined by /\, \/, =>, ~ and brackets. */
export const condition = fc
  .tuple(
    fc.constantFrom('exists', '~exists', 'forall', 'final', 'exists ~'),
    fc.letrec<{ prop: string }>((tie) => ({
      prop: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.tuple(location, fc.constantFrom('=', '<>', '!='), value).map(([l, op, v]) => `${l}${op}${v}`),
        fc.constantFrom('true', 'false'),
        fc.tuple(tie('prop'), fc.constantFrom(' /\\ ', ' \\/ ', ' => '), tie('prop')).map(([a, op, b]) => `${a}${op}${b}`),
        tie('prop').map((p) => `~${p}`),
        tie('prop').map((p) => `(${p})`),
      ),
    })).prop,
    fc.option(fc.array(location, { maxLength: 3 }).map((locs) => `locations [${locs.join('; ')}]`)),
  )
  .map(([quantifier, prop, locations]) => `${locations ? `${locations}\n` : ''}${quantifier} (${prop})`);

export type Mutation =
  | { kind: 'char-delete' | 'char-duplicate' | 'char-swap'; at: number }
  | { kind: 'char-insert'; at: number; text: string }
  | { kind: 'token-delete' | 'token-duplicate'; at: number }
  | { kind: 'token-swap'; at: number; other: number }
  | { kind: 'token-replace'; at: number; token: string }
  | { kind: 'line-delete' | 'line-duplicate'; at: number }
  | { kind: 'line-swap'; at: number; other: number }
  | { kind: 'line-splice'; at: number; donor: number; line: number }
  | { kind: 'instruction'; at: number; column: number; instruction: string }
  | { kind: 'condition'; condition: string };

const position = fc.nat({ max: 1 << 16 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('char-delete', 'char-duplicate', 'char-swap'), at: position }),
  fc.record({ kind: fc.constant('char-insert'), at: position, text: fc.oneof(fc.constantFrom(...interestingTokens), fc.string({ maxLength: 3, unit: 'binary' })) }),
  fc.record({ kind: fc.constantFrom('token-delete', 'token-duplicate'), at: position }),
  fc.record({ kind: fc.constant('token-swap'), at: position, other: position }),
  fc.record({ kind: fc.constant('token-replace'), at: position, token: fc.oneof(fc.constantFrom(...interestingTokens), fc.constantFrom(...ppcMnemonics)) }),
  fc.record({ kind: fc.constantFrom('line-delete', 'line-duplicate'), at: position }),
  fc.record({ kind: fc.constant('line-swap'), at: position, other: position }),
  fc.record({ kind: fc.constant('line-splice'), at: position, donor: position, line: position }),
  fc.record({ kind: fc.constant('instruction'), at: position, column: position, instruction: fc.oneof(ppcInstruction, fc.constantFrom(...cStatements)) }),
  fc.record({ kind: fc.constant('condition'), condition }),
);

/** Words, runs of punctuation and runs of blanks: the units token mutations move around. */
const tokenPattern = /\w+|[^\w\s]+|\s+/gu;

export function applyMutation(text: string, m: Mutation, seeds: readonly Seed[]): string {
  const chars = [...text];
  const tokens = text.match(tokenPattern) ?? [];
  const lines = text.split('\n');
  const within = (at: number, length: number) => (length === 0 ? 0 : at % length);
  switch (m.kind) {
    case 'char-delete': case 'char-duplicate': case 'char-swap':
    case 'token-delete': case 'token-duplicate': case 'token-swap':
    case 'line-delete': case 'line-duplicate': case 'line-swap': {
      // The same three edits on characters, tokens or lines.
      const [unit, edit] = m.kind.split('-') as ['char' | 'token' | 'line', 'delete' | 'duplicate' | 'swap'];
      const [parts, separator] = unit === 'char' ? [chars, ''] : unit === 'token' ? [tokens, ''] : [lines, '\n'];
      const at = within(m.at, parts.length);
      const other = within('other' in m ? m.other : m.at + 1, parts.length);
      const edited = edit === 'delete' ? splice(parts, at, 1) : edit === 'duplicate' ? splice(parts, at, 0, parts[at] ?? '') : swap(parts, at, other);
      return edited.join(separator);
    }
    case 'char-insert':
      return splice(chars, within(m.at, chars.length + 1), 0, m.text).join('');
    case 'token-replace':
      return splice(tokens, within(m.at, tokens.length), 1, m.token).join('');
    case 'line-splice': {
      const donorLines = seeds[within(m.donor, seeds.length)]!.text.split('\n');
      return splice(lines, within(m.at, lines.length + 1), 0, donorLines[within(m.line, donorLines.length)]!).join('\n');
    }
    case 'instruction': {
      // Into one cell of a code-table row (`a | b | c ;`), or onto a line of its own in a C body.
      const at = within(m.at, lines.length);
      const cells = lines[at]!.split('|');
      cells[within(m.column, cells.length)] = ` ${m.instruction} `;
      return splice(lines, at, 1, cells.join('|')).join('\n');
    }
    case 'condition': {
      const at = lines.findIndex((line) => /^\s*(~?exists|forall|final|locations|filter)\b/.test(line));
      return [...(at < 0 ? lines : lines.slice(0, at)), m.condition].join('\n');
    }
  }
}

function splice<T>(items: readonly T[], start: number, deleteCount: number, ...inserted: T[]): T[] {
  const copy = [...items];
  copy.splice(start, deleteCount, ...inserted);
  return copy;
}

function swap<T>(items: readonly T[], i: number, j: number): T[] {
  const copy = [...items];
  if (i < copy.length && j < copy.length) [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  return copy;
}

/** A real litmus file with 1-4 mutations applied in turn. */
export function mutatedLitmus(seeds: readonly Seed[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([seed, mutations]) => mutations.reduce((text, m) => applyMutation(text, m, seeds), seeds[seed]!.text));
}

const initEntry = fc.oneof(
  fc.tuple(threadIds, register, value).map(([thread, reg, v]) => `${thread}:${reg}=${v};`),
  fc.tuple(fc.constantFrom('x', 'y', 'z', 'int x', 'uint64_t y', 'int *p'), value).map(([loc, v]) => `${loc}=${v};`),
);

/** A PPC test built from scratch: 1-3 threads of 1-4 random instructions, a random init block and condition. */
const generatedPpc = fc
  .tuple(fc.array(initEntry, { maxLength: 6 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), condition)
  .chain(([init, threads, rows, final]) =>
    fc.array(fc.array(ppcInstruction, { minLength: threads, maxLength: threads }), { minLength: rows, maxLength: rows }).map((code) =>
      [
        'PPC generated',
        `{ ${init.join(' ')} }`,
        `${Array.from({ length: threads }, (_, t) => `P${t}`).join(' | ')} ;`,
        ...code.map((row) => `${row.join(' | ')} ;`),
        final,
      ].join('\n'),
    ),
  );

/** A kernel-C test built from scratch: 1-3 threads of 1-4 statements over x, y and a lock. */
const generatedC = fc
  .tuple(fc.array(fc.array(fc.constantFrom(...cStatements), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), condition)
  .map(([threads, final]) =>
    [
      'C generated',
      '{ int x; int y = 1; spinlock_t l; }',
      ...threads.map((body, t) => `P${t}(int *x, int *y, spinlock_t *l)\n{\n\tint r0;\n\tint r1;\n\tint r2;\n${body.map((s) => `\t${s}`).join('\n')}\n}`),
      final,
    ].join('\n\n'),
  );

export const generatedLitmus: fc.Arbitrary<string> = fc.oneof(generatedPpc, generatedC);

/** What the fuzzers feed the pipeline: three mutated real files for each generated one. */
export function litmusInputs(seeds: readonly Seed[]): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: mutatedLitmus(seeds), weight: 3 }, { arbitrary: generatedLitmus, weight: 1 });
}
