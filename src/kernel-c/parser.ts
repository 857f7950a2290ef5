/**
 * Kernel-C litmus text → KernelCTest (the LKMM C format, see the herd
 * reference §1.3): `C name`, doc and metadata, an init block, thread
 * functions `P0(int *x, ...) { ... }`, then herd's final section.
 *
 * The header and final section use the shared herd readers; registers in the
 * final section and init block are C local names (`1:r0`, or `1:ipi_taken`
 * in a thread that takes an IPI, see compile.ts). The C subset is herd's
 * (lib/CParser.mly): declarations, assignments, calls and if/else over
 * integer and pointer types, casts, `*` and `&`; like herd, a local may be
 * used without a declaration. Beyond herd, `do { } while (c);` loops (for
 * the kernel's demux loop; POWER only) and `p[i]` indexes through a pointer
 * (the kernel's `message[msg] = 1` on a byte pointer into a word; the
 * compilers say which pointers and indices they take). Loops, struct
 * members, array declarations and the like are refused with a positioned
 * 'unsupported' error.
 */
import type { AccessSize } from '../ir/program.ts';
import { parseFinalSection, type RegisterRef } from '../parse/condition.ts';
import { parseHeader } from '../parse/header.ts';
import { parseInitBlock } from '../parse/init.ts';
import { Scanner, TokenStream, parseNumberToken, tokenize, type Token } from '../parse/lexer.ts';
import type { AssignOp, BinaryOp, CCall, CExpr, CFunction, CLocal, CParam, CStatement, CType, KernelCTest, Span } from './ast.ts';
import { tokenizeKernelC } from './lexer.ts';

/** The statement `ipi_entry();` that starts a thread's IPI handler (see compile.ts). */
export const IPI_ENTRY = 'ipi_entry';
/** The pseudo-local saying whether the handler ran: 1 if the thread took the IPI. */
export const IPI_TAKEN = 'ipi_taken';

const SUPPORTED_STATEMENTS = 'declarations of integer and pointer locals, assignments, calls to kernel primitives, if/else and do/while';
const SUPPORTED_TYPES = 'int, long, short, char, bool, u8..u64, s8..s64, intN_t, intptr_t, atomic_t, spinlock_t, struct NAME, and pointers to them (void *, int **)';

const TYPE_SIZES: Record<string, AccessSize> = {
  char: 1, bool: 1, _Bool: 1, u8: 1, s8: 1, int8_t: 1, uint8_t: 1,
  short: 2, u16: 2, s16: 2, int16_t: 2, uint16_t: 2,
  int: 4, u32: 4, s32: 4, int32_t: 4, uint32_t: 4, atomic_t: 4, atomic_int: 4, spinlock_t: 4, arch_spinlock_t: 4, mtx_t: 4,
  long: 8, u64: 8, s64: 8, int64_t: 8, uint64_t: 8, intptr_t: 8, uintptr_t: 8,
};
/** What an access through a pointer to a pointer moves. */
const POINTER_SIZE: AccessSize = 8;
/**
 * `struct srcu_struct` and the like are opaque to herd: the primitives that
 * take them treat them as int locations.
 */
const STRUCT_SIZE: AccessSize = 4;
/** `void *` points at untyped memory; herd's values are untyped words. */
const VOID_POINTEE_SIZE: AccessSize = 8;
const TYPE_MODIFIERS = new Set(['unsigned', 'signed', 'const', 'volatile']);
const UNSUPPORTED_TYPES = new Set(['union', 'enum', 'typedef', 'float', 'double', 'static', 'extern', 'register']);
const UNSUPPORTED_STATEMENTS: Record<string, string> = {
  while: 'while and for loops', for: 'while and for loops', goto: 'goto', switch: 'switch', case: 'switch',
  return: 'return', break: 'break', continue: 'continue',
};

const BINARY_PRECEDENCE: Record<BinaryOp, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '<=': 7, '>': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10,
};
const ASSIGN_OPS = new Set<string>(['=', '+=', '-=', '*=', '/=', '&=', '|=', '^=', '<<=', '>>=']);
const THREAD_NAME = /^P(\d+)$/;

/** A token stream that remembers the last token taken, to end spans. */
class CTokenStream extends TokenStream {
  last: Token | null = null;

  override next(): Token {
    const token = super.next();
    this.last = token;
    return token;
  }

