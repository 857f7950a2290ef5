/**
 * `xics-litmus explain FILE`: why the test's outcome (or another one given
 * with --outcome) is reachable or forbidden, in words and optionally in
 * Graphviz pictures.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChalkInstance } from 'chalk';
import { explanationPictures, type Picture } from '../explain/dot.ts';
import { explainOutcome } from '../explain/explain.ts';
import { formatExplanation } from '../explain/text.ts';
import type { Prop } from '../ir/program.ts';
import { parseStandaloneProp } from '../parse/condition.ts';
import { resolveRegisterIn } from '../parse/ppc.ts';
import { MODEL_TITLE } from '../report/judge.ts';
import { planRuns, type ModelSelection } from './batch.ts';
import { ExitCode, exitCodeHelp, mostSevere } from './exit-codes.ts';
import { exitCodeForFailure, type Failure, failureOf, type FileRunOptions, loadForModel } from './execute.ts';
import { describeFsError } from './files.ts';
import type { Output } from './output.ts';

export interface ExplainCommandOptions {
  /** A proposition in litmus syntax; default: the test's condition. */
  outcome?: string;
  /** Also analyse the rejected candidates that reach a reachable outcome. */
  forbidden: boolean;
  /** Directories for DOT sources and for SVG renderings. */
  dot?: string;
  svg?: string;
  /** The engine's options and, for kernel-C tests, the target to compile for. */
  run: FileRunOptions;
  /** The model(s) to explain the outcome under; `both` explains it under each, POWER first; default: the test's default model. */
  models?: ModelSelection;
  colour: ChalkInstance;
}

export const explainHelp = `
Outcome:
  The test's own proposition by default (whatever its quantifier); --outcome
  takes another in the same syntax, e.g. --outcome '1:r1=1 /\\ 1:r4=0'.

Reachable outcomes get one witness, the first consistent execution found:
each thread's accesses in program order with source line, instruction (or C
statement and primitive), value, and the rf, fr, co and dependency edges.

Forbidden outcomes get every candidate execution that would reach them, which
ppc.cat rejects. Candidates are grouped by the first axiom they break (the
model's verdict) and its minimal cycle, in base relations, e.g.
  P1:13 R x=0 -fre-> P0:12 W x=1 -lwsync-> P0:15 W y=1 -rfe-> P1:11 R y=1 -addr-> P1:13
  = fre ; prop(propbase(lwsync)) ; hb*(rfe ; ppo(addr))
then the later axioms they also break, the code on the cycles and a legend.
--forbidden adds this analysis to reachable outcomes too.

Pictures:
  --dot DIR writes a Graphviz file per execution shown (NAME-witness.dot,
  NAME-forbidden-N.dot), threads in columns, relations coloured, cycles bold.
  --svg DIR renders them with Graphviz's dot, which must be on the PATH
  (Debian and Ubuntu: apt install graphviz).
${exitCodeHelp}`;

/** Diagnostics about the --outcome text name the option where others name a file. */
const OUTCOME_OPTION = '--outcome';

export function explainCommand(file: string, options: ExplainCommandOptions, output: Output): ExitCode {
  const { models } = planRuns(file, options.models ?? 'default');
  let exitCode: ExitCode = ExitCode.ok;
  models.forEach((model, k) => {
    if (models.length > 1) output.stdout(`${k > 0 ? '\n' : ''}== under ${MODEL_TITLE[model!]} ==\n`);
    const run = model === undefined ? options.run : { ...options.run, model };
    exitCode = mostSevere(exitCode, explainUnder(file, { ...options, run }, output));
  });
  return exitCode;
}

function explainUnder(file: string, options: ExplainCommandOptions, output: Output): ExitCode {
  const fail = (failure: Failure): ExitCode => {
    output.stderr(failure.rendered + '\n');
    return exitCodeForFailure(failure);
  };
  // Before the search, which can take a while, so a missing Graphviz is reported at once.
  if (options.svg !== undefined && !graphvizInstalled()) {
    output.stderr("xics-litmus explain: --svg needs Graphviz's dot command on the PATH; install it (Debian and Ubuntu: apt install graphviz), or write DOT files with --dot\n");
    return ExitCode.usage;
  }
  const loaded = loadForModel(file, options.run);
  if ('failure' in loaded) return fail(loaded.failure);

  let outcome: Prop | undefined;
  if (options.outcome !== undefined) {
    try {
      outcome = parseStandaloneProp(options.outcome, OUTCOME_OPTION, resolveRegisterIn(loaded.test.threads.length));
    } catch (error) {
      return fail(failureOf(OUTCOME_OPTION, error, options.outcome));
    }
  }
  let explanation;
  try {
    explanation = explainOutcome(loaded.test, { ...options.run, outcome, includeRejected: options.forbidden });
  } catch (error) {
    return fail(failureOf(file, error, loaded.source));
  }
  output.stdout(formatExplanation(explanation, options.colour));

  const pictures = explanationPictures(explanation);
  const written: string[] = [];
  try {
    if (options.dot !== undefined) written.push(...writePictures(options.dot, pictures, 'dot', (p) => p.dot));
    if (options.svg !== undefined) written.push(...writePictures(options.svg, pictures, 'svg', renderSvg));
  } catch (error) {
    if (!(error instanceof PictureError)) throw error;
    output.stderr(`xics-litmus explain: ${error.message}\n`);
    return ExitCode.input;
  }
  if (written.length > 0) output.stdout(`\nPictures:\n${written.map((path) => `  ${path}\n`).join('')}`);
  return ExitCode.ok;
}

/** A picture could not be written or rendered; the message says which and why. */
class PictureError extends Error {}

function writePictures(directory: string, pictures: readonly Picture[], extension: string, contents: (p: Picture) => string): string[] {
  return pictures.map((picture) => {
    const path = join(directory, `${picture.name}.${extension}`);
    const text = contents(picture);
    try {
      mkdirSync(directory, { recursive: true });
      writeFileSync(path, text);
    } catch (error) {
      throw new PictureError(`cannot write ${path}: ${describeFsError(error)}`);
    }
    return path;
  });
}

function graphvizInstalled(): boolean {
  return spawnSync('dot', ['-V'], { stdio: 'ignore' }).error === undefined;
}

function renderSvg(picture: Picture): string {
  const run = spawnSync('dot', ['-Tsvg'], { input: picture.dot, encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    // The DOT text is ours, so Graphviz rejecting it is a bug: let it surface as one.
    throw new Error(`dot -Tsvg failed on ${picture.name}: ${run.error?.message ?? run.stderr}`);
  }
  return run.stdout;
}
