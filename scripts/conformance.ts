/**
 * Conformance with herd7 on the public corpora.
 * - ppc: for every test, the Test line, the Observation word and counts, the
 *   Ok/No line, the witness counts, the Condition line, the Hash line and the
 *   exact list of final states must equal herd7's log.
 * - lkmm: every kernel-C test herd7 finished, under the LKMM: the Observation
 *   word, the exact state set, the Flag lines (main figure: all three), then
 *   the Positive/Negative counts and herd's state order separately.
 *   Differences listed in scripts/lkmm-known-differences.tsv are reported
 *   apart. The tests herd7 gave up on (10 s) run too, with --lkmm-timeout;
 *   the ones herd7 rejected must get a positioned error from us.
 * - mixed: the mixed-size PPC tests of ../shared/corpus/mixed, the same
 *   fields as ppc: `tests/` against herd7 -variant mixed's log, `atomicity/`
 *   against the single-copy-atomic results of atomicity.sca.log (the tests
 *   where herd7's mixed-size answer is too weak; see its README).
 * Usage: npm run conformance [-- --corpus ppc|lkmm|mixed|all] [--filter TEXT] [--max-report N] [--lkmm-timeout SECONDS]
 */
import { parseArgs } from 'node:util';
import {
  compareLkmmWithHerd, compareWithHerd, corpusWithHerdLogs, type FieldComparison, type KnownDifference, knownDifferenceFor,
  LKMM_FIELDS, type LkmmField, lkmmHerdLog, mixedCorpusWithLogs, readKnownDifferences,
} from './herd-compare.ts';
import { lkmmCorpusTests, MIXED_FOLDERS } from './corpus.ts';

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'all' },
    filter: { type: 'string' },
    'max-report': { type: 'string', default: '20' },
    'lkmm-timeout': { type: 'string', default: '10' },
  },
});
if (!['ppc', 'lkmm', 'mixed', 'all'].includes(args.corpus)) {
  console.error(`--corpus must be ppc, lkmm, mixed or all, not '${args.corpus}'`);
  process.exit(64);
}
const maxReport = Number(args['max-report']);
const selected = (name: string, path: string) => args.filter === undefined || name.includes(args.filter) || path.includes(args.filter);

function printFailures(failures: readonly string[]): void {
  for (const f of failures.slice(0, maxReport)) console.log(f);
  if (failures.length > maxReport) console.log(`... and ${failures.length - maxReport} more`);
}

const seconds = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const percent = (n: number, of: number) => (of === 0 ? '-' : `${((100 * n) / of).toFixed(1)}%`);

function ppcConformance(): boolean {
  const started = performance.now();
  let passed = 0;
  let checked = 0;
  const failures: string[] = [];
  for (const { test, expected } of corpusWithHerdLogs()) {
    if (!selected(test.name, test.path)) continue;
    checked++;
    const problems = expected ? compareWithHerd(test.path, expected) : ['no herd7 log entry'];
    if (problems.length === 0) passed++;
    else failures.push(`${test.name} (${test.path}):\n  ${problems.join('\n  ')}`);
  }
  printFailures(failures);
  console.log(`ppc conformance: ${checked} tests in ${seconds(performance.now() - started)} s`);
  console.log(`${passed}/${checked}`);
  return passed === checked;
}

function mixedConformance(): boolean {
  let passed = true;
  for (const folder of MIXED_FOLDERS) {
    const started = performance.now();
    let matching = 0;
    const failures: string[] = [];
    const tests = mixedCorpusWithLogs(folder).filter((t) => selected(t.name, t.path));
    for (const { name, path, expected } of tests) {
      const problems = expected ? compareWithHerd(path, expected) : ['no log entry'];
      if (problems.length === 0) matching++;
      else failures.push(`${name} (${path}):\n  ${problems.join('\n  ')}`);
    }
    printFailures(failures);
    console.log(`mixed ${folder.folder}/ against ${folder.source} (${folder.log}): ${tests.length} tests in ${seconds(performance.now() - started)} s`);
    console.log(`${matching}/${tests.length}`);
    passed &&= matching === tests.length;
  }
  return passed;
}

/** The main LKMM figure: what decides a verdict and its states. */
const MAIN_FIELDS: readonly LkmmField[] = ['states', 'observation', 'flags'];

