/**
 * Helpers for the LKMM model tests: run an inline kernel-C litmus text under
 * the Linux-kernel memory model and say, for the candidate executions that
 * reach the test's outcome, which axiom of linux-kernel.cat / lock.cat
 * rejects each one (the first broken in LKMM_AXIOMS order, as herd checks
 * them) or that it is allowed.
 */
import { exploreLkmmExecutions, runTest } from '../../src/engine.ts';
import type { LkmmTest } from '../../src/ir/c-program.ts';
import type { LkmmAxiom } from '../../src/model/lkmm.ts';
import { finalValue } from '../../src/outcome/collect.ts';
import { holds } from '../../src/outcome/condition.ts';
import type { Observation, TestResult } from '../../src/outcome/result.ts';
import { parseForModel } from '../../src/parse/litmus.ts';
import { herdStateLine } from '../../src/report/herd.ts';

export function lkmm(text: string): LkmmTest {
  return parseForModel(text, 'inline.litmus', { model: 'lkmm' }) as LkmmTest;
}

export function run(text: string): TestResult {
  return runTest(lkmm(text));
}

/** The reachable final states as herd prints them, e.g. `0:r0=0; 1:r0=1;`. */
export function states(result: TestResult): string[] {
  return result.states.map((s) => herdStateLine(result.observed, s.values));
}

/**
 * For the candidate executions whose final state satisfies the test's
 * proposition: how many each axiom rejects first, and how many are allowed
 * (`allowed`). Empty when no candidate reaches the outcome at all.
 */
export function rejections(text: string): Partial<Record<LkmmAxiom | 'allowed', number>> {
  const test = lkmm(text);
  const counts: Partial<Record<LkmmAxiom | 'allowed', number>> = {};
  exploreLkmmExecutions(test, { includeInconsistent: true }, ({ candidate, values, verdict }) => {
    if (!holds(test.condition.prop, (loc) => finalValue(candidate, values, loc))) return;
    const key = verdict.violated ?? 'allowed';
    counts[key] = (counts[key] ?? 0) + 1;
  });
  return counts;
}

/** The first axioms that reject the outcome's candidates, without counts, sorted. */
export function rejectedBy(text: string): string[] {
  return Object.keys(rejections(text)).sort();
}

export interface Judgement {
  observation: Observation;
  positive: number;
  negative: number;
  states: string[];
  flags: string[];
  /** rejections(text): the outcome's candidates by first broken axiom. */
  outcome: Partial<Record<LkmmAxiom | 'allowed', number>>;
}

export function judge(text: string): Judgement {
  const result = run(text);
  return {
    observation: result.observation,
    positive: result.positive,
    negative: result.negative,
    states: states(result),
    flags: result.flags,
    outcome: rejections(text),
  };
}

/**
 * A kernel-C litmus text: `C name`, the init block (default empty), the
 * threads as written, then the condition.
 */
export function litmus(name: string, body: string, init = ''): string {
  return `C ${name}\n\n{\n${init}\n}\n\n${body.trim()}\n`;
}

/**
 * An outcome's rejections without the coherence entry: when an RMW or a lock
 * touches a location the condition does not mention, the candidates where its
 * read sees its own (po-later) write, or a po-later unlock, reach the outcome
 * too and are rejected by coherence (cat:58) whatever the test is about.
 */
export function beyondCoherence(outcome: Judgement['outcome']): Judgement['outcome'] {
  const { coherence: _, ...rest } = outcome;
  return rest;
}
