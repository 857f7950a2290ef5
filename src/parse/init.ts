/**
 * The init block `{ ... }` (herd's `init` in `lib/stateParser.mly`): entries
 * separated by `;`, each `loc`, `loc=value`, `type loc[=value]`,
 * `type loc=ATOMIC_INIT(value)`, `type *loc[=&value]` or `*loc[=&value]`.
 */

import type { AccessSize, InitState, RegName, SourcePos, Value } from '../ir/program.ts';
import { parseLocation, parseValue, type ParsedLocation, type RegisterResolver } from './condition.ts';
import type { Token, TokenStream } from './lexer.ts';

export interface InitEntry {
  target: ParsedLocation;
  value: Value;
  /** False for a bare declaration such as `int x;` or `uint64_t 0:r6;`. */
  explicit: boolean;
  /** Where the location is written. */
  token: Token;
  /** The declared type as written (`int`, `uint64_t`), or null; herd's Hash includes it. */
  type: string | null;
  /** Declared as a pointer: `*x` or `int *x`. */
  pointer: boolean;
  /** The value as written (`0x10` stays `0x10`), `0` for a bare declaration; herd's Hash uses this text. */
  valueText: string;
}

/** Whether a type name may be followed by this token (`int x`, `uint64_t 0:r6`, `int *p`). */
function startsDeclared(token: Token): boolean {
  return token.kind === 'name' || token.kind === 'num' || token.kind === 'symreg' || (token.kind === 'punct' && (token.text === '[' || token.text === '*'));
}

export interface InitBlockOptions {
  /**
   * Accept `&` before any value. herd accepts it only after a pointer
   * declaration (`int *p=&x`, `*p=&x`); kernel-C tests may also write
   * `p=&x`, as C would.
   */
  addressOfAnyValue?: boolean;
}

/** Parses entries up to and including the closing `}`; the `{` is already consumed. */
export function parseInitBlock(stream: TokenStream, resolveRegister: RegisterResolver, options: InitBlockOptions = {}): InitEntry[] {
  const entries: InitEntry[] = [];
  while (!stream.accept('}')) {
    if (stream.accept(';')) continue;
    if (stream.peek().kind === 'eof') stream.failExpected("'}' to close the initial state");
    entries.push(parseInitEntry(stream, resolveRegister, options));
    if (!stream.accept(';') && !stream.at('}')) stream.failExpected("';' or '}' after an initial-state entry");
  }
  return entries;
}

function parseInitEntry(stream: TokenStream, resolveRegister: RegisterResolver, options: InitBlockOptions): InitEntry {
  // The type only affects herd's printing and its Hash.
  const type = stream.peek().kind === 'name' && startsDeclared(stream.peek(1)) ? stream.next().text : null;
  const pointer = stream.accept('*') !== null;
  const token = stream.peek();
  const target = parseLocation(stream, resolveRegister);
  if (!stream.accept('=')) return { target, value: 0, explicit: false, token, type, pointer, valueText: '0' };
  if (pointer || options.addressOfAnyValue) stream.accept('&');
  if (stream.at('{')) stream.fail(stream.peek(), 'array initialisers are not supported', 'unsupported');
  // herd reads `atomic_t x = ATOMIC_INIT(1)` after a type only, as x = 1.
  const atomicInit = type !== null && stream.at('ATOMIC_INIT') && stream.at('(', 1);
  if (atomicInit) {
    stream.next();
    stream.next();
  }
  const valueText = stream.peek().text;
  const value = parseValue(stream);
  if (atomicInit) stream.expect(')', "')' to close ATOMIC_INIT(");
  return { target, value, explicit: true, token, type, pointer, valueText };
}

/**
 * The byte size a type name fixes: herd's `(u)intN_t`, the kernel's `uN`/`sN`
 * and `char`/`short`. `int` and `long` fix none: herd's tests use them (and
 * no type at all) for words and doublewords alike, accessed as one cell.
 */
export function declaredSize(type: string): AccessSize | null {
  const fixed = /^(?:u?int(8|16|32|64)_t|[us](8|16|32|64))$/.exec(type);
  if (fixed) return (Number(fixed[1] ?? fixed[2]) / 8) as AccessSize;
  return type === 'char' ? 1 : type === 'short' ? 2 : null;
}

/**
 * Builds the initial state. A `%name` register written without a thread goes
 * to every thread whose code uses it, which is how herd's symbolic registers
 * work. A location given two values is an error; a bare declaration only
 * provides the default 0.
 */
export function buildInitState(
  entries: readonly InitEntry[],
  threadsUsing: (symbolicRegister: RegName) => readonly number[],
  fail: (token: Token, message: string) => never,
): InitState {
  const init: InitState = { registers: new Map(), memory: new Map() };
  const explicitAt = new Map<string, SourcePos>();
  const assign = (key: string, entry: InitEntry, set: (value: Value) => void, isSet: boolean) => {
    if (!entry.explicit) {
      if (!isSet) set(0);
      return;
    }
    const earlier = explicitAt.get(key);
    if (earlier) fail(entry.token, `${key} is initialised twice (first at line ${earlier.line})`);
    explicitAt.set(key, entry.token);
    set(entry.value);
  };
  for (const entry of entries) {
    const target = entry.target;
    if (target.kind === 'mem') {
      const size = entry.type === null || entry.pointer ? null : declaredSize(entry.type);
      if (size !== null) (init.sizes ??= new Map()).set(target.name, size);
      assign(target.name, entry, (value) => init.memory.set(target.name, value), init.memory.has(target.name));
      continue;
    }
    const threads = target.kind === 'reg' ? [target.thread] : threadsUsing(target.reg);
    for (const thread of threads) {
      let registers = init.registers.get(thread);
      if (!registers) init.registers.set(thread, (registers = new Map()));
      const threadRegisters = registers;
      assign(`${thread}:${target.reg}`, entry, (value) => threadRegisters.set(target.reg, value), threadRegisters.has(target.reg));
    }
  }
  return init;
}
