/**
 * How explanations name events and the code behind them: `P1:20` is the
 * access of thread P1 on source line 20 (with a letter when one line makes
 * several accesses, as a C statement expanding to lwarx and stwcx. does), and
 * an instruction reads as written, or for compiled kernel-C as its statement
 * and the primitive that emitted it.
 */
import type { EventStructure } from '../events/structure.ts';
import type { Instruction } from '../ir/program.ts';

export function eventNames(structure: EventStructure): string[] {
  return lineNames(structure.events.map((e) => ({ thread: e.thread, line: e.source.instr.source.line })));
}

/** `P0:12` per event, by thread and source line, with a, b, ... when a line has several events. */
export function lineNames(events: readonly { thread: number; line: number }[]): string[] {
  const key = (e: { thread: number; line: number }) => `P${e.thread}:${e.line}`;
  const total = new Map<string, number>();
  for (const e of events) total.set(key(e), (total.get(key(e)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return events.map((e) => {
    const k = key(e);
    if (total.get(k) === 1) return k;
    const index = seen.get(k) ?? 0;
    seen.set(k, index + 1);
    return k + String.fromCharCode(97 + index);
  });
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

