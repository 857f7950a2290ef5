/**
 * herd7's C dialect as the LKMM corpus writes it: each form the kernel-C
 * parser accepts beyond plain `int` code, with the AST it gives, and the
 * constructs it still refuses, with their positions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CFunction, CStatement, KernelCTest } from '../../src/kernel-c/ast.ts';
import { compileKernelC } from '../../src/kernel-c/compile.ts';
import { parseKernelC } from '../../src/kernel-c/parser.ts';

const FILE = 'dialect.litmus';

const parse = (...lines: string[]): KernelCTest => parseKernelC(lines.join('\n'), FILE);

/** A test whose P0 has these parameters and body lines; the body starts on line 4. */
const thread0 = (params: string, body: string[], condition = 'exists (true)'): KernelCTest =>
  parse('C t', '{}', `P0(${params}) {`, ...body, '}', condition);

/** The value without its `span` fields (recursively), to compare AST shapes. */
function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, withoutSpans(v)]));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'span').map(([k, v]) => [k, withoutSpans(v)]));
}

const body = (fn: CFunction | undefined): unknown => withoutSpans(fn!.body);
const statement = (s: CStatement | undefined): unknown => withoutSpans(s);

const INT = { name: 'int', size: 4, pointer: false, indirection: 0 };
const INT_POINTER = { name: 'int', size: 4, pointer: true, indirection: 1 };
const INTPTR = { name: 'intptr_t', size: 8, pointer: false, indirection: 0 };
const name = (n: string) => ({ kind: 'name', name: n });
const deref = (operand: unknown) => ({ kind: 'unary', op: '*', operand });
const call = (callee: string, ...args: unknown[]) => ({ kind: 'call', callee, args });

function assertFails(run: () => unknown, expected: { kind: 'input' | 'unsupported'; line: number; col: number; message: RegExp }): void {
  assert.throws(run, (e: unknown) => {
    const error = e as { name: string; kind: string; file: string; line: number; col: number; message: string };
    assert.equal(error.name, 'LitmusError', String(e));
    assert.deepEqual({ kind: error.kind, file: error.file, line: error.line, col: error.col }, { kind: expected.kind, file: FILE, line: expected.line, col: expected.col });
    assert.match(error.message, expected.message);
    return true;
  });
}

describe('undeclared locals', () => {
  it('makes an assigned name that is neither a parameter nor declared an int local, declared: false', () => {
    const test = thread0('int *x', ['r0 = READ_ONCE(*x);', 'int r1;', 'r1 = r0;'], 'exists (0:r0=1 /\\ 0:r1=1)');
    const fn = test.functions[0]!;
    assert.deepEqual(withoutSpans(fn.locals), { r0: { type: INT, declared: false }, r1: { type: INT, declared: true } });
    assert.deepEqual({ line: fn.locals.get('r0')!.span.line, col: fn.locals.get('r0')!.span.col }, { line: 4, col: 1 });
    assert.deepEqual(statement(fn.body[0]), { kind: 'assignment', target: name('r0'), op: '=', value: call('READ_ONCE', deref(name('x'))) });
  });

  it('makes a register the init block initialises a local of its thread, which the body may only read', () => {
    const test = parse('C t', '{ 1:r2=b; }', 'P0(int *b) { }', 'P1(int **c) {', 'WRITE_ONCE(*c, r2);', '}', 'exists (1:r2=b)');
    assert.deepEqual(withoutSpans(test.functions[1]!.locals), { r2: { type: INT, declared: false } });
  });

  it('does not make a local of a parameter assigned, of a name only read, or of ipi_taken', () => {
    const test = thread0('int *x', ['x = 1;', 'WRITE_ONCE(*x, r5);', 'ipi_taken = 1;'], 'exists (x=0)');
    assert.deepEqual([...test.functions[0]!.locals.keys()], []);
    assertFails(() => thread0('int *x', ['r0 = 1;'], 'exists (0:r9=0)'), { kind: 'input', line: 6, col: 11, message: /P0 has no local 'r9' \(its locals: r0\)/ });
  });

  it('refuses a declaration after the local was used undeclared, naming the use', () => {
    assertFails(() => thread0('int *x', ['r0 = 1;', 'int r0;']), { kind: 'input', line: 5, col: 5, message: /'r0' is already used as a local in P0 \(line 4\)/ });
  });
});

