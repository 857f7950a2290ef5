/**
 * ppc.cat's axioms as patterns over base relations: finite automata whose
 * words are the paths of base edges that make up the relation each axiom
 * constrains. A cycle of `co | prop`, say, is then a closed path of base edges
 * the automaton accepts, and the shortest such path is the minimal cycle an
 * explanation prints. Groups (ppo, prop, ...) are marked on the automaton's
 * empty moves so a path also says which derived relation each edge belongs to.
 */
import type { Axiom } from '../model/ppc.ts';
import type { BaseLabel } from './base-relations.ts';

/**
 * A set of events an empty move requires the event it is at to be in (cat's
 * `& (W * W)`, `[Marked]` and similar): a key of BaseRelations.sets.
 */
export type EventGuard = string;

/**
 * Where a group's path must end, relative to where it began: `int` on the same
 * thread (cat's `r & int`), `int-not-id` on the same thread at another event
 * (`(r \ id) & int`). Such groups never nest in the models' automata.
 */
export type GroupConstraint = 'int' | 'int-not-id';

export interface GroupMark {
  kind: 'open' | 'close';
  name: string;
  within?: GroupConstraint;
}

export interface EdgeMove {
  label: BaseLabel;
  /** Follow the relation backwards (rmw, which atomic relates the other way round). */
  reversed: boolean;
  to: number;
}

export interface EmptyMove {
  to: number;
  guard: EventGuard | null;
  mark: GroupMark | null;
}

export interface Automaton {
  start: number;
  accept: number;
  /** Per state. */
  edges: EdgeMove[][];
  empties: EmptyMove[][];
}

interface Fragment {
  start: number;
  accept: number;
}

/** Thompson's construction: each combinator takes fresh fragments and wires them with empty moves. */
export class AutomatonBuilder {
  private readonly edgeMoves: EdgeMove[][] = [];
  private readonly emptyMoves: EmptyMove[][] = [];

  private state(): number {
    this.edgeMoves.push([]);
    this.emptyMoves.push([]);
    return this.edgeMoves.length - 1;
  }

  private empty(from: number, to: number, guard: EventGuard | null = null, mark: GroupMark | null = null): void {
    this.emptyMoves[from]!.push({ to, guard, mark });
  }

  private fragment(): Fragment {
    return { start: this.state(), accept: this.state() };
  }

  edge(label: BaseLabel, reversed = false): Fragment {
    const f = this.fragment();
    this.edgeMoves[f.start]!.push({ label, reversed, to: f.accept });
    return f;
  }

  anyOf(...labels: BaseLabel[]): Fragment {
    return this.alt(...labels.map((label) => this.edge(label)));
  }

  seq(...parts: Fragment[]): Fragment {
    for (let i = 0; i + 1 < parts.length; i++) this.empty(parts[i]!.accept, parts[i + 1]!.start);
    return { start: parts[0]!.start, accept: parts[parts.length - 1]!.accept };
  }

  alt(...options: Fragment[]): Fragment {
    const f = this.fragment();
    for (const o of options) {
      this.empty(f.start, o.start);
      this.empty(o.accept, f.accept);
    }
    return f;
  }

  star(body: Fragment): Fragment {
    const f = this.plus(body);
    this.empty(f.start, f.accept);
    return f;
  }

  plus(body: Fragment): Fragment {
    const f = this.fragment();
    this.empty(f.start, body.start);
    this.empty(body.accept, body.start);
    this.empty(body.accept, f.accept);
    return f;
  }

  optional(body: Fragment): Fragment {
    const f = this.alt(body);
    this.empty(f.start, f.accept);
    return f;
  }

  guard(kind: EventGuard): Fragment {
    const f = this.fragment();
    this.empty(f.start, f.accept, kind);
    return f;
  }

  group(name: string, body: Fragment, within?: GroupConstraint): Fragment {
    const f = this.fragment();
    const mark = (kind: 'open' | 'close'): GroupMark => (within ? { kind, name, within } : { kind, name });
    this.empty(f.start, body.start, null, mark('open'));
    this.empty(body.accept, f.accept, null, mark('close'));
    return f;
  }

  /**
   * ppo.cat's fixpoint of ii, ic, ci and cc, read as paths: give every event an
   * init point i and a commit point c, with i before c. ii0 edges go from i to
   * i, ci0 from c to i, cc0 from c to c. Then xy(a, b) holds exactly when some
   * path of at least one such edge (passing from i to c inside an event when
   * needed) leads from point x of a to point y of b: each of the eight ways of
   * joining two paths is one of the fixpoint's compositions (ii;ii, ii;ic,
   * ic;ci, ic;cc, ci;ii, ci;ic, cc;ci, cc;cc), and each base case is ii0, ci0,
   * cc0 or ci. So ppo = ii & (R*R) | ic & (R*W) is: from i of a read, at least
   * one edge, ending at i of a read or at c of a write.
   */
  ppoPaths(ii0: readonly BaseLabel[] = II0, ci0: readonly BaseLabel[] = CI0, cc0: readonly BaseLabel[] = CC0): Fragment {
    const f = this.fragment();
    const [initBeforeEdge, commitBeforeEdge, init, commit] = [this.state(), this.state(), this.state(), this.state()];
    this.empty(f.start, initBeforeEdge, 'R');
    for (const [from, to, labels] of [
      [initBeforeEdge, init, ii0], [commitBeforeEdge, init, ci0], [commitBeforeEdge, commit, cc0],
      [init, init, ii0], [commit, init, ci0], [commit, commit, cc0],
    ] as const) {
      for (const label of labels) this.edgeMoves[from]!.push({ label, reversed: false, to });
    }
    this.empty(initBeforeEdge, commitBeforeEdge);
    this.empty(init, commit);
    this.empty(init, f.accept, 'R');
    this.empty(commit, f.accept, 'W');
    return f;
  }

