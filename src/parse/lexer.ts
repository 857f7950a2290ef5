/**
 * Character-level scanning and tokenizing shared by the litmus front ends.
 *
 * herd lexes each section of a test with a different lexer; the token sets of
 * the init block, the PPC code and the final condition are compatible, so one
 * tokenizer serves them all and the parsers give the tokens their meaning.
 */

import { LitmusError, type ErrorKind } from '../diagnostics.ts';
import { type ExpectedResult, integerValue, type SourcePos, type StatedResult, type StatedResults } from '../ir/program.ts';

export type TokenKind = 'name' | 'num' | 'symreg' | 'string' | 'punct' | 'eof';

export interface Token extends SourcePos {
  kind: TokenKind;
  /** As written; a symbolic register keeps its `%`, a string its quotes. */
  text: string;
  offset: number;
}

/** Operators longer than one character; anything else is a one-character token. */
const MULTI_CHAR_PUNCT = ['/\\', '\\/', '=>', '==', '!=', '<>'];
const MULTI_CHAR_START = new Set(MULTI_CHAR_PUNCT.map((p) => p.charCodeAt(0)));

/** `Result:` (LKMM), `Result-power:` or `Result-lkmm:`, the word after it, and the rest of its line (where `DATARACE` goes). */
const RESULT_LINE = /\bResult(-power|-lkmm)?:[ \t]*([A-Za-z]+)([^\n]*)/g;

const REQUIRED_OBSERVATION: Record<string, ExpectedResult | undefined> = {
  Never: 'Never', Sometimes: 'Sometimes', Always: 'Always', Maybe: null, DEADLOCK: 'Never',
};

function statedResult(word: string, restOfLine: string, model: 'power' | 'lkmm' | undefined, pos: SourcePos): StatedResult | null {
  const result = REQUIRED_OBSERVATION[word];
  if (result === undefined) return null;
  const stated: StatedResult = { result, pos };
  if (word === 'Maybe' || word === 'DEADLOCK') stated.word = word;
  if (/\bDATARACE\b/.test(restOfLine)) stated.dataRace = true;
  if (model !== undefined) stated.model = model;
  return stated;
}

/**
 * The models a file's `Result-power:`/`Result-lkmm:` lines name, read from
 * the raw text, before any parsing: enough to plan which models a test
 * runs under. (The parse itself reads them from comments only.)
 */
export function resultLineModels(text: string): Set<'power' | 'lkmm'> {
  const models = new Set<'power' | 'lkmm'>();
  for (const match of text.matchAll(RESULT_LINE)) if (match[1] !== undefined) models.add(match[1].slice(1) as 'power' | 'lkmm');
  return models;
}

