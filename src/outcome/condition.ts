/** Evaluating the final-state proposition of a litmus condition (herd's semantics of /\ \/ ~ =>). */
import type { Location, Prop, Value } from '../ir/program.ts';

export type Lookup = (loc: Location) => Value;

export function holds(prop: Prop, lookup: Lookup): boolean {
  switch (prop.kind) {
    case 'const': return prop.value;
    case 'atom': return (lookup(prop.loc) === prop.value) === prop.equal;
    case 'not': return !holds(prop.prop, lookup);
    case 'and': return holds(prop.left, lookup) && holds(prop.right, lookup);
    case 'or': return holds(prop.left, lookup) || holds(prop.right, lookup);
    case 'implies': return !holds(prop.left, lookup) || holds(prop.right, lookup);
  }
}

/** The locations a proposition mentions, in the order written, without repeats. */
export function propLocations(prop: Prop, into: Location[] = []): Location[] {
  switch (prop.kind) {
    case 'const': break;
    case 'atom':
      if (!into.some((l) => sameLocation(l, prop.loc))) into.push(prop.loc);
      break;
    case 'not': propLocations(prop.prop, into); break;
    default:
      propLocations(prop.left, into);
      propLocations(prop.right, into);
  }
  return into;
}

export function sameLocation(a: Location, b: Location): boolean {
  return a.kind === 'reg' ? b.kind === 'reg' && a.thread === b.thread && a.reg === b.reg : b.kind === 'mem' && a.name === b.name;
}
