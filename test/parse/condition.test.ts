import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Location, Prop, Value } from '../../src/ir/program.ts';
import { collectSharedNames, parseFinalSection, type RegisterResolver } from '../../src/parse/condition.ts';
import { Scanner, TokenStream, tokenize } from '../../src/parse/lexer.ts';

/** Front ends validate registers; these tests take any name as written. */
const anyRegister: RegisterResolver = (ref) => ref.registerToken.text;

function finalSection(text: string) {
  const scanner = new Scanner(text, 'c.litmus');
  return parseFinalSection(new TokenStream(tokenize(scanner, true), 'c.litmus', text), anyRegister);
}

function propOf(text: string): Prop {
  return finalSection(`exists ${text}`).condition.prop;
}

/** Atoms without positions, to compare structure. */
function shape(prop: Prop): unknown {
  switch (prop.kind) {
    case 'const':
      return prop.value;
    case 'atom':
      return `${prop.loc.kind === 'reg' ? `${prop.loc.thread}:${prop.loc.reg}` : `[${prop.loc.name}]`}${prop.equal ? '=' : '!='}${String(prop.value)}`;
    case 'same':
      return ['same', prop.left, prop.right, prop.equal];
    case 'not':
      return ['not', shape(prop.prop)];
    default:
      return [prop.kind, shape(prop.left), shape(prop.right)];
  }
}

const reg = (thread: number, name: string): Location => ({ kind: 'reg', thread, reg: name });
const mem = (name: string): Location => ({ kind: 'mem', name });
const atom = (loc: Location, value: Value, line: number, col: number, equal = true): Prop => ({ kind: 'atom', loc, value, equal, pos: { line, col } });

describe('quantifiers', () => {
  it('reads exists with the position of the keyword', () => {
    const { condition } = finalSection('\n  exists (0:r1=1)');
    assert.deepEqual(condition, { quantifier: 'exists', prop: atom(reg(0, 'r1'), 1, 2, 11), pos: { line: 2, col: 3 } });
  });

  for (const [text, quantifier] of [
    ['~exists (x=1)', 'not-exists'],
    ['~ exists (x=1)', 'not-exists'],
    ['not exists (x=1)', 'not-exists'],
    ['forall (x=1)', 'forall'],
    ['final (x=1)', 'exists'],
    ['(x=1)', 'exists'],
    ['exists x=1', 'exists'],
  ] as const) {
    it(`reads '${text}' as ${quantifier}`, () => {
      const { condition } = finalSection(text);
      assert.equal(condition.quantifier, quantifier);
      assert.deepEqual(shape(condition.prop), '[x]=1');
    });
  }

  it('reads a missing condition as forall true, as herd does', () => {
    const { condition } = finalSection('locations [x;]\n');
    assert.equal(condition.quantifier, 'forall');
    assert.deepEqual(condition.prop, { kind: 'const', value: true });
  });

  it('allows a trailing semicolon and ignores a legacy with trailer', () => {
    const { condition } = finalSection('final (x=1);\nwith default: ~exists; (* note *)\npower_b: ~ exists;\ndoko: exists;');
    assert.equal(condition.quantifier, 'exists');
  });
});

describe('propositions', () => {
  it('binds => tighter than /\\ (herd: \\/ < /\\ < => < ~)', () => {
    assert.deepEqual(shape(propOf('x=1 /\\ y=2 => z=3')), ['and', '[x]=1', ['implies', '[y]=2', '[z]=3']]);
  });

  it('binds /\\ tighter than \\/', () => {
    assert.deepEqual(shape(propOf('x=1 \\/ y=2 /\\ z=3')), ['or', '[x]=1', ['and', '[y]=2', '[z]=3']]);
    assert.deepEqual(shape(propOf('x=1 /\\ y=2 \\/ z=3')), ['or', ['and', '[x]=1', '[y]=2'], '[z]=3']);
  });

  it('binds ~ tightest', () => {
    assert.deepEqual(shape(propOf('~x=1 /\\ y=2')), ['and', ['not', '[x]=1'], '[y]=2']);
    assert.deepEqual(shape(propOf('not x=1 => y=2')), ['implies', ['not', '[x]=1'], '[y]=2']);
    assert.deepEqual(shape(propOf('~ ~x=1')), ['not', ['not', '[x]=1']]);
  });

  it('groups /\\ and \\/ to the left and => to the right', () => {
    assert.deepEqual(shape(propOf('x=1 /\\ y=2 /\\ z=3')), ['and', ['and', '[x]=1', '[y]=2'], '[z]=3']);
    assert.deepEqual(shape(propOf('x=1 \\/ y=2 \\/ z=3')), ['or', ['or', '[x]=1', '[y]=2'], '[z]=3']);
    assert.deepEqual(shape(propOf('x=1 => y=2 => z=3')), ['implies', '[x]=1', ['implies', '[y]=2', '[z]=3']]);
  });

  it('honours parentheses', () => {
    assert.deepEqual(shape(propOf('(x=1 \\/ y=2) /\\ z=3')), ['and', ['or', '[x]=1', '[y]=2'], '[z]=3']);
  });

  it('reads true and false', () => {
    assert.deepEqual(shape(propOf('(true \\/ false)')), ['or', true, false]);
  });
});

