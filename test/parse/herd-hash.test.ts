/**
 * herd7's `Hash=` (src/parse/herd-hash.ts). The expected hashes are herd7's own
 * output: the corpus logs (../shared/corpus/ppc-*.herd7.log) and, where the
 * corpus has no such test, herdtools7's regression expectations
 * (herd/tests/instructions/PPC/*.litmus.expected). The hash covers only the
 * init (as written), the code (as herd prints it) and the observed locations,
 * so the tests below are laid out differently from the logged ones — other
 * spacing, entry order, operand forms, label names and condition values — and
 * must still give herd's hash.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LitmusTest } from '../../src/ir/program.ts';
import { herdHashParts, type HerdHashParts } from '../../src/parse/herd-hash.ts';
import { parseInitBlock, type InitEntry } from '../../src/parse/init.ts';
import { Scanner, TokenStream, tokenize } from '../../src/parse/lexer.ts';
import { gprName } from '../../src/parse/ppc-instructions.ts';
import { parsePpcLitmus } from '../../src/parse/ppc.ts';

const FILE = 'tests/t.litmus';

function parse(...lines: string[]): LitmusTest {
  return parsePpcLitmus(lines.join('\n'), FILE);
}

/** The init entries of a test, which parsePpcLitmus keeps to itself. */
function initEntries(text: string): InitEntry[] {
  const afterBrace = text.slice(text.indexOf('{') + 1);
  const stream = new TokenStream(tokenize(new Scanner(afterBrace, FILE), true), FILE, afterBrace);
  return parseInitBlock(stream, (ref) => gprName(ref.registerToken, FILE)!);
}

/** herd's renderings of the parts of a test that its hash digests. */
function parts(...lines: string[]): HerdHashParts {
  const test = parse(...lines);
  return herdHashParts({ ...test, init: initEntries(lines.join('\n')) }, FILE);
}

