/**
 * Instruction semantics as herd computes them: dependencies from register
 * dataflow, reservations, loops and unrolling. Expected values follow herd's
 * PPC semantics (herd/PPCSem.ml, summarised in the test comments).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DepSet, threadPaths, type ThreadPath } from '../../src/events/paths.ts';
import { eventStructures } from '../../src/events/structure.ts';
import { LitmusError } from '../../src/diagnostics.ts';
import { parse, run, states } from './helpers.ts';

/** The single path of thread 0 of a one-thread test. */
function onlyPath(code: string, init = '0:r2=x; 0:r5=y;'): ThreadPath {
  const test = parse(`PPC T\n{ ${init} }\n P0 ;\n${code.trim().split('\n').map((l) => ` ${l.trim()} ;`).join('\n')}\nexists (0:r1=0)`);
  const { paths } = threadPaths(test, 0, 2);
  assert.equal(paths.length, 1, 'one control path');
  return paths[0]!;
}

const set = (...reads: number[]): DepSet => reads.reduce((d, r) => d | (1n << BigInt(r)), 0n);

describe('dependencies', () => {
  it('gives addr through a false dependency (xor r,r): herd keeps it', () => {
    const p = onlyPath(`
      lwz r1,0(r2)
      xor r3,r1,r1
      lwzx r4,r3,r5`);
    assert.equal(p.events[1]!.addrDeps, set(0));
    assert.deepEqual(p.events[1]!.address, { kind: 'const', value: 'y' }, 'address is still static: y + 0');
  });

  it('gives data from the stored register and none through li', () => {
    const p = onlyPath(`
      lwz r1,0(r2)
      stw r1,0(r5)
      li r1,1
      stw r1,0(r5)`);
    assert.equal(p.events[1]!.dataDeps, set(0));
    assert.equal(p.events[2]!.dataDeps, 0n, 'li writes a constant: no dependency');
  });

  it('propagates dependencies through arithmetic and mr', () => {
    const p = onlyPath(`
      lwz r1,0(r2)
      addi r3,r1,2
      mr r4,r3
      stw r4,0(r5)`);
    assert.equal(p.events[1]!.dataDeps, set(0));
  });

  it('gives ctrl to everything after a dependent branch, and ctrlisync after an isync', () => {
    const p = onlyPath(`
      lwz r1,0(r2)
      cmpw r1,r1
      beq L
      L: lwz r3,0(r5)
      isync
      lwz r4,0(r5)`);
    // cmpw r1,r1 is always EQ: one path, but the branch still reads r1.
    assert.equal(p.events[1]!.ctrlDeps, set(0));
    assert.equal(p.events[1]!.ctrlIsyncDeps, 0n, 'the isync comes after this read');
    assert.equal(p.events[2]!.ctrlIsyncDeps, set(0));
  });

  it('reads r0 as zero in the RA slot of indexed forms', () => {
    // With r0 holding the address of y, lwzx r1,r0,r2 still addresses 0 + r2 = x.
    const p = onlyPath('lwzx r1,r0,r2', '0:r0=y; 0:r2=x;');
    assert.deepEqual(p.events[0]!.address, { kind: 'const', value: 'x' });
  });
});

describe('reservations', () => {
  it('lets a lone stwcx. fail spuriously or succeed', () => {
    const r = run(`PPC STCX
{ 0:r2=x; 0:r3=5; }
 P0              ;
 lwarx r1,r0,r2  ;
 stwcx. r3,r0,r2 ;
 beq OK          ;
 li r4,2         ;
 b END           ;
 OK: li r4,1     ;
 END:            ;
exists (0:r4=1)`);
    // Success writes 5 and sets EQ (r4=1); failure writes nothing (r4=2, x stays 0).
    assert.deepEqual(states(r), ['0:r4=1;', '0:r4=2;']);
    assert.equal(r.observation, 'Sometimes');
  });

  it('cannot succeed without a reservation', () => {
    const r = run(`PPC NORES
{ 0:r2=x; 0:r3=5; }
 P0              ;
 stwcx. r3,r0,r2 ;
locations [x;]
exists (x=5)`);
    assert.equal(r.observation, 'Never');
  });
});

describe('reservation retry loops', () => {
  // P0 takes the lock (lwarx sees 0, stwcx. stores 1) and releases it (stores 0);
  // P1 takes it. If P1 took it first, P0 would spin forever: no final state. So
  // every finite execution has P0 release before P1 acquires, and l ends at 1.
  // The lock-held and stwcx.-failed iterations write nothing and their registers
  // are redone, so they are dropped rather than unrolled: no loop-bound flag.
  const LOCKS = `PPC LOCKS
{ 0:r2=l; 0:r3=1; 0:r4=0; 1:r2=l; 1:r3=1; }
 P0              | P1              ;
 L0:             | L1:             ;
 lwarx r1,r0,r2  | lwarx r1,r0,r2  ;
 cmpwi r1,0      | cmpwi r1,0      ;
 bne L0          | bne L1          ;
 stwcx. r3,r0,r2 | stwcx. r3,r0,r2 ;
 bne L0          | bne L1          ;
 stw r4,0(r2)    |                 ;
exists (l=1)`;

  it('explores a lock found taken as a retry, exactly and without unrolling', () => {
    const r = run(LOCKS);
    assert.equal(r.observation, 'Always');
    assert.deepEqual(states(r), ['[l]=1;']);
    assert.equal(r.loopBoundHit, false);
  });
});

