/**
 * The base relations of one candidate execution, each under the name ppc.cat
 * gives it: the vocabulary explanations are written in. Every derived relation
 * of the model (ppo, hb, propbase, prop) is a union of paths over these, so a
 * cycle of the model can always be spelled out edge by edge in these terms.
 */
import type { EventStructure } from '../events/structure.ts';
import { staticRelations, type Verdict } from '../model/ppc.ts';
import type { EventSet, Relation } from '../relations/relation.ts';

/** The name of a base relation in some model's vocabulary (PPC_LABELS, LKMM_LABELS). */
export type BaseLabel = string;

/** In the order a cycle finder should prefer them when two label one pair: dependencies before coincidences. */
export const BASE_LABELS = [
  'po-loc', 'rfi', 'rfe', 'fri', 'fre', 'coi', 'coe',
  'addr', 'data', 'ctrl', 'ctrlisync', 'addr;po', 'rdw', 'detour',
  'sync', 'lwsync', 'eieio', 'xx', 'rmw',
] as const;

export type PpcLabel = (typeof BASE_LABELS)[number];

/** What each label means, for the legend under an explanation. */
/** What the communication relations and the address and data dependencies mean, in every model. */
export const COMMUNICATION_MEANINGS = {
  'po-loc': 'program order between two accesses to the same location',
  rfi: 'reads-from, write and read on the same thread',
  rfe: 'reads-from, write and read on different threads',
  fri: 'from-read: the read saw a value coherence-before this write of its own thread',
  fre: 'from-read: the read saw a value coherence-before this write of another thread',
  coi: 'coherence order between two writes of one thread to one location',
  coe: 'coherence order between writes of different threads to one location',
  addr: 'address dependency: the second access\'s address is computed from the value read',
  data: 'data dependency: the value written is computed from the value read',
} as const;

export const LABEL_MEANINGS: Record<PpcLabel, string> = {
  ...COMMUNICATION_MEANINGS,
  ctrl: 'control dependency: a conditional branch on the value read comes before the second access',
  ctrlisync: 'control dependency followed by isync before the second access',
  'addr;po': 'address dependency to some access, then program order (ppc.cat addrpo)',
  rdw: 'two reads of one location in program order that read from different external writes (po-loc & fre;rfe)',
  detour: 'a read in program order after a write of its thread that reads an external write coherence-after it (po-loc & coe;rfe)',
  sync: 'a sync (hwsync) between the two accesses in program order',
  lwsync: 'an lwsync between the two accesses in program order (it orders every pair except write then read)',
  eieio: 'an eieio between two writes in program order',
  xx: 'program order between two exclusive accesses (lwarx, successful stwcx.)',
  rmw: 'a lwarx and the successful stwcx. that completes it',
};

/**
 * One candidate execution in a model's vocabulary, whatever the model: its
 * events' threads, the event sets automata guards name, and every base
 * relation by label. Cycles are searched and printed over this alone.
 */
export interface BaseRelations {
  /** Per event, its thread (for `& int` groups). */
  threads: readonly number[];
  /** Event sets by name: `R`, `W`, and for the LKMM `Marked`, `Plain` and the like. */
  sets: Readonly<Record<string, EventSet>>;
  byLabel: Readonly<Record<BaseLabel, Relation>>;
  /** Coherence order, transitively closed (coi | coe). */
  co: Relation;
  /** Reads-from (rfi | rfe). */
  rf: Relation;
  sameThread: Relation;
  /**
   * With variables split into cells (mixed-size accesses): rf, co and fr per
   * cell, so a witness says which write each part of a read took its bytes
   * from. byLabel, rf and co are lifted to whole accesses, as the axioms and
   * their cycles see them. po-loc per cell, and sm (the parts of one access,
   * each with itself), with which ppc-sca.cat lifts them: lift(r) = sm;r;sm.
   */
  perCell?: { rf: Relation; co: Relation; fr: Relation; poLoc: Relation; sameAccess: Relation };
}

