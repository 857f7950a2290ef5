/** Compares our results on the corpus tests with herd7's log blocks (PPC under ppc.cat, kernel C under the LKMM); used by `npm run conformance` and the test suite. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LitmusError } from '../src/diagnostics.ts';
import { runTest, type RunOptions } from '../src/engine.ts';
import type { TestResult } from '../src/outcome/result.ts';
import { parseForModel } from '../src/parse/litmus.ts';
import { parsePpcLitmus } from '../src/parse/ppc.ts';
import { formatHerdLog, herdStateLine } from '../src/report/herd.ts';
import { CORPUS, type CorpusTest, corpusTests, LKMM_CORPUS, MIXED_CORPUS, type MIXED_FOLDERS, mixedCorpusTests } from './corpus.ts';
import { type HerdLogEntry, readHerdLog, readTsv } from './herd-log.ts';

/** Differences from herd7 (empty when the test conforms). */
export function compareWithHerd(path: string, expected: HerdLogEntry): string[] {
  const problems: string[] = [];
  try {
    const result = runTest(parsePpcLitmus(readFileSync(path, 'utf8'), path));
    const ours = formatHerdLog(result).split('\n');
    const statesEnd = 2 + result.states.length;
    const ourStates = ours.slice(2, statesEnd);
    const [ourOk, , ourWitness, ourCondition, ourObservation, ourHash] = ours.slice(statesEnd);
    const theirWitness = `Positive: ${expected.positive} Negative: ${expected.negative}`;
    const theirObservation = `Observation ${expected.name} ${expected.observation} ${expected.observationCounts.join(' ')}`;
    if (ours[0] !== `Test ${expected.name} ${expected.kind}`) problems.push(`test line: ours "${ours[0]}", herd7 "Test ${expected.name} ${expected.kind}"`);
    if (ourObservation !== theirObservation) problems.push(`observation: ours "${ourObservation}", herd7 "${theirObservation}"`);
    if (ourWitness !== theirWitness) problems.push(`witnesses: ours "${ourWitness}", herd7 "${theirWitness}"`);
    if (ourOk !== expected.ok) problems.push(`result line: ours "${ourOk}", herd7 "${expected.ok}"`);
    if (ourCondition !== `Condition ${expected.condition}`) problems.push(`condition: ours "${ourCondition}", herd7 "Condition ${expected.condition}"`);
    // Our block has no Time line, so the Hash line (or the blank line ending the block) follows Observation.
    const theirHash = expected.hash === null ? '' : `Hash=${expected.hash}`;
    if (ourHash !== theirHash) problems.push(`hash: ours "${ourHash}", herd7 "${theirHash}"`);
    const theirs = new Set(expected.states);
    const mine = new Set(ourStates);
    const missing = expected.states.filter((s) => !mine.has(s));
    const extra = ourStates.filter((s) => !theirs.has(s));
    if (missing.length || extra.length) {
      problems.push(`states: ${missing.length} missing, ${extra.length} extra` +
        missing.slice(0, 3).map((s) => `\n      missing ${s}`).join('') +
        extra.slice(0, 3).map((s) => `\n      extra   ${s}`).join(''));
    } else if (ourStates.join('\n') !== expected.states.join('\n')) {
      problems.push('states: same set, different order');
    }
  } catch (e) {
    problems.push(e instanceof LitmusError ? `${e.kind} error: ${e.message} (${e.line}:${e.col})` : `crash: ${(e as Error).stack}`);
  }
  return problems;
}

/**
 * Every corpus test with its herd7 log block. Some names occur twice with
 * different texts: each family has its own log, and within a family the n-th
 * test of a name (in tsv order) is the n-th log block of that name.
 */
