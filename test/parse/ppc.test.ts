import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Instruction, LitmusTest } from '../../src/ir/program.ts';
import { parsePpcLitmus } from '../../src/parse/ppc.ts';

const FILE = 'tests/t.litmus';

function parse(...lines: string[]): LitmusTest {
  return parsePpcLitmus(lines.join('\n'), FILE);
}

interface ExpectedError {
  kind?: 'input' | 'unsupported';
  line: number;
  col: number;
  message: string;
}

function assertFails(lines: string[], expected: ExpectedError): void {
  assert.throws(() => parse(...lines), { name: 'LitmusError', kind: 'input', file: FILE, ...expected });
}

/** A one-thread test around the given code lines, with a label L at the end for branches. */
function oneThread(...code: string[]): string[] {
  return ['PPC t', '{ }', ' P0 ;', ...code.map((line) => ` ${line} ;`), ' L: ;', 'exists (x=0)'];
}

function withoutSource(instructions: Instruction[]): unknown[] {
  return instructions.map(({ source: _source, ...body }) => body);
}

function instructionsOf(...code: string[]): unknown[] {
  return withoutSource(parse(...oneThread(...code)).threads[0]!.instructions);
}

describe('header', () => {
  it('reads the name, a TeX name and a doc string on the same line', () => {
    const test = parse('PPC a+b/c.d-e[f]:g (TeXName) "the doc"', '{}', 'P0;', 'exists (x=0)');
    assert.equal(test.arch, 'PPC');
    assert.equal(test.name, 'a+b/c.d-e[f]:g');
    assert.equal(test.doc, 'the doc');
    assert.equal(test.file, FILE);
  });

  it('drops a .litmus suffix from the name, as herd does (campaign ppoa-v4)', () => {
    assert.equal(parse('PPC ppoa-v4.litmus', '{}', 'P0;', 'exists (x=0)').name, 'ppoa-v4');
  });

  it('reads a doc string on the next line', () => {
    assert.equal(parse('PPC MP', '"SyncdWW Rfe DpAddrdR Fre"', '{}', 'P0;', 'exists (x=0)').doc, 'SyncdWW Rfe DpAddrdR Fre');
  });

  it('has no doc string when none is given or its quote never closes', () => {
    assert.equal(parse('PPC MP', '{}', 'P0;', 'exists (x=0)').doc, null);
    assert.equal(parse('PPC co8 (CoEight)', '"fr as ppo (+ pppo-ext)', '{}', 'P0;', 'exists (x=0)').doc, null);
  });

  it('reads key=value metadata with keys as written and skips other text', () => {
    const test = parse(
      'PPC MP',
      '"doc"',
      'Cycle=Rfe DpAddrdR Fre SyncdWW',
      'some free text, ignored',
      'unroll = 3 ',
      'Prefetch=0:x=F,0:y=W',
      '{}',
      'P0;',
      'exists (x=0)',
    );
    assert.deepEqual([...test.metadata], [
      ['Cycle', 'Rfe DpAddrdR Fre SyncdWW'],
      ['unroll', '3'],
      ['Prefetch', '0:x=F,0:y=W'],
    ]);
  });

  it('skips comments before the init block, even ones holding a brace', () => {
    const test = parse('PPC t', '(* { not the init', '   Key=not metadata *)', '{ x=1; }', 'P0;', 'exists (x=0)');
    assert.deepEqual([...test.init.memory], [['x', 1]]);
    assert.equal(test.metadata.size, 0);
  });

  it('takes the expected result from the first LKMM Result: comment', () => {
    const test = parse('PPC t', '(*', ' * Result: Sometimes', ' *)', '{}', 'P0;', '(* Result: Never *)', 'exists (x=0)');
    assert.deepEqual(test.expected, { result: 'Sometimes', pos: { line: 3, col: 4 } });
    assert.equal(parse('PPC t', '{}', 'P0;', 'exists (x=0)').expected, null);
  });

  it('refuses other architectures', () => {
    assertFails(['AArch64 t', '{}', 'P0;', 'exists (x=0)'], { kind: 'unsupported', line: 1, col: 1, message: 'this is a AArch64 test; only PPC tests can be read here' });
  });

  it('reports a missing test name and a missing init block', () => {
    assertFails(['PPC', '{}'], { line: 1, col: 4, message: "expected the test name after 'PPC'" });
    assertFails(['PPC t', 'P0;'], { line: 2, col: 4, message: "expected '{' to open the initial state" });
  });
});

