/**
 * The engine: program IR in, executions and a TestResult out. It wires the
 * pipeline stages: per-thread paths → event structures → candidate search
 * (pruned by the model) → values → model → outcomes, for POWER code under
 * ppc.cat and for kernel C under the LKMM through the same search and
 * outcome stages (only the paths, structures and model differ).
 */
import { LitmusError } from './diagnostics.ts';
import { cThreadPaths } from './events/c-paths.ts';
import { type LkmmStructure, lkmmStructures } from './events/c-structure.ts';
import { ValueError } from './events/expr.ts';
import { threadPaths } from './events/paths.ts';
import { type EventStructure, eventStructures } from './events/structure.ts';
import type { LkmmTest } from './ir/c-program.ts';
import type { LitmusTest } from './ir/program.ts';
import { checkLkmm, lkmmFlags, type LkmmVerdict, memoisedLkmmVerdict } from './model/lkmm.ts';
import { checkCandidate, memoisedVerdict, type Verdict } from './model/ppc.ts';
import { filterMayHold, observedLocations, OutcomeCollector } from './outcome/collect.ts';
import { propLocations } from './outcome/condition.ts';
import type { ModelName, Observation, TestResult } from './outcome/result.ts';
import type { Candidate, SearchStructure } from './search/candidate.ts';
import { searchCandidates } from './search/candidates.ts';
import { findRotationSymmetry, type Symmetry } from './search/symmetry.ts';
import { CandidateValues, decidedConstraintsHold, solveValues, type ValueCycles } from './search/values.ts';

/** A test ready to run: POWER code under ppc.cat, or kernel C under the LKMM. */
export type RunnableTest = LitmusTest | LkmmTest;

export interface RunOptions {
  /** Times a backward branch may be taken; default: the test's `Unroll=` metadata, else 2 like herd7. */
  unroll?: number;
  /** Most complete candidate executions to examine before giving up with a limit error. */
  maxExecutions?: number;
  /** Most milliseconds to spend on one test before giving up with a limit error. */
  timeoutMs?: number;
  /**
   * Count an execution's images under the test's rotation symmetry instead
   * of visiting them (src/search/symmetry.ts); default true. False visits
   * every execution, to check the reduction against.
   */
  symmetry?: boolean;
}

export const DEFAULT_UNROLL = 2;
/**
 * Memory grows with the distinct final states kept, at most one per
 * execution: ~220 bytes each, so a test that ends in a new state at every
 * execution peaks near 320 MB at this default (measured: 6 threads each
 * storing to x and reading it twice, 13 observed locations; 5,000,000 took
 * 970 MB). The largest herd corpus test needs 5,432.
 */
export const DEFAULT_MAX_EXECUTIONS = 1_000_000;
export const DEFAULT_TIMEOUT_MS = 60_000;

export function unrollBound(test: LitmusTest, options: RunOptions): number {
  if (options.unroll !== undefined) return options.unroll;
  for (const [key, value] of test.metadata) {
    if (key.toLowerCase() === 'unroll' && /^\d+$/.test(value.trim())) return Number(value.trim());
  }
  return DEFAULT_UNROLL;
}

/** A complete candidate whose values satisfy its structure's assumptions, with the model's verdict. */
export interface VisitedExecution<S extends SearchStructure = EventStructure, V = Verdict> {
  candidate: Candidate<S>;
  values: CandidateValues;
  verdict: V;
  /** With ExploreOptions.bySymmetry, the symmetry whose images of this execution were not visited, if the execution has any. */
  symmetry: Symmetry | null;
}

export interface ExploreOptions extends RunOptions {
  /**
   * Visit candidates the model rejects too (for explanations). Off, the model
   * prunes partial candidates and only consistent executions are visited.
   */
  includeInconsistent?: boolean;
  /**
   * Visit one execution of each orbit of the test's rotation symmetry
   * (src/search/symmetry.ts), each telling which images it stands for, when
   * the test has one: for counting outcomes, not for explaining executions.
   */
  bySymmetry?: boolean;
}

/**
 * Visits every complete candidate execution of the test (only the consistent
 * ones unless asked), in a deterministic order. The candidate objects are
 * reused between visits: copy what you keep. Returns the number of complete
 * candidates examined.
 */
export function exploreExecutions(test: LitmusTest, options: ExploreOptions, visit: (execution: VisitedExecution) => void): number {
  const unroll = unrollBound(test, options);
  const threads = test.threads.map((_, t) => threadPaths(test, t, unroll));
  // Unless asked for the candidates it rejects, the search builds only coherent ones, which scperlocation then need not check,
  // and the verdicts are memoised (src/model/verdict-memo.ts); the rejected ones are visited with every relation, for explanations.
  const check = options.includeInconsistent === true ? (c: Candidate) => checkCandidate(c) : memoisedVerdict;
  return explore(test, threads.map((t) => t.paths), () => eventStructures(test, threads), check, 'drop', options, visit);
}

/** exploreExecutions for a kernel-C test under the LKMM. */
export function exploreLkmmExecutions(test: LkmmTest, options: ExploreOptions, visit: (execution: VisitedExecution<LkmmStructure, LkmmVerdict>) => void): number {
  const threads = test.threads.map((_, t) => cThreadPaths(test, t));
  // Rejected candidates are visited for explanations, which need every relation, not just those up to the first violation.
  const check = options.includeInconsistent === true ? (c: Candidate<LkmmStructure>) => checkLkmm(c, true) : memoisedLkmmVerdict;
  return explore(test, threads, () => lkmmStructures(test, threads), check, 'zero', options, visit);
}

