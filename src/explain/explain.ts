/**
 * Why an outcome is reachable or not. Reachable: the first consistent
 * execution that reaches it, in exploration order, is the witness. Not
 * reachable: every candidate execution that would reach it is rejected by the
 * model; each is analysed for the axioms it breaks and a minimal cycle per
 * axiom, and candidates failing in the same way are grouped.
 */
import { exploreExecutions, type RunOptions, type VisitedExecution } from '../engine.ts';
import type { LitmusTest, Location, Prop, Value } from '../ir/program.ts';
import { finalValue, observedLocations } from '../outcome/collect.ts';
import { holds } from '../outcome/condition.ts';
import { type AxiomViolation, axiomViolations } from './cycles.ts';
import { cycleText } from './cycle-text.ts';
import { type ExecutionSnapshot, snapshot } from './snapshot.ts';

/** Candidates that reach the outcome and break the same axioms with the same cycles. */
export interface RejectedGroup {
  /** In ppc.cat order; the first is the one the model reports. */
  violations: AxiomViolation[];
  count: number;
  /** The first candidate of the group in exploration order. */
  example: ExecutionSnapshot;
}

export interface Explanation {
  test: LitmusTest;
  outcome: Prop;
  /** Consistent executions, and how many of them reach the outcome (as `run` counts them). */
  executions: number;
  reaching: number;
  witness: ExecutionSnapshot | null;
  /** Computed when no consistent execution reaches the outcome, or when asked for; else null. */
  rejected: { groups: RejectedGroup[]; candidates: number } | null;
  /** Some consistent execution was cut by the unroll bound, so outcomes may be missing (herd's `Loop`). */
  loopBoundHit: boolean;
}

export interface ExplainOptions extends RunOptions {
  /** The proposition to explain; default: the test's condition's. */
  outcome?: Prop;
  /** Analyse the rejected candidates that reach the outcome even when it is reachable. */
  includeRejected?: boolean;
}

export function explainOutcome(test: LitmusTest, options: ExplainOptions = {}): Explanation {
  const outcome = options.outcome ?? test.condition.prop;
  const observed = observedLocations(test, outcome);
  const explanation: Explanation = { test, outcome, executions: 0, reaching: 0, witness: null, rejected: null, loopBoundHit: false };

  // Consistent executions first: the model prunes the search, so this is as fast as `run`.
  exploreExecutions(test, options, (execution) => {
    // As in herd, an execution cut by the unroll bound is not counted; it only flags the result.
    if (execution.candidate.structure.cutOff) {
      explanation.loopBoundHit = true;
      return;
    }
    explanation.executions++;
    if (!reaches(test, outcome, execution)) return;
    explanation.reaching++;
    explanation.witness ??= snapshot(test, observed, execution);
  });

  if (explanation.witness === null || options.includeRejected) {
    // Unpruned: every candidate, so the rejected ones that reach the outcome can be analysed.
    const groups = new Map<string, RejectedGroup>();
    let candidates = 0;
    exploreExecutions(test, { ...options, includeInconsistent: true }, (execution) => {
      const { candidate, verdict } = execution;
      if (verdict.violated === null || candidate.structure.cutOff || !reaches(test, outcome, execution)) return;
      candidates++;
      const example = snapshot(test, observed, execution);
      const violations = axiomViolations(example.relations);
      if (violations[0]?.axiom !== verdict.violated) {
        throw new Error(`explain: the cycle search found ${violations.map((v) => v.axiom).join(', ') || 'no violation'} where the model reports ${verdict.violated}`);
      }
      // Same axioms broken by the same cycles over the same events and values: the rf and co choices off the cycles differ.
      const key = violations.map((v) => `${v.axiom}: ${cycleText(v.cycle, example)}`).join('\n');
      const group = groups.get(key);
      if (group) group.count++;
      else groups.set(key, { violations, count: 1, example });
    });
    explanation.rejected = { groups: [...groups.values()], candidates };
  }
  return explanation;
}

/** The final-state check `run` makes: the filter, if any, and the proposition. */
function reaches(test: LitmusTest, outcome: Prop, { candidate, values }: VisitedExecution): boolean {
  const lookup = (location: Location): Value => finalValue(test, candidate, values, location);
  return (test.filter === null || holds(test.filter, lookup)) && holds(outcome, lookup);
}
