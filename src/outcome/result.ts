/** What checking one litmus test found: the facts every reporter prints. */
import type { LitmusTest, Location, Value } from '../ir/program.ts';

export type Observation = 'Never' | 'Sometimes' | 'Always';

/**
 * The memory model a result was computed under: `power` is herd7's ppc.cat
 * over the test's POWER code (as written, or compiled from kernel C for a
 * kernel version and CPU); `lkmm` is the Linux-kernel memory model over the
 * kernel-C test's own events.
 */
export type ModelName = 'power' | 'lkmm';

export interface FinalState {
  /** One value per entry of TestResult.observed, in the same order. */
  values: Value[];
  /** Whether the condition's proposition holds in this state. */
  satisfies: boolean;
}

/**
 * The test as results carry it: everything reporters print (name, file,
 * condition, locations, expectation, hash) but not the program, which stays
 * where it ran: a parallel run posts results between threads, and copying the
 * code back would cost more than printing.
 */
export type ReportedTest = Omit<LitmusTest, 'threads' | 'init' | 'arch'> & { arch: 'PPC' | 'C' };

export interface TestResult {
  test: ReportedTest;
  model: ModelName;
  /**
   * herd7's `Flag` lines: the names of the model's flags (e.g. `data-race`)
   * that some consistent execution raises, sorted; empty under ppc.cat, which has none.
   */
  flags: string[];
  /** Locations shown in each final state, in herd7's order. */
  observed: Location[];
  /** Distinct reachable final states, in herd7's order. */
  states: FinalState[];
  /** Consistent executions whose final state satisfies / falsifies the proposition (never swapped). */
  positive: number;
  negative: number;
  observation: Observation;
  /** herd7's Ok/No: does the quantified condition hold as written? */
  conditionHolds: boolean;
  /** Some execution was cut by the loop unrolling bound (herd7's `Loop` prefix). */
  loopBoundHit: boolean;
  /** The unroll bound used. */
  unroll: number;
  /**
   * candidates: complete candidates examined; orbit: how many executions each
   * visited one stood for (the threads of the rotation symmetry when the
   * search used it, src/search/symmetry.ts; else 1).
   */
  stats: { candidates: number; executions: number; orbit: number; elapsedMs: number };
}
