/**
 * Explanations of reachable and forbidden outcomes. Every expectation comes
 * from the herd7 facts in ../shared/docs/herd-format-and-ppc-model.md §1.6 or
 * from reasoning with the cat definitions written next to it, never from
 * running the explainer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainOutcome } from '../../src/explain/explain.ts';
import { parseStandaloneProp } from '../../src/parse/condition.ts';
import { resolveRegisterIn } from '../../src/parse/ppc.ts';
import { formatExplanation } from '../../src/explain/text.ts';
import { explanationText, groupAxioms, parseFixture, parseText, plain } from './helpers.ts';

// herd's Example B (fixture verbatim). Events: P0:12 stw x, P0:15 stw y (lwsync on
// line 13 between them), P1:11 lwz y, P1:13 lwzx x with an address dependency on
// the lwz. Each location has one write, so co is fixed and the outcome
// r1=1 /\ r4=0 fixes both rf choices (y from P0:15, x from the initial value):
// exactly one candidate reaches it.
const mpLwsyncAddr = parseFixture('MP+lwsync+addr.litmus');
// herd's Example A: the same shape with sync on line 11, its stores on lines 10 and 13.
const mpSyncAddr = parseFixture('MP+sync+addr.litmus');

describe('forbidden outcomes name the axioms and a minimal cycle', () => {
  it('MP+lwsync+addr: observation only (herd7 §1.6: -skipcheck observation makes it Sometimes)', () => {
    const e = explainOutcome(mpLwsyncAddr);
    assert.equal(e.witness, null);
    assert.equal(e.rejected?.candidates, 1);
    assert.deepEqual(groupAxioms(e), [['observation']]);
  });

  it('MP+lwsync+addr: the cycle is Rx -fre-> Wx -lwsync-> Wy -rfe-> Ry -addr-> Rx, read first', () => {
    // fre;prop;hb* reflexive at the read of x: lwsync puts Wx->Wy in propbase & (W*W),
    // rfe then the address dependency (ii0, so ppo for R->R) close it. Four edges, and no
    // shorter closed path exists: the cycle must visit both threads and both locations.
    const text = explanationText(mpLwsyncAddr);
    assert.ok(text.includes('P1:13 R x=0 -fre-> P0:12 W x=1 -lwsync-> P0:15 W y=1 -rfe-> P1:11 R y=1 -addr-> P1:13\n'), text);
    assert.ok(text.includes('= fre ; prop(propbase(lwsync)) ; hb*(rfe ; ppo(addr))'), text);
    assert.match(text, /never reachable \(0 of 3 executions reach it\)/);
  });

  it('MP+sync+addr: propagation first, observation too (herd7 §1.6: skipping one still gives Never)', () => {
    const e = explainOutcome(mpSyncAddr);
    assert.equal(e.witness, null);
    assert.deepEqual(groupAxioms(e), [['propagation', 'observation']]);
    // Both are the same four base edges: chapo(fre);sync;hb* is a prop edge from the read to itself.
    const group = e.rejected!.groups[0]!;
    for (const violation of [group.first, group.alsoBroken[0]!.violation]) {
      assert.deepEqual(violation.cycle.steps.map((s) => s.label), ['fre', 'sync', 'rfe', 'addr']);
    }
    const text = explanationText(mpSyncAddr);
    assert.ok(text.includes('P1:11 R x=0 -fre-> P0:10 W x=1 -sync-> P0:13 W y=1 -rfe-> P1:9 R y=1 -addr-> P1:11'), text);
    assert.match(text, /1 candidate execution breaks propagation — [^\n]*\n.*\n.*\n +it also breaks observation — /);
  });

  it('lists the code on the cycle, fences included, in program order', () => {
    const text = explanationText(mpLwsyncAddr);
    assert.match(text, /where\n +P0:12 +stw r1,0\(r2\)\n +P0:13 +lwsync\n +P0:15 +stw r3,0\(r4\)\n +P1:11 +lwz r1,0\(r2\)\n +P1:13 +lwzx r4,r3,r5\n/);
  });

  it('explains the legend of the relations it used', () => {
    const text = explanationText(mpLwsyncAddr);
    for (const label of ['fre', 'lwsync', 'rfe', 'addr']) assert.match(text, new RegExp(`\\n  ${label} +\\S`));
  });
});

describe('each axiom on a shape where it decides', () => {
  it('scperlocation: CoRR reads new then old', () => {
    // R1 -po-loc-> R2 -fre-> W -rfe-> R1 is a cycle in po-loc|rf|fr|co.
    const e = explainOutcome(parseText(`PPC CoRR
{ 0:r2=x; 1:r2=x; }
 P0           | P1           ;
 li r1,1      | lwz r1,0(r2) ;
 stw r1,0(r2) | lwz r3,0(r2) ;
exists (1:r1=1 /\\ 1:r3=0)`));
    assert.deepEqual(groupAxioms(e), [['scperlocation']]);
    assert.deepEqual(e.rejected!.groups[0]!.first.cycle.steps.map((s) => s.label), ['rfe', 'po-loc', 'fre']);
  });

  it('atomic: two increments that both read 0', () => {
    // Retry loops, so only successful stwcx. count. r1=1 on both sides means both lwarx
    // read 0. Whichever write is co-first, the other thread's lwarx (line 5) has fre to
    // it, and it is coe-before that thread's own stwcx. (line 7): rmw & (fre;coe). Both
    // reads see the initial value and each write follows its own read, so coherence holds.
    const e = explainOutcome(parseText(`PPC INC
{ 0:r2=x; 1:r2=x; }
 P0              | P1              ;
 L0:             | L1:             ;
 lwarx r1,r0,r2  | lwarx r1,r0,r2  ;
 addi r1,r1,1    | addi r1,r1,1    ;
 stwcx. r1,r0,r2 | stwcx. r1,r0,r2 ;
 bne L0          | bne L1          ;
exists (0:r1=1 /\\ 1:r1=1)`));
    assert.equal(e.rejected?.candidates, 2);
    assert.deepEqual(groupAxioms(e), [['atomic'], ['atomic']]);
    assert.match(formatExplanation(e, plain), /P(\d):5 R x=0 -fre-> P\d:7 W x=1 -coe-> P\1:7 W x=1 <-rmw- P\1:5\n/);
  });

  it('thinair: LB with address dependencies on both sides', () => {
    // Each read's address dependency to its thread's write is ppo (R->W through ii0);
    // with the two rfe edges that is a cycle in hb.
    const e = explainOutcome(parseText(`PPC LB+addrs
{ 0:r2=x; 0:r5=y; 1:r2=y; 1:r5=x; }
 P0            | P1            ;
 lwz r1,0(r2)  | lwz r1,0(r2)  ;
 xor r3,r1,r1  | xor r3,r1,r1  ;
 li r4,1       | li r4,1       ;
 stwx r4,r3,r5 | stwx r4,r3,r5 ;
exists (0:r1=1 /\\ 1:r1=1)`));
    assert.deepEqual(groupAxioms(e), [['thinair']]);
    assert.deepEqual(e.rejected!.groups[0]!.first.cycle.steps.map((s) => s.label), ['addr', 'rfe', 'addr', 'rfe']);
  });

  it('names ppo by its component: addr;po from ppc.cat addrpo, through the access it reaches', () => {
    // P0 reads x, uses it (falsely) in the address of a read of z, then writes y: addr;po is
    // in cc0, so c(Rx) -> c(Wy) is ic and, Rx being a read and Wy a write, ppo. P1 is LB's
    // other side with a data dependency. So Rx -addr;po-> Wy -rfe-> Ry -data-> Wx -rfe-> Rx breaks thinair.
    const text = explanationText(parseText(`PPC LB+addrpo+data
{ 0:r2=x; 0:r5=z; 0:r7=y; 1:r2=y; 1:r4=x; }
 P0            | P1           ;
 lwz r1,0(r2)  | lwz r1,0(r2) ;
 xor r3,r1,r1  | stw r1,0(r4) ;
 lwzx r4,r3,r5 |              ;
 li r6,1       |              ;
 stw r6,0(r7)  |              ;
exists (0:r1=1 /\\ 1:r1=1)`));
    assert.match(text, /breaks thinair — /);
    assert.match(text, /where\n +P0:4 +lwz r1,0\(r2\)\n +P0:6 +lwzx r4,r3,r5\n +P0:8 /);
    assert.ok(text.includes('P0:4 R x=1 -addr-> P0:6 R z=0 -po-> P0:8 W y=1 -rfe-> P1:4 R y=1 -data-> P1:5 W x=1 -rfe-> P0:4'), text);
    assert.ok(text.includes('ppo(addr;po)'), text);
  });
});

describe('reachable outcomes give a witness', () => {
  // MP without barriers (herd7: Sometimes, 1 positive / 3 negative). For r1=1 /\ r3=0 the
  // flag read (P1, line 4) must read P0's write of y (line 7) and the data read (P1, line 5)
  // the initial x, which P0's write of x (line 5) follows in co: fre.
  const mp = parseText(`PPC MP
{ 0:r2=x; 0:r4=y; 1:r2=y; 1:r4=x; }
 P0           | P1           ;
 li r1,1      | lwz r1,0(r2) ;
 stw r1,0(r2) | lwz r3,0(r4) ;
 li r3,1      |              ;
 stw r3,0(r4) |              ;
exists (1:r1=1 /\\ 1:r3=0)`);

  it('picks one consistent execution reaching the outcome, with its rf edges', () => {
    const e = explainOutcome(mp);
    assert.equal(e.reaching, 1);
    assert.equal(e.executions, 4);
    assert.equal(e.rejected, null);
    const w = e.witness!;
    const rf = [...w.relations.rf.pairs()].map(([a, b]) => `${w.names[a]}->${w.names[b]}`);
    assert.deepEqual(rf, ['P0:7->P1:4']);
    assert.deepEqual(w.finalState.map((s) => s.value), [1, 0]);
  });

  it('prints the threads in program order with values, rf, fr and the final state', () => {
    const text = explanationText(mp);
    assert.match(text, /reachable \(1 of 4 executions reach it\); the first found:/);
    assert.match(text, /P0:5 +stw r1,0\(r2\) +W x=1\n +P0:7 +stw r3,0\(r4\) +W y=1\n\n +P1:4 +lwz r1,0\(r2\) +R y=1 +rfe from P0:7\n +P1:5 +lwz r3,0\(r4\) +R x=0 +reads the initial value; fre to P0:5\n/);
    assert.match(text, /final state: 1:r1=1; 1:r3=0;/);
  });

  it('shows dependencies and fences in the witness', () => {
    // r1=0 /\ r4=0 is reachable in MP+lwsync+addr (both reads see initial values).
    const text = explanationText(mpLwsyncAddr, { outcome: parseOutcome('1:r1=0 /\\ 1:r4=0') });
    assert.match(text, /P0:13 +lwsync\n/);
    assert.match(text, /P1:13 +lwzx r4,r3,r5 +R x=0 +reads the initial value; fre to P0:12; addr from P1:11/);
  });

  it('with includeRejected, also explains the rejected candidates reaching a reachable outcome', () => {
    // In MP+lwsync+addr, r4=0 alone is reached by two candidates: r1=0 (consistent) and
    // r1=1 (the one observation rejects).
    const e = explainOutcome(mpLwsyncAddr, { outcome: parseOutcome('1:r4=0'), includeRejected: true });
    assert.notEqual(e.witness, null);
    assert.deepEqual(groupAxioms(e), [['observation']]);
  });
});

describe('outcomes no candidate reaches', () => {
  it('says the values cannot arise at all', () => {
    const e = explainOutcome(mpLwsyncAddr, { outcome: parseOutcome('1:r1=2') });
    assert.equal(e.witness, null);
    assert.equal(e.rejected?.candidates, 0);
    assert.match(explanationText(mpLwsyncAddr, { outcome: parseOutcome('1:r1=2') }), /No candidate execution reaches it, even before the model is applied/);
  });
});

describe('grouping', () => {
  it('puts candidates that differ only off the cycle in one group', () => {
    // MP+lwsync+addr plus two threads writing z, which nothing reads: the two co orders of z
    // give two candidates with the same outcome and the same observation cycle.
    const e = explainOutcome(parseText(`PPC MP+lwsync+addr+zz
{ 0:r2=x; 0:r4=y; 1:r2=y; 1:r5=x; 2:r2=z; 3:r2=z; }
 P0           | P1            | P2           | P3           ;
 li r1,1      | lwz r1,0(r2)  | li r1,1      | li r1,2      ;
 stw r1,0(r2) | xor r3,r1,r1  | stw r1,0(r2) | stw r1,0(r2) ;
 lwsync       | lwzx r4,r3,r5 |              |              ;
 li r3,1      |               |              |              ;
 stw r3,0(r4) |               |              |              ;
exists (1:r1=1 /\\ 1:r4=0)`));
    assert.equal(e.rejected?.candidates, 2);
    assert.equal(e.rejected?.groups.length, 1);
    assert.equal(e.rejected?.groups[0]!.count, 2);
  });

  it('shows every value a cycle access takes across its group', () => {
    // x=2 at the end puts P0's write (1) co-before P1's (2). P1's read after its own write
    // then reads the initial 0 or P0's 1 (r3=2 is excluded): two candidates, each with
    // W2 -po-loc-> R -fri-> W2 (CoWR), the read's value being the only difference.
    const text = explanationText(parseText(`PPC CoWR
{ 0:r2=x; 1:r2=x; }
 P0           | P1           ;
 li r1,1      | li r1,2      ;
 stw r1,0(r2) | stw r1,0(r2) ;
              | lwz r3,0(r2) ;
exists (x=2 /\\ ~(1:r3=2))`));
    assert.match(text, /2 candidate executions break scperlocation — .*\n +P1:5 W x=2 -po-loc-> P1:6 R x=0\|1 -fri-> P1:5\n/);
  });
});

/** An outcome as `explain --outcome` reads it, over a two-thread test. */
function parseOutcome(text: string) {
  return parseStandaloneProp(text, '--outcome', resolveRegisterIn(2));
}
