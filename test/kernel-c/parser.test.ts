/** The kernel-C parser: the LKMM C litmus format, the C subset, and its positioned errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CExpr, CStatement } from '../../src/kernel-c/ast.ts';
import { parseKernelC } from '../../src/kernel-c/parser.ts';

const FILE = 'k.litmus';

const parse = (...lines: string[]) => parseKernelC(lines.join('\n'), FILE);

/** A one-thread test whose P0 body is `body`, with pointer parameters x and y. */
const withBody = (...body: string[]) => parse('C t', '{}', 'P0(int *x, int *y)', '{', ...body, '}', 'exists (x=0)');

/** Expressions as S-expressions, to compare their structure. */
function shape(e: CExpr): unknown {
  switch (e.kind) {
    case 'number': return e.value;
    case 'name': return e.name;
    case 'unary': return [e.op, shape(e.operand)];
    case 'binary': return [e.op, shape(e.left), shape(e.right)];
    case 'call': return [`${e.callee}()`, ...e.args.map(shape)];
  }
}

function statementShape(s: CStatement): unknown {
  switch (s.kind) {
    case 'declaration': return ['decl', s.type.name, ...s.declarators.map((d) => (d.init ? [d.name, shape(d.init)] : d.name))];
    case 'assignment': return [s.op, shape(s.target), shape(s.value)];
    case 'call': return shape(s.call);
    case 'if': return ['if', shape(s.condition), s.then.map(statementShape), s.otherwise?.map(statementShape) ?? null];
    case 'block': return ['block', ...s.body.map(statementShape)];
  }
}

const bodyShape = (...body: string[]) => withBody(...body).functions[0]!.body.map(statementShape);

interface ExpectedError {
  kind: 'input' | 'unsupported';
  line: number;
  col: number;
  message: RegExp;
}

function assertFails(text: string[], expected: ExpectedError): void {
  assert.throws(() => parse(...text), (e: unknown) => {
    assert.ok(e instanceof Error && e.name === 'LitmusError', `a LitmusError, got ${String(e)}`);
    const error = e as Error & { kind: string; line: number; col: number; file: string };
    assert.deepEqual({ kind: error.kind, line: error.line, col: error.col, file: error.file }, { kind: expected.kind, line: expected.line, col: expected.col, file: FILE });
    assert.match(error.message, expected.message);
    return true;
  });
}

/** Errors in the body of withBody: P0's body starts on line 5. */
const bodyFails = (body: string[], expected: ExpectedError) => assertFails(['C t', '{}', 'P0(int *x, int *y)', '{', ...body, '}', 'exists (x=0)'], expected);

describe('the test around the code', () => {
  const test = parse(
    'C MP+wmb "doc"',
    'Kernel=v3.6',
    '(* Result: Never',
    ' * why *)',
    '{ int x = 1; int *p = &x; 1:r0 = 2; }',
    '(* between functions *) P0(int *x, spinlock_t *lock) { WRITE_ONCE(*x, 1); }',
    '// a C comment',
    'P1(int *x, long *y)',
    '{',
    '  int r0; /* inline */ unsigned long r1 = 3, r2;',
    '  r0 = READ_ONCE(*x);',
    '}',
    'locations [x; 1:r1]',
    'filter (1:r2=0)',
    'exists (1:r0=1 /\\ x=1)',
  );

  it('reads the header, metadata, expected result and init block', () => {
    assert.equal(test.name, 'MP+wmb');
    assert.equal(test.doc, 'doc');
    assert.deepEqual([...test.metadata], [['Kernel', 'v3.6']]);
    assert.deepEqual(test.expected, { result: 'Never', pos: { line: 3, col: 4 } });
    assert.deepEqual(test.init.map((e) => [e.target, e.value]), [
      [{ kind: 'mem', name: 'x' }, 1],
      [{ kind: 'mem', name: 'p' }, 'x'],
      [{ kind: 'reg', thread: 1, reg: 'r0' }, 2],
    ]);
  });

  it('reads thread functions, their pointer parameters with sizes, and their locals', () => {
    assert.equal(test.functions.length, 2);
    assert.deepEqual(test.functions[0]!.params.map((p) => [p.name, p.type.name, p.type.size]), [['x', 'int', 4], ['lock', 'spinlock_t', 4]]);
    assert.deepEqual(test.functions[1]!.params.map((p) => [p.name, p.type.size]), [['x', 4], ['y', 8]]);
    assert.deepEqual([...test.functions[1]!.locals.keys()], ['r0', 'r1', 'r2']);
    assert.equal(test.functions[1]!.locals.get('r1')!.type.name, 'unsigned long');
  });

  it('reads the final section with C local names as registers', () => {
    assert.deepEqual(test.final.locations, [{ kind: 'mem', name: 'x' }, { kind: 'reg', thread: 1, reg: 'r1' }]);
    assert.ok(test.final.filter);
    assert.equal(test.final.condition.quantifier, 'exists');
  });

  it('gives ipi_taken to a thread whose body has ipi_entry()', () => {
    const ipi = parse('C t', '{}', 'P0() { ipi_entry(); }', 'exists (0:ipi_taken=1)');
    assert.equal(ipi.final.condition.prop.kind, 'atom');
  });
});

