/**
 * A worker thread of a parallel run: runs each chunk of files it is sent and
 * posts their outcomes back in one message. Outcomes are plain data (objects, arrays, Maps), which
 * postMessage's structured clone copies whole, so the main thread can print
 * them with the same reporters as a serial run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LitmusTest } from '../ir/program.ts';
import { runJob, type WorkerChunk, type WorkerReply, type WorkerSetup } from './batch.ts';
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

const cloneable = (reply: WorkerReply): boolean => {
  try {
    structuredClone(reply);
    return true;
  } catch {
    return false;
  }
};

port.on('message', (chunk: WorkerChunk) => {
  const replies = chunk.map(({ index, file, model }): WorkerReply => ({ index, outcome: withoutProgram(runJob({ file, model }, engine)) }));
  try {
    port.postMessage(replies);
  } catch (error) {
    // Something in a result cannot be cloned: a bug, reported for its file like any other.
    port.postMessage(replies.map((reply) => cloneable(reply) ? reply : { index: reply.index, outcome: { file: reply.outcome.file, failure: internalFailure(reply.outcome.file, error) } }));
  }
});
