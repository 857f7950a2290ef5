/**
 * herd's final section (`locations`, `filter`, the quantified condition and
 * the legacy `with` trailer) and the location and value syntax it shares with
 * init blocks (herd's `lib/stateParser.mly`). Front ends supply the meaning of
 * `thread:register` through a RegisterResolver.
 */

import { locationName } from '../ir/location.ts';
import type { Condition, Location, Prop, Quantifier, RegName, Value } from '../ir/program.ts';
import { parseValueToken, Scanner, type Token, tokenize, TokenStream } from './lexer.ts';

export interface RegisterRef {
  thread: number;
  /** The `0` or `P0` that names the thread. */
  threadToken: Token;
  /** The register as written after the `:`. */
  registerToken: Token;
}

/** Checks a `thread:register` reference and returns the register's canonical name. */
export type RegisterResolver = (ref: RegisterRef, stream: TokenStream) => RegName;

/** A location as written; `%name` registers belong to no thread until the code is known. */
export type ParsedLocation = Location | { kind: 'symbolic-reg'; reg: RegName };

export interface FinalSection {
  /** `locations [...]`, in the order written. */
  locations: Location[];
  filter: Prop | null;
  condition: Condition;
}

const PROC = /^P(\d+)$/;
const THREAD_NUMBER = /^\d+$/;

function threadOf(token: Token): number | null {
  if (token.kind === 'num' && THREAD_NUMBER.test(token.text)) return Number(token.text);
  const proc = token.kind === 'name' ? PROC.exec(token.text) : null;
  return proc ? Number(proc[1]) : null;
}

/** Whether the next tokens read `thread:`, i.e. a register location or a label. */
function atThreadPrefix(stream: TokenStream): boolean {
  return threadOf(stream.peek()) !== null && stream.at(':', 1);
}

/** `0:r1`, `P0:r1`, `%r`, `[x]` or `x`. */
export function parseLocation(stream: TokenStream, resolveRegister: RegisterResolver): ParsedLocation {
  const first = stream.peek();
  if (atThreadPrefix(stream)) {
    stream.next();
    stream.next();
    const registerToken = stream.peek();
    if (registerToken.kind !== 'name' && registerToken.kind !== 'symreg') stream.failExpected(`a register after '${first.text}:'`);
    stream.next();
    return { kind: 'reg', thread: threadOf(first)!, reg: resolveRegister({ thread: threadOf(first)!, threadToken: first, registerToken }, stream) };
  }
  if (first.kind === 'symreg') {
    stream.next();
    return { kind: 'symbolic-reg', reg: first.text };
  }
  if (stream.accept('[')) {
    const name = stream.peek();
    if (name.kind !== 'name') stream.failExpected("a location name after '['");
    stream.next();
    stream.expect(']', `']' after '[${name.text}'`);
    return { kind: 'mem', name: name.text };
  }
  if (first.kind !== 'name') stream.failExpected('a location (such as x, [x] or 0:r1)');
  stream.next();
  if (stream.at('[')) stream.fail(stream.peek(), `arrays such as '${first.text}[...]' are not supported`, 'unsupported');
  return { kind: 'mem', name: first.text };
}

/** A location in a final-state context, where every register must belong to a thread. */
function parseThreadLocation(stream: TokenStream, resolveRegister: RegisterResolver): Location {
  const start = stream.peek();
  const location = parseLocation(stream, resolveRegister);
  if (location.kind === 'symbolic-reg') {
    stream.fail(start, `symbolic register ${location.reg} needs a thread here; write it as thread:register (e.g. 0:r1)`, 'unsupported');
  }
  return location;
}

/** A number, or a location name standing for its address. */
export function parseValue(stream: TokenStream): Value {
  const token = stream.peek();
  if (atThreadPrefix(stream)) {
    stream.fail(token, `values of the form '${token.text}:…' (labels or other threads' registers) are not supported`, 'unsupported');
  }
  if (token.kind === 'num') {
    stream.next();
    return parseValueToken(token, stream.file);
  }
  if (token.kind === 'name') {
    stream.next();
    return token.text;
  }
  if (token.kind === 'symreg' || stream.at('*')) {
    stream.fail(token, 'comparing a location with another location is not supported', 'unsupported');
  }
  return stream.failExpected('a value (a number or a location name)');
}

