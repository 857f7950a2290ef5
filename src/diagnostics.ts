/**
 * Errors a user can cause. Every layer throws LitmusError with a position; the
 * CLI renders it as `file:line:col: message`, the source line and a caret, and
 * maps its kind to a distinct exit code. Anything else escaping is a bug.
 */

export type ErrorKind = 'input' | 'unsupported' | 'limit';

export class LitmusError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly file: string,
    readonly line: number,
    readonly col: number,
    /** Width of the offending token, for the caret line (at least 1). */
    readonly length = 1,
  ) {
    super(message);
    this.name = 'LitmusError';
  }
}

/** `file:line:col: message`, then the source line and a caret under the column. */
export function formatDiagnostic(error: LitmusError, sourceText: string | null): string {
  const head = `${error.file}:${error.line}:${error.col}: ${error.kind === 'input' ? 'error' : error.kind}: ${error.message}`;
  const lines = sourceText?.split(/\r?\n/);
  const line = lines && error.line >= 1 && error.line <= lines.length ? lines[error.line - 1] : null;
  if (line === null || line === undefined) return head;
  const expanded = line.replace(/\t/g, ' ');
  const caretCol = Math.max(1, Math.min(error.col, expanded.length + 1));
  const caret = ' '.repeat(caretCol - 1) + '^' + '~'.repeat(Math.max(0, Math.min(error.length, expanded.length - caretCol + 1) - 1));
  return `${head}\n  ${expanded}\n  ${caret}`;
}
