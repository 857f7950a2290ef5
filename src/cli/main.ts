/**
 * Command-line entry point. Parses arguments with commander and maps every
 * way a run can end to one of the documented exit codes; nothing escapes as a
 * raw exception.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_MAX_EXECUTIONS, DEFAULT_TIMEOUT_MS, DEFAULT_UNROLL, type RunOptions } from '../engine.ts';
import { CPU_FLAVOURS, type CpuFlavour, DEFAULT_TARGET, KERNEL_VERSIONS, type KernelVersion } from '../kernel-c/primitives.ts';
import type { BatchOptions, ModelSelection } from './batch.ts';
import { colourFor } from './colour.ts';
import { ExitCode, exitCodeHelp, mostSevere } from './exit-codes.ts';
import { type FileRunOptions, internalFailure } from './execute.ts';
import type { Shard } from './files.ts';
import { processOutput, type Output } from './output.ts';
import type { ReportFormat } from './run.ts';

/**
 * Each command's module, loaded only when the command line names it: a run
 * then loads neither the explainer nor the barrier analysis (start-up time).
 * A command's help text and choices live in its module, and are shown only
 * when its name is on the command line, so preloading by name is enough; the
 * actions load their module again (from the cache) in any case.
 */
const commandModules = {
  run: () => import('./run.ts'),
  check: () => import('./check.ts'),
  compile: () => import('./compile.ts'),
  explain: () => import('./explain.ts'),
  barriers: () => import('./barriers.ts'),
  primitives: () => import('./primitives.ts'),
};

async function preload<M>(argv: readonly string[], name: keyof typeof commandModules, load: () => Promise<M>): Promise<M | undefined> {
  return argv.includes(name) ? load() : undefined;
}

/** Options of every command that explores executions. */
interface EngineCliOptions {
  unroll?: number;
  maxExecutions?: number;
  timeout?: number;
  /** undefined = decide from the terminal and NO_COLOR. */
  color?: boolean;
}

/** Options of the commands that run many tests. */
interface CommonOptions extends EngineCliOptions {
  jobs: number;
  shard?: Shard;
}

function engineOptions(options: EngineCliOptions): RunOptions {
  return {
    unroll: options.unroll,
    maxExecutions: options.maxExecutions,
    timeoutMs: options.timeout === undefined ? undefined : options.timeout * 1000,
  };
}

function fileRunOptions(options: EngineCliOptions & TargetCliOptions): FileRunOptions {
  // A kernel-C test is compiled where it runs (maybe a worker thread), so its target travels with the engine's options.
  return { ...engineOptions(options), kernel: options.kernel, cpu: options.cpu };
}

/** `unchosen`: what the command does without --model (run: each test's default model; check: every model a result is stated for). */
function batchOptions(options: CommonOptions & TargetCliOptions & ModelCliOptions, unchosen: ModelSelection): BatchOptions {
  return { engine: fileRunOptions(options), jobs: options.jobs, shard: options.shard ?? null, models: options.model ?? unchosen };
}

const MODEL_CHOICES = ['lkmm', 'power', 'both'] as const;
type ModelChoice = (typeof MODEL_CHOICES)[number];

interface ModelCliOptions {
  model?: ModelChoice;
}

function addModelOption(command: Command, unchosen: string): Command {
  return command.addOption(
    new Option('--model <model>', `memory model: lkmm (linux-kernel.cat, kernel-C tests), power (ppc.cat over the POWER code), or both (default: ${unchosen})`).choices(MODEL_CHOICES),
  );
}

const modelHelp = `
Models:
  Each test has a default model: a PPC test is judged by ppc.cat (power); a
  kernel-C test is a POWER test when its metadata names a kernel build
  (Kernel=, Cpu=, Ipi= or Config= lines, as every litmus/ipi test has) and
  an LKMM test otherwise. Its Result: comment is a verdict under that model;
  a Result-power: or Result-lkmm: line states the other model's verdict.
  --model lkmm|power runs every test under that model; --model both runs a
  kernel-C test under both (POWER for the chosen --kernel and --cpu) and a
  PPC test once, under POWER.`;

/** What kernel-C tests are compiled for; unset, the test's metadata decides. */
interface TargetCliOptions {
  kernel?: KernelVersion;
  cpu?: CpuFlavour;
}

