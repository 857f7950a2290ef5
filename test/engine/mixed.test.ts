/**
 * Mixed-size POWER: byte layout, values, single-copy atomicity and
 * reservations. Expected results are derived by hand, in the comments here
 * and in the litmus files of litmus/mixed/ (whose reasoning each test cites);
 * herd7's own mixed-size results are checked on the corpus
 * (test/conformance/mixed.test.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { LitmusError } from '../../src/diagnostics.ts';
import { runTest } from '../../src/engine.ts';
import type { LkmmTest } from '../../src/ir/c-program.ts';
import type { AccessSize } from '../../src/ir/program.ts';
import { parseForModel } from '../../src/parse/litmus.ts';
import { parsePpcLitmus } from '../../src/parse/ppc.ts';
import { run, states, verdictsOfOutcome } from './helpers.ts';

const litmusDir = fileURLToPath(new URL('../../litmus/mixed/', import.meta.url));
const runFile = (name: string) => runTest(parsePpcLitmus(readFileSync(join(litmusDir, name), 'utf8'), name));

describe('reservations on mixed-size data (litmus/mixed, reasoning in each file)', () => {
  it('a word exchange racing with a byte store never loses the byte (XCHG-W+STB1)', () => {
    const r = runFile('XCHG-W+STB1.litmus');
    // Byte co-before the stwcx.: the lwarx saw it (r5=0x10000, w=0); co-after: r5=0, the byte stays (w=0x10000).
    assert.deepEqual(states(r), ['1:r5=0; [w]=65536;', '1:r5=65536; [w]=0;']);
    assert.deepEqual([r.positive, r.negative, r.observation], [0, 2, 'Never']);
  });

  it('two byte messages and a word exchange: each message is taken or left, exactly once (XCHG-W+STB0+STB1)', () => {
    const r = runFile('XCHG-W+STB0+STB1.litmus');
    // Bytes 0 and 1 are independent cells, each seen by the exchange or left after it: 2 x 2 executions.
    assert.deepEqual(states(r), ['2:r5=0; [w]=16842752;', '2:r5=65536; [w]=16777216;', '2:r5=16777216; [w]=65536;', '2:r5=16842752; [w]=0;']);
    assert.deepEqual([r.positive, r.negative, r.observation], [4, 0, 'Always']);
  });

  it('the same at the doubleword layout, with ldarx/stdcx. and exact 57-bit values (XCHG-D+STB0+STB7)', () => {
    const r = runFile('XCHG-D+STB0+STB7.litmus');
    assert.deepEqual(states(r), [
      '2:r5=0; [m]=72057594037927937;', '2:r5=1; [m]=72057594037927936;', '2:r5=72057594037927936; [m]=1;', '2:r5=72057594037927937; [m]=0;',
    ]);
    assert.deepEqual([r.positive, r.negative, r.observation], [4, 0, 'Always']);
  });

  it('a byte increment with lbarx/stbcx. racing with a word store loses nothing (INC-B3+STW)', () => {
    const r = runFile('INC-B3+STW.litmus');
    // Word first: the increment reads 0x44 and w ends 0x11223345; increment first: it reads 0 and the word overwrites it.
    assert.deepEqual(states(r), ['1:r5=0; [w]=287454020;', '1:r5=68; [w]=287454021;']);
    assert.equal(r.observation, 'Never');
  });

  it('the lost update breaks the atomic axiom, not uniproc', () => {
    // The only candidate reaching r5=0, w=0: the lwarx reads the initial byte, the byte store is co-between it and the stwcx.
    const text = readFileSync(join(litmusDir, 'XCHG-W+STB1.litmus'), 'utf8');
    const verdicts = verdictsOfOutcome(text);
    assert.ok(verdicts.includes('atomic') && !verdicts.includes(null), verdicts.join());
    // With the reservation ignored (P1's loads and stores plain), the same outcome is reachable: the axiom is what forbids it.
    assert.equal(run(text.replaceAll('lwarx r5', 'lwzx r5').replaceAll('stwcx. r6', 'stwx r6').replace(' bne Loop         ;', '                  ;')).observation, 'Sometimes');
  });
});

describe('single-copy atomicity', () => {
  it('a word load cannot see a byte store a sync orders after another without the earlier one (MP-STB0+sync+STB1+LWZ)', () => {
    const r = runFile('MP-STB0+sync+STB1+LWZ.litmus');
    assert.deepEqual(states(r), ['1:r5=0;', '1:r5=285212672;', '1:r5=287440896;']);
    const verdicts = verdictsOfOutcome(readFileSync(join(litmusDir, 'MP-STB0+sync+STB1+LWZ.litmus'), 'utf8'));
    assert.ok(verdicts.includes('propagation') && !verdicts.includes(null), verdicts.join());
  });

  it('coherence does not tear two words stored over each other', () => {
    // Two stw of distinct bytes to w, read back by nobody: the final w is one whole word or the other, never a mix
    // (a halfword load of each half splits w into two cells, each with its own co).
    const r = run(`PPC TEAR
{ uint32_t w; 0:r2=w; 1:r2=w; 2:r2=w; 0:r1=0x11111111; 1:r1=0x22222222; }
 P0           | P1           | P2           ;
 stw r1,0(r2) | stw r1,0(r2) | lhz r3,0(r2) ;
              |              | lhz r4,2(r2) ;
locations [w;]
exists (w=0x11112222 \\/ w=0x22221111)`);
    assert.equal(r.observation, 'Never');
    assert.deepEqual(new Set(r.states.map((s) => s.values.at(-1))), new Set([0x11111111, 0x22222222]));
  });

  it('a load may take its bytes from several writes, and from its own thread\'s store forwarded', () => {
    // Byte 0 from P0's own stb (po-before), bytes 1-3 from the initial value or P1's word: per-cell uniproc allows both.
    const r = run(`PPC FORWARD
{ uint32_t w; 0:r2=w; 1:r2=w; 0:r1=0x11; 1:r1=0x22222222; }
 P0           | P1           ;
 stb r1,0(r2) | stw r1,0(r2) ;
 lwz r3,0(r2) |              ;
exists (0:r3=0x11000000)`);
    assert.equal(r.observation, 'Sometimes');
    assert.ok(states(r).includes('0:r3=287449634;'), '0x11222222: the byte forwarded, the rest from P1');
  });
});

describe('byte layout and values', () => {
  it('is big-endian, zero-extends lbz/lhz/lwz and sign-extends lha/lwa', () => {
    const r = run(`PPC LAYOUT
{ uint32_t x=0x8001fffe; 0:r2=x; }
 P0           ;
 lbz r1,0(r2) ;
 lhz r3,2(r2) ;
 lha r4,0(r2) ;
 lwa r5,0(r2) ;
 lha r6,2(r2) ;
locations [0:r3; 0:r4; 0:r5; 0:r6;]
exists (0:r1=0)`);
    // byte 0 = 0x80; halfword 2 = 0xfffe; lha of 0x8001 = -32767; lwa of 0x8001fffe = -2147352578; lha of 0xfffe = -2.
    assert.deepEqual(states(r), ['0:r1=128; 0:r3=65534; 0:r4=-32767; 0:r5=-2147352578; 0:r6=-2;']);
  });

  it('keeps doubleword values exact beyond 2^53', () => {
    const r = run(`PPC WIDE
{ uint64_t x; uint64_t 0:r1=0x1112131415161718; 0:r2=x; }
 P0           ;
 std r1,0(r2) ;
 lwz r3,4(r2) ;
 lbz r4,0(r2) ;
 ld r5,0(r2)  ;
locations [0:r3; 0:r4;]
exists (0:r5=0x1112131415161718)`);
    assert.deepEqual(states(r), ['0:r3=353769240; 0:r4=17; 0:r5=1230066625199609624;']);
    assert.equal(r.observation, 'Always');
  });

  it('stores only the low bytes of a register wider than the access', () => {
    const r = run(`PPC NARROW
{ uint32_t x; 0:r2=x; 0:r1=0x1234; }
 P0           ;
 stb r1,3(r2) ;
 lwz r3,0(r2) ;
exists (0:r3=0x34)`);
    assert.equal(r.observation, 'Always');
  });

  it('keeps an untyped variable accessed as word and doubleword at its address one cell, as before', () => {
    // herd's default semantics: the lwz reads the cell std wrote (1); split, it would read the high word, 0.
    assert.equal(run(`PPC WD
{ 0:r2=x; 1:r2=x; 0:r1=1; }
 P0           | P1           ;
 std r1,0(r2) | lwz r1,0(r2) ;
exists (1:r1=1)`).observation, 'Sometimes');
  });

  it('refuses an access past the end of a typed variable, at the access', () => {
    assert.throws(() => run(`PPC PAST
{ uint16_t x; 0:r2=x; }
 P0           ;
 lbz r1,0(r2) ;
 lwz r3,0(r2) ;
exists (0:r1=0)`), (e: unknown) => e instanceof LitmusError && e.kind === 'unsupported' && e.line === 5 && /goes past the end of x \(2 bytes\)/.test(e.message));
  });

  it('refuses an address computed from a read value into a split variable', () => {
    assert.throws(() => run(`PPC GUESS
{ uint32_t x; 0:r2=p; p=x; }
 P0           ;
 lwz r4,0(r2) ;
 stb r1,0(r4) ;
 lwz r3,0(r4) ;
exists (0:r1=0)`), (e: unknown) => e instanceof LitmusError && e.kind === 'unsupported' && /computed from a read value/.test(e.message));
  });
});

describe('mixed sizes under the LKMM', () => {
  // The lowering states an access's size where pointer types give it (COp.size); sizes are set by hand here.
  const lkmm = (sizes: [AccessSize, AccessSize]) => {
    const test = parseForModel(`C MIX
{}
P0(int *x) { WRITE_ONCE(*x, 1); }
P1(int *x) { int r0; r0 = READ_ONCE(*x); }
exists (1:r0=1)`, 'mix.litmus') as LkmmTest;
    test.threads.forEach((thread, t) => {
      for (const op of thread.body) if (op.kind === 'load' || op.kind === 'store') op.size = sizes[t]!;
    });
    return test;
  };

  it('refuses two sizes meeting at one location, at the second access, naming the model that can run it', () => {
    assert.throws(() => runTest(lkmm([1, 4])), (e: unknown) => e instanceof LitmusError && e.kind === 'unsupported' && e.line === 4
      && /this 4-byte access to x meets a 1-byte one \(line 3\): the LKMM does not model mixed-size accesses \(run it under POWER with --model power\)/.test(e.message));
  });

  it('runs accesses of one size as before', () => {
    assert.equal(runTest(lkmm([4, 4])).observation, 'Sometimes');
  });
});