  span(first: Token): Span {
    const last = this.last ?? first;
    return { line: first.line, col: first.col, offset: first.offset, end: Math.max(first.offset + first.text.length, last.offset + last.text.length) };
  }

  unsupported(token: Token, message: string): never {
    return this.fail(token, message, 'unsupported');
  }
}

export function parseKernelC(text: string, file: string): KernelCTest {
  const scanner = new Scanner(text, file);
  const header = parseHeader(scanner);
  if (header.arch !== 'C') scanner.fail('input', `this is a ${header.arch} test, not a kernel-C test (which starts with 'C name')`, header.archPos, header.arch.length);
  const stream = new CTokenStream(tokenizeKernelC(scanner), file, text);
  // Local names in the init block are checked once the functions are known.
  const init = parseInitBlock(stream, (ref) => ref.registerToken.text, { addressOfAnyValue: true });
  const functions: CFunction[] = [];
  while (stream.peek().kind !== 'eof') functions.push(parseFunction(stream, functions.length));
  if (functions.length === 0) stream.failExpected('a thread function such as P0(int *x) { ... }');
  for (const entry of init) {
    if (entry.target.kind === 'reg') initialiseLocal(stream, functions, entry.target.thread, entry.target.reg, entry.token);
    if (entry.target.kind === 'symbolic-reg') stream.unsupported(entry.token, 'symbolic registers (%name) have no meaning in a kernel-C test');
  }
  const finalStream = new TokenStream(tokenize(scanner, true), file, text);
  const final = parseFinalSection(finalStream, (ref, s) => checkLocal(s, functions, ref, ref.registerToken.text));
  return { name: header.name, file, text, doc: header.doc, metadata: header.metadata, init, functions, final, expected: scanner.expected };
}

/** Whether a function's body starts an IPI handler, which gives it the `ipi_taken` pseudo-local. */
export function takesIpi(fn: CFunction): boolean {
  return fn.body.some((s) => s.kind === 'call' && s.call.callee === IPI_ENTRY);
}

/**
 * An init-block entry `1:r2=b` names a local of P1. As in herd, it may be
 * one the body never declares (it only reads it, or does not use it): the
 * entry makes it an undeclared local.
 */
function initialiseLocal(stream: CTokenStream, functions: CFunction[], thread: number, name: string, entryToken: Token): void {
  const fn = functions[thread];
  if (fn && isUndeclaredLocal(fn, name)) declareLocal(stream, fn, { ...entryToken, text: name }, UNDECLARED_LOCAL_TYPE, false);
  checkLocal(stream, functions, { thread, threadToken: entryToken, registerToken: entryToken }, name);
}

/**
 * Whether assigning or initialising `name` makes it a local herd accepts
 * undeclared. `ipi_taken` never is: the compiler says whether the thread has
 * it (read-only) or not.
 */
function isUndeclaredLocal(fn: CFunction, name: string): boolean {
  return !fn.locals.has(name) && !fn.params.some((p) => p.name === name) && name !== IPI_TAKEN;
}

function checkLocal(stream: TokenStream, functions: CFunction[], ref: RegisterRef, name: string): string {
  const fn = functions[ref.thread];
  if (!fn) stream.fail(ref.threadToken, `unknown thread ${ref.thread}: the test has threads P0..P${functions.length - 1}`);
  if (!fn.locals.has(name) && !(name === IPI_TAKEN && takesIpi(fn))) {
    const known = [...fn.locals.keys(), ...(takesIpi(fn) ? [IPI_TAKEN] : [])];
    stream.fail(ref.registerToken, `P${ref.thread} has no local '${name}' (${known.length > 0 ? `its locals: ${known.join(', ')}` : 'it declares no locals'})`);
  }
  return name;
}

function parseFunction(stream: CTokenStream, thread: number): CFunction {
  // herd's `voidopt`: a return type of `void` or `void *`, which means nothing.
  if (stream.accept('void')) stream.accept('*');
  const nameToken = stream.next();
  const expected = `P${thread}`;
  if (nameToken.kind !== 'name' || !THREAD_NAME.test(nameToken.text)) {
    stream.unsupported(nameToken, `only thread functions P0, P1, ... can be defined; '${nameToken.text}' is not one (kernel primitives are built in)`);
  }
  if (nameToken.text !== expected) stream.fail(nameToken, `threads must be named P0, P1, ... in order: expected ${expected}, found '${nameToken.text}'`);
  stream.expect('(', `'(' after ${expected}`);
  const params: CParam[] = [];
  if (stream.at('void') && stream.at(')', 1)) stream.next();
  while (!stream.accept(')')) {
    if (params.length > 0) stream.expect(',', "',' or ')' in the parameter list");
    params.push(parseParam(stream));
  }
  const fn: CFunction = { thread, span: stream.span(nameToken), params, body: [], locals: new Map() };
  stream.expect('{', `'{' to open the body of ${expected}`);
  fn.body = parseStatementsUntilBrace(stream, fn);
  return fn;
}

