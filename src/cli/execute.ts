/**
 * Runs one litmus file end to end (read, parse, explore) and turns every way
 * it can go wrong into a Failure the commands can print and count, so one bad
 * file never stops a batch.
 */
import { readFileSync } from 'node:fs';
import { formatDiagnostic, LitmusError } from '../diagnostics.ts';
import { runTest, type RunnableTest, type RunOptions } from '../engine.ts';
import type { TestResult } from '../outcome/result.ts';
import { parseForModel, type ParseOptions } from '../parse/litmus.ts';
import { ExitCode } from './exit-codes.ts';
import { describeFsError } from './files.ts';

export type FailureKind = LitmusError['kind'] | 'internal';

export interface Failure {
  kind: FailureKind;
  message: string;
  /** Source position, when the failure points into the litmus text. */
  line?: number;
  col?: number;
  /** What to print on stderr: a caret diagnostic for user errors, a stack trace for bugs. */
  rendered: string;
}

export type TestOutcome = { file: string; result: TestResult } | { file: string; failure: Failure };

/** A litmus file read and made ready for its model, with its text for rendering later diagnostics against. */
export type LoadedTest = { file: string; source: string; test: RunnableTest } | { file: string; failure: Failure };

/**
 * What running a file takes: the engine's options and, for kernel-C tests,
 * the model (absent: the test's default, see defaultModel) and the kernel and
 * CPU to compile for under POWER.
 */
export type FileRunOptions = RunOptions & ParseOptions;

/** Reads a litmus file and makes it ready for `options.model` (or its default model), or says why it could not. */
export function loadForModel(file: string, options: ParseOptions = {}): LoadedTest {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    const message = `cannot read file: ${describeFsError(error)}`;
    return { file, failure: { kind: 'input', message, rendered: `${file}: error: ${message}` } };
  }
  try {
    return { file, source, test: parseForModel(source, file, options) };
  } catch (error) {
    return { file, failure: failureOf(file, error, source) };
  }
}

/** Runs a file under `options.model`, or the test's default model (defaultModel). */
export function runLitmusFile(file: string, options: FileRunOptions): TestOutcome {
  const loaded = loadForModel(file, options);
  if ('failure' in loaded) return loaded;
  try {
    return { file, result: runTest(loaded.test, options) };
  } catch (error) {
    return { file, failure: failureOf(file, error, loaded.source) };
  }
}

/** A user error, rendered against `text` (the text it points into); anything else is a bug. */
export function failureOf(context: string, error: unknown, text: string): Failure {
  if (error instanceof LitmusError) {
    const { kind, message, line, col } = error;
    return { kind, message, line, col, rendered: formatDiagnostic(error, text) };
  }
  return internalFailure(context, error);
}

export function internalFailure(context: string, error: unknown): Failure {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    kind: 'internal',
    message: error instanceof Error ? error.message : String(error),
    rendered: `${context}: internal error (a bug in xics-litmus; please report it with this trace):\n${detail}`,
  };
}

const failureExitCode: Record<FailureKind, ExitCode> = {
  input: ExitCode.input,
  unsupported: ExitCode.input,
  limit: ExitCode.limit,
  internal: ExitCode.internal,
};

export function exitCodeForFailure(failure: Failure): ExitCode {
  return failureExitCode[failure.kind];
}

/** The JSON form of a failure, shared by `run --format json` and `check --json`. */
export function failureToJson({ kind, message, line, col }: Failure): Omit<Failure, 'rendered'> {
  return { kind, message, line, col };
}
