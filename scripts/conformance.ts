/**
 * Conformance with herd7 on the public corpus: for every test, the Observation
 * word and counts, the Ok/No line, the witness counts, the Condition line and
 * the exact list of final states must equal herd7's log.
 * Usage: npm run conformance [-- --filter TEXT] [--max-report N]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LitmusError } from '../src/diagnostics.ts';
import { runTest } from '../src/engine.ts';
import { parsePpcLitmus } from '../src/parse/ppc.ts';
import { formatHerdLog } from '../src/report/herd.ts';
import { CORPUS, type CorpusTest, corpusTests } from './corpus.ts';
import { type HerdLogEntry, readHerdLog } from './herd-log.ts';

const { values: args } = parseArgs({
  options: { filter: { type: 'string' }, 'max-report': { type: 'string', default: '20' } },
});

// Some names occur twice with different texts: each family has its own log, and within a
// family the n-th test of a name (in tsv order) is the n-th log block of that name.
const logs: Record<CorpusTest['family'], Map<string, HerdLogEntry[]>> = {
  campaign: readHerdLog(join(CORPUS, 'ppc-campaign.herd7.log')),
  illustrative: readHerdLog(join(CORPUS, 'ppc-illustrative.herd7.log')),
};

const maxReport = Number(args['max-report']);
let passed = 0;
let checked = 0;
const failures: string[] = [];
const started = performance.now();

const seen = new Map<string, number>();
for (const t of corpusTests()) {
  const key = `${t.family}/${t.name}`;
  const occurrence = seen.get(key) ?? 0;
  seen.set(key, occurrence + 1);
  if (args.filter && !t.name.includes(args.filter)) continue;
  const expected = logs[t.family].get(t.name)?.[occurrence];
  checked++;
  const problems: string[] = [];
  if (!expected) {
    problems.push('no herd7 log entry');
  } else {
    try {
      const result = runTest(parsePpcLitmus(readFileSync(t.path, 'utf8'), t.path));
      const ours = formatHerdLog(result).split('\n');
      const statesEnd = 2 + result.states.length;
      const ourStates = ours.slice(2, statesEnd);
      const [ourOk, , ourWitness, ourCondition, ourObservation] = ours.slice(statesEnd);
      const theirWitness = `Positive: ${expected.positive} Negative: ${expected.negative}`;
      const theirObservation = `Observation ${expected.name} ${expected.observation} ${expected.observationCounts.join(' ')}`;
      if (ourObservation !== theirObservation) problems.push(`observation: ours "${ourObservation}", herd7 "${theirObservation}"`);
      if (ourWitness !== theirWitness) problems.push(`witnesses: ours "${ourWitness}", herd7 "${theirWitness}"`);
      if (ourOk !== expected.ok) problems.push(`result line: ours "${ourOk}", herd7 "${expected.ok}"`);
      if (ourCondition !== `Condition ${expected.condition}`) problems.push(`condition: ours "${ourCondition}", herd7 "Condition ${expected.condition}"`);
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
  }
  if (problems.length === 0) passed++;
  else failures.push(`${t.name} (${t.path}):\n  ${problems.join('\n  ')}`);
}

const seconds = (performance.now() - started) / 1000;
for (const f of failures.slice(0, maxReport)) console.log(f);
if (failures.length > maxReport) console.log(`... and ${failures.length - maxReport} more mismatches`);
console.log(`conformance: ${checked} tests in ${seconds.toFixed(1)} s`);
console.log(`${passed}/${checked}`);
process.exitCode = passed === checked ? 0 : 1;
