/**
 * `xics-litmus check`: the regression gate. Each test's observation is
 * compared with the `(* Result: ... *)` comment it carries (LKMM convention);
 * a test without one fails, so nothing passes by default.
 */
import { writeFileSync } from 'node:fs';
import type { ChalkInstance } from 'chalk';
import { statedResultList, type SourcePos } from '../ir/program.ts';
import type { ModelName, Observation } from '../outcome/result.ts';
import { judgeStated, MODEL_TITLE, observedText, statedFor, statedText } from '../report/judge.ts';
import { stringifyJson } from '../report/json.ts';
import { runBatch, type BatchOptions, type FileOutcomes } from './batch.ts';
import { ExitCode, mostSevere } from './exit-codes.ts';
import { exitCodeForFailure, failureToJson, type Failure, type FailureKind, type TestOutcome } from './execute.ts';
import { describeFsError } from './files.ts';
import { githubAnnotation } from './github-annotations.ts';
import { formatJunitReport } from './junit.ts';
import type { Output } from './output.ts';

/**
 * `forgiven`: the verdict differs but the test has the data race it predicts,
 * so its outcome is undefined (judgelitmus.sh forgives it). `not-stated`: the
 * test states no result for this model but does for another; the verdict is
 * shown, not judged.
 */
export type CheckStatus =
  | 'ok' | 'forgiven' | 'not-stated' | 'mismatch' | 'no-expected-result'
  | 'input-error' | 'unsupported' | 'limit-exceeded' | 'internal-error';

const PASSING: ReadonlySet<CheckStatus> = new Set(['ok', 'forgiven', 'not-stated']);

export function passes(status: CheckStatus): boolean {
  return PASSING.has(status);
}

export interface CheckRow {
  file: string;
  /** Null when the file could not be parsed. */
  name: string | null;
  /** The model the verdict is under; null when the run failed before a model was known. */
  model: ModelName | null;
  /** The result the test states for this model, as written (`Never`, `Sometimes DATARACE`, `DEADLOCK`, `Maybe`). */
  expected: string | null;
  /** Where the stated result is, for annotations; left out of the JSON report. */
  expectedPos: SourcePos | null;
  got: Observation | null;
  positive: number | null;
  negative: number | null;
  /** herd's Flags the executions raise (`data-race`, ...). */
  flags: string[] | null;
  status: CheckStatus;
  /** Why the row has its status, when `ok` alone would not say it (a mismatch, a forgiven verdict). */
  reason: string | null;
  failure: Failure | null;
}

const failureStatus: Record<FailureKind, CheckStatus> = {
  input: 'input-error',
  unsupported: 'unsupported',
  limit: 'limit-exceeded',
  internal: 'internal-error',
};

export interface JudgeContext {
  /** The test's default model; null: unknown, the model the result is under. */
  defaultModel: ModelName | null;
  /** The test states results for other models than this row's, which this row is then only shown beside. */
  statedElsewhere: boolean;
}

export function judge(outcome: TestOutcome, context: JudgeContext = { defaultModel: null, statedElsewhere: false }, model: ModelName | null = null): CheckRow {
  if ('failure' in outcome) {
    const { file, failure } = outcome;
    return {
      file, name: null, model, expected: null, expectedPos: null, got: null, positive: null, negative: null, flags: null,
      status: failureStatus[failure.kind], reason: null, failure,
    };
  }
  const { result } = outcome;
  const { test, observation, positive, negative, flags } = result;
  const stated = statedFor(test.expected, result.model, context.defaultModel);
  const row: CheckRow = {
    file: outcome.file, name: test.name, model: result.model, expected: null, expectedPos: null, got: observation, positive, negative, flags,
    status: context.statedElsewhere ? 'not-stated' : 'no-expected-result', reason: null, failure: null,
  };
  if (stated === null) return row;
  return { ...row, expected: statedText(stated), expectedPos: stated.pos, ...judgeStated(stated, result) };
}

/** The rows of one file: one per model it ran under. */
export function judgeFile({ defaultModel, runs }: FileOutcomes): CheckRow[] {
  const models = new Set(runs.flatMap(({ outcome }) => ('result' in outcome ? [outcome.result.model] : [])));
  const expected = runs.map(({ outcome }) => ('result' in outcome ? outcome.result.test.expected : null)).find((e) => e !== null) ?? null;
  const statedModels = new Set(statedResultList(expected).map((line) => line.model ?? defaultModel));
  return runs.map(({ model, outcome }) => {
    const ran = 'result' in outcome ? outcome.result.model : model;
    const statedElsewhere = models.size > 1 && ran !== null && !statedModels.has(ran) && statedModels.size > 0;
    return judge(outcome, { defaultModel, statedElsewhere }, model);
  });
}

/** Why a row did not pass, in one line, for CI reports; null when it passed. */
export function describeProblem(row: CheckRow): string | null {
  if (row.failure) return row.model === null ? row.failure.message : `${row.failure.message} (under ${MODEL_TITLE[row.model]})`;
  switch (row.status) {
    case 'mismatch':
      return row.reason;
    case 'no-expected-result': {
      const under = row.model === null ? '' : ` under ${MODEL_TITLE[row.model]}`;
      return `no (* Result: Never|Sometimes|Always *) comment before the init block, so the verdict${under} (${row.got}) cannot be checked`;
    }
    default:
      return null;
  }
}

