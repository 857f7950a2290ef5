/**
 * Tokens of a kernel-C litmus test from its init block to the end of its last
 * thread function. The header before and the final section after are herd's
 * and are read with the shared scanner; C needs its own tokens in between:
 * line and block comments, `<<`, `&&`, `->` and names without herd's `.-/`.
 *
 * OCaml comments `(* *)` are skipped only outside function bodies (in the
 * init block, as herd's state lexer does, and between functions), where they
 * cannot be confused with `(*x)`. A function may be written `void P0(...)`.
 */
import type { Scanner, Token } from '../parse/lexer.ts';

/** Longest first, so that `<<=` is not read as `<<` then `=`. */
const C_PUNCT = ['<<=', '>>=', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^='];

/** Words that start herd's final section; they are never thread functions. */
const FINAL_SECTION_WORDS = new Set(['exists', 'forall', 'final', 'filter', 'locations', 'not', 'cases', 'observed', 'Observed', 'with']);

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const NUMBER = /(0[xX][0-9A-Fa-f]+|[0-9]+)[uUlL]*/y;

/** Skips blanks, newlines and C comments (and OCaml ones when asked). */
function skipSpace(scanner: Scanner, ocamlComments: boolean): void {
  for (;;) {
    const c = scanner.peekChar();
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') scanner.advance();
    else if (scanner.startsWith('//')) {
      const newline = scanner.text.indexOf('\n', scanner.pos);
      scanner.advance((newline < 0 ? scanner.text.length : newline) - scanner.pos);
    } else if (scanner.startsWith('/*')) {
      const open = scanner.here();
      const close = scanner.text.indexOf('*/', scanner.pos + 2);
      if (close < 0) scanner.fail('input', "unterminated comment: no '*/' closes this '/*'", open, 2);
      scanner.advance(close + 2 - scanner.pos);
    } else if (ocamlComments && scanner.startsWith('(*')) scanner.skipComment();
    else return;
  }
}

/** One C token; `negativeNumbers` reads `-1` as one number, as herd's init block does. */
function nextToken(scanner: Scanner, negativeNumbers: boolean): Token {
  const start = { offset: scanner.pos, ...scanner.here() };
  const token = (kind: Token['kind'], length: number): Token => {
    scanner.advance(length);
    return { kind, text: scanner.text.slice(start.offset, scanner.pos), ...start };
  };
  if (scanner.atEnd()) return { kind: 'eof', text: '', ...start };
  const c = scanner.peekChar();
  if (DIGIT.test(c) || (negativeNumbers && c === '-' && DIGIT.test(scanner.peekChar(1)))) {
    const sign = c === '-' ? 1 : 0;
    NUMBER.lastIndex = scanner.pos + sign;
    return token('num', sign + NUMBER.exec(scanner.text)![0].length);
  }
  if (NAME_START.test(c)) {
    let length = 1;
    while (NAME_CHAR.test(scanner.peekChar(length))) length++;
    return token('name', length);
  }
  if (c === '"') {
    const close = scanner.text.indexOf('"', scanner.pos + 1);
    const newline = scanner.text.indexOf('\n', scanner.pos);
    if (close < 0 || (newline >= 0 && newline < close)) scanner.fail('input', 'unterminated string: no closing \'"\' on this line', scanner.here());
    return token('string', close + 1 - scanner.pos);
  }
  const multi = C_PUNCT.find((p) => scanner.startsWith(p));
  return token('punct', multi ? multi.length : 1);
}

/** Whether a thread function (`P0(`, `void P0(`, or any `name(` to report it) starts here. */
function atFunction(scanner: Scanner): boolean {
  const nameAt = (start: number): number => {
    if (!NAME_START.test(scanner.peekChar(start))) return start;
    let end = start + 1;
    while (NAME_CHAR.test(scanner.peekChar(end))) end++;
    return end;
  };
  const blanksAt = (start: number): number => {
    let end = start;
    while (/[ \t\r\n]/.test(scanner.peekChar(end))) end++;
    return end;
  };
  let end = nameAt(0);
  if (end === 0 || FINAL_SECTION_WORDS.has(scanner.text.slice(scanner.pos, scanner.pos + end))) return false;
  // herd's `voidopt`: `void P0(` and `void *P0(`.
  if (scanner.text.slice(scanner.pos, scanner.pos + end) === 'void') {
    let afterVoid = blanksAt(end);
    if (scanner.peekChar(afterVoid) === '*') afterVoid = blanksAt(afterVoid + 1);
    end = nameAt(afterVoid);
  }
  return scanner.peekChar(blanksAt(end)) === '(';
}

/**
 * Tokens from just after the init block's `{` to the end of the last thread
 * function, ended by an `eof` token; the scanner is left where herd's final
 * section begins.
 */
export function tokenizeKernelC(scanner: Scanner): Token[] {
  const tokens: Token[] = [];
  const readBalanced = (negativeNumbers: boolean, ocamlComments: boolean, depth: number): void => {
    do {
      skipSpace(scanner, ocamlComments);
      const token = nextToken(scanner, negativeNumbers);
      if (token.kind === 'eof') scanner.fail('input', "unexpected end of file: a '{' is not closed", scanner.here());
      tokens.push(token);
      if (token.text === '{') depth++;
      else if (token.text === '}') depth--;
    } while (depth > 0);
  };
  // The init block is herd's, with its numbers and comments; function bodies are C.
  readBalanced(true, true, 1);
  for (;;) {
    skipSpace(scanner, true);
    if (!atFunction(scanner)) break;
    // The header up to the body's `{`, then the body.
    for (;;) {
      skipSpace(scanner, false);
      if (scanner.peekChar() === '{' || scanner.atEnd()) break;
      tokens.push(nextToken(scanner, false));
    }
    if (scanner.atEnd()) scanner.fail('input', "expected '{' to open the function body", scanner.here());
    readBalanced(false, false, 0);
  }
  tokens.push({ kind: 'eof', text: '', offset: scanner.pos, ...scanner.here() });
  return tokens;
}
