/** A location as litmus sources name it: `1:r2` for a register, `x` for memory. */
import type { Location } from './program.ts';

export function locationName(loc: Location): string {
  return loc.kind === 'reg' ? `${loc.thread}:${loc.reg}` : loc.name;
}
