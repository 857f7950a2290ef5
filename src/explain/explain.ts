/**
 * Why an outcome is reachable or not. Reachable: the first consistent
 * execution that reaches it, in exploration order, is the witness. Not
 * reachable: every candidate execution that would reach it is rejected by the
 * model; each is analysed for the axioms it breaks and a minimal cycle per
 * axiom, and candidates failing in the same way are grouped.
 */
import { exploreExecutions, exploreLkmmExecutions, type RunnableTest, type RunOptions } from '../engine.ts';
import type { Location, Prop, Value } from '../ir/program.ts';
import { finalValue, observedLocations } from '../outcome/collect.ts';
import { holds } from '../outcome/condition.ts';
import type { Candidate, SearchStructure } from '../search/candidate.ts';
import type { CandidateValues } from '../search/values.ts';
import { type AxiomCatalogue, PPC_CATALOGUE } from './catalogue.ts';
import { type AxiomViolation, axiomViolations } from './cycles.ts';
import { cycleText } from './cycle-text.ts';
import { LKMM_CATALOGUE, lkmmSnapshot } from './lkmm-catalogue.ts';
import { eventLabel, type ExecutionSnapshot, snapshot } from './snapshot.ts';

/**
 * Candidates that reach the outcome and break the same first axiom (the
 * model's verdict) with a minimal cycle through the same accesses: they differ
 * only in rf and co choices off the cycle, or in values the cycle does not
 * depend on.
 */
export interface RejectedGroup {
  /** The first axiom and its cycle, in the group's first candidate. */
  first: AxiomViolation;
  count: number;
  /** The group's first candidate in exploration order. */
  example: ExecutionSnapshot;
  /** For each step of the cycle, the distinct values its source access has across the group (null for a fence). */
  cycleValues: (Value | null)[][];
  /** Later axioms (in ppc.cat order) some of the group's candidates break too: how many, and the first such one. */
  alsoBroken: { violation: AxiomViolation; count: number; example: ExecutionSnapshot }[];
}

export interface Explanation {
  test: RunnableTest;
  /** The model the outcome is explained under: its axioms, relations and names. */
  catalogue: AxiomCatalogue;
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

/**
 * Explains the outcome under the test's model: ppc.cat for POWER code (a PPC
 * test, or kernel C compiled to POWER), the LKMM for kernel C lowered to
 * herd's C events (an LkmmTest, as parseForModel gives with model 'lkmm').
 */
export function explainOutcome(test: RunnableTest, options: ExplainOptions = {}): Explanation {
  const outcome = options.outcome ?? test.condition.prop;
  const observed = observedLocations(test, outcome);
  const catalogue = test.arch === 'C' ? LKMM_CATALOGUE : PPC_CATALOGUE;
  const explanation: Explanation = { test, catalogue, outcome, executions: 0, reaching: 0, witness: null, rejected: null, loopBoundHit: false };

  /** Every complete candidate (consistent ones only unless `includeInconsistent`), as a snapshot when asked for. */
  const explore = (includeInconsistent: boolean, visit: (visited: Visited) => void): void => {
    if (test.arch === 'C') {
      exploreLkmmExecutions(test, { ...options, includeInconsistent }, (execution) => {
        visit({ ...execution, violated: execution.verdict.violated, cutOff: false, snapshot: () => lkmmSnapshot(observed, execution) });
      });
    } else {
      exploreExecutions(test, { ...options, includeInconsistent }, (execution) => {
        const { structure } = execution.candidate;
        visit({ ...execution, violated: execution.verdict.violated, cutOff: structure.cutOff, snapshot: () => snapshot(observed, execution) });
      });
    }
  };

  // Consistent executions first: the model prunes the search, so this is as fast as `run`.
  explore(false, (execution) => {
    // As in herd, an execution cut by the unroll bound is not counted; it only flags the result.
    if (execution.cutOff) {
      explanation.loopBoundHit = true;
      return;
    }
    explanation.executions++;
    if (!reaches(test, outcome, execution)) return;
    explanation.reaching++;
    explanation.witness ??= execution.snapshot();
  });

  if (explanation.witness === null || options.includeRejected) {
    // Unpruned: every candidate, so the rejected ones that reach the outcome can be analysed.
    const groups = new RejectedGroups(catalogue);
    explore(true, (execution) => {
      const { violated } = execution;
      if (violated === null || execution.cutOff || !reaches(test, outcome, execution)) return;
      const example = execution.snapshot();
      const [first, ...later] = axiomViolations(example.relations, catalogue);
      if (first?.axiom !== violated) {
        throw new Error(`explain: the cycle search found ${first?.axiom ?? 'no violation'} first where the model reports ${violated}`);
      }
      groups.add(example, first, later);
    });
    explanation.rejected = { groups: groups.ordered(), candidates: groups.candidates };
  }
  return explanation;
}

/** A visited candidate of either model, with what explain asks of it. */
interface Visited {
  candidate: Candidate<SearchStructure>;
  values: CandidateValues;
  violated: string | null;
  cutOff: boolean;
  snapshot: () => ExecutionSnapshot;
}

/** The final-state check `run` makes: the filter, if any, and the proposition. */
function reaches(test: RunnableTest, outcome: Prop, { candidate, values }: Visited): boolean {
  const lookup = (location: Location): Value => finalValue(candidate, values, location);
  return (test.filter === null || holds(test.filter, lookup)) && holds(outcome, lookup);
}

/** Rejected candidates gathered by their first axiom and the accesses and relations of its cycle. */
class RejectedGroups {
  private readonly byKey = new Map<string, RejectedGroup>();
  candidates = 0;

  constructor(private readonly catalogue: AxiomCatalogue) {}

  add(example: ExecutionSnapshot, first: AxiomViolation, later: readonly AxiomViolation[]): void {
    this.candidates++;
    const key = `${first.axiom}: ${cycleText(first.cycle, example, (id) => eventLabel(example, id, false))}`;
    let group = this.byKey.get(key);
    if (!group) {
      group = { first, count: 0, example, cycleValues: first.cycle.steps.map(() => []), alsoBroken: [] };
      this.byKey.set(key, group);
    }
    group.count++;
    first.cycle.steps.forEach((step, i) => {
      const value = example.values[step.from]!;
      if (!group.cycleValues[i]!.includes(value)) group.cycleValues[i]!.push(value);
    });
    for (const violation of later) {
      const also = group.alsoBroken.find((a) => a.violation.axiom === violation.axiom);
      if (also) also.count++;
      else group.alsoBroken.push({ violation, count: 1, example });
    }
    const order = this.catalogue.axioms;
    group.alsoBroken.sort((a, b) => order.indexOf(a.violation.axiom) - order.indexOf(b.violation.axiom));
  }

  /** In exploration order, incoherent candidates last: they fail before any question of ordering between locations arises. */
  ordered(): RejectedGroup[] {
    const groups = [...this.byKey.values()];
    const incoherent = (g: RejectedGroup) => g.first.axiom === this.catalogue.coherenceAxiom;
    return groups.filter((g) => !incoherent(g)).concat(groups.filter(incoherent));
  }
}
