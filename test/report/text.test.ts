import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chalk } from 'chalk';
import { formatTextReport } from '../../src/report/text.ts';
import { allowedResult, forbiddenResult, sampleTest } from './sample-result.ts';

const plain = { colour: new Chalk({ level: 0 }), showTime: false };
const ansi = /\u001b\[/;

describe('formatTextReport', () => {
  it('lists every reachable state and says a forbidden outcome in plain words', () => {
    const text = formatTextReport(forbiddenResult(), plain);
    assert.equal(
      text,
      [
        'MP+lwsync+addr  (litmus/MP+lwsync+addr.litmus)',
        '  3 reachable final states (* = satisfies the outcome):',
        '    1:r1=0; 1:r4=0;',
        '    1:r1=0; 1:r4=1;',
        '    1:r1=1; 1:r4=1;',
        '  outcome (1:r1=1 /\\ 1:r4=0) under POWER (ppc.cat): never reachable — forbidden (0 of 3 executions)',
        '  condition exists (1:r1=1 /\\ 1:r4=0) is false',
        '  expected Never (Result comment): matches',
        '',
      ].join('\n'),
    );
  });

  it("never prints herd's misleading `Test X Allowed/Forbidden` line", () => {
    for (const result of [forbiddenResult(), allowedResult()]) {
      assert.doesNotMatch(formatTextReport(result, plain), /^Test |Allowed|Forbidden/m);
    }
  });

  it('marks the states that satisfy the outcome and reports a mismatch with the expectation', () => {
    const text = formatTextReport(allowedResult(), plain);
    assert.match(text, /^ {2}\* 1:r1=1; 1:r4=0;$/m);
    assert.match(text, /outcome \(1:r1=1 \/\\ 1:r4=0\) under POWER \(ppc\.cat\): reachable — allowed \(1 of 4 executions\)/);
    assert.match(text, /expected Never \(Result comment\): MISMATCH \(got Sometimes\)/);
  });

  it('says "always reached" for an Always observation', () => {
    const result = forbiddenResult({ positive: 3, negative: 0, observation: 'Always' });
    assert.match(formatTextReport(result, plain), /always reached — required \(3 of 3 executions\)/);
  });

  it('does not mistake "no execution at all" for an ordinary forbidden outcome', () => {
    const result = forbiddenResult({ states: [], positive: 0, negative: 0 });
    const text = formatTextReport(result, plain);
    assert.match(text, /0 reachable final states/);
    assert.match(text, /no execution completes at all/);
    assert.doesNotMatch(text, /forbidden/);
  });

  it('omits the expectation line when the test has none', () => {
    const result = forbiddenResult({ test: sampleTest({ expected: null }) });
    assert.doesNotMatch(formatTextReport(result, plain), /expected/);
  });

  it('warns when the unroll bound cut executions', () => {
    assert.match(formatTextReport(forbiddenResult({ loopBoundHit: true }), plain), /warning: .*more than 2 loop iterations.*--unroll/);
  });

  it('prints timings only when asked', () => {
    assert.doesNotMatch(formatTextReport(forbiddenResult(), plain), /time:|ms/);
    assert.match(formatTextReport(forbiddenResult(), { ...plain, showTime: true }), /time: 1\.3 ms \(7 candidates, 3 consistent executions\)/);
  });

  it('emits escape codes only when the chalk level allows colour', () => {
    assert.doesNotMatch(formatTextReport(allowedResult(), plain), ansi);
    assert.match(formatTextReport(allowedResult(), { colour: new Chalk({ level: 1 }), showTime: false }), ansi);
  });

  it('names the LKMM in the verdict line and explains its flags', () => {
    const text = formatTextReport(forbiddenResult({ model: 'lkmm', flags: ['data-race'] }), plain);
    assert.match(text, /outcome \(1:r1=1 \/\\ 1:r4=0\) under the LKMM \(linux-kernel\.cat\): never reachable/);
    assert.match(text, /flag data-race: some execution has a data race between plain accesses/);
    // Result: Never without DATARACE, but herd would flag a race: judgelitmus.sh's "Unexpected data race modeled".
    assert.match(text, /expected Never \(Result comment\): MISMATCH \(got Never DATARACE\)/);
  });

  it('names the kernel and CPU a kernel-C test was compiled for in the POWER verdict line', () => {
    const test = { ...sampleTest(), metadata: new Map([['Kernel', 'v3.6'], ['Cpu', 'nolwsync']]) };
    assert.match(formatTextReport(forbiddenResult({ test }), plain), /under POWER v3\.6 nolwsync \(ppc\.cat\): never reachable/);
    assert.match(formatTextReport(forbiddenResult(), plain), /under POWER \(ppc\.cat\): never reachable/);
  });

  it("judges the Result line only under the test's default model, a Result-lkmm line under the LKMM", () => {
    const pos = { line: 3, col: 4 };
    const test = { ...sampleTest(), expected: { result: 'Never' as const, pos, also: [{ result: 'Sometimes' as const, pos, model: 'lkmm' as const }] } };
    const lkmm = formatTextReport(allowedResult({ test, model: 'lkmm' }), { ...plain, defaultModel: 'power' });
    assert.match(lkmm, /expected Sometimes \(Result-lkmm comment\): matches/);
    const power = formatTextReport(allowedResult({ test }), { ...plain, defaultModel: 'power' });
    assert.match(power, /expected Never \(Result comment\): MISMATCH \(got Sometimes\)/);
  });
});
