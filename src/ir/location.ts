/** A location as litmus sources name it: `1:r2` for a register, `x` for memory. */
import type { Location } from './program.ts';

export function locationName(loc: Location): string {
  return loc.kind === 'reg' ? `${loc.thread}:${loc.reg}` : loc.name;
}

/** The address of byte `offset` of location `base`, as values and herd print it: `x`, `x+3`. */
export function addressAt(base: string, offset: number): string {
  return offset === 0 ? base : `${base}+${offset}`;
}

/** The location and byte offset an address value denotes (`x+3` is byte 3 of x). */
export function splitAddress(address: string): { base: string; offset: number } {
  const plus = address.lastIndexOf('+');
  return plus < 0 ? { base: address, offset: 0 } : { base: address.slice(0, plus), offset: Number(address.slice(plus + 1)) };
}