function addTargetOptions(command: Command): Command {
  return command
    .addOption(new Option('--kernel <version>', `kernel version kernel-C tests are compiled for (default: the test's Kernel= metadata, else ${DEFAULT_TARGET.kernel})`).choices(KERNEL_VERSIONS))
    .addOption(new Option('--cpu <flavour>', `CPU flavour kernel-C tests are compiled for (default: the test's Cpu= metadata, else ${DEFAULT_TARGET.cpu})`).choices(CPU_FLAVOURS));
}

const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function parseCount(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('expected a non-negative integer.');
  return Number(text);
}

function parsePositiveCount(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) === 0) throw new InvalidArgumentError('expected a positive integer.');
  return Number(text);
}

function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (index < 1 || index > count) throw new InvalidArgumentError('expected i/n with 1 <= i <= n, e.g. 2/4.');
  return { index, count };
}

function parseSeconds(text: string): number {
  if (!/^\d+(\.\d+)?$/.test(text) || Number(text) === 0) throw new InvalidArgumentError('expected a positive number of seconds.');
  return Number(text);
}

/** The engine's options, then (for commands that run many tests, `batch`) --jobs and --shard, then colour. */
function addCommonOptions(command: Command, { batch } = { batch: true }): Command {
  command
    .option('--unroll <n>', `times a backward branch may be taken (default: the test's Unroll= metadata, else ${DEFAULT_UNROLL}, as herd7)`, parseCount)
    .option('--max-executions <n>', `give up on a test (exit 3) after this many candidate executions (default: ${DEFAULT_MAX_EXECUTIONS})`, parseCount)
    .option('--timeout <seconds>', `give up on a test (exit 3) after this long (default: ${DEFAULT_TIMEOUT_MS / 1000})`, parseSeconds);
  if (batch) {
    command
      .option('--jobs <n>', 'tests run at once, each in a worker thread (default: the number of cores)', parsePositiveCount, availableParallelism())
      .option('--shard <i/n>', 'run only part i of n of the files, to split a corpus across machines', parseShard);
  }
  return command
    .option('--color', 'colour the output even when it is not a terminal')
    .option('--no-color', 'never colour the output (NO_COLOR=1 does the same)');
}

const parallelHelp = `
Parallel and sharded runs:
  Tests run in worker threads, --jobs at a time; the output is the same,
  byte for byte, whatever --jobs is. A run starts one worker, and the others
  half a second in if the tests left look like more than a second's work for
  one (each worker optimises the code anew). --shard i/n runs only part i of n (the
  k-th selected file, counting from 0, goes to part k mod n + 1), to split a
  corpus across CI machines. On a terminal, a progress line shows on stderr
  once a run takes more than a second. Ctrl-C stops the run and prints what
  had finished.`;

const runHelp = `
Paths:
  Each PATH is a litmus file or a directory; directories are searched
  recursively for *.litmus files, which run in sorted order.

Formats:
  text  reachable final states (* marks those satisfying the outcome), then the
        verdict in plain words: never reachable / reachable / always reached
  herd  herd7's log format (Test/States/Ok/Witnesses/Condition/Observation),
        for mcompare7 and scripts that grep Observation lines
  json  one JSON document: {"tests": [...]}, each test with its condition,
        observed locations, states, positive/negative counts, observation,
        conditionHolds, loopBoundHit; a test that failed has {"file", "error"}

Errors in one file are reported on stderr (file:line:col, the line, a caret)
and the other files still run. run does not compare with Result: comments
beyond noting a mismatch; use check for that.
${modelHelp}
  run --model both prints each model's report, then compares their final
  states: a state POWER reaches that the LKMM forbids means an unsound
  primitive mapping or a kernel bug; a state the LKMM allows that POWER never
  reaches means the hardware is stronger, and code relying on it is not
  portable.
${parallelHelp}
${exitCodeHelp}`;

