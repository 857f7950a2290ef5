/**
 * The ordering points of any supported litmus test under either model:
 * fences for PPC; for kernel-C, the barriers its primitives compile to under
 * ppc.cat, or its C-level fences and marked accesses under the LKMM.
 */
import { kernelCAblation, type TargetOptions } from '../kernel-c/compile.ts';
import { lowerKernelCForLkmm } from '../kernel-c/lkmm-lower.ts';
import { parseKernelC } from '../kernel-c/parser.ts';
import type { ModelName } from '../outcome/result.ts';
import { parseHeader } from '../parse/header.ts';
import { Scanner } from '../parse/lexer.ts';
import { defaultModel } from '../parse/litmus.ts';
import { parsePpcLitmus } from '../parse/ppc.ts';
import type { AblatableTest } from './ablation.ts';
import { lkmmOrderingPoints } from './lkmm-points.ts';
import { ppcOrderingPoints } from './ppc-points.ts';

/**
 * The test in `text`, ready for ablation under `model`: given, else
 * `target.model` (the CLI's run options carry it), else the test's default
 * (defaultModel: the LKMM for a kernel-C test naming no kernel build).
 */
export function ablatableTest(text: string, file: string, target: TargetOptions & { model?: ModelName } = {}, model?: ModelName): AblatableTest {
  const scanner = new Scanner(text, file);
  const { arch, archPos, metadata } = parseHeader(scanner);
  const chosen = model ?? target.model ?? defaultModel(arch, metadata);
  switch (arch) {
    case 'PPC':
      if (chosen === 'lkmm') {
        return scanner.fail('unsupported', 'the Linux-kernel memory model runs kernel-C tests; this is a PPC test (run it with --model power)', archPos, arch.length);
      }
      return ppcOrderingPoints(parsePpcLitmus(text, file));
    case 'C':
      return chosen === 'lkmm' ? lkmmOrderingPoints(lowerKernelCForLkmm(parseKernelC(text, file))) : kernelCAblation(parseKernelC(text, file), target);
    default:
      return scanner.fail('unsupported', `this is a ${arch} test; PPC tests and kernel-C (C) tests are supported`, archPos, arch.length);
  }
}
