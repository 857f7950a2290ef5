/**
 * A complete candidate execution kept for an explanation: the search reuses
 * its candidate objects, so everything an explanation prints is copied out
 * while the candidate is visited.
 */
import type { EventStructure } from '../events/structure.ts';
import type { VisitedExecution } from '../engine.ts';
import type { LitmusTest, Location, Value } from '../ir/program.ts';
import { finalValue } from '../outcome/collect.ts';
import { baseRelations, type BaseRelations } from './base-relations.ts';
import { accessText, eventNames } from './events.ts';

export interface ExecutionSnapshot {
  structure: EventStructure;
  relations: BaseRelations;
  /** Per event: the value read or written. */
  values: Value[];
  /** Per event: `P1:20` and the like. */
  names: string[];
  /** The locations the outcome and `locations [...]` mention, with their final values. */
  finalState: { location: Location; value: Value }[];
}

export function snapshot(test: LitmusTest, observed: readonly Location[], execution: VisitedExecution): ExecutionSnapshot {
  const { candidate, values, verdict } = execution;
  const structure = candidate.structure;
  return {
    structure,
    relations: baseRelations(structure, verdict),
    values: structure.events.map((e) => (e.kind === 'R' ? values.readValue(e.id) : values.eventValue(e.id))),
    names: eventNames(structure),
    finalState: observed.map((location) => ({ location, value: finalValue(test, candidate, values, location) })),
  };
}

/** `P1:20 R x=0`, or without the value `P1:20 R x`. */
export function eventLabel(execution: ExecutionSnapshot, id: number, withValue = true): string {
  const event = execution.structure.events[id]!;
  return `${execution.names[id]} ${withValue ? accessText(event, execution.values[id]!) : `${event.kind} ${event.location}`}`;
}
