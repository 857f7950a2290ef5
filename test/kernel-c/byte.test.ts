/**
 * Kernel C at the byte (layout.ts): sized types compile to accesses of their
 * size, byte pointers into a word to accesses at their big-endian offset,
 * narrow unsigned locals keep C's value; what is not modelled is a
 * positioned error, and so is a mixed-size test under the LKMM. Expected
 * code is derived from C: `sizeof` of each type on 64-bit powerpc (char 1,
 * short/u16 2, int/u32 4, long/u64 8), `p[i]` at byte `i * sizeof(*p)`, the
 * lbz/lhz/lwz/ld and stb/sth/stw/std that move those sizes, and big-endian
 * layout: byte 0 of a word is its most significant.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTest } from '../../src/engine.ts';
import { compileKernelC } from '../../src/kernel-c/compile.ts';
import { lowerKernelCForLkmm } from '../../src/kernel-c/lkmm-lower.ts';
import { parseKernelC } from '../../src/kernel-c/parser.ts';
import { assertFails } from './errors.ts';
import { listing } from './listing.ts';

const FILE = 'k.litmus';
const source = (header: string[], threads: string[]) => ['C t', ...header, '{}', ...threads, 'exists (x=0)'].join('\n');
const compile = (header: string[], threads: string[]) => compileKernelC(parseKernelC(source(header, threads), FILE));
const lower = (threads: string[]) => lowerKernelCForLkmm(parseKernelC(source([], threads), FILE));

describe('sized shared variables and locals', () => {
  it('moves each type\'s size: char and u8 a byte, u16 a halfword, u32 a word, u64 and unsigned long a doubleword', () => {
    const { test, variableSizes } = compile([], [
      'P0(char *c, u16 *h, u32 *w, unsigned long *l, u64 *q) {',
      'u8 r1; u16 r2; u32 r3; unsigned long r4;',
      'WRITE_ONCE(*c, 1);', 'r1 = READ_ONCE(*c);', 'r2 = READ_ONCE(*h);', 'WRITE_ONCE(*w, r2);', 'r3 = *w;', 'r4 = READ_ONCE(*l);', '*q = r4;',
      '}',
    ]);
    // Registers: the locals r1..r4 keep their own; c, h, w, l, q get r5..r9 in order of first use.
    assert.deepEqual(listing(test.threads[0]!), [
      'li r31,1', 'stb r31,0(r5)', 'lbz r1,0(r5)', 'lhz r2,0(r6)', 'stw r2,0(r7)', 'lwz r3,0(r7)', 'ld r4,0(r8)', 'std r4,0(r9)',
    ]);
    assert.deepEqual([...variableSizes], [['c', 1], ['h', 2], ['w', 4], ['l', 8], ['q', 8]]);
  });

  it('cuts what is assigned to a narrow unsigned local to its width, unless a load of that width or less produced it', () => {
    const { test } = compile([], [
      'P0(int *x, unsigned long *l) {',
      'u8 r1 = 300; u8 r2; u32 r3; unsigned char r4; u16 r5;',
      'r2 = READ_ONCE(*x) + 1;', 'r3 = READ_ONCE(*l);', 'r4 = READ_ONCE(*(char *)x);', 'r5 = 0x12345;',
      '}',
    ]);
    // 300 mod 256 = 44; (x + 1) mod 256 is rlwinm ..,0,24,31; a long read into a u32 keeps its low word (clrldi 32);
    // the cast on a parameter is herd's and moves x's own 4 bytes, wider than the local: cut too; 0x12345 mod 65536 = 0x2345.
    assert.deepEqual(listing(test.threads[0]!), [
      'li r1,44', 'lwz r31,0(r6)', 'addi r2,r31,1', 'rlwinm r2,r2,0,24,31', 'ld r3,0(r7)', 'clrldi r3,r3,32', 'lwz r4,0(r6)', 'rlwinm r4,r4,0,24,31', 'li r5,9029',
    ]);
  });

  it('refuses signed sub-word types, whose loads would need a sign extension', () => {
    assertFails(() => compile([], ['P0(s8 *x) {', '}']), { kind: 'unsupported', line: 3, col: 8, message: /s8 is a signed 8-bit type: .*char is unsigned on powerpc/ });
    assertFails(() => compile([], ['P0(int *x) {', 'short r1;', '}']), { kind: 'unsupported', line: 4, col: 7, message: /short is a signed 16-bit type/ });
  });
});

describe('byte pointers into a word', () => {
  it('compiles the kernel\'s message[msg] = 1 to a byte store at offset msg of the word', () => {
    const { test } = compile([], ['P0(int *messages) {', 'char *message = (char *)messages;', 'message[2] = 1;', 'WRITE_ONCE(message[3], 1);', '}']);
    // message holds the word's address (r1, copied from r2 set by the init block); bytes 2 and 3 are its low half.
    assert.deepEqual(listing(test.threads[0]!), ['mr r1,r2', 'li r31,1', 'stb r31,2(r1)', 'li r31,1', 'stb r31,3(r1)']);
    assert.deepEqual([...test.init.registers.get(0)!], [['r2', 'messages']]);
  });

  it('indexes halfwords and words by their size, with &x or without, and reads through the index', () => {
    const { test } = compile([], [
      'P0(unsigned long *l, int *x) {', 'u16 *half = (u16 *)&x;', 'u32 *word = (u32 *)l;', 'u32 r1;',
      'WRITE_ONCE(half[1], 5);', 'r1 = READ_ONCE(word[1]);', 'r1 = word[0];', 'r1 = x[0];',
      '}',
    ]);
    // half[1] is bytes 2..3 of x; word[1] bytes 4..7 of l, its low word on big-endian; word[0] the high word; x[0] x itself.
    assert.deepEqual(listing(test.threads[0]!), [
      'mr r2,r4', 'mr r3,r5', 'li r31,5', 'sth r31,2(r2)', 'lwz r1,4(r3)', 'lwz r1,0(r3)', 'lwz r1,0(r4)',
    ]);
  });

  it('keeps every access inside its variable, and indexes only pointers known while compiling, by constants', () => {
    assertFails(() => compile([], ['P0(int *m) {', 'char *b = (char *)m;', 'b[4] = 1;', '}']),
      { kind: 'input', line: 5, col: 1, message: /this 1-byte access at byte 4 of m is outside it: m has 4 bytes/ });
    assertFails(() => compile([], ['P0(int *m) {', 'u64 *d = (u64 *)m;', 'WRITE_ONCE(*d, 1);', '}']),
      { kind: 'input', line: 5, col: 13, message: /8-byte access at byte 0 of m is outside it/ });
    assertFails(() => compile([], ['P0(int *m, int *n) {', 'char *b = (char *)m;', 'b = (char *)n;', 'b[1] = 1;', '}']),
      { kind: 'unsupported', line: 6, col: 1, message: /indexing needs a pointer known while compiling/ });
    assertFails(() => compile([], ['P0(int *m) {', 'char *b = (char *)m;', 'int r1;', 'b[r1] = 1;', '}']),
      { kind: 'unsupported', line: 6, col: 3, message: /the index must be a constant/ });
  });

  it('declares the library\'s messages word as wide as the kernel does', () => {
    assertFails(() => compile(['Kernel=v6.13'], ['P0(int *ipi_messages_1) {', 'smp_muxed_ipi_message_pass(1, PPC_MSG_RESCHEDULE);', '}', 'P1() {', '}']),
      { kind: 'input', line: 4, col: 9, message: /ipi_messages_1 is CPU 1's messages word, 8 bytes in kernel v6.13 \(unsigned long\): declare it so/ });
    compile(['Kernel=v3.6'], ['P0(int *ipi_messages_1) {', 'smp_muxed_ipi_message_pass(1, PPC_MSG_RESCHEDULE);', '}', 'P1() {', '}']);
  });
});

describe('sizes under the LKMM', () => {
  it('runs same-size char variables, which are no mixed-size accesses', () => {
    const lowered = lower(['P0(char *x) {', 'WRITE_ONCE(*x, 1);', '}', 'P1(char *x) {', 'char *p = x;', 'char r1;', 'r1 = READ_ONCE(p[0]);', '}']);
    assert.equal(lowered.threads.length, 2);
  });

  it('refuses a byte of a word and two sizes of one variable: mixed-size accesses are outside the LKMM', () => {
    assertFails(() => lower(['P0(int *x) {', 'char *m = (char *)x;', 'WRITE_ONCE(m[1], 1);', '}']),
      { kind: 'unsupported', line: 5, col: 12, message: /1-byte access to byte 1 of x is part of a 4-byte variable: mixed-size accesses are outside the LKMM \(tools\/memory-model\/Documentation\/litmus-tests.txt, LIMITATIONS\)/ });
    assertFails(() => lower(['P0(int *x) {', 'WRITE_ONCE(*x, 1);', '}', 'P1(unsigned long *x) {', 'int r1;', 'r1 = READ_ONCE(*x);', '}']),
      { kind: 'unsupported', line: 8, col: 17, message: /this 8-byte access to x meets a 4-byte one \(line 4\): mixed-size accesses are outside the LKMM/ });
  });

  it('states the size pointer types give an access (COp.size), so sizes meeting through a pointer read at run time are refused too', () => {
    // P1's u8 pointer is read from memory: where it points is known only when the engine runs the test.
    const text = source([], ['P0(u64 *x) {', 'WRITE_ONCE(*x, 1);', '}', 'P1(u8 **p) {', 'u8 *r;', 'r = READ_ONCE(*p);', 'WRITE_ONCE(*r, 1);', '}']).replace('{}', '{ p = x; }');
    const lowered = lowerKernelCForLkmm(parseKernelC(text, FILE));
    assert.deepEqual(lowered.threads.map((t) => t.body.map((op) => ('size' in op ? op.size : null))), [[8], [null, 1]], 'u64 and u8 give sizes; the pointer read through u8 ** does not');
    assertFails(() => runTest(lowered), { kind: 'unsupported', line: 9, col: 1, message: /this 1-byte access to x meets a 8-byte one \(line 4\): the LKMM does not model mixed-size accesses/ });
  });
});
