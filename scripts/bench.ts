/**
 * Benchmark on the public corpus, in one process: total time and tests per
 * second per family (median of --repeat runs), the ten slowest tests, the
 * ratio to herd7's own recorded CPU time, and the lwarx/stwcx. increment loop.
 * Usage: npm run bench [-- --repeat N]
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runTest } from '../src/engine.ts';
import { parsePpcLitmus } from '../src/parse/ppc.ts';
import { CORPUS, type CorpusTest, corpusTests } from './corpus.ts';

const { values: args } = parseArgs({ options: { repeat: { type: 'string', default: '3' } } });
const repeat = Math.max(1, Number(args.repeat));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** herd7's total over a tsv column: `herd7_seconds` (wall, one process per test) or `herd7_cpu_time` (its own Time line). */
function herdTotal(tsv: string, column: 'herd7_seconds' | 'herd7_cpu_time'): number {
  const [header, ...rows] = readFileSync(join(CORPUS, tsv), 'utf8').trimEnd().split('\n');
  const col = header!.split('\t').indexOf(column);
  return rows.reduce((sum, r) => sum + Number(r.split('\t')[col]), 0);
}

const tests = corpusTests().map((t) => ({ ...t, text: readFileSync(t.path, 'utf8') }));
const perTest = new Map<string, number[]>();
const runAll = (subset: (CorpusTest & { text: string })[]): number => {
  const start = performance.now();
  for (const t of subset) {
    const t0 = performance.now();
    runTest(parsePpcLitmus(t.text, t.path));
    const ms = performance.now() - t0;
    perTest.set(t.path, [...(perTest.get(t.path) ?? []), ms]);
  }
  return (performance.now() - start) / 1000;
};

for (const family of ['campaign', 'illustrative'] as const) {
  const subset = tests.filter((t) => t.family === family);
  const times = Array.from({ length: repeat }, () => runAll(subset));
  const m = median(times);
  const tsv = family === 'campaign' ? 'ppc-campaign.tsv' : 'ppc-illustrative.tsv';
  const [wall, cpu] = [herdTotal(tsv, 'herd7_seconds'), herdTotal(tsv, 'herd7_cpu_time')];
  console.log(`${family}: ${subset.length} tests, median ${m.toFixed(2)} s over ${repeat} runs (${times.map((t) => t.toFixed(2)).join(', ')}), ` +
    `${(subset.length / m).toFixed(0)} tests/s; herd7 ${wall.toFixed(1)} s wall (${(wall / m).toFixed(1)}×), ${cpu.toFixed(1)} s CPU (${(cpu / m).toFixed(1)}×)`);
}

const byFamily = new Map<string, number>();
for (const t of tests) {
  const family = t.name.replace(/[0-9]+$/, '').split('+')[0]!;
  byFamily.set(family, (byFamily.get(family) ?? 0) + median(perTest.get(t.path)!));
}
console.log('\nper name family (median ms, top 10):');
for (const [f, ms] of [...byFamily].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${f.padEnd(24)} ${ms.toFixed(0)} ms`);

console.log('\nten slowest tests (median ms):');
const slowest = [...perTest].map(([path, ms]) => [relative(CORPUS, path), median(ms)] as const).sort((a, b) => b[1] - a[1]).slice(0, 10);
for (const [path, ms] of slowest) console.log(`  ${path.padEnd(40)} ${ms.toFixed(1)} ms`);

const loopFile = resolve(import.meta.dirname, '..', 'litmus', 'rmw', 'ATOM-INC.litmus');
const loopTest = parsePpcLitmus(readFileSync(loopFile, 'utf8'), loopFile);
const loopTimes = Array.from({ length: Math.max(5, repeat) }, () => { const t0 = performance.now(); runTest(loopTest); return performance.now() - t0; });
console.log(`\nlwarx/stwcx. increment loop (litmus/rmw/ATOM-INC.litmus): median ${median(loopTimes).toFixed(1)} ms (herd7 -unroll 2: 2160 ms)`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