/** The source position of `offset` in a comment's text that starts at `open`. */
function positionIn(body: string, offset: number, open: SourcePos): SourcePos {
  const lines = body.slice(0, offset).split('\n');
  const lastLine = lines[lines.length - 1]!;
  return { line: open.line + lines.length - 1, col: lines.length === 1 ? open.col + offset : lastLine.length + 1 };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isHexDigit(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}

function isAlpha(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

/** herd's `name`: letters, digits, `_ / . -` after a letter or `_`. */
function isNameStart(code: number): boolean {
  return isAlpha(code) || code === 95;
}

function isNameChar(code: number): boolean {
  return isAlpha(code) || isDigit(code) || code === 95 || code === 46 || code === 45 || code === 47;
}

interface ScanState {
  pos: number;
  line: number;
  lineStart: number;
}

/**
 * A position in the source text, advanced by the header parser character by
 * character and then by the tokenizer. It skips OCaml comments wherever it
 * skips blanks and remembers the result lines (`Result:`, `Result-power:`, `Result-lkmm:`) found in them.
 */
export class Scanner {
  pos = 0;
  line = 1;
  private lineStart = 0;
  /** The result lines of the comments skipped so far (see StatedResults). */
  expected: StatedResults | null = null;
  /** `default` (a `Result:` line) or the model a `Result-MODEL:` line names: each counts once. */
  private readonly resultLinesSeen = new Set<string>();

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = this.lineStart = 1;
  }

  get col(): number {
    return this.pos - this.lineStart + 1;
  }

  here(): SourcePos {
    return { line: this.line, col: this.col };
  }

  /** For lookahead that may have to be undone. */
  save(): ScanState {
    return { pos: this.pos, line: this.line, lineStart: this.lineStart };
  }

  restore(state: ScanState): void {
    ({ pos: this.pos, line: this.line, lineStart: this.lineStart } = state);
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peekChar(ahead = 0): string {
    return this.text.charAt(this.pos + ahead);
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  /** Moves over `count` characters, keeping the line count right. */
  advance(count = 1): void {
    const end = Math.min(this.pos + count, this.text.length);
    while (this.pos < end) {
      if (this.text.charCodeAt(this.pos) === 10) {
        this.line++;
        this.lineStart = this.pos + 1;
      }
      this.pos++;
    }
  }

  fail(kind: ErrorKind, message: string, at: SourcePos, length = 1): never {
    throw new LitmusError(kind, message, this.file, at.line, at.col, length);
  }

  /** Skips spaces and tabs (and `\r`), but not newlines or comments. */
  skipBlanksOnLine(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 32 && c !== 9 && c !== 13) return;
      this.pos++;
    }
  }

  /** Skips blanks, newlines and comments. */
  skipSpace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 13) this.pos++;
      else if (c === 10) this.advance();
      else if (c === 40 && this.text.charCodeAt(this.pos + 1) === 42) this.skipComment();
      else return;
    }
  }

  /** Skips an OCaml comment starting here; like OCaml, comments nest. */
  skipComment(): void {
    const open = this.here();
    const start = this.pos;
    this.advance(2);
    let depth = 1;
    while (depth > 0) {
      if (this.atEnd()) this.fail('input', "unterminated comment: no '*)' closes this '(*'", open, 2);
      if (this.startsWith('(*')) {
        depth++;
        this.advance(2);
      } else if (this.startsWith('*)')) {
        depth--;
        this.advance(2);
      } else {
        this.advance();
      }
    }
    this.noteResults(start, this.pos, open);
  }

  /**
   * judgelitmus.sh takes the first `Result:` line, so only the first counts;
   * likewise the first `Result-power:` and the first `Result-lkmm:`. A word
   * that is no verdict (a typo) states nothing, so check reports the test as
   * having no expected result rather than guessing.
   */
  private noteResults(start: number, end: number, open: SourcePos): void {
    const body = this.text.slice(start, end);
    for (const match of body.matchAll(RESULT_LINE)) {
      const model = match[1] === undefined ? undefined : (match[1].slice(1) as 'power' | 'lkmm');
      const key = model ?? 'default';
      if (this.resultLinesSeen.has(key)) continue;
      this.resultLinesSeen.add(key);
      const stated = statedResult(match[2]!, match[3]!, model, positionIn(body, match.index, open));
      if (stated === null) continue;
      if (this.expected === null) this.expected = stated;
      else this.expected.also = [...(this.expected.also ?? []), stated];
    }
  }

  /** The next token; blanks, newlines and comments before it are skipped. */
  nextToken(): Token {
    this.skipSpace();
    const offset = this.pos;
    const line = this.line;
    const col = this.col;
    const kind = this.scanToken();
    return { kind, text: this.text.slice(offset, this.pos), offset, line, col };
  }

  /** Moves over one token (there are no newlines inside tokens) and says what it was. */
  private scanToken(): TokenKind {
    const text = this.text;
    const offset = this.pos;
    if (offset >= text.length) return 'eof';
    const c = text.charCodeAt(offset);
    if (isDigit(c) || (c === 45 && isDigit(text.charCodeAt(offset + 1)))) {
      let pos = c === 45 ? offset + 1 : offset;
      const x = text.charCodeAt(pos + 1);
      if (text.charCodeAt(pos) === 48 && (x === 120 || x === 88) && isHexDigit(text.charCodeAt(pos + 2))) {
        pos += 2;
        while (isHexDigit(text.charCodeAt(pos))) pos++;
      } else {
        while (isDigit(text.charCodeAt(pos))) pos++;
      }
      this.pos = pos;
      return 'num';
    }
    if (isNameStart(c) || (c === 37 && isNameStart(text.charCodeAt(offset + 1)))) {
      let pos = offset + 1;
      // `x/\y` must end the name before the `/` of the conjunction.
      while (isNameChar(text.charCodeAt(pos)) && !(text.charCodeAt(pos) === 47 && text.charCodeAt(pos + 1) === 92)) pos++;
      this.pos = pos;
      return c === 37 ? 'symreg' : 'name';
    }
    if (c === 34) {
      const end = text.indexOf('"', offset + 1);
      const newline = text.indexOf('\n', offset + 1);
      if (end < 0 || (newline >= 0 && newline < end)) this.fail('input', 'unterminated string: no closing \'"\' on this line', this.here());
      this.pos = end + 1;
      return 'string';
    }
    const multi = MULTI_CHAR_START.has(c) ? MULTI_CHAR_PUNCT.find((p) => text.startsWith(p, offset)) : undefined;
    this.pos = offset + (multi ? multi.length : 1);
    return 'punct';
  }
}

