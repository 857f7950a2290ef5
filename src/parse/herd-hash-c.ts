/**
 * herd7's `Hash=` for C tests (herdtools7 `lib/CGenParser_lib.ml`, which
 * "computes the hash as litmus does", with `lib/CTestHash.ml`). INFO, INIT and
 * LOCS are digested as for PPC (src/parse/herd-hash.ts); the CODE part is
 * herd's shallow parse of the program section, the one litmus7 uses: each
 * thread's body is the raw text between its braces (`lib/CLexer.mll`'s
 * `get_body`, comments and layout included, braces counted even inside
 * comments), printed by `lib/dumpCAst.ml` as
 *
 *   P0(int* x, intptr_t* y) {\nBODY\n}\n
 *
 * (each parameter's type with its outer `*` stripped, then `*` appended; older
 * herds printed `static void P0(...) {BODY}\n`, which 7.57's hashes rule out)
 * and laid out by `Misc.string_of_prog` as one row of one cell per thread:
 * ` cell0 | cell1 ;\n`. Text outside the functions' braces (comments, blank
 * lines) is not hashed. herd would also hash a top-level `{...}` block as
 * `{TEXT}\n\n`, but the kernel-C parser accepts none.
 *
 * This gives herd7 7.57's Hash for all 3,799 hashed tests of the LKMM corpus.
 */

import type { CFunction, CParam, KernelCTest } from '../kernel-c/ast.ts';
import { herdHashWithCode } from './herd-hash.ts';

/** The hash herd prints for a kernel-C test: the file's own `Hash=` value if it has one, else herd's digest. */
export function herdHashOfKernelC(test: KernelCTest): string | null {
  return herdHashWithCode(
    { metadata: test.metadata, init: test.init, locations: test.final.locations, condition: test.final.condition },
    herdCCode(test),
  );
}

/** herd's CODE text for the test's threads. */
export function herdCCode(test: KernelCTest): string {
  return `${test.functions.map((fn) => ` ${dumpFunction(test.text, fn)} `).join('|')};\n`;
}

function dumpFunction(text: string, fn: CFunction): string {
  return `P${fn.thread}(${fn.params.map(dumpParam).join(', ')}) {\n${functionBody(text, fn)}\n}\n`;
}

/** CType.dump of the parameter's type without its outer pointer, then `*`: `int* x`, `volatile int* x`, `int** p`. */
function dumpParam(param: CParam): string {
  return `${param.type.name}${'*'.repeat(param.type.indirection)} ${param.name}`;
}

/** The text between the body's `{` and its matching `}`, counting every brace (herd's lexer does not skip comments there). */
function functionBody(text: string, fn: CFunction): string {
  const open = text.indexOf('{', fn.span.end);
  let depth = 0;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return text.slice(open + 1, i);
      depth--;
    }
  }
  return text.slice(open + 1);
}
