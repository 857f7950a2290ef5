/** `xics-litmus run`: report what each test can do, in the chosen format. */
import type { ChalkInstance } from 'chalk';
import { formatHerdLog } from '../report/herd.ts';
import { stringifyJson, testResultToJson } from '../report/json.ts';
import { formatTextReport } from '../report/text.ts';
import { interruptionNote, runBatch, type BatchOptions } from './batch.ts';
import { ExitCode, mostSevere } from './exit-codes.ts';
import { exitCodeForFailure, failureToJson } from './execute.ts';
import type { Output } from './output.ts';

export const reportFormats = ['text', 'herd', 'json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export interface RunCommandOptions {
  format: ReportFormat;
  batch: BatchOptions;
  time: boolean;
  colour: ChalkInstance;
}

export async function runCommand(paths: readonly string[], options: RunCommandOptions, output: Output): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.ok;
  const jsonTests: unknown[] = [];
  let textReports = 0;

  const end = await runBatch(paths, options.batch, output, (outcome) => {
    if ('failure' in outcome) {
      output.stderr(outcome.failure.rendered + '\n');
      exitCode = mostSevere(exitCode, exitCodeForFailure(outcome.failure));
      jsonTests.push({ file: outcome.file, error: failureToJson(outcome.failure) });
      return;
    }
    switch (options.format) {
      case 'text':
        if (textReports++ > 0) output.stdout('\n');
        output.stdout(formatTextReport(outcome.result, { colour: options.colour, showTime: options.time }));
        break;
      case 'herd':
        // Each herd7 log block ends with its own blank line, so blocks simply concatenate.
        output.stdout(formatHerdLog(outcome.result));
        break;
      case 'json':
        jsonTests.push(testResultToJson(outcome.result, { includeTiming: options.time }));
        break;
    }
  });

  if (options.format === 'json') output.stdout(stringifyJson({ tests: jsonTests }));
  if (end.interrupted) {
    output.stderr(interruptionNote(end));
    return ExitCode.interrupted;
  }
  return exitCode;
}
