/**
 * Graphviz pictures of an execution, laid out as herd7 draws them: one column
 * (cluster) per thread with its accesses top to bottom in program order, and
 * one colour per relation between them. Program order and the other
 * transitive relations (co, fr, fences) are drawn reduced, as herd does, so
 * the picture shows the immediate edges only; a highlighted cycle's edges are
 * drawn bold whatever they are.
 */
import { printProp, printValue } from '../report/syntax.ts';
import { type BaseLabel, eventCommunication } from './base-relations.ts';
import type { CycleStep } from './cycles.ts';
import type { Explanation } from './explain.ts';
import { accessText, type ExecutionSnapshot } from './snapshot.ts';

/** `po`, `rf` (a read of the initial value, drawn from a node standing for the initial write), or a base label. */
type DrawnLabel = BaseLabel;

interface DrawnEdge {
  from: string;
  to: string;
  label: DrawnLabel;
  bold: boolean;
}

/** Inches: Helvetica 10pt is about 0.075in a character; columns are that wide plus a gap, rows a fixed height. */
const CHAR_WIDTH = 0.075;
const COLUMN_GAP = 1.2;
const ROW_HEIGHT = 1.2;

export interface DotOptions {
  title: string;
  /** Edges to draw bold: the cycle an explanation prints. */
  cycle?: readonly CycleStep[];
}

