/**
 * herd7's log layout, line for line, so herd tooling (mcompare7, grep on
 * `Observation`) and plain diffs work on our output. herd prints a `Time` line
 * between Observation and Hash; we leave it out because it is machine-dependent.
 * The `Hash=` line is herd's digest of the test (src/parse/herd-hash.ts), which
 * mcompare7 uses to match tests across logs; it is printed when the test has
 * one. Under the LKMM herd adds a `Flag NAME` line per flag raised (e.g.
 * `Flag data-race`) before `Condition`.
 */
import type { Location, Quantifier, Value } from '../ir/program.ts';
import type { TestResult } from '../outcome/result.ts';
import { printCondition, statePrinter } from './syntax.ts';

const KIND: Record<Quantifier, string> = { exists: 'Allowed', 'not-exists': 'Forbidden', forall: 'Required' };

/** One state line: `1:r1=0; [x]=1;` */
export function herdStateLine(observed: Location[], values: Value[]): string {
  return statePrinter(observed, 'herd')(values);
}

export function formatHerdLog(result: TestResult): string {
  const { test } = result;
  const q = test.condition.quantifier;
  const stateLine = statePrinter(result.observed, 'herd');
  const [witnessPos, witnessNeg] = q === 'not-exists' ? [result.negative, result.positive] : [result.positive, result.negative];
  // Lines pushed rather than spread from map(): map() in optimised code gives a holey array in Node 20 (README, Speed), which deoptimised this function.
  const lines = [`Test ${test.name} ${KIND[q]}`, `States ${result.states.length}`];
  for (const state of result.states) lines.push(stateLine(state.values));
  lines.push(`${result.loopBoundHit ? 'Loop ' : ''}${result.conditionHolds ? 'Ok' : 'No'}`, 'Witnesses', `Positive: ${witnessPos} Negative: ${witnessNeg}`);
  // herd7 prints one line per flag some execution raised (linux-kernel.cat's `flag ~empty ... as data-race`), sorted.
  for (const flag of result.flags) lines.push(`Flag ${flag}`);
  lines.push(`Condition ${printCondition(test.condition, 'herd')}`, `Observation ${test.name} ${result.observation} ${result.positive} ${result.negative}`);
  if (test.herdHash) lines.push(`Hash=${test.herdHash}`);
  return lines.join('\n') + '\n\n';
}
