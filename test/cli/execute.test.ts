import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExitCode } from '../../src/cli/exit-codes.ts';
import { exitCodeForFailure, failureToJson, internalFailure } from '../../src/cli/execute.ts';

describe('internalFailure', () => {
  it('says "internal error" with the stack, and maps to exit code 70', () => {
    const failure = internalFailure('t.litmus', new Error('boom'));
    assert.match(failure.rendered, /^t\.litmus: internal error \(a bug in xics-litmus.*\):\nError: boom\n\s+at /);
    assert.equal(exitCodeForFailure(failure), ExitCode.internal);
    assert.deepEqual(failureToJson(failure), { kind: 'internal', message: 'boom', line: undefined, col: undefined });
  });
});

describe('exitCodeForFailure', () => {
  it('maps bad input and unsupported constructs to 2 and limits to 3', () => {
    const failure = (kind: 'input' | 'unsupported' | 'limit') => ({ kind, message: '', rendered: '' });
    assert.equal(exitCodeForFailure(failure('input')), ExitCode.input);
    assert.equal(exitCodeForFailure(failure('unsupported')), ExitCode.input);
    assert.equal(exitCodeForFailure(failure('limit')), ExitCode.limit);
  });
});
