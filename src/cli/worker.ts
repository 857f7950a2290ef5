/**
 * A worker thread of a parallel run: runs each file it is sent and posts the
 * outcome back. Outcomes are plain data (objects, arrays, Maps), which
 * postMessage's structured clone copies whole, so the main thread can print
 * them with the same reporters as a serial run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerJob, WorkerReply, WorkerSetup } from './batch.ts';
import { internalFailure, runLitmusFile } from './execute.ts';

if (parentPort === null) throw new Error('worker.ts runs only as a worker thread (see batch.ts)');
const port = parentPort;
const { engine } = workerData as WorkerSetup;

port.on('message', ({ index, file }: WorkerJob) => {
  const outcome = runLitmusFile(file, engine);
  try {
    port.postMessage({ index, outcome } satisfies WorkerReply);
  } catch (error) {
    // Something in the result cannot be cloned: a bug, reported for this file like any other.
    port.postMessage({ index, outcome: { file, failure: internalFailure(file, error) } } satisfies WorkerReply);
  }
});
