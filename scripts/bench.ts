/**
 * Benchmark on the public corpus, in one process: total time and tests per
 * second per family (median of --repeat runs), the ten slowest tests, the
 * ratio to herd7's own recorded CPU time, and the lwarx/stwcx. increment loop;
 * then the LKMM corpus under the LKMM (once: it is the slow part), beside
 * herd7's times from lkmm.tsv, and under POWER. First, the CLI as users start
 * it, one process per run: its start-up on one small test (beside bare Node's
 * and herd7's), the 360-test campaign sample, and --jobs 2 against --jobs 1
 * on the whole campaign beside what the machine gives two processes at once.
 * Peak memory last.
 * Then the absperf lock tests under POWER and the LKMM. --lkmm-timeout (10 s,
 * the goal) limits each test of the LKMM corpus and each absperf test.
 * Usage: npm run bench [-- --repeat N] [--corpus ppc|lkmm|all] [--lkmm-timeout SECONDS]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { LitmusError } from '../src/diagnostics.ts';
import { runTest } from '../src/engine.ts';
import { parseForModel } from '../src/parse/litmus.ts';
import { parsePpcLitmus } from '../src/parse/ppc.ts';
import type { ModelName } from '../src/outcome/result.ts';
import { absperfPowerTimes, printAbsperfPowerTimes } from './absperf.ts';
import { campaignSample, CORPUS, type CorpusTest, corpusTests, lkmmCorpusTests } from './corpus.ts';
import { readTsv } from './herd-log.ts';
import { lkmmScaleFigures, printScaleFigures } from './lkmm-scale.ts';

const { values: args } = parseArgs({
  options: { repeat: { type: 'string', default: '3' }, corpus: { type: 'string', default: 'all' }, 'lkmm-timeout': { type: 'string', default: '10' } },
});
const repeat = Math.max(1, Number(args.repeat));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** herd7's total over a tsv column: `herd7_seconds` (wall, one process per test) or `herd7_cpu_time` (its own Time line). */
function herdTotal(tsv: string, column: 'herd7_seconds' | 'herd7_cpu_time'): number {
  return readTsv(join(CORPUS, tsv)).reduce((sum, get) => sum + Number(get(column)), 0);
}

function ppcBench(): void {
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
}

/**
 * The LKMM corpus in one process, each test once, under `model`: the LKMM
 * beside herd7's Time lines (CPU seconds, one process per test, lkmm.tsv),
 * or POWER (v6.13, power7: the kernel-C code compiled), where herd7 has no
 * times and the tests POWER refuses (RCU, SRCU, ...) are only counted.
 * herd7's total covers only the tests it finished, so the ratio is taken on
 * those; the tests it gave up on (10 s) and rejected are timed and counted apart.
 */
