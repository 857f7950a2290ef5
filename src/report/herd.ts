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

/** herd's printing of a proposition (lib/constrGen.ml pp_prop): atoms in the order written, `not (...)` for negation. */
export function herdProp(prop: Prop): string {
  return printUnder('top', prop);
}

type Connective = 'and' | 'or' | 'implies';

/** herd's is_paren: which connective needs parentheses directly under which. */
const NEEDS_PARENS: Record<Connective, Record<Connective, boolean>> = {
  and: { and: false, or: true, implies: true },
  or: { and: false, or: false, implies: true },
  implies: { and: true, or: true, implies: false },
};

function printUnder(above: Connective | 'top', prop: Prop): string {
  switch (prop.kind) {
    case 'const':
      return prop.value ? 'true' : 'false';
    case 'atom': {
      const atom = `${herdLocation(prop.loc)}=${herdValue(prop.value)}`;
      return prop.equal ? atom : `not (${atom})`;
    }
    case 'not':
      return `not (${printUnder('top', prop.prop)})`;
    default: {
      const op = prop.kind === 'and' ? '/\\' : prop.kind === 'or' ? '\\/' : '=>';
      const text = `${printUnder(prop.kind, prop.left)} ${op} ${printUnder(prop.kind, prop.right)}`;
      return above !== 'top' && NEEDS_PARENS[above][prop.kind] ? `(${text})` : text;
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
