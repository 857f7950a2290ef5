/**
 * LKMM event structures: one C path per thread, combined, every access's
 * location fixed. What linux-kernel.bell and lock.cat compute from program
 * order alone — the event classes, po, po-loc, the dependencies and rmw — is
 * here, once per structure, for every candidate execution over it.
 */
import { LitmusError } from '../diagnostics.ts';
import type { LkmmTest } from '../ir/c-program.ts';
import { splitAddress } from '../ir/location.ts';
import type { Prop, Value } from '../ir/program.ts';
import { EventSet, Relation } from '../relations/relation.ts';
import type { CPathEvent, CThreadPath } from './c-paths.ts';
import { constant, type Expr, operation } from './expr.ts';
import type { ReadRules } from '../search/candidate.ts';
import type { ThreadConstraint } from './structure.ts';

export interface LkmmEvent {
  id: number;
  thread: number;
  kind: CPathEvent['kind'];
  /** The location of a memory or SRCU event; '' for a fence. */
  location: string;
  source: CPathEvent;
}

/** The event classes the LKMM's cat files name (linux-kernel.bell, lock.cat), as sets. */
export interface LkmmSets {
  R: EventSet;
  W: EventSet;
  M: EventSet;
  Once: EventSet;
  Acquire: EventSet;
  Release: EventSet;
  Noreturn: EventSet;
  RMW: EventSet;
  Marked: EventSet;
  Plain: EventSet;
  LKR: EventSet;
  LKW: EventSet;
  UL: EventSet;
  LF: EventSet;
  RU: EventSet;
  Srcu: EventSet;
  /** Fences by tag, SRCU events by tag. */
  tags: Map<string, EventSet>;
}

export interface LkmmStructure {
  events: LkmmEvent[];
  paths: CThreadPath[];
  cutOff: false;
  firstEvent: number[];
  constraints: ThreadConstraint[];
  writesTo: Map<string, number[]>;
  readsFrom: Map<string, number[]>;
  sets: LkmmSets;
  po: Relation;
  /** cat's `int`: same thread. */
  sameThread: Relation;
  /** cat's `loc`: same location (memory and SRCU events). */
  sameLocation: Relation;
  poLoc: Relation;
  addr: Relation;
  data: Relation;
  ctrl: Relation;
  /** bell's rmw (R* to W*) with lock.cat:44-45's lk-rmw (LKR to LKW). */
  rmw: Relation;
  readRules: ReadRules;
}

interface PathVariant {
  path: CThreadPath;
  locations: string[];
  constraints: Expr[];
}

export function* lkmmStructures(test: LkmmTest, threads: CThreadPath[][]): Generator<LkmmStructure> {
  const possible = possibleValues(test, threads);
  const variants = threads.map((paths) => paths.flatMap((path) => addressVariants(test, path, possible)));
  rejectMixedSizes(test, variants.flat());
  if (variants.some((v) => v.length === 0)) return;
  const choice = variants.map(() => 0);
  for (;;) {
    yield buildStructure(test, variants.map((v, t) => v[choice[t]!]!));
    let t = variants.length - 1;
    while (t >= 0 && ++choice[t]! === variants[t]!.length) choice[t--] = 0;
    if (t < 0) return;
  }
}

/**
 * The LKMM does not model mixed-size accesses (the kernel's
 * tools/memory-model/Documentation/litmus-tests.txt, LIMITATIONS item 2, and
 * herd7 ignores sizes under linux-kernel.cat): an access inside a variable
 * (`x+1`, a byte of it) or two sizes meeting at one location (COp.size, as
 * the lowering knows it from pointer types) is refused at the access, rather
 * than judged as if the bytes were separate variables or one. POWER models
 * them (--model power; src/events/mixed.ts).
 */
function rejectMixedSizes(test: LkmmTest, variants: PathVariant[]): void {
  const sized = new Map<string, CPathEvent>();
  for (const v of variants) {
    v.path.events.forEach((event, i) => {
      const location = v.locations[i]!;
      if (location === '') return;
      const fail = (what: string): never => {
        const { line, col, statement } = event.source;
        throw new LitmusError('unsupported', `${what}: the LKMM does not model mixed-size accesses (run it under POWER with --model power)`, test.file, line, col, Math.max(1, statement.length));
      };
      const { base, offset } = splitAddress(location);
      if (offset !== 0) fail(`this access is to byte ${offset} of ${base}`);
      if (event.size === null) return;
      const first = sized.get(location);
      if (!first) sized.set(location, event);
      else if (first.size !== event.size) fail(`this ${event.size}-byte access to ${location} meets a ${first.size}-byte one (line ${first.source.line})`);
    });
  }
}

/** The values an expression or location may have: a finite set, or any value. */
type ValueSet = Set<Value> | 'any';

