/**
 * Checks the thread-symmetry reduction (src/search/symmetry.ts) on every
 * corpus test: each test it applies to runs with it and without it (RunOptions.symmetry),
 * and where the reduction applied (its result's stats.orbit) the two runs
 * must agree on everything a result says: states and their verdicts, counts,
 * flags, the loop-bound warning. Tests herd7 has a log for are checked
 * against it by the conformance script as well; this covers the ones it gave
 * up on, and every model a test runs under.
 *   node --import tsx scripts/symmetry-check.ts [--timeout SECONDS]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LitmusError } from '../src/diagnostics.ts';
import { type RunnableTest, runTest } from '../src/engine.ts';
import type { TestResult } from '../src/outcome/result.ts';
import { parseForModel } from '../src/parse/litmus.ts';
import { corpusTests, lkmmCorpusTests, MIXED_FOLDERS, mixedCorpusTests } from './corpus.ts';

const { values: args } = parseArgs({ options: { timeout: { type: 'string', default: '20' } } });
const timeoutMs = Number(args.timeout) * 1000;

interface Subject {
  label: string;
  load: () => RunnableTest;
}

const parsed = (path: string, options: Parameters<typeof parseForModel>[2]) => () => parseForModel(readFileSync(path, 'utf8'), path, options);
const subjects: Subject[] = [
  ...corpusTests().map((t) => ({ label: `ppc ${t.name}`, load: parsed(t.path, {}) })),
  ...MIXED_FOLDERS.flatMap(({ folder }) => mixedCorpusTests(folder).map((t) => ({ label: `mixed ${t.name}`, load: parsed(t.path, {}) }))),
  ...lkmmCorpusTests().flatMap((t) => [
    { label: `lkmm ${t.file}`, load: parsed(t.path, { model: 'lkmm' }) },
    { label: `power ${t.file}`, load: parsed(t.path, { model: 'power', kernel: 'v6.13', cpu: 'power7' }) },
  ]),
];

/** Everything a result says, but how it was found. */
const said = (r: TestResult): string => JSON.stringify({
  states: r.states, observed: r.observed, positive: r.positive, negative: r.negative, flags: r.flags, loopBoundHit: r.loopBoundHit,
}, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

let reduced = 0, skipped = 0, saved = 0;
const differing: string[] = [];
for (const subject of subjects) {
  let test: RunnableTest;
  try {
    test = subject.load();
  } catch (e) {
    if (e instanceof LitmusError) continue; // refused by this model: nothing to compare
    throw e;
  }
  let whole: TestResult, byOrbit: TestResult;
  try {
    byOrbit = runTest(test, { timeoutMs });
    if (byOrbit.stats.orbit === 1) continue;
    whole = runTest(test, { timeoutMs, symmetry: false, maxExecutions: 100_000_000 });
  } catch (e) {
    if (!(e instanceof LitmusError) || e.kind !== 'limit') throw e;
    skipped++;
    continue;
  }
  reduced++;
  saved += whole.stats.elapsedMs - byOrbit.stats.elapsedMs;
  if (said(whole) !== said(byOrbit)) differing.push(subject.label);
  console.log(`${subject.label}: ${whole.stats.candidates} -> ${byOrbit.stats.candidates} candidates, ` +
    `${whole.stats.elapsedMs.toFixed(0)} -> ${byOrbit.stats.elapsedMs.toFixed(0)} ms${said(whole) === said(byOrbit) ? '' : '  DIFFERENT'}`);
}
console.log(`\n${subjects.length} runs; the symmetry reduced ${reduced}, all but ${differing.length} with the same result; ` +
  `${(saved / 1000).toFixed(1)} s saved; ${skipped} skipped at the ${args.timeout} s limit`);
if (differing.length > 0) {
  console.log(`different: ${differing.join(', ')}`);
  process.exitCode = 1;
}