/** Deeper nesting than any real condition; beyond it the stack, not the user, would give up. */
const MAX_NESTING = 500;

/** herd's precedence, loosest first: `\/`, `/\`, `=>` (right-associative), `~`. */
export function parseProp(stream: TokenStream, resolveRegister: RegisterResolver): Prop {
  return parseDisjunction(stream, resolveRegister, 0);
}

/**
 * A proposition written on its own, such as an outcome given on the command
 * line: the whole text must be one proposition. Errors point into `text`,
 * which `file` names (e.g. `--outcome`).
 */
export function parseStandaloneProp(text: string, file: string, resolveRegister: RegisterResolver): Prop {
  const stream = new TokenStream(tokenize(new Scanner(text, file), false), file, text);
  const prop = parseProp(stream, resolveRegister);
  if (stream.peek().kind !== 'eof') stream.failExpected('the end of the proposition');
  return prop;
}

function parseDisjunction(stream: TokenStream, resolveRegister: RegisterResolver, depth: number): Prop {
  let left = parseConjunction(stream, resolveRegister, depth);
  while (stream.accept('\\/')) left = { kind: 'or', left, right: parseConjunction(stream, resolveRegister, depth) };
  return left;
}

function parseConjunction(stream: TokenStream, resolveRegister: RegisterResolver, depth: number): Prop {
  let left = parseImplication(stream, resolveRegister, depth);
  while (stream.accept('/\\')) left = { kind: 'and', left, right: parseImplication(stream, resolveRegister, depth) };
  return left;
}

function parseImplication(stream: TokenStream, resolveRegister: RegisterResolver, depth: number): Prop {
  const operands = [parseNegation(stream, resolveRegister, depth)];
  while (stream.accept('=>')) operands.push(parseNegation(stream, resolveRegister, depth));
  return operands.reduceRight((right, left) => ({ kind: 'implies', left, right }));
}

function parseNegation(stream: TokenStream, resolveRegister: RegisterResolver, depth: number): Prop {
  let negations = 0;
  while (stream.accept('~') || stream.accept('not')) negations++;
  let prop = parsePrimary(stream, resolveRegister, depth);
  for (; negations > 0; negations--) prop = { kind: 'not', prop };
  return prop;
}

function parsePrimary(stream: TokenStream, resolveRegister: RegisterResolver, depth: number): Prop {
  const open = stream.accept('(');
  if (open) {
    if (depth >= MAX_NESTING) stream.fail(open, `parentheses nested more than ${MAX_NESTING} deep`, 'limit');
    const prop = parseDisjunction(stream, resolveRegister, depth + 1);
    stream.expect(')', "')' to close the parenthesis");
    return prop;
  }
  if (stream.accept('true')) return { kind: 'const', value: true };
  if (stream.accept('false')) return { kind: 'const', value: false };
  return parseAtom(stream, resolveRegister);
}

function parseAtom(stream: TokenStream, resolveRegister: RegisterResolver): Prop {
  const start = stream.peek();
  if (start.kind === 'name' && start.text === 'fault' && stream.at('(', 1)) {
    stream.fail(start, 'fault(...) atoms are not supported', 'unsupported');
  }
  if (start.kind !== 'name' && start.kind !== 'num' && start.kind !== 'symreg' && !stream.at('[')) {
    stream.failExpected('a condition (such as 0:r1=1, x=1, true, ~ or a parenthesis)');
  }
  const loc = parseThreadLocation(stream, resolveRegister);
  let equal: boolean;
  if (stream.accept('=') || stream.accept('==')) equal = true;
  else if (stream.accept('!=') || stream.accept('<>')) equal = false;
  else return stream.failExpected(`'=' or '!=' after '${locationName(loc)}'`);
  const pos = { line: start.line, col: start.col };
  if (atThreadPrefix(stream)) return { kind: 'same', left: loc, right: parseThreadLocation(stream, resolveRegister), equal, pos };
  return { kind: 'atom', loc, value: parseValue(stream), equal, pos };
}