describe('casts', () => {
  it('reads (type)e as a cast node binding like a unary operator', () => {
    const test = thread0('intptr_t *x1', ['intptr_t r1 = (intptr_t)rcu_dereference(*(intptr_t **)x1);', 'r1 = (int)r1 + 1;']);
    const [declaration, assignment] = test.functions[0]!.body;
    assert.deepEqual(statement(declaration), {
      kind: 'declaration', type: INTPTR, declarators: [{
        name: 'r1',
        init: { kind: 'cast', type: INTPTR, operand: call('rcu_dereference', deref({ kind: 'cast', type: { name: 'intptr_t', size: 8, pointer: true, indirection: 2 }, operand: name('x1') })) },
      }],
    });
    assert.deepEqual(withoutSpans(assignment), { kind: 'assignment', target: name('r1'), op: '=', value: { kind: 'binary', op: '+', left: { kind: 'cast', type: INT, operand: name('r1') }, right: { kind: 'number', value: 1 } } });
  });

  it('spans a cast from its parenthesis to the end of its operand', () => {
    const test = thread0('int *x', ['r0 = (unsigned long)r0;']);
    const assignment = test.functions[0]!.body[0]!;
    assert.equal(assignment.kind === 'assignment' && test.text.slice(assignment.value.span.offset, assignment.value.span.end), '(unsigned long)r0');
  });

  it('casts to void pointers, and refuses a cast to void itself', () => {
    const test = thread0('int *y', ['rcu_assign_pointer(*(void **)y, (void *)1);']);
    assert.deepEqual(body(test.functions[0]), [{
      kind: 'call', call: call('rcu_assign_pointer',
        deref({ kind: 'cast', type: { name: 'void', size: 8, pointer: true, indirection: 2 }, operand: name('y') }),
        { kind: 'cast', type: { name: 'void', size: 8, pointer: true, indirection: 1 }, operand: { kind: 'number', value: 1 } }),
    }]);
    assertFails(() => thread0('int *x', ['(void)READ_ONCE(*x);']), { kind: 'unsupported', line: 4, col: 2, message: /'void' has no values/ });
  });
});

describe('pointers', () => {
  it('reads pointer locals, pointers to pointers and stores through a local pointer', () => {
    const test = thread0('int **p', ['int *r1 = rcu_dereference(*p);', 'int **pp, **qq;', '*r1 = 1;', 'r0 = READ_ONCE(*r1);']);
    const fn = test.functions[0]!;
    assert.deepEqual(withoutSpans(fn.params), [{ name: 'p', type: { name: 'int', size: 8, pointer: true, indirection: 2 } }]);
    assert.deepEqual(withoutSpans(fn.locals), {
      r1: { type: INT_POINTER, declared: true },
      pp: { type: { name: 'int', size: 8, pointer: true, indirection: 2 }, declared: true },
      qq: { type: { name: 'int', size: 8, pointer: true, indirection: 2 }, declared: true },
      r0: { type: INT, declared: false },
    });
    assert.deepEqual(statement(fn.body[2]), { kind: 'assignment', target: deref(name('r1')), op: '=', value: { kind: 'number', value: 1 } });
  });

  it('lets a local hold a parameter, that is the address it points to', () => {
    const test = thread0('intptr_t *u0', ['intptr_t r3 = u0;'], 'exists (0:r3=u0)');
    assert.deepEqual(statement(test.functions[0]!.body[0]), { kind: 'declaration', type: INTPTR, declarators: [{ name: 'r3', init: name('u0') }] });
  });

  it('refuses declarators with different levels of * in one declaration', () => {
    assertFails(() => thread0('int *x', ['int *a, b;']), { kind: 'unsupported', line: 4, col: 9, message: /different levels of '\*'/ });
  });

  it("reads &x as the unary '&'", () => {
    const test = thread0('int **p, int *y', ['WRITE_ONCE(*p, &y);'], 'exists (p=y)');
    assert.deepEqual(body(test.functions[0]), [{ kind: 'call', call: call('WRITE_ONCE', deref(name('p')), { kind: 'unary', op: '&', operand: name('y') }) }]);
  });
});

describe('parameter lists and function headers', () => {
  it('reads struct, spinlock, atomic, volatile and void pointer parameters', () => {
    const test = thread0('struct srcu_struct *s, spinlock_t *l, atomic_t *v, volatile int* y, void *w', []);
    assert.deepEqual(test.functions[0]!.params.map((p) => [p.name, p.type.name, p.type.size, p.type.indirection]), [
      ['s', 'struct srcu_struct', 4, 1], ['l', 'spinlock_t', 4, 1], ['v', 'atomic_t', 4, 1], ['y', 'volatile int', 4, 1], ['w', 'void', 8, 1],
    ]);
  });

  it('reads empty and void parameter lists and a void return type', () => {
    const test = parse('C t', '{}', 'void P0() { }', 'P1(void) { }', 'void *P2(int *x) { }', 'exists (x=0)');
    assert.deepEqual(test.functions.map((f) => [f.thread, f.params.length]), [[0, 0], [1, 0], [2, 1]]);
  });

  it('still refuses parameters that are not pointers', () => {
    assertFails(() => thread0('struct srcu_struct s', []), { kind: 'unsupported', line: 3, col: 23, message: /must be pointers/ });
  });
});

describe('calls the parser does not judge', () => {
  it('reads unknown callees (herd rejects spin_unlock_wait and smp_memb as unknown macros) as calls', () => {
    const test = thread0('spinlock_t *r', ['spin_unlock_wait(r);', 'smp_memb();'], 'exists (r=0)');
    assert.deepEqual(body(test.functions[0]), [{ kind: 'call', call: call('spin_unlock_wait', name('r')) }, { kind: 'call', call: call('smp_memb') }]);
  });
});

