/**
 * A candidate execution, possibly partial: the rf source of each read and the
 * coherence order, over one event structure. During the search, locations not
 * yet decided have unassigned reads and no co edges; every ppc.cat axiom only
 * gains edges as the candidate grows, so a violation found early is final.
 */
import type { Expr } from '../events/expr.ts';
import type { Value } from '../ir/program.ts';
import type { EventStructure, ThreadConstraint } from '../events/structure.ts';
import type { Relation } from '../relations/relation.ts';

/** rfSource value of a read that reads the location's initial value. */
export const READS_INIT = -1;
/** rfSource value of a read whose source is not chosen yet (and of writes). */
export const UNASSIGNED = -2;

/** What the search and the value solver need of an event structure, whatever the model. */
export interface SearchStructure {
  /** Memory events are kind 'R' or 'W'; other kinds (fences, SRCU events) are never in writesTo/readsFrom. */
  events: readonly { id: number; thread: number; kind: string; location: string; source: { value: Expr } }[];
  /** Global id of each thread's first event; thread t's local event i is firstEvent[t] + i. */
  firstEvent: number[];
  /** Branch outcomes, lock values and guessed addresses the structure assumes. */
  constraints: ThreadConstraint[];
  writesTo: Map<string, number[]>;
  readsFrom: Map<string, number[]>;
  paths: readonly { finalRegisters: Map<string, Expr> }[];
  /** What the search may check as each read's source is chosen, beyond coherence (the LKMM's structures give it). */
  readRules?: ReadRules;
  /**
   * Present when some variable is split into cells, each a location of its
   * own (mixed-size accesses, src/events/mixed.ts): an access is then one
   * event per cell it covers, and its value is made of theirs.
   */
  cells?: CellLayout;
}

/** How a thread reads back the value of one of its accesses. */
export interface AccessRead {
  /** Its events: one, or its parts, first byte first. */
  ids: number[];
  /** For parts, the byte count of each (their values are joined, big-endian); null for one whole event. */
  counts: number[] | null;
  /** An algebraic load's size in bytes, whose value is sign-extended; 0 otherwise. */
  signExtend: number;
}

export interface CellLayout {
  /** Per thread, per path event (its local read number). */
  reads: AccessRead[][];
  /** Initial value of each cell. */
  initial: ReadonlyMap<string, Value>;
  /** Each split variable's cells, first byte first, with their byte counts: its value is theirs joined. */
  variables: ReadonlyMap<string, { cells: string[]; counts: number[] }>;
}

/**
 * Per-read facts that cut the search early and exactly. They hold in every
 * consistent execution, so they apply only while incoherent candidates are
 * pruned.
 */
export interface ReadRules {
  /**
   * The read of an RMW pair → its write. Coherence and atomicity together
   * leave it one source: the write just before its own in co (or the initial
   * write, when its own is first).
   */
  atomicWrite: Map<number, number>;
  /**
   * Reads that must return a given value in every execution that counts (a
   * lock read seeing unlocked, a conditional RMW that succeeds, a branch
   * taken, a filter on the read's register): sources storing a constant or
   * initial value other than it are skipped, and for an RMW read so are the co
   * orders that put such a write just before the RMW's own.
   */
  requiredValue: Map<number, Value>;
  initial: ReadonlyMap<string, Value>;
}

export interface Candidate<S extends SearchStructure = EventStructure> {
  structure: S;
  /** Per event id: for a read, the id of the write it reads from, READS_INIT or UNASSIGNED. */
  rfSource: Int32Array;
  /** Coherence order between writes of the same location, transitively closed. */
  co: Relation;
}

/** rf, co and fr of a candidate, and their parts between threads: what every model builds its relations from. */
export interface CommunicationRelations {
  rf: Relation;
  co: Relation;
  fr: Relation;
  rfe: Relation;
  coe: Relation;
  fre: Relation;
}
