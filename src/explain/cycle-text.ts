/**
 * A cycle in words. The path itself, event by event:
 *   P1:20 R x=0 -fre-> P0:17 W x=1 -lwsync-> P0:20 W y=1 -rfe-> P1:19 R y=1 -addr-> P1:20
 * and how its edges make up the axiom's relation:
 *   fre ; prop(propbase(lwsync)) ; hb*(rfe ; ppo(addr))
 */
import type { Cycle, CycleStep, DerivationToken } from './cycles.ts';
import { type ExecutionSnapshot, eventLabel } from './snapshot.ts';

/** The cycle from its first access back to it; `label` says how to show each access (default: with its value). */
export function cycleText(cycle: Cycle, execution: ExecutionSnapshot, label = (id: number) => eventLabel(execution, id)): string {
  const { steps } = cycle;
  const first = steps[0]!.from;
  let text = label(first);
  steps.forEach((step, i) => {
    // Steps meeting at different parts of one mixed-size access (alignParts in cycles.ts): ppc-sca.cat's sm joins them.
    if (i > 0 && step.from !== steps[i - 1]!.to) text += ` -sm-> ${label(step.from)}`;
    const closing = i === steps.length - 1;
    if (closing && step.to !== first) text += `${arrow(step, execution, label)}${label(step.to)} -sm-> ${execution.names[first]}`;
    else text += arrow(step, execution, label) + (closing ? execution.names[step.to] : label(step.to));
  });
  return text;
}

function arrow(step: CycleStep, execution: ExecutionSnapshot, label: (id: number) => string): string {
  if (step.reversed) return ` <-${step.label}- `;
  // Show the access the address dependency reaches before program order carries on.
  if (step.label === 'addr;po') return ` -addr-> ${label(addrPoVia(execution, step))} -po-> `;
  return ` -${step.label}-> `;
}

/** For an `addr;po` step, the first access the address dependency reaches before program order goes on. */
export function addrPoVia({ events, relations, po }: ExecutionSnapshot, step: CycleStep): number {
  const addr = relations.byLabel.addr!;
  return events.findIndex((e) => addr.has(step.from, e.id) && po.has(e.id, step.to));
}

/** Whether the derivation says more than the path: some edge belongs to a derived relation. */
export function hasDerivedRelations(cycle: Cycle): boolean {
  return cycle.derivation.some((t) => t.kind === 'open');
}

/** `fre ; prop(propbase(lwsync)) ; hb*(rfe ; ppo(addr))`; groups with no edge in them are left out. */
export function derivationText(cycle: Cycle): string {
  let position = 0;
  const sequence = (tokens: readonly DerivationToken[]): string[] => {
    const parts: string[] = [];
    while (position < tokens.length) {
      const token = tokens[position++]!;
      if (token.kind === 'close') break;
      if (token.kind === 'step') parts.push(token.step.reversed ? `${token.step.label}^-1` : token.step.label);
      else {
        const inner = sequence(tokens);
        if (inner.length > 0) parts.push(`${token.name}(${inner.join(' ; ')})`);
      }
    }
    return parts;
  };
  return sequence(cycle.derivation).join(' ; ');
}
