/**
 * A search that explodes ends with a positioned "limit exceeded" message that
 * names the limit and the option raising it, exit code 3, in bounded time,
 * and never with a crash or a stack trace.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli, scratchDirectory, stackFrame, writeScratchFile } from './helpers.ts';
import { sixWritersOneLocation } from './six-writers.ts';

const scratch = scratchDirectory('xics-limits-');
const writers = writeScratchFile(scratch, 'writers.litmus', sixWritersOneLocation({ readsPerThread: 2 }));
/** The line of the `exists` condition, where a limit error points. */
const conditionLine = sixWritersOneLocation({ readsPerThread: 2 }).split('\n').findIndex((line) => line.startsWith('exists')) + 1;

function timed(args: string[]) {
  const started = performance.now();
  return { ...cli(args), seconds: (performance.now() - started) / 1000 };
}

describe('[engine] six writers to one location', () => {
  it('stops at --max-executions, naming the limit and how to raise it', () => {
    const { code, stdout, stderr } = cli(['run', '--max-executions', '20000', writers]);
    assert.equal(code, 3);
    assert.equal(stdout, '');
    assert.equal(
      stderr.split('\n')[0],
      `${writers}:${conditionLine}:1: limit: search limit exceeded: more than 20000 candidate executions (raise it with --max-executions)`,
    );
    assert.doesNotMatch(stderr, stackFrame);
  });

  it('stops at --timeout, on time', () => {
    const { code, stderr, seconds } = timed(['run', '--timeout', '1', writers]);
    assert.equal(code, 3);
    assert.match(stderr, /limit: time limit exceeded: more than 1000 ms on this test \(raise it with --timeout\)/);
    assert.ok(seconds < 10, `took ${seconds} s`);
  });

  it('is reported by check as "limit exceeded", with exit code 3', () => {
    const { code, stdout } = cli(['check', '--timeout', '1', writers]);
    assert.equal(code, 3);
    assert.match(stdout, /writers\.litmus +power +- +- +- +limit exceeded$/m);
  });
});
