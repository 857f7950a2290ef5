/** `xics-litmus run`: report what each test can do, in the chosen format. */
import type { ChalkInstance } from 'chalk';
import type { TestResult } from '../outcome/result.ts';
import { formatHerdLog } from '../report/herd.ts';
import { MODEL_TITLE } from '../report/judge.ts';
import { compareModels, formatModelComparison } from '../report/models.ts';
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
  const jsonComparisons: unknown[] = [];
  let textReports = 0;

  const end = await runBatch(paths, options.batch, output, ({ file, defaultModel, runs }) => {
    const results: TestResult[] = [];
    for (const { model, outcome } of runs) {
      if ('failure' in outcome) {
        // Under --model both, say which model could not run the test: the other one's report still follows.
        output.stderr(outcome.failure.rendered + (runs.length > 1 && model !== null ? `\n  (under ${MODEL_TITLE[model]}; the other model's report follows)` : '') + '\n');
        exitCode = mostSevere(exitCode, exitCodeForFailure(outcome.failure));
        jsonTests.push({ file: outcome.file, ...(model === null ? {} : { model }), error: failureToJson(outcome.failure) });
        continue;
      }
      results.push(outcome.result);
      switch (options.format) {
        case 'text':
          if (textReports++ > 0) output.stdout('\n');
          output.stdout(formatTextReport(outcome.result, { colour: options.colour, showTime: options.time, defaultModel }));
          break;
        case 'herd':
          // Each herd7 log block ends with its own blank line, so blocks simply concatenate.
          output.stdout(formatHerdLog(outcome.result));
          break;
        case 'json':
          jsonTests.push(testResultToJson(outcome.result, { includeTiming: options.time, defaultModel }));
          break;
      }
    }
    const power = results.find((result) => result.model === 'power');
    const lkmm = results.find((result) => result.model === 'lkmm');
    if (power === undefined || lkmm === undefined) return;
    if (options.format === 'text') output.stdout(formatModelComparison(power, lkmm, options.colour));
    if (options.format === 'json') jsonComparisons.push({ file, name: power.test.name, ...compareModels(power, lkmm) });
  });

  if (options.format === 'json') output.stdout(stringifyJson(jsonComparisons.length > 0 ? { tests: jsonTests, comparisons: jsonComparisons } : { tests: jsonTests }));
  if (end.interrupted) {
    output.stderr(interruptionNote(end));
    return ExitCode.interrupted;
  }
  return exitCode;
}
