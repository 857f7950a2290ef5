/**
 * Conformance with herd7 on the public corpus: for every test, the Test line,
 * the Observation word and counts, the Ok/No line, the witness counts, the
 * Condition line, the Hash line and the exact list of final states must equal
 * herd7's log.
 * Usage: npm run conformance [-- --filter TEXT] [--max-report N]
 */
import { parseArgs } from 'node:util';
import { compareWithHerd, corpusWithHerdLogs } from './herd-compare.ts';

const { values: args } = parseArgs({
  options: { filter: { type: 'string' }, 'max-report': { type: 'string', default: '20' } },
});

const maxReport = Number(args['max-report']);
const started = performance.now();
let passed = 0;
let checked = 0;
const failures: string[] = [];
for (const { test, expected } of corpusWithHerdLogs()) {
  if (args.filter && !test.name.includes(args.filter)) continue;
  checked++;
  const problems = expected ? compareWithHerd(test.path, expected) : ['no herd7 log entry'];
  if (problems.length === 0) passed++;
  else failures.push(`${test.name} (${test.path}):\n  ${problems.join('\n  ')}`);
}

const seconds = (performance.now() - started) / 1000;
for (const f of failures.slice(0, maxReport)) console.log(f);
if (failures.length > maxReport) console.log(`... and ${failures.length - maxReport} more mismatches`);
console.log(`conformance: ${checked} tests in ${seconds.toFixed(1)} s`);
console.log(`${passed}/${checked}`);
process.exitCode = passed === checked ? 0 : 1;
