/**
 * Event structures: one control path per thread, combined, with every memory
 * event's location fixed. Everything here is independent of rf and co, so it
 * is computed once per structure and shared by all its candidate executions:
 * program order, dependencies and fence relations as herd's ppc.cat sees them.
 */
import { LitmusError } from '../diagnostics.ts';
import type { LitmusTest, Value } from '../ir/program.ts';
import { EventSet, Relation } from '../relations/relation.ts';
import type { AccessRead, CellLayout, ReadRules } from '../search/candidate.ts';
import { constant, type Expr, operation } from './expr.ts';
import { type ByteRange, cellName, cellsCovering, footprint, initialCells, memoryLayout, type MemoryLayout } from './mixed.ts';
import type { DepSet, PathEvent, ThreadPath, ThreadPaths } from './paths.ts';
import { ppcReadRules } from './ppc-read-rules.ts';

export interface StructureEvent {
  id: number;
  thread: number;
  kind: 'R' | 'W';
  /** The variable; for an access to a split variable (src/events/mixed.ts), the cell this event is the access's part of. */
  location: string;
  exclusive: boolean;
  /**
   * The instruction's access. The events of one access to a split variable
   * share it; a write's part stores its bytes of the access's value.
   */
  source: PathEvent;
  /** For a part of an access to a split variable: the variable, the access's bytes and this part's. */
  part?: { variable: string; access: ByteRange; cell: ByteRange };
}

/**
 * What a structure with split variables adds: the cells, as the search and
 * values need them (CellLayout), and the relations that see whole accesses.
 */
export interface MixedStructure extends CellLayout {
  /** sm: the events of one access (each event with itself included). */
  sameAccess: Relation;
  /** po-loc between whole accesses: po between accesses that share a byte. */
  poLocAccess: Relation;
}

/** A condition on read values, evaluated in the thread's own read numbering. */
export interface ThreadConstraint {
  thread: number;
  expr: Expr;
}

export interface EventStructure {
  events: StructureEvent[];
  /** The path each thread takes. */
  paths: ThreadPath[];
  /** Some thread's path was cut by the unroll bound. */
  cutOff: boolean;
  /** Global id of each thread's first event; thread t's local event i is firstEvent[t] + i. */
  firstEvent: number[];
  /** Branch outcomes and guessed addresses this structure assumes. */
  constraints: ThreadConstraint[];
  /** Events per location, writes and reads, in id order. */
  writesTo: Map<string, number[]>;
  readsFrom: Map<string, number[]>;
  reads: EventSet;
  writes: EventSet;
  exclusives: EventSet;
  po: Relation;
  sameThread: Relation;
  poLoc: Relation;
  addr: Relation;
  data: Relation;
  ctrl: Relation;
  ctrlIsync: Relation;
  sync: Relation;
  lwsync: Relation;
  eieio: Relation;
  /**
   * Write→read pairs with a fence or branch commit X between two lwsyncs.
   * herd's po, hence fencerel(LWSYNC), ranges over those events too, so such a
   * pair stays ordered through X (W -lwsync-> X -lwsync-> R) although
   * ppc.cat removes W*R from lwsync itself.
   */
  lwsyncAroundEvent: Relation;
  /** Present when some variable is split into cells (accessed with several footprints). */
  cells?: MixedStructure;
  /** Reservation pairs and branch-required values the search may use (src/events/ppc-read-rules.ts). */
  readRules?: ReadRules;
}

/**
 * Every event structure of the test: the product of the threads' paths, where a
 * path whose event addresses depend on read values is split into one variant
 * per location each such address may denote (checked later as a constraint).
 */
export function* eventStructures(test: LitmusTest, threads: ThreadPaths[]): Generator<EventStructure> {
  const variants = threads.map((t) => t.paths.flatMap((path) => addressVariants(test, path)));
  const layout = memoryLayout(test, variants.flat().flatMap((v) => v.path.events.map((event, i) => ({
    address: v.locations[i]!, event, guessed: event.address.kind !== 'const',
  }))));
  const choice = variants.map(() => 0);
  if (variants.some((v) => v.length === 0)) return;
  for (;;) {
    // Pushed, not mapped: map() in optimised code gives a holey array in Node 20 (README, Speed), and buildStructure was optimised on packed ones.
    const chosen: PathVariant[] = [];
    for (let t = 0; t < variants.length; t++) chosen.push(variants[t]![choice[t]!]!);
    const structure = buildStructure(test, chosen, layout);
    // The read rules give a read one source write; a read of a variable split
    // into cells takes its bytes from several, so a mixed structure has none.
    if (structure.cells) yield structure;
    else {
      const readRules = ppcReadRules(test, structure);
      // Set on the structure, not spread into a copy: a copy with a property added gets a map of its own in Node 20 (README, Speed).
      if (readRules) {
        structure.readRules = readRules;
        yield structure;
      }
    }
    let t = variants.length - 1;
    while (t >= 0 && ++choice[t]! === variants[t]!.length) choice[t--] = 0;
    if (t < 0) return;
  }
}

