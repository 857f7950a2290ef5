/**
 * Whatever the input, the parser either returns a test or throws a
 * LitmusError with a sane position; no other exception may escape.
 */

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { LitmusError } from '../../src/diagnostics.ts';
import { parsePpcLitmus } from '../../src/parse/ppc.ts';

const SEED_TESTS = [
  [
    'PPC ISA2+lwsync+addr+ctrlisync (TeX)',
    '"LwSyncdWW Rfe DpAddrdW Rfe DpCtrlIsyncdR Fre"',
    'Cycle=Rfe DpAddrdW Rfe DpCtrlIsyncdR Fre LwSyncdWW',
    '(* Result: Never *)',
    '{',
    '0:r2=x; 0:r4=y; int z=1; %a=x;',
    '1:r2=y; 1:r5=z;',
    '2:r2=z; 2:r4=x;',
    '}',
    ' P0           | P1            | P2           ;',
    ' li r1,1      | lwz r1,0(r2)  | lwz r1,0(%a) ;',
    ' stw r1,0(r2) | xor r3,r1,r1  | cmpw r1,r1   ;',
    ' lwsync       | li r4,1       | beq  LC00    ;',
    ' li r3,1      | stwx r4,r3,r5 | LC00:        ;',
    ' stw r3,0(r4) | lmw r30,0(r2) | isync        ;',
    '              | stwcx. r1,r0,r2 | lwz r3,0,r4 ;',
    'locations [x; 0:r1;]',
    'filter ~(0:r1=2)',
    'exists',
    '(1:r1=1 /\\ 2:r1=1 => 2:r3=0 \\/ [x]<>0x1);',
    'with default: ~exists;',
  ].join('\n'),
  ['PPC A010', '', '(* Test (* nested *) *)', '{ 0:r0 = 2 }', '', 'P0;', '  cmplwi r0, 2;', '  beq L1;', '  addi r0, r0, 1;', 'L1: nop;', '', 'forall 0:r0=2', '<<', 'show 1', '>>'].join('\n'),
];

const FRAGMENTS = ['(', ')', '(*', '*)', '"', ';', '|', ':', ',', '{', '}', '[', ']', '~', '=', '/\\', '\\/', '=>', '<<', '\n', ' ', '-', '0x', '%', '&', '*',
  'exists', 'forall', 'final', 'locations', 'filter', 'with', 'P0', 'P7', 'r1', 'r32', 'r0', '%x', 'cr9', 'L1:', 'lwz', 'lmw', 'beq', 'int', 'x', '9999999999999999999', '-1'];

/** A small deterministic generator, so failures reproduce. */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

function mutate(text: string, pick: (n: number) => number): string {
  let result = text;
  const edits = 1 + pick(4);
  for (let edit = 0; edit < edits; edit++) {
    const at = pick(result.length + 1);
    const span = pick(12);
    switch (pick(4)) {
      case 0:
        result = result.slice(0, at) + result.slice(at + span);
        break;
      case 1:
        result = result.slice(0, at) + FRAGMENTS[pick(FRAGMENTS.length)]! + result.slice(at);
        break;
      case 2:
        result = result.slice(0, at) + result.slice(at, at + span).repeat(1 + pick(3)) + result.slice(at);
        break;
      default:
        result = result.slice(0, at);
    }
  }
  return result;
}

function assertParsesOrFailsCleanly(text: string): void {
  try {
    parsePpcLitmus(text, 'fuzz.litmus');
  } catch (error) {
    if (!(error instanceof LitmusError)) assert.fail(`non-LitmusError ${String(error)} for input:\n${text}`);
    const lineCount = text.split('\n').length;
    assert.ok(error.line >= 1 && error.line <= lineCount && error.col >= 1, `bad position ${error.line}:${error.col} for input:\n${text}`);
    assert.ok(error.length >= 1);
  }
}

it('never lets anything but a LitmusError escape from mutated tests', () => {
  const pick = random(20240601);
  for (let round = 0; round < 4000; round++) {
    assertParsesOrFailsCleanly(mutate(SEED_TESTS[round % SEED_TESTS.length]!, pick));
  }
});

it('survives pathological nesting and length', () => {
  const test = (condition: string) => `PPC t\n{}\nP0;\nexists ${condition}`;
  assert.throws(() => parsePpcLitmus(test('('.repeat(100_000) + 'x=1' + ')'.repeat(100_000)), 'deep.litmus'), { kind: 'limit' });
  assert.doesNotThrow(() => parsePpcLitmus(test('~'.repeat(100_000) + 'x=1'), 'not.litmus'));
  assert.doesNotThrow(() => parsePpcLitmus(test(Array(100_000).fill('x=1').join(' => ')), 'implies.litmus'));
  assert.doesNotThrow(() => parsePpcLitmus(test(Array(100_000).fill('x=1').join(' /\\ ')), 'and.litmus'));
  assertParsesOrFailsCleanly('');
  assertParsesOrFailsCleanly('\uFEFF');
  assertParsesOrFailsCleanly('PPC');
  assertParsesOrFailsCleanly('(* never closed');
});
