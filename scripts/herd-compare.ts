/** Compares our result on one corpus test with herd7's log block; used by `npm run conformance` and the test suite. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LitmusError } from '../src/diagnostics.ts';
import { runTest } from '../src/engine.ts';
import { parsePpcLitmus } from '../src/parse/ppc.ts';
import { formatHerdLog } from '../src/report/herd.ts';
import { CORPUS, type CorpusTest, corpusTests } from './corpus.ts';
import { type HerdLogEntry, readHerdLog } from './herd-log.ts';

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