describe('init block', () => {
  it('reads register addresses, memory values and memory addresses', () => {
    const test = parse('PPC t', '{', '0:r2=x; P1:r3=y;', 'x=1; [y]=2; z=x', '}', ' P0 | P1 ;', 'exists (x=0)');
    assert.deepEqual([...test.init.registers].map(([thread, regs]) => [thread, [...regs]]), [
      [0, [['r2', 'x']]],
      [1, [['r3', 'y']]],
    ]);
    assert.deepEqual([...test.init.memory], [['x', 1], ['y', 2], ['z', 'x']]);
  });

  it('reads typed declarations, with and without values, and pointers', () => {
    const test = parse('PPC t', '{ int x=1; uint64_t 0:r6; uint32_t msg; int *p=&x; *q=y; int w; }', 'P0;', 'exists (x=0)');
    assert.deepEqual([...test.init.memory], [['x', 1], ['msg', 0], ['p', 'x'], ['q', 'y'], ['w', 0]]);
    assert.deepEqual([...test.init.registers.get(0)!], [['r6', 0]]);
  });

  it('lets a declaration default a location that an entry also sets', () => {
    const test = parse('PPC t', '{ int x; x=3; y=4; int y; }', 'P0;', 'exists (x=0)');
    assert.deepEqual([...test.init.memory], [['x', 3], ['y', 4]]);
  });

  it('reads hexadecimal and negative values, free spacing and no trailing semicolon', () => {
    const test = parse('PPC t', '{  0 : r2 = -3 ;x=0x10', '}', 'P0;', 'exists (x=0)');
    assert.deepEqual([...test.init.registers.get(0)!], [['r2', -3]]);
    assert.deepEqual([...test.init.memory], [['x', 16]]);
  });

  it('reads an empty init block', () => {
    const test = parse('PPC t', '{}', 'P0;', 'exists (x=0)');
    assert.equal(test.init.registers.size, 0);
    assert.equal(test.init.memory.size, 0);
  });

  it('gives a threadless %register to every thread whose code uses it', () => {
    const test = parse(
      'PPC t',
      '{ %a=x; %b=y; %unused=z; }',
      ' P0             | P1             | P2 ;',
      ' lwz r1,0(%a)   | stw r1,0(%a)   | nop ;',
      '                | lwzx r2,r3,%b  |     ;',
      'exists (x=0)',
    );
    assert.deepEqual([...test.init.registers].map(([thread, regs]) => [thread, [...regs]]), [
      [0, [['%a', 'x']]],
      [1, [['%a', 'x'], ['%b', 'y']]],
    ]);
    assert.deepEqual(test.sharedLocations, ['x', 'y', 'z']);
  });

  it('reports a location initialised twice', () => {
    assertFails(['PPC t', '{ x=1;', '  x=2; }', 'P0;', 'exists (x=0)'], { line: 3, col: 3, message: 'x is initialised twice (first at line 2)' });
  });

  it('reports registers of threads that do not exist and bad register names', () => {
    assertFails(['PPC t', '{ 0:r1=1; 2:r1=1; }', 'P0 | P1 ;', 'exists (x=0)'], { line: 2, col: 11, message: 'unknown thread 2: the test has threads P0..P1' });
    assertFails(['PPC t', '{ 0:r32=1; }', 'P0;', 'exists (x=0)'], { line: 2, col: 5, message: 'register r32 is out of range (r0..r31)' });
    assertFails(['PPC t', '{ 0:x=1; }', 'P0;', 'exists (x=0)'], { line: 2, col: 5, message: "expected a register such as r1 after '0:', found 'x'" });
  });

  it('reports a missing separator, a missing value and a missing brace', () => {
    assertFails(['PPC t', '{ x=1 y=2 }', 'P0;', 'exists (x=0)'], { line: 2, col: 7, message: "expected ';' or '}' after an initial-state entry, found 'y'" });
    assertFails(['PPC t', '{ x=; }', 'P0;', 'exists (x=0)'], { line: 2, col: 5, message: "expected a value (a number or a location name), found ';'" });
    assertFails(['PPC t', '{ x=1;'], { line: 2, col: 7, message: "expected '}' to close the initial state, found end of file" });
  });

  it('refuses arrays and label values', () => {
    assertFails(['PPC t', '{ int t[2]={1,2}; }', 'P0;', 'exists (x=0)'], { kind: 'unsupported', line: 2, col: 8, message: "arrays such as 't[...]' are not supported" });
    assertFails(['PPC t', '{ 0:r1=P0:L0; }', 'P0;', 'exists (x=0)'], { kind: 'unsupported', line: 2, col: 8, message: "values of the form 'P0:…' (labels or other threads' registers) are not supported" });
  });
});