/**
 * Tokenizes from the scanner's position to the end of the test. herd ends a
 * test at `<<`, where its optional configuration blocks begin; with
 * `stopAtConfigBlocks` that `<<` becomes the end-of-file token.
 */
export function tokenize(scanner: Scanner, stopAtConfigBlocks: boolean): Token[] {
  const tokens: Token[] = [];
  for (;;) {
    scanner.skipSpace();
    if (stopAtConfigBlocks && scanner.peekChar() === '<' && scanner.peekChar(1) === '<') {
      const at = scanner.here();
      tokens.push({ kind: 'eof', text: '<<', offset: scanner.pos, ...at });
      return tokens;
    }
    const token = scanner.nextToken();
    tokens.push(token);
    if (token.kind === 'eof') return tokens;
  }
}

/** How a token reads in "expected X, found Y". */
export function describe(token: Token): string {
  if (token.kind === 'eof') return token.text === '' ? 'end of file' : `'${token.text}' (end of the test)`;
  return `'${token.text}'`;
}

/** A numeric literal: decimal (optionally negative) or `0x` hexadecimal. */
export function parseNumberToken(token: Token, file: string): number {
  const negative = token.text.startsWith('-');
  const digits = negative ? token.text.slice(1) : token.text;
  const magnitude = digits.length > 2 && (digits[1] === 'x' || digits[1] === 'X') ? parseInt(digits.slice(2), 16) : parseInt(digits, 10);
  if (!Number.isSafeInteger(magnitude)) {
    throw new LitmusError('unsupported', `number ${token.text} is too large (values beyond ±2^53 are not supported)`, file, token.line, token.col, token.text.length);
  }
  return negative ? -magnitude : magnitude;
}

/**
 * A number token as a value: any 64-bit integer (signed or unsigned, as
 * doubleword values are written), canonical (src/ir/program.ts Value).
 */
export function parseValueToken(token: Token, file: string): number | bigint {
  const negative = token.text.startsWith('-');
  const digits = negative ? token.text.slice(1) : token.text;
  const magnitude = BigInt(digits);
  if (negative ? magnitude > 1n << 63n : magnitude >= 1n << 64n) {
    throw new LitmusError('unsupported', `number ${token.text} does not fit in 64 bits`, file, token.line, token.col, token.text.length);
  }
  return integerValue(negative ? -magnitude : magnitude);
}

/** A cursor over a token array; the last token is always `eof`. */
export class TokenStream {
  private index = 0;

  constructor(
    readonly tokens: readonly Token[],
    readonly file: string,
    /** The source the tokens were read from, for quoting it. */
    readonly text: string,
  ) {}

  peek(ahead = 0): Token {
    const last = this.tokens.length - 1;
    return this.tokens[Math.min(this.index + ahead, last)]!;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  /** Whether the next token is the punctuation or keyword `text`. */
  at(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return (token.kind === 'punct' || token.kind === 'name') && token.text === text;
  }

  accept(text: string): Token | null {
    return this.at(text) ? this.next() : null;
  }

  expect(text: string, expectation: string): Token {
    if (!this.at(text)) this.failExpected(expectation);
    return this.next();
  }

  /** Fails at the next token with "expected …, found …". */
  failExpected(expectation: string): never {
    const token = this.peek();
    return this.fail(token, `expected ${expectation}, found ${describe(token)}`);
  }

  fail(token: Token, message: string, kind: ErrorKind = 'input'): never {
    throw new LitmusError(kind, message, this.file, token.line, token.col, Math.max(1, token.text.length));
  }
}
