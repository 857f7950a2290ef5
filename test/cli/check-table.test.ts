import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chalk } from 'chalk';
import { formatCheckJson, formatCheckTable, judge } from '../../src/cli/check.ts';
import { ExitCode } from '../../src/cli/exit-codes.ts';
import { allowedResult, forbiddenResult, sampleTest } from '../report/sample-result.ts';

const file = 'litmus/MP+lwsync+addr.litmus';
const rows = [
  judge({ file, result: forbiddenResult() }),
  judge({ file, result: allowedResult() }),
  judge({ file, result: forbiddenResult({ test: sampleTest({ expected: null }) }) }),
  judge({ file: 'bad.litmus', failure: { kind: 'input', message: 'unknown instruction', line: 6, col: 2, rendered: '' } }),
];

describe('judge', () => {
  it('compares the observation with the Result comment and never passes a test without one', () => {
    assert.deepEqual(rows.map((row) => row.status), ['ok', 'mismatch', 'no-expected-result', 'input-error']);
  });
});

describe('formatCheckTable', () => {
  it('aligns the columns and ends with a tally and a verdict', () => {
    assert.equal(
      formatCheckTable(rows, new Chalk({ level: 0 })),
      [
        'test            model  expected  got        pos/neg  status',
        'MP+lwsync+addr  power  Never     Never      0/3      ok',
        'MP+lwsync+addr  power  Never     Sometimes  1/3      MISMATCH',
        'MP+lwsync+addr  power  -         Never      0/3      no expected result',
        'bad.litmus      -      -         -          -        input error',
        '',
        '4 tests: 1 ok, 1 mismatch, 1 without expected result, 1 could not run',
        'FAIL: 3 of 4 did not give their expected result',
        '',
      ].join('\n'),
    );
  });
  it('says a run stopped by Ctrl-C was interrupted rather than passed', () => {
    const table = formatCheckTable(rows.slice(0, 1), new Chalk({ level: 0 }), 4);
    assert.match(table, /\n1 test: 1 ok, 0 mismatch, 0 without expected result, 0 could not run\nINTERRUPTED: only 1 of 4 tests finished\n$/);
  });
  it('keeps the alignment when coloured', () => {
    const coloured = formatCheckTable(rows, new Chalk({ level: 1 })).replace(/\u001b\[\d+m/g, '');
    assert.equal(coloured, formatCheckTable(rows, new Chalk({ level: 0 })));
  });
});

describe('formatCheckJson', () => {
  it('reports rows, failures as error objects, a summary and the exit code', () => {
    const report = JSON.parse(formatCheckJson(rows, ExitCode.input)) as { tests: Record<string, unknown>[]; summary: unknown; exitCode: number };
    assert.deepEqual(report.tests[3], {
      file: 'bad.litmus', name: null, model: null, expected: null, got: null, positive: null, negative: null, flags: null, status: 'input-error', reason: null,
      error: { kind: 'input', message: 'unknown instruction', line: 6, col: 2 },
    });
    assert.equal('error' in report.tests[0]!, false);
    assert.deepEqual(report.summary, { total: 4, ok: 1, forgiven: 0, notStated: 0, mismatch: 1, noExpectedResult: 1, couldNotRun: 1, passed: false });
    assert.equal(report.exitCode, 2);
  });
});
