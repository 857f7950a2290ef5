/**
 * Thread symmetry (src/search/symmetry.ts): when rotating the threads maps
 * a test onto itself and some location stays put, the search visits the
 * executions whose first write to that location is thread 0's and the
 * outcomes count their rotations. Expected results are derived by hand in
 * the comments, or are herd7's (the corpus TSV); each also holds with the
 * reduction off, and the tests of what is not symmetric check it stays off.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type RunnableTest, runTest } from '../../src/engine.ts';
import type { TestResult } from '../../src/outcome/result.ts';
import { parseForModel } from '../../src/parse/litmus.ts';
import { herdStateLine } from '../../src/report/herd.ts';

const models = [
  { name: 'lkmm', options: { model: 'lkmm' as const } },
  { name: 'power', options: { model: 'power' as const, kernel: 'v6.13' as const, cpu: 'power7' as const } },
];

function parse(text: string, options: Parameters<typeof parseForModel>[2], file = 'inline.litmus'): RunnableTest {
  return parseForModel(text, file, options);
}

const stateLines = (r: TestResult) => r.states.map((s) => `${herdStateLine(r.observed, s.values)}${s.satisfies ? ' *' : ''}`);

/** The result with the reduction and without it, which must say the same. */
function runBothWays(test: RunnableTest): TestResult {
  const reduced = runTest(test), whole = runTest(test, { symmetry: false });
  assert.equal(whole.stats.orbit, 1);
  assert.deepEqual(stateLines(reduced), stateLines(whole));
  assert.deepEqual([reduced.positive, reduced.negative, reduced.flags], [whole.positive, whole.negative, whole.flags]);
  return reduced;
}

/** n threads P0..P(n-1), thread i's body made by `body(i)` over its parameters. */
function ring(n: number, params: (i: number) => string, body: (i: number) => string, tail: string, init = ''): string {
  const threads = Array.from({ length: n }, (_, i) => `P${i}(${params(i)})\n{\n${body(i)}\n}\n`).join('\n');
  return `C ring\n\n{\n${init}\n}\n\n${threads}\n${tail}\n`;
}

const xchgRing = (tail: string) => ring(3, () => 'int *s', () => '\tint r1;\n\tr1 = xchg(s, 1);', tail);

describe('rotation symmetry: results', () => {
  for (const { name, options } of models) {
    it(`three xchg of one word (${name}): the first in co reads 0, the others 1`, () => {
      // co orders the three exchanges in 3! = 6 ways; each reads the one
      // before it, so the first reads the initial 0 and the others 1: three
      // states (which thread was first), two executions each. The condition
      // holds where P0 is first: 2 of 6.
      const r = runBothWays(parse(xchgRing('exists (0:r1=0 /\\ 1:r1=1 /\\ 2:r1=1)'), options));
      assert.equal(r.stats.orbit, 3);
      assert.deepEqual(stateLines(r), ['0:r1=0; 1:r1=1; 2:r1=1; *', '0:r1=1; 1:r1=0; 2:r1=1;', '0:r1=1; 1:r1=1; 2:r1=0;']);
      assert.deepEqual([r.positive, r.negative, r.observation], [2, 4, 'Sometimes']);
    });

    it(`exchanging pointers (${name}): a rotated state names the rotated locations`, () => {
      // Thread i swaps &x_i into p (initially 0). For the co order (a, b, c)
      // of the swaps: r_a = 0, r_b = x_a, r_c = x_b, and p ends as x_c. Each
      // of the 6 orders is one execution with its own state; only (0, 1, 2)
      // satisfies the condition. Rotating an execution renames x_i to
      // x_(i+1) in its values, or the states would not be these.
      const text = ring(3, (i) => `int **p, int *x${i}`, (i) => `\tint *r1;\n\tr1 = xchg(p, x${i});`, 'exists (0:r1=0 /\\ 1:r1=x0 /\\ 2:r1=x1 /\\ p=x2)');
      const r = runBothWays(parse(text, options));
      assert.equal(r.stats.orbit, 3);
      assert.deepEqual(stateLines(r), [
        '0:r1=0; 1:r1=x0; 2:r1=x1; [p]=x2; *',
        '0:r1=0; 1:r1=x2; 2:r1=x0; [p]=x1;',
        '0:r1=x1; 1:r1=0; 2:r1=x0; [p]=x2;',
        '0:r1=x1; 1:r1=x2; 2:r1=0; [p]=x0;',
        '0:r1=x2; 1:r1=0; 2:r1=x1; [p]=x0;',
        '0:r1=x2; 1:r1=x0; 2:r1=0; [p]=x1;',
      ]);
      assert.deepEqual([r.positive, r.negative], [1, 5]);
    });
  }

  it("Paul McKenney's 3-CPU xchg_acquire lock test under the LKMM: herd7's states and counts", () => {
    // lkmm.tsv: C-SB+l-o-o-u+l-o-o-u+l-o-o-u-XE, ok, Never, 54 states, 0 positive, 474 negative.
    const file = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'lkmm', 'tests', 'manual', 'absperf', 'C-SB+l-o-o-u+l-o-o-u+l-o-o-u-XE.litmus');
    const lkmm = runBothWays(parse(readFileSync(file, 'utf8'), { model: 'lkmm' }, file));
    assert.equal(lkmm.stats.orbit, 3);
    assert.deepEqual([lkmm.observation, lkmm.states.length, lkmm.positive, lkmm.negative], ['Never', 54, 0, 474]);
    // POWER is stronger than the LKMM: its states are among the LKMM's.
    const power = runBothWays(parse(readFileSync(file, 'utf8'), models[1]!.options, file));
    assert.equal(power.stats.orbit, 3);
    const lkmmStates = new Set(stateLines(lkmm));
    assert.ok(stateLines(power).every((s) => lkmmStates.has(s)));
  });
});

