/**
 * Strongly connected components (src/relations/components.ts) on small
 * graphs whose components are worked out by hand in each test.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Components } from '../../src/relations/components.ts';

/** Components of the graph with `size` nodes and these arcs, as a list of node groups (each sorted, groups by first node). */
function groups(size: number, arcs: [number, number][]): number[][] {
  const starts = new Int32Array(size + 1);
  for (const [a] of arcs) starts[a + 1]!++;
  for (let v = 0; v < size; v++) starts[v + 1]! += starts[v]!;
  const next = starts.slice(0, size);
  const targets = new Int32Array(arcs.length);
  for (const [a, b] of arcs) targets[next[a]!++] = b;
  const c = new Components(size);
  c.compute(starts, starts.subarray(1), targets);
  const byComponent = new Map<number, number[]>();
  for (let v = 0; v < size; v++) {
    const group = byComponent.get(c.component[v]!) ?? [];
    group.push(v);
    byComponent.set(c.component[v]!, group);
  }
  return [...byComponent.values()].sort((x, y) => x[0]! - y[0]!);
}

describe('strongly connected components', () => {
  it('a chain has one component per node', () => {
    assert.deepEqual(groups(4, [[0, 1], [1, 2], [2, 3]]), [[0], [1], [2], [3]]);
  });

  it('a cycle is one component, and what it only reaches stays apart', () => {
    // 0 -> 1 -> 2 -> 0 is a cycle; 3 is reached from it but reaches nothing.
    assert.deepEqual(groups(4, [[0, 1], [1, 2], [2, 0], [2, 3]]), [[0, 1, 2], [3]]);
  });

  it('two cycles joined one way are two components; a back arc merges them', () => {
    const arcs: [number, number][] = [[0, 1], [1, 0], [1, 2], [2, 3], [3, 2]];
    assert.deepEqual(groups(4, arcs), [[0, 1], [2, 3]]);
    assert.deepEqual(groups(4, [...arcs, [3, 0]]), [[0, 1, 2, 3]]);
  });

  it('a self-loop and isolated nodes', () => {
    assert.deepEqual(groups(3, [[1, 1]]), [[0], [1], [2]]);
  });

  it('a long path needs no recursion', () => {
    // 20,000 nodes in one cycle: a recursive search would overflow the stack.
    const n = 20_000;
    const arcs: [number, number][] = Array.from({ length: n }, (_, i) => [i, (i + 1) % n]);
    assert.equal(groups(n, arcs).length, 1);
  });
});
