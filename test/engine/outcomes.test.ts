/**
 * Outcome collection (src/outcome/collect.ts): distinct final states in
 * herd's order, each marked by whether it satisfies the outcome, and the
 * execution counts. Expected results are derived in the comments.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, states } from './helpers.ts';

describe('final states', () => {
  it('SB without fences: all four states, in herd order, only 0:r1=0 /\\ 1:r1=0 satisfying', () => {
    // Each read may see the initial value or the other thread's store (ppc.cat
    // orders no W->R pair without a fence), so every pair of values is
    // reached, each by one execution. herd orders states by their values,
    // location by location (0:r1 before 1:r1).
    const result = run(`PPC SB
{ 0:r2=x; 0:r4=y; 1:r2=y; 1:r4=x; }
 P0           | P1           ;
 li r1,1      | li r1,1      ;
 stw r1,0(r2) | stw r1,0(r2) ;
 lwz r3,0(r4) | lwz r3,0(r4) ;
exists (0:r3=0 /\\ 1:r3=0)`);
    assert.deepEqual(states(result), ['0:r3=0; 1:r3=0;', '0:r3=0; 1:r3=1;', '0:r3=1; 1:r3=0;', '0:r3=1; 1:r3=1;']);
    assert.deepEqual(result.states.map((s) => s.satisfies), [true, false, false, false]);
    assert.equal(result.positive, 1);
    assert.equal(result.negative, 3);
  });

  it('a condition naming no location: one empty state, which satisfies it', () => {
    // With nothing observed every execution ends in the same (empty) state,
    // and `true` holds there: one state, satisfying, one execution counted.
    const result = run(`PPC T
{ 0:r2=x; }
 P0           ;
 li r1,1      ;
 stw r1,0(r2) ;
exists (true)`);
    assert.equal(result.states.length, 1);
    assert.deepEqual(result.states[0], { values: [], satisfies: true });
    assert.equal(result.positive, 1);
    assert.equal(result.observation, 'Always');
  });
});
