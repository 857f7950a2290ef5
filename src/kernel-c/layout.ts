/**
 * Where a kernel-C access lands in memory: which shared variable, at which
 * byte offset, how many bytes. Both back ends use it: the POWER compiler to
 * emit the access at its offset, the LKMM lowering to refuse what the LKMM
 * cannot say (mixed sizes).
 *
 * The rules, which are C's on big-endian powerpc:
 * - A shared variable (a thread parameter `T *x`) has the size of T; a
 *   variable several threads declare has the widest of their sizes.
 * - `p[i]`, with i a constant, is the element i places after the one p
 *   points to: `sizeof(*p)` bytes at byte offset `i * sizeof(*p)`. p must be
 *   a parameter or a *fixed pointer*: a pointer local whose declaration, at
 *   the top level of the function, sets it to a parameter's address
 *   (`char *message = (char *)messages;`, with or without `&`) and that
 *   nothing else assigns, so where it points is known when compiling.
 *   Offsets count from the variable's first byte, which big-endian makes its
 *   most significant one: `message[1]` of an int is bits 23..16.
 * - An access through a fixed pointer has the pointer's pointee size (the
 *   kernel's byte stores into its `messages` word); an access through a
 *   parameter has the parameter's size whatever the cast, as herd reads C
 *   (`*(char **)x` on `int *x` is x itself, and the LKMM corpus writes it).
 * - Every access is inside its variable. It is also aligned, as the ISA
 *   needs for single-copy atomicity: a fixed pointer points at a variable's
 *   first byte, so an index moves it by whole elements.
 */
import type { AccessSize } from '../ir/program.ts';
import type { CExpr, CFunction, CStatement, CType, KernelCTest, Span } from './ast.ts';

/** An integer type's C meaning: bytes and signedness (`char` is unsigned on powerpc). */
export interface IntegerType {
  size: AccessSize;
  signed: boolean;
}

const INTEGER_TYPES: Record<string, IntegerType> = {
  char: { size: 1, signed: false }, 'unsigned char': { size: 1, signed: false }, 'signed char': { size: 1, signed: true },
  u8: { size: 1, signed: false }, uint8_t: { size: 1, signed: false }, s8: { size: 1, signed: true }, int8_t: { size: 1, signed: true },
  short: { size: 2, signed: true }, 'unsigned short': { size: 2, signed: false },
  u16: { size: 2, signed: false }, uint16_t: { size: 2, signed: false }, s16: { size: 2, signed: true }, int16_t: { size: 2, signed: true },
  int: { size: 4, signed: true }, unsigned: { size: 4, signed: false },
  u32: { size: 4, signed: false }, uint32_t: { size: 4, signed: false }, s32: { size: 4, signed: true }, int32_t: { size: 4, signed: true },
  long: { size: 8, signed: true }, 'unsigned long': { size: 8, signed: false }, 'long long': { size: 8, signed: true }, 'unsigned long long': { size: 8, signed: false },
  u64: { size: 8, signed: false }, uint64_t: { size: 8, signed: false }, s64: { size: 8, signed: true }, int64_t: { size: 8, signed: true },
};

/**
 * The integer type a type's base names (`const unsigned long *` → unsigned
 * long), or null for the others (`intptr_t`, `atomic_t`, `struct s`,
 * `void`, `bool`): herd's C values are untyped, and those keep its one cell.
 */
export function integerType(type: CType): IntegerType | null {
  let words = type.name.split(' ').filter((w) => w !== 'const' && w !== 'volatile');
  // `unsigned int` is `unsigned`, `long int` is `long`, `signed short` is `short`; `signed char` stays apart from `char`.
  if (words.length > 1) words = words.filter((w) => w !== 'int');
  if (words.length > 1 && words[0] === 'signed' && words[1] !== 'char') words = words.slice(1);
  const name = words.join(' ') === 'signed' ? 'int' : words.join(' ');
  return INTEGER_TYPES[name] ?? null;
}

/**
 * The size a variable's declaration fixes for the engine (InitState.sizes):
 * that of an integer type other than `int`, which, like every type herd's
 * C leaves untyped, keeps the engine's one cell whatever the width of the
 * words and doublewords that access it at its address.
 */
export function fixedSize(type: CType): AccessSize | null {
  const integer = type.indirection === 1 ? integerType({ ...type, indirection: 0 }) : null;
  return integer === null || integer === INTEGER_TYPES.int ? null : integer.size;
}

/** Where an access lands: `size` bytes of `variable` from byte `offset`. */
export interface Place {
  variable: string;
  offset: number;
  size: AccessSize;
}

/** A fixed pointer: a pointer local known to hold a shared variable's address. */
interface FixedPointer {
  variable: string;
  type: CType;
}