interface PathVariant {
  path: ThreadPath;
  locations: string[];
  constraints: Expr[];
}

function addressVariants(test: LitmusTest, path: ThreadPath): PathVariant[] {
  let variants: PathVariant[] = [{ path, locations: [], constraints: path.constraints }];
  for (const event of path.events) {
    const address = event.address;
    if (address.kind === 'const') {
      if (typeof address.value !== 'string') {
        const { line, col, text } = event.instr.source;
        throw new LitmusError('input', `this access's address is ${address.value}, not a location: initialise the address register with a location (e.g. 0:r2=x)`, test.file, line, col, text.length);
      }
      const loc = address.value;
      // Every field written out, as in the other two variant literals: a spread copy would get a map of its own (see fork in paths.ts).
      variants = variants.map((v) => ({ path: v.path, locations: [...v.locations, loc], constraints: v.constraints }));
      continue;
    }
    variants = variants.flatMap((v) => test.sharedLocations.map((loc) => ({
      path,
      locations: [...v.locations, loc],
      constraints: [...v.constraints, operation('equal', [address, constant(loc)])],
    })));
  }
  return variants;
}

function buildStructure(test: LitmusTest, variants: PathVariant[], layout: MemoryLayout): EventStructure {
  const { events, firstEvent, constraints, partsOf } = structureEvents(variants, layout);
  const n = events.length;
  const writesTo = new Map<string, number[]>();
  const readsFrom = new Map<string, number[]>();
  for (const e of events) {
    const byLoc = e.kind === 'W' ? writesTo : readsFrom;
    byLoc.set(e.location, [...(byLoc.get(e.location) ?? []), e.id]);
    if (e.kind === 'W' && !readsFrom.has(e.location)) readsFrom.set(e.location, []);
    if (e.kind === 'R' && !writesTo.has(e.location)) writesTo.set(e.location, []);
  }
  // A read's dependency bit i is the thread's path event i: one event, or its parts.
  const dependencySources = layout ? (thread: number, i: number) => partsOf[thread]![i]! : (thread: number, i: number) => [firstEvent[thread]! + i];
  const reads = new EventSet(n), writes = new EventSet(n), exclusives = new EventSet(n);
  for (const e of events) {
    (e.kind === 'R' ? reads : writes).add(e.id);
    if (e.exclusive) exclusives.add(e.id);
  }
  const structure: EventStructure = {
    events, paths: variants.map((v) => v.path), cutOff: variants.some((v) => v.path.cutOff), firstEvent, constraints, writesTo, readsFrom,
    reads, writes, exclusives,
    ...threadRelations(events, variants, dependencySources),
  };
  if (layout) structure.cells = mixedStructure(test, structure, layout, partsOf);
  return structure;
}

/**
 * The structure's events, thread by thread: one per access, or with split
 * variables one per cell the access covers (partsOf: per thread, per path
 * event, its events).
 */
function structureEvents(variants: PathVariant[], layout: MemoryLayout) {
  const events: StructureEvent[] = [];
  const firstEvent: number[] = [];
  const constraints: ThreadConstraint[] = [];
  const partsOf: number[][][] = [];
  variants.forEach((v, thread) => {
    firstEvent.push(events.length);
    for (const expr of v.constraints) constraints.push({ thread, expr });
    if (!layout) {
      // The single-size path: one event per access, at its address.
      v.path.events.forEach((source, i) => {
        events.push({ id: events.length, thread, kind: source.kind, location: v.locations[i]!, exclusive: source.exclusive, source });
      });
      return;
    }
    partsOf.push(v.path.events.map((source, i) => {
      const { variable, bytes } = footprint(v.locations[i]!, source.size);
      const split = layout.get(variable);
      if (!split) {
        events.push({ id: events.length, thread, kind: source.kind, location: variable, exclusive: source.exclusive, source });
        return [events.length - 1];
      }
      return cellsCovering(split, bytes).map((cell) => {
        // A write's part stores its bytes of the value; a read's part is read back by CellLayout.reads.
        const part = source.kind === 'W'
          ? { ...source, value: operation('bytes', [source.value], [cell.from - bytes.from, cell.to - cell.from, source.size]) }
          : source;
        events.push({ id: events.length, thread, kind: source.kind, location: cellName(variable, cell), exclusive: source.exclusive, source: part, part: { variable, access: bytes, cell } });
        return events.length - 1;
      });
    }));
  });
  return { events, firstEvent, constraints, partsOf };
}

