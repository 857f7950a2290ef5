/**
 * Explanations as text for a kernel developer: the witness thread by thread
 * with what each access read or wrote and why, or for a forbidden outcome each
 * group of rejected candidates with the axioms they break and a minimal cycle
 * per axiom, then the code the cycles run through and what the relation names
 * mean.
 */
import type { ChalkInstance } from 'chalk';
import type { Value } from '../ir/program.ts';
import { compareValues } from '../outcome/order.ts';
import { printLocation, printProp, printValue } from '../report/syntax.ts';
import { type BaseLabel, eventCommunication } from './base-relations.ts';
import type { AxiomCatalogue } from './catalogue.ts';
import { addrPoVia, cycleText, derivationText, hasDerivedRelations } from './cycle-text.ts';
import type { AxiomViolation, CycleStep } from './cycles.ts';
import type { Explanation, RejectedGroup } from './explain.ts';
import { accessText, type CodeRow, eventLabel, type ExecutionSnapshot } from './snapshot.ts';

export function formatExplanation(explanation: Explanation, c: ChalkInstance): string {
  const { test, witness, rejected, catalogue } = explanation;
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
        ? `No candidate execution that ${catalogue.modelName} rejects reaches it.`
        : 'No candidate execution reaches it, even before the model is applied: no choice of reads-from and coherence order gives these values.');
    } else {
      lines.push(`${plural(candidates, 'candidate execution')} would ${also}reach it; ${catalogue.modelName} rejects ${candidates === 1 ? 'it' : 'each'}:`);
      for (const group of groups) lines.push('', ...groupLines(group, catalogue, usedLabels, c).map((l) => `  ${l}`));
    }
  }

  if (explanation.loopBoundHit) {
    lines.push('', c.yellow('warning: some executions needed more loop iterations than the unroll bound and were cut; outcomes they reach are missing (raise --unroll)'));
  }
  if (usedLabels.size > 0) {
    lines.push('', 'Relations:');
    const width = Math.max(...[...usedLabels].map((l) => l.length));
    for (const label of usedLabels) lines.push(`  ${label.padEnd(width)}  ${catalogue.meanings[label] ?? ''}`.trimEnd());
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
  const rows: { name: string; code: string; access: string }[] = [];
  execution.rows.forEach((row, i) => {
    if (i > 0 && row.thread !== execution.rows[i - 1]!.thread) rows.push({ name: '', code: '', access: '' });
    const access = row.event === null ? '' : accessText(execution, row.event, true) + annotation(execution, row.event, usedLabels);
    rows.push({ name: row.name, code: row.code, access });
  });
  if (rows.every((r) => r.code.length <= INLINE_CODE_WIDTH)) return alignColumns(rows.map((r) => [r.name, r.code, r.access]));
  return alignColumns(rows.flatMap((r) => (r.access === '' ? [[r.name, r.code]] : [[r.name, r.code], ['', `  ${r.access}`]])));
}