const checkHelp = `
Paths:
  PATH defaults to litmus/ in the current directory. Directories are searched
  recursively for *.litmus files, which run in sorted order.

Each test must carry an LKMM-style comment before its init block, judged
as the kernel's tools/memory-model/scripts/judgelitmus.sh judges it:
  (* Result: Never *)      the outcome is never reachable
  (* Result: Sometimes *)  some execution reaches it
  (* Result: Always *)     every execution reaches it
  (* Result: Maybe *)      any verdict passes
  (* Result: DEADLOCK *)   no execution completes at all (herd's Never 0 0);
                           no execution at all fails any other word
  ... DATARACE after the word: some execution has a data race between plain
  accesses (herd's Flag data-race); under the LKMM the flag and the word must
  go together, and a wrong verdict of a predicted race is forgiven
The word is compared with the Observation (which always refers to the
condition's proposition, whatever its quantifier). A test without a Result
comment fails the check.
${modelHelp}
  Without --model, check judges every stated result under its model: the
  Result: line under the default, each Result-power:/Result-lkmm: line under
  its own. A model run with nothing stated for it (--model both) is shown as
  "not stated" and does not fail.

Prints a table (test, model, expected, got, pos/neg, status) and a summary;
with --json, one JSON document {"tests": [...], "summary": {...}, "exitCode": n}.

In CI:
  --junit FILE also writes a JUnit XML report: one testcase per litmus test,
  with a failure element (and its reason) for every test that did not give
  its expected result. When GITHUB_ACTIONS=true, each such test also gets an
  ::error annotation on stderr, at the Result comment of a mismatch or at the
  offending text of an input error.
${parallelHelp}
${exitCodeHelp}`;

const barriersHelp = `
Ordering points:
  PPC tests: every sync, lwsync, eieio and isync. Kernel-C tests: every
  barrier a primitive expands to for the chosen kernel and CPU (smp_mb, mb,
  wmb, rmb, the entry/exit barriers of xchg and cmpxchg, the barrier inside
  each cause_ipi variant, explicit sync()/lwsync()/isync()/eieio()).

Each point is removed, then weakened (sync -> lwsync -> eieio; an acquire
lwsync -> isync), and the test re-checked. The verdict is judged against the
test's Result: comment (or, without one, its result as written):
  necessary        removing or weakening it changes the verdict
  could be weaker  removing it changes the verdict, weakening it does not
  redundant        removing it changes nothing
A minimal set of points to keep (all others removed) that still gives the
expected result follows; it is exact (all subsets tried) up to 8 points and
found greedily beyond.
${modelHelp}
${exitCodeHelp}`;