describe('code table', () => {
  const mpLines = [
    'PPC ISA2+lwsync+addr+ctrlisync',
    '{ 0:r2=x; 1:r2=y; }',
    ' P0           | P1            ;',
    ' li r1,1      | L0:           ;',
    ' stw r1,0(r2) | lwz r1,0(r2)  ;',
    '              | cmpw r1,r1    ;',
    '              | beq  L1       ;',
    '              | L1: isync     ;',
    'exists (1:r1=1)',
  ];

  it('reads rows of cells into threads, with empty cells and labels', () => {
    const test = parse(...mpLines);
    assert.deepEqual(test.threads.map((thread) => thread.id), [0, 1]);
    assert.deepEqual(test.threads[0]!.instructions.map((i) => i.source.mnemonic), ['li', 'stw']);
    assert.deepEqual(test.threads[1]!.instructions.map((i) => i.source.mnemonic), ['lwz', 'cmpw', 'beq', 'isync']);
    assert.deepEqual([...test.threads[0]!.labels], []);
    assert.deepEqual([...test.threads[1]!.labels], [['L0', 0], ['L1', 3]]);
  });

  it('records where each instruction is written', () => {
    const test = parse(...mpLines);
    const stw = test.threads[0]!.instructions[1]!;
    assert.deepEqual(stw.source, { line: 5, col: 2, text: 'stw r1,0(r2)', mnemonic: 'stw' });
    const isync = test.threads[1]!.instructions[3]!;
    assert.deepEqual(isync.source, { line: 8, col: mpLines[7]!.indexOf('isync') + 1, text: 'isync', mnemonic: 'isync' });
    const beq = test.threads[1]!.instructions[2]!;
    assert.equal(beq.source.text, 'beq  L1');
  });

  it('reads the one-column layout (herd A010, verbatim)', () => {
    const test = parse('PPC A010', '', '(* Test Cmplwi instr *)', '{ 0:r0 = 2 }', '', 'P0;', '  cmplwi r0, 2;', '  beq L1;', '  addi r0, r0, 1;', 'L1: nop;', '', 'forall 0:r0=2');
    assert.equal(test.name, 'A010');
    assert.deepEqual([...test.init.registers.get(0)!], [['r0', 2]]);
    assert.deepEqual(withoutSource(test.threads[0]!.instructions), [
      { kind: 'compare', crField: 0, a: 'r0', b: { imm: 2 }, unsigned: true },
      { kind: 'branch', cond: 'eq', crField: 0, target: 'L1' },
      // herd (PPCSem.ml): addi with RA = r0 adds to the constant 0.
      { kind: 'alu', op: 'move', dst: 'r0', srcs: [{ imm: 1 }], setsCr0: false },
      { kind: 'nop' },
    ]);
    assert.deepEqual([...test.threads[0]!.labels], [['L1', 3]]);
    assert.equal(test.condition.quantifier, 'forall');
  });

  it('allows a semicolon before the thread names', () => {
    const test = parse('PPC t', '{}', '; P0 ;', ' nop ;', 'exists (x=0)');
    assert.equal(test.threads[0]!.instructions.length, 1);
  });

  it('lets threads reuse label names', () => {
    const test = parse('PPC t', '{}', 'P0 | P1 ;', 'L: | L: ;', 'b L | b L ;', 'exists (x=0)');
    assert.deepEqual(test.threads.map((thread) => [...thread.labels]), [[['L', 0]], [['L', 0]]]);
  });

  it('reports badly named threads', () => {
    assertFails(['PPC t', '{}', ' P1 | P0 ;', 'exists (x=0)'], { line: 3, col: 2, message: "threads must be named P0, P1, ... in order: expected P0, found 'P1'" });
    assertFails(['PPC t', '{}', ' P0 | lwz ;', 'exists (x=0)'], { line: 3, col: 7, message: "expected thread name P1 in the first row of the code, found 'lwz'" });
    assertFails(['PPC t', '{}', ' P0 P1 ;', 'exists (x=0)'], { line: 3, col: 5, message: "expected '|' or ';' after the thread names, found 'P1'" });
  });

  it('reports rows with the wrong number of cells', () => {
    assertFails(['PPC t', '{}', 'P0 | P1 ;', 'nop | nop | nop ;', 'exists (x=0)'], { line: 4, col: 11, message: 'too many cells in this row: the test has 2 threads' });
    assertFails(['PPC t', '{}', 'P0 | P1 | P2 ;', 'nop | nop ;', 'exists (x=0)'], { line: 4, col: 11, message: 'too few cells in this row: expected 3 (one per thread), found 2' });
  });

  it('reports a row missing its semicolon', () => {
    assertFails(['PPC t', '{}', 'P0 ;', 'nop ;', 'nop', 'exists (x=0)'], { line: 6, col: 1, message: "expected ';' to end the code row before 'exists'" });
    assertFails(['PPC t', '{}', 'P0 ;', 'nop'], { line: 4, col: 4, message: "expected ';' to end the code row, found end of file" });
  });

  it('reports undefined and duplicate labels', () => {
    assertFails(['PPC t', '{}', 'P0 | P1 ;', 'nop | L1: ;', 'nop | beq L2 ;', 'exists (x=0)'], { line: 5, col: 11, message: "undefined label 'L2' in P1" });
    assertFails(['PPC t', '{}', 'P0 ;', 'L1: nop ;', 'L1: nop ;', 'exists (x=0)'], { line: 5, col: 1, message: "duplicate label 'L1' in P0 (first defined at line 4)" });
  });
});