function parseParam(stream: CTokenStream): CParam {
  const first = stream.peek();
  const type = parseType(stream);
  const name = stream.peek();
  if (!type.pointer) {
    stream.unsupported(name.kind === 'name' ? name : first, 'thread parameters name the shared variables and must be pointers, e.g. int *x');
  }
  if (name.kind !== 'name') stream.failExpected('a parameter name');
  stream.next();
  if (stream.at('[')) stream.unsupported(stream.peek(), 'arrays are not supported');
  return { name: name.text, type, span: stream.span(name) };
}

/** The type of a local herd accepts without a declaration: an untyped register, read as int. */
const UNDECLARED_LOCAL_TYPE: CType = { name: 'int', size: 4, pointer: false, indirection: 0 };

function isTypeStart(token: Token): boolean {
  return token.kind === 'name' && (token.text in TYPE_SIZES || TYPE_MODIFIERS.has(token.text) || UNSUPPORTED_TYPES.has(token.text) || token.text === 'struct' || token.text === 'void');
}

/**
 * A base type (`unsigned long`, `const int`, `struct srcu_struct`, `void`)
 * and its levels of `*`, as herd's `typ`. `void` must be pointed to.
 */
function parseType(stream: CTokenStream): CType {
  const first = stream.peek();
  const words: string[] = [];
  let baseSize: AccessSize | null = null;
  while (isTypeStart(stream.peek())) {
    const word = stream.next();
    if (UNSUPPORTED_TYPES.has(word.text)) stream.unsupported(word, `'${word.text}' types are not supported: kernel-C tests use ${SUPPORTED_TYPES}`);
    if (word.text === 'struct') {
      const tag = stream.peek();
      if (tag.kind !== 'name') stream.failExpected("a struct name after 'struct'");
      words.push(`struct ${stream.next().text}`);
      baseSize = STRUCT_SIZE;
    } else {
      words.push(word.text);
      if (word.text === 'void') baseSize = VOID_POINTEE_SIZE;
    }
  }
  if (words.length === 0) {
    if (first.kind === 'name') stream.unsupported(first, `unknown type '${first.text}': supported types are ${SUPPORTED_TYPES}`);
    stream.failExpected('a type such as int');
  }
  let indirection = 0;
  while (stream.accept('*')) indirection++;
  if (words.includes('void') && indirection === 0) stream.unsupported(first, "'void' has no values: only pointers to it (void *) can be declared or cast to");
  baseSize ??= words.includes('long') ? 8 : words.includes('short') ? 2 : words.includes('char') ? 1 : TYPE_SIZES[words.find((w) => w in TYPE_SIZES) ?? 'int']!;
  return { name: words.join(' '), size: indirection >= 2 ? POINTER_SIZE : baseSize, pointer: indirection > 0, indirection };
}

function parseStatementsUntilBrace(stream: CTokenStream, fn: CFunction): CStatement[] {
  const body: CStatement[] = [];
  while (!stream.accept('}')) {
    if (stream.peek().kind === 'eof') stream.failExpected("'}' to close the block");
    const statement = parseStatement(stream, fn);
    if (statement) body.push(statement);
  }
  return body;
}