export function executionDot(execution: ExecutionSnapshot, options: DotOptions): string {
  const { names, values, relations, catalogue } = execution;
  const node = (id: number) => `e${id}`;
  const events = execution.events;
  const edges: DrawnEdge[] = [];
  const draw = (from: number | string, to: number, label: DrawnLabel) => {
    edges.push({ from: typeof from === 'number' ? node(from) : from, to: node(to), label, bold: false });
  };
  const po = (a: number, b: number) => execution.po.has(a, b);
  // Parts of mixed-size accesses are drawn with their own cell's rf, co and fr.
  const communication = eventCommunication(relations);
  const co = (a: number, b: number) => communication.co.has(a, b);
  const drawnRelation = (label: string): { has(a: number, b: number): boolean } => {
    if (label !== 'rfi' && label !== 'rfe') return relations.byLabel[label]!;
    const internal = label === 'rfi';
    return { has: (a, b) => communication.rf.has(a, b) && relations.sameThread.has(a, b) === internal };
  };
  const immediate = (r: (a: number, b: number) => boolean, a: number, b: number) =>
    r(a, b) && !events.some((m) => r(a, m.id) && r(m.id, b));
  // A fence relates every access before it to every access after it: draw the pair that is adjacent to it.
  const acrossFence = (r: (a: number, b: number) => boolean, a: number, b: number) =>
    r(a, b) && !events.some((m) => (r(a, m.id) && po(m.id, b)) || (po(a, m.id) && r(m.id, b)));

  // The parts of a mixed-size access (one per cell it covers) stand side by side; program order, dependencies
  // and fences relate all parts alike, so they are drawn from and to each access's first part only.
  const partIndex = events.map((e) => events.filter((o) => o.thread === e.thread && o.slot === e.slot && o.id < e.id).length);
  const partColumns = Math.max(1, ...partIndex.map((i) => i + 1));
  const initNodes = new Map<string, string>();
  for (const a of events) {
    for (const b of events) {
      const leads = partIndex[a.id] === 0 && partIndex[b.id] === 0;
      if (leads && immediate(po, a.id, b.id)) draw(a.id, b.id, 'po');
      for (const label of catalogue.drawn) {
        const perPart = label === 'rfi' || label === 'rfe';
        // ctrlisync is the stronger form of ctrl: draw the branch once.
        if ((!perPart && !leads) || (label === 'ctrl' && relations.byLabel.ctrlisync?.has(a.id, b.id))) continue;
        if (drawnRelation(label).has(a.id, b.id)) draw(a.id, b.id, label);
      }
      if (immediate(co, a.id, b.id)) draw(a.id, b.id, a.thread === b.thread ? 'coi' : 'coe');
      if (!leads) continue;
      for (const label of catalogue.drawnAcrossFences) {
        if (acrossFence((x, y) => relations.byLabel[label]!.has(x, y), a.id, b.id)) draw(a.id, b.id, label);
      }
    }
    if (a.kind !== 'R') continue;
    // A read misses the co-first write after its source; the rest follow by co.
    const missed = events.filter((w) => communication.fr.has(a.id, w.id));
    const next = missed.find((w) => !missed.some((o) => co(o.id, w.id)));
    if (next) draw(a.id, next.id, a.thread === next.thread ? 'fri' : 'fre');
    if (!events.some((w) => communication.rf.has(w.id, a.id))) {
      const initial = `${a.location}=${printValue(values[a.id]!)}`;
      if (!initNodes.has(initial)) initNodes.set(initial, `init_${initNodes.size}`);
      draw(initNodes.get(initial)!, a.id, 'rf');
    }
  }
  for (const step of options.cycle ?? []) {
    const [from, to] = step.reversed ? [step.to, step.from] : [step.from, step.to];
    const existing = edges.find((e) => e.from === node(from) && e.to === node(to) && e.label === step.label);
    if (existing) existing.bold = true;
    else edges.push({ from: node(from), to: node(to), label: step.label, bold: true });
  }

  // herd's "columns" layout: neato with pinned positions, thread t in column t, its k-th access in row k.
  const labels = events.map((e) => `${names[e.id]}  ${e.code}\n${accessText(execution, e.id, true)}`);
  const columnWidth = Math.max(...labels.map((l) => Math.max(...l.split('\n').map((line) => line.length)))) * CHAR_WIDTH + COLUMN_GAP;
  const at = (column: number, row: number) => `pos="${(column * partColumns * columnWidth).toFixed(2)},${(-row * ROW_HEIGHT).toFixed(2)}!"`;
  const lines = [
    `digraph ${quote(options.title)} {`,
    `  graph [label=${quote(options.title)}, labelloc=t, fontname="Helvetica", layout=neato, splines=true];`,
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  Array.from({ length: execution.threadCount }, (_, thread) => {
    lines.push(`  subgraph cluster_P${thread} {`, '    label=""; color=gray70;');
    lines.push(`    thread${thread} [label="P${thread}", shape=plaintext, fontsize=12, ${at(thread, 0.5)}];`);
    for (const e of events.filter((x) => x.thread === thread)) {
      lines.push(`    ${node(e.id)} [label=${quote(labels[e.id]!)}, ${at(thread + partIndex[e.id]! / partColumns, e.slot + 1)}];`);
    }
    lines.push('  }');
  });
  // Initial writes belong to no thread: a row above the columns, between them.
  [...initNodes].forEach(([initial, init], i) => {
    lines.push(`  ${init} [label=${quote(`initially ${initial}`)}, shape=plaintext, ${at((i + 0.5) / partColumns, -1)}];`);
  });
  for (const e of edges) {
    const colour = catalogue.colours[e.label] ?? 'black';
    const attributes = [`label=${quote(e.label)}`, `color=${quote(colour)}`, `fontcolor=${quote(colour)}`];
    if (e.bold) attributes.push('penwidth=3');
    lines.push(`  ${e.from} -> ${e.to} [${attributes.join(', ')}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** A DOT double-quoted string; `\n` inside it is Graphviz's line break. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export interface Picture {
  /** File name without extension, e.g. `MP+sync+addr-forbidden-1`. */
  name: string;
  dot: string;
}

/** One picture per execution the explanation shows: the witness, and each group of rejected candidates. */
export function explanationPictures(explanation: Explanation): Picture[] {
  const { test, witness, rejected } = explanation;
  const base = test.name.replace(/[^A-Za-z0-9._+-]/g, '_');
  const pictures: Picture[] = [];
  if (witness) {
    pictures.push({ name: `${base}-witness`, dot: executionDot(witness, { title: `${test.name}: a witness of ${printProp(explanation.outcome)}` }) });
  }
  rejected?.groups.forEach((group, i) => {
    const candidates = group.count === 1 ? 'candidate' : `${group.count} candidates (the first drawn)`;
    // The first candidate's own cycles: the first axiom's, and those of later axioms it is the example of.
    const cycles = [group.first, ...group.alsoBroken.filter((a) => a.example === group.example).map((a) => a.violation)];
    pictures.push({
      name: `${base}-forbidden-${i + 1}`,
      dot: executionDot(group.example, {
        title: `${test.name}: ${candidates} rejected by ${cycles.map((v) => v.axiom).join(' and ')}`,
        cycle: cycles.flatMap((v) => v.cycle.steps),
      }),
    });
  });
  return pictures;
}