describe('atoms', () => {
  it('reads register atoms with a numbered or P-named thread', () => {
    assert.deepEqual(propOf('0:r1=1'), atom(reg(0, 'r1'), 1, 1, 8));
    assert.deepEqual(propOf('P2:r3=0'), atom(reg(2, 'r3'), 0, 1, 8));
  });

  it('reads memory atoms written bare or in brackets', () => {
    assert.deepEqual(propOf('x=1'), atom(mem('x'), 1, 1, 8));
    assert.deepEqual(propOf('[y]=2'), atom(mem('y'), 2, 1, 8));
  });

  it('reads ==, != and <>', () => {
    assert.deepEqual(propOf('x==1'), atom(mem('x'), 1, 1, 8));
    assert.deepEqual(propOf('x!=1'), atom(mem('x'), 1, 1, 8, false));
    assert.deepEqual(propOf('x<>1'), atom(mem('x'), 1, 1, 8, false));
  });

  it('reads a location name as a value meaning its address', () => {
    assert.deepEqual(propOf('1:r0=x'), atom(reg(1, 'r0'), 'x', 1, 8));
  });

  it('reads negative and hexadecimal values', () => {
    assert.deepEqual(propOf('x=-1'), atom(mem('x'), -1, 1, 8));
    assert.deepEqual(propOf('x=0x10'), atom(mem('x'), 16, 1, 8));
  });
});

describe('locations and filter', () => {
  it('reads a locations list with or without a trailing semicolon', () => {
    assert.deepEqual(finalSection('locations [x; 0:r1; [y];]\nexists (x=1)').locations, [mem('x'), reg(0, 'r1'), mem('y')]);
    assert.deepEqual(finalSection('locations [x;y]\nexists (x=1)').locations, [mem('x'), mem('y')]);
    assert.deepEqual(finalSection('locations []\nexists (x=1)').locations, []);
  });

  it('accepts the types herd allows after a location', () => {
    assert.deepEqual(finalSection('locations [x int; 0:r1 int*;]\nexists (x=1)').locations, [mem('x'), reg(0, 'r1')]);
  });

  it('reads a filter before the condition', () => {
    const section = finalSection('locations [x;]\nfilter 0:r1=1 /\\ ~y=0\nexists (x=1)');
    assert.deepEqual(shape(section.filter!), ['and', '0:r1=1', ['not', '[y]=0']]);
    assert.equal(finalSection('exists (x=1)').filter, null);
  });
});

describe('condition errors', () => {
  const fails = (text: string, expected: { kind?: string; line: number; col: number; message: string }) =>
    assert.throws(() => finalSection(text), { name: 'LitmusError', kind: 'input', file: 'c.litmus', ...expected });

  it('reports a missing proposition after exists', () => {
    fails('exists\n', { line: 2, col: 1, message: 'expected a condition (such as 0:r1=1, x=1, true, ~ or a parenthesis), found end of file' });
  });

  it('reports an unclosed parenthesis', () => {
    fails('exists (x=1 /\\ y=2', { line: 1, col: 19, message: "expected ')' to close the parenthesis, found end of file" });
  });

  it('reports a missing comparison', () => {
    fails('exists (0:r1 1)', { line: 1, col: 14, message: "expected '=' or '!=' after '0:r1', found '1'" });
  });

  it('reports a missing value', () => {
    fails('exists (x=)', { line: 1, col: 11, message: "expected a value (a number or a location name), found ')'" });
  });

  it('reports text after the condition', () => {
    fails('exists (x=1) junk', { line: 1, col: 14, message: "expected the end of the test after the condition, found 'junk'" });
  });

  it('reports an unknown quantifier', () => {
    fails('exits (x=1)', { line: 1, col: 1, message: "expected 'exists', '~exists', 'forall' or 'final', found 'exits'" });
  });

  it('reports a malformed locations list', () => {
    fails('locations [x y z]\nexists (x=1)', { line: 1, col: 16, message: "expected ';' or ']' in the locations list, found 'z'" });
    fails('locations x\nexists (x=1)', { line: 1, col: 11, message: "expected '[' after 'locations', found 'x'" });
  });

  it("reads herd's location = location atom (manual/demo/C-IRIWish compares 1:r1 with itself)", () => {
    assert.deepEqual(shape(propOf('(0:r1=1:r2 /\\ x!=1:r1)')), ['and', ['same', reg(0, 'r1'), reg(1, 'r2'), true], ['same', mem('x'), reg(1, 'r1'), false]]);
  });

  it('refuses constructs herd accepts but the checker does not model', () => {
    fails('exists (fault(x))', { kind: 'unsupported', line: 1, col: 9, message: 'fault(...) atoms are not supported' });
    fails('exists (%r=1)', { kind: 'unsupported', line: 1, col: 9, message: 'symbolic register %r needs a thread here; write it as thread:register (e.g. 0:r1)' });
    fails('exists (t[1]=1)', { kind: 'unsupported', line: 1, col: 10, message: "arrays such as 't[...]' are not supported" });
    fails('observed x=1;', { kind: 'unsupported', line: 1, col: 1, message: "'observed' conditions are not supported; use exists, ~exists or forall" });
  });
});

describe('collectSharedNames', () => {
  it('collects memory locations and address values', () => {
    const names = new Set<string>();
    collectSharedNames(propOf('(x=1 /\\ ~0:r1=y) \\/ [z]=2 \\/ 1:r2=3'), names);
    assert.deepEqual([...names].sort(), ['x', 'y', 'z']);
  });
});
