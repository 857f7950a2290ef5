/**
 * `--model both`: a kernel-C test's final states under POWER (the code the
 * kernel compiles it to) beside those the LKMM allows. A state only POWER
 * reaches means the primitives' POWER mapping breaks a promise of the LKMM
 * (an unsound mapping, or a kernel bug); a state only the LKMM allows means
 * the hardware gives more than the kernel's model promises, so code relying
 * on it is not portable.
 */
import type { ChalkInstance } from 'chalk';
import type { TestResult } from '../outcome/result.ts';
import { printLocation, printValue } from './syntax.ts';

export interface ModelComparison {
  /** The locations both results observe (herd notation), in POWER's order: the states are compared on these. */
  locations: string[];
  /** States (herd state lines over `locations`) POWER reaches and the LKMM forbids. */
  powerOnly: string[];
  /** States the LKMM allows and POWER never reaches. */
  lkmmOnly: string[];
  /** States both reach. */
  common: number;
}

/** `power` and `lkmm` are one test's results under each model. */
export function compareModels(power: TestResult, lkmm: TestResult): ModelComparison {
  const names = (result: TestResult) => result.observed.map((loc) => printLocation(loc, 'herd'));
  const lkmmNames = new Set(names(lkmm));
  const locations = names(power).filter((name) => lkmmNames.has(name));
  const statesOf = (result: TestResult): Set<string> => {
    const index = new Map(names(result).map((name, i) => [name, i]));
    return new Set(result.states.map((state) => locations.map((name) => `${name}=${printValue(state.values[index.get(name)!]!)};`).join(' ')));
  };
  const powerStates = statesOf(power);
  const lkmmStates = statesOf(lkmm);
  return {
    locations,
    powerOnly: [...powerStates].filter((state) => !lkmmStates.has(state)),
    lkmmOnly: [...lkmmStates].filter((state) => !powerStates.has(state)),
    common: [...powerStates].filter((state) => lkmmStates.has(state)).length,
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The comparison in words, indented like the text report it follows. */
export function formatModelComparison(power: TestResult, lkmm: TestResult, colour: ChalkInstance): string {
  const comparison = compareModels(power, lkmm);
  const lines = [`  POWER vs the LKMM: POWER ${power.observation}, the LKMM ${lkmm.observation}`];
  if (comparison.powerOnly.length > 0) {
    lines.push(colour.red(`  POWER reaches ${plural(comparison.powerOnly.length, 'state')} the LKMM forbids: an unsound primitive mapping or a kernel bug`));
    lines.push(...comparison.powerOnly.map((state) => `    ${state}`));
  }
  if (comparison.lkmmOnly.length > 0) {
    lines.push(colour.yellow(`  the LKMM allows ${plural(comparison.lkmmOnly.length, 'state')} POWER never reaches: the hardware is stronger: code relying on it is not portable`));
    lines.push(...comparison.lkmmOnly.map((state) => `    ${state}`));
  }
  if (comparison.powerOnly.length === 0 && comparison.lkmmOnly.length === 0) {
    lines.push(`  both reach the same ${plural(comparison.common, 'state')}`);
  }
  return lines.join('\n') + '\n';
}
