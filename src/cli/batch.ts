/**
 * Runs every test a command was given, in worker threads when there are
 * several, and hands the outcomes to the command in file order whatever order
 * the workers finish in, so the output of any --jobs is byte-identical to a
 * serial run. Ctrl-C stops the workers and hands over what had finished.
 */
import { readFileSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { ModelName } from '../outcome/result.ts';
import { parseHeader } from '../parse/header.ts';
import { defaultModel as defaultTestModel } from '../parse/litmus.ts';
import { resultLineModels, Scanner } from '../parse/lexer.ts';
import { internalFailure, runLitmusFile, type FileRunOptions, type TestOutcome } from './execute.ts';
import { selectLitmusFiles, shardFiles, type Shard } from './files.ts';
import type { Output } from './output.ts';
import { startProgressLine } from './progress.ts';

/**
 * Which models each test runs under: one model (`power`, `lkmm`); `both`
 * (a PPC test only has POWER code, so it runs once, under POWER); the test's
 * `default` model; or, `stated`, its default model and every model one of
 * its `Result-power:`/`Result-lkmm:` lines names (what check judges).
 */
export type ModelSelection = ModelName | 'both' | 'default' | 'stated';

/** The order results of one file come in: POWER first, as its code is what the test was first written for. */
const MODEL_ORDER: readonly ModelName[] = ['power', 'lkmm'];

export interface BatchOptions {
  /** The engine's limits and, for kernel-C tests, the target to compile for (the model comes from `models`). */
  engine: FileRunOptions;
  models: ModelSelection;
  /** Most tests run at once, each in its own worker thread. */
  jobs: number;
  /** Run only this part of the selected files; null runs them all. */
  shard: Shard | null;
}

export interface BatchEnd {
  /** Tests selected, the paths that name nothing usable included. */
  selected: number;
  /** Outcomes handed to the command. */
  finished: number;
  /** Ctrl-C stopped the run before every test finished. */
  interrupted: boolean;
}

/**
 * What one file gave: an outcome per model it ran under (in MODEL_ORDER), and
 * the test's default model (null when the file could not be read far enough
 * to tell; its single outcome is then the failure).
 */
export interface FileOutcomes {
  file: string;
  defaultModel: ModelName | null;
  runs: ModelRun[];
}

/** One run's outcome and the model it was asked for (null: the test's default, unknown beforehand). */
export interface ModelRun {
  model: ModelName | null;
  outcome: TestOutcome;
}

/** One run of one file under one model (undefined: the file's default, when it could not be told beforehand). */
interface Job {
  fileIndex: number;
  file: string;
  model: ModelName | undefined;
}

/**
 * Reads enough of a file to plan its runs: its architecture and default model
 * from the header, and the models its result lines name. A file that cannot be
 * read or whose header is broken runs once, as chosen, so the run itself
 * reports the problem with its position.
 */
export function planRuns(file: string, selection: ModelSelection): { defaultModel: ModelName | null; models: (ModelName | undefined)[] } {
  let text: string;
  let header;
  try {
    text = readFileSync(file, 'utf8');
    header = parseHeader(new Scanner(text, file));
  } catch {
    const model = selection === 'power' || selection === 'lkmm' ? selection : undefined;
    return { defaultModel: null, models: [model] };
  }
  const defaultModel = defaultTestModel(header.arch, header.metadata);
  const wanted = new Set<ModelName>();
  switch (selection) {
    case 'default':
      wanted.add(defaultModel);
      break;
    case 'stated':
      wanted.add(defaultModel);
      // A PPC test has no kernel-C code for the LKMM to run.
      if (header.arch === 'C') resultLineModels(text).forEach((model) => wanted.add(model));
      break;
    case 'both':
      MODEL_ORDER.forEach((model) => wanted.add(model));
      if (header.arch !== 'C') wanted.delete('lkmm');
      break;
    default:
      wanted.add(selection);
  }
  return { defaultModel, models: MODEL_ORDER.filter((model) => wanted.has(model)) };
}

/** Runs one file under the job's model (undefined: the file's default). */
export function runJob(job: Pick<Job, 'file' | 'model'>, engine: FileRunOptions): TestOutcome {
  return runLitmusFile(job.file, job.model === undefined ? engine : { ...engine, model: job.model });
}

/** Messages between batch.ts and worker.ts. */
export interface WorkerSetup {
  engine: FileRunOptions;
}
export interface WorkerJob {
  index: number;
  file: string;
  model: ModelName | undefined;
}
/** Jobs go to a worker, and come back, a chunk per message (see chunkSize). */
export type WorkerChunk = WorkerJob[];
export interface WorkerReply {
  index: number;
  outcome: TestOutcome;
}

/**
 * Calls `deliver` with each file's outcomes in order: first the paths that
 * name nothing usable (every shard reports them: each machine must fail on a
 * bad command line), then the shard's files in selection order.
 */
export async function runBatch(
  paths: readonly string[],
  options: BatchOptions,
  output: Output,
  deliver: (outcomes: FileOutcomes) => void,
): Promise<BatchEnd> {
  const selection = selectLitmusFiles(paths);
  const files = options.shard ? shardFiles(selection.files, options.shard) : selection.files;
  for (const { path, message } of selection.problems) {
    deliver({ file: path, defaultModel: null, runs: [{ model: null, outcome: { file: path, failure: { kind: 'input', message, rendered: `${path}: error: ${message}` } } }] });
  }
  const selected = selection.problems.length + files.length;
  const plans = files.map((file) => planRuns(file, options.models));
  const jobs = plans.flatMap((plan, fileIndex) => plan.models.map((model): Job => ({ fileIndex, file: files[fileIndex]!, model })));
  const fileOutcomes = (fileIndex: number, outcomes: TestOutcome[]): FileOutcomes => ({
    file: files[fileIndex]!,
    defaultModel: plans[fileIndex]!.defaultModel,
    runs: outcomes.map((outcome, k) => ({ model: plans[fileIndex]!.models[k] ?? null, outcome })),
  });
  // One job runs in this thread: a worker's start-up (~0.3 s) would double a
  // quick run, and with nothing else to report Ctrl-C may as well kill at once.
  if (jobs.length <= 1) {
    files.forEach((_, fileIndex) => deliver(fileOutcomes(fileIndex, jobs.filter((job) => job.fileIndex === fileIndex).map((job) => runJob(job, options.engine)))));
    return { selected, finished: selected, interrupted: false };
  }
  const { finished, interrupted } = await runInWorkers(files, jobs, options, output, (fileIndex, outcomes) => deliver(fileOutcomes(fileIndex, outcomes)));
  return { selected, finished: selection.problems.length + finished, interrupted };
}

/** What a run stopped by Ctrl-C says on stderr after printing what finished. */
export function interruptionNote({ selected, finished }: BatchEnd): string {
  return `interrupted: ${finished} of ${selected} test${selected === 1 ? '' : 's'} finished\n`;
}

// Built (dist/cli/main.cjs), the worker is the built dist/cli/worker.cjs; run
// from the sources through tsx, worker-entry.js registers tsx in the worker
// first, as a worker does not inherit the main thread's loader.
const workerEntry = import.meta.url.endsWith('.ts') ? new URL('./worker-entry.js', import.meta.url) : new URL('./worker.cjs', import.meta.url);

/**
 * Chunks queued on each worker at once: with one, a worker idles for a round
 * trip to the main thread after every chunk.
 */
const CHUNKS_IN_FLIGHT_PER_WORKER = 2;

/**
 * A run starts one worker, and the others (up to --jobs) only once it looks
 * long enough to pay for them: each worker starts its own V8 and optimises
 * every stage anew on the same cores (README, Speed), so a run of about a
 * second finishes sooner on one. The first worker's pace is read once it
 * has run WARM_UP_MS (its first chunk carries its start and its slowest,
 * unoptimised code), and again at each later chunk; the others start when
 * the jobs left would take it more than PARALLEL_PAYS_MS, or when it has
 * answered nothing for that long (slow tests).
 */
const WARM_UP_MS = 500;
const PARALLEL_PAYS_MS = 1000;

/**
 * Jobs per message. A corpus test takes 2-3 ms, and each message wakes the
 * main thread, which on a 2-core machine takes a core from a worker: one test
 * per message lost about a tenth of --jobs 2's time that way. Chunks shrink
 * as the queue runs out, so no worker is left with a long tail.
 */
const MAX_CHUNK = 16;
function chunkSize(jobsLeft: number, workers: number): number {
  return Math.max(1, Math.min(MAX_CHUNK, Math.floor(jobsLeft / (4 * workers))));
}

async function runInWorkers(
  files: readonly string[],
  jobs: readonly Job[],
  options: BatchOptions,
  output: Output,
  deliver: (fileIndex: number, outcomes: TestOutcome[]) => void,
): Promise<{ finished: number; interrupted: boolean }> {
  // Loaded here: a run of one file never starts a worker, and loading the
  // module is a measurable part of the CLI's start-up. Not by import(): the
  // built bin's script cannot import (scripts/build.ts).
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  return new Promise((resolve) => {
    let nextToSend = 0;
    /** Per file, its outcomes so far (in job order) and how many jobs it still waits for. */
    const perFile = files.map(() => ({ outcomes: new Map<number, TestOutcome>(), left: 0 }));
    jobs.forEach((job) => perFile[job.fileIndex]!.left++);
    /** The chunks of jobs sent to each live worker and not yet answered, in the order it runs them. */
    const queued = new Map<Worker, number[][]>();
    let nextToDeliver = 0;
    let finished = 0;
    let jobsFinished = 0;
    let stopped = false;
    const workerCount = Math.min(options.jobs, jobs.length);
    /** Whether the other workers were started, or need not be (see WARM_UP_MS). */
    let sparesDecided = workerCount === 1;
    const firstStarted = performance.now();
    /** The first worker's first answer, and the jobs finished by then. */
    let firstAnswer: { at: number; jobsFinished: number } | null = null;
    let lastAnswer: number | null = null;
    let sparesTimer: NodeJS.Timeout | undefined;

    const progress = startProgressLine(output, () => {
      // The earliest file still running is the one holding up the output.
      const current = Math.min(...[...queued.values()].map((chunks) => jobs[chunks[0]?.[0] ?? -1]?.fileIndex ?? Infinity));
      return `[${finished}/${files.length}] ${files[current] ?? ''}`;
    });

    const outcomesOf = (fileIndex: number): TestOutcome[] =>
      [...perFile[fileIndex]!.outcomes].sort(([a], [b]) => a - b).map(([, outcome]) => outcome);

    const deliverInOrder = () => {
      while (nextToDeliver < files.length && perFile[nextToDeliver]!.left === 0) {
        progress?.erase();
        deliver(nextToDeliver, outcomesOf(nextToDeliver));
        // Handed over: kept, every result of a long run would stay in memory to its end.
        perFile[nextToDeliver]!.outcomes.clear();
        nextToDeliver++;
      }
    };

    const stop = (interrupted: boolean) => {
      stopped = true;
      clearTimeout(sparesTimer);
      process.removeListener('SIGINT', onInterrupt);
      for (const worker of queued.keys()) void worker.terminate();
      if (interrupted) {
        // Print the files that finished, in order, leaving out those that did not.
        for (let fileIndex = nextToDeliver; fileIndex < files.length; fileIndex++) {
          if (perFile[fileIndex]!.left > 0) continue;
          progress?.erase();
          deliver(fileIndex, outcomesOf(fileIndex));
        }
      }
      progress?.stop();
      resolve({ finished, interrupted });
    };
    const onInterrupt = () => stop(true);
    process.once('SIGINT', onInterrupt);

    const record = (index: number, outcome: TestOutcome) => {
      const file = perFile[jobs[index]!.fileIndex]!;
      file.outcomes.set(index, outcome);
      jobsFinished++;
      if (--file.left === 0) finished++;
    };

    const send = (worker: Worker, chunk: number[]) => {
      queued.get(worker)!.push(chunk);
      worker.postMessage(chunk.map((index) => ({ index, file: jobs[index]!.file, model: jobs[index]!.model })) satisfies WorkerChunk);
    };

    /** Tops up the worker's queue; a worker with nothing left to do is let go. */
    const feed = (worker: Worker) => {
      const chunks = queued.get(worker)!;
      // Until the others may start, the first worker holds one chunk: the rest stays here for them to share.
      const inFlight = sparesDecided ? CHUNKS_IN_FLIGHT_PER_WORKER : 1;
      while (chunks.length < inFlight && nextToSend < jobs.length) {
        const size = chunkSize(jobs.length - nextToSend, queued.size);
        send(worker, Array.from({ length: size }, (_, k) => nextToSend + k));
        nextToSend += size;
      }
      if (chunks.length > 0) return;
      queued.delete(worker);
      void worker.terminate();
      if (queued.size === 0) stop(false);
    };

    const startWorker = (): Worker => {
      const worker = new Worker(workerEntry, { workerData: { engine: options.engine } satisfies WorkerSetup });
      queued.set(worker, []);
      worker.on('message', (replies: WorkerReply[]) => {
        if (stopped) return;
        queued.get(worker)!.shift();
        replies.forEach(({ index, outcome }) => record(index, outcome));
        deliverInOrder();
        considerSpares(true);
        feed(worker);
      });
      // A worker dies only through a bug or exhausted memory. Which job of its
      // chunk killed it is not known, so the chunk is run again one job per
      // message; a lone job that kills a worker gets an internal error. A
      // fresh worker takes over the rest.
      worker.on('error', (error) => {
        const chunks = queued.get(worker);
        if (stopped || chunks === undefined) return;
        queued.delete(worker);
        const [running, ...rest] = chunks;
        const replacement = startWorker();
        if (running!.length === 1) {
          const crashed = running![0]!;
          const file = jobs[crashed]!.file;
          record(crashed, { file, failure: internalFailure(file, error) });
          deliverInOrder();
        } else {
          running!.forEach((index) => send(replacement, [index]));
        }
        rest.forEach((chunk) => send(replacement, chunk));
        feed(replacement);
      });
      return worker;
    };

    const startSpares = () => {
      sparesDecided = true;
      clearTimeout(sparesTimer);
      while (queued.size < workerCount && nextToSend < jobs.length) feed(startWorker());
    };
    /** Starts the other workers if the jobs left look long for one (see WARM_UP_MS): at each answer, and when answers are late. */
    const considerSpares = (answered: boolean) => {
      if (sparesDecided || stopped) return;
      const now = performance.now();
      if (answered) {
        lastAnswer = now;
        firstAnswer ??= { at: now, jobsFinished };
      }
      clearTimeout(sparesTimer);
      if (nextToSend === jobs.length) return;
      const running = now - firstStarted;
      if (running < WARM_UP_MS) {
        sparesTimer = setTimeout(() => considerSpares(false), WARM_UP_MS - running);
        return;
      }
      const done = firstAnswer ? jobsFinished - firstAnswer.jobsFinished : 0;
      const pace = done > 0 ? (now - firstAnswer!.at) / done : Infinity;
      const silent = now - (lastAnswer ?? firstStarted);
      if (silent >= PARALLEL_PAYS_MS || pace * (jobs.length - jobsFinished) > PARALLEL_PAYS_MS) startSpares();
      else sparesTimer = setTimeout(() => considerSpares(false), PARALLEL_PAYS_MS - silent);
    };

    sparesTimer = setTimeout(() => considerSpares(false), WARM_UP_MS);
    feed(startWorker());
  });
}