describe('statements and expressions', () => {
  it('reads declarations, assignments, compound assignments and calls', () => {
    assert.deepEqual(bodyShape('int a = 1, b;', 'a = *x;', '*y = a + 1;', 'a += 2;', 'smp_mb();', 'a = xchg(x, a);'), [
      ['decl', 'int', ['a', 1], 'b'],
      ['=', 'a', ['*', 'x']],
      ['=', ['*', 'y'], ['+', 'a', 1]],
      ['+=', 'a', 2],
      ['smp_mb()'],
      ['=', 'a', ['xchg()', 'x', 'a']],
    ]);
  });

  it('reads if/else, with or without braces, nested', () => {
    assert.deepEqual(bodyShape('int a;', 'if (a) a = 1; else if (a == 2) { a = 3; } else { }'), [
      ['decl', 'int', 'a'],
      ['if', 'a', [['=', 'a', 1]], [['if', ['==', 'a', 2], [['=', 'a', 3]], []]]],
    ]);
  });

  it('follows C precedence', () => {
    const [, assignment] = bodyShape('int a;', 'a = 1 + 2 * 3 << 1 | 4 & 5 ^ 6 == 7 && !a || -a < ~a;');
    assert.deepEqual(assignment, ['=', 'a',
      ['||',
        ['&&', ['|', ['<<', ['+', 1, ['*', 2, 3]], 1], ['^', ['&', 4, 5], ['==', 6, 7]]], ['!', 'a']],
        ['<', ['-', 'a'], ['~', 'a']]]]);
  });

  it('reads hexadecimal literals with C suffixes', () => {
    assert.deepEqual(bodyShape('int a;', 'a = 0xffUL;')[1], ['=', 'a', 255]);
  });
});

describe('errors name what is supported and point at the C source', () => {
  it('refuses loops, naming the supported statements', () => {
    bodyFails(['int a;', '  while (a) a = 0;'], { kind: 'unsupported', line: 6, col: 3, message: /loops \('while'\) are not supported: .*if\/else/ });
    bodyFails(['for (;;) ;'], { kind: 'unsupported', line: 5, col: 1, message: /loops \('for'\)/ });
    bodyFails(['return;'], { kind: 'unsupported', line: 5, col: 1, message: /return \('return'\) is not supported/ });
  });

  it('refuses unions, arrays, member access and increments', () => {
    bodyFails(['union foo *p;'], { kind: 'unsupported', line: 5, col: 1, message: /'union' types are not supported/ });
    bodyFails(['int a[2];'], { kind: 'unsupported', line: 5, col: 6, message: /arrays/ });
    bodyFails(['int a;', 'a = x->next;'], { kind: 'unsupported', line: 6, col: 6, message: /structs are not supported/ });
    bodyFails(['int a;', 'a++;'], { kind: 'unsupported', line: 6, col: 2, message: /write r = r \+ 1/ });
    bodyFails(['int a;', 'a = a % 2;'], { kind: 'unsupported', line: 6, col: 7, message: /'%' operator/ });
  });

  it('refuses unknown types and parameters that are not pointers', () => {
    bodyFails(['foo_t a;'], { kind: 'unsupported', line: 5, col: 1, message: /unknown type 'foo_t'/ });
    assertFails(['C t', '{}', 'P0(int x) { }', 'exists (x=0)'], { kind: 'unsupported', line: 3, col: 8, message: /must be pointers/ });
  });

  it('refuses functions that are not threads, and threads out of order', () => {
    assertFails(['C t', '{}', 'helper(int *x) { }', 'exists (x=0)'], { kind: 'unsupported', line: 3, col: 1, message: /only thread functions P0, P1/ });
    assertFails(['C t', '{}', 'P1(int *x) { }', 'exists (x=0)'], { kind: 'input', line: 3, col: 1, message: /expected P0, found 'P1'/ });
  });

  it('checks the locals the final section and init block name', () => {
    assertFails(['C t', '{}', 'P0(int *x) { int r0; }', 'exists (0:r1=0)'], { kind: 'input', line: 4, col: 11, message: /P0 has no local 'r1' \(its locals: r0\)/ });
    assertFails(['C t', '{}', 'P0(int *x) { }', 'exists (2:r0=0)'], { kind: 'input', line: 4, col: 9, message: /unknown thread 2/ });
    assertFails(['C t', '{ 0:x=1; }', 'P0(int *x) { }', 'exists (x=0)'], { kind: 'input', line: 2, col: 3, message: /P0 has no local 'x'/ });
    assertFails(['C t', '{}', 'P0(int *x) { }', 'exists (0:ipi_taken=1)'], { kind: 'input', line: 4, col: 11, message: /no local 'ipi_taken'/ });
  });

  it('refuses a redeclared local and the reserved ipi_taken', () => {
    bodyFails(['int a;', 'int a;'], { kind: 'input', line: 6, col: 5, message: /'a' is already declared in P0 \(line 5\)/ });
    bodyFails(['int x;'], { kind: 'input', line: 5, col: 5, message: /'x' is already declared/ });
    bodyFails(['int ipi_taken;'], { kind: 'input', line: 5, col: 5, message: /reserved/ });
  });

  it('reports syntax errors with what was expected', () => {
    bodyFails(['int a', 'a = 1;'], { kind: 'input', line: 6, col: 1, message: /expected ';' after the declaration/ });
    bodyFails(['int a;', 'a + 1;'], { kind: 'input', line: 6, col: 3, message: /expected '=' \(a statement is an assignment or a call/ });
    assertFails(['PPC t', '{}', 'P0;', 'exists (x=0)'], { kind: 'input', line: 1, col: 1, message: /not a kernel-C test/ });
    assertFails(['C t', '{}', 'exists (x=0)'], { kind: 'input', line: 3, col: 1, message: /expected a thread function/ });
  });
});