describe('rotation symmetry: where there is none to use', () => {
  const orbit = (text: string) => runTest(parse(text, { model: 'lkmm' })).stats.orbit;

  it('is used on the plain ring (the cases below each break one thing of it)', () => {
    assert.equal(orbit(xchgRing('exists (0:r1=0 /\\ 1:r1=0 /\\ 2:r1=0)')), 3);
  });

  it('not with a filter, which prunes partial candidates', () => {
    assert.equal(orbit(xchgRing('filter (0:r1=0)\nexists (0:r1=0 /\\ 1:r1=0 /\\ 2:r1=0)')), 1);
  });

  it('not when the observed locations are not closed under the rotation', () => {
    // 1:r1 is observed and 2:r1 is not: a rotated state could not be written down.
    assert.equal(orbit(xchgRing('exists (0:r1=0 /\\ 1:r1=0)')), 1);
    assert.equal(orbit(xchgRing('exists (0:r1=0)')), 1);
  });

  it('not when one thread differs', () => {
    const text = ring(3, () => 'int *s', (i) => `\tint r1;\n\tr1 = xchg(s, ${i === 2 ? 2 : 1});`, 'exists (0:r1=0 /\\ 1:r1=0 /\\ 2:r1=0)');
    assert.equal(orbit(text), 1);
  });

  it('not when the initial state tells the renamed locations apart', () => {
    const text = ring(3, (i) => `int *s, int *x${i}`, (i) => `\tint r1;\n\tr1 = xchg(s, 1);\n\tWRITE_ONCE(*x${i}, r1);`, 'exists (x0=0 /\\ x1=0 /\\ x2=0)', 'x0=1;');
    assert.equal(orbit(text), 1);
    const symmetric = ring(3, (i) => `int *s, int *x${i}`, (i) => `\tint r1;\n\tr1 = xchg(s, 1);\n\tWRITE_ONCE(*x${i}, r1);`, 'exists (x0=0 /\\ x1=0 /\\ x2=0)', 'x0=1; x1=1; x2=1;');
    assert.equal(orbit(symmetric), 3);
  });

  it('not without a location the rotation keeps (a store-buffering ring)', () => {
    const text = ring(3, (i) => `int *x${i}, int *x${(i + 1) % 3}`, (i) => `\tint r1;\n\tWRITE_ONCE(*x${i}, 1);\n\tr1 = READ_ONCE(*x${(i + 1) % 3});`, 'exists (0:r1=0 /\\ 1:r1=0 /\\ 2:r1=0)');
    assert.equal(orbit(text), 1);
  });
});
