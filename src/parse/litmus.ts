/**
 * Any supported litmus test → program IR, by the architecture its header
 * names and the model it runs under: `PPC` tests are parsed as they are; a
 * `C` (kernel-C, LKMM style) test is compiled to the PPC code the chosen
 * kernel would run (src/kernel-c/compile.ts) for ppc.cat, or lowered to
 * herd7's C events (src/kernel-c/lkmm-lower.ts) for the LKMM.
 */
import type { LkmmTest } from '../ir/c-program.ts';
import type { LitmusTest } from '../ir/program.ts';
import { compileKernelC, type TargetOptions } from '../kernel-c/compile.ts';
import { lowerKernelCForLkmm } from '../kernel-c/lkmm-lower.ts';
import { parseKernelC } from '../kernel-c/parser.ts';
import type { ModelName } from '../outcome/result.ts';
import { parseHeader } from './header.ts';
import { Scanner } from './lexer.ts';
import { parsePpcLitmus } from './ppc.ts';

export type ParseOptions = TargetOptions & {
  /** The model to run under; absent, the test's default (defaultModel). */
  model?: ModelName;
};

/** Metadata keys that name a kernel build: a kernel-C test carrying one is about POWER code. */
const KERNEL_BUILD_KEYS = ['kernel', 'cpu', 'ipi', 'config'];

/**
 * The model a test is judged by when none is asked for: ppc.cat for a PPC
 * test and for a kernel-C test whose metadata names a kernel build
 * (`Kernel=`, `Cpu=`, `Ipi=`, `Config=`, as every litmus/ipi test has); the
 * LKMM for any other kernel-C test, as herd7 runs it.
 */
export function defaultModel(arch: string, metadata: ReadonlyMap<string, string>): ModelName {
  if (arch !== 'C') return 'power';
  return [...metadata.keys()].some((key) => KERNEL_BUILD_KEYS.includes(key.toLowerCase())) ? 'power' : 'lkmm';
}

/** A PPC test, or a kernel-C test compiled to POWER code. */
export function parseLitmus(text: string, file: string, options: TargetOptions = {}): LitmusTest {
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

/** A test ready for the model `options.model` (or its default): POWER code, or kernel C for the LKMM. */
export function parseForModel(text: string, file: string, options: ParseOptions = {}): LitmusTest | LkmmTest {
  const scanner = new Scanner(text, file);
  const { arch, archPos, metadata } = parseHeader(scanner);
  const model = options.model ?? defaultModel(arch, metadata);
  if (model === 'power') return parseLitmus(text, file, options);
  if (arch !== 'C') {
    return scanner.fail('unsupported', `the Linux-kernel memory model runs kernel-C tests; this is a ${arch} test (run it with --model power)`, archPos, arch.length);
  }
  return lowerKernelCForLkmm(parseKernelC(text, file));
}