function lkmmCorpusBench(model: ModelName): void {
  const timeoutMs = Number(args['lkmm-timeout']) * 1000;
  const runs = lkmmCorpusTests().map((test) => {
    const text = readFileSync(test.path, 'utf8');
    const t0 = performance.now();
    let outcome: 'ran' | 'limit' | 'error' = 'ran';
    try {
      runTest(parseForModel(text, test.path, { model }), { timeoutMs });
    } catch (e) {
      if (!(e instanceof LitmusError)) throw e;
      outcome = e.kind === 'limit' ? 'limit' : 'error';
    }
    return { ...test, ms: performance.now() - t0, outcome };
  });
  const total = (xs: { ms: number }[]) => xs.reduce((sum, r) => sum + r.ms, 0) / 1000;
  const ran = runs.filter((r) => r.outcome !== 'error');
  const finishedByHerd = ran.filter((r) => r.status === 'ok');
  const gaveUp = ran.filter((r) => r.status === 'gave-up-10s');
  const gaveUpDone = gaveUp.filter((r) => r.outcome === 'ran');
  const failed = runs.filter((r) => r.outcome === 'error');
  console.log(`\nlkmm corpus under ${model === 'lkmm' ? 'the LKMM' : 'POWER (v6.13, power7)'}: ${runs.length} tests in ${total(runs).toFixed(1)} s (one process, each test once, --lkmm-timeout ${args['lkmm-timeout']} s)`);
  if (model === 'lkmm') {
    const herdTime = finishedByHerd.reduce((sum, r) => sum + r.herdSeconds!, 0);
    const ours = total(finishedByHerd);
    console.log(`  the ${finishedByHerd.length} tests herd7 finished: ours ${ours.toFixed(1)} s, herd7 ${herdTime.toFixed(1)} s CPU (${(herdTime / ours).toFixed(1)}× ours)`);
    console.log(`  rejected with an error: ${failed.length} (herd7: ${runs.filter((r) => r.status === 'error').length})`);
  } else {
    console.log(`  ${ran.length} run (${total(ran).toFixed(1)} s); ${failed.length} refused or rejected under POWER (RCU, SRCU and other primitives without POWER code here)`);
  }
  console.log(`  of the tests herd7 gave up on (10 s) under the LKMM, ${gaveUp.length} run here: we finish ${gaveUpDone.length}, in ${total(gaveUpDone).toFixed(1)} s` +
    (gaveUp.length > gaveUpDone.length ? `; ${gaveUp.length - gaveUpDone.length} hit our limit` : ''));
  console.log(`  over 1 s: ${ran.filter((r) => r.ms > 1000).length}; over 10 s: ${ran.filter((r) => r.ms > 10_000).length}` +
    (model === 'lkmm' ? ` (herd7: ${finishedByHerd.filter((r) => r.herdSeconds! > 1).length} over 1 s of those it finished, ${gaveUp.length} over 10 s)` : ''));
  console.log(`  ten slowest (ours${model === 'lkmm' ? ', herd7' : ''}):`);
  for (const r of [...ran].sort((a, b) => b.ms - a.ms).slice(0, 10)) {
    const herd = r.status === 'ok' ? `${r.herdSeconds!.toFixed(2)} s` : r.status === 'gave-up-10s' ? 'gave up at 10 s' : 'rejected';
    console.log(`    ${r.file.padEnd(64)} ${(r.ms / 1000).toFixed(2)} s${r.outcome === 'limit' ? ' (limit)' : ''}  herd7${model === 'lkmm' ? '' : ' (LKMM)'} ${herd}`);
  }
}

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'xics-litmus.cjs');