describe('herd7 Hash', () => {
  it('renames labels L00, L01... in sorted order over all threads (campaign PET+syncs)', () => {
    const text = [
      'PPC PET+syncs',
      '{',
      '0:r9=vict; 0:r8=f1; 0:r7=f0; 0:r6=crit0;',
      '1:r9=vict; 1:r8=f1; 1:r7=f0; 1:r6=crit1;',
      '}',
      ' P0           | P1           ;',
      ' li r1,1      | li r1,1      ;',
      ' stw r1,0(r7) | stw r1,0(r8) ;',
      ' sync         | sync         ;',
      ' li r2,0      | li r2,1      ;',
      ' stw r2,0(r9) | stw r2,0(r9) ;',
      ' sync         | sync         ;',
      ' lwz r3,0(r8) | lwz r3,0(r7) ;',
      ' cmpwi r3,1   | cmpwi r3,1   ;',
      ' bne A0       | bne B0       ;',
      ' lwz r4,0(r9) | lwz r4,0(r9) ;',
      ' cmpwi r4,0   | cmpwi r4,1   ;',
      ' beq A1       | beq B1       ;',
      ' A0: li r5,1  | B0: li r5,1  ;',
      ' stw r1,0(r6) | stw r5,0(r6) ;',
      ' A1:          | B1:          ;',
      'locations [1:r4; 1:r3; 0:r4; 0:r3;]',
      'exists (crit0=1 /\\ crit1=0)',
    ];
    assert.equal(parse(...text).herdHash, '5bda64561b1629e876992a837a690a96');
    const code = parts(...text).code.split('\n');
    assert.equal(code[8], ' bne  L00     | bne  L02     ;');
    assert.equal(code[12], ' L00:         | L02:         ;');
    assert.equal(code[15], ' L01:         | L03:         ;');
    assert.equal(parts(...text).locs, '0:r3; 0:r4; 1:r3; 1:r4; crit0; crit1');
  });

  it('keeps %symbolic registers and hashes ld/std as lwz/stw (campaign CoWR2)', () => {
    const text = [
      'PPC CoWR2',
      '{',
      '%x1=x; %t1=t; x=z;',
      '%x0=x; %t0=t;',
      '}',
      ' P0            | P1            ;',
      ' std %t0,0,%x0 | ld r1,0(%x1)  ;',
      '               | ld r2,0,%x1   ;',
      '               | li r3,1       ;',
      '               | stw r3,0(r2)  ;',
      '               | lwz r4,0(%t1) ;',
      'exists (1:r4=1 /\\ t=2)',
    ];
    assert.equal(parse(...text).herdHash, '6ef2c0e153e653a7a59f1a55627423ca');
    assert.deepEqual(parts(...text), {
      info: '',
      init: 't0=t; t1=t; x0=x; x1=x; x=z',
      code: [
        ' stw %t0,0(%x0) | lwz r1,0(%x1) ;',
        '                | lwz r2,0(%x1) ;',
        '                | li r3,1       ;',
        '                | stw r3,0(r2)  ;',
        '                | lwz r4,0(%t1) ;',
        '',
      ].join('\n'),
      locs: '1:r4; t',
    });
  });

  it('normalises ld/std and the d,rA operand form (campaign ba)', () => {
    const text = [
      'PPC ba',
      '{ 0:r1=y; 0:r2=1; 0:r5=x; 1:r5=x; 1:r6=y; x=z; y=0; z=0; }',
      ' P0           | P1           ;',
      ' std r1,0(r5) | lwz r3,0(r6) ;',
      ' ld r6,0(r5)  | sync         ;',
      ' stw r2,0(r6) | ld r4,0(r5)  ;',
      'exists (1:r3=1 /\\ 1:r4=y)',
    ];
    assert.equal(parse(...text).herdHash, 'db770916153afa7aa0d324e62457ce86');
    assert.equal(parts(...text).code, ' stw r1,0(r5) | lwz r3,0(r6) ;\n lwz r6,0(r5) | sync         ;\n stw r2,0(r6) | lwz r4,0(r5) ;\n');
  });

  it('includes init types, bare declarations as =0, and values as written (herdtools7 PPC/A005.litmus.expected)', () => {
    const text = [
      'PPC typed',
      '{',
      '  x=-1; int64_t 0:r2; 0:r1=x; int64_t 0:r0;',
      '}',
      ' P0           ;',
      ' lwa r0,0,r1  ;',
      ' lwz r2,0(r1) ;',
      'exists (0:r2=1 /\\ 0:r0=1)',
    ];
    assert.equal(parse(...text).herdHash, '3277c7026d4d160c200e872073551105');
    assert.equal(parts(...text).init, 'int64_t 0:r0=0; 0:r1=x; int64_t 0:r2=0; x=-1');
  });

  it('sorts init registers by thread, then by name as a string, before shared locations', () => {
    assert.equal(
      parts('PPC t', '{ y=0x10; 1:r2=y; 1:r10=x; P0:r2=x; int *p=&x; }', ' P0 | P1 ;', ' | ;', 'exists (x=0)').init,
      '0:r2=x; 1:r10=x; 1:r2=y; int *p=x; y=0x10',
    );
  });

  it("prints instructions in herd's dump_instruction form", () => {
    const code = parts(
      'PPC forms',
      '{ }',
      ' P0 ;',
      ' subi r1,r2,3 ;',
      ' cmpw cr0,r1,r2 ;',
      ' lwz r1,0x10,r2 ;',
      ' hwsync ;',
      ' b Z ;',
      ' Z: ;',
      'exists (0:r1=0)',
    ).code;
    assert.equal(code, [' addi r1,r2,-3 ', ' cmpw r1,r2    ', ' lwz r1,16(r2) ', ' sync          ', ' b   L00       ', ' L00:          ', ''].join(';\n'));
  });

  it('prints hwsync as sync (herdtools7 PPC/A002.litmus.expected, which also types %registers)', () => {
    const test = parse(
      'PPC A002',
      '{ [P0_r0]=0;[P1_r0]=0;[x]=0;[y]=0;uint64_t %P0_P0_r0=P0_r0;uint64_t %P0_x=x;uint64_t %P0_y=y;uint64_t %P1_P1_r0=P1_r0;uint64_t %P1_x=x;uint64_t %P1_y=y }',
      '  P0                   |  P1                   ;',
      '   li r4,1             |   li r4,1             ;',
      '   stw r4,0(%P0_x)     |   stw r4,0(%P1_y)     ;',
      '   hwsync              |   hwsync              ;',
      '   lwz r3,0(%P0_y)     |   lwz r3,0(%P1_x)     ;',
      '   stw r3,0(%P0_P0_r0) |   stw r3,0(%P1_P1_r0) ;',
      'exists (P0_r0=1 /\\ P1_r0=1)',
    );
    assert.equal(test.herdHash, 'd94e9aab81affd834e43c4085405e4c8');
  });

  it('uses a Hash= metadata line instead of computing one, as herd does', () => {
    const body = ['{ 0:r2=x; }', ' P0 ;', ' lwz r1,0(r2) ;', 'exists (0:r1=1)'];
    const computed = parse('PPC MP', ...body).herdHash;
    assert.match(computed ?? '', /^[0-9a-f]{32}$/);
    assert.equal(parse('PPC MP', 'Hash=0123456789abcdef0123456789abcdef', ...body).herdHash, '0123456789abcdef0123456789abcdef');
    // herd finds the key in any case but prints only `Hash`, so a `hash=` line means no Hash line.
    assert.equal(parse('PPC MP', 'hash=0123456789abcdef0123456789abcdef', ...body).herdHash, null);
  });

  it('digests MemoryType/MT metadata first, key lowercased (herd digest_info)', () => {
    const body = ['{ 0:r2=x; }', ' P0 ;', ' lwz r1,0(r2) ;', 'exists (0:r1=1)'];
    const plain = parse('PPC MP', 'Cycle=Rfe Fre', ...body).herdHash;
    assert.equal(parts('PPC MP', 'MT=ram', 'Cycle=Rfe Fre', ...body).info, 'mt=ram');
    assert.notEqual(parse('PPC MP', 'MT=ram', ...body).herdHash, plain);
  });
});
