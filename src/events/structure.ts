/**
 * Event structures: one control path per thread, combined, with every memory
 * event's location fixed. Everything here is independent of rf and co, so it
 * is computed once per structure and shared by all its candidate executions:
 * program order, dependencies and fence relations as herd's ppc.cat sees them.
 */
import { LitmusError } from '../diagnostics.ts';
import type { LitmusTest } from '../ir/program.ts';
import { EventSet, Relation } from '../relations/relation.ts';
import type { ReadRules } from '../search/candidate.ts';
import { constant, type Expr, operation } from './expr.ts';
import type { DepSet, PathEvent, ThreadPath, ThreadPaths } from './paths.ts';
import { ppcReadRules } from './ppc-read-rules.ts';

export interface StructureEvent {
  id: number;
  thread: number;
  kind: 'R' | 'W';
  location: string;
  exclusive: boolean;
  source: PathEvent;
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
  rejectMixedSizes(test, variants.flat());
  const choice = variants.map(() => 0);
  if (variants.some((v) => v.length === 0)) return;
  for (;;) {
    const structure = buildStructure(variants.map((v, t) => v[choice[t]!]!));
    const readRules = ppcReadRules(test, structure);
    if (readRules) yield { ...structure, readRules };
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
      variants = variants.map((v) => ({ ...v, locations: [...v.locations, loc] }));
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

/**
 * Accesses of different sizes to one location need mixed-size semantics, which
 * are not modelled yet. herd7's default semantics treat every access as one to
 * the whole cell at its address; for word and doubleword accesses (`lwz`/`ld`,
 * mixed in herd's own catalogue) we do the same, as conformance requires. A
 * byte or halfword access meeting another size is refused: treating a byte
 * store as a store of the whole word is exactly the mis-modelling the IPI
 * message byte would suffer.
 */
function rejectMixedSizes(test: LitmusTest, variants: PathVariant[]): void {
  const sizes = new Map<string, PathEvent>();
  for (const v of variants) {
    v.path.events.forEach((event, i) => {
      const location = v.locations[i]!;
      const first = sizes.get(location);
      if (!first) sizes.set(location, event);
      else if (first.size !== event.size && Math.min(first.size, event.size) < 4) {
        const { line, col, text } = event.instr.source;
        throw new LitmusError('unsupported',
          `mixed-size accesses are not modelled yet: this ${event.size}-byte access to ${location} meets a ${first.size}-byte one (${first.instr.source.text}, line ${first.instr.source.line})`,
          test.file, line, col, text.length);
      }
    });
  }
}

function buildStructure(variants: PathVariant[]): EventStructure {
  const events: StructureEvent[] = [];
  const firstEvent: number[] = [];
  const constraints: ThreadConstraint[] = [];
  variants.forEach((v, thread) => {
    firstEvent.push(events.length);
    for (const expr of v.constraints) constraints.push({ thread, expr });
    v.path.events.forEach((source, i) => {
      events.push({ id: events.length, thread, kind: source.kind, location: v.locations[i]!, exclusive: source.exclusive, source });
    });
  });
  const n = events.length;
  const writesTo = new Map<string, number[]>();
  const readsFrom = new Map<string, number[]>();
  for (const e of events) {
    const byLoc = e.kind === 'W' ? writesTo : readsFrom;
    byLoc.set(e.location, [...(byLoc.get(e.location) ?? []), e.id]);
    if (e.kind === 'W' && !readsFrom.has(e.location)) readsFrom.set(e.location, []);
    if (e.kind === 'R' && !writesTo.has(e.location)) writesTo.set(e.location, []);
  }

  const po = new Relation(n), sameThread = new Relation(n), poLoc = new Relation(n);
  const addr = new Relation(n), data = new Relation(n), ctrl = new Relation(n), ctrlIsync = new Relation(n);
  const sync = new Relation(n), lwsync = new Relation(n), eieio = new Relation(n), lwsyncAroundEvent = new Relation(n);
  const fenceRel = { sync, lwsync, eieio };
  const depsOf = (deps: DepSet, thread: number, target: number, rel: Relation): void => {
    for (let i = 0; deps >> BigInt(i) !== 0n; i++) {
      if ((deps >> BigInt(i)) & 1n) rel.add(firstEvent[thread]! + i, target);
    }
  };
  for (const a of events) {
    for (const b of events) {
      if (a.thread !== b.thread) continue;
      sameThread.add(a.id, b.id);
      if (a.id >= b.id) continue;
      po.add(a.id, b.id);
      if (a.location === b.location) poLoc.add(a.id, b.id);
      // fencerel(F) = (po & (_ * F)); po: some fence F lies between a and b.
      for (const f of variants[a.thread]!.path.fences) {
        if (f.kind !== 'isync' && a.source.index < f.position && f.position <= b.source.index) fenceRel[f.kind].add(a.id, b.id);
      }
      if (a.kind === 'W' && b.kind === 'R' && lwsyncsAroundEvent(variants[a.thread]!.path, a.source.index, b.source.index)) lwsyncAroundEvent.add(a.id, b.id);
    }
    depsOf(a.source.addrDeps, a.thread, a.id, addr);
    depsOf(a.source.dataDeps, a.thread, a.id, data);
    depsOf(a.source.ctrlDeps, a.thread, a.id, ctrl);
    depsOf(a.source.ctrlIsyncDeps, a.thread, a.id, ctrlIsync);
  }
  return {
    events, paths: variants.map((v) => v.path), cutOff: variants.some((v) => v.path.cutOff), firstEvent, constraints, writesTo, readsFrom,
    reads: EventSet.of(n, events.filter((e) => e.kind === 'R').map((e) => e.id)),
    writes: EventSet.of(n, events.filter((e) => e.kind === 'W').map((e) => e.id)),
    exclusives: EventSet.of(n, events.filter((e) => e.exclusive).map((e) => e.id)),
    po, sameThread, poLoc, addr, data, ctrl, ctrlIsync, sync, lwsync, eieio, lwsyncAroundEvent,
  };
}

/** Whether some fence or branch commit lies between two lwsyncs that both lie between memory events `from` and `to`. */
function lwsyncsAroundEvent(path: ThreadPath, from: number, to: number): boolean {
  const lwsyncs = path.fences.filter((f) => f.kind === 'lwsync' && from < f.position && f.position <= to);
  if (lwsyncs.length < 2) return false;
  const [first, last] = [lwsyncs[0]!.order, lwsyncs[lwsyncs.length - 1]!.order];
  return [...path.fences, ...path.commits].some((x) => first < x.order && x.order < last);
}
