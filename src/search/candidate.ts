/**
 * A candidate execution, possibly partial: the rf source of each read and the
 * coherence order, over one event structure. During the search, locations not
 * yet decided have unassigned reads and no co edges; every ppc.cat axiom only
 * gains edges as the candidate grows, so a violation found early is final.
 */
import type { EventStructure } from '../events/structure.ts';
import type { Relation } from '../relations/relation.ts';

/** rfSource value of a read that reads the location's initial value. */
export const READS_INIT = -1;
/** rfSource value of a read whose source is not chosen yet (and of writes). */
export const UNASSIGNED = -2;

export interface Candidate {
  structure: EventStructure;
  /** Per event id: for a read, the id of the write it reads from, READS_INIT or UNASSIGNED. */
  rfSource: Int32Array;
  /** Coherence order between writes of the same location, transitively closed. */
  co: Relation;
}
