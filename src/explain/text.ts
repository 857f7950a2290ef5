/**
 * Explanations as text for a kernel developer: the witness thread by thread
 * with what each access read or wrote and why, or for a forbidden outcome each
 * group of rejected candidates with the axioms they break and a minimal cycle
 * per axiom, then the code the cycles run through and what the relation names
 * mean.
 */
import type { ChalkInstance } from 'chalk';
import type { StructureEvent } from '../events/structure.ts';
import { compareValues } from '../outcome/order.ts';
import { printLocation, printProp, printValue } from '../report/syntax.ts';
import { type BaseLabel, LABEL_MEANINGS } from './base-relations.ts';
import { addrPoVia, cycleText, derivationText, hasDerivedRelations } from './cycle-text.ts';
import type { AxiomViolation, CycleStep } from './cycles.ts';
import { accessText, fenceBetween, instructionText } from './events.ts';
import type { Explanation, RejectedGroup } from './explain.ts';
import { AXIOM_STATEMENTS } from './patterns.ts';
import { eventLabel, type ExecutionSnapshot } from './snapshot.ts';

export function formatExplanation(explanation: Explanation, c: ChalkInstance): string {
  const { test, witness, rejected } = explanation;
  const lines = [`${c.bold(test.name)}  ${c.dim(`(${test.file})`)}`];
  const usedLabels = new Set<BaseLabel>();
  const executions = `${explanation.reaching} of ${explanation.executions} execution${explanation.executions === 1 ? '' : 's'} reach it`;
  const outcome = `outcome ${printProp(explanation.outcome)}`;

  if (witness) {
    lines.push(`${outcome}: ${c.bold.green('reachable')} (${executions}); the first found:`, '');
    lines.push(...witnessLines(witness, usedLabels).map((l) => (l === '' ? '' : `  ${l}`)));
    lines.push('', `  final state: ${witness.finalState.map(({ location, value }) => `${printLocation(location)}=${printValue(value)};`).join(' ')}`);
  } else {
    lines.push(`${outcome}: ${c.bold('never reachable')} (${executions})`);
  }

  if (rejected) {
    const { candidates, groups } = rejected;
    const also = witness ? 'also ' : '';
    lines.push('');
    if (candidates === 0) {
      lines.push(witness
        ? 'No candidate execution that ppc.cat rejects reaches it.'
        : 'No candidate execution reaches it, even before the model is applied: no choice of reads-from and coherence order gives these values.');
    } else {
      lines.push(`${plural(candidates, 'candidate execution')} would ${also}reach it; ppc.cat rejects ${candidates === 1 ? 'it' : 'each'}:`);
      for (const group of groups) lines.push('', ...groupLines(group, usedLabels, c).map((l) => `  ${l}`));
    }
  }

  if (explanation.loopBoundHit) {
    lines.push('', c.yellow('warning: some executions needed more loop iterations than the unroll bound and were cut; outcomes they reach are missing (raise --unroll)'));
  }
  if (usedLabels.size > 0) {
    lines.push('', 'Relations:');
    const width = Math.max(...[...usedLabels].map((l) => l.length));
    for (const label of usedLabels) lines.push(`  ${label.padEnd(width)}  ${LABEL_MEANINGS[label]}`);
  }
  return lines.join('\n') + '\n';
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Code wider than this (C statements with their primitives) puts each access's value and notes on a line of its own. */
const INLINE_CODE_WIDTH = 40;

/** One line per access and fence, thread by thread in program order, each access with how it got or gave its value. */
function witnessLines(execution: ExecutionSnapshot, usedLabels: Set<BaseLabel>): string[] {
  const { structure, names } = execution;
  const rows: { name: string; code: string; access: string }[] = [];
  structure.paths.forEach((path, thread) => {
    if (thread > 0) rows.push({ name: '', code: '', access: '' });
    const fenceRows = (position: number) => {
      for (const fence of path.fences) {
        if (fence.position === position) rows.push({ name: `P${thread}:${fence.instr.source.line}`, code: instructionText(fence.instr), access: '' });
      }
    };
    path.events.forEach((_, index) => {
      fenceRows(index);
      const event = structure.events[structure.firstEvent[thread]! + index]!;
      const access = accessText(event, execution.values[event.id]!) + annotation(execution, event, usedLabels);
      rows.push({ name: names[event.id]!, code: instructionText(event.source.instr), access });
    });
    fenceRows(path.events.length);
  });
  if (rows.every((r) => r.code.length <= INLINE_CODE_WIDTH)) return alignColumns(rows.map((r) => [r.name, r.code, r.access]));
  return alignColumns(rows.flatMap((r) => (r.access === '' ? [[r.name, r.code]] : [[r.name, r.code], ['', `  ${r.access}`]])));
}

/** Where a read's value came from and what it missed; which write a write follows in co; the dependencies into it. */
function annotation(execution: ExecutionSnapshot, event: StructureEvent, usedLabels: Set<BaseLabel>): string {
  const { relations, names, structure } = execution;
  const n = structure.events.length;
  const notes: string[] = [];
  const use = (label: BaseLabel, text: string) => {
    usedLabels.add(label);
    notes.push(`${label} ${text}`);
  };
  const all = (predicate: (other: number) => boolean) => [...Array(n).keys()].filter(predicate);
  const into = (label: BaseLabel) => all((o) => relations.byLabel[label].has(o, event.id));

  if (event.kind === 'R') {
    const source = all((w) => relations.rf.has(w, event.id))[0];
    if (source === undefined) notes.push('reads the initial value');
    else use(structure.sameThread.has(source, event.id) ? 'rfi' : 'rfe', `from ${names[source]}`);
    // fr relates the read to every write co-after its source; the co-first of them is the one it missed.
    const missed = all((w) => relations.byLabel.fri.has(event.id, w) || relations.byLabel.fre.has(event.id, w));
    const next = missed.find((w) => !missed.some((o) => relations.co.has(o, w)));
    if (next !== undefined) use(structure.sameThread.has(event.id, next) ? 'fri' : 'fre', `to ${names[next]}`);
  } else {
    const earlier = all((w) => relations.co.has(w, event.id));
    const previous = earlier.find((w) => !earlier.some((o) => relations.co.has(w, o)));
    if (previous !== undefined) use(structure.sameThread.has(previous, event.id) ? 'coi' : 'coe', `after ${names[previous]}`);
  }
  const isyncOrdered = into('ctrlisync');
  for (const label of ['addr', 'data', 'ctrl', 'ctrlisync', 'rmw'] as const) {
    // ctrlisync is the stronger form of ctrl; naming both would repeat the branch.
    const sources = into(label).filter((s) => label !== 'ctrl' || !isyncOrdered.includes(s));
    if (sources.length > 0) use(label, `from ${sources.map((s) => names[s]).join(', ')}`);
  }
  return notes.length > 0 ? `  ${notes.join('; ')}` : '';
}

function groupLines(group: RejectedGroup, usedLabels: Set<BaseLabel>, c: ChalkInstance): string[] {
  const { first, count, example, cycleValues, alsoBroken } = group;
  // The first cycle's accesses show every value they take across the group.
  const position = new Map(first.cycle.steps.map((step, i) => [step.from, i]));
  const withGroupValues = (id: number): string => {
    const i = position.get(id);
    if (i === undefined) return eventLabel(example, id);
    const values = [...cycleValues[i]!].sort(compareValues).map(printValue).join('|');
    return `${eventLabel(example, id, false)}=${values}`;
  };
  const violation = (lead: string, { axiom, cycle }: AxiomViolation, text: string, tail = ':'): string[] => {
    for (const step of cycle.steps) usedLabels.add(step.label);
    const lines = [`${lead} ${c.bold.red(axiom)} — ${AXIOM_STATEMENTS[axiom]}${tail}`, `    ${text}`];
    if (hasDerivedRelations(cycle)) lines.push(`    = ${derivationText(cycle)}`);
    return lines;
  };

  const lines = violation(`${plural(count, 'candidate execution')} ${count === 1 ? 'breaks' : 'break'}`, first, cycleText(first.cycle, example, withGroupValues));
  for (const also of alsoBroken) {
    const who = count === 1 ? 'it also breaks' : also.count === count ? `all ${count} also break` : `${also.count} of them also break`;
    const tail = count === 1 ? ':' : `; in the first ${also.count === count ? 'of them' : 'such'}:`;
    lines.push(...violation(`  ${who}`, also.violation, cycleText(also.violation.cycle, also.example), tail));
  }
  const code = codeOnCycles([[example, first.cycle.steps], ...alsoBroken.map((a) => [a.example, a.violation.cycle.steps] as const)]);
  lines.push('  where', ...alignColumns(code).map((l) => `    ${l}`));
  return lines;
}

/**
 * The code behind the cycles, in program order: each access on them, each
 * fence a fence edge stands for, and the isync of each ctrlisync edge.
 */
function codeOnCycles(cycles: readonly (readonly [ExecutionSnapshot, readonly CycleStep[]])[]): [string, string][] {
  const rows = new Map<string, { thread: number; order: number; text: string }>();
  for (const [{ structure, names }, steps] of cycles) {
    const addEvent = (id: number) => {
      const e = structure.events[id]!;
      rows.set(names[id]!, { thread: e.thread, order: 2 * e.source.index + 1, text: instructionText(e.source.instr) });
    };
    for (const step of steps) {
      addEvent(step.from);
      addEvent(step.to);
      if (step.label === 'addr;po') addEvent(addrPoVia(structure, step));
      const fenceKind = step.label === 'ctrlisync' ? 'isync' : step.label === 'sync' || step.label === 'lwsync' || step.label === 'eieio' ? step.label : null;
      const fence = fenceKind === null ? undefined : fenceBetween(structure, step.from, step.to, fenceKind);
      if (!fence) continue;
      const thread = structure.events[step.from]!.thread;
      // A fence sits before the access at its position: order it just before that access's slot.
      rows.set(`P${thread}:${fence.instr.source.line} ${fence.kind}`, { thread, order: 2 * fence.position, text: instructionText(fence.instr) });
    }
  }
  return [...rows.entries()]
    .sort(([, a], [, b]) => a.thread - b.thread || a.order - b.order)
    .map(([key, row]) => [key.split(' ')[0]!, row.text]);
}

function alignColumns(rows: readonly string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((r) => r[column]!.length))) ?? [];
  return rows.map((r) => r.map((cell, column) => (column === r.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd());
}
