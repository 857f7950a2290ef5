/**
 * Any supported litmus test → program IR, by the architecture its header
 * names: `PPC` tests are parsed as they are, `C` (kernel-C, LKMM style)
 * tests are compiled to the PPC code the chosen kernel would run (see
 * src/kernel-c/compile.ts for the options and their defaults).
 */
import type { LitmusTest } from '../ir/program.ts';
import { compileKernelC, type TargetOptions } from '../kernel-c/compile.ts';
import { parseKernelC } from '../kernel-c/parser.ts';
import { parseHeader } from './header.ts';
import { Scanner } from './lexer.ts';
import { parsePpcLitmus } from './ppc.ts';

export type ParseOptions = TargetOptions;

export function parseLitmus(text: string, file: string, options: ParseOptions = {}): LitmusTest {
  const scanner = new Scanner(text, file);
  const { arch, archPos } = parseHeader(scanner);
  switch (arch) {
    case 'PPC':
      return parsePpcLitmus(text, file);
    case 'C':
      return compileKernelC(parseKernelC(text, file), options).test;
    default:
      return scanner.fail('unsupported', `this is a ${arch} test; PPC tests and kernel-C (C) tests are supported`, archPos, arch.length);
  }
}
