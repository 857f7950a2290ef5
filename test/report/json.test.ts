import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringifyJson, testResultToJson } from '../../src/report/json.ts';
import { allowedResult, forbiddenResult } from './sample-result.ts';

describe('testResultToJson', () => {
  it('carries the same facts as the text report, keyed by location text', () => {
    assert.deepEqual(testResultToJson(allowedResult(), { includeTiming: false }), {
      name: 'MP+lwsync+addr',
      file: 'litmus/MP+lwsync+addr.litmus',
      model: 'power',
      condition: 'exists (1:r1=1 /\\ 1:r4=0)',
      outcome: '1:r1=1 /\\ 1:r4=0',
      observed: ['1:r1', '1:r4'],
      states: [
        { values: { '1:r1': 0, '1:r4': 0 }, satisfies: false },
        { values: { '1:r1': 0, '1:r4': 1 }, satisfies: false },
        { values: { '1:r1': 1, '1:r4': 0 }, satisfies: true },
        { values: { '1:r1': 1, '1:r4': 1 }, satisfies: false },
      ],
      flags: [],
      positive: 1,
      negative: 3,
      observation: 'Sometimes',
      conditionHolds: true,
      loopBoundHit: false,
      unroll: 2,
      expected: 'Never',
    });
  });

  it('includes the elapsed time only when asked, so default output is reproducible', () => {
    assert.equal('elapsedMs' in testResultToJson(forbiddenResult(), { includeTiming: false }), false);
    assert.equal(testResultToJson(forbiddenResult(), { includeTiming: true }).elapsedMs, 1.25);
  });

  it('round-trips through stringifyJson as one newline-terminated document', () => {
    const text = stringifyJson({ tests: [testResultToJson(forbiddenResult(), { includeTiming: false })] });
    assert.ok(text.endsWith('}\n'));
    assert.equal((JSON.parse(text) as { tests: { observation: string }[] }).tests[0]!.observation, 'Never');
  });
});
