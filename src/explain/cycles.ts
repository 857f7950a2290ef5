/**
 * Minimal cycles: the shortest closed path of base edges that an axiom's
 * automaton accepts, found by breadth-first search over (event, automaton
 * state) pairs. Empty moves cost nothing, base edges cost one, so the first
 * accepted path is one with the fewest base edges. A group marked `int`
 * (cat's `r & int`) remembers the event it opened at and may close only on
 * that event's thread, which is one more component of the search's nodes.
 */
import { type BaseLabel, type BaseRelations, perCellRelations } from './base-relations.ts';
import type { AxiomCatalogue } from './catalogue.ts';
import { PPC_CATALOGUE } from './catalogue.ts';
import type { Automaton, GroupMark } from './patterns.ts';

export interface CycleStep {
  from: number;
  to: number;
  label: BaseLabel;
  /** The pair is in the relation the other way round (`to` label `from`), as rmw in atomic. */
  reversed: boolean;
}

/** A cycle's steps in order, with the derived relations they make up marked around them. */
export type DerivationToken = { kind: 'step'; step: CycleStep } | GroupMark;

export interface Cycle {
  steps: CycleStep[];
  derivation: DerivationToken[];
}

export interface AxiomViolation {
  /** The axiom's name in its model's cat file (an Axiom of ppc.cat, an LkmmAxiom). */
  axiom: string;
  cycle: Cycle;
}

/** Successor lists per label and direction, built on first use. */
class Adjacency {
  private readonly cache = new Map<string, number[][]>();

  constructor(private readonly relations: BaseRelations) {}

  next(label: BaseLabel, reversed: boolean, from: number): number[] {
    const key = reversed ? `~${label}` : label;
    let lists = this.cache.get(key);
    if (!lists) {
      const r = this.relations.byLabel[label];
      if (!r) throw new Error(`explain: no base relation ${label}`);
      const n = this.relations.threads.length;
      lists = Array.from({ length: n }, (_, a) => {
        const out: number[] = [];
        for (let b = 0; b < n; b++) if (reversed ? r.has(b, a) : r.has(a, b)) out.push(b);
        return out;
      });
      this.cache.set(key, lists);
    }
    return lists[from]!;
  }
}

type Parent = { node: number; step: CycleStep | null; mark: GroupMark | null };

/**
 * The shortest closed path through `origin` that `automaton` accepts, if it is
 * shorter than `bound` edges. Nodes are (event, state, whether an edge has been
 * taken yet, the event an `int` group opened at plus one or 0), so the path
 * found has at least one edge.
 */
function shortestCycleThrough(origin: number, automaton: Automaton, relations: BaseRelations, adjacency: Adjacency, bound: number): Cycle | null {
  const n = relations.threads.length;
  const stateCount = automaton.edges.length;
  const node = (event: number, state: number, moved: number, anchor: number) => ((event * stateCount + state) * 2 + moved) * (n + 1) + anchor;
  const decode = (id: number) => {
    const anchor = id % (n + 1);
    const rest = (id - anchor) / (n + 1);
    const moved = rest & 1;
    const es = (rest - moved) / 2;
    return { anchor, moved, state: es % stateCount, event: Math.floor(es / stateCount) };
  };
  const parents = new Map<number, Parent | null>();
  const target = node(origin, automaton.accept, 1, 0);
  let layer = [node(origin, automaton.start, 0, 0)];
  parents.set(layer[0]!, null);

  for (let length = 0; layer.length > 0 && length < bound; length++) {
    // Close the layer under empty moves, which keep the path's length.
    for (let i = 0; i < layer.length; i++) {
      const current = layer[i]!;
      const { anchor, moved, state, event } = decode(current);
      for (const move of automaton.empties[state]!) {
        if (move.guard !== null && !relations.sets[move.guard]!.has(event)) continue;
        let nextAnchor = anchor;
        const within = move.mark?.within;
        if (within) {
          if (move.mark!.kind === 'open') nextAnchor = event + 1;
          else {
            const opened = anchor - 1;
            if (opened < 0 || relations.threads[opened] !== relations.threads[event]) continue;
            if (within === 'int-not-id' && opened === event) continue;
            nextAnchor = 0;
          }
        }
        const reached = node(event, move.to, moved, nextAnchor);
        if (parents.has(reached)) continue;
        parents.set(reached, { node: current, step: null, mark: move.mark });
        layer.push(reached);
      }
    }
    if (parents.has(target)) return tracePath(target, parents);
    const nextLayer: number[] = [];
    for (const current of layer) {
      const { anchor, state, event } = decode(current);
      for (const move of automaton.edges[state]!) {
        for (const to of adjacency.next(move.label, move.reversed, event)) {
          const reached = node(to, move.to, 1, anchor);
          if (parents.has(reached)) continue;
          parents.set(reached, { node: current, step: { from: event, to, label: move.label, reversed: move.reversed }, mark: null });
          nextLayer.push(reached);
        }
      }
    }
    layer = nextLayer;
  }
  return null;
}

