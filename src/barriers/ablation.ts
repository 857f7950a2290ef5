/**
 * Barrier ablation: which ordering points does a test's verdict rest on?
 * Each point is re-checked removed and weakened; then a smallest set of points
 * that still gives the expected result is searched for (exactly, over subsets,
 * when there are few points; greedily otherwise).
 */
import type { RunnableTest, RunOptions } from '../engine.ts';
import { runTest } from '../engine.ts';
import type { PointChange } from '../ir/ordering.ts';
import type { SourcePos } from '../ir/program.ts';
import type { Observation } from '../outcome/result.ts';

/**
 * An ordering point of either model: a PPC fence, a fence a kernel primitive
 * compiles to (src/ir/ordering.ts's OrderingPoint), or an LKMM fence or marked
 * access (lkmm-points.ts).
 */
export interface AblationPoint {
  /** Stable across rebuilds of the same test. */
  id: string;
  label: string;
  pos: SourcePos;
  /** The form weakening gives (a fence kind, an LKMM annotation), or null when only removing is possible. */
  weakerForm: string | null;
  /** Further weaker forms to try, in order, when weakerForm does not keep the target (change `weaken:<form>`). */
  otherWeakerForms?: readonly string[];
}

/** Remove the point, weaken it to its weakerForm, or weaken it to one of its otherWeakerForms. */
export type AblationChange = PointChange | `weaken:${string}`;

/** A test whose ordering points can be changed and the test rebuilt, under either model. */
export interface AblatableTest {
  test: RunnableTest;
  points: AblationPoint[];
  rebuild(changes: ReadonlyMap<string, AblationChange>): RunnableTest;
}

export type Classification = 'necessary' | 'could be weaker' | 'redundant';

export interface PointReport {
  point: AblationPoint;
  withoutIt: Observation;
  /** The result weakened: to the first weaker form that keeps the target, else to weakerForm. */
  weakened: Observation | null;
  /** The weaker form `weakened` is the result of. */
  weakenedAs: string | null;
  classification: Classification;
}

export interface AblationReport {
  test: RunnableTest;
  /** The result the points must preserve: the test's Result: comment, else what it gives as written. */
  target: Observation;
  targetSource: 'expected' | 'as written';
  asWritten: Observation;
  points: PointReport[];
  /** A smallest set of points to keep (all others removed) that still gives the target. */
  minimalSet: AblationPoint[] | null;
  /** Whether minimalSet is proven smallest (all subsets tried) or found greedily. */
  minimalExact: boolean;
}

/** Subsets are enumerated exhaustively up to this many points (2^n test runs). */
export const EXACT_SUBSET_LIMIT = 8;

export function ablate(subject: AblatableTest, options: RunOptions = {}): AblationReport {
  const observe = (changes: ReadonlyMap<string, AblationChange>): Observation => runTest(subject.rebuild(changes), options).observation;
  const asWritten = observe(new Map());
  const expected = subject.test.expected?.result ?? null;
  const target = expected ?? asWritten;

  const points = subject.points.map((point): PointReport => {
    const withoutIt = observe(new Map([[point.id, 'remove']]));
    let weakened: Observation | null = null;
    let weakenedAs: string | null = null;
    if (point.weakerForm !== null) {
      weakened = observe(new Map([[point.id, 'weaken']]));
      weakenedAs = point.weakerForm;
      for (const form of point.otherWeakerForms ?? []) {
        if (weakened === target) break;
        const other = observe(new Map([[point.id, `weaken:${form}` as const]]));
        if (other === target) [weakened, weakenedAs] = [other, form];
      }
    }
    const classification: Classification = withoutIt === target ? 'redundant' : weakened === target ? 'could be weaker' : 'necessary';
    return { point, withoutIt, weakened, weakenedAs, classification };
  });

  const keeping = (kept: AblationPoint[]): boolean => {
    const keptIds = new Set(kept.map((p) => p.id));
    const changes = new Map<string, AblationChange>(subject.points.filter((p) => !keptIds.has(p.id)).map((p) => [p.id, 'remove']));
    return observe(changes) === target;
  };
  const exact = subject.points.length <= EXACT_SUBSET_LIMIT;
  const minimalSet = exact ? smallestKeptSet(subject.points, keeping) : greedyKeptSet(subject.points, keeping);
  return {
    test: subject.test,
    target,
    targetSource: expected ? 'expected' : 'as written',
    asWritten,
    points,
    minimalSet,
    minimalExact: exact,
  };
}

/** Subsets by increasing size, in point order within a size: the first that works. */
function smallestKeptSet(points: AblationPoint[], works: (kept: AblationPoint[]) => boolean): AblationPoint[] | null {
  for (let size = 0; size <= points.length; size++) {
    for (const subset of subsetsOfSize(points, size)) if (works(subset)) return subset;
  }
  return null;
}

function* subsetsOfSize<T>(items: T[], size: number, start = 0): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= items.length - size; i++) {
    for (const rest of subsetsOfSize(items, size - 1, i + 1)) yield [items[i]!, ...rest];
  }
}

/** Drop points one at a time, in order, while the target still holds. */
function greedyKeptSet(points: AblationPoint[], works: (kept: AblationPoint[]) => boolean): AblationPoint[] | null {
  if (!works(points)) return null;
  let kept = points;
  for (const p of points) {
    const without = kept.filter((k) => k !== p);
    if (works(without)) kept = without;
  }
  return kept;
}