/** What layout questions need: a positioned error and constant folding, which the back ends own. */
export interface LayoutHost {
  fail(span: Span, message: string, kind?: 'input' | 'unsupported'): never;
  /** The value of a constant expression, or null. */
  constant(expr: CExpr): number | null;
}

/** Each shared variable's size: the widest declaration of it as a thread parameter. */
export function variableSizes(ast: KernelCTest): Map<string, AccessSize> {
  const sizes = new Map<string, AccessSize>();
  for (const fn of ast.functions) {
    for (const param of fn.params) sizes.set(param.name, Math.max(sizes.get(param.name) ?? 1, param.type.size) as AccessSize);
  }
  return sizes;
}

/** One thread's view: its parameters and fixed pointers. */
export class ThreadLayout {
  private readonly fixed = new Map<string, FixedPointer>();

  constructor(
    private readonly fn: CFunction,
    private readonly sizes: ReadonlyMap<string, AccessSize>,
    private readonly host: LayoutHost,
  ) {
    const assigned = new Set<string>();
    const visit = (statements: CStatement[]): void => {
      for (const s of statements) {
        if (s.kind === 'assignment' && s.target.kind === 'name') assigned.add(s.target.name);
        if (s.kind === 'block' || s.kind === 'do-while') visit(s.body);
        if (s.kind === 'if') visit([...s.then, ...(s.otherwise ?? [])]);
      }
    };
    visit(fn.body);
    for (const s of fn.body) {
      if (s.kind !== 'declaration' || s.type.indirection !== 1) continue;
      for (const d of s.declarators) {
        const variable = d.init && this.parameterAddress(d.init);
        if (variable && !assigned.has(d.name)) this.fixed.set(d.name, { variable, type: s.type });
      }
    }
  }

  /** The parameter whose address `expr` is (`x`, `&x`, `(char *)x`), or null. */
  private parameterAddress(expr: CExpr): string | null {
    let e = expr;
    while (e.kind === 'cast') e = e.operand;
    if (e.kind === 'unary' && e.op === '&') e = e.operand;
    return e.kind === 'name' && this.fn.params.some((p) => p.name === e.name) ? e.name : null;
  }

  /** The variable a fixed pointer local points to, or null. */
  fixedPointer(name: string): string | null {
    return this.fixed.get(name)?.variable ?? null;
  }

  /**
   * Where an access through `pointer` lands, when it is known while
   * compiling: through a parameter, a fixed pointer, or an index into
   * either. Null for an address only known at run time (a pointer local that
   * is not fixed). Indexing anything else is refused.
   */
  place(pointer: CExpr): Place | null {
    let p = pointer;
    while (p.kind === 'cast') p = p.operand;
    if (p.kind === 'unary' && p.op === '&' && p.operand.kind === 'name') p = p.operand;
    if (p.kind === 'name') {
      const param = this.fn.params.find((x) => x.name === p.name);
      if (param) return { variable: param.name, offset: 0, size: this.sizes.get(param.name)! };
      const fixed = this.fixed.get(p.name);
      return fixed ? this.checked({ variable: fixed.variable, offset: 0, size: fixed.type.size }, pointer.span) : null;
    }
    if (p.kind !== 'index') return null;
    return this.checked(this.indexed(p), pointer.span);
  }

  private indexed(expr: Extract<CExpr, { kind: 'index' }>): Place {
    let base = expr.pointer;
    while (base.kind === 'cast') base = base.operand;
    const param = base.kind === 'name' ? this.fn.params.find((x) => x.name === (base as { name: string }).name) : undefined;
    const fixed = base.kind === 'name' ? this.fixed.get(base.name) : undefined;
    const variable = param?.name ?? fixed?.variable;
    const type = param?.type ?? fixed?.type;
    if (variable === undefined || type === undefined || type.indirection !== 1) {
      return this.host.fail(expr.pointer.span,
        'indexing needs a pointer known while compiling: a parameter, or a pointer local declared with a parameter\'s address and never reassigned (char *message = (char *)x;)', 'unsupported');
    }
    const index = this.host.constant(expr.index);
    if (index === null) return this.host.fail(expr.index.span, 'the index must be a constant', 'unsupported');
    return { variable, offset: index * type.size, size: type.size };
  }

  private checked(place: Place, span: Span): Place {
    const size = this.sizes.get(place.variable)!;
    if (place.offset < 0 || place.offset + place.size > size) {
      this.host.fail(span, `this ${place.size}-byte access at byte ${place.offset} of ${place.variable} is outside it: ${place.variable} has ${size} byte${size === 1 ? '' : 's'}`, 'input');
    }
    return place;
  }
}
