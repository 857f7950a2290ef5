/**
 * A worker thread of a parallel run: runs each file it is sent and posts the
 * outcome back. Outcomes are plain data (objects, arrays, Maps), which
 * postMessage's structured clone copies whole, so the main thread can print
 * them with the same reporters as a serial run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LitmusTest } from '../ir/program.ts';
import { runJob, type WorkerJob, type WorkerReply, type WorkerSetup } from './batch.ts';
import { internalFailure, type TestOutcome } from './execute.ts';

if (parentPort === null) throw new Error('worker.ts runs only as a worker thread (see batch.ts)');
const port = parentPort;
const { engine } = workerData as WorkerSetup;

/** The outcome without the program (see ReportedTest): copying the code back dominated a parallel run. */
function withoutProgram(outcome: TestOutcome): TestOutcome {
  if (!('result' in outcome)) return outcome;
  const { threads: _threads, init: _init, ...test } = outcome.result.test as LitmusTest;
  return { ...outcome, result: { ...outcome.result, test } };
}

port.on('message', ({ index, file, model }: WorkerJob) => {
  const outcome = withoutProgram(runJob({ file, model }, engine));
  try {
    port.postMessage({ index, outcome } satisfies WorkerReply);
  } catch (error) {
    // Something in the result cannot be cloned: a bug, reported for this file like any other.
    port.postMessage({ index, outcome: { file, failure: internalFailure(file, error) } } satisfies WorkerReply);
  }
});