function rowExitCode(row: CheckRow): ExitCode {
  if (row.failure) return exitCodeForFailure(row.failure);
  return passes(row.status) ? ExitCode.ok : ExitCode.failed;
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
  const end = await runBatch(paths, options.batch, output, (file) => {
    for (const { outcome } of file.runs) if ('failure' in outcome) output.stderr(outcome.failure.rendered + '\n');
    for (const row of judgeFile(file)) {
      rows.push(row);
      // On stderr, so stdout stays the same table or JSON document in CI; the Actions runner reads both streams.
      const annotation = options.annotations ? githubAnnotation(row) : null;
      if (annotation !== null) output.stderr(annotation + '\n');
    }
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
  forgiven: 'forgiven (data race)',
  'not-stated': 'not stated',
  mismatch: 'MISMATCH',
  'no-expected-result': 'no expected result',
  'input-error': 'input error',
  unsupported: 'unsupported',
  'limit-exceeded': 'limit exceeded',
  'internal-error': 'internal error',
};

/** What a row got, in the notation of the Result comment. */
function gotText({ got, positive, negative, flags }: CheckRow): string {
  return got === null ? '-' : observedText({ observation: got, positive: positive!, negative: negative!, flags: flags! });
}

/** `selected`: how many tests the run set out to check; more than were judged when Ctrl-C stopped it. */
export function formatCheckTable(rows: readonly CheckRow[], colour: ChalkInstance, selected = testCount(rows)): string {
  const header = ['test', 'model', 'expected', 'got', 'pos/neg', 'status'];
  const cells = rows.map((row) => [
    row.name ?? row.file,
    row.model ?? '-',
    row.expected ?? '-',
    gotText(row),
    row.positive === null ? '-' : `${row.positive}/${row.negative}`,
    statusText[row.status],
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)));
  // Pad before colouring: escape codes have no width on screen.
  const layout = (cell: string[], paint: (text: string, column: number) => string) =>
    cell.map((text, column) => paint(column === cell.length - 1 ? text : text.padEnd(widths[column]!), column)).join('  ').trimEnd();

  const lines = [layout(header, (text) => colour.bold(text))];
  rows.forEach((row, i) => {
    const paintStatus = row.status === 'ok' ? colour.green : passes(row.status) ? colour.yellow : colour.red;
    lines.push(layout(cells[i]!, (text, column) => (column === header.length - 1 ? paintStatus(text) : text)));
  });
  lines.push('', summarise(rows, colour, selected));
  return lines.join('\n') + '\n';
}

/** The files judged under more than one model, each of which has a row per model. */
export function filesUnderSeveralModels(rows: readonly CheckRow[]): Set<string> {
  const models = new Map<string, Set<ModelName>>();
  for (const row of rows) if (row.model !== null) models.set(row.file, (models.get(row.file) ?? new Set()).add(row.model));
  return new Set([...models].filter(([, set]) => set.size > 1).map(([file]) => file));
}

/** Tests judged: rows, less the extra rows of tests judged under several models. */
function testCount(rows: readonly CheckRow[]): number {
  const several = filesUnderSeveralModels(rows);
  return rows.filter((row) => !several.has(row.file)).length + several.size;
}

function summarise(rows: readonly CheckRow[], colour: ChalkInstance, selected: number): string {
  const counts = countStatuses(rows);
  const tests = testCount(rows);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const subject = tests === rows.length ? plural(tests, 'test') : `${plural(rows.length, 'verdict')} of ${plural(tests, 'test')}`;
  const passingNotes = [counts.forgiven > 0 ? `${counts.forgiven} forgiven` : null, counts.notStated > 0 ? `${counts.notStated} not stated` : null].filter((note) => note !== null);
  const tally = `${subject}: ${[`${counts.ok} ok`, ...passingNotes].join(', ')}, ${counts.mismatch} mismatch, ${counts.noExpectedResult} without expected result, ${counts.couldNotRun} could not run`;
  const failing = rows.filter((row) => !passes(row.status)).length;
  const verdict = tests < selected
    ? colour.red(`INTERRUPTED: only ${tests} of ${selected} tests finished`)
    : failing === 0
      ? colour.green('PASS: every test gave its expected result')
      : colour.red(`FAIL: ${failing} of ${rows.length} did not give their expected result`);
  return `${tally}\n${verdict}`;
}

function countStatuses(rows: readonly CheckRow[]) {
  const count = (status: CheckStatus) => rows.filter((row) => row.status === status).length;
  const ran = {
    ok: count('ok'), forgiven: count('forgiven'), notStated: count('not-stated'),
    mismatch: count('mismatch'), noExpectedResult: count('no-expected-result'),
  };
  return { ...ran, couldNotRun: rows.length - Object.values(ran).reduce((a, b) => a + b, 0) };
}

export function formatCheckJson(rows: readonly CheckRow[], exitCode: ExitCode): string {
  return stringifyJson({
    tests: rows.map(({ failure, expectedPos: _, ...row }) => (failure ? { ...row, error: failureToJson(failure) } : row)),
    summary: { total: rows.length, ...countStatuses(rows), passed: exitCode === ExitCode.ok },
    exitCode,
  });
}