export async function main(argv: readonly string[], output: Output = processOutput): Promise<ExitCode> {
  const [runModule, compileModule, explainModule] = await Promise.all([
    preload(argv, 'run', commandModules.run),
    preload(argv, 'compile', commandModules.compile),
    preload(argv, 'explain', commandModules.explain),
  ]);
  let exitCode: ExitCode = ExitCode.ok;
  const colour = (requested: boolean | undefined) => colourFor(requested, process.stdout, process.env);

  const program = new Command('xics-litmus')
    .description('Exhaustive checker for POWER litmus tests under herd7\'s ppc.cat model.')
    .version(packageVersion)
    .exitOverride()
    .configureOutput({ writeOut: output.stdout, writeErr: output.stderr })
    .showHelpAfterError('(run "xics-litmus --help" or "xics-litmus COMMAND --help" for usage)')
    .addHelpText('after', exitCodeHelp);

  addCommonOptions(
    addModelOption(addTargetOptions(program.command('run')), "each test's default model")
      .description('Run litmus tests and report every reachable final state and whether the outcome is reachable.')
      .argument('<paths...>', 'litmus files or directories')
      .addOption(new Option('--format <format>', 'report format').choices(runModule?.reportFormats ?? []).default('text'))
      .option('--time', 'also report how long each test took (off by default so output is reproducible)'),
  )
    .addHelpText('after', runHelp)
    .action(async (paths: string[], options: CommonOptions & TargetCliOptions & ModelCliOptions & { format: ReportFormat; time?: boolean }) => {
      const time = options.time === true;
      const { runCommand } = await commandModules.run();
      exitCode = await runCommand(paths, { format: options.format, batch: batchOptions(options, 'default'), time, colour: colour(options.color) }, output);
    });

  addCommonOptions(
    addModelOption(addTargetOptions(program.command('check')), 'every model the test states a result for, at least its default')
      .description('Run litmus tests and compare each verdict with the (* Result: ... *) comment in the file.')
      .argument('[paths...]', 'litmus files or directories', ['litmus'])
      .option('--json', 'print a JSON report instead of the table')
      .option('--junit <file>', 'also write a JUnit XML report (one testcase per litmus test) to this file')
      .option('--barriers', 'after the table, the barrier analysis of each test (as the barriers command prints it)'),
  )
    .addHelpText('after', checkHelp)
    .action(async (paths: string[], options: CommonOptions & TargetCliOptions & ModelCliOptions & { json?: boolean; junit?: string; barriers?: boolean }, command: Command) => {
      if (options.barriers && options.json) command.error('error: --barriers prints tables; for a machine-readable analysis run "xics-litmus barriers --json"');
      const { checkCommand } = await commandModules.check();
      exitCode = await checkCommand(
        paths,
        {
          batch: batchOptions(options, 'stated'),
          json: options.json === true,
          junit: options.junit ?? null,
          annotations: process.env.GITHUB_ACTIONS === 'true',
          colour: colour(options.color),
        },
        output,
      );
      if (options.barriers) {
        output.stdout('\n');
        const { barriersCommand } = await commandModules.barriers();
        exitCode = mostSevere(exitCode, barriersCommand(paths, { run: fileRunOptions(options), models: options.model ?? 'default', json: false }, output));
      }
    });

  addTargetOptions(
    program
      .command('compile')
      .description('Print the herd7 PPC litmus test a kernel-C test becomes for a kernel version and CPU flavour.')
      .argument('<file>', 'a kernel-C litmus file'),
  )
    .addHelpText('after', () => compileModule?.compileHelp ?? '')
    .action(async (file: string, options: TargetCliOptions) => {
      const { compileCommand } = await commandModules.compile();
      exitCode = compileCommand(file, options, output);
    });

  addTargetOptions(
    program
      .command('primitives')
      .description('Print what each kernel primitive becomes in POWER instructions, per kernel version and CPU flavour (all, unless chosen).'),
  ).action(async (options: TargetCliOptions) => {
    const { primitivesCommand } = await commandModules.primitives();
    exitCode = primitivesCommand(options, output);
  });

  addModelOption(addTargetOptions(addCommonOptions(
    program
      .command('explain')
      .description('Explain one test\'s outcome: a witness execution if it is reachable, else the ppc.cat axioms and minimal cycles that forbid it.')
      .argument('<file>', 'a litmus file')
      .option('--outcome <prop>', "the outcome to explain, e.g. '1:r1=1 /\\ 1:r4=0' (default: the test's condition)")
      .option('--forbidden', 'also explain the rejected candidate executions that reach a reachable outcome')
      .option('--dot <dir>', 'write a Graphviz DOT picture of each execution shown into this directory')
      .option('--svg <dir>', 'render those pictures as SVG into this directory (needs Graphviz dot on the PATH)'),
    { batch: false },
  )), "the test's default model")
    .addHelpText('after', () => explainModule?.explainHelp ?? '')
    .addHelpText('after', modelHelp)
    .action(async (file: string, options: EngineCliOptions & TargetCliOptions & ModelCliOptions & { outcome?: string; forbidden?: boolean; dot?: string; svg?: string }) => {
      const { explainCommand } = await commandModules.explain();
      const { outcome, dot, svg } = options;
      const run = fileRunOptions(options);
      exitCode = explainCommand(file, { outcome, forbidden: options.forbidden === true, dot, svg, run, models: options.model ?? 'default', colour: colour(options.color) }, output);
    });

  addModelOption(addTargetOptions(addCommonOptions(
    program
      .command('barriers')
      .description('For every ordering point (fence, barrier primitive, xchg/cmpxchg ordering, cause_ipi barrier), the verdict without it and weakened, and a minimal set that keeps the expected result.')
      .argument('<paths...>', 'litmus files or directories')
      .option('--json', 'print a JSON report instead of the tables'),
    { batch: false },
  )), "each test's default model")
    .addHelpText('after', barriersHelp)
    .action(async (paths: string[], options: EngineCliOptions & TargetCliOptions & ModelCliOptions & { json?: boolean }) => {
      const { barriersCommand } = await commandModules.barriers();
      exitCode = barriersCommand(paths, { run: fileRunOptions(options), models: options.model ?? 'default', json: options.json === true }, output);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    output.stderr(internalFailure('xics-litmus', error).rendered + '\n');
    return ExitCode.internal;
  }
  return exitCode;
}