export function corpusWithHerdLogs(): { test: CorpusTest; expected: HerdLogEntry | undefined }[] {
  const logs: Record<CorpusTest['family'], Map<string, HerdLogEntry[]>> = {
    campaign: readHerdLog(join(CORPUS, 'ppc-campaign.herd7.log')),
    illustrative: readHerdLog(join(CORPUS, 'ppc-illustrative.herd7.log')),
  };
  const seen = new Map<string, number>();
  return corpusTests().map((test) => {
    const key = `${test.family}/${test.name}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return { test, expected: logs[test.family].get(test.name)?.[occurrence] };
  });
}

/**
 * Every test of one folder of ../shared/corpus/mixed (MIXED_FOLDERS) with
 * its block in that folder's reference log: herd7 -variant mixed for
 * `tests`, ppc-sca.cat's results for `atomicity`.
 */
export function mixedCorpusWithLogs(folder: (typeof MIXED_FOLDERS)[number]): { name: string; path: string; expected: HerdLogEntry | undefined }[] {
  const log = readHerdLog(join(MIXED_CORPUS, folder.log));
  return mixedCorpusTests(folder.folder).map((test) => ({ ...test, expected: log.get(test.name)?.[0] }));
}

/** The facts compared per LKMM test; `order` (herd's state order, for byte-compatible logs) only where the state sets agree. */
export const LKMM_FIELDS = ['observation', 'states', 'flags', 'counts', 'order'] as const;
export type LkmmField = (typeof LKMM_FIELDS)[number];

/** One field's values, as text (so a known difference can name them), ours and herd's. */
export interface FieldComparison {
  field: LkmmField;
  ours: string;
  herd: string;
  equal: boolean;
}

export type LkmmComparison =
  | { kind: 'ran'; fields: FieldComparison[]; elapsedMs: number }
  | { kind: 'failed'; message: string; positioned: boolean; limit: boolean; elapsedMs: number };

const stateSetText = (states: readonly string[]): string => (states.length === 0 ? '(none)' : [...states].sort().join(' | '));
const flagsText = (flags: readonly string[]): string => (flags.length === 0 ? '(none)' : flags.join(','));

/** Runs a kernel-C test under the LKMM, as our herd log block (the text `--format herd` prints). */
export function runLkmm(path: string, options: RunOptions = {}): { result: TestResult; block: string } {
  const result = runTest(parseForModel(readFileSync(path, 'utf8'), path, { model: 'lkmm' }), options);
  return { result, block: formatHerdLog(result) };
}

/** Our LKMM result on one corpus test beside herd7's log block, field by field. */
export function compareLkmmWithHerd(path: string, expected: HerdLogEntry | undefined, options: RunOptions = {}): LkmmComparison {
  const started = performance.now();
  try {
    const { result } = runLkmm(path, options);
    const elapsedMs = performance.now() - started;
    const ourStates = result.states.map((s) => herdStateLine(result.observed, s.values));
    const theirs = expected ?? { states: [], flags: [], observation: '(no herd7 log entry)', positive: -1, negative: -1, observationCounts: [-1, -1] };
    const q = result.test.condition.quantifier;
    // herd's witness line swaps the counts for ~exists, as formatHerdLog does.
    const witnesses = q === 'not-exists' ? [result.negative, result.positive] : [result.positive, result.negative];
    const field = (name: LkmmField, ours: string, herd: string): FieldComparison => ({ field: name, ours, herd, equal: ours === herd });
    const ourSet = stateSetText(ourStates);
    const theirSet = stateSetText(theirs.states);
    return {
      kind: 'ran',
      elapsedMs,
      fields: [
        field('observation', result.observation, theirs.observation),
        field('states', ourSet, theirSet),
        field('flags', flagsText(result.flags), flagsText(theirs.flags)),
        field('counts', `${witnesses.join(' ')} / ${result.positive} ${result.negative}`, `${theirs.positive} ${theirs.negative} / ${theirs.observationCounts.join(' ')}`),
        // Only meaningful when the sets agree: is the order herd's (what a byte-compatible log needs)?
        ...(ourSet === theirSet ? [field('order', ourStates.join(' | '), theirs.states.join(' | '))] : []),
      ],
    };
  } catch (e) {
    const elapsedMs = performance.now() - started;
    if (!(e instanceof LitmusError)) return { kind: 'failed', message: `crash: ${(e as Error).stack}`, positioned: false, limit: false, elapsedMs };
    return { kind: 'failed', message: `${e.kind} error: ${e.message} (${e.line}:${e.col})`, positioned: e.line > 0 && e.col > 0, limit: e.kind === 'limit', elapsedMs };
  }
}

/** herd7's LKMM log blocks by test name (names are unique in the LKMM corpus). */
export function lkmmHerdLog(): Map<string, HerdLogEntry> {
  const log = readHerdLog(join(LKMM_CORPUS, 'lkmm.herd7.log'));
  return new Map([...log].map(([name, entries]) => [name, entries[0]!]));
}

/** A difference from herd7 that is understood, with the reasoning (scripts/lkmm-known-differences.tsv). */
export interface KnownDifference {
  file: string;
  field: LkmmField;
  ours: string;
  herd: string;
  reasoning: string;
}

export const KNOWN_DIFFERENCES_FILE = join(import.meta.dirname, 'lkmm-known-differences.tsv');

export function readKnownDifferences(path = KNOWN_DIFFERENCES_FILE): KnownDifference[] {
  return readTsv(path).map((get) => ({ file: get('file'), field: get('field') as LkmmField, ours: get('ours'), herd: get('herd'), reasoning: get('reasoning') }));
}

/** The known difference that explains a field's mismatch exactly (same test, field and both values), if any. */
export function knownDifferenceFor(known: readonly KnownDifference[], file: string, comparison: FieldComparison): KnownDifference | undefined {
  return known.find((k) => k.file === file && k.field === comparison.field && k.ours === comparison.ours && k.herd === comparison.herd);
}
