/**
 * Decides whether output is coloured. Explicit --color/--no-color wins; then
 * NO_COLOR (https://no-color.org: set and non-empty disables colour); then
 * colour only on a terminal, so piped and redirected output is plain text.
 */
import { Chalk, type ChalkInstance, type ColorSupportLevel } from 'chalk';

export interface ColourTarget {
  isTTY?: boolean;
  /** Node's tty.WriteStream method: 1, 4, 8 or 24 bits. */
  getColorDepth?(): number;
}

export function chooseColourLevel(requested: boolean | undefined, target: ColourTarget, env: NodeJS.ProcessEnv): ColorSupportLevel {
  if (requested === false) return 0;
  const terminalLevel = target.isTTY ? levelForDepth(target.getColorDepth?.() ?? 4) : 0;
  if (requested === true) return Math.max(terminalLevel, 1) as ColorSupportLevel;
  if (env.NO_COLOR) return 0;
  return terminalLevel;
}

function levelForDepth(depth: number): ColorSupportLevel {
  if (depth >= 24) return 3;
  if (depth >= 8) return 2;
  if (depth >= 4) return 1;
  return 0;
}

export function colourFor(requested: boolean | undefined, target: ColourTarget, env: NodeJS.ProcessEnv): ChalkInstance {
  return new Chalk({ level: chooseColourLevel(requested, target, env) });
}