describe('instructions', () => {
  const alu = (op: string, dst: string, srcs: unknown[], setsCr0 = false, params?: number[]) => ({ kind: 'alu', op, dst, srcs, ...(params ? { params } : {}), setsCr0 });
  const r = (reg: string) => ({ reg });
  const imm = (value: number) => ({ imm: value });
  const ea = (base: string | null, index: string | null, offset: number) => ({ base, index, offset });
  const load = (dst: string, address: unknown, size: number, extra: { reserve?: boolean; updateBase?: boolean; signExtend?: true } = {}) => ({
    kind: 'load', dst, ea: address, size, reserve: extra.reserve ?? false, updateBase: extra.updateBase ?? false, ...(extra.signExtend ? { signExtend: true } : {}),
  });
  const store = (src: string, address: unknown, size: number, extra: { conditional?: boolean; updateBase?: boolean } = {}) => ({ kind: 'store', src, ea: address, size, conditional: extra.conditional ?? false, updateBase: extra.updateBase ?? false });

  const cases: [string, unknown[]][] = [
    ['nop', [{ kind: 'nop' }]],
    ['add r1,r2,r3', [alu('add', 'r1', [r('r2'), r('r3')])]],
    ['add. r1,r2,r3', [alu('add', 'r1', [r('r2'), r('r3')], true)]],
    ['sub r1,r2,r3', [alu('sub', 'r1', [r('r2'), r('r3')])]],
    ['sub. r1,r2,r3', [alu('sub', 'r1', [r('r2'), r('r3')], true)]],
    // subf rD,rA,rB computes rB - rA.
    ['subf r1,r2,r3', [alu('sub', 'r1', [r('r3'), r('r2')])]],
    ['subf. r1,r2,r3', [alu('sub', 'r1', [r('r3'), r('r2')], true)]],
    ['addi r1,r2,-1', [alu('add', 'r1', [r('r2'), imm(-1)])]],
    ['addi r1,r0,7', [alu('move', 'r1', [imm(7)])]],
    ['addis r1,r2,1', [alu('add', 'r1', [r('r2'), imm(65536)])]],
    ['addis r1,r0,2', [alu('move', 'r1', [imm(131072)])]],
    ['subi r1,r2,5', [alu('add', 'r1', [r('r2'), imm(-5)])]],
    ['subi r1,r0,5', [alu('move', 'r1', [imm(-5)])]],
    ['mullw r1,r2,r3', [alu('mul', 'r1', [r('r2'), r('r3')])]],
    ['mullw. r1,r2,r3', [alu('mul', 'r1', [r('r2'), r('r3')], true)]],
    ['mulli r1,r2,3', [alu('mul', 'r1', [r('r2'), imm(3)])]],
    ['divw r1,r2,r3', [alu('div', 'r1', [r('r2'), r('r3')])]],
    ['divw. r1,r2,r3', [alu('div', 'r1', [r('r2'), r('r3')], true)]],
    ['and r1,r2,r3', [alu('and', 'r1', [r('r2'), r('r3')])]],
    ['and. r1,r2,r3', [alu('and', 'r1', [r('r2'), r('r3')], true)]],
    ['andi. r12, r12,0xff', [alu('and', 'r12', [r('r12'), imm(255)], true)]],
    ['or r1,r2,r3', [alu('or', 'r1', [r('r2'), r('r3')])]],
    ['or. r1,r2,r3', [alu('or', 'r1', [r('r2'), r('r3')], true)]],
    ['ori r1,r2,1', [alu('or', 'r1', [r('r2'), imm(1)])]],
    ['xor r4,r3,r3', [alu('xor', 'r4', [r('r3'), r('r3')])]],
    ['xor. r4,r3,r3', [alu('xor', 'r4', [r('r3'), r('r3')], true)]],
    ['xori r1,r2,3', [alu('xor', 'r1', [r('r2'), imm(3)])]],
    ['nor r1,r2,r3', [alu('nor', 'r1', [r('r2'), r('r3')])]],
    ['nor. r1,r2,r3', [alu('nor', 'r1', [r('r2'), r('r3')], true)]],
    ['neg r1,r2', [alu('neg', 'r1', [r('r2')])]],
    ['neg. r1,r2', [alu('neg', 'r1', [r('r2')], true)]],
    ['slw r1,r2,r3', [alu('shl', 'r1', [r('r2'), r('r3')])]],
    ['srw r1,r2,r3', [alu('shr', 'r1', [r('r2'), r('r3')])]],
    ['srawi r1,r2,3', [alu('sra', 'r1', [r('r2'), imm(3)])]],
    ['sraw r1,r2,r3', [alu('sra', 'r1', [r('r2'), r('r3')])]],
    ['rlwinm r1,r2,8,16,31', [alu('rlwinm', 'r1', [r('r2')], false, [8, 16, 31])]],
    ['rlwimi r1,r2,8,0,7', [alu('rlwimi', 'r1', [r('r2'), r('r1')], false, [8, 0, 7])]],
    ['clrldi r1,r2,32', [alu('clrldi', 'r1', [r('r2')], false, [32])]],
    ['extsw r1,r2', [alu('extsw', 'r1', [r('r2')])]],
    ['li r1,-2', [alu('move', 'r1', [imm(-2)])]],
    ['li r1,0x10', [alu('move', 'r1', [imm(16)])]],
    ['lis r1,1', [alu('move', 'r1', [imm(65536)])]],
    ['mr r1,r3', [alu('move', 'r1', [r('r3')])]],
    ['cmpw r5,r5', [{ kind: 'compare', crField: 0, a: 'r5', b: r('r5'), unsigned: false }]],
    ['cmpw cr1,r1,r2', [{ kind: 'compare', crField: 1, a: 'r1', b: r('r2'), unsigned: false }]],
    ['cmpwi r3,1', [{ kind: 'compare', crField: 0, a: 'r3', b: imm(1), unsigned: false }]],
    ['cmpwi cr7,r3,-1', [{ kind: 'compare', crField: 7, a: 'r3', b: imm(-1), unsigned: false }]],
    ['cmplw r1,r2', [{ kind: 'compare', crField: 0, a: 'r1', b: r('r2'), unsigned: true }]],
    ['cmplwi r1,2', [{ kind: 'compare', crField: 0, a: 'r1', b: imm(2), unsigned: true }]],
    ['lbz r1,0(r2)', [load('r1', ea('r2', null, 0), 1)]],
    ['lbzx r1,r2,r3', [load('r1', ea('r2', 'r3', 0), 1)]],
    ['lhz r1,2(r2)', [load('r1', ea('r2', null, 2), 2)]],
    ['lhzx r1,r2,r3', [load('r1', ea('r2', 'r3', 0), 2)]],
    ['lwz r1,4(r2)', [load('r1', ea('r2', null, 4), 4)]],
    // herd's alternative displacement syntax: d,rA is d(rA).
    ['lwz r1,0,r5', [load('r1', ea('r5', null, 0), 4)]],
    // herd reads r0 as a register in displacement forms (PPCSem.ml: read_reg_ord).
    ['lwz r1,0(r0)', [load('r1', ea('r0', null, 0), 4)]],
    ['lwz r1,0(%y1)', [load('r1', ea('%y1', null, 0), 4)]],
    ['lwzu r1,4(r2)', [load('r1', ea('r2', null, 4), 4, { updateBase: true })]],
    ['lwzu r1,4(r1)', [load('r1', ea('r1', null, 4), 4)]],
    ['lwzu r1,4(r0)', [load('r1', ea('r0', null, 4), 4)]],
    ['lwzx r5,r4,r6', [load('r5', ea('r4', 'r6', 0), 4)]],
    // r0 as RA of an indexed form is the constant 0.
    ['lwzx r1,r0,r5', [load('r1', ea(null, 'r5', 0), 4)]],
    ['lwa r1,0(r2)', [load('r1', ea('r2', null, 0), 4, { signExtend: true })]],
    ['lwax r1,r2,r3', [load('r1', ea('r2', 'r3', 0), 4, { signExtend: true })]],
    ['lha r1,2(r2)', [load('r1', ea('r2', null, 2), 2, { signExtend: true })]],
    ['lhax r1,r2,r3', [load('r1', ea('r2', 'r3', 0), 2, { signExtend: true })]],
    ['lhau r1,2(r2)', [load('r1', ea('r2', null, 2), 2, { updateBase: true, signExtend: true })]],
    ['lbzu r1,1(r2)', [load('r1', ea('r2', null, 1), 1, { updateBase: true })]],
    ['lhzu r1,2(r2)', [load('r1', ea('r2', null, 2), 2, { updateBase: true })]],
    ['ldu r1,8(r2)', [load('r1', ea('r2', null, 8), 8, { updateBase: true })]],
    ['ld r6,0,r5', [load('r6', ea('r5', null, 0), 8)]],
    ['ldx r1,r2,r3', [load('r1', ea('r2', 'r3', 0), 8)]],
    ['stb r1,0(r2)', [store('r1', ea('r2', null, 0), 1)]],
    ['stbx r1,r2,r3', [store('r1', ea('r2', 'r3', 0), 1)]],
    ['sth r1,2(r2)', [store('r1', ea('r2', null, 2), 2)]],
    ['sthx r1,r2,r3', [store('r1', ea('r2', 'r3', 0), 2)]],
    ['stw r6,0,r4', [store('r6', ea('r4', null, 0), 4)]],
    ['stwu r1,-4(r2)', [store('r1', ea('r2', null, -4), 4, { updateBase: true })]],
    ['stwu r1,0(r0)', [store('r1', ea('r0', null, 0), 4)]],
    ['stwx r1,r0,r2', [store('r1', ea(null, 'r2', 0), 4)]],
    ['std %t0,0(%x0)', [store('%t0', ea('%x0', null, 0), 8)]],
    ['stbu r1,1(r2)', [store('r1', ea('r2', null, 1), 1, { updateBase: true })]],
    ['sthu r1,2(r2)', [store('r1', ea('r2', null, 2), 2, { updateBase: true })]],
    ['stdu r1,8(r2)', [store('r1', ea('r2', null, 8), 8, { updateBase: true })]],
    ['stdx r7,r1,r5', [store('r7', ea('r1', 'r5', 0), 8)]],
    ['lmw r30,8(r2)', [load('r30', ea('r2', null, 8), 4), load('r31', ea('r2', null, 12), 4)]],
    ['stmw r29,0(r3)', [store('r29', ea('r3', null, 0), 4), store('r30', ea('r3', null, 4), 4), store('r31', ea('r3', null, 8), 4)]],
    ['lwarx r1,r0,r2', [load('r1', ea(null, 'r2', 0), 4, { reserve: true })]],
    ['ldarx r1,r3,r2', [load('r1', ea('r3', 'r2', 0), 8, { reserve: true })]],
    ['stwcx. r1,r0,r2', [store('r1', ea(null, 'r2', 0), 4, { conditional: true })]],
    ['stdcx. r1,r3,r2', [store('r1', ea('r3', 'r2', 0), 8, { conditional: true })]],
    ['lbarx r1,r0,r2', [load('r1', ea(null, 'r2', 0), 1, { reserve: true })]],
    ['lharx r1,r0,r2', [load('r1', ea(null, 'r2', 0), 2, { reserve: true })]],
    ['stbcx. r1,r0,r2', [store('r1', ea(null, 'r2', 0), 1, { conditional: true })]],
    ['sthcx. r1,r0,r2', [store('r1', ea(null, 'r2', 0), 2, { conditional: true })]],
    ['sync', [{ kind: 'fence', fence: 'sync' }]],
    ['hwsync', [{ kind: 'fence', fence: 'sync' }]],
    ['lwsync', [{ kind: 'fence', fence: 'lwsync' }]],
    ['eieio', [{ kind: 'fence', fence: 'eieio' }]],
    ['isync', [{ kind: 'fence', fence: 'isync' }]],
    ['dcbf r1,r2', [{ kind: 'nop' }]],
    ['b L', [{ kind: 'branch', cond: 'always', crField: 0, target: 'L' }]],
    ['beq L', [{ kind: 'branch', cond: 'eq', crField: 0, target: 'L' }]],
    ['bne L', [{ kind: 'branch', cond: 'ne', crField: 0, target: 'L' }]],
    ['blt L', [{ kind: 'branch', cond: 'lt', crField: 0, target: 'L' }]],
    ['ble L', [{ kind: 'branch', cond: 'le', crField: 0, target: 'L' }]],
    ['bgt L', [{ kind: 'branch', cond: 'gt', crField: 0, target: 'L' }]],
    ['bge L', [{ kind: 'branch', cond: 'ge', crField: 0, target: 'L' }]],
    ['bnl L', [{ kind: 'branch', cond: 'ge', crField: 0, target: 'L' }]],
    ['bng L', [{ kind: 'branch', cond: 'le', crField: 0, target: 'L' }]],
    ['beq cr1,L', [{ kind: 'branch', cond: 'eq', crField: 1, target: 'L' }]],
  ];

  for (const [text, expected] of cases) {
    it(text, () => assert.deepEqual(instructionsOf(text), expected));
  }

  it('covers every mnemonic of herd7 PPC list, plus ldarx/stdcx.', () => {
    const herdList = `nop add add. addi addis sub sub. subi subf subf. mullw mullw. mulli divw divw. and and.
      andi. or or. ori xor xor. xori nor nor. neg neg. slw srawi sraw rlwinm rlwimi clrldi extsw li lis mr
      cmpw cmpwi cmplw cmplwi lbz lbzx lhz lhzx lwz lwzu lwzx lwa lwax ld ldx stb stbx sth sthx stw stwu
      stwx std stdx lmw stmw lwarx stwcx. ldarx stdcx. sync hwsync lwsync eieio isync dcbf
      b beq bne blt ble bgt bge bnl bng`.split(/\s+/);
    const tested = new Set(cases.map(([text]) => text.split(' ')[0]));
    assert.deepEqual(herdList.filter((mnemonic) => !tested.has(mnemonic)), []);
  });

  it('gives lmw/stmw expansions the source of their one instruction', () => {
    const [first, second] = parse(...oneThread('lmw r30,0(r2)')).threads[0]!.instructions;
    assert.deepEqual(first!.source, { line: 4, col: 2, text: 'lmw r30,0(r2)', mnemonic: 'lmw' });
    assert.equal(second!.source, first!.source);
  });

  const errors: [string, ExpectedError][] = [
    ['lwzz r1,0(r2)', { line: 4, col: 2, message: "unknown instruction 'lwzz'; did you mean lwz, lwzx, lwzu?" }],
    ['xyzzy r1', { line: 4, col: 2, message: "unknown instruction 'xyzzy'" }],
    ['lwz r1 0(r2)', { line: 4, col: 9, message: "expected ',' after destination register, found '0'" }],
    ['lwz r1,0(r2', { line: 4, col: 13, message: "expected ')' after base register, found end of instruction" }],
    ['lwz r1,r2', { line: 4, col: 9, message: "expected an offset, found 'r2'" }],
    ['lwz r1,0 r2', { line: 4, col: 11, message: "expected ',' after the offset (write d(rA) or d,rA), found 'r2'" }],
    ['add r1,r2', { line: 4, col: 11, message: "expected ',' after first source register, found end of instruction" }],
    ['add r1,r2,5', { line: 4, col: 12, message: "expected second source register (a register such as r1), found '5'" }],
    ['li r32,1', { line: 4, col: 5, message: 'register r32 is out of range (r0..r31)' }],
    ['li r1,x', { line: 4, col: 8, message: "expected an immediate value, found 'x'" }],
    ['cmpw cr8,r1,r2', { line: 4, col: 7, message: 'condition register field cr8 is out of range (cr0..cr7)' }],
    ['sync r1', { line: 4, col: 7, message: "unexpected 'r1' after the operands of 'sync'" }],
    ['beq 3', { line: 4, col: 6, message: "expected a label after 'beq', found '3'" }],
    ['rlwinm r1,r2,32,0,31', { line: 4, col: 15, message: 'the shift amount must be between 0 and 31' }],
    ['lmw %x,0(r1)', { kind: 'unsupported', line: 4, col: 6, message: 'lmw needs a numbered register (r0..r31) as first destination register' }],
    ['blr', { kind: 'unsupported', line: 4, col: 2, message: "instruction 'blr' is not supported: calls and link/condition-register moves are not modelled" }],
    ['bl L', { kind: 'unsupported', line: 4, col: 2, message: "instruction 'bl' is not supported: calls and link/condition-register moves are not modelled" }],
    ['mtlr r1', { kind: 'unsupported', line: 4, col: 2, message: "instruction 'mtlr' is not supported: calls and link/condition-register moves are not modelled" }],
    ['mflr r1', { kind: 'unsupported', line: 4, col: 2, message: "instruction 'mflr' is not supported: calls and link/condition-register moves are not modelled" }],
    ['mfcr r1', { kind: 'unsupported', line: 4, col: 2, message: "instruction 'mfcr' is not supported: calls and link/condition-register moves are not modelled" }],
    ['foo(r1,r2)', { kind: 'unsupported', line: 4, col: 2, message: "macro calls such as 'foo(...)' are not supported" }],
    ['3 r1', { line: 4, col: 2, message: "expected an instruction, found '3'" }],
  ];

  for (const [text, expected] of errors) {
    it(`reports: ${text}`, () => assertFails(oneThread(text), expected));
  }
});

