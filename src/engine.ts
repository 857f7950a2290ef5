/**
 * The engine: program IR in, TestResult out. It wires the pipeline stages:
 * per-thread paths → event structures → candidate search (pruned by the
 * model) → values → model → outcomes.
 */
import { LitmusError } from './diagnostics.ts';
import { ValueError } from './events/expr.ts';
import { threadPaths } from './events/paths.ts';
import { eventStructures } from './events/structure.ts';
import type { LitmusTest } from './ir/program.ts';
import { checkCandidate } from './model/ppc.ts';
import { OutcomeCollector } from './outcome/collect.ts';
import type { Observation, TestResult } from './outcome/result.ts';
import { searchCandidates } from './search/candidates.ts';
import { solveValues } from './search/values.ts';

export interface RunOptions {
  /** Times a backward branch may be taken; default: the test's `Unroll=` metadata, else 2 like herd7. */
  unroll?: number;
}

export const DEFAULT_UNROLL = 2;

export function unrollBound(test: LitmusTest, options: RunOptions): number {
  if (options.unroll !== undefined) return options.unroll;
  for (const [key, value] of test.metadata) {
    if (key.toLowerCase() === 'unroll' && /^\d+$/.test(value.trim())) return Number(value.trim());
  }
  return DEFAULT_UNROLL;
}

export function runTest(test: LitmusTest, options: RunOptions = {}): TestResult {
  const started = performance.now();
  const unroll = unrollBound(test, options);
  const threads = test.threads.map((_, t) => threadPaths(test, t, unroll));
  const outcomes = new OutcomeCollector(test);
  let candidates = 0;
  let loopBoundHit = false;
  try {
    for (const structure of eventStructures(test, threads)) {
      searchCandidates(structure, {
        prune: (c) => checkCandidate(c).violated === null,
        complete: (c) => {
          candidates++;
          const values = solveValues(test, c);
          if (!values || checkCandidate(c).violated !== null) return;
          if (structure.cutOff) loopBoundHit = true;
          else outcomes.add(c, values);
        },
      });
    }
  } catch (e) {
    if (e instanceof ValueError) {
      throw new LitmusError('unsupported', e.message, test.file, test.condition.pos.line, test.condition.pos.col);
    }
    throw e;
  }
  const { positive, negative } = outcomes;
  const observation: Observation = positive === 0 ? 'Never' : negative === 0 ? 'Always' : 'Sometimes';
  const q = test.condition.quantifier;
  const conditionHolds = q === 'exists' ? positive > 0 : q === 'not-exists' ? positive === 0 : negative === 0;
  return {
    test,
    observed: outcomes.observed,
    states: outcomes.sortedStates(),
    positive,
    negative,
    observation,
    conditionHolds,
    loopBoundHit,
    unroll,
    stats: { candidates, executions: positive + negative, elapsedMs: performance.now() - started },
  };
}
