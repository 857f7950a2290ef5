/**
 * Runs the 360-test campaign sample (corpus.ts) in this process, from the
 * sources, --repeat times (default 2), and prints each run's time. Under
 * valgrind it gives a count of instructions that does not depend on the
 * machine's load, for comparing two commits (README, "Mixed-size accesses"):
 *   valgrind --tool=callgrind --callgrind-out-file=/dev/null \
 *     node --single-threaded --import tsx scripts/sample-run.ts
 * (--single-threaded keeps V8's compiler on this thread, so the count repeats.)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runTest } from '../src/engine.ts';
import { parsePpcLitmus } from '../src/parse/ppc.ts';
import { campaignSample } from './corpus.ts';

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '2' } } });
const tests = campaignSample().files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
for (let run = 0; run < Number(values.repeat); run++) {
  const t0 = performance.now();
  for (const { file, text } of tests) runTest(parsePpcLitmus(text, file));
  console.log(`run ${run + 1}: ${tests.length} tests in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
}
