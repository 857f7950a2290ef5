import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNumberToken, Scanner, tokenize, type Token } from '../../src/parse/lexer.ts';

function tokensOf(text: string, stopAtConfigBlocks = false): Token[] {
  return tokenize(new Scanner(text, 't.litmus'), stopAtConfigBlocks);
}

function kindsAndTexts(text: string): string[] {
  return tokensOf(text).map((token) => `${token.kind} ${token.text}`);
}

describe('tokenizer', () => {
  it('reads numbers, names, registers and the condition operators', () => {
    assert.deepEqual(kindsAndTexts('0:r1=-1 /\\ x=0x1F \\/ ~y<>2 => z!=3'), [
      'num 0', 'punct :', 'name r1', 'punct =', 'num -1', 'punct /\\', 'name x', 'punct =', 'num 0x1F',
      'punct \\/', 'punct ~', 'name y', 'punct <>', 'num 2', 'punct =>', 'name z', 'punct !=', 'num 3', 'eof ',
    ]);
  });

  it('keeps dotted mnemonics, labels with dashes and %registers whole', () => {
    assert.deepEqual(kindsAndTexts('stwcx. r1,r0,%x0 | Loop-1: andi.'), [
      'name stwcx.', 'name r1', 'punct ,', 'name r0', 'punct ,', 'symreg %x0', 'punct |', 'name Loop-1', 'punct :', 'name andi.', 'eof ',
    ]);
  });

  it('ends a name before the / of a conjunction written without spaces', () => {
    assert.deepEqual(kindsAndTexts('x=y/\\z=1'), ['name x', 'punct =', 'name y', 'punct /\\', 'name z', 'punct =', 'num 1', 'eof ']);
  });

  it('skips nested OCaml comments', () => {
    assert.deepEqual(kindsAndTexts('a (* b (* c *) d *) e'), ['name a', 'name e', 'eof ']);
  });

  it('gives 1-based lines and columns, a tab counting as one column', () => {
    const [first, second] = tokensOf('\n\tfoo (* x\n y *)  bar');
    assert.deepEqual([first!.line, first!.col], [2, 2]);
    assert.deepEqual([second!.line, second!.col], [3, 8]);
  });

  it('reports an unterminated comment where it opens', () => {
    assert.throws(() => tokensOf('a\n  (* b (* c *)\n'), {
      name: 'LitmusError',
      kind: 'input',
      file: 't.litmus',
      line: 2,
      col: 3,
      message: "unterminated comment: no '*)' closes this '(*'",
    });
  });

  it('reports an unterminated string where it opens', () => {
    assert.throws(() => tokensOf('x "abc\n"'), { kind: 'input', line: 1, col: 3, message: 'unterminated string: no closing \'"\' on this line' });
  });

  it("stops at herd's `<<` configuration blocks when asked", () => {
    const tokens = tokensOf('exists (x=1)\n<<\nshow "unterminated\n>>', true);
    assert.deepEqual(tokens.map((token) => token.text), ['exists', '(', 'x', '=', '1', ')', '<<']);
    assert.equal(tokens.at(-1)!.kind, 'eof');
  });
});

describe('LKMM Result: comments', () => {
  it('takes the first Result: line with its position', () => {
    const scanner = new Scanner('C t\n\n(*\n * Result: Never\n *\n * Result: Always\n *)\n', 't.litmus');
    tokenize(scanner, false);
    assert.deepEqual(scanner.expected, { result: 'Never', pos: { line: 4, col: 4 } });
  });

  it('gives a position on the comment line itself', () => {
    const scanner = new Scanner('  (* Result: Sometimes *)', 't.litmus');
    tokenize(scanner, false);
    assert.deepEqual(scanner.expected, { result: 'Sometimes', pos: { line: 1, col: 6 } });
  });

  it('ignores later Result: lines when the first one is no verdict (judgelitmus.sh reads only the first)', () => {
    const scanner = new Scanner('(* Result: Unknown *) (* Result: Never *)', 't.litmus');
    tokenize(scanner, false);
    assert.equal(scanner.expected, null);
  });

  it("reads judgelitmus.sh's other words: DEADLOCK is Never with no execution, Maybe requires nothing, DATARACE predicts the data-race flag", () => {
    const stated = (text: string) => {
      const scanner = new Scanner(text, 't.litmus');
      tokenize(scanner, false);
      return scanner.expected;
    };
    const pos = { line: 1, col: 4 };
    assert.deepEqual(stated('(* Result: DEADLOCK *)'), { result: 'Never', pos, word: 'DEADLOCK' });
    assert.deepEqual(stated('(* Result: Maybe *)'), { result: null, pos, word: 'Maybe' });
    assert.deepEqual(stated('(*\n * Result: Sometimes DATARACE\n *)'), { result: 'Sometimes', pos: { line: 2, col: 4 }, dataRace: true });
  });

  it('reads Result-power: and Result-lkmm: lines as verdicts under those models, the first of each', () => {
    const scanner = new Scanner('(*\n * Result: Never\n * Result-power: Sometimes\n * Result-power: Never\n *)\n(* Result-lkmm: Maybe *)', 't.litmus');
    tokenize(scanner, false);
    assert.deepEqual(scanner.expected, {
      result: 'Never',
      pos: { line: 2, col: 4 },
      also: [
        { result: 'Sometimes', pos: { line: 3, col: 4 }, model: 'power' },
        { result: null, pos: { line: 6, col: 4 }, word: 'Maybe', model: 'lkmm' },
      ],
    });
  });
});

describe('numeric literals', () => {
  const value = (text: string) => parseNumberToken(tokensOf(text)[0]!, 't.litmus');

  it('reads decimal, negative and hexadecimal numbers', () => {
    assert.equal(value('42'), 42);
    assert.equal(value('-7'), -7);
    assert.equal(value('0x10'), 16);
    assert.equal(value('0XfF'), 255);
    assert.equal(value('-0x10'), -16);
  });

  it('refuses numbers that do not fit a double exactly', () => {
    assert.throws(() => value('0xffffffffffffffff'), { kind: 'unsupported', line: 1, col: 1 });
  });
});
