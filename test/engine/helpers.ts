/** Small helpers for engine tests: run a PPC litmus text, list states, find failing axioms. */
import { exploreExecutions, type RunOptions, runTest } from '../../src/engine.ts';
import type { LitmusTest } from '../../src/ir/program.ts';
import type { Axiom } from '../../src/model/ppc.ts';
import { finalValue } from '../../src/outcome/collect.ts';
import { holds } from '../../src/outcome/condition.ts';
import type { TestResult } from '../../src/outcome/result.ts';
import { parsePpcLitmus } from '../../src/parse/ppc.ts';
import { herdStateLine } from '../../src/report/herd.ts';

export function parse(text: string): LitmusTest {
  return parsePpcLitmus(text, 'inline.litmus');
}

export function run(text: string, options: RunOptions = {}): TestResult {
  return runTest(parse(text), options);
}

/** The reachable final states as herd prints them, e.g. `1:r1=1; [x]=2;`. */
export function states(result: TestResult): string[] {
  return result.states.map((s) => herdStateLine(result.observed, s.values));
}

/**
 * For every candidate execution whose final state satisfies the test's
 * proposition, the first ppc.cat axiom it violates (null when consistent).
 */
export function verdictsOfOutcome(text: string): (Axiom | null)[] {
  const test = parse(text);
  const verdicts: (Axiom | null)[] = [];
  exploreExecutions(test, { includeInconsistent: true }, ({ candidate, values, verdict }) => {
    const satisfied = holds(test.condition.prop, (loc) => finalValue(candidate, values, loc));
    if (satisfied) verdicts.push(verdict.violated);
  });
  return verdicts;
}
