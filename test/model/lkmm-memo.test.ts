/**
 * The memoised LKMM verdict (src/model/verdict-memo.ts) against the model
 * itself: on every candidate execution, consistent or not, of a fixed slice
 * of the kernel-C corpus (every 60th test of ../shared/corpus/lkmm, which
 * has locks, RCU, SRCU, RMWs and plain accesses) and of shapes where the
 * dropped edges matter, lkmmViolation must name the axiom checkLkmm names.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LitmusError } from '../../src/diagnostics.ts';
import { exploreLkmmExecutions, runTest } from '../../src/engine.ts';
import type { LkmmStructure } from '../../src/events/c-structure.ts';
import type { LkmmTest } from '../../src/ir/c-program.ts';
import type { Candidate } from '../../src/search/candidate.ts';
import { checkLkmm, lkmmViolation } from '../../src/model/lkmm.ts';
import { finalValue } from '../../src/outcome/collect.ts';
import { holds } from '../../src/outcome/condition.ts';
import { parseForModel } from '../../src/parse/litmus.ts';
import { LKMM_CORPUS, lkmmCorpusTests } from '../../scripts/corpus.ts';
import { lkmm, litmus } from './helpers.ts';

/**
 * Candidates of the test where the memo and the model disagree (among its
 * first 20,000), and how many candidates were compared. Then the pruned
 * search, which settles subtrees, must visit exactly the candidates the
 * model accepts (compared by their rf and co).
 */
function disagreements(test: LkmmTest): { differ: string[]; candidates: number } {
  const differ: string[] = [];
  let candidates = 0;
  const accepted = new Set<string>();
  // The structure by its events and assumptions (branch outcomes, addresses), then rf and co.
  const key = (c: Candidate<LkmmStructure>) =>
    `${c.structure.events.map((e) => e.kind + e.location).join()}|${JSON.stringify(c.structure.constraints)}|${c.rfSource.join()}|${c.co.key()}`;
  try {
    exploreLkmmExecutions(test, { includeInconsistent: true, maxExecutions: 20_000 }, ({ candidate, values }) => {
      candidates++;
      const memo = lkmmViolation(candidate), model = checkLkmm(candidate).violated;
      if (memo !== model) differ.push(`${test.name}: memo ${memo}, model ${model}`);
      // The pruned search also cuts where the filter is already false.
      const filtered = test.filter !== null && !holds(test.filter, (loc) => finalValue(candidate, values, loc));
      if (model === null && !filtered) accepted.add(key(candidate));
    });
  } catch (e) {
    if (!(e instanceof LitmusError) || e.kind !== 'limit') throw e;
    return { differ, candidates };
  }
  const visited = new Set<string>();
  exploreLkmmExecutions(test, {}, ({ candidate, values }) => {
    if (test.filter === null || holds(test.filter, (loc) => finalValue(candidate, values, loc))) visited.add(key(candidate));
  });
  const missing = [...accepted].filter((k) => !visited.has(k)).length, extra = [...visited].filter((k) => !accepted.has(k)).length;
  if (missing + extra > 0) differ.push(`${test.name}: the pruned search misses ${missing} accepted candidates and visits ${extra} others`);
  return { differ, candidates };
}

describe('memoised LKMM verdicts', () => {
  it('agree with the model on an RCU ring, where most candidates share the empty key', () => {
    // Three CPUs, two grace periods and a reader: of the 8 candidates only the
    // one reading every write closes the ring (rcu, cat:148); the other 7 break
    // the ring at a read of the initial value, whose fr edge leaves a write
    // that reaches nothing, so no communication edge lies inside a component.
    const test = lkmm(litmus('ring', `
P0(int *x0, int *x1) { int r1 = READ_ONCE(*x0); synchronize_rcu(); WRITE_ONCE(*x1, 1); }
P1(int *x1, int *x2) { int r1 = READ_ONCE(*x1); synchronize_rcu(); WRITE_ONCE(*x2, 1); }
P2(int *x2, int *x0) { rcu_read_lock(); int r1 = READ_ONCE(*x2); WRITE_ONCE(*x0, 1); rcu_read_unlock(); }
exists (0:r1=1 /\\ 1:r1=1 /\\ 2:r1=1)`));
    const { differ, candidates } = disagreements(test);
    assert.equal(candidates, 8);
    assert.equal(runTest(test).positive + runTest(test).negative, 7);
    assert.deepEqual(differ, []);
  });

  it('agree with the model where only an RMW closes the walk (atomic, cat:61)', () => {
    // P0's xchg reads 0 (initial) while P1's write lands between the read and
    // the xchg's write in co: rmw & (fre ; coe), no cycle of po | com alone.
    const test = lkmm(litmus('atomic', `
P0(int *x) { int r0 = xchg(x, 2); }
P1(int *x) { WRITE_ONCE(*x, 1); }
exists (0:r0=0 /\\ x=2)`));
    assert.deepEqual(disagreements(test).differ, []);
  });

  it('agree with the model on every 60th corpus test', { skip: !existsSync(LKMM_CORPUS) && 'LKMM corpus not found' }, () => {
    const slice = lkmmCorpusTests().filter((t) => t.status === 'ok').filter((_, i) => i % 60 === 0);
    const differ: string[] = [];
    for (const t of slice) differ.push(...disagreements(parseForModel(readFileSync(t.path, 'utf8'), t.path, { model: 'lkmm' }) as LkmmTest).differ);
    assert.ok(slice.length > 50, `slice of ${slice.length} tests`);
    assert.deepEqual(differ.slice(0, 10), []);
  });
});

describe('read rules cut the search exactly', { skip: !existsSync(LKMM_CORPUS) && 'LKMM corpus not found' }, () => {
  const absperf = (name: string) => {
    const path = `${LKMM_CORPUS}/tests/manual/absperf/${name}.litmus`;
    return parseForModel(readFileSync(path, 'utf8'), path, { model: 'lkmm' }) as LkmmTest;
  };

  it('an RMW that must read 0 (a lock, cmpxchg success, a filter on xchg) is placed only after a write of 0', () => {
    // herd7's counts (lkmm.tsv): Never with 2/2, 10/18, 10/18, 6/6, 54/474 and 30/120 states/executions.
    const herd: [string, number, number][] = [
      ['C-SB+l-o-o-u+l-o-o-u-C', 2, 2], ['C-SB+l-o-o-u+l-o-o-u-CE', 10, 18], ['C-SB+l-o-o-u+l-o-o-u-XE', 10, 18],
      ['C-SB+l-o-o-u+l-o-o-u+l-o-o-u-X', 6, 6], ['C-SB+l-o-o-u+l-o-o-u+l-o-o-u-XE', 54, 474], ['C-SB+l-o-o-u+l-o-o-u+l-o-o-u+l-o-o-u+l-o-o-u', 30, 120],
    ];
    for (const [name, states, executions] of herd) {
      const r = runTest(absperf(name));
      assert.deepEqual([name, r.observation, r.states.length, r.positive + r.negative], [name, 'Never', states, executions]);
    }
  });

  it('the pruned search visits exactly the candidates the model accepts and the filter keeps', () => {
    for (const name of ['C-SB+l-o-o-u+l-o-o-u-C', 'C-SB+l-o-o-u+l-o-o-u-CE', 'C-SB+l-o-o-u+l-o-o-u-XE', 'C-SB+l-o-o-u+l-o-o-u']) {
      assert.deepEqual(disagreements(absperf(name)).differ, []);
    }
  });
});