/**
 * Per location, a superset of the values it can ever hold, by a fixpoint over
 * every path's writes: its initial value, each stored constant, and for a
 * value or address that is what a read returned, what the read's locations
 * can hold. A pointer can then only denote what was published to it, which
 * keeps address variants few in pointer-chasing tests.
 */
function possibleValues(test: LkmmTest, threads: CThreadPath[][]): Map<string, ValueSet> {
  const values = new Map<string, ValueSet>();
  for (const loc of test.sharedLocations) values.set(loc, new Set([test.init.memory.get(loc) ?? 0]));
  const of = (expr: Expr, path: CThreadPath): ValueSet => {
    if (expr.kind === 'const') return new Set([expr.value]);
    if (expr.kind !== 'read') return 'any';
    const address = path.events[expr.event]!.address;
    const locations = address === null ? 'any' : of(address, path);
    if (locations === 'any') return 'any';
    const result = new Set<Value>();
    for (const loc of locations) {
      const held = values.get(String(loc));
      if (held === 'any') return 'any';
      for (const v of held ?? []) result.add(v);
    }
    return result;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const paths of threads) {
      for (const path of paths) {
        for (const e of path.events) {
          if (e.kind !== 'W' || e.address === null) continue;
          const targets = of(e.address, path);
          const stored = of(e.value, path);
          for (const loc of targets === 'any' ? test.sharedLocations : [...targets].map(String)) {
            const held = values.get(loc);
            if (held === undefined || held === 'any') continue;
            if (stored === 'any') {
              values.set(loc, 'any');
              changed = true;
              continue;
            }
            for (const v of stored) {
              if (!held.has(v)) {
                held.add(v);
                changed = true;
              }
            }
          }
        }
      }
    }
  }
  return values;
}

/** A path whose addresses depend on read values, once per location each may denote (a constraint checks it later). */
function addressVariants(test: LkmmTest, path: CThreadPath, possible: Map<string, ValueSet>): PathVariant[] {
  const candidates = (address: Expr, locations: string[]): string[] => {
    // The common shape: the address is what a read of a location returned.
    if (address.kind === 'read') {
      const values = possible.get(locations[address.event]!);
      if (values && values !== 'any') return [...values].filter((v): v is string => typeof v === 'string' && test.sharedLocations.includes(v));
    }
    return test.sharedLocations;
  };
  // Every field written out, as in the other variant literals: a spread copy would get a map of its own (see fork in paths.ts).
  const withLocation = (v: PathVariant, loc: string): PathVariant => ({ path: v.path, locations: [...v.locations, loc], constraints: v.constraints });
  let variants: PathVariant[] = [{ path, locations: [], constraints: path.constraints }];
  for (const event of path.events) {
    const address = event.address;
    if (address === null) {
      variants = variants.map((v) => withLocation(v, ''));
      continue;
    }
    if (address.kind === 'const') {
      if (typeof address.value !== 'string') {
        const { line, col, statement } = event.source;
        throw new LitmusError('input', `this access's address is ${address.value}, not a location`, test.file, line, col, Math.max(1, statement.length));
      }
      const loc = address.value;
      variants = variants.map((v) => withLocation(v, loc));
      continue;
    }
    variants = variants.flatMap((v) => candidates(address, v.locations).map((loc) => ({
      path,
      locations: [...v.locations, loc],
      constraints: [...v.constraints, operation('equal', [address, constant(loc)])],
    })));
  }
  return variants;
}

