/** Ordering points of a PPC test: its fence instructions. */
import type { FenceKind, Instruction, LitmusTest } from '../ir/program.ts';
import type { OrderingPoint } from '../ir/ordering.ts';
import type { AblatableTest, AblationChange } from './ablation.ts';

/** The next weaker fence: sync → lwsync (no W→R) → eieio (W→W only). */
const WEAKER: Record<FenceKind, FenceKind | null> = { sync: 'lwsync', lwsync: 'eieio', eieio: null, isync: null };

export function ppcOrderingPoints(test: LitmusTest): AblatableTest {
  const points: OrderingPoint[] = [];
  for (const thread of test.threads) {
    thread.instructions.forEach((instr, index) => {
      if (instr.kind !== 'fence') return;
      points.push({
        id: `P${thread.id}:${index}`,
        label: `P${thread.id} line ${instr.source.line}: ${instr.source.text}`,
        pos: { line: instr.source.line, col: instr.source.col },
        weakerForm: WEAKER[instr.fence],
      });
    });
  }
  const rebuild = (changes: ReadonlyMap<string, AblationChange>): LitmusTest => ({
    ...test,
    // A changed test is not the one herd hashed.
    herdHash: null,
    threads: test.threads.map((thread) => ({
      ...thread,
      instructions: thread.instructions.map((instr, index): Instruction => {
        const change = changes.get(`P${thread.id}:${index}`);
        if (!change || instr.kind !== 'fence') return instr;
        const weaker = WEAKER[instr.fence];
        return change === 'weaken' && weaker ? { ...instr, fence: weaker } : { kind: 'nop', source: instr.source };
      }),
    })),
  });
  return { test, points, rebuild };
}
