/**
 * The part of a litmus test before its init block, as herd's splitter reads
 * it: `ARCH name (texname)? "doc"?`, then `key=value` lines up to the `{`.
 */

import type { SourcePos } from '../ir/program.ts';
import type { Scanner } from './lexer.ts';

export interface Header {
  arch: string;
  archPos: SourcePos;
  name: string;
  doc: string | null;
  /** Keys as written; herd matches them case-insensitively. */
  metadata: Map<string, string>;
}

const ARCH = /[A-Za-z0-9_]+/y;
const TEST_NAME = /[A-Za-z0-9_/.\-+[\]:]+/y;
const METADATA_KEY = /([A-Za-z][A-Za-z0-9_/.-]*)[ \t]*=/y;

function matchAt(pattern: RegExp, scanner: Scanner): RegExpExecArray | null {
  pattern.lastIndex = scanner.pos;
  return pattern.exec(scanner.text);
}

/** Reads the header and metadata, leaving the scanner just after the init block's `{`. */
export function parseHeader(scanner: Scanner): Header {
  scanner.skipSpace();
  const archPos = scanner.here();
  const arch = matchAt(ARCH, scanner)?.[0];
  if (arch === undefined) scanner.fail('input', 'expected the architecture (e.g. PPC) at the start of the test', archPos);
  scanner.advance(arch.length);
  scanner.skipBlanksOnLine();
  const namePos = scanner.here();
  const name = matchAt(TEST_NAME, scanner)?.[0];
  if (name === undefined) scanner.fail('input', `expected the test name after '${arch}'`, namePos);
  scanner.advance(name.length);
  skipTexName(scanner);
  const doc = readDocString(scanner);
  // Like herd (and litmus7), a name written as a file name stands for the test name.
  const testName = name.endsWith('.litmus') ? name.slice(0, -'.litmus'.length) : name;
  return { arch, archPos, name: testName, doc, metadata: readMetadata(scanner) };
}

/** `(TeXName)` after the test name; only herd's LaTeX output uses it. */
function skipTexName(scanner: Scanner): void {
  scanner.skipBlanksOnLine();
  if (scanner.peekChar() !== '(' || scanner.peekChar(1) === '*') return;
  const close = scanner.text.indexOf(')', scanner.pos);
  const newline = scanner.text.indexOf('\n', scanner.pos);
  if (close >= 0 && (newline < 0 || close < newline)) scanner.advance(close + 1 - scanner.pos);
}

/**
 * The doc string, on the header line or the next one. Like herd, a quote
 * that never closes is not a doc string: the line is then ordinary text
 * before the init block, which is skipped.
 */
function readDocString(scanner: Scanner): string | null {
  const start = scanner.save();
  scanner.skipBlanksOnLine();
  if (scanner.peekChar() === '\n') {
    scanner.advance();
    scanner.skipBlanksOnLine();
  }
  const close = scanner.peekChar() === '"' ? scanner.text.indexOf('"', scanner.pos + 1) : -1;
  if (close < 0) {
    scanner.restore(start);
    return null;
  }
  const doc = scanner.text.slice(scanner.pos + 1, close);
  scanner.advance(close + 1 - scanner.pos);
  return doc;
}

/** herd's `find_init`: `key=value` lines are metadata, any other text is skipped. */
function readMetadata(scanner: Scanner): Map<string, string> {
  const metadata = new Map<string, string>();
  let atLineStart = false;
  for (;;) {
    scanner.skipBlanksOnLine();
    if (scanner.atEnd()) scanner.fail('input', "expected '{' to open the initial state", scanner.here());
    const c = scanner.peekChar();
    if (c === '{') {
      scanner.advance();
      return metadata;
    }
    if (c === '\n') {
      scanner.advance();
      atLineStart = true;
      continue;
    }
    if (c === '(' && scanner.peekChar(1) === '*') {
      scanner.skipComment();
      continue;
    }
    const key = atLineStart ? matchAt(METADATA_KEY, scanner) : null;
    atLineStart = false;
    if (key) {
      const newline = scanner.text.indexOf('\n', scanner.pos);
      const end = newline < 0 ? scanner.text.length : newline;
      metadata.set(key[1]!, scanner.text.slice(scanner.pos + key[0].length, end).trim());
      scanner.advance(end - scanner.pos);
    } else {
      scanner.advance();
    }
  }
}
