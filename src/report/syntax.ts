/**
 * Prints IR locations, values and propositions back as litmus text.
 *
 * Two styles: `source` is how people write conditions (`x=1`, `~(...)`),
 * `herd` is how herd7 prints them in its logs (`[x]=1`, `not (...)`), so a
 * herd-compatible reporter can reproduce herd's Condition and state lines
 * byte for byte. Both are valid input to herd's condition parser.
 */
import { locationName } from '../ir/location.ts';
import type { Condition, Location, Prop, Value } from '../ir/program.ts';

export type SyntaxStyle = 'source' | 'herd';

export function printValue(value: Value): string {
  return String(value);
}

export function printLocation(loc: Location, style: SyntaxStyle = 'source'): string {
  return style === 'herd' && loc.kind === 'mem' ? `[${loc.name}]` : locationName(loc);
}

/**
 * Prints final states, `1:r1=0; [x]=1;`, over one test's observed
 * locations: their names are printed once, not once per state (a test can
 * have 2^19 states).
 */
export function statePrinter(observed: readonly Location[], style: SyntaxStyle = 'source'): (values: readonly Value[]) => string {
  // Pushed, not mapped: map() in optimised code gives a holey array in Node 20 (README, Speed), which deoptimised the printer reading it.
  const labels: string[] = [];
  for (const loc of observed) labels.push(`${printLocation(loc, style)}=`);
  return (values) => labels.map((label, i) => `${label}${printValue(values[i]!)};`).join(' ');
}

/**
 * Connective levels, loosest first, as in herd's grammar (`\/` < `/\` < `=>`).
 * A nested proposition is parenthesised exactly when herd7's printer
 * (constrGen.ml `is_paren`) would: a binary connective inside a different one,
 * except `/\` inside `\/`, which binds tighter; chains of one connective print flat.
 */
type Level = 'top' | 'or' | 'and' | 'implies';

const connectiveText = { or: ' \\/ ', and: ' /\\ ', implies: ' => ' } as const;

export function printProp(prop: Prop, style: SyntaxStyle = 'source'): string {
  const negation = style === 'herd' ? 'not ' : '~';
  const print = (p: Prop, enclosing: Level): string => {
    switch (p.kind) {
      case 'const':
        return p.value ? 'true' : 'false';
      case 'atom': {
        const atom = `${printLocation(p.loc, style)}=${printValue(p.value)}`;
        if (p.equal) return atom;
        return style === 'herd' ? `${negation}(${atom})` : `${printLocation(p.loc, style)}!=${printValue(p.value)}`;
      }
      case 'same': {
        const atom = `${printLocation(p.left, style)}=${printLocation(p.right, style)}`;
        if (p.equal) return atom;
        return style === 'herd' ? `${negation}(${atom})` : `${printLocation(p.left, style)}!=${printLocation(p.right, style)}`;
      }
      case 'not':
        return `${negation}(${print(p.prop, 'top')})`;
      case 'and':
      case 'or':
      case 'implies': {
        const text = print(p.left, p.kind) + connectiveText[p.kind] + print(p.right, p.kind);
        const bare = enclosing === 'top' || enclosing === p.kind || (enclosing === 'or' && p.kind === 'and');
        return bare ? text : `(${text})`;
      }
    }
  };
  return print(prop, 'top');
}

const quantifierText = { exists: 'exists', 'not-exists': '~exists', forall: 'forall' } as const;

/** The whole final condition as herd7 prints it after `Condition `, e.g. `exists (1:r1=1 /\ 1:r3=0)`. */
export function printCondition(condition: Condition, style: SyntaxStyle = 'source'): string {
  return `${quantifierText[condition.quantifier]} (${printProp(condition.prop, style)})`;
}
