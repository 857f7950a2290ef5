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
import { KVM_HV_CONFIG } from '../kernel-c/primitives.ts';
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
