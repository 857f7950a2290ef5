/**
 * How explanations name events and the code behind them: `P1:20` is the
 * access of thread P1 on source line 20 (with a letter when one line makes
 * several accesses, as a C statement expanding to lwarx and stwcx. does), and
 * an instruction reads as written, or for compiled kernel-C as its statement
 * and the primitive that emitted it.
 */
import type { PathFence } from '../events/paths.ts';
import type { EventStructure, StructureEvent } from '../events/structure.ts';
import type { FenceKind, Instruction, Value } from '../ir/program.ts';
import { printValue } from '../report/syntax.ts';

export function eventNames(structure: EventStructure): string[] {
  const key = (e: StructureEvent) => `P${e.thread}:${e.source.instr.source.line}`;
  const total = new Map<string, number>();
  for (const e of structure.events) total.set(key(e), (total.get(key(e)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return structure.events.map((e) => {
    const k = key(e);
    if (total.get(k) === 1) return k;
    const index = seen.get(k) ?? 0;
    seen.set(k, index + 1);
    return k + String.fromCharCode(97 + index);
  });
}

/** `W x=1`, `R y=0`. */
export function accessText(event: StructureEvent, value: Value): string {
  return `${event.kind} ${event.location}=${printValue(value)}`;
}

/** The code as the user wrote it: a PPC instruction, or a C statement with the primitive's instruction. */
export function instructionText(instr: Instruction): string {
  const origin = instr.source.origin;
  if (!origin) return instr.source.text;
  if (origin.primitive === null) return origin.statement;
  const role = origin.role === null ? '' : `, ${origin.role}`;
  return `${origin.statement}  [${instr.source.mnemonic} in ${primitiveName(origin.primitive)}${role}]`;
}

/** `xchg()` whether the front end recorded `xchg` or `xchg()`. */
function primitiveName(primitive: string): string {
  return primitive.endsWith(')') ? primitive : `${primitive}()`;
}

/** The first fence of `kind` between two events of one thread, in program order. */
export function fenceBetween(structure: EventStructure, from: number, to: number, kind: FenceKind): PathFence | undefined {
  const a = structure.events[from]!, b = structure.events[to]!;
  return structure.paths[a.thread]!.fences.find((f) => f.kind === kind && a.source.index < f.position && f.position <= b.source.index);
}
