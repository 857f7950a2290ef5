/**
 * Judging a result against what its test states, the way the Linux kernel's
 * tools/memory-model/scripts/judgelitmus.sh judges herd7's output against a
 * `Result:` comment; shared by check (the gate) and the text report (which
 * notes a mismatch).
 */
import { statedResultList, type StatedResult, type StatedResults } from '../ir/program.ts';
import type { ModelName, TestResult } from '../outcome/result.ts';

/** How prose names a model. */
export const MODEL_TITLE: Record<ModelName, string> = { power: 'POWER', lkmm: 'the LKMM' };

/** A stated result as the test writes it: the word, then DATARACE if predicted. */
export function statedText(stated: StatedResult): string {
  return `${stated.word ?? stated.result}${stated.dataRace ? ' DATARACE' : ''}`;
}

/**
 * What a run gave, in the notation of a Result comment: DEADLOCK when no
 * execution exists, else the Observation, then DATARACE when herd would flag one.
 */
export function observedText(result: Pick<TestResult, 'observation' | 'positive' | 'negative' | 'flags'>): string {
  const word = result.positive + result.negative === 0 ? 'DEADLOCK' : result.observation;
  return result.flags.includes('data-race') ? `${word} DATARACE` : word;
}

/** Which comment a stated result is, for messages. */
export function commentName(stated: StatedResult): string {
  return stated.model === undefined ? 'Result comment' : `Result-${stated.model} comment`;
}

/**
 * The result a test states for `model`: its `Result-MODEL:` line, else its
 * `Result:` line when `model` is the test's default (null: unknown, taken to
 * be the one the test ran under).
 */
export function statedFor(expected: StatedResults | null, model: ModelName, defaultModel: ModelName | null): StatedResult | null {
  const lines = statedResultList(expected);
  return lines.find((line) => line.model === model)
    ?? (defaultModel === null || defaultModel === model ? lines.find((line) => line.model === undefined) : undefined)
    ?? null;
}

/**
 * Judges a result against what the test states, as the kernel's
 * tools/memory-model/scripts/judgelitmus.sh does, in its order:
 * - DATARACE on the Result line and herd's `Flag data-race` must go together
 *   (under POWER only the second half: hardware models have no data races);
 * - DEADLOCK passes exactly when no execution exists (herd's `Never 0 0`), and
 *   no execution at all fails any other word;
 * - `Maybe` passes; otherwise the word must be the Observation;
 * - a wrong word is forgiven when the predicted data race is there: racy code
 *   has no defined outcome.
 */
export function judgeStated(stated: StatedResult, result: TestResult): { status: 'ok' | 'forgiven' | 'mismatch'; reason: string | null } {
  const raced = result.flags.includes('data-race');
  const where = `under ${MODEL_TITLE[result.model]} (${commentName(stated)})`;
  const executions = result.positive + result.negative;
  const reach = `${result.positive} of ${executions} executions reach the outcome`;
  const mismatch = (reason: string) => ({ status: 'mismatch' as const, reason });
  if (stated.dataRace && !raced && result.model === 'lkmm') return mismatch(`expected a data race ${where}, but no execution has one (no Flag data-race)`);
  if (!stated.dataRace && raced) return mismatch(`a data race ${where} that the comment does not predict (Flag data-race; write ${statedText({ ...stated, dataRace: true })})`);
  if (stated.word === 'DEADLOCK') {
    return executions === 0 ? { status: 'ok', reason: null } : mismatch(`expected DEADLOCK ${where} (no execution at all), got ${result.observation}: ${reach}`);
  }
  if (executions === 0) return mismatch(`expected ${statedText(stated)} ${where}, but no execution completes at all (DEADLOCK)`);
  if (stated.result === null || stated.result === result.observation) return { status: 'ok', reason: null };
  const differs = `expected ${statedText(stated)} ${where}, got ${result.observation}: ${reach}`;
  if (raced) return { status: 'forgiven', reason: `${differs}; forgiven, as the predicted data race leaves the outcome undefined` };
  return mismatch(differs);
}
