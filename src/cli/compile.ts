/**
 * `xics-litmus compile FILE`: prints the herd7 PPC litmus test a kernel-C
 * test becomes for the chosen kernel and CPU, so it can be cross-checked with
 * herd7 (and read back by this tool). A comment in the output says what it
 * was compiled for and which register holds each C local.
 */
import { readFileSync } from 'node:fs';
import { formatDiagnostic, LitmusError } from '../diagnostics.ts';
import { type CompiledKernelC, compileKernelC, type TargetOptions } from '../kernel-c/compile.ts';
import { parseKernelC } from '../kernel-c/parser.ts';
import { DEFAULT_TARGET, KVM_HV_CONFIG } from '../kernel-c/primitives.ts';
import { printPpcLitmus } from '../report/ppc-litmus.ts';
import { ExitCode } from './exit-codes.ts';
import { describeFsError } from './files.ts';
import type { Output } from './output.ts';

/** The compiled test as herd7 PPC text, with a comment on its origin, target and register map. */
export function compileToPpcText(source: string, file: string, options: TargetOptions): string {
  const compiled = compileKernelC(parseKernelC(source, file), options);
  return printPpcLitmus(compiled.test, { comments: provenance(file, compiled) });
}

function provenance(file: string, { target, registers, llistTokens }: CompiledKernelC): string[] {
  const config = target.kvmHv ? `, CONFIG_${KVM_HV_CONFIG}` : '';
  const lines = [`Compiled by xics-litmus from ${file} for kernel ${target.kernel}, cpu ${target.cpu}, cause_ipi ${target.ipi}${config}.`];
  for (const [thread, locals] of registers) {
    if (locals.size > 0) lines.push(`P${thread} locals: ${[...locals].map(([local, reg]) => `${local}=${reg}`).join(' ')}`);
  }
  if (llistTokens.size > 0) lines.push(`llist nodes in their list heads: ${[...llistTokens].map(([node, token]) => `${node}=${token}`).join(' ')}`);
  return lines;
}

export function compileCommand(file: string, options: TargetOptions, output: Output): ExitCode {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    output.stderr(`${file}: error: cannot read file: ${describeFsError(error)}\n`);
    return ExitCode.input;
  }
  try {
    output.stdout(compileToPpcText(source, file, options));
    return ExitCode.ok;
  } catch (error) {
    if (!(error instanceof LitmusError)) throw error;
    output.stderr(formatDiagnostic(error, source) + '\n');
    return ExitCode.input;
  }
}

export const compileHelp = `
Target:
  --kernel and --cpu choose what the test is compiled for; without them the
  test's Kernel= and Cpu= metadata lines decide, else ${DEFAULT_TARGET.kernel} on ${DEFAULT_TARGET.cpu}.
  Ipi= (default ${DEFAULT_TARGET.ipi}) picks the cause_ipi that smp_muxed_ipi_message_pass
  calls, and Config=${KVM_HV_CONFIG} adds the KVM host_ipi barriers.
  'xics-litmus primitives' lists what every primitive becomes.

The output is a herd7 PPC test: run it with herd7, or with xics-litmus run.
Its condition names the registers the C locals were given (listed in the
comment at its top). Exit code 2 for a test that cannot be compiled.`;
