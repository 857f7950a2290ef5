/** Compiled code as herd text, for tests that compare instruction sequences. */
import { instructionText } from '../../src/ir/ppc-text.ts';
import type { ThreadCode } from '../../src/ir/program.ts';

/** One thread's code as herd text, each label on a line of its own. */
export function listing(code: ThreadCode): string[] {
  const lines: string[] = [];
  code.instructions.forEach((instr, i) => {
    for (const [label, at] of code.labels) if (at === i) lines.push(`${label}:`);
    lines.push(instructionText(instr));
  });
  for (const [label, at] of code.labels) if (at === code.instructions.length) lines.push(`${label}:`);
  return lines;
}
