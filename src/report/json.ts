/**
 * Machine-readable report: the same facts as the text report, as plain JSON
 * values, so scripts never have to grep herd-style text.
 */
import type { Value } from '../ir/program.ts';
import type { ModelName, TestResult } from '../outcome/result.ts';
import { statedFor, statedText } from './judge.ts';
import { printCondition, printLocation, printProp } from './syntax.ts';

export interface JsonState {
  /**
   * Location text (as in `observed`) → value; an address prints as the
   * location's name, and an integer beyond ±2^53 (a doubleword) as a string
   * of its decimal digits, since JSON numbers are doubles.
   */
  values: Record<string, number | string>;
  satisfies: boolean;
}

/** The counts and verdicts are TestResult's own; the rest is printed as text. */
export interface JsonTestResult extends Pick<TestResult, 'model' | 'flags' | 'positive' | 'negative' | 'observation' | 'conditionHolds' | 'loopBoundHit' | 'unroll'> {
  name: string;
  file: string;
  /** The condition as written, e.g. `exists (1:r1=1 /\ 1:r4=0)`. */
  condition: string;
  /** The proposition the observation refers to, whatever the quantifier. */
  outcome: string;
  observed: string[];
  states: JsonState[];
  /** The result the test states for this model, as written (`Never`, `Sometimes DATARACE`, `Maybe`, `DEADLOCK`), if any. */
  expected: string | null;
  /** Only with `--time`, so default output stays byte-for-byte reproducible. */
  elapsedMs?: number;
}

const jsonValue = (value: Value): number | string => (typeof value === 'bigint' ? value.toString() : value);

/** `defaultModel`: the test's, which its `Result:` line is for (absent: the model the result is under). */
export function testResultToJson(result: TestResult, options: { includeTiming: boolean; defaultModel?: ModelName | null }): JsonTestResult {
  const stated = statedFor(result.test.expected, result.model, options.defaultModel ?? null);
  const observed = result.observed.map((loc) => printLocation(loc));
  const json: JsonTestResult = {
    name: result.test.name,
    file: result.test.file,
    model: result.model,
    condition: printCondition(result.test.condition),
    outcome: printProp(result.test.condition.prop),
    observed,
    states: result.states.map((state) => ({
      values: Object.fromEntries(observed.map((loc, i) => [loc, jsonValue(state.values[i]!)])),
      satisfies: state.satisfies,
    })),
    flags: result.flags,
    positive: result.positive,
    negative: result.negative,
    observation: result.observation,
    conditionHolds: result.conditionHolds,
    loopBoundHit: result.loopBoundHit,
    unroll: result.unroll,
    expected: stated === null ? null : statedText(stated),
  };
  if (options.includeTiming) json.elapsedMs = result.stats.elapsedMs;
  return json;
}

/** Stable, diff-friendly serialisation shared by every JSON document the CLI prints. */
export function stringifyJson(document: unknown): string {
  return JSON.stringify(document, null, 2) + '\n';
}