describe('loops', () => {
  // P1 spins until it sees P0's flag. Its read is in a loop whose backward
  // branch depends on memory, so herd bounds it (unroll 2: the jump back may be
  // taken twice). Paths: see 1 at once, after one 0, after two 0s, and a third 0
  // which would take the jump a third time: cut. Each path has one consistent
  // rf choice, so 3 executions are counted, all ending with r1=1; the cut one
  // is consistent too, so the result is flagged (herd's "Loop").
  const SPIN = `PPC SPIN
{ 0:r2=x; 1:r2=x; }
 P0           | P1           ;
 li r1,1      | L:           ;
 stw r1,0(r2) | lwz r1,0(r2) ;
              | cmpwi r1,0   ;
              | beq L        ;
exists (1:r1=1)`;

  it('unrolls a spin loop twice by default and flags the cut', () => {
    const r = run(SPIN);
    assert.equal(r.positive, 3);
    assert.equal(r.negative, 0);
    assert.equal(r.loopBoundHit, true);
  });

  it('honours --unroll and Unroll= metadata', () => {
    assert.equal(run(SPIN, { unroll: 0 }).positive, 1);
    assert.equal(run(SPIN.replace('{', 'Unroll=1\n{')).positive, 2);
  });
});

describe('access sizes', () => {
  it('splits a variable a byte store and a word load meet: the byte is the word\'s most significant (big-endian)', () => {
    // x is untyped, so a word (its accesses fit in 4 bytes); stb writes byte 0,
    // the most significant of the word, so the word load sees 0 or 0x01000000.
    const r = run(`PPC MIXED
{ 0:r2=x; 1:r2=x; }
 P0           | P1           ;
 li r1,1      | lwz r1,0(r2) ;
 stb r1,0(r2) |              ;
exists (1:r1=0x01000000)`);
    assert.deepEqual(r.states.map((s) => s.values), [[0], [0x01000000]]);
    assert.equal(r.observation, 'Sometimes');
  });

  it('refuses a misaligned access to a split variable, with its position', () => {
    const text = `PPC MISALIGNED
{ uint32_t x; 0:r2=x; 1:r2=x; }
 P0           | P1           ;
 li r1,1      | lwz r1,0(r2) ;
 sth r1,1(r2) |              ;
exists (1:r1=1)`;
    assert.throws(() => run(text), (e: unknown) => {
      assert.ok(e instanceof LitmusError);
      assert.equal(e.kind, 'unsupported');
      assert.equal(e.line, 5);
      assert.match(e.message, /this 2-byte access to x\+1 is not aligned/);
      return true;
    });
  });

  it('treats word and doubleword accesses to one address as the same cell, as herd does', () => {
    // std writes 1 to x; lwz reads the cell: herd's non-mixed semantics see 1.
    const r = run(`PPC WD
{ 0:r2=x; 1:r2=x; }
 P0           | P1           ;
 li r1,1      | lwz r1,0(r2) ;
 std r1,0(r2) |              ;
exists (1:r1=1)`);
    assert.equal(r.observation, 'Sometimes');
  });
});

describe('lwsync through a non-memory event', () => {
  // herd's po (hence fencerel) covers fences and branch commits too, so with an
  // event X strictly between two lwsyncs, W -lwsync-> X -lwsync-> R keeps the
  // W->R pair ordered although ppc.cat removes W*R from lwsync itself.
  const structureOf = (middle: string) => {
    const test = parse(`PPC LW\n{ 0:r2=x; 0:r5=y; 0:r1=1; }\n P0 ;\n stw r1,0(r2) ;\n lwsync ;\n${middle}\n lwsync ;\n lwz r3,0(r5) ;\nexists (0:r3=0)`);
    const [structure] = eventStructures(test, [threadPaths(test, 0, 2)]);
    return structure!;
  };

  it('relates W to R across lwsync; isync; lwsync and across a branch between two lwsyncs', () => {
    assert.equal(structureOf(' isync ;').lwsyncAroundEvent.has(0, 1), true);
    assert.equal(structureOf(' cmpw r1,r1 ;\n beq L ;\n L: ;').lwsyncAroundEvent.has(0, 1), true);
  });

  it('does not when nothing but the two lwsyncs lies between', () => {
    assert.equal(structureOf(' nop ;').lwsyncAroundEvent.has(0, 1), false);
  });
});

describe('comparing addresses', () => {
  // Two locations' addresses are different values with no order between them (herd's symbolic
  // addresses): equality branches are decided, order branches are not.
  const program = (branch: string) => `PPC T
{ 0:r2=x; 0:r3=y; }
 P0 ;
 cmpw r2,r3 ;
 ${branch} L0 ;
 li r1,1 ;
 L0: ;
exists (0:r1=1)`;

  it('takes bne and not beq between two different addresses', () => {
    assert.deepEqual(states(run(program('bne'))), ['0:r1=0;']);
    assert.deepEqual(states(run(program('beq'))), ['0:r1=1;']);
  });

  it('refuses a branch on their order with a positioned error', () => {
    assert.throws(() => run(program('blt')), (e: unknown) => e instanceof LitmusError && e.kind === 'unsupported' && /branch on < or >/.test(e.message));
  });
});