/** Wall time of one process of `args` (node's), in ms; its stdout when asked for. */
function timeProcess(args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; stdout: string } {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30, env });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (is dist/ built? npm run build): ${run.stderr}`);
  return { ms, stdout: run.stdout };
}

const list = (times: number[], unit: 'ms' | 's') => times.map((t) => (unit === 'ms' ? t.toFixed(0) : (t / 1000).toFixed(2))).join(', ');

/**
 * Start-up: `node bin/xics-litmus.cjs run` on one small test (the built CLI in
 * dist/, as users start it), median wall time of 7 runs, each its own process,
 * beside `node -e 0` on this machine (the floor) and herd7's 0.03 s. Node
 * reads the certificates NODE_EXTRA_CA_CERTS names at every start, before any
 * JavaScript runs (this machine's environment sets it, for its network proxy):
 * when it is set, both are timed again without it, as on a machine that does
 * not set it. The runs alternate, so a change in the machine's load hits all.
 */
function startupBench(): void {
  const test = 'litmus/classic/MP/MP+lwsync+addr.litmus';
  const { NODE_EXTRA_CA_CERTS: certificates, ...withoutCertificates } = process.env;
  const variants = [
    { args: [bin, 'run', test], env: process.env },
    { args: ['-e', '0'], env: process.env },
    ...(certificates === undefined ? [] : [
      { args: [bin, 'run', test], env: withoutCertificates },
      { args: ['-e', '0'], env: withoutCertificates },
    ]),
  ];
  const times = variants.map(() => [] as number[]);
  for (let round = 0; round < 7; round++) variants.forEach(({ args, env }, k) => times[k]!.push(timeProcess(args, env).ms));
  const line = (k: number) => `node bin/xics-litmus.cjs run ${test}, median ${median(times[k]!).toFixed(0)} ms of 7 (${list(times[k]!, 'ms')}); ` +
    `bare node -e 0 ${median(times[k + 1]!).toFixed(0)} ms (${list(times[k + 1]!, 'ms')}); herd7 30 ms`;
  console.log(`startup: ${line(0)}`);
  if (certificates !== undefined) console.log(`startup without NODE_EXTRA_CA_CERTS (set here to ${certificates}): ${line(2)}`);
}

/** The CLI runs the 360 tests of the campaign sample in one process, start-up included, against herd7's CPU time for them. */
function campaignSampleBench(): void {
  const { files, herdCpu } = campaignSample();
  const args = [bin, 'run', '--format', 'herd', ...files];
  const times = Array.from({ length: Math.max(5, repeat) }, () => timeProcess(args).ms);
  const m = median(times);
  console.log(`campaign sample: ${files.length} tests, one CLI process each run, median ${(m / 1000).toFixed(2)} s of ${times.length} (${list(times, 's')}); ` +
    `herd7 ${herdCpu.toFixed(1)} s CPU: ${(herdCpu * 1000 / m).toFixed(1)}×`);
}

/**
 * What the machine gives two busy threads: a pure CPU loop run alone, then
 * as two processes at once, in alternating pairs. On a shared machine (or two
 * hyperthreads of one core) two at once may take longer each, and no
 * --jobs ratio can beat that.
 */
function machineParallelism(): string {
  const loop = 'let x = 0; for (let i = 0; i < 4e8; i++) x += i & 1; if (x < 0) console.log(x);';
  const node = JSON.stringify(process.execPath);
  const twoAtOnce = `${node} -e '${loop}' & ${node} -e '${loop}' & wait`;
  const alone: number[] = [], together: number[] = [];
  for (let pair = 0; pair < 3; pair++) {
    alone.push(timeProcess(['-e', loop]).ms);
    const t0 = performance.now();
    spawnSync('/bin/sh', ['-c', twoAtOnce], { stdio: 'ignore' });
    together.push(performance.now() - t0);
  }
  const capacity = median(alone.map((ms, k) => (2 * ms) / together[k]!));
  return `machine: two CPU-bound processes at once do ${capacity.toFixed(2)}× the work of one (median of 3 pairs, alone/both: ${alone.map((ms, k) => `${ms.toFixed(0)}/${together[k]!.toFixed(0)} ms`).join(', ')})`;
}

/**
 * --jobs 2 against --jobs 1 on the whole public campaign (the CLI, --format
 * herd), in alternating pairs so that a change in the machine's load hits
 * both; the outputs must be byte-identical.
 */
function jobsBench(): void {
  console.log(machineParallelism());
  const args = (jobs: number) => [bin, 'run', '--jobs', String(jobs), '--format', 'herd', join(CORPUS, 'ppc', 'campaign')];
  const ratios: number[] = [];
  const pairs: string[] = [];
  for (let pair = 0; pair < repeat; pair++) {
    const one = timeProcess(args(1));
    const two = timeProcess(args(2));
    if (one.stdout !== two.stdout) throw new Error('--jobs 2 printed something else than --jobs 1');
    ratios.push(one.ms / two.ms);
    pairs.push(`${(one.ms / 1000).toFixed(2)}/${(two.ms / 1000).toFixed(2)} s`);
  }
  console.log(`--jobs 2 on the campaign (${availableParallelism()} CPUs): speed-up over --jobs 1 median ${median(ratios).toFixed(2)}× of ${repeat} pairs (--jobs 1/--jobs 2: ${pairs.join(', ')}), output identical\n`);
}

startupBench();
if (args.corpus !== 'lkmm') {
  campaignSampleBench();
  jobsBench();
  ppcBench();
  printAbsperfPowerTimes(absperfPowerTimes(repeat, Number(args['lkmm-timeout']) * 1000));
}
if (args.corpus !== 'ppc') {
  lkmmCorpusBench('lkmm');
  lkmmCorpusBench('power');
  printScaleFigures(lkmmScaleFigures(Number(args['lkmm-timeout']) * 1000, (file) => file.includes('/absperf/')));
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
