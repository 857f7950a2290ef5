/**
 * Read rules (src/search/candidate.ts ReadRules) for a POWER event structure:
 * facts every consistent execution obeys that let the search give a
 * reservation's read its one source and skip sources a branch outcome of the
 * path already excludes, instead of enumerating lock words' coherence orders
 * blindly.
 */
import type { InitState, Prop, Value } from '../ir/program.ts';
import type { ReadRules } from '../search/candidate.ts';
import { constant, evaluate, type Expr, operation } from './expr.ts';
import type { EventStructure, ThreadConstraint } from './structure.ts';

type RulesTest = { init: InitState; filter: Prop | null };

/**
 * The structure's read rules, or null when some read admits none of the values
 * its location can hold (every write to it storing a constant): then no
 * execution of the structure is counted, like -C's failed cmpxchg paths under
 * `filter 0:r2=0`.
 */
export function ppcReadRules(test: RulesTest, s: EventStructure): ReadRules | null {
  const requiredValue = requiredValues(test, s);
  return requiredValue && { atomicWrite: reservationWrites(s), requiredValue, initial: test.init.memory };
}

/**
 * Each lwarx read → the stwcx. write that completes its reservation (stdlib.cat
 * lxsx: the next exclusive event of its thread), when no other access of the
 * thread to the location lies between them. Then ppc.cat:10 (`empty rmw &
 * (fre;coe)`) and coherence leave the read one source, the write just before
 * its own in co (the initial value when its own is first): a write w' of
 * another thread between that source and the stwcx. is fre then coe; one of
 * the same thread is po-before the read (CoWR) or po-after the stwcx. (CoWW).
 */
function reservationWrites(s: EventStructure): Map<number, number> {
  const pairs = new Map<number, number>();
  for (const r of s.events) {
    if (r.kind !== 'R' || !r.exclusive) continue;
    const next = s.events.find((e) => e.thread === r.thread && e.id > r.id && (e.exclusive || e.location === r.location));
    if (next?.kind === 'W' && next.exclusive && next.location === r.location) pairs.set(r.id, next.id);
  }
  return pairs;
}

/**
 * Reads whose path constraints (branch outcomes: a spin lock's `cmpwi; bne`
 * saw "unlocked") or filter conjuncts (`filter 0:r2=0` on the register an
 * xchg loaded) depend on them alone and admit exactly one of the constant
 * values the location can hold (its initial value and the constants stored to
 * it). A source storing another constant gives a candidate the value solver
 * drops (a false constraint) or herd leaves uncounted (a false filter).
 */
function requiredValues(test: RulesTest, s: EventStructure): Map<number, Value> | null {
  const admitted = new Map<number, Set<Value>>();
  for (const { thread, expr } of [...s.constraints, ...filterConstraints(test.filter, s)]) {
    const reads = readsOf(expr);
    if (reads.size !== 1) continue;
    const [local] = reads;
    const read = s.firstEvent[thread]! + local!;
    const candidates = admitted.get(read) ?? storableConstants(test, s, s.events[read]!.location);
    admitted.set(read, new Set([...candidates].filter((v) => holdsOrUndecidable(expr, v))));
  }
  const required = new Map<number, Value>();
  for (const [read, values] of admitted) {
    if (values.size === 0 && onlyConstantsStored(s, s.events[read]!.location)) return null;
    if (values.size === 1) required.set(read, [...values][0]!);
  }
  return required;
}

/** The filter's conjuncts `t:r = v` as constraints on thread t's final value of r. */
function filterConstraints(filter: Prop | null, s: EventStructure): ThreadConstraint[] {
  if (filter === null) return [];
  if (filter.kind === 'and') return [...filterConstraints(filter.left, s), ...filterConstraints(filter.right, s)];
  if (filter.kind !== 'atom' || filter.loc.kind !== 'reg' || !filter.equal) return [];
  const { thread, reg } = filter.loc;
  const final = s.paths[thread]?.finalRegisters.get(reg);
  return final ? [{ thread, expr: operation('equal', [final, constant(filter.value)]) }] : [];
}

function storableConstants(test: { init: InitState }, s: EventStructure, location: string): Set<Value> {
  const values = new Set<Value>([test.init.memory.get(location) ?? 0]);
  for (const w of s.writesTo.get(location)!) {
    const stored = s.events[w]!.source.value;
    if (stored.kind === 'const') values.add(stored.value);
  }
  return values;
}

const onlyConstantsStored = (s: EventStructure, location: string): boolean =>
  s.writesTo.get(location)!.every((w) => s.events[w]!.source.value.kind === 'const');

/** Whether the constraint holds when its one read returns `value`; a value it cannot evaluate is kept, so the solver still reports it. */
function holdsOrUndecidable(expr: Expr, value: Value): boolean {
  try {
    return evaluate(expr, () => value) === 1;
  } catch {
    return true;
  }
}

function readsOf(expr: Expr, into = new Set<number>()): Set<number> {
  if (expr.kind === 'read') into.add(expr.event);
  else if (expr.kind === 'op') for (const a of expr.args) readsOf(a, into);
  return into;
}
