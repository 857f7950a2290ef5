/** Evaluating the final-state proposition of a litmus condition (herd's semantics of /\ \/ ~ =>). */
import type { Location, Prop, Value } from '../ir/program.ts';

export type Lookup = (loc: Location) => Value;

export function holds(prop: Prop, lookup: Lookup): boolean {
  switch (prop.kind) {
    case 'const': return prop.value;
    case 'atom': return (lookup(prop.loc) === prop.value) === prop.equal;
    case 'same': return (lookup(prop.left) === lookup(prop.right)) === prop.equal;
    case 'not': return !holds(prop.prop, lookup);
    case 'and': return holds(prop.left, lookup) && holds(prop.right, lookup);
    case 'or': return holds(prop.left, lookup) || holds(prop.right, lookup);
    case 'implies': return !holds(prop.left, lookup) || holds(prop.right, lookup);
  }
}

/** A lookup that may not know a value yet (undefined), over a partial execution. */
export type PartialLookup = (loc: Location) => Value | undefined;

/** Three-valued `holds`: undefined when the known values do not decide the proposition. */
export function partialHolds(prop: Prop, lookup: PartialLookup): boolean | undefined {
  switch (prop.kind) {
    case 'const': return prop.value;
    case 'atom': {
      const value = lookup(prop.loc);
      return value === undefined ? undefined : (value === prop.value) === prop.equal;
    }
    case 'same': {
      const [left, right] = [lookup(prop.left), lookup(prop.right)];
      return left === undefined || right === undefined ? undefined : (left === right) === prop.equal;
    }
    case 'not': {
      const inner = partialHolds(prop.prop, lookup);
      return inner === undefined ? undefined : !inner;
    }
    case 'and': {
      const [a, b] = [partialHolds(prop.left, lookup), partialHolds(prop.right, lookup)];
      return a === false || b === false ? false : a === undefined || b === undefined ? undefined : true;
    }
    case 'or': {
      const [a, b] = [partialHolds(prop.left, lookup), partialHolds(prop.right, lookup)];
      return a === true || b === true ? true : a === undefined || b === undefined ? undefined : false;
    }
    case 'implies':
      return partialHolds({ kind: 'or', left: { kind: 'not', prop: prop.left }, right: prop.right }, lookup);
  }
}

/** The locations a proposition mentions, in the order written, without repeats. */
export function propLocations(prop: Prop, into: Location[] = []): Location[] {
  switch (prop.kind) {
    case 'const': break;
    case 'atom':
      if (!into.some((l) => sameLocation(l, prop.loc))) into.push(prop.loc);
      break;
    case 'same':
      for (const loc of [prop.left, prop.right]) if (!into.some((l) => sameLocation(l, loc))) into.push(loc);
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
