/**
 * Kernel-C litmus tests (the LKMM C format) as parsed, before compilation.
 *
 * The parser only checks syntax; meaning (which names are primitives, which
 * arguments must be constants, what a call expands to) belongs to the compiler.
 * Every node keeps its span so that errors and compiled instructions point at
 * the C source.
 */
import type { AccessSize, SourcePos, StatedResults } from '../ir/program.ts';
import type { FinalSection } from '../parse/condition.ts';
import type { InitEntry } from '../parse/init.ts';

/** A stretch of the source: where it starts and the offset just after it. */
export interface Span extends SourcePos {
  offset: number;
  end: number;
}

export interface CType {
  /** As written, e.g. `unsigned long`. */
  name: string;
  /** Bytes an access through this type moves (the pointee's size for a pointer). */
  size: AccessSize;
  pointer: boolean;
  /** Levels of `*`: 0 for `int`, 1 for `int *`, 2 for `int **`; `pointer` is `indirection > 0`. */
  indirection: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '&' | '|' | '^' | '<<' | '>>' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';
export type UnaryOp = '-' | '~' | '!' | '*' | '&';
export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '&=' | '|=' | '^=' | '<<=' | '>>=';

export type CExpr = (
  | { kind: 'number'; value: number }
  | { kind: 'name'; name: string }
  | { kind: 'unary'; op: UnaryOp; operand: CExpr }
  | { kind: 'binary'; op: BinaryOp; left: CExpr; right: CExpr }
  | { kind: 'call'; callee: string; args: CExpr[] }
  /** `p[i]`: the element i places after the one p points to, `*(p + i)` in C (i is checked to be a constant by the compilers). */
  | { kind: 'index'; pointer: CExpr; index: CExpr }
  /** `(intptr_t)e`, `(int *)e`: herd's C values are untyped, so a cast changes nothing but is kept for the POWER compiler and messages. */
  | { kind: 'cast'; type: CType; operand: CExpr }
) & { span: Span };

export type CCall = Extract<CExpr, { kind: 'call' }>;

export interface Declarator {
  name: string;
  span: Span;
  init: CExpr | null;
}

export type CStatement = (
  | { kind: 'declaration'; type: CType; declarators: Declarator[] }
  | { kind: 'assignment'; target: CExpr; op: AssignOp; value: CExpr }
  | { kind: 'call'; call: CCall }
  | { kind: 'if'; condition: CExpr; then: CStatement[]; otherwise: CStatement[] | null }
  /** `do { body } while (condition);`: the kernel's demux loop, written out (a POWER-only construct). */
  | { kind: 'do-while'; body: CStatement[]; condition: CExpr }
  | { kind: 'block'; body: CStatement[] }
) & { span: Span };

export interface CParam {
  name: string;
  type: CType;
  span: Span;
}

export interface CLocal {
  type: CType;
  /** The declaration, or the first use of a local herd accepts undeclared. */
  span: Span;
  /** False for a local used without a declaration (herd7 accepts these, as untyped registers). */
  declared: boolean;
}

export interface CFunction {
  /** `P3` is thread 3. */
  thread: number;
  span: Span;
  params: CParam[];
  body: CStatement[];
  /**
   * Every local, by name (names are function-wide): those the body declares,
   * and those herd accepts undeclared (`declared: false`): names the body
   * assigns that are not parameters, and registers the init block sets.
   */
  locals: Map<string, CLocal>;
}

export interface KernelCTest {
  name: string;
  file: string;
  /** The whole source, for quoting statements. */
  text: string;
  doc: string | null;
  /** `key=value` lines before the init block, keys as written. */
  metadata: Map<string, string>;
  init: InitEntry[];
  functions: CFunction[];
  /** Registers in the final section are C local names, checked to exist. */
  final: FinalSection;
  expected: StatedResults | null;
}