/** One statement; null for an empty one (`;`). */
function parseStatement(stream: CTokenStream, fn: CFunction): CStatement | null {
  const first = stream.peek();
  if (stream.accept(';')) return null;
  if (stream.accept('{')) return { kind: 'block', body: parseStatementsUntilBrace(stream, fn), span: stream.span(first) };
  if (stream.accept('if')) return parseIf(stream, fn, first);
  if (stream.accept('do')) return parseDoWhile(stream, fn, first);
  if (first.kind === 'name' && first.text in UNSUPPORTED_STATEMENTS) {
    stream.unsupported(first, `${UNSUPPORTED_STATEMENTS[first.text]} ('${first.text}') ${first.text === 'return' ? 'is' : 'are'} not supported: kernel-C tests support ${SUPPORTED_STATEMENTS} (LKMM litmus tests have no loops)`);
  }
  if (isTypeStart(first)) return parseDeclaration(stream, fn, first);
  if (first.kind === 'name' && stream.peek(1).kind === 'name') {
    stream.unsupported(first, `unknown type '${first.text}': supported types are ${SUPPORTED_TYPES}`);
  }
  const target = parseUnary(stream);
  const opToken = stream.peek();
  if (opToken.kind === 'punct' && ASSIGN_OPS.has(opToken.text)) {
    stream.next();
    if (!(target.kind === 'name' || target.kind === 'index' || (target.kind === 'unary' && target.op === '*'))) {
      stream.fail(opToken, 'only a local (r = ...) or memory through a pointer (*x = ..., p[i] = ...) can be assigned');
    }
    // herd's `NAME EQ expr`: assigning a name that is not a parameter makes it a local.
    if (target.kind === 'name' && isUndeclaredLocal(fn, target.name)) {
      const { line, col, offset } = target.span;
      declareLocal(stream, fn, { kind: 'name', text: target.name, line, col, offset }, UNDECLARED_LOCAL_TYPE, false);
    }
    const value = parseExpression(stream);
    stream.expect(';', "';' after the assignment");
    return { kind: 'assignment', target, op: opToken.text as AssignOp, value, span: stream.span(first) };
  }
  if (target.kind !== 'call') {
    if (stream.at('++') || stream.at('--')) stream.unsupported(stream.peek(), `'${stream.peek().text}' is not supported; write r = r + 1`);
    stream.failExpected(`'=' (a statement is an assignment or a call; kernel-C tests support ${SUPPORTED_STATEMENTS})`);
  }
  stream.expect(';', "';' after the call");
  return { kind: 'call', call: target, span: stream.span(first) };
}

function parseIf(stream: CTokenStream, fn: CFunction, first: Token): CStatement {
  stream.expect('(', "'(' after 'if'");
  const condition = parseExpression(stream);
  stream.expect(')', "')' after the condition");
  const branch = (): CStatement[] => {
    const statement = parseStatement(stream, fn);
    if (statement === null) return [];
    return statement.kind === 'block' ? statement.body : [statement];
  };
  const then = branch();
  const otherwise = stream.accept('else') ? branch() : null;
  return { kind: 'if', condition, then, otherwise, span: stream.span(first) };
}

/** `do { ... } while (condition);` */
function parseDoWhile(stream: CTokenStream, fn: CFunction, first: Token): CStatement {
  const open = stream.peek();
  if (!stream.accept('{')) stream.failExpected("'{' after 'do'");
  const body = parseStatementsUntilBrace(stream, fn);
  if (!stream.accept('while')) stream.failExpected(`'while' after the body of the 'do' on line ${open.line}`);
  stream.expect('(', "'(' after 'while'");
  const condition = parseExpression(stream);
  stream.expect(')', "')' after the condition");
  stream.expect(';', "';' after 'while (...)'");
  return { kind: 'do-while', body, condition, span: stream.span(first) };
}

/** `int r0 = 1, r1;`, `int *r1;`; later declarators must have the first one's `*`s (`int *a, *b;`). */
function parseDeclaration(stream: CTokenStream, fn: CFunction, first: Token): CStatement {
  const type = parseType(stream);
  const declarators = [];
  do {
    if (declarators.length > 0) {
      const stars = stream.peek();
      let indirection = 0;
      while (stream.accept('*')) indirection++;
      if (indirection !== type.indirection) stream.unsupported(stars, `declare locals with different levels of '*' in separate declarations (this one is ${type.name}${'*'.repeat(type.indirection)})`);
    }
    const name = stream.peek();
    if (name.kind !== 'name') stream.failExpected('a local name');
    stream.next();
    if (stream.at('[')) stream.unsupported(stream.peek(), 'arrays are not supported');
    declareLocal(stream, fn, name, type, true);
    const init = stream.accept('=') ? parseExpression(stream) : null;
    declarators.push({ name: name.text, span: stream.span(name), init });
  } while (stream.accept(','));
  stream.expect(';', "';' after the declaration");
  return { kind: 'declaration', type, declarators, span: stream.span(first) };
}

