/**
 * `xics-litmus primitives`: prints the expansion table (src/kernel-c/primitives.ts)
 * for the chosen kernel versions and CPU flavours, every one by default. Where
 * an expansion differs between targets it gets one line per group of targets
 * that agree, labelled by what they share.
 */
import {
  CAUSE_IPI_VARIANTS, CPU_FLAVOURS, type CpuFlavour, DEFAULT_TARGET, describeExpansion, KERNEL_VERSIONS, type KernelVersion, KVM_HV_CONFIG,
  NO_POWER_MODEL, PRIMITIVES, type PrimitiveSpec, type Target,
} from '../kernel-c/primitives.ts';
import { ExitCode } from './exit-codes.ts';
import type { Output } from './output.ts';

export interface PrimitivesOptions {
  kernel?: KernelVersion;
  cpu?: CpuFlavour;
}

type Dimension = 'kernel' | 'cpu' | 'kvmHv';
const DIMENSIONS: Dimension[] = ['kernel', 'cpu', 'kvmHv'];

const valueText = (dimension: Dimension, value: Target[Dimension]): string =>
  dimension === 'kvmHv' ? (value ? 'with KVM HV' : 'without KVM HV') : String(value);

/**
 * A label for a set of targets: the values it has on each dimension where it
 * does not cover them all, if the set is their product; otherwise one label
 * per value of the first dimension that varies, joined by '; '.
 */
function describeTargets(targets: Target[], universe: Target[]): string {
  const values = (set: Target[], d: Dimension) => [...new Set(set.map((t) => t[d]))];
  const product = DIMENSIONS.reduce((n, d) => n * values(targets, d).length, 1);
  if (product === targets.length) {
    const parts = DIMENSIONS.filter((d) => values(targets, d).length < values(universe, d).length)
      .map((d) => values(targets, d).map((v) => valueText(d, v)).join(' '));
    return parts.length === 0 ? 'all' : parts.join(', ');
  }
  const split = DIMENSIONS.find((d) => values(targets, d).length > 1)!;
  return values(targets, split).map((v) => describeTargets(targets.filter((t) => t[split] === v), universe)).join('; ');
}

function describePrimitive(spec: PrimitiveSpec, targets: Target[]): string[] {
  const groups = new Map<string, Target[]>();
  for (const target of targets) {
    const text = describeExpansion(spec, target);
    groups.set(text, [...(groups.get(text) ?? []), target]);
  }
  const head = `${spec.name}(${spec.params.map((p) => p.name).join(', ')})  [${spec.source}]`;
  if (groups.size === 1) return [head, `    ${[...groups.keys()][0]}`];
  return [head, ...[...groups].map(([text, group]) => `    ${describeTargets(group, targets)}: ${text}`)];
}

const MODEL_NOTES = `Model (see src/kernel-c/ipi.ts):
  - Raising an IPI on CPU n stores 1 to ipi_trigger_n; lowering it (MFRR value
    0xff) stores 0. Hypervisor, firmware and msgsnd order nothing: only the
    barriers listed before the trigger do.
  - ipi_entry(); as a statement of Pn starts its IPI handler (the rest of the
    function): a read of ipi_trigger_n, then cmpwi; beq end; isync. The
    pseudo-local n:ipi_taken is 1 when the handler ran.
  - CPU n's messages word is ipi_messages_n; a message store is a word store
    of IPI_MESSAGE(msg) = 1 << (24 - 8*msg); one message type per CPU.
  - llist nodes stand in their list head as integers 1, 2, ... (first use).
  - smp_muxed_ipi_message_pass() calls the platform's cause_ipi: Ipi=${Object.keys(CAUSE_IPI_VARIANTS).join('|')}
    (default ${DEFAULT_TARGET.ipi}); Config=${KVM_HV_CONFIG} turns on the KVM host_ipi barriers.
  Defaults: Kernel=${DEFAULT_TARGET.kernel}, Cpu=${DEFAULT_TARGET.cpu}; a test's metadata and --kernel/--cpu override them.`;

export function formatPrimitivesTable(options: PrimitivesOptions): string {
  const kernels = options.kernel ? [options.kernel] : [...KERNEL_VERSIONS];
  const cpus = options.cpu ? [options.cpu] : [...CPU_FLAVOURS];
  const targets = kernels.flatMap((kernel) => cpus.flatMap((cpu) => [false, true].map((kvmHv): Target => ({ kernel, cpu, kvmHv, ipi: DEFAULT_TARGET.ipi }))));
  const lines = [
    `Kernel primitive expansions for ${kernels.join(' ')} on ${cpus.join(' ')}`,
    'Each fence is an ordering point, shown with its role and the kernel macro it comes from; [§n] cites kernel-ipi-facts.md.',
  ];
  let group = '';
  for (const spec of PRIMITIVES) {
    if (spec.group !== group) lines.push('', `${(group = spec.group)}:`);
    lines.push(...describePrimitive(spec, targets).map((line) => `  ${line}`));
  }
  lines.push('', 'no POWER model (refused; run such tests with --model lkmm):', `  ${[...NO_POWER_MODEL.keys()].join(', ')}: an RCU grace period is no instruction sequence`);
  lines.push('', MODEL_NOTES);
  return lines.join('\n') + '\n';
}

export function primitivesCommand(options: PrimitivesOptions, output: Output): ExitCode {
  output.stdout(formatPrimitivesTable(options));
  return ExitCode.ok;
}
