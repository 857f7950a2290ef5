/**
 * Thread symmetry. When rotating the threads by one (thread t becomes t+1
 * mod n) together with a renaming σ of the locations maps the test onto
 * itself, as in a ring where every CPU takes the same lock, that rotation g
 * maps executions to executions: same verdict, same flags, and a final state
 * that is the image of the other's. If some location L is its own image
 * (the lock word), each execution that writes L has one thread that writes
 * L first in co, and g^k moves that thread by k. So the executions whose
 * first write to L is thread 0's, each with its images under g, g^2, …,
 * g^(n-1), are, each exactly once, every execution that writes L: the search
 * visits a fraction 1/n of them and the outcomes count the images
 * (src/outcome/collect.ts, OutcomeCollector.add). Executions that never
 * write L are visited as they are.
 *
 * The symmetry is found on the per-thread paths, which hold everything the
 * event structures are built from but the test's initial state and its
 * lock words, checked beside them.
 */
import { addressAt, locationName, splitAddress } from '../ir/location.ts';
import type { InitState, Location, Value } from '../ir/program.ts';

export interface Symmetry {
  threads: number;
  /** The location σ keeps, whose first write in co the search takes from thread 0 only. */
  pivot: string;
  /** σ: each location's image under a rotation by one thread; a location not listed is its own. */
  rename: ReadonlyMap<string, string>;
}

/** What the symmetry needs of a test, PPC or kernel C. */
export interface SymmetricTest {
  init: InitState;
  filter: unknown;
  /** Kernel C's spinlock words; a PPC test has none. */
  lockLocations?: ReadonlySet<string>;
}

/**
 * Path fields that tell where an event came from (an instruction, a C
 * statement, a thread number) rather than what it does: they differ between
 * threads running the same code. What the structures read of them (a
 * load's sign extension, for mixed-size cells) is only read when variables
 * are split into cells, where the engine does not use symmetry.
 */
const PROVENANCE = new Set(['instr', 'source', 'thread']);

/**
 * The rotation symmetry of a test, or null when it has none the search can
 * use: no filter (it prunes partial candidates, and need not be symmetric),
 * the observed locations closed under the rotation, and a location that σ
 * keeps and some thread writes.
 */
export function findRotationSymmetry(test: SymmetricTest, paths: readonly (readonly object[])[], observed: readonly Location[]): Symmetry | null {
  const n = paths.length;
  if (n < 2 || test.filter !== null) return null;
  const rename = new Map<string, string>();
  const images = new Set<string>();
  const bind = (from: string, to: string): boolean => {
    const known = rename.get(from);
    if (known !== undefined) return known === to;
    if (images.has(to)) return false;
    rename.set(from, to);
    images.add(to);
    return true;
  };
  const renameValue = (from: Value, to: Value): boolean => {
    if (typeof from !== 'string' || typeof to !== 'string') return from === to;
    const a = splitAddress(from), b = splitAddress(to);
    return a.offset === b.offset && bind(a.base, b.base);
  };
  for (let t = 0; t < n; t++) {
    const next = (t + 1) % n;
    if (!correspond(paths[t], paths[next], renameValue)) return null;
    const regs = test.init.registers.get(t) ?? new Map<string, Value>(), nextRegs = test.init.registers.get(next) ?? new Map<string, Value>();
    if (regs.size !== nextRegs.size) return null;
    for (const [reg, value] of regs) if (!nextRegs.has(reg) || !renameValue(value, nextRegs.get(reg)!)) return null;
  }
  // σ permutes the locations it names, and keeps every other.
  if ([...rename.keys()].some((l) => !images.has(l))) return null;
  const image = (l: string) => rename.get(l) ?? l;
  const { memory, sizes } = test.init;
  for (const l of new Set([...memory.keys(), ...rename.keys()])) {
    if (rotatedValue(rename, memory.get(l) ?? 0) !== (memory.get(image(l)) ?? 0)) return null;
    if (sizes?.get(l) !== sizes?.get(image(l))) return null;
  }
  if ([...(test.lockLocations ?? [])].some((l) => !test.lockLocations!.has(image(l)))) return null;
  const pivot = writtenLocations(paths[0]!).find((l) => image(l) === l);
  if (pivot === undefined) return null;
  const symmetry = { threads: n, pivot, rename };
  const names = new Set(observed.map(locationName));
  return observed.every((loc) => names.has(locationName(rotatedLocation(symmetry, loc)))) ? symmetry : null;
}

/** A value after one rotation: an address names σ's image of its location. */
export function rotatedValue(rename: ReadonlyMap<string, string>, value: Value): Value {
  if (typeof value !== 'string') return value;
  const { base, offset } = splitAddress(value);
  return addressAt(rename.get(base) ?? base, offset);
}

/** Where a location goes under one rotation: a register to the next thread's, memory to σ's image. */
export function rotatedLocation(symmetry: Symmetry, loc: Location): Location {
  return loc.kind === 'reg' ? { ...loc, thread: (loc.thread + 1) % symmetry.threads } : { kind: 'mem', name: symmetry.rename.get(loc.name) ?? loc.name };
}

/**
 * Whether two paths (or lists of them) are the same up to provenance and
 * the location renaming `values` checks (and extends) on constant values,
 * where every location a path names is an address.
 */
function correspond(a: unknown, b: unknown, values: (a: Value, b: Value) => boolean): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => correspond(x, b[i], values));
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [key, value] of a) if (!b.has(key) || !correspond(value, b.get(key), values)) return false;
    return true;
  }
  const x = a as Record<string, unknown>, y = b as Record<string, unknown>;
  if (x.kind === 'const' && y.kind === 'const' && 'value' in x) return values(x.value as Value, y.value as Value);
  const keys = Object.keys(x).filter((k) => !PROVENANCE.has(k));
  if (keys.length !== Object.keys(y).filter((k) => !PROVENANCE.has(k)).length) return false;
  return keys.every((k) => k in y && correspond(x[k], y[k], values));
}

/** The locations a thread's paths write at a constant address, sorted. */
function writtenLocations(paths: readonly object[]): string[] {
  const written = new Set<string>();
  for (const path of paths as readonly { events: readonly { kind: string; address: { kind: string; value?: Value } | null }[] }[]) {
    for (const e of path.events) {
      if (e.kind === 'W' && e.address?.kind === 'const' && typeof e.address.value === 'string') written.add(splitAddress(e.address.value).base);
    }
  }
  return [...written].sort();
}
