/**
 * Barrier ablation on shapes whose answers are known from herd7's corpus
 * verdicts (../shared/corpus/ppc-campaign.tsv): MP+syncs Never; MP+po+sync and
 * MP+sync+po Sometimes; MP+lwsync+sync and MP+sync+lwsync Never;
 * SB+sync+po and SB+lwsync+sync Sometimes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ablate } from '../../src/barriers/ablation.ts';
import { ppcOrderingPoints } from '../../src/barriers/ppc-points.ts';
import { parse } from '../engine/helpers.ts';

const MP_SYNCS = `PPC MP+syncs
(* Result: Never *)
{ 0:r2=x; 0:r4=y; 1:r2=y; 1:r4=x; }
 P0           | P1           ;
 li r1,1      | lwz r1,0(r2) ;
 stw r1,0(r2) | sync         ;
 sync         | lwz r3,0(r4) ;
 li r3,1      |              ;
 stw r3,0(r4) |              ;
exists (1:r1=1 /\\ 1:r3=0)`;

const SB_SYNCS = `PPC SB+syncs
(* Result: Never *)
{ 0:r2=x; 0:r4=y; 1:r2=y; 1:r4=x; }
 P0           | P1           ;
 li r1,1      | li r1,1      ;
 stw r1,0(r2) | stw r1,0(r2) ;
 sync         | sync         ;
 lwz r3,0(r4) | lwz r3,0(r4) ;
exists (0:r3=0 /\\ 1:r3=0)`;

describe('barrier ablation', () => {
  it('MP+syncs: each sync is needed, and each could be an lwsync', () => {
    const report = ablate(ppcOrderingPoints(parse(MP_SYNCS)));
    assert.equal(report.target, 'Never');
    assert.equal(report.targetSource, 'expected');
    assert.deepEqual(report.points.map((p) => [p.point.label, p.withoutIt, p.weakened, p.classification]), [
      ['P0 line 7: sync', 'Sometimes', 'Never', 'could be weaker'], // MP+po+sync, MP+lwsync+sync
      ['P1 line 6: sync', 'Sometimes', 'Never', 'could be weaker'], // MP+sync+po, MP+sync+lwsync
    ]);
    assert.equal(report.minimalSet?.length, 2, 'no single sync keeps MP forbidden');
    assert.equal(report.minimalExact, true);
  });

  it('SB+syncs: both syncs are necessary, lwsync does not order W->R', () => {
    const report = ablate(ppcOrderingPoints(parse(SB_SYNCS)));
    assert.deepEqual(report.points.map((p) => p.classification), ['necessary', 'necessary']);
    assert.deepEqual(report.points.map((p) => p.weakened), ['Sometimes', 'Sometimes']); // SB+lwsync+sync
  });

  it('finds a fence that orders nothing redundant and leaves it out of the minimal set', () => {
    // A sync before P0's first access has nothing po-before it to order.
    const withExtra = MP_SYNCS.replace(' li r1,1      | lwz r1,0(r2) ;', ' sync         | lwz r1,0(r2) ;\n li r1,1      |              ;');
    assert.notEqual(withExtra, MP_SYNCS);
    const report = ablate(ppcOrderingPoints(parse(withExtra)));
    assert.equal(report.points[0]!.classification, 'redundant');
    assert.deepEqual(report.minimalSet?.map((p) => p.label), ['P0 line 8: sync', 'P1 line 7: sync']);
  });

  it('uses the result as written when the test has no expectation', () => {
    const report = ablate(ppcOrderingPoints(parse(MP_SYNCS.replace('(* Result: Never *)\n', ''))));
    assert.equal(report.targetSource, 'as written');
    assert.equal(report.target, 'Never');
  });
});
