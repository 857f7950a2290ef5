/**
 * Each ppc.cat axiom on a shape where it alone decides. For each test the
 * comment derives, from the cat definitions, which axiom must reject the
 * outcome's candidates; the assertions check the engine agrees.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { run, states, verdictsOfOutcome } from './helpers.ts';

describe('scperlocation (uniproc)', () => {
  // CoRR: reading x=1 then x=0 gives R1 -po-loc-> R2 -fr-> W -rf-> R1, a cycle in
  // po-loc | rf | fr | co. Every candidate with that outcome breaks scperlocation first.
  const CoRR = `PPC CoRR
{ 0:r2=x; 1:r2=x; }
 P0           | P1           ;
 li r1,1      | lwz r1,0(r2) ;
 stw r1,0(r2) | lwz r3,0(r2) ;
exists (1:r1=1 /\\ 1:r3=0)`;

  it('forbids reading new then old', () => {
    const r = run(CoRR);
    assert.equal(r.observation, 'Never');
    // The other three (r1, r3) pairs are coherent: 0/0, 0/1, 1/1.
    assert.deepEqual(states(r), ['1:r1=0; 1:r3=0;', '1:r1=0; 1:r3=1;', '1:r1=1; 1:r3=1;']);
  });

  it('names scperlocation for every candidate of the outcome', () => {
    const verdicts = verdictsOfOutcome(CoRR);
    assert.ok(verdicts.length > 0);
    assert.ok(verdicts.every((v) => v === 'scperlocation'));
  });
});

describe('atomic', () => {
  // Two lwarx/stwcx. increments. If both lwarx read the initial 0, whichever
  // store is co-first, the other thread's pair has R -fre-> (first store) -coe->
  // its own store, so rmw & (fre;coe) is not empty. Coherence alone allows it.
  // litmus/rmw/ATOM-INC.litmus: `L: lwarx; addi 1; stwcx.; bne L` on both threads, exists (x=1).
  const INC = readFileSync(new URL('../../litmus/rmw/ATOM-INC.litmus', import.meta.url), 'utf8');

  it('never loses an increment, and explores the retry loops exactly', () => {
    const r = run(INC);
    assert.equal(r.observation, 'Never');
    assert.equal(r.loopBoundHit, false, 'successful-iteration exploration needs no unrolling');
    // One increment reads 0 and writes 1, the other reads 1 and writes 2.
    assert.deepEqual(states(r), ['0:r1=1; 1:r1=2; [x]=2;', '0:r1=2; 1:r1=1; [x]=2;']);
  });

  it('names atomic for the lost-update candidates', () => {
    const verdicts = verdictsOfOutcome(INC);
    assert.ok(verdicts.includes('atomic'));
    assert.ok(!verdicts.includes(null));
  });
});

describe('thinair', () => {
  // LB+datas: each read feeds, by a data dependency, a write the other thread
  // reads. Reading 1 on both sides needs R0 -data-> W0 -rfe-> R1 -data-> W1 -rfe-> R0;
  // data is in ii0 hence ppo (R*W via ic), rfe is in hb: a cycle in hb.
  const LBdatas = `PPC LB+datas
{ 0:r2=x; 0:r4=y; 1:r2=y; 1:r4=x; }
 P0           | P1           ;
 lwz r1,0(r2) | lwz r1,0(r2) ;
 xor r3,r1,r1 | xor r3,r1,r1 ;
 addi r3,r3,1 | addi r3,r3,1 ;
 stw r3,0(r4) | stw r3,0(r4) ;
exists (0:r1=1 /\\ 1:r1=1)`;

  it('forbids load buffering through data dependencies', () => {
    assert.equal(run(LBdatas).observation, 'Never');
    assert.deepEqual(verdictsOfOutcome(LBdatas), ['thinair']);
  });

  it('allows it without the dependencies (LB)', () => {
    const LB = LBdatas.replaceAll(' xor r3,r1,r1 | xor r3,r1,r1 ;\n', '').replaceAll('addi r3,r3,1', 'li r3,1     ');
    assert.ok(!LB.includes('xor') && !LB.includes('addi'));
    assert.equal(run(LB).observation, 'Sometimes');
  });
});

describe('propagation', () => {
  // 2+2W+lwsyncs: lwsync orders W->W, so each thread's two writes are in
  // propbase & (W*W), hence prop. x=1 /\ y=1 needs co edges y2->y1 and x2->x1
  // (each thread's second write co-before the other's first): with the two prop
  // edges that is a cycle in co|prop. There are no reads, so fre is empty and
  // observation cannot fail; hb has no cross-thread edge, so thinair holds.
  const W2 = `PPC 2+2W+lwsyncs
{ 0:r5=x; 0:r6=y; 0:r1=1; 0:r2=2; 1:r5=x; 1:r6=y; 1:r1=1; 1:r2=2; }
 P0           | P1           ;
 stw r1,0(r5) | stw r1,0(r6) ;
 lwsync       | lwsync       ;
 stw r2,0(r6) | stw r2,0(r5) ;
exists (x=1 /\\ y=1)`;

  it('forbids 2+2W with lwsyncs, by propagation alone', () => {
    const r = run(W2);
    assert.equal(r.observation, 'Never');
    assert.equal(r.positive + r.negative, 3, 'three of the four co combinations remain');
    assert.deepEqual(verdictsOfOutcome(W2), ['propagation']);
  });

  it('allows 2+2W without barriers', () => {
    assert.equal(run(W2.replaceAll('lwsync', 'nop')).observation, 'Sometimes');
  });
});

describe('observation', () => {
  // MP+lwsync+addr (herd doc Example B). Candidate: R y=1 reads W y (rfe), the
  // addr-dependent R x reads the initial x (fre to W x). prop contains
  // W x -lwsync-> W y (propbase & W*W); hb* contains W y -rfe-> R y -ppo-> R x.
  // So fre;prop;hb* is reflexive at R x: observation. prop is only W x -> W y and
  // co never goes back from y to x, so propagation holds (herd: forbidden by
  // observation only).
  const MPlwsyncAddr = `PPC MP+lwsync+addr
{ 0:r2=x; 0:r4=y; 1:r2=y; 1:r5=x; }
 P0           | P1            ;
 li r1,1      | lwz r1,0(r2)  ;
 stw r1,0(r2) | xor r3,r1,r1  ;
 lwsync       | lwzx r4,r3,r5 ;
 li r3,1      |               ;
 stw r3,0(r4) |               ;
exists (1:r1=1 /\\ 1:r4=0)`;

  it('forbids MP+lwsync+addr by observation only', () => {
    const r = run(MPlwsyncAddr);
    assert.equal(r.observation, 'Never');
    assert.deepEqual(r.positive + r.negative, 3);
    assert.deepEqual(verdictsOfOutcome(MPlwsyncAddr), ['observation']);
  });

  // MP+sync+addr, same candidate: prop = chapo? ; propbase* ; strong ; hb* now
  // contains R x -fre-> W x -sync-> W y -rfe-> R y -ppo-> R x (chapo = fre,
  // propbase* = id), a self-loop in co|prop: propagation fails; the same path
  // after fre makes fre;prop;hb* reflexive: observation fails too (herd: both).
  // ppc-checks.cat states propagation first.
  it('forbids MP+sync+addr, propagation being the first check to fail', () => {
    const MPsyncAddr = MPlwsyncAddr.replace(' lwsync       |', ' sync         |');
    assert.notEqual(MPsyncAddr, MPlwsyncAddr);
    assert.equal(run(MPsyncAddr).observation, 'Never');
    assert.deepEqual(verdictsOfOutcome(MPsyncAddr), ['propagation']);
  });

  it('allows MP with lwsync but no dependency (MP+lwsync+po)', () => {
    const MPlwsyncPo = MPlwsyncAddr.replace(' xor r3,r1,r1 ', ' li r3,0      ');
    assert.notEqual(MPlwsyncPo, MPlwsyncAddr);
    assert.equal(run(MPlwsyncPo).observation, 'Sometimes');
  });
});

describe('scXX', () => {
  // 2+2W where every write is a successful stwcx. after a lwarx of the same
  // location; r7/r8 record each stwcx.'s success. x=1 /\ y=1 needs co x: P1's
  // write before P0's, and y: P0's before P1's. Then
  // P0 Wx -xx-> P0 Wy -co-> P1 Wy -xx-> P1 Wx -co-> P0 Wx is a cycle in co | xx.
  // No fence or dependency orders anything, so prop is empty and hb has only
  // rfe plus R->W po-loc edges: the other checks pass on the candidate whose
  // lwarx read the co-previous write (atomic holds), which scXX alone rejects.
  const W2EX = `PPC 2+2W+exclusives
{ 0:r2=x; 0:r5=y; 0:r3=1; 0:r6=2; 1:r2=y; 1:r5=x; 1:r3=1; 1:r6=2; }
 P0              | P1              ;
 lwarx r1,r0,r2  | lwarx r1,r0,r2  ;
 stwcx. r3,r0,r2 | stwcx. r3,r0,r2 ;
 bne F0          | bne F0          ;
 li r7,1         | li r7,1         ;
 F0:             | F0:             ;
 lwarx r4,r0,r5  | lwarx r4,r0,r5  ;
 stwcx. r6,r0,r5 | stwcx. r6,r0,r5 ;
 bne F1          | bne F1          ;
 li r8,1         | li r8,1         ;
 F1:             | F1:             ;
exists (0:r7=1 /\\ 0:r8=1 /\\ 1:r7=1 /\\ 1:r8=1 /\\ x=1 /\\ y=1)`;

  it('forbids 2+2W made of exclusive writes', () => {
    const verdicts = verdictsOfOutcome(W2EX);
    assert.equal(run(W2EX).observation, 'Never');
    assert.ok(verdicts.includes('scXX'), `verdicts: ${verdicts.join(', ')}`);
    assert.ok(!verdicts.includes(null));
  });
});
