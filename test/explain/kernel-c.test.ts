/**
 * Code compiled from kernel C carries, on each instruction, the statement and
 * the primitive that emitted it. Explanations name those instead of the
 * instructions. The C front end is not needed to check this: the origins are
 * set by hand on a PPC test, as the compiler would set them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Instruction } from '../../src/ir/program.ts';
import { explanationText, parseFixture } from './helpers.ts';

describe('kernel-C origins', () => {
  // MP+lwsync+addr as if P0 were `WRITE_ONCE(x, 1); smp_store_release(&y, 1);`, with the
  // release's lwsync (line 13) and store (line 15) emitted by smp_store_release().
  const test = parseFixture('MP+lwsync+addr.litmus');
  const byLine = (thread: number, line: number): Instruction[] => test.threads[thread]!.instructions.filter((i) => i.source.line === line);
  for (const instr of byLine(0, 12)) instr.source.origin = { statement: 'WRITE_ONCE(x, 1);', primitive: 'WRITE_ONCE', role: null };
  for (const instr of [...byLine(0, 13), ...byLine(0, 15)]) {
    instr.source.origin = { statement: 'smp_store_release(&y, 1);', primitive: 'smp_store_release', role: null };
  }
  const text = explanationText(test);

  it('names the statement and the primitive behind each access on the cycle', () => {
    assert.match(text, /P0:12 +WRITE_ONCE\(x, 1\); +\[stw in WRITE_ONCE\(\)\]\n/);
    assert.match(text, /P0:15 +smp_store_release\(&y, 1\); +\[stw in smp_store_release\(\)\]\n/);
  });

  it('names the primitive whose fence the cycle goes through', () => {
    assert.match(text, /P0:13 +smp_store_release\(&y, 1\); +\[lwsync in smp_store_release\(\)\]\n/);
  });

  it('keeps PPC instructions for code without an origin', () => {
    assert.match(text, /P1:13 +lwzx r4,r3,r5\n/);
  });
});
