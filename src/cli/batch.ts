/**
 * Runs every test a command was given, in worker threads when there are
 * several, and hands the outcomes to the command in file order whatever order
 * the workers finish in, so the output of any --jobs is byte-identical to a
 * serial run. Ctrl-C stops the workers and hands over what had finished.
 */
import { Worker } from 'node:worker_threads';
import { internalFailure, runLitmusFile, type FileRunOptions, type TestOutcome } from './execute.ts';
import { selectLitmusFiles, shardFiles, type Shard } from './files.ts';
import type { Output } from './output.ts';
import { startProgressLine } from './progress.ts';

export interface BatchOptions {
  /** The engine's limits and, for kernel-C tests, the target to compile for. */
  engine: FileRunOptions;
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

/** Messages between batch.ts and worker.ts. */
export interface WorkerSetup {
  engine: FileRunOptions;
}
export interface WorkerJob {
  index: number;
  file: string;
}
export interface WorkerReply {
  index: number;
  outcome: TestOutcome;
}

/**
 * Calls `deliver` with each outcome in order: first the paths that name
 * nothing usable (every shard reports them: each machine must fail on a bad
 * command line), then the shard's files in selection order.
 */
export async function runBatch(
  paths: readonly string[],
  options: BatchOptions,
  output: Output,
  deliver: (outcome: TestOutcome) => void,
): Promise<BatchEnd> {
  const selection = selectLitmusFiles(paths);
  const files = options.shard ? shardFiles(selection.files, options.shard) : selection.files;
  for (const { path, message } of selection.problems) {
    deliver({ file: path, failure: { kind: 'input', message, rendered: `${path}: error: ${message}` } });
  }
  const selected = selection.problems.length + files.length;
  // One file runs in this thread: a worker's start-up (~0.3 s) would double a
  // quick run, and with nothing else to report Ctrl-C may as well kill at once.
  if (files.length <= 1) {
    files.forEach((file) => deliver(runLitmusFile(file, options.engine)));
    return { selected, finished: selected, interrupted: false };
  }
  const { finished, interrupted } = await runInWorkers(files, options, output, deliver);
  return { selected, finished: selection.problems.length + finished, interrupted };
}

/** What a run stopped by Ctrl-C says on stderr after printing what finished. */
export function interruptionNote({ selected, finished }: BatchEnd): string {
  return `interrupted: ${finished} of ${selected} test${selected === 1 ? '' : 's'} finished\n`;
}

const workerEntry = new URL('./worker-entry.js', import.meta.url);

/**
 * Files queued on each worker at once. With one, a worker idles for a round
 * trip to the main thread after every test: 1.5 s over the 6,184 corpus tests.
 */
const FILES_IN_FLIGHT_PER_WORKER = 2;

function runInWorkers(
  files: readonly string[],
  options: BatchOptions,
  output: Output,
  deliver: (outcome: TestOutcome) => void,
): Promise<{ finished: number; interrupted: boolean }> {
  return new Promise((resolve) => {
    /** Outcomes that arrived before an earlier file's, waiting for their turn. */
    const waiting = new Map<number, TestOutcome>();
    /** The files sent to each live worker and not yet answered, in the order it runs them. */
    const queued = new Map<Worker, number[]>();
    let nextToStart = 0;
    let nextToDeliver = 0;
    let finished = 0;
    let stopped = false;

    const progress = startProgressLine(output, () => {
      // The earliest file still running is the one holding up the output.
      const current = Math.min(...[...queued.values()].map((indices) => indices[0] ?? Infinity));
      return `[${finished}/${files.length}] ${files[current] ?? ''}`;
    });

    const deliverInOrder = () => {
      for (let outcome = waiting.get(nextToDeliver); outcome !== undefined; outcome = waiting.get(nextToDeliver)) {
        waiting.delete(nextToDeliver++);
        progress?.erase();
        deliver(outcome);
      }
    };

    const stop = (interrupted: boolean) => {
      stopped = true;
      process.removeListener('SIGINT', onInterrupt);
      for (const worker of queued.keys()) void worker.terminate();
      if (interrupted) {
        // Print what finished, in order, leaving out the files that did not.
        for (const index of [...waiting.keys()].sort((a, b) => a - b)) {
          progress?.erase();
          deliver(waiting.get(index)!);
        }
      }
      progress?.stop();
      resolve({ finished, interrupted });
    };
    const onInterrupt = () => stop(true);
    process.once('SIGINT', onInterrupt);

    const record = (index: number, outcome: TestOutcome) => {
      waiting.set(index, outcome);
      finished++;
      deliverInOrder();
    };

    const send = (worker: Worker, index: number) => {
      queued.get(worker)!.push(index);
      worker.postMessage({ index, file: files[index]! } satisfies WorkerJob);
    };

    /** Tops up the worker's queue; a worker with nothing left to do is let go. */
    const feed = (worker: Worker) => {
      const indices = queued.get(worker)!;
      while (indices.length < FILES_IN_FLIGHT_PER_WORKER && nextToStart < files.length) send(worker, nextToStart++);
      if (indices.length > 0) return;
      queued.delete(worker);
      void worker.terminate();
      if (queued.size === 0) stop(false);
    };

    const startWorker = (): Worker => {
      const worker = new Worker(workerEntry, { workerData: { engine: options.engine } satisfies WorkerSetup });
      queued.set(worker, []);
      worker.on('message', ({ index, outcome }: WorkerReply) => {
        if (stopped) return;
        queued.get(worker)!.shift();
        record(index, outcome);
        feed(worker);
      });
      // A worker dies only through a bug or exhausted memory: the file it was
      // running gets an internal error and a fresh worker takes over the rest.
      worker.on('error', (error) => {
        const indices = queued.get(worker);
        if (stopped || indices === undefined) return;
        queued.delete(worker);
        const [crashed, ...pending] = indices;
        const replacement = startWorker();
        pending.forEach((index) => send(replacement, index));
        record(crashed!, { file: files[crashed!]!, failure: internalFailure(files[crashed!]!, error) });
        feed(replacement);
      });
      return worker;
    };

    for (let i = 0; i < Math.min(options.jobs, files.length); i++) feed(startWorker());
  });
}