  build(f: Fragment): Automaton {
    return { start: f.start, accept: f.accept, edges: this.edgeMoves, empties: this.emptyMoves };
  }
}

// ppc.cat:26-28, with dd = addr | data and addrpo = addr;po.
const II0: readonly BaseLabel[] = ['addr', 'data', 'rfi', 'rdw'];
const CI0: readonly BaseLabel[] = ['ctrlisync', 'detour'];
const CC0: readonly BaseLabel[] = ['addr', 'data', 'po-loc', 'ctrl', 'addr;po'];

function axiomAutomaton(axiom: Axiom): Automaton {
  const b = new AutomatonBuilder();
  const co = () => b.anyOf('coi', 'coe');
  const ppo = () => b.group('ppo', b.ppoPaths());
  // ppc-checks.cat:3  fence = strong | light, with strong = sync and light = lwsync | eieio
  const fence = () => b.anyOf('sync', 'lwsync', 'eieio');
  // ppc-checks.cat:7  hb = ppo | fence | rfe
  const hb = () => b.alt(ppo(), fence(), b.edge('rfe'));
  const hbStar = () => b.group('hb*', b.star(hb()));
  // ppc-checks.cat:12  propbase = (fence|(rfe;fence));hbstar
  const propbase = () => b.group('propbase', b.seq(b.alt(fence(), b.seq(b.edge('rfe'), fence())), hbStar()));
  // ppc-checks.cat:14  chapo = rfe|fre|coe|(fre;rfe)|(coe;rfe)
  const chapo = () => b.group('chapo', b.alt(
    b.edge('rfe'), b.edge('fre'), b.edge('coe'), b.seq(b.edge('fre'), b.edge('rfe')), b.seq(b.edge('coe'), b.edge('rfe')),
  ));
  // ppc-checks.cat:16  prop = propbase & (W * W) | (chapo? ; propbase*; strong; hbstar)
  const prop = () => b.group('prop', b.alt(
    b.seq(b.guard('W'), propbase(), b.guard('W')),
    b.seq(b.optional(chapo()), b.star(propbase()), b.edge('sync'), hbStar()),
  ));
  switch (axiom) {
    // ppc.cat:7  acyclic po-loc | rf | fr | co
    case 'scperlocation': return b.build(b.plus(b.anyOf('po-loc', 'rfi', 'rfe', 'fri', 'fre', 'coi', 'coe')));
    // ppc.cat:10  empty rmw & (fre;coe): a read, a write rmw-after it, and fre;coe from the one to the other
    case 'atomic': return b.build(b.seq(b.edge('fre'), b.edge('coe'), b.edge('rmw', true)));
    // ppc-checks.cat:8  acyclic hb
    case 'thinair': return b.build(b.plus(hb()));
    // ppc-checks.cat:18  acyclic co|prop
    case 'propagation': return b.build(b.plus(b.alt(co(), prop())));
    // ppc-checks.cat:19  irreflexive fre;prop;hbstar
    case 'observation': return b.build(b.seq(b.edge('fre'), prop(), hbStar()));
    // ppc-checks.cat:22  acyclic co | xx
    case 'scXX': return b.build(b.plus(b.alt(co(), b.edge('xx'))));
    // ppc-sca.cat: acyclic lift(co)
    case 'sca-co': return b.build(b.plus(co()));
    // ppc-sca.cat: irreflexive fr ; rf
    case 'sca-rf': return b.build(b.seq(b.anyOf('fri', 'fre'), b.anyOf('rfi', 'rfe')));
    // ppc-sca.cat: irreflexive (fr | co) ; rfe ; (ppo | fence)+
    case 'sca-ca': return b.build(b.seq(b.anyOf('fri', 'fre', 'coi', 'coe'), b.edge('rfe'), b.plus(b.alt(ppo(), fence()))));
  }
}

/** ppc.cat's axioms in the order the cat files state them: the first violated one is the verdict's. */
export const AXIOMS_IN_CAT_ORDER: readonly Axiom[] = ['scperlocation', 'atomic', 'sca-co', 'thinair', 'propagation', 'observation', 'scXX', 'sca-rf', 'sca-ca'];

export const AXIOM_AUTOMATA: ReadonlyMap<Axiom, Automaton> = new Map(AXIOMS_IN_CAT_ORDER.map((a) => [a, axiomAutomaton(a)]));

/** The cat statement each axiom is, for explanations. */
export const AXIOM_STATEMENTS: Record<Axiom, string> = {
  scperlocation: 'ppc.cat: acyclic po-loc | rf | fr | co (accesses to one location must be coherent)',
  atomic: 'ppc.cat: empty rmw & (fre;coe) (no other write may come between a lwarx\'s source and its stwcx.)',
  thinair: 'ppc-checks.cat: acyclic hb, where hb = ppo | fence | rfe (no out-of-thin-air values)',
  propagation: 'ppc-checks.cat: acyclic co | prop (writes propagate in an order consistent with coherence)',
  observation: 'ppc-checks.cat: irreflexive fre;prop;hb* (a read may not miss a write already propagated before it)',
  scXX: 'ppc-checks.cat: acyclic co | xx (exclusive accesses agree with coherence)',
  'sca-co': 'single-copy atomicity (ppc-sca.cat): acyclic co over whole accesses (coherence cannot tear two overlapping writes)',
  'sca-rf': 'single-copy atomicity (ppc-sca.cat): irreflexive fr;rf (a read cannot take some bytes of a write and miss its others)',
  'sca-ca': 'single-copy atomicity (ppc-sca.cat): irreflexive (fr|co);rfe;(ppo|fence)+ (a thread that saw a byte of a write cannot later act as if it missed the rest)',
};
