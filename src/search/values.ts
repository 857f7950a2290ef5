/**
 * Values of a complete candidate: what each read returns follows from rf, and
 * what each write stores from the reads before it in its thread. A candidate
 * exists only if the branch outcomes and guessed addresses of its structure
 * agree with those values (herd solves the same equations). A read whose value
 * depends on itself through rf is a value cycle: such a candidate breaks
 * thinair or scperlocation anyway, so it is dropped here.
 */
import { evaluate, ValueError } from '../events/expr.ts';
import type { InitState, Value } from '../ir/program.ts';
import { type Candidate, READS_INIT, type SearchStructure, UNASSIGNED } from './candidate.ts';

const PENDING = Symbol('pending');

/** Thrown while evaluating over a partial candidate when a value needs a read whose source is not chosen yet. */
export class Undetermined extends Error {}

export class CandidateValues {
  private readonly values: (Value | typeof PENDING | undefined)[];
  cyclic = false;

  constructor(private readonly test: { init: InitState }, private readonly candidate: Candidate<SearchStructure>) {
    this.values = new Array(candidate.structure.events.length);
  }

  /** Value returned by read `id` (global event id). */
  readValue(id: number): Value {
    const known = this.values[id];
    if (known === PENDING) {
      this.cyclic = true;
      return 0;
    }
    if (known !== undefined) return known;
    const s = this.candidate.structure;
    const source = this.candidate.rfSource[id]!;
    if (source === UNASSIGNED) throw new Undetermined();
    this.values[id] = PENDING;
    try {
      const value = source === READS_INIT
        ? this.test.init.memory.get(s.events[id]!.location) ?? 0
        : this.eventValue(source);
      this.values[id] = value;
      return value;
    } catch (e) {
      this.values[id] = undefined;
      throw e;
    }
  }

  /** Value a write stores, evaluated in its thread. */
  eventValue(id: number): Value {
    const e = this.candidate.structure.events[id]!;
    return this.inThread(e.thread, e.source.value);
  }

  inThread(thread: number, expr: Parameters<typeof evaluate>[0]): Value {
    const first = this.candidate.structure.firstEvent[thread]!;
    // Most registers hold a read's value or a constant: no evaluator needed.
    if (expr.kind === 'read') return this.readValue(first + expr.event);
    if (expr.kind === 'const') return expr.value;
    return evaluate(expr, (local) => this.readValue(first + local));
  }
}

/**
 * How a value cycle is treated: `drop` the candidate (ppc.cat's thinair and
 * scperlocation reject every such candidate anyway), or `zero`: the cycle's
 * equation v = v leaves v free and the execution stands with v = 0. The LKMM
 * has no axiom against a cycle through plain accesses (manual/oota/C-JO-OOTA-3
 * reaches its outcome in herd7's log only through one), and herd's solver
 * keeps such an execution.
 */
export type ValueCycles = 'drop' | 'zero';

/** The candidate's values, or null when its structure's assumptions do not hold for them. */
export function solveValues(test: { init: InitState }, candidate: Candidate<SearchStructure>, cycles: ValueCycles = 'drop'): CandidateValues | null {
  const values = new CandidateValues(test, candidate);
  const s = candidate.structure;
  const dropped = () => cycles === 'drop' && values.cyclic;
  for (const { thread, expr } of s.constraints) {
    if (values.inThread(thread, expr) !== 1 || dropped()) return null;
  }
  for (const e of s.events) if (e.kind === 'R') values.readValue(e.id);
  return dropped() ? null : values;
}

/**
 * Whether every assumption of a partial candidate's structure that its chosen
 * reads already decide holds: a lock read that must see "unlocked", a branch
 * outcome, a guessed address. A false answer holds for every completion, so
 * the search may cut there.
 */
export function decidedConstraintsHold(test: { init: InitState }, candidate: Candidate<SearchStructure>, values = new CandidateValues(test, candidate)): boolean {
  for (const { thread, expr } of candidate.structure.constraints) {
    try {
      if (values.inThread(thread, expr) !== 1 && !values.cyclic) return false;
    } catch (e) {
      // Undecided yet, or an error the complete candidate will report.
      if (!(e instanceof Undetermined) && !(e instanceof ValueError)) throw e;
    }
  }
  return true;
}