/**
 * rf, co and fr between the events as witnesses show them: per cell where
 * variables are split (each part of a read with its own source), else the
 * relations themselves.
 */
export function eventCommunication(relations: BaseRelations): { rf: Relation; co: Relation; fr: Relation } {
  return relations.perCell ?? { rf: relations.rf, co: relations.co, fr: relations.byLabel.fri!.union(relations.byLabel.fre!) };
}

/**
 * The relations with the communication labels (po-loc, rf, fr, co within and
 * across threads) per cell: where a per-location axiom's cycles live when
 * variables are split, since uniproc holds per cell (src/model/ppc.ts).
 */
export function perCellRelations(relations: BaseRelations): BaseRelations {
  const cells = relations.perCell;
  if (!cells) return relations;
  const { byLabel, sameThread } = relations;
  const communication = communicationRelations({ poLoc: cells.poLoc, sameThread, addr: byLabel.addr!, data: byLabel.data!, ctrl: byLabel.ctrl! }, cells.rf, cells.co, cells.fr);
  return { ...relations, byLabel: { ...byLabel, ...communication }, rf: cells.rf, co: cells.co };
}

/** ppc.cat's base relations, with the PPC event structure they came from. */
export interface PpcBaseRelations extends BaseRelations {
  structure: EventStructure;
  byLabel: Readonly<Record<PpcLabel, Relation>>;
}

type CommunicationLabel = 'po-loc' | 'rfi' | 'rfe' | 'fri' | 'fre' | 'coi' | 'coe' | 'addr' | 'data' | 'ctrl';

/** The base relations every model names alike: po-loc, rf, co and fr within and across threads, and the dependencies. */
export function communicationRelations(
  s: { poLoc: Relation; sameThread: Relation; addr: Relation; data: Relation; ctrl: Relation },
  rf: Relation, co: Relation, fr: Relation,
): Record<CommunicationLabel, Relation> {
  const int = s.sameThread;
  return {
    'po-loc': s.poLoc,
    rfi: rf.intersect(int),
    rfe: rf.minus(int),
    fri: fr.intersect(int),
    fre: fr.minus(int),
    coi: co.intersect(int),
    coe: co.minus(int),
    addr: s.addr,
    data: s.data,
    ctrl: s.ctrl,
  };
}

/**
 * Reads the relations off a verdict. Copies what the candidate search reuses
 * (co), so the result stays valid after the search moves on.
 */
export function baseRelations(structure: EventStructure, verdict: Verdict): PpcBaseRelations {
  const s = structure;
  const st = staticRelations(s);
  const { rf, rfe, fr, fre, coe } = verdict.relations;
  const co = verdict.relations.co.clone();
  const int = s.sameThread;
  const perCell = verdict.relations.perCell;
  return {
    ...(perCell ? { perCell: { ...perCell, co: perCell.co.clone() } } : {}),
    structure,
    threads: s.events.map((e) => e.thread),
    sets: { R: s.reads, W: s.writes },
    sameThread: int,
    co,
    rf,
    byLabel: {
      // With split variables, po-loc between whole accesses (StaticRelations.poLoc), as every axiom but uniproc sees it.
      ...communicationRelations({ ...s, poLoc: st.poLoc }, rf, co, fr),
      ctrlisync: s.ctrlIsync,
      'addr;po': s.addr.compose(s.po),
      // ppc.cat:14  let rdw = po-loc & (fre;rfe)
      rdw: st.poLoc.intersect(fre.compose(rfe)),
      // ppc.cat:15  let detour = po-loc & (coe ; rfe)
      detour: st.poLoc.intersect(coe.compose(rfe)),
      sync: s.sync,
      // ppc.cat:35-36  let lwsync = lwsync \ (W * R) (as hb sees it: StaticRelations.lightLwsync); let eieio = eieio & (W * W)
      lwsync: st.lightLwsync,
      eieio: s.eieio.intersect(st.writeToWrite),
      xx: st.xx,
      rmw: st.rmw,
    },
  };
}
