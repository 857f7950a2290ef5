/** herd7's printing order of locations within a state and of states within a test. */
import type { Location, Value } from '../ir/program.ts';

const registerNumber = (reg: string): number => {
  const m = /^r(\d+)$/.exec(reg);
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
};

/** Registers first, by thread then register; then memory locations by name. */
export function compareLocations(a: Location, b: Location): number {
  if (a.kind !== b.kind) return a.kind === 'reg' ? -1 : 1;
  if (a.kind === 'reg' && b.kind === 'reg') {
    return a.thread - b.thread || registerNumber(a.reg) - registerNumber(b.reg) || compareText(a.reg, b.reg);
  }
  return compareText((a as { name: string }).name, (b as { name: string }).name);
}

export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a !== 'string' && typeof b !== 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a !== 'string') return -1;
  if (typeof b !== 'string') return 1;
  return compareText(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
