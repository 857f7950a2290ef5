/**
 * Long fuzzing run of the whole pipeline (parse + engine under small limits)
 * on mutated and generated litmus files: the property of test/fuzz, with a
 * budget too large for `npm test`. Every failing input is counted; the first
 * is printed as found and, after a second pass that lets fast-check shrink
 * it, as a minimal counterexample.
 * Usage: npm run fuzz [-- --runs N] [--seed S]
 */
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { litmusInputs, loadSeeds } from '../test/fuzz/inputs.ts';
import { checkPipeline, fuzzLimits } from '../test/fuzz/pipeline.ts';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '100000' }, seed: { type: 'string', default: String(Date.now() % 2 ** 31) } },
});
const runs = Number(args.runs);
const seed = Number(args.seed);
if (!Number.isSafeInteger(runs) || runs < 1 || !Number.isSafeInteger(seed)) {
  console.error('usage: npm run fuzz [-- --runs N] [--seed S]   (N >= 1, S an integer)');
  process.exit(64);
}

const seeds = loadSeeds();
const inputs = litmusInputs(seeds);
console.log(
  `fuzzing parse + engine (at most ${fuzzLimits.maxExecutions} executions, ${fuzzLimits.timeoutMs! / 1000} s per input) ` +
    `on ${runs} inputs from ${seeds.length} seed files, seed ${seed}`,
);

const started = performance.now();
let tried = 0;
let rejected = 0;
const failures: { input: string; error: unknown }[] = [];
fc.check(
  fc.property(inputs, (text) => {
    try {
      if (checkPipeline(text) !== null) rejected++;
    } catch (error) {
      failures.push({ input: text, error });
    }
    if (++tried % 10_000 === 0) console.log(`  ${tried} inputs, ${failures.length} failures, ${seconds()} s`);
    return true;
  }),
  { numRuns: runs, seed },
);

console.log(
  `${tried} inputs tried in ${seconds()} s: ${failures.length} failures ` +
    `(${rejected} rejected with a positioned diagnostic, ${tried - rejected - failures.length} ran to a verdict)`,
);

if (failures.length > 0) {
  const [first] = failures;
  console.log(`\nfirst failure: ${describe(first!.error)}\n--- input ---\n${first!.input}\n-------------`);
  const shrunk = fc.check(fc.property(inputs, (text) => void checkPipeline(text)), { numRuns: runs, seed });
  if (shrunk.failed) {
    console.log(`\nminimal counterexample (after ${shrunk.numShrinks} shrinks): ${describe(shrunk.errorInstance)}\n--- input ---\n${shrunk.counterexample![0]}\n-------------`);
  }
  process.exitCode = 1;
}

function seconds(): string {
  return ((performance.now() - started) / 1000).toFixed(1);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
