/**
 * Relation closures (src/relations/relation.ts) against their definitions:
 * r+ is the least relation containing r and closed under composition, which
 * the naive fixpoint below computes pair by pair; a relation is acyclic when
 * its r+ is irreflexive. Random relations of 1 to 40 events cover one and two
 * words per row, cyclic and acyclic ones (sparse ones are mostly acyclic).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Relation } from '../../src/relations/relation.ts';

const relations = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.record({ n: fc.constant(n), density: fc.constantFrom(0.03, 0.08, 0.2, 0.5), seed: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }) }),
).map(({ n, density, seed }) => {
  const pairs: [number, number][] = [];
  seed.forEach((x, k) => { if (x < density) pairs.push([Math.floor(k / n), k % n]); });
  return { n, pairs };
});

function build(n: number, pairs: [number, number][]): Relation {
  const r = new Relation(n);
  for (const [a, b] of pairs) r.add(a, b);
  return r;
}

/** r+ by adding (a, c) for every a r+ b r c until nothing changes. */
function naiveClosure(pairs: [number, number][]): Set<string> {
  const closure = new Set(pairs.map(([a, b]) => `${a},${b}`));
  for (let changed = true; changed;) {
    changed = false;
    for (const ab of [...closure]) {
      const [a, b] = ab.split(',').map(Number) as [number, number];
      for (const [c, d] of pairs) {
        if (c === b && !closure.has(`${a},${d}`)) {
          closure.add(`${a},${d}`);
          changed = true;
        }
      }
    }
  }
  return closure;
}

describe('relation closures', () => {
  it('plus() is the transitive closure and isAcyclic() says whether it is irreflexive', () => {
    fc.assert(fc.property(relations, ({ n, pairs }) => {
      const r = build(n, pairs);
      const expected = naiveClosure(pairs);
      const plus = r.plus();
      const got = new Set([...plus.pairs()].map(([a, b]) => `${a},${b}`));
      assert.deepEqual(got, expected);
      const acyclic = ![...expected].some((ab) => ab.split(',')[0] === ab.split(',')[1]);
      assert.equal(r.isAcyclic(), acyclic);
      // The relation itself is left as it was.
      assert.deepEqual([...r.pairs()].map(([a, b]) => `${a},${b}`).sort(), pairs.map(([a, b]) => `${a},${b}`).sort());
    }), { numRuns: 400, seed: 20261201 });
  });

  it('a chain closes to every forward pair, a cycle to every pair', () => {
    // 0 → 1 → … → 31: i r+ j exactly when i < j. Closing it into a ring
    // (31 → 0) puts every pair, the identity too, in r+.
    const chain: [number, number][] = Array.from({ length: 31 }, (_, i) => [i, i + 1]);
    const r = build(32, chain);
    assert.equal([...r.plus().pairs()].length, (32 * 31) / 2);
    assert.ok([...r.plus().pairs()].every(([a, b]) => a < b));
    assert.equal([...build(32, [...chain, [31, 0]]).plus().pairs()].length, 32 * 32);
  });
});