function tracePath(target: number, parents: Map<number, Parent | null>): Cycle {
  const derivation: DerivationToken[] = [];
  for (let p = parents.get(target); p; p = parents.get(p.node)) {
    if (p.step) derivation.push({ kind: 'step', step: p.step });
    if (p.mark) derivation.push(p.mark);
  }
  derivation.reverse();
  const steps = derivation.flatMap((t) => (t.kind === 'step' ? [t.step] : []));
  return { steps, derivation };
}

/**
 * The minimal cycle breaking one axiom, or null when the axiom holds. Ties
 * between cycles of the same length go to the one through the earliest event,
 * then to the order the automaton lists its moves, so the choice is deterministic.
 */
export function minimalCycle(axiom: string, relations: BaseRelations, catalogue: AxiomCatalogue = PPC_CATALOGUE, adjacency = new Adjacency(relations)): Cycle | null {
  const automaton = catalogue.automata.get(axiom);
  if (!automaton) throw new Error(`explain: ${catalogue.modelName} has no axiom ${axiom}`);
  let best: Cycle | null = null;
  const origins = catalogue.origins?.(axiom, relations) ?? null;
  for (let origin = 0; origin < relations.threads.length; origin++) {
    if (origins && !origins.has(origin)) continue;
    const found = shortestCycleThrough(origin, automaton, relations, adjacency, best ? best.steps.length : Infinity);
    if (found) best = found;
  }
  return best;
}

/** Every axiom the candidate breaks, in cat order, each with its minimal cycle. */
export function axiomViolations(relations: BaseRelations, catalogue: AxiomCatalogue = PPC_CATALOGUE): AxiomViolation[] {
  const adjacency = new Adjacency(relations);
  // With split variables the per-location axiom holds per cell, and its cycles are one cell's.
  const cells = relations.perCell ? perCellRelations(relations) : null;
  return catalogue.axioms.flatMap((axiom) => {
    const over = cells && axiom === catalogue.coherenceAxiom ? cells : relations;
    if (catalogue.holds?.(axiom, over)) return [];
    const cycle = minimalCycle(axiom, over, catalogue, over === relations ? adjacency : new Adjacency(over));
    if (!cycle) return [];
    return [{ axiom, cycle: cells ? { ...cycle, steps: alignParts(cycle.steps, relations, cells) } : cycle }];
  });
}

/** Labels a lifted relation relates whole accesses by, where the parts' own relation says which cell: rf, fr, co, po-loc. */
const CELL_LABELS = new Set<BaseLabel>(['po-loc', 'rfi', 'rfe', 'fri', 'fre', 'coi', 'coe']);

/**
 * A cycle over whole accesses (lifted relations, each access one of its
 * parts) with each communication edge moved to the parts that share the
 * cell it comes from: `R w[1] -fre-> W w[1]` rather than any part of each.
 * Where two steps then meet at different parts of one access, the text
 * shows the join as sm (cycle-text.ts).
 */
function alignParts(steps: readonly CycleStep[], relations: BaseRelations, cells: BaseRelations): CycleStep[] {
  const sm = relations.perCell!.sameAccess;
  const parts = (id: number) => relations.threads.map((_, o) => o).filter((o) => sm.has(id, o));
  const holds = (step: CycleStep, from: number, to: number): boolean => {
    const r = (CELL_LABELS.has(step.label) ? cells : relations).byLabel[step.label]!;
    return step.reversed ? r.has(to, from) : r.has(from, to);
  };
  const aligned: CycleStep[] = [];
  let at = steps[0]!.from;
  steps.forEach((step, i) => {
    const next = steps[i + 1];
    const pairs = parts(step.from).flatMap((from) => parts(step.to).filter((to) => holds(step, from, to)).map((to) => ({ from, to })));
    // Prefer continuing from where the last step ended, then ending where the next step can start (or the cycle did).
    const score = ({ from, to }: { from: number; to: number }) =>
      (from === at ? 2 : 0) + ((next ? parts(next.to).some((t) => holds(next, to, t)) : to === aligned[0]?.from) ? 1 : 0);
    const best = pairs.reduce((a, b) => (score(b) > score(a) ? b : a), pairs[0] ?? { from: step.from, to: step.to });
    aligned.push({ ...step, from: best.from, to: best.to });
    at = best.to;
  });
  return aligned;
}