describe('final section in a test', () => {
  it('checks register locations against the threads and registers', () => {
    assertFails(['PPC t', '{}', 'P0 | P1 ;', 'exists (0:r1=0 /\\ 2:r1=0)'], { line: 4, col: 19, message: 'unknown thread 2: the test has threads P0..P1' });
    assertFails(['PPC t', '{}', 'P0 ;', 'locations [0:cr9;]', 'exists (x=0)'], { line: 4, col: 14, message: "expected a register such as r1 after '0:', found 'cr9'" });
  });

  it('reads locations, filter, a trailing semicolon and herd configuration blocks', () => {
    const test = parse('PPC t', '{ 0:r2=x; }', 'P0 ;', 'lwz r1,0(r2) ;', 'locations [y; 0:r1;]', 'filter 0:r1=1', 'exists (P0:r1=1 /\\ [z]=w);', '<<', 'show 1', '>>');
    assert.deepEqual(test.locations, [{ kind: 'mem', name: 'y' }, { kind: 'reg', thread: 0, reg: 'r1' }]);
    assert.deepEqual(test.filter, { kind: 'atom', loc: { kind: 'reg', thread: 0, reg: 'r1' }, value: 1, equal: true, pos: { line: 6, col: 8 } });
    assert.deepEqual(test.condition.pos, { line: 7, col: 1 });
    assert.deepEqual(test.sharedLocations, ['w', 'x', 'y', 'z']);
  });

  it('ignores the legacy with trailer (herd campaign m3l)', () => {
    const test = parse(
      'PPC m3l (mThreel)',
      '{ P0:r5=x; P0:r1=1; P1:r5=x; }',
      '      P0    |       P1    ;',
      'stw r1,0,r5 | lwz r2,0,r5 ;',
      'final (1:r2=1);',
      'with default: ~exists; (*PS: changed *)',
      'power_b: ~exists;',
    );
    assert.equal(test.condition.quantifier, 'exists');
  });
});