function buildStructure(test: LkmmTest, variants: PathVariant[]): LkmmStructure {
  const events: LkmmEvent[] = [];
  const firstEvent: number[] = [];
  const constraints: ThreadConstraint[] = [];
  variants.forEach((v, thread) => {
    firstEvent.push(events.length);
    for (const expr of v.constraints) constraints.push({ thread, expr });
    v.path.events.forEach((source, i) => events.push({ id: events.length, thread, kind: source.kind, location: v.locations[i]!, source }));
  });
  const n = events.length;
  const writesTo = new Map<string, number[]>();
  const readsFrom = new Map<string, number[]>();
  for (const e of events) {
    if (e.kind !== 'R' && e.kind !== 'W') continue;
    for (const map of [writesTo, readsFrom]) if (!map.has(e.location)) map.set(e.location, []);
    (e.kind === 'W' ? writesTo : readsFrom).get(e.location)!.push(e.id);
  }
  const set = (keep: (e: LkmmEvent) => boolean): EventSet => EventSet.of(n, events.filter(keep).map((e) => e.id));
  const memory = (e: LkmmEvent): boolean => e.kind === 'R' || e.kind === 'W';
  const tags = new Map<string, EventSet>();
  for (const e of events) {
    if (e.kind !== 'F' && e.kind !== 'S') continue;
    if (!tags.has(e.source.tag)) tags.set(e.source.tag, new EventSet(n));
    tags.get(e.source.tag)!.add(e.id);
  }
  const lockClass = (c: string) => set((e) => e.source.lock === c);
  const rmw = new Relation(n);
  for (const e of events) if (e.source.rmwWrite !== null) rmw.add(e.id, firstEvent[e.thread]! + e.source.rmwWrite);
  const inRmw = new Set([...rmw.pairs()].flat());
  // linux-kernel.bell:82-84, with lock.cat:64-68 adding the lock events to R, W, Acquire and Release.
  const marked = set((e) => !memory(e) || e.source.tag !== 'plain' || inRmw.has(e.id) || e.source.lock !== null);
  const sets: LkmmSets = {
    R: set((e) => e.kind === 'R'),
    W: set((e) => e.kind === 'W'),
    M: set(memory),
    Once: set((e) => memory(e) && e.source.tag === 'once' && e.source.lock === null),
    Acquire: set((e) => (e.kind === 'R' && e.source.tag === 'acquire') || e.source.lock === 'LKR'),
    Release: set((e) => (e.kind === 'W' && e.source.tag === 'release') || e.source.lock === 'UL'),
    Noreturn: set((e) => e.kind === 'R' && e.source.tag === 'noreturn'),
    RMW: set((e) => e.source.rmwInstruction),
    Marked: marked,
    Plain: set((e) => memory(e) && !marked.has(e.id)),
    LKR: lockClass('LKR'),
    LKW: lockClass('LKW'),
    UL: lockClass('UL'),
    // lock.cat:37 let LF = LF | RL
    LF: set((e) => e.source.lock === 'LF' || e.source.lock === 'RL'),
    RU: lockClass('RU'),
    Srcu: set((e) => e.kind === 'S'),
    tags,
  };

  const po = new Relation(n), sameThread = new Relation(n), sameLocation = new Relation(n), poLoc = new Relation(n);
  const addr = new Relation(n), data = new Relation(n), ctrl = new Relation(n);
  const depsOf = (deps: bigint, thread: number, target: number, rel: Relation): void => {
    for (let i = 0; deps >> BigInt(i) !== 0n; i++) if ((deps >> BigInt(i)) & 1n) rel.add(firstEvent[thread]! + i, target);
  };
  for (const a of events) {
    for (const b of events) {
      const located = a.location !== '' && a.location === b.location;
      if (located) sameLocation.add(a.id, b.id);
      if (a.thread !== b.thread) continue;
      sameThread.add(a.id, b.id);
      if (a.id >= b.id) continue;
      po.add(a.id, b.id);
      if (located) poLoc.add(a.id, b.id);
    }
    depsOf(a.source.addrDeps, a.thread, a.id, addr);
    depsOf(a.source.dataDeps, a.thread, a.id, data);
    depsOf(a.source.ctrlDeps, a.thread, a.id, ctrl);
  }
  const atomicWrite = new Map<number, number>();
  for (const [read, write] of rmw.pairs()) atomicWrite.set(read, write);
  // A read the structure assumes returns a constant: a lock read (LOCK_READ_SEES), a conditional RMW's success or failure, a branch on `r == 1`.
  const requiredValue = new Map<number, Value>();
  const require = (thread: number, expr: Expr | undefined, value: Value): void => {
    if (expr?.kind === 'read' && !requiredValue.has(firstEvent[thread]! + expr.event)) requiredValue.set(firstEvent[thread]! + expr.event, value);
  };
  for (const { thread, expr } of constraints) {
    if (expr.kind !== 'op' || expr.op !== 'equal') continue;
    const [a, b] = expr.args as [Expr, Expr];
    if (b.kind === 'const') require(thread, a, b.value);
    else if (a.kind === 'const') require(thread, b, a.value);
  }
  // herd counts no execution the filter rejects: a filter conjunct `t:r=v` on a register holding a read's value is such an assumption too.
  const filterConjuncts = (prop: Prop | null): Prop[] => (prop === null ? [] : prop.kind === 'and' ? [...filterConjuncts(prop.left), ...filterConjuncts(prop.right)] : [prop]);
  for (const atom of filterConjuncts(test.filter)) {
    if (atom.kind === 'atom' && atom.equal && atom.loc.kind === 'reg') require(atom.loc.thread, variants[atom.loc.thread]?.path.finalRegisters.get(atom.loc.reg), atom.value);
  }
  return {
    events, paths: variants.map((v) => v.path), cutOff: false, firstEvent, constraints, writesTo, readsFrom, sets,
    po, sameThread, sameLocation, poLoc, addr, data, ctrl, rmw,
    readRules: { atomicWrite, requiredValue, initial: test.init.memory },
  };
}
