/**
 * An axiom catalogue: everything explain needs to know about one memory model,
 * so that one explainer serves every model. For each axiom, in the cat file's
 * order, an automaton over the model's base relations whose accepted closed
 * paths are exactly the cycles (or reflexive edges, or pairs of a non-empty
 * intersection closed into a cycle) that break it; what the axiom says; what
 * each base relation means; and how to show and draw its edges.
 * PPC_CATALOGUE is ppc.cat's; LKMM_CATALOGUE (lkmm-catalogue.ts) the LKMM's.
 */
import type { ModelName } from '../outcome/result.ts';
import type { EventSet } from '../relations/relation.ts';
import { type BaseRelations, LABEL_MEANINGS } from './base-relations.ts';
import { AXIOM_AUTOMATA, AXIOM_STATEMENTS, AXIOMS_IN_CAT_ORDER, type Automaton } from './patterns.ts';

export interface AxiomCatalogue {
  model: ModelName;
  /** How an explanation names the model: `ppc.cat rejects it`. */
  modelName: string;
  /** In the order the model checks them: the first broken one is the candidate's verdict. */
  axioms: readonly string[];
  automata: ReadonlyMap<string, Automaton>;
  /** The cat statement each axiom is, in words. */
  statements: Readonly<Record<string, string>>;
  /** What each base label means, for the legend under an explanation. */
  meanings: Readonly<Record<string, string>>;
  /** The per-location axiom: groups breaking it are listed last. */
  coherenceAxiom: string;
  /** Labels a witness notes on the access they lead into (`addr from P1:11`). */
  dependencyLabels: readonly string[];
  /** Labels whose edge stands for a fence between its ends, with the fence kinds (or tags) to show for it. */
  fenceRows: Readonly<Record<string, readonly string[]>>;
  /** Labels standing for fences anywhere in the test (the LKMM's rcu-fence): every fence row of these kinds is shown. */
  contextRows?: Readonly<Record<string, readonly string[]>>;
  /** Labels a picture draws pair by pair, and labels it draws only between the accesses next to the fence. */
  drawn: readonly string[];
  drawnAcrossFences: readonly string[];
  colours: Readonly<Record<string, string>>;
  /**
   * Whether the axiom certainly holds, decided on whole relations (the
   * axiom's relation built by relation algebra): a fast test that spares the
   * cycle search. Absent, or false, the search decides.
   */
  holds?(axiom: string, relations: BaseRelations): boolean;
  /**
   * The events a minimal cycle of the axiom may start at (those on a cycle,
   * or reflexive, in the axiom's relation), or null for every event: the
   * search starts only there.
   */
  origins?(axiom: string, relations: BaseRelations): EventSet | null;
}

/** The colours of the relations every model's pictures share: program order, communication and dependencies. */
export const COMMUNICATION_COLOURS: Readonly<Record<string, string>> = {
    po: 'black',
    'po-loc': 'gray40',
    rf: 'red',
    rfi: 'red',
    rfe: 'red',
    coi: 'blue',
    coe: 'blue',
    fri: '#ffa040',
    fre: '#ffa040',
    addr: 'indigo',
    data: 'darkviolet',
    ctrl: 'saddlebrown',
};

export const PPC_CATALOGUE: AxiomCatalogue = {
  model: 'power',
  modelName: 'ppc.cat',
  axioms: AXIOMS_IN_CAT_ORDER,
  automata: AXIOM_AUTOMATA,
  statements: AXIOM_STATEMENTS,
  meanings: LABEL_MEANINGS,
  coherenceAxiom: 'scperlocation',
  dependencyLabels: ['addr', 'data', 'ctrl', 'ctrlisync', 'rmw'],
  fenceRows: { ctrlisync: ['isync'], sync: ['sync'], lwsync: ['lwsync'], eieio: ['eieio'] },
  drawn: ['rfi', 'rfe', 'addr', 'data', 'ctrl', 'ctrlisync', 'rmw'],
  drawnAcrossFences: ['sync', 'lwsync', 'eieio'],
  colours: {
    ...COMMUNICATION_COLOURS,
    ctrlisync: 'darkgoldenrod',
    'addr;po': 'indigo',
    rdw: 'gray40',
    detour: 'gray40',
    sync: 'darkgreen',
    lwsync: 'seagreen',
    eieio: 'olivedrab',
    xx: 'deeppink',
    rmw: 'deeppink',
  },
};
