/**
 * The LKMM's scaling figures: the tests of ../shared/corpus/lkmm that herd7
 * gave up on (10 s) and the absperf lock-scaling tests, each run once under
 * the LKMM in this process with a time limit. bench.ts can call
 * lkmmScaleFigures(); run alone it prints them:
 *   node --import tsx scripts/lkmm-scale.ts [--timeout SECONDS] [--filter TEXT] [--json FILE]
 * --json writes each test's result (counts, states, flags) as well, to compare
 * two versions of the engine on tests herd7 has no log for.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LitmusError } from '../src/diagnostics.ts';
import { runTest } from '../src/engine.ts';
import { parseForModel } from '../src/parse/litmus.ts';
import { lkmmCorpusTests } from './corpus.ts';

export interface ScaleRun {
  file: string;
  /** herd7's Time line in seconds, null when it gave up. */
  herdSeconds: number | null;
  ms: number;
  /** CPU time of this process meanwhile: on a shared machine, the wall time is as much the machine's load as ours. */
  cpuMs: number;
  /** 'limit' when our time limit cut it. */
  outcome: 'ran' | 'limit';
  /** What the run found, for comparing engines; absent when cut. */
  result?: { positive: number; negative: number; states: number; candidates: number; flags: string[]; observation: string };
}

export interface ScaleFigures {
  timeoutMs: number;
  gaveUp: ScaleRun[];
  absperf: ScaleRun[];
}

function timeTest(path: string, file: string, herdSeconds: number | null, timeoutMs: number): ScaleRun {
  const test = parseForModel(readFileSync(path, 'utf8'), path, { model: 'lkmm' });
  const t0 = performance.now(), cpu0 = process.cpuUsage();
  const cpuMs = () => {
    const { user, system } = process.cpuUsage(cpu0);
    return (user + system) / 1000;
  };
  try {
    const r = runTest(test, { timeoutMs });
    const ms = performance.now() - t0;
    return {
      file, herdSeconds, ms, cpuMs: cpuMs(), outcome: 'ran',
      result: { positive: r.positive, negative: r.negative, states: r.states.length, candidates: r.stats.candidates, flags: r.flags, observation: r.observation },
    };
  } catch (e) {
    if (!(e instanceof LitmusError) || e.kind !== 'limit') throw e;
    return { file, herdSeconds, ms: performance.now() - t0, cpuMs: cpuMs(), outcome: 'limit' };
  }
}

/** Runs the gave-up tests and the absperf tests (those herd7 finished too) under the LKMM. */
export function lkmmScaleFigures(timeoutMs = 10_000, selected: (file: string) => boolean = () => true): ScaleFigures {
  const tests = lkmmCorpusTests().filter((t) => t.status !== 'error' && selected(t.file));
  const gaveUp = tests.filter((t) => t.status === 'gave-up-10s' && !t.file.includes('/absperf/')).map((t) => timeTest(t.path, t.file, null, timeoutMs));
  const absperf = tests.filter((t) => t.file.includes('/absperf/')).map((t) => timeTest(t.path, t.file, t.herdSeconds, timeoutMs));
  return { timeoutMs, gaveUp, absperf };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function printScaleFigures(figures: ScaleFigures): void {
  const { gaveUp, absperf, timeoutMs } = figures;
  const all = [...gaveUp, ...absperf.filter((r) => r.herdSeconds === null)];
  const finished = all.filter((r) => r.outcome === 'ran' && r.ms <= 10_000);
  const total = all.reduce((sum, r) => sum + r.ms, 0);
  const finishedCpu = all.filter((r) => r.outcome === 'ran' && r.cpuMs <= 10_000);
  console.log(`lkmm scale: ${all.length} tests herd7 gave up on at 10 s; ${finished.length} finish within 10 s here, ${finishedCpu.length} within 10 s of CPU ` +
    `(limit ${timeoutMs / 1000} s; total ${seconds(total)}${all.some((r) => r.outcome === 'limit') ? ', cut ones counted at the limit' : ''})`);
  console.log('  ten slowest:');
  for (const r of [...all].sort((a, b) => b.ms - a.ms).slice(0, 10)) {
    console.log(`    ${r.file.padEnd(70)} ${seconds(r.ms)} (CPU ${seconds(r.cpuMs)})${r.outcome === 'limit' ? ' (limit)' : ''}${r.result ? `  ${r.result.positive + r.result.negative} executions` : ''}`);
  }
  console.log('  absperf (ours, herd7):');
  for (const r of absperf) {
    const herd = r.herdSeconds === null ? 'gave up at 10 s' : `${r.herdSeconds.toFixed(2)} s`;
    console.log(`    ${r.file.replace('manual/absperf/', '').padEnd(60)} ${seconds(r.ms)} (CPU ${seconds(r.cpuMs)})${r.outcome === 'limit' ? ' (limit)' : ''}  herd7 ${herd}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: args } = parseArgs({ options: { timeout: { type: 'string', default: '10' }, filter: { type: 'string' }, json: { type: 'string' } } });
  const filter = args.filter;
  const figures = lkmmScaleFigures(Number(args.timeout) * 1000, (file) => filter === undefined || file.includes(filter));
  printScaleFigures(figures);
  if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(figures, null, 1)}\n`);
}
