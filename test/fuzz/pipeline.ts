/**
 * The property every fuzz input must satisfy: the whole pipeline (parse,
 * whatever the front end, then the engine under small limits) either
 * finishes or throws a LitmusError with a position in the text and a message,
 * which formatDiagnostic can render. Any other exception is a crash.
 */
import { formatDiagnostic, LitmusError } from '../../src/diagnostics.ts';
import { runTest, type RunOptions } from '../../src/engine.ts';
import { parseLitmus } from '../../src/parse/litmus.ts';

export const FUZZ_FILE = 'fuzz.litmus';

/** Small enough that an exploding input costs at most a couple of seconds. */
export const fuzzLimits: RunOptions = { maxExecutions: 20_000, timeoutMs: 2_000 };

/** Throws when the pipeline misbehaves on `text`; returns the LitmusError it rejected the text with, if any. */
export function checkPipeline(text: string): LitmusError | null {
  try {
    runTest(parseLitmus(text, FUZZ_FILE), fuzzLimits);
    return null;
  } catch (error) {
    if (!(error instanceof LitmusError)) throw error;
    const where = `${error.kind} error '${error.message}' at ${error.line}:${error.col}`;
    if (!(error.line >= 1 && error.col >= 1)) throw new Error(`${where}: the position must be at least 1:1`);
    if (error.message.trim() === '') throw new Error(`${where}: the message is empty`);
    formatDiagnostic(error, text);
    return error;
  }
}