/** Adds a local, declared or (as herd allows) first used at `name`. */
function declareLocal(stream: CTokenStream, fn: CFunction, name: Token, type: CType, declared: boolean): void {
  const clash = fn.locals.get(name.text) ?? fn.params.find((p) => p.name === name.text);
  if (clash) stream.fail(name, `'${name.text}' is already ${'declared' in clash && !clash.declared ? 'used as a local' : 'declared'} in P${fn.thread} (line ${clash.span.line})`);
  if (name.text === IPI_TAKEN) stream.fail(name, `'${IPI_TAKEN}' is reserved: it says whether the thread took an IPI (see ipi_entry)`);
  const local: CLocal = { type, span: { line: name.line, col: name.col, offset: name.offset, end: name.offset + name.text.length }, declared };
  fn.locals.set(name.text, local);
}

function parseExpression(stream: CTokenStream, minPrecedence = 1): CExpr {
  const first = stream.peek();
  let left = parseUnary(stream);
  for (;;) {
    const token = stream.peek();
    if (token.kind === 'punct' && (token.text === '%' || token.text === '?')) {
      stream.unsupported(token, `the '${token.text}' operator is not supported; expressions may use + - * / & | ^ << >>, comparisons, && || !`);
    }
    const precedence = token.kind === 'punct' ? BINARY_PRECEDENCE[token.text as BinaryOp] : undefined;
    if (precedence === undefined || precedence < minPrecedence) return left;
    stream.next();
    const right = parseExpression(stream, precedence + 1);
    left = { kind: 'binary', op: token.text as BinaryOp, left, right, span: stream.span(first) };
  }
}

function parseUnary(stream: CTokenStream): CExpr {
  const first = stream.next();
  const unsupported = (message: string): never => stream.unsupported(first, message);
  if (first.kind === 'punct') {
    switch (first.text) {
      case '-': case '~': case '!': case '*': case '&': {
        const operand = parseUnary(stream);
        return { kind: 'unary', op: first.text, operand, span: stream.span(first) };
      }
      case '++': case '--':
        return unsupported(`'${first.text}' is not supported; write r = r + 1`);
      case '(': {
        // A cast binds like a unary operator: `(int)a + b` is `((int)a) + b`.
        if (isTypeStart(stream.peek())) {
          const type = parseType(stream);
          stream.expect(')', "')' to close the cast");
          const operand = parseUnary(stream);
          return { kind: 'cast', type, operand, span: stream.span(first) };
        }
        const inner = parseExpression(stream);
        stream.expect(')', "')' to close the parenthesis");
        return postfix(stream, inner);
      }
    }
  }
  if (first.kind === 'num') return postfix(stream, { kind: 'number', value: parseNumberToken(first, stream.file), span: stream.span(first) });
  if (first.kind === 'name') {
    if (first.text === 'sizeof') unsupported("'sizeof' is not supported");
    if (!stream.at('(')) return postfix(stream, { kind: 'name', name: first.text, span: stream.span(first) });
    stream.next();
    const args: CExpr[] = [];
    while (!stream.accept(')')) {
      if (args.length > 0) stream.expect(',', "',' or ')' in the argument list");
      args.push(parseExpression(stream));
    }
    const call: CCall = { kind: 'call', callee: first.text, args, span: stream.span(first) };
    return postfix(stream, call);
  }
  return stream.fail(first, `expected an expression, found '${first.text || 'end of file'}'`);
}

/** Indexing (`p[i]`, `p[i][j]`) after an operand; refuses member access and postfix increments. */
function postfix(stream: CTokenStream, expr: CExpr): CExpr {
  const token = stream.peek();
  if (token.kind !== 'punct') return expr;
  if (token.text === '[') {
    const first = { ...token, line: expr.span.line, col: expr.span.col, offset: expr.span.offset };
    stream.next();
    const index = parseExpression(stream);
    stream.expect(']', "']' to close the index");
    return postfix(stream, { kind: 'index', pointer: expr, index, span: stream.span(first) });
  }
  if (token.text === '.' || token.text === '->') stream.unsupported(token, 'structs are not supported: kernel-C tests use integer shared variables');
  if (token.text === '++' || token.text === '--') stream.unsupported(token, `'${token.text}' is not supported; write r = r + 1`);
  return expr;
}