function lkmmConformance(): boolean {
  const started = performance.now();
  const log = lkmmHerdLog();
  const known = readKnownDifferences();
  const timeoutMs = Number(args['lkmm-timeout']) * 1000;
  const tests = lkmmCorpusTests().filter((t) => selected(t.test, t.file));

  const matches = new Map<LkmmField, number>(LKMM_FIELDS.map((field) => [field, 0]));
  let ran = 0;
  let mainMatches = 0;
  let mainWithKnown = 0;
  let orderSkipped = 0;
  const failures: string[] = [];
  const knownSeen: { difference: KnownDifference; comparison: FieldComparison }[] = [];
  const unexplainedFields = new Map<LkmmField, number>();
  const finished = tests.filter((t) => t.status === 'ok');
  for (const test of finished) {
    const comparison = compareLkmmWithHerd(test.path, log.get(test.test), { timeoutMs });
    if (comparison.kind === 'failed') {
      failures.push(`${test.file}: ${comparison.message}`);
      continue;
    }
    ran++;
    if (!comparison.fields.some((f) => f.field === 'order')) orderSkipped++;
    const problems: string[] = [];
    let mainExplained = true;
    for (const field of comparison.fields) {
      if (field.equal) {
        matches.set(field.field, matches.get(field.field)! + 1);
        continue;
      }
      const difference = knownDifferenceFor(known, test.file, field);
      if (difference) knownSeen.push({ difference, comparison: field });
      else {
        unexplainedFields.set(field.field, (unexplainedFields.get(field.field) ?? 0) + 1);
        problems.push(`${field.field}: ours ${field.ours}, herd7 ${field.herd}`);
        if (MAIN_FIELDS.includes(field.field)) mainExplained = false;
      }
    }
    const main = comparison.fields.filter((f) => MAIN_FIELDS.includes(f.field));
    if (main.every((f) => f.equal)) mainMatches++;
    else if (mainExplained) mainWithKnown++;
    if (problems.length > 0) failures.push(`${test.test} (${test.file}):\n  ${problems.join('\n  ')}`);
  }
  printFailures(failures);

  console.log(`\nlkmm conformance: ${finished.length} tests herd7 finished, run under the LKMM in ${seconds(performance.now() - started)} s`);
  console.log(`  states + observation + flags: ${mainMatches}/${finished.length} (${percent(mainMatches, finished.length)})` +
    (mainWithKnown > 0 ? `, ${mainWithKnown} more differ only as scripts/lkmm-known-differences.tsv explains` : ''));
  for (const field of LKMM_FIELDS) {
    const of = field === 'order' ? `${ran - orderSkipped} with equal state sets` : `${ran}`;
    console.log(`  ${field.padEnd(12)} ${matches.get(field)}/${of}${unexplainedFields.has(field) ? `  (${unexplainedFields.get(field)} unexplained)` : ''}`);
  }
  console.log(`  could not run: ${finished.length - ran}`);
  if (knownSeen.length > 0) {
    console.log(`\nknown differences (${knownSeen.length}, scripts/lkmm-known-differences.tsv):`);
    for (const { difference, comparison } of knownSeen) console.log(`  ${difference.file} ${comparison.field}: ours ${comparison.ours}, herd7 ${comparison.herd}: ${difference.reasoning}`);
  }
  const stale = known.filter((k) => tests.some((t) => t.file === k.file) && !knownSeen.some((s) => s.difference === k));
  if (stale.length > 0) console.log(`\nknown differences that no longer occur (remove them): ${stale.map((k) => `${k.file} ${k.field}`).join(', ')}`);

  // herd7 gave up on these after 10 s; how many we finish within --lkmm-timeout, and in what time.
  const gaveUp = tests.filter((t) => t.status === 'gave-up-10s');
  const times: { file: string; ms: number }[] = [];
  const gaveUpFailures: string[] = [];
  for (const test of gaveUp) {
    const comparison = compareLkmmWithHerd(test.path, undefined, { timeoutMs });
    if (comparison.kind === 'ran') times.push({ file: test.file, ms: comparison.elapsedMs });
    else if (!comparison.limit) gaveUpFailures.push(`${test.file}: ${comparison.message}`);
  }
  if (gaveUp.length > 0) {
    const sorted = [...times].sort((a, b) => a.ms - b.ms);
    const median = sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!.ms;
    console.log(`\ntests herd7 gave up on (10 s): we finish ${times.length}/${gaveUp.length} within ${args['lkmm-timeout']} s` +
      (times.length > 0 ? `, median ${seconds(median)} s, total ${seconds(times.reduce((sum, t) => sum + t.ms, 0))} s; slowest:` : ''));
    for (const { file, ms } of sorted.slice(-10).reverse()) console.log(`  ${file.padEnd(60)} ${seconds(ms)} s`);
    printFailures(gaveUpFailures);
  }

  // herd7 rejects these (unknown macros); we must too, with a position in the file.
  const rejected = tests.filter((t) => t.status === 'error');
  let positioned = 0;
  for (const test of rejected) {
    const comparison = compareLkmmWithHerd(test.path, undefined, { timeoutMs });
    const ok = comparison.kind === 'failed' && comparison.positioned && !comparison.limit;
    if (ok) positioned++;
    console.log(`  herd7 rejects ${test.file}: ${comparison.kind === 'failed' ? comparison.message : 'we ran it (expected a positioned error)'}`);
  }
  if (rejected.length > 0) console.log(`tests herd7 rejects: ${positioned}/${rejected.length} get a positioned error from us`);

  return mainMatches + mainWithKnown === finished.length && gaveUpFailures.length === 0 && positioned === rejected.length;
}

let passed = true;
if (args.corpus === 'ppc' || args.corpus === 'all') passed = ppcConformance() && passed;
if (args.corpus === 'mixed' || args.corpus === 'all') passed = mixedConformance() && passed;
if (args.corpus === 'lkmm' || args.corpus === 'all') passed = lkmmConformance() && passed;
process.exitCode = passed ? 0 : 1;
