/** Process exit codes: one per kind of trouble, so scripts can tell them apart. */
export const ExitCode = {
  ok: 0,
  /** check: a verdict differs from the test's `Result:` comment, or the test has none. */
  failed: 1,
  /** Unreadable file, malformed litmus text, or a construct we do not support. */
  input: 2,
  /** A resource limit stopped the search. */
  limit: 3,
  /** BSD sysexits EX_USAGE. */
  usage: 64,
  /** BSD sysexits EX_SOFTWARE: a bug in xics-litmus. */
  internal: 70,
  /** Ctrl-C: 128 + SIGINT, what a shell reports for a program the signal killed. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Most serious first. An interrupted run says nothing about the tests it did
 * not reach; a bug outranks the rest because its output cannot be trusted; a
 * test that could not run at all outranks one that ran and disagreed.
 */
const severityOrder: readonly ExitCode[] = [ExitCode.interrupted, ExitCode.internal, ExitCode.usage, ExitCode.input, ExitCode.limit, ExitCode.failed, ExitCode.ok];

export function mostSevere(a: ExitCode, b: ExitCode): ExitCode {
  return severityOrder.indexOf(a) <= severityOrder.indexOf(b) ? a : b;
}

export const exitCodeHelp = `
Exit codes:
  0   success (for check: every test gave its expected result)
  1   check only: a verdict differs from the test's (* Result: ... *) comment,
      or a test has no such comment
  2   input error: unreadable path, malformed litmus text, unsupported construct
  3   a limit was exceeded while exploring executions
  64  command-line usage error
  70  internal error (a bug in xics-litmus; the stack trace is printed)
  130 interrupted by Ctrl-C (what had finished is printed)
When several apply, the most serious wins, in the order 70, 2, 3, 1.`;
