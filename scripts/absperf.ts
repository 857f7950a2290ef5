/**
 * Paul McKenney's lock-scaling tests (../shared/corpus/lkmm/tests/manual/absperf/)
 * under POWER (ppc.cat over the code kernel v6.13 compiles for power7): each
 * test's time in this process (the median of `repeat` runs), its candidate
 * count and its observation, or the limit it hit.
 * Alone: node --import tsx scripts/absperf.ts [--repeat N] [--timeout SECONDS]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LitmusError } from '../src/diagnostics.ts';
import { runTest } from '../src/engine.ts';
import { parseForModel } from '../src/parse/litmus.ts';
import { LKMM_CORPUS } from './corpus.ts';

export const ABSPERF = join(LKMM_CORPUS, 'tests', 'manual', 'absperf');

export interface AbsperfTime {
  file: string;
  /** Median milliseconds, or the time until the limit. */
  ms: number;
  candidates: number;
  /** The observation, or 'limit' when the test hit the time limit. */
  observation: string;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Times every absperf test under POWER (v6.13, power7). */
export function absperfPowerTimes(repeat = 3, timeoutMs = 30_000): AbsperfTime[] {
  return readdirSync(ABSPERF).filter((f) => f.endsWith('.litmus')).sort().map((file) => {
    const path = join(ABSPERF, file);
    const test = parseForModel(readFileSync(path, 'utf8'), path, { model: 'power', kernel: 'v6.13', cpu: 'power7' });
    const times: number[] = [];
    let candidates = 0, observation = 'limit';
    for (let i = 0; i < repeat; i++) {
      const t0 = performance.now();
      try {
        const result = runTest(test, { timeoutMs });
        candidates = result.stats.candidates;
        observation = `${result.observation} ${result.positive} ${result.negative}`;
      } catch (e) {
        if (!(e instanceof LitmusError) || e.kind !== 'limit') throw e;
        return { file, ms: performance.now() - t0, candidates: 0, observation: 'limit' };
      }
      times.push(performance.now() - t0);
    }
    return { file, ms: median(times), candidates, observation };
  });
}

export function printAbsperfPowerTimes(times: AbsperfTime[]): void {
  console.log('absperf under POWER (v6.13, power7), median ms:');
  for (const t of times) {
    console.log(`  ${t.file.padEnd(58)} ${t.ms.toFixed(0).padStart(7)} ms  ${t.observation}${t.candidates ? ` (${t.candidates} candidates)` : ''}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { repeat: { type: 'string', default: '3' }, timeout: { type: 'string', default: '30' } } });
  printAbsperfPowerTimes(absperfPowerTimes(Number(values.repeat), Number(values.timeout) * 1000));
}
