/**
 * `xics-litmus check`: the regression gate. Each test's observation is
 * compared with the `(* Result: ... *)` comment it carries (LKMM convention);
 * a test without one fails, so nothing passes by default.
 */
import { writeFileSync } from 'node:fs';
import type { ChalkInstance } from 'chalk';
import type { SourcePos } from '../ir/program.ts';
import type { Observation } from '../outcome/result.ts';
import { stringifyJson } from '../report/json.ts';
import { runBatch, type BatchOptions } from './batch.ts';
import { ExitCode, mostSevere } from './exit-codes.ts';
import { exitCodeForFailure, failureToJson, type Failure, type FailureKind, type TestOutcome } from './execute.ts';
import { describeFsError } from './files.ts';
import { githubAnnotation } from './github-annotations.ts';
import { formatJunitReport } from './junit.ts';
import type { Output } from './output.ts';

export type CheckStatus = 'ok' | 'mismatch' | 'no-expected-result' | 'input-error' | 'unsupported' | 'limit-exceeded' | 'internal-error';

export interface CheckRow {
  file: string;
  /** Null when the file could not be parsed. */
  name: string | null;
  expected: Observation | null;
  /** Where the Result comment is, for annotations; left out of the JSON report. */
  expectedPos: SourcePos | null;
  got: Observation | null;
  positive: number | null;
  negative: number | null;
  status: CheckStatus;
  failure: Failure | null;
}

const failureStatus: Record<FailureKind, CheckStatus> = {
  input: 'input-error',
  unsupported: 'unsupported',
  limit: 'limit-exceeded',
  internal: 'internal-error',
};

export function judge(outcome: TestOutcome): CheckRow {
  if ('failure' in outcome) {
    const { file, failure } = outcome;
    return { file, name: null, expected: null, expectedPos: null, got: null, positive: null, negative: null, status: failureStatus[failure.kind], failure };
  }
  const { test, observation, positive, negative } = outcome.result;
  const expected = test.expected?.result ?? null;
  const expectedPos = test.expected?.pos ?? null;
  const status: CheckStatus = expected === null ? 'no-expected-result' : expected === observation ? 'ok' : 'mismatch';
  return { file: outcome.file, name: test.name, expected, expectedPos, got: observation, positive, negative, status, failure: null };
}

/** Why a row did not pass, in one line, for CI reports; null when it passed. */
export function describeProblem(row: CheckRow): string | null {
  if (row.failure) return row.failure.message;
  switch (row.status) {
    case 'ok':
      return null;
    case 'mismatch':
      return `expected ${row.expected} (Result comment), got ${row.got}: ${row.positive} of ${row.positive! + row.negative!} executions reach the outcome`;
    default:
      return `no (* Result: Never|Sometimes|Always *) comment before the init block, so the verdict (${row.got}) cannot be checked`;
  }
}

function rowExitCode(row: CheckRow): ExitCode {
  if (row.failure) return exitCodeForFailure(row.failure);
  return row.status === 'ok' ? ExitCode.ok : ExitCode.failed;
}

export interface CheckCommandOptions {
  batch: BatchOptions;
  json: boolean;
  /** Also write a JUnit XML report to this file. */
  junit: string | null;
  /** Print GitHub Actions error annotations (when GITHUB_ACTIONS=true). */
  annotations: boolean;
  colour: ChalkInstance;
}

export async function checkCommand(paths: readonly string[], options: CheckCommandOptions, output: Output): Promise<ExitCode> {
  const rows: CheckRow[] = [];
  const end = await runBatch(paths, options.batch, output, (outcome) => {
    if ('failure' in outcome) output.stderr(outcome.failure.rendered + '\n');
    const row = judge(outcome);
    rows.push(row);
    // On stderr, so stdout stays the same table or JSON document in CI; the Actions runner reads both streams.
    const annotation = options.annotations ? githubAnnotation(row) : null;
    if (annotation !== null) output.stderr(annotation + '\n');
  });
  let exitCode = rows.map(rowExitCode).reduce(mostSevere, end.interrupted ? ExitCode.interrupted : ExitCode.ok);
  if (options.junit !== null) {
    try {
      writeFileSync(options.junit, formatJunitReport(rows));
    } catch (error) {
      output.stderr(`${options.junit}: error: cannot write the JUnit report: ${describeFsError(error)}\n`);
      exitCode = mostSevere(exitCode, ExitCode.input);
    }
  }
  output.stdout(options.json ? formatCheckJson(rows, exitCode) : formatCheckTable(rows, options.colour, end.selected));
  return exitCode;
}

const statusText: Record<CheckStatus, string> = {
  ok: 'ok',
  mismatch: 'MISMATCH',
  'no-expected-result': 'no expected result',
  'input-error': 'input error',
  unsupported: 'unsupported',
  'limit-exceeded': 'limit exceeded',
  'internal-error': 'internal error',
};

/** `selected`: how many tests the run set out to check; more than rows.length when Ctrl-C stopped it. */
export function formatCheckTable(rows: readonly CheckRow[], colour: ChalkInstance, selected = rows.length): string {
  const header = ['test', 'expected', 'got', 'pos/neg', 'status'];
  const cells = rows.map((row) => [
    row.name ?? row.file,
    row.expected ?? '-',
    row.got ?? '-',
    row.positive === null ? '-' : `${row.positive}/${row.negative}`,
    statusText[row.status],
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)));
  // Pad before colouring: escape codes have no width on screen.
  const layout = (cell: string[], paint: (text: string, column: number) => string) =>
    cell.map((text, column) => paint(column === cell.length - 1 ? text : text.padEnd(widths[column]!), column)).join('  ').trimEnd();

  const lines = [layout(header, (text) => colour.bold(text))];
  rows.forEach((row, i) => {
    const paintStatus = row.status === 'ok' ? colour.green : colour.red;
    lines.push(layout(cells[i]!, (text, column) => (column === header.length - 1 ? paintStatus(text) : text)));
  });
  lines.push('', summarise(rows, colour, selected));
  return lines.join('\n') + '\n';
}

function summarise(rows: readonly CheckRow[], colour: ChalkInstance, selected: number): string {
  const counts = countStatuses(rows);
  const tally = `${rows.length} test${rows.length === 1 ? '' : 's'}: ${counts.ok} ok, ${counts.mismatch} mismatch, ${counts.noExpectedResult} without expected result, ${counts.couldNotRun} could not run`;
  const failing = rows.length - counts.ok;
  const verdict = rows.length < selected
    ? colour.red(`INTERRUPTED: only ${rows.length} of ${selected} tests finished`)
    : failing === 0
      ? colour.green('PASS: every test gave its expected result')
      : colour.red(`FAIL: ${failing} of ${rows.length} did not give their expected result`);
  return `${tally}\n${verdict}`;
}

function countStatuses(rows: readonly CheckRow[]) {
  const count = (status: CheckStatus) => rows.filter((row) => row.status === status).length;
  const ran = { ok: count('ok'), mismatch: count('mismatch'), noExpectedResult: count('no-expected-result') };
  return { ...ran, couldNotRun: rows.length - ran.ok - ran.mismatch - ran.noExpectedResult };
}

export function formatCheckJson(rows: readonly CheckRow[], exitCode: ExitCode): string {
  return stringifyJson({
    tests: rows.map(({ failure, expectedPos: _, ...row }) => (failure ? { ...row, error: failureToJson(failure) } : row)),
    summary: { total: rows.length, ...countStatuses(rows), passed: exitCode === ExitCode.ok },
    exitCode,
  });
}
