/**
 * The Result-comment judgement, case by case against the kernel's
 * tools/memory-model/scripts/judgelitmus.sh (the version with DATARACE
 * support): each expectation cites the branch of the script it follows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatedResult } from '../../src/ir/program.ts';
import type { TestResult } from '../../src/outcome/result.ts';
import { judgeStated, observedText, statedFor, statedText } from '../../src/report/judge.ts';
import { allowedResult, forbiddenResult } from './sample-result.ts';

const pos = { line: 3, col: 4 };
const stated = (result: StatedResult['result'], extra: Partial<StatedResult> = {}): StatedResult => ({ result, pos, ...extra });
const status = (line: StatedResult, result: TestResult) => judgeStated(line, result).status;

const never = forbiddenResult({ model: 'lkmm' });
const sometimes = allowedResult({ model: 'lkmm' });
const deadlock = forbiddenResult({ model: 'lkmm', states: [], positive: 0, negative: 0 });
const racy = (result: TestResult): TestResult => ({ ...result, flags: ['data-race'] });

describe('judgeStated (judgelitmus.sh)', () => {
  it('passes a word equal to the Observation and fails another ("Unexpected non-$outcome verification")', () => {
    assert.equal(status(stated('Never'), never), 'ok');
    assert.equal(status(stated('Never'), sometimes), 'mismatch');
    assert.match(judgeStated(stated('Never'), sometimes).reason!, /^expected Never under the LKMM \(Result comment\), got Sometimes: 1 of 4 executions reach the outcome$/);
  });

  it('passes Maybe whatever the Observation (`test "$outcome" = Maybe`)', () => {
    for (const result of [never, sometimes]) assert.equal(status(stated(null, { word: 'Maybe' }), result), 'ok');
  });

  it('passes DEADLOCK exactly on no execution at all (`grep -q "Never 0 0$"`)', () => {
    const line = stated('Never', { word: 'DEADLOCK' });
    assert.equal(status(line, deadlock), 'ok');
    assert.equal(status(line, never), 'mismatch');
  });

  it('fails every other word, Maybe included, when no execution exists ("Unexpected non-$outcome deadlock")', () => {
    for (const line of [stated('Never'), stated(null, { word: 'Maybe' })]) {
      assert.equal(status(line, deadlock), 'mismatch');
      assert.match(judgeStated(line, deadlock).reason!, /no execution completes at all \(DEADLOCK\)/);
    }
  });

  it('requires DATARACE and Flag data-race together under the LKMM (exit 252 and 253)', () => {
    assert.match(judgeStated(stated('Never', { dataRace: true }), never).reason!, /expected a data race .*\(no Flag data-race\)/);
    assert.match(judgeStated(stated('Never'), racy(never)).reason!, /data race .* does not predict/);
    assert.equal(status(stated('Never', { dataRace: true }), racy(never)), 'ok');
  });

  it('forgives a wrong word when the predicted race is there ("--- Forgiven")', () => {
    const judgement = judgeStated(stated('Never', { dataRace: true }), racy(sometimes));
    assert.equal(judgement.status, 'forgiven');
    assert.match(judgement.reason!, /forgiven/);
  });

  it('does not ask hardware for data races: DATARACE under POWER judges only the word (`-z "$LKMM_HW_MAP_FILE"`)', () => {
    assert.equal(status(stated('Never', { dataRace: true, model: 'power' }), forbiddenResult()), 'ok');
  });
});

describe('statedFor', () => {
  const expected = { ...stated('Never'), also: [stated('Sometimes', { model: 'power' })] };

  it("gives the Result line to the default model and a Result-MODEL line to its model", () => {
    assert.equal(statedFor(expected, 'lkmm', 'lkmm')?.result, 'Never');
    assert.equal(statedFor(expected, 'power', 'lkmm')?.result, 'Sometimes');
  });

  it('gives nothing to a model that is not the default and has no line of its own', () => {
    const onlyResult = stated('Never');
    assert.equal(statedFor(onlyResult, 'lkmm', 'power'), null);
    assert.equal(statedFor(onlyResult, 'lkmm', null)?.result, 'Never');
  });
});

describe('result notation', () => {
  it('writes stated and observed results as Result comments do', () => {
    assert.equal(statedText(stated('Sometimes', { dataRace: true })), 'Sometimes DATARACE');
    assert.equal(statedText(stated('Never', { word: 'DEADLOCK' })), 'DEADLOCK');
    assert.equal(statedText(stated(null, { word: 'Maybe' })), 'Maybe');
    assert.equal(observedText(deadlock), 'DEADLOCK');
    assert.equal(observedText(racy(sometimes)), 'Sometimes DATARACE');
  });
});
