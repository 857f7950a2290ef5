/** The ordering points of any supported litmus test: fences for PPC, kernel primitives for kernel-C. */
import { kernelCAblation, type TargetOptions } from '../kernel-c/compile.ts';
import { parseKernelC } from '../kernel-c/parser.ts';
import { parseHeader } from '../parse/header.ts';
import { Scanner } from '../parse/lexer.ts';
import { parsePpcLitmus } from '../parse/ppc.ts';
import type { AblatableTest } from './ablation.ts';
import { ppcOrderingPoints } from './ppc-points.ts';

export function ablatableTest(text: string, file: string, target: TargetOptions = {}): AblatableTest {
  const scanner = new Scanner(text, file);
  const { arch, archPos } = parseHeader(scanner);
  switch (arch) {
    case 'PPC':
      return ppcOrderingPoints(parsePpcLitmus(text, file));
    case 'C':
      return kernelCAblation(parseKernelC(text, file), target);
    default:
      return scanner.fail('unsupported', `this is a ${arch} test; PPC tests and kernel-C (C) tests are supported`, archPos, arch.length);
  }
}
