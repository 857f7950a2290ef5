/**
 * Hand-built results for reporter tests: reporters are pure formatting, so
 * they are tested without the parser or the engine.
 */
import type { Location, LitmusTest, Prop, Quantifier } from '../../src/ir/program.ts';
import type { Observation, TestResult } from '../../src/outcome/result.ts';

const pos = { line: 1, col: 1 };
export const r1: Location = { kind: 'reg', thread: 1, reg: 'r1' };
export const r4: Location = { kind: 'reg', thread: 1, reg: 'r4' };
export const x: Location = { kind: 'mem', name: 'x' };

export const atom = (loc: Location, value: number | string, equal = true): Prop => ({ kind: 'atom', loc, value, equal, pos });

/** `1:r1=1 /\ 1:r4=0`, the MP+lwsync+addr outcome. */
export const mpOutcome: Prop = { kind: 'and', left: atom(r1, 1), right: atom(r4, 0) };

export function sampleTest(overrides: { quantifier?: Quantifier; expected?: Observation | null } = {}): LitmusTest {
  const expected = overrides.expected === undefined ? 'Never' : overrides.expected;
  return {
    arch: 'PPC',
    name: 'MP+lwsync+addr',
    file: 'litmus/MP+lwsync+addr.litmus',
    doc: null,
    metadata: new Map(),
    init: { registers: new Map(), memory: new Map() },
    threads: [],
    locations: [],
    filter: null,
    condition: { quantifier: overrides.quantifier ?? 'exists', prop: mpOutcome, pos },
    expected: expected === null ? null : { result: expected, pos },
    sharedLocations: ['x', 'y'],
  };
}

/** herd7's answer for MP+lwsync+addr: three states, none satisfying the outcome. */
export function forbiddenResult(overrides: Partial<TestResult> = {}): TestResult {
  return {
    test: sampleTest(),
    model: 'power',
    flags: [],
    observed: [r1, r4],
    states: [
      { values: [0, 0], satisfies: false },
      { values: [0, 1], satisfies: false },
      { values: [1, 1], satisfies: false },
    ],
    positive: 0,
    negative: 3,
    observation: 'Never',
    conditionHolds: false,
    loopBoundHit: false,
    unroll: 2,
    stats: { candidates: 7, executions: 3, orbit: 1, elapsedMs: 1.25 },
    ...overrides,
  };
}

/** The same test's states if the outcome were reachable (as in plain MP). */
export function allowedResult(overrides: Partial<TestResult> = {}): TestResult {
  return forbiddenResult({
    states: [
      { values: [0, 0], satisfies: false },
      { values: [0, 1], satisfies: false },
      { values: [1, 0], satisfies: true },
      { values: [1, 1], satisfies: false },
    ],
    positive: 1,
    negative: 3,
    observation: 'Sometimes',
    conditionHolds: true,
    ...overrides,
  });
}