/** Program order, dependencies and fence relations: everything between a thread's own events. */
function threadRelations(events: StructureEvent[], variants: PathVariant[], dependencySources: (thread: number, i: number) => number[]) {
  const n = events.length;
  const po = new Relation(n), sameThread = new Relation(n), poLoc = new Relation(n);
  const addr = new Relation(n), data = new Relation(n), ctrl = new Relation(n), ctrlIsync = new Relation(n);
  const sync = new Relation(n), lwsync = new Relation(n), eieio = new Relation(n), lwsyncAroundEvent = new Relation(n);
  const fenceRel = { sync, lwsync, eieio };
  for (const a of events) {
    const path = variants[a.thread]!.path;
    for (const b of events) {
      if (a.thread !== b.thread) continue;
      sameThread.add(a.id, b.id);
      // The parts of one access are one instruction's: no po between them.
      if (a.source.index >= b.source.index) continue;
      po.add(a.id, b.id);
      if (a.location === b.location) poLoc.add(a.id, b.id);
      // fencerel(F) = (po & (_ * F)); po: some fence F lies between a and b.
      for (const f of path.fences) {
        if (f.kind !== 'isync' && a.source.index < f.position && f.position <= b.source.index) fenceRel[f.kind].add(a.id, b.id);
      }
      if (a.kind === 'W' && b.kind === 'R' && lwsyncsAroundEvent(path, a.source.index, b.source.index)) lwsyncAroundEvent.add(a.id, b.id);
    }
    addDependencies(a.source.addrDeps, dependencySources, a, addr);
    addDependencies(a.source.dataDeps, dependencySources, a, data);
    addDependencies(a.source.ctrlDeps, dependencySources, a, ctrl);
    addDependencies(a.source.ctrlIsyncDeps, dependencySources, a, ctrlIsync);
  }
  return { po, sameThread, poLoc, addr, data, ctrl, ctrlIsync, sync, lwsync, eieio, lwsyncAroundEvent };
}

/** Adds an edge to `target` from every event behind a bit of `deps`. */
function addDependencies(deps: DepSet, sources: (thread: number, i: number) => number[], target: StructureEvent, rel: Relation): void {
  if (deps === 0n) return;
  // One conversion instead of a BigInt shift per bit.
  const bits = deps.toString(2);
  for (let i = 0; i < bits.length; i++) {
    if (bits.charCodeAt(bits.length - 1 - i) !== 49 /* '1' */) continue;
    for (const from of sources(target.thread, i)) rel.add(from, target.id);
  }
}

function mixedStructure(test: LitmusTest, s: EventStructure, layout: NonNullable<MemoryLayout>, partsOf: number[][][]): MixedStructure {
  const n = s.events.length;
  const sameAccess = new Relation(n), poLocAccess = new Relation(n);
  const overlap = (a: StructureEvent, b: StructureEvent): boolean => {
    if (!a.part || !b.part) return a.location === b.location;
    return a.part.variable === b.part.variable && a.part.access.from < b.part.access.to && b.part.access.from < a.part.access.to;
  };
  for (const a of s.events) {
    for (const b of s.events) {
      if (a.thread !== b.thread) continue;
      if (a.source.index === b.source.index) sameAccess.add(a.id, b.id);
      else if (s.po.has(a.id, b.id) && overlap(a, b)) poLocAccess.add(a.id, b.id);
    }
  }
  const reads: AccessRead[][] = partsOf.map((thread) => thread.map((ids) => {
    const first = s.events[ids[0]!]!;
    if (!first.part) return { ids, counts: null, signExtend: 0 };
    const instr = first.source.instr;
    return {
      ids,
      counts: ids.map((id) => s.events[id]!.part!.cell.to - s.events[id]!.part!.cell.from),
      signExtend: instr.kind === 'load' && instr.signExtend ? first.source.size : 0,
    };
  }));
  const initial = new Map<string, Value>();
  const variables = new Map<string, { cells: string[]; counts: number[] }>();
  for (const variable of layout.values()) {
    for (const [cell, value] of initialCells(test, variable)) initial.set(cell, value);
    variables.set(variable.name, { cells: variable.cells.map((c) => cellName(variable.name, c)), counts: variable.cells.map((c) => c.to - c.from) });
  }
  return { sameAccess, poLocAccess, reads, initial, variables };
}

/** Whether some fence or branch commit lies between two lwsyncs that both lie between memory events `from` and `to`. */
function lwsyncsAroundEvent(path: ThreadPath, from: number, to: number): boolean {
  const lwsyncs = path.fences.filter((f) => f.kind === 'lwsync' && from < f.position && f.position <= to);
  if (lwsyncs.length < 2) return false;
  const [first, last] = [lwsyncs[0]!.order, lwsyncs[lwsyncs.length - 1]!.order];
  return [...path.fences, ...path.commits].some((x) => first < x.order && x.order < last);
}
