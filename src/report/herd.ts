/**
 * herd7's log layout, line for line, so herd tooling (mcompare7, grep on
 * `Observation`) and plain diffs work on our output. Time and Hash lines are
 * left out: one is machine-dependent, the other herd's own digest.
 */
import type { Location, Prop, Quantifier, Value } from '../ir/program.ts';
import type { TestResult } from '../outcome/result.ts';

const KIND: Record<Quantifier, string> = { exists: 'Allowed', 'not-exists': 'Forbidden', forall: 'Required' };
const QUANTIFIER: Record<Quantifier, string> = { exists: 'exists', 'not-exists': '~exists', forall: 'forall' };

export function herdLocation(loc: Location): string {
  return loc.kind === 'reg' ? `${loc.thread}:${loc.reg}` : `[${loc.name}]`;
}

export function herdValue(value: Value): string {
  return String(value);
}

/** One state line: `1:r1=0; [x]=1;` */
export function herdStateLine(observed: Location[], values: Value[]): string {
  return observed.map((loc, i) => `${herdLocation(loc)}=${herdValue(values[i]!)};`).join(' ');
}

/** herd's printing of a proposition: `\/` binds loosest, `not (...)` always parenthesised. */
export function herdProp(prop: Prop): string {
  return printAt(prop, 0);
}

const LEVEL = { implies: 1, or: 2, and: 3 } as const;

function printAt(prop: Prop, context: number): string {
  switch (prop.kind) {
    case 'const':
      return prop.value ? 'true' : 'false';
    case 'atom':
      return `${herdLocation(prop.loc)}${prop.equal ? '=' : '!='}${herdValue(prop.value)}`;
    case 'not':
      return `not (${printAt(prop.prop, 0)})`;
    default: {
      const level = LEVEL[prop.kind];
      const op = prop.kind === 'and' ? '/\\' : prop.kind === 'or' ? '\\/' : '=>';
      // Same-operator chains nest to the right, as herd's parser builds them.
      const text = `${printAt(prop.left, level + 1)} ${op} ${printAt(prop.right, level)}`;
      return level < context ? `(${text})` : text;
    }
  }
}

export function formatHerdLog(result: TestResult): string {
  const { test } = result;
  const q = test.condition.quantifier;
  const [witnessPos, witnessNeg] = q === 'not-exists' ? [result.negative, result.positive] : [result.positive, result.negative];
  const lines = [
    `Test ${test.name} ${KIND[q]}`,
    `States ${result.states.length}`,
    ...result.states.map((s) => herdStateLine(result.observed, s.values)),
    `${result.loopBoundHit ? 'Loop ' : ''}${result.conditionHolds ? 'Ok' : 'No'}`,
    'Witnesses',
    `Positive: ${witnessPos} Negative: ${witnessNeg}`,
    `Condition ${QUANTIFIER[q]} (${herdProp(test.condition.prop)})`,
    `Observation ${test.name} ${result.observation} ${result.positive} ${result.negative}`,
  ];
  return lines.join('\n') + '\n\n';
}
