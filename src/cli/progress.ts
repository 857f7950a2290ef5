/**
 * A transient `[done/total] file` line on stderr while a long run works
 * through its tests. It appears only on a terminal and only once the run has
 * lasted a second, so short and piped runs print exactly what they always
 * did, and it is erased before anything else is written and at the end.
 */
import type { Output } from './output.ts';

const QUIET_PERIOD_MS = 1000;
const REDRAW_INTERVAL_MS = 100;
const ERASE_LINE = '\r\u001b[K';

export interface ProgressLine {
  /** Removes the line so other output starts on a clean line; it comes back at the next redraw. */
  erase(): void;
  /** Removes the line for good. */
  stop(): void;
}

/** Starts a progress line showing `status()`, or returns null when stderr is not a terminal. */
export function startProgressLine(output: Output, status: () => string): ProgressLine | null {
  const columns = output.stderrColumns?.();
  if (columns === undefined) return null;
  let drawn: string | null = null;
  const draw = () => {
    // One column short of the width: a line that fills it would wrap on some terminals and the erase would miss it.
    const text = status().slice(0, Math.max(0, columns - 1));
    if (text === drawn) return;
    output.stderr(ERASE_LINE + text);
    drawn = text;
  };
  const erase = () => {
    if (drawn === null) return;
    output.stderr(ERASE_LINE);
    drawn = null;
  };
  let redraw: NodeJS.Timeout | undefined;
  const quietPeriod = setTimeout(() => {
    draw();
    redraw = setInterval(draw, REDRAW_INTERVAL_MS).unref();
  }, QUIET_PERIOD_MS).unref();
  return {
    erase,
    stop() {
      clearTimeout(quietPeriod);
      clearInterval(redraw);
      erase();
    },
  };
}