describe('the init block and the final section', () => {
  it('reads typed, pointer, address and ATOMIC_INIT entries, with OCaml and C comments', () => {
    const test = parse('C t', '{', '(* an OCaml comment *) int *p = &x; x=y; q=&x; atomic_t v = ATOMIC_INIT(3); // a C comment', 'int *z = x; spinlock_t l;', '}', 'P0(int *x) { }', 'exists (p=y)');
    assert.deepEqual(test.init.map((e) => [e.target, e.value, e.type, e.pointer, e.valueText]), [
      [{ kind: 'mem', name: 'p' }, 'x', 'int', true, 'x'],
      [{ kind: 'mem', name: 'x' }, 'y', null, false, 'y'],
      [{ kind: 'mem', name: 'q' }, 'x', null, false, 'x'],
      [{ kind: 'mem', name: 'v' }, 3, 'atomic_t', false, '3'],
      [{ kind: 'mem', name: 'z' }, 'x', 'int', true, 'x'],
      [{ kind: 'mem', name: 'l' }, 0, 'spinlock_t', false, '0'],
    ]);
  });

  it('refuses an unclosed ATOMIC_INIT(', () => {
    assertFails(() => parse('C t', '{ atomic_t v = ATOMIC_INIT(3; }', 'P0(int *x) { }', 'exists (x=0)'), { kind: 'input', line: 2, col: 29, message: /expected '\)' to close ATOMIC_INIT\(/ });
  });

  it('reads addresses as values in the condition, and every quantifier, filter and locations', () => {
    const test = parse('C t', '{}', 'P0(int **p) { r1 = READ_ONCE(*p); }', 'locations [p; 0:r1;]', 'filter (0:r1=x)', '~exists(0:r1=x /\\ p=y)');
    assert.deepEqual(withoutSpans(test.final.condition.prop), {
      kind: 'and',
      left: { kind: 'atom', loc: { kind: 'reg', thread: 0, reg: 'r1' }, value: 'x', equal: true, pos: { line: 6, col: 9 } },
      right: { kind: 'atom', loc: { kind: 'mem', name: 'p' }, value: 'y', equal: true, pos: { line: 6, col: 19 } },
    });
    assert.equal(test.final.condition.quantifier, 'not-exists');
    assert.deepEqual(test.final.locations, [{ kind: 'mem', name: 'p' }, { kind: 'reg', thread: 0, reg: 'r1' }]);
    assert.equal(parse('C t', '{}', 'P0(int *x) { }', 'forall (x=0)').final.condition.quantifier, 'forall');
  });
});

describe('what stays refused, with its position', () => {
  it('refuses struct member access, unions, arrays and loops', () => {
    assertFails(() => thread0('struct srcu_struct *s', ['r0 = s->a;']), { kind: 'unsupported', line: 4, col: 7, message: /structs are not supported/ });
    assertFails(() => thread0('int *x', ['int r0;', 'r0 = r0.a;']), { kind: 'unsupported', line: 5, col: 8, message: /structs are not supported/ });
    assertFails(() => thread0('union u *x', []), { kind: 'unsupported', line: 3, col: 4, message: /'union' types are not supported/ });
    assertFails(() => thread0('int *x', ['int r0[2];']), { kind: 'unsupported', line: 4, col: 7, message: /arrays/ });
    assertFails(() => thread0('int *x', ['while (1) r0 = 0;']), { kind: 'unsupported', line: 4, col: 1, message: /loops \('while'\)/ });
    assertFails(() => thread0('int *x', ['void r0;']), { kind: 'unsupported', line: 4, col: 1, message: /'void' has no values/ });
  });
});

describe('the POWER compiler meets the new forms', () => {
  const snippets: [string, string[]][] = [
    ['int *x', ['r1 = (int)READ_ONCE(*x);']],
    ['int **p', ['int *r1 = rcu_dereference(*p);', '*r1 = 1;', 'r0 = READ_ONCE(*r1);']],
    ['intptr_t *u0, intptr_t *x1', ['intptr_t r3 = u0;', 'smp_store_release(x1, r3);', 'WRITE_ONCE(*(intptr_t *)r3, 1);']],
    ['int *x, int **p', ['WRITE_ONCE(*p, &x);']],
    ['struct srcu_struct *s, int *x', ['int i = srcu_read_lock(s);', 'srcu_read_unlock(s, i);']],
    ['spinlock_t *r', ['spin_unlock_wait(r);']],
  ];
  for (const [params, lines] of snippets) {
    it(`compiles or refuses with a position, never crashes: ${lines.join(' ')}`, () => {
      try {
        compileKernelC(thread0(params, lines));
      } catch (e) {
        const error = e as { name: string; file: string; line: number; col: number };
        assert.equal(error.name, 'LitmusError', String(e));
        assert.equal(error.file, FILE);
        assert.ok(error.line >= 1 && error.col >= 1);
      }
    });
  }
});