/** The search over every structure, pruned by a model whose axioms are monotone in rf and co (both models' are). */
function explore<S extends SearchStructure, V extends { violated: string | null }>(
  test: RunnableTest,
  paths: readonly (readonly object[])[],
  structures: () => Iterable<S>,
  check: (candidate: Candidate<S>) => V,
  cycles: ValueCycles,
  options: ExploreOptions,
  visit: (execution: VisitedExecution<S, V>) => void,
): number {
  const maxExecutions = options.maxExecutions ?? DEFAULT_MAX_EXECUTIONS;
  const deadline = performance.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const limit = (message: string): never => {
    throw new LitmusError('limit', message, test.file, test.condition.pos.line, test.condition.pos.col);
  };
  const includeInconsistent = options.includeInconsistent === true;
  let symmetry = options.bySymmetry === true && !includeInconsistent ? findRotationSymmetry(test, paths, observedLocations(test)) : null;
  let candidates = 0;
  // Checked at search steps (see SearchHooks.step), not only per complete
  // candidate: a search that cuts nearly everything may complete few
  // candidates for minutes. The clock is read at every 128th step and
  // candidate: a step can take well under a microsecond, reading the clock
  // a tenth of one, and 128 of them stay far below the limit's precision.
  let ticks = 0;
  const checkDeadline = () => {
    if ((++ticks & 127) === 0 && performance.now() > deadline) {
      limit(`time limit exceeded: more than ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms on this test (raise it with --timeout)`);
    }
  };
  try {
    for (const structure of structures()) {
      // A test's structures all split variables into cells or none (one memory layout per test); cells are not renamed.
      if (structure.cells) symmetry = null;
      const pivot = symmetry && (structure.writesTo.get(symmetry.pivot)?.length ?? 0) > 0 ? symmetry : null;
      searchCandidates(structure, {
        pruneIncoherent: !includeInconsistent,
        step: checkDeadline,
        firstWrite: pivot ? { location: pivot.pivot, thread: 0 } : undefined,
        prune: (c) => {
          if (includeInconsistent) return true;
          const values = new CandidateValues(test, c);
          return decidedConstraintsHold(test, c, values) && filterMayHold(test, c, values) && check(c).violated === null;
        },
        complete: (c) => {
          if (++candidates > maxExecutions) {
            limit(`search limit exceeded: more than ${maxExecutions} candidate executions (raise it with --max-executions)`);
          }
          checkDeadline();
          const values = solveValues(test, c, cycles);
          if (!values) return;
          const verdict = check(c);
          if (verdict.violated === null || includeInconsistent) visit({ candidate: c, values, verdict, symmetry: pivot });
        },
      });
    }
  } catch (e) {
    if (e instanceof ValueError) {
      throw new LitmusError('unsupported', e.message, test.file, test.condition.pos.line, test.condition.pos.col);
    }
    throw e;
  }
  return candidates;
}

export function runTest(test: RunnableTest, options: RunOptions = {}): TestResult {
  const started = performance.now();
  const outcomes = new OutcomeCollector(test);
  let loopBoundHit = false;
  let orbit = 1;
  let candidates: number;
  let model: ModelName;
  const flags = new Set<string>();
  if (test.arch === 'C') {
    model = 'lkmm';
    const observed = [...propLocations(test.condition.prop), ...test.locations];
    const testsLockValue = observed.some((loc) => loc.kind === 'mem' && test.lockLocations.has(loc.name));
    candidates = exploreLkmmExecutions(test, { ...options, bySymmetry: options.symmetry !== false }, ({ candidate, values, verdict, symmetry }) => {
      // The images of an execution have its flags: they are named by kind, not by thread or location.
      if (symmetry) orbit = symmetry.threads;
      if (!outcomes.add(candidate, values, symmetry)) return;
      for (const flag of lkmmFlags(candidate, verdict, (e) => values.eventValue(e), testsLockValue)) flags.add(flag);
    });
  } else {
    model = 'power';
    candidates = exploreExecutions(test, { ...options, bySymmetry: options.symmetry !== false }, ({ candidate, values, symmetry }) => {
      // As in herd, an execution cut by the unroll bound is not counted; it only flags the result.
      if (symmetry) orbit = symmetry.threads;
      if (candidate.structure.cutOff) loopBoundHit = true;
      else outcomes.add(candidate, values, symmetry);
    });
  }
  const { positive, negative } = outcomes;
  const observation: Observation = positive === 0 ? 'Never' : negative === 0 ? 'Always' : 'Sometimes';
  const q = test.condition.quantifier;
  const conditionHolds = q === 'exists' ? positive > 0 : q === 'not-exists' ? positive === 0 : negative === 0;
  return {
    test,
    model,
    flags: [...flags].sort(),
    observed: outcomes.observed,
    states: outcomes.sortedStates(),
    positive,
    negative,
    observation,
    conditionHolds,
    loopBoundHit,
    unroll: test.arch === 'C' ? 0 : unrollBound(test, options),
    stats: { candidates, executions: positive + negative, orbit, elapsedMs: performance.now() - started },
  };
}