/** Where a read's value came from and what it missed; which write a write follows in co; the dependencies into it. */
function annotation(execution: ExecutionSnapshot, id: number, usedLabels: Set<BaseLabel>): string {
  const { relations, names, catalogue } = execution;
  const event = execution.events[id]!;
  const n = execution.events.length;
  const notes: string[] = [];
  const use = (label: BaseLabel, text: string) => {
    usedLabels.add(label);
    notes.push(`${label} ${text}`);
  };
  const all = (predicate: (other: number) => boolean) => [...Array(n).keys()].filter(predicate);
  const into = (label: BaseLabel) => {
    const r = relations.byLabel[label];
    return r ? all((o) => r.has(o, id)) : [];
  };
  const same = (a: number, b: number) => relations.sameThread.has(a, b);

  // A part of a mixed-size access names its own cell's source and neighbours.
  const communication = eventCommunication(relations);
  if (event.kind === 'R') {
    const source = all((w) => communication.rf.has(w, id))[0];
    if (source === undefined) notes.push('reads the initial value');
    else use(same(source, id) ? 'rfi' : 'rfe', `from ${names[source]}`);
    // fr relates the read to every write co-after its source; the co-first of them is the one it missed.
    const missed = all((w) => communication.fr.has(id, w));
    const next = missed.find((w) => !missed.some((o) => communication.co.has(o, w)));
    if (next !== undefined) use(same(id, next) ? 'fri' : 'fre', `to ${names[next]}`);
  } else if (event.kind === 'W') {
    const earlier = all((w) => communication.co.has(w, id));
    const previous = earlier.find((w) => !earlier.some((o) => communication.co.has(w, o)));
    if (previous !== undefined) use(same(previous, id) ? 'coi' : 'coe', `after ${names[previous]}`);
  }
  const isyncOrdered = into('ctrlisync');
  for (const label of catalogue.dependencyLabels) {
    // ctrlisync is the stronger form of ctrl; naming both would repeat the branch.
    const sources = into(label).filter((s) => label !== 'ctrl' || !isyncOrdered.includes(s));
    if (sources.length > 0) use(label, `from ${sources.map((s) => names[s]).join(', ')}`);
  }
  return notes.length > 0 ? `  ${notes.join('; ')}` : '';
}

function groupLines(group: RejectedGroup, catalogue: AxiomCatalogue, usedLabels: Set<BaseLabel>, c: ChalkInstance): string[] {
  const { first, count, example, cycleValues, alsoBroken } = group;
  // The first cycle's accesses show every value they take across the group.
  const position = new Map(first.cycle.steps.map((step, i) => [step.from, i]));
  const withGroupValues = (id: number): string => {
    const i = position.get(id);
    if (i === undefined) return eventLabel(example, id);
    const values = cycleValues[i]!.filter((v): v is Value => v !== null);
    if (values.length === 0) return eventLabel(example, id);
    return `${eventLabel(example, id, false)}=${[...values].sort(compareValues).map(printValue).join('|')}`;
  };
  const violation = (lead: string, { axiom, cycle }: AxiomViolation, text: string, tail = ':'): string[] => {
    for (const step of cycle.steps) usedLabels.add(step.label);
    const lines = [`${lead} ${c.bold.red(axiom)} — ${catalogue.statements[axiom]}${tail}`, `    ${text}`];
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
 * fence a fence edge stands for (a PPC fence, an LKMM fence event), and the
 * isync of each ctrlisync edge.
 */
function codeOnCycles(cycles: readonly (readonly [ExecutionSnapshot, readonly CycleStep[]])[]): [string, string][] {
  const rows = new Map<string, CodeRow>();
  for (const [execution, steps] of cycles) {
    const { rows: program, catalogue } = execution;
    const eventRow = (id: number) => program.find((r) => r.event === id)!;
    const addEvent = (id: number) => {
      const row = eventRow(id);
      rows.set(`${row.thread}:${row.order}`, row);
    };
    for (const step of steps) {
      addEvent(step.from);
      addEvent(step.to);
      if (step.label === 'addr;po') addEvent(addrPoVia(execution, step));
      for (const row of program) {
        if (row.fence !== null && catalogue.contextRows?.[step.label]?.includes(row.fence)) rows.set(`${row.thread}:${row.order}`, row);
      }
      const kinds = catalogue.fenceRows[step.label];
      if (!kinds) continue;
      const [a, b] = step.reversed ? [eventRow(step.to), eventRow(step.from)] : [eventRow(step.from), eventRow(step.to)];
      if (a.thread !== b.thread) continue;
      // The first fence of the edge's kind between its ends.
      const fence = program.find((r) => r.thread === a.thread && r.fence !== null && kinds.includes(r.fence) && a.order < r.order && r.order < b.order);
      if (fence) rows.set(`${fence.thread}:${fence.order}`, fence);
    }
  }
  return [...rows.values()]
    .sort((a, b) => a.thread - b.thread || a.order - b.order)
    .map((row) => [row.name, row.code]);
}

function alignColumns(rows: readonly string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((r) => r[column]!.length))) ?? [];
  return rows.map((r) => r.map((cell, column) => (column === r.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd());
}
