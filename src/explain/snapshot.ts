/**
 * A complete candidate execution kept for an explanation, in a form every
 * model shares: the events with their code and annotations, the program's
 * rows (fences that are no events, as PPC's, included), values and the base
 * relations of the model's vocabulary. The search reuses its candidate
 * objects, so everything an explanation prints is copied out while the
 * candidate is visited. Per-model builders: ppcSnapshot here, lkmmSnapshot in
 * lkmm-catalogue.ts.
 */
import type { EventStructure } from '../events/structure.ts';
import type { VisitedExecution } from '../engine.ts';
import type { Location, Value } from '../ir/program.ts';
import { finalValue } from '../outcome/collect.ts';
import type { Relation } from '../relations/relation.ts';
import { printValue } from '../report/syntax.ts';
import { baseRelations, type BaseRelations } from './base-relations.ts';
import { type AxiomCatalogue, PPC_CATALOGUE } from './catalogue.ts';
import { eventNames, instructionText } from './events.ts';

export interface SnapshotEvent {
  id: number;
  thread: number;
  /** R, W; for the LKMM also F (fences are events there) and S (SRCU). */
  kind: string;
  /** '' for a fence. */
  location: string;
  /** Position among its thread's events, from 0: the row a picture puts it in. */
  slot: number;
  /** The code behind it: a PPC instruction, or a C statement with its primitive. */
  code: string;
  /** Its kind with the model's annotations: `W`, `R[acquire]`, `W*[once]`, `F[mb]`, `LKW`. */
  annotated: string;
}

/** A line of a thread's program an explanation may show: an event, or a fence that is no event. */
export interface CodeRow {
  thread: number;
  /** Program order within the thread. */
  order: number;
  /** `P0:13`. */
  name: string;
  code: string;
  event: number | null;
  /** The fence kind or tag, for fence rows and fence events. */
  fence: string | null;
}

export interface ExecutionSnapshot {
  catalogue: AxiomCatalogue;
  events: SnapshotEvent[];
  threadCount: number;
  po: Relation;
  relations: BaseRelations;
  /** Per event: the value read or written; null for a fence. */
  values: (Value | null)[];
  /** Per event: `P1:20` and the like. */
  names: string[];
  /** Every row, thread by thread in program order. */
  rows: CodeRow[];
  /** The locations the outcome and `locations [...]` mention, with their final values. */
  finalState: { location: Location; value: Value }[];
}

/** A PPC execution under ppc.cat. */
export function snapshot(observed: readonly Location[], execution: VisitedExecution): ExecutionSnapshot {
  const { candidate, values, verdict } = execution;
  const structure: EventStructure = candidate.structure;
  const names = eventNames(structure);
  const rows: CodeRow[] = [];
  structure.paths.forEach((path, thread) => {
    for (const fence of path.fences) {
      rows.push({ thread, order: 2 * fence.position, name: `P${thread}:${fence.instr.source.line}`, code: instructionText(fence.instr), event: null, fence: fence.kind });
    }
  });
  const events = structure.events.map((e): SnapshotEvent => {
    const code = instructionText(e.source.instr);
    rows.push({ thread: e.thread, order: 2 * e.source.index + 1, name: names[e.id]!, code, event: e.id, fence: null });
    return { id: e.id, thread: e.thread, kind: e.kind, location: e.location, slot: e.source.index, code, annotated: e.kind };
  });
  rows.sort((a, b) => a.thread - b.thread || a.order - b.order);
  return {
    catalogue: PPC_CATALOGUE,
    events,
    threadCount: structure.paths.length,
    po: structure.po,
    relations: baseRelations(structure, verdict),
    values: structure.events.map((e) => (e.kind === 'R' ? values.readValue(e.id) : values.eventValue(e.id))),
    names,
    rows,
    finalState: observed.map((location) => ({ location, value: finalValue(candidate, values, location) })),
  };
}

/** `W x=1`, `F[mb]`; with `annotated`, `W[release] y=1`. */
export function accessText(execution: ExecutionSnapshot, id: number, annotated = false): string {
  const event = execution.events[id]!;
  const kind = annotated ? event.annotated : event.kind;
  const value = execution.values[id];
  if (event.location === '') return kind;
  return value === null || value === undefined ? `${kind} ${event.location}` : `${kind} ${event.location}=${printValue(value)}`;
}

/** `P1:20 R x=0`, or without the value `P1:20 R x`. */
export function eventLabel(execution: ExecutionSnapshot, id: number, withValue = true): string {
  const event = execution.events[id]!;
  if (!withValue) return `${execution.names[id]} ${event.location === '' ? event.kind : `${event.kind} ${event.location}`}`;
  return `${execution.names[id]} ${accessText(execution, id)}`;
}
