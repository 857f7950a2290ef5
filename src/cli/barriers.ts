/**
 * `xics-litmus barriers FILE...`: for every ordering point of each test, the
 * verdict without it and weakened, its classification, and a minimal set of
 * points that keeps the expected result.
 */
import { readFileSync } from 'node:fs';
import { ablate, type AblationReport } from '../barriers/ablation.ts';
import { compareAblations, formatComparison } from '../barriers/compare.ts';
import { ablatableTest } from '../barriers/subject.ts';
import { formatAblation } from '../report/barriers.ts';
import { stringifyJson } from '../report/json.ts';
import { ExitCode, mostSevere } from './exit-codes.ts';
import { describeFsError, selectLitmusFiles } from './files.ts';
import { exitCodeForFailure, failureOf, failureToJson, type FileRunOptions } from './execute.ts';
import { MODEL_TITLE } from '../report/judge.ts';
import { planRuns, type ModelSelection } from './batch.ts';
import type { ModelName } from '../outcome/result.ts';
import type { Output } from './output.ts';

export interface BarriersCommandOptions {
  run: FileRunOptions;
  /** The model(s) each test's ordering points are judged under; `both` analyses a kernel-C test under each, POWER first; default: the test's default model. */
  models?: ModelSelection;
  json: boolean;
}

export function barriersCommand(paths: readonly string[], options: BarriersCommandOptions, output: Output): ExitCode {
  const { files, problems } = selectLitmusFiles(paths);
  let exitCode: ExitCode = ExitCode.ok;
  for (const { path, message } of problems) {
    output.stderr(`${path}: error: ${message}\n`);
    exitCode = mostSevere(exitCode, ExitCode.input);
  }
  const reports: unknown[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      output.stderr(`${file}: error: cannot read file: ${describeFsError(error)}\n`);
      exitCode = mostSevere(exitCode, ExitCode.input);
      continue;
    }
    const { models } = planRuns(file, options.models ?? 'default');
    const analyses = new Map<ModelName, AblationReport>();
    for (const model of models) {
      const run: FileRunOptions = model === undefined ? options.run : { ...options.run, model };
      // Under --model both, each analysis says which model it is for.
      const under = models.length > 1 ? `under ${MODEL_TITLE[model!]}:\n` : '';
      try {
        const report = ablate(ablatableTest(text, file, run), run);
        if (model !== undefined) analyses.set(model, report);
        if (options.json) reports.push(ablationToJson(report));
        else output.stdout((reports.push(file) > 1 ? '\n' : '') + under + formatAblation(report));
      } catch (error) {
        const failure = failureOf(file, error, text);
        output.stderr(under + failure.rendered + '\n');
        exitCode = mostSevere(exitCode, exitCodeForFailure(failure));
        if (options.json) reports.push({ file, error: failureToJson(failure) });
      }
    }
    // Both models analysed a kernel-C test: say call by call what each needs ("needed by the LKMM, redundant on POWER v6.13").
    const [lkmm, power] = [analyses.get('lkmm'), analyses.get('power')];
    if (lkmm && power && !options.json) output.stdout(`\nboth models, call by call:\n${formatComparison(compareAblations(lkmm, power))}`);
  }
  if (options.json) output.stdout(stringifyJson({ tests: reports }));
  return exitCode;
}

function ablationToJson(report: AblationReport): unknown {
  return {
    name: report.test.name,
    file: report.test.file,
    target: report.target,
    targetSource: report.targetSource,
    asWritten: report.asWritten,
    points: report.points.map((p) => ({
      id: p.point.id, label: p.point.label, line: p.point.pos.line, col: p.point.pos.col,
      withoutIt: p.withoutIt, weakenedTo: p.point.weakerForm, weakened: p.weakened, classification: p.classification,
    })),
    minimalSet: report.minimalSet?.map((p) => p.label) ?? null,
    minimalExact: report.minimalExact,
  };
}
