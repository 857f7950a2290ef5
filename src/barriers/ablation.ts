/**
 * Barrier ablation: which ordering points does a test's verdict rest on?
 * Each point is re-checked removed and weakened; then a smallest set of points
 * that still gives the expected result is searched for (exactly, over subsets,
 * when there are few points; greedily otherwise).
 */
import type { RunOptions } from '../engine.ts';
import { runTest } from '../engine.ts';
import type { OrderingPoint, PointChange } from '../ir/ordering.ts';
import type { LitmusTest } from '../ir/program.ts';
import type { Observation } from '../outcome/result.ts';

/** A test whose ordering points can be changed and the test rebuilt. */
export interface AblatableTest {
  test: LitmusTest;
  points: OrderingPoint[];
  rebuild(changes: ReadonlyMap<string, PointChange>): LitmusTest;
}

export type Classification = 'necessary' | 'could be weaker' | 'redundant';

export interface PointReport {
  point: OrderingPoint;
  withoutIt: Observation;
  weakened: Observation | null;
  classification: Classification;
}

export interface AblationReport {
  test: LitmusTest;
  /** The result the points must preserve: the test's Result: comment, else what it gives as written. */
  target: Observation;
  targetSource: 'expected' | 'as written';
  asWritten: Observation;
  points: PointReport[];
  /** A smallest set of points to keep (all others removed) that still gives the target. */
  minimalSet: OrderingPoint[] | null;
  /** Whether minimalSet is proven smallest (all subsets tried) or found greedily. */
  minimalExact: boolean;
}

/** Subsets are enumerated exhaustively up to this many points (2^n test runs). */
export const EXACT_SUBSET_LIMIT = 8;

export function ablate(subject: AblatableTest, options: RunOptions = {}): AblationReport {
  const observe = (changes: ReadonlyMap<string, PointChange>): Observation => runTest(subject.rebuild(changes), options).observation;
  const asWritten = observe(new Map());
  const expected = subject.test.expected?.result ?? null;
  const target = expected ?? asWritten;

  const points = subject.points.map((point): PointReport => {
    const withoutIt = observe(new Map([[point.id, 'remove']]));
    const weakened = point.weakerForm === null ? null : observe(new Map([[point.id, 'weaken']]));
    const classification: Classification = withoutIt === target ? 'redundant' : weakened === target ? 'could be weaker' : 'necessary';
    return { point, withoutIt, weakened, classification };
  });

  const keeping = (kept: OrderingPoint[]): boolean => {
    const keptIds = new Set(kept.map((p) => p.id));
    const changes = new Map<string, PointChange>(subject.points.filter((p) => !keptIds.has(p.id)).map((p) => [p.id, 'remove']));
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
function smallestKeptSet(points: OrderingPoint[], works: (kept: OrderingPoint[]) => boolean): OrderingPoint[] | null {
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
function greedyKeptSet(points: OrderingPoint[], works: (kept: OrderingPoint[]) => boolean): OrderingPoint[] | null {
  if (!works(points)) return null;
  let kept = points;
  for (const p of points) {
    const without = kept.filter((k) => k !== p);
    if (works(without)) kept = without;
  }
  return kept;
}
