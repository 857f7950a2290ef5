/**
 * Values of a complete candidate: what each read returns follows from rf, and
 * what each write stores from the reads before it in its thread. A candidate
 * exists only if the branch outcomes and guessed addresses of its structure
 * agree with those values (herd solves the same equations). A read whose value
 * depends on itself through rf is a value cycle: such a candidate breaks
 * thinair or scperlocation anyway, so it is dropped here.
 */
import { applyOp, evaluate, ValueError } from '../events/expr.ts';
import type { InitState, Value } from '../ir/program.ts';
import { type AccessRead, type Candidate, READS_INIT, type SearchStructure, UNASSIGNED } from './candidate.ts';

const PENDING = Symbol('pending');

/** Thrown while evaluating over a partial candidate when a value needs a read whose source is not chosen yet. */
export class Undetermined extends Error {}

/**
 * The one instance thrown: an Error records the stack where it is made, and
 * one made per undecided constraint of a partial candidate cost a tenth of
 * the LKMM corpus's time under POWER.
 */
const UNDETERMINED = new Undetermined('a read of the partial candidate has no source yet');

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
    if (source === UNASSIGNED) throw UNDETERMINED;
    this.values[id] = PENDING;
    try {
      const value = source === READS_INIT ? this.initialValue(s.events[id]!.location) : this.eventValue(source);
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
    const cells = this.candidate.structure.cells;
    if (cells) return evaluate(expr, (local) => this.accessValue(cells.reads[thread]![local]!));
    const first = this.candidate.structure.firstEvent[thread]!;
    // Most registers hold a read's value or a constant: no evaluator needed.
    if (expr.kind === 'read') return this.readValue(first + expr.event);
    if (expr.kind === 'const') return expr.value;
    return evaluate(expr, (local) => this.readValue(first + local));
  }

  /** A location's initial value: a cell's bytes of its variable's, or the test's init. */
  initialValue(location: string): Value {
    return this.candidate.structure.cells?.initial.get(location) ?? this.test.init.memory.get(location) ?? 0;
  }

  /** What a read access returns: its one event's value, or its parts' bytes joined (and sign-extended by lha/lwa). */
  private accessValue(access: AccessRead): Value {
    if (access.counts === null) return this.readValue(access.ids[0]!);
    const joined = applyOp('join', access.ids.map((id) => this.readValue(id)), access.counts);
    return access.signExtend === 0 ? joined : applyOp('signExtend', [joined], [access.signExtend]);
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
  const drop = cycles === 'drop';
  for (const { thread, expr } of s.constraints) {
    if (values.inThread(thread, expr) !== 1 || (drop && values.cyclic)) return null;
  }
  for (const e of s.events) if (e.kind === 'R') values.readValue(e.id);
  return drop && values.cyclic ? null : values;
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
