/**
 * Mixed-size memory: which variables are accessed with more than one
 * footprint (byte range), and how each such variable is cut into cells.
 *
 * A variable whose accesses all cover it whole, with one size, is one cell,
 * as it always was here and in herd's default semantics (so are untyped
 * variables accessed as words and doublewords at their address only: herd's
 * default semantics make that one cell, and the 6,184-test PPC parity rests
 * on it). Any other variable is *split*: its bytes are cut at every boundary
 * of every access to it (big-endian: byte 0 is the most significant), and
 * each piece is a cell, a location of its own for rf and co. An access
 * becomes one event per cell it covers. Cutting at the accesses' boundaries
 * rather than into single bytes loses nothing: two bytes that every access
 * covers or misses together cannot differ in rf or co without tearing an
 * access, which single-copy atomicity forbids (src/model/ppc.ts).
 */
import { LitmusError } from '../diagnostics.ts';
import { splitAddress } from '../ir/location.ts';
import { type AccessSize, integerValue, type LitmusTest, type Value } from '../ir/program.ts';
import type { PathEvent } from './paths.ts';

/** Bytes from..to-1 of a variable. */
export interface ByteRange {
  from: number;
  to: number;
}

export interface SplitVariable {
  name: string;
  /** Its size in bytes: declared, or the smallest word or doubleword its accesses fit in. */
  size: number;
  /** Its cells, first byte first, covering it whole. */
  cells: ByteRange[];
}

/** One access as the structure sees it: its address (`x`, `x+3`) and whether that was guessed from a read value. */
export interface LaidOutAccess {
  address: string;
  event: PathEvent;
  guessed: boolean;
}

/** The split variables of a test, by name; null when there are none (every single-size test). */
export type MemoryLayout = Map<string, SplitVariable> | null;

export function cellName(variable: string, cell: ByteRange): string {
  return cell.to - cell.from === 1 ? `${variable}[${cell.from}]` : `${variable}[${cell.from}..${cell.to - 1}]`;
}

export function footprint(address: string, size: AccessSize): { variable: string; bytes: ByteRange } {
  const { base, offset } = splitAddress(address);
  return { variable: base, bytes: { from: offset, to: offset + size } };
}

export function cellsCovering(variable: SplitVariable, bytes: ByteRange): ByteRange[] {
  return variable.cells.filter((c) => c.from >= bytes.from && c.to <= bytes.to);
}

export function memoryLayout(test: LitmusTest, accesses: Iterable<LaidOutAccess>): MemoryLayout {
  const byVariable = new Map<string, { bytes: ByteRange; access: LaidOutAccess }[]>();
  for (const access of accesses) {
    const { variable, bytes } = footprint(access.address, access.event.size);
    let list = byVariable.get(variable);
    if (!list) byVariable.set(variable, (list = []));
    list.push({ bytes, access });
  }
  const split = new Map<string, SplitVariable>();
  for (const [name, list] of byVariable) {
    const declared = test.init.sizes?.get(name);
    const first = list[0]!.bytes;
    const oneFootprint = list.every((a) => a.bytes.from === first.from && a.bytes.to === first.to);
    if (oneFootprint && first.from === 0 && (declared === undefined || declared === first.to)) continue;
    if (declared === undefined && list.every((a) => a.bytes.from === 0 && a.access.event.size >= 4)) continue;
    const size = declared ?? Math.max(4, ...list.map((a) => (a.bytes.to > 4 ? 8 : 4)));
    const boundaries = new Set([0, size]);
    for (const { bytes, access } of list) {
      const fail = (message: string): never => {
        const { line, col, text } = access.event.instr.source;
        throw new LitmusError('unsupported', message, test.file, line, col, text.length);
      };
      const extent = `this ${access.event.size}-byte access to ${access.address}`;
      if (access.guessed) fail(`${extent} has an address computed from a read value, in a variable accessed with several sizes: not supported`);
      if (bytes.to > size) fail(`${extent} goes past the end of ${name} (${size} bytes${declared === undefined ? ', from its accesses' : ''})`);
      if (bytes.from % access.event.size !== 0) fail(`${extent} is not aligned: only aligned accesses are single-copy atomic, misaligned ones are not modelled`);
      boundaries.add(bytes.from).add(bytes.to);
    }
    const initial = test.init.memory.get(name);
    if (typeof initial === 'string') {
      const { line, col, text } = list[0]!.access.event.instr.source;
      throw new LitmusError('unsupported', `${name} holds the address of ${initial} and is accessed with several sizes: not supported`, test.file, line, col, text.length);
    }
    const cuts = [...boundaries].sort((a, b) => a - b);
    split.set(name, { name, size, cells: cuts.slice(1).map((to, i) => ({ from: cuts[i]!, to })) });
  }
  return split.size === 0 ? null : split;
}

/** The initial value of each cell of a split variable: its bytes of the variable's initial value, big-endian. */
export function initialCells(test: LitmusTest, variable: SplitVariable): Map<string, Value> {
  const whole = BigInt.asUintN(8 * variable.size, BigInt(test.init.memory.get(variable.name) ?? 0));
  return new Map(variable.cells.map((c) => [
    cellName(variable.name, c),
    integerValue(BigInt.asUintN(8 * (c.to - c.from), whole >> BigInt(8 * (variable.size - c.to)))),
  ]));
}