/** `locations [...]`, then `filter`, then the condition, then an optional `with` trailer and the end. */
export function parseFinalSection(stream: TokenStream, resolveRegister: RegisterResolver): FinalSection {
  const locations = stream.accept('locations') ? parseLocationList(stream, resolveRegister) : [];
  const filter = stream.accept('filter') ? parseProp(stream, resolveRegister) : null;
  const condition = parseCondition(stream, resolveRegister);
  stream.accept(';');
  if (stream.accept('with')) skipKinds(stream);
  if (stream.peek().kind !== 'eof') stream.failExpected('the end of the test after the condition');
  return { locations, filter, condition };
}

function parseLocationList(stream: TokenStream, resolveRegister: RegisterResolver): Location[] {
  stream.expect('[', "'[' after 'locations'");
  const locations: Location[] = [];
  while (!stream.accept(']')) {
    locations.push(parseThreadLocation(stream, resolveRegister));
    // herd lets a type follow each location (`x int`, `0:r1 int*`); it only affects printing.
    if (stream.peek().kind === 'name') stream.next();
    stream.accept('*');
    if (!stream.accept(';') && !stream.at(']')) stream.failExpected("';' or ']' in the locations list");
  }
  return locations;
}

function parseCondition(stream: TokenStream, resolveRegister: RegisterResolver): Condition {
  const start = stream.peek();
  const pos = { line: start.line, col: start.col };
  let quantifier: Quantifier;
  if (stream.accept('exists') || stream.accept('final')) quantifier = 'exists';
  else if (stream.accept('forall')) quantifier = 'forall';
  else if ((stream.at('~') || stream.at('not')) && stream.at('exists', 1)) {
    stream.next();
    stream.next();
    quantifier = 'not-exists';
  } else if (stream.at('(')) quantifier = 'exists';
  else if (start.kind === 'eof') {
    // herd reads a missing condition as `forall (true)` and lists every final state.
    return { quantifier: 'forall', prop: { kind: 'const', value: true }, pos };
  } else if (stream.at('cases') || stream.at('observed') || stream.at('Observed')) {
    return stream.fail(start, `'${start.text}' conditions are not supported; use exists, ~exists or forall`, 'unsupported');
  } else {
    return stream.failExpected("'exists', '~exists', 'forall' or 'final'");
  }
  return { quantifier, prop: parseProp(stream, resolveRegister), pos };
}

/** Legacy `with name: exists; ...` lines: per-model expectations herd no longer reads. */
function skipKinds(stream: TokenStream): void {
  do {
    if (stream.peek().kind === 'eof') return;
    if (stream.peek().kind !== 'name') stream.failExpected("a model name in the 'with' list");
    stream.next();
    stream.expect(':', "':' after the model name in the 'with' list");
    if (!stream.accept('exists') && !stream.accept('forall')) {
      if (!stream.accept('~') && !stream.accept('not')) stream.failExpected("'exists', '~exists' or 'forall'");
      stream.expect('exists', "'exists' after '~'");
    }
  } while (stream.accept(';'));
}

/** Adds every shared location a proposition names, as a location or as an address value. */
export function collectSharedNames(prop: Prop | null, into: Set<string>): void {
  // A long chain of /\ makes a deep tree, so walk it without recursion.
  const pending = prop ? [prop] : [];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.kind === 'atom') {
      if (next.loc.kind === 'mem') into.add(next.loc.name);
      if (typeof next.value === 'string') into.add(next.value);
    } else if (next.kind === 'same') {
      for (const loc of [next.left, next.right]) if (loc.kind === 'mem') into.add(loc.name);
    } else if (next.kind === 'not') {
      pending.push(next.prop);
    } else if (next.kind !== 'const') {
      pending.push(next.left, next.right);
    }
  }
}
