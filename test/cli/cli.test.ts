/**
 * The CLI as users run it: `node bin/xics-litmus.cjs ...` in a child process,
 * against the real parser and engine. Tests marked [engine] need both.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, corpusTest, repo, scratchDirectory, stackFrame, writeScratchFile } from './helpers.ts';

const ansi = /\u001b\[/;

const scratch = scratchDirectory('xics-cli-');
const scratchFile = (name: string, text: string) => writeScratchFile(scratch, name, text);

const mpText = readFileSync(join(repo, corpusTest('MP', 'MP')), 'utf8');
const badInstruction = scratchFile('bad.litmus', 'PPC bad\n{\n0:r2=x;\n}\n P0 ;\n frob r1,0(r2) ;\nexists (0:r1=1)\n');
const wrongExpectation = scratchFile('MP-wrong.litmus', mpText.replace('Result: Sometimes', 'Result: Never'));
const noExpectation = scratchFile('MP-bare.litmus', mpText.replace('(* Result: Sometimes *)\n', ''));
const endlessLoop = scratchFile('spin.litmus', 'PPC spin\n{\n0:r1=0;\n}\n P0 ;\n L: addi r1,r1,1 ;\n cmpwi r1,5000 ;\n bne L ;\nexists (0:r1=1)\n');

describe('help', () => {
  it('documents the commands and every exit code', () => {
    const { code, stdout } = cli(['--help']);
    assert.equal(code, 0);
    for (const text of ['run', 'check', 'Exit codes:', ' 64 ', ' 70 ']) assert.ok(stdout.includes(text), text);
  });
  it('documents run: paths, formats, default unroll', () => {
    const { code, stdout } = cli(['run', '--help']);
    assert.equal(code, 0);
    for (const text of ['<paths...>', 'text', 'herd', 'json', 'Unroll=', 'else 2', '--jobs', '--shard', 'Exit codes:', ' 130 ']) assert.ok(stdout.includes(text), text);
  });
  it('documents check: default path, Result comment, exit codes', () => {
    const { code, stdout } = cli(['check', '--help']);
    assert.equal(code, 0);
    for (const text of ['litmus/', '(* Result: Never *)', '--json', '--junit', 'GITHUB_ACTIONS', 'Exit codes:']) assert.ok(stdout.includes(text), text);
  });
});

describe('usage errors exit 64 without a stack trace', () => {
  const cases: [string, string[]][] = [
    ['unknown command', ['frobnicate']],
    ['unknown option', ['run', '--frob', 'x.litmus']],
    ['missing path for run', ['run']],
    ['bad --unroll', ['run', '--unroll', 'two', 'x.litmus']],
    ['negative --unroll', ['check', '--unroll', '-1']],
    ['bad --format', ['run', '--format', 'xml', 'x.litmus']],
    ['zero --timeout', ['run', '--timeout', '0', 'x.litmus']],
    ['zero --jobs', ['run', '--jobs', '0', 'x.litmus']],
    ['--shard past the last part', ['check', '--shard', '3/2']],
    ['--shard not i/n', ['check', '--shard', '2']],
    ['no command', []],
  ];
  for (const [title, args] of cases) {
    it(title, () => {
      const { code, stderr } = cli(args);
      assert.equal(code, 64);
      assert.doesNotMatch(stderr, stackFrame);
    });
  }
});

describe('input errors exit 2', () => {
  it('prints a bad file as file:line:col, the source line and a caret, with no stack trace', () => {
    const { code, stdout, stderr } = cli(['run', badInstruction]);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /bad\.litmus:6:2: error: .*frob/);
    assert.match(stderr, /\n {2} frob r1,0\(r2\) ;\n {3}\^/);
    assert.doesNotMatch(stderr, stackFrame);
  });
  it('reports a path that does not exist', () => {
    const { code, stderr } = cli(['check', join(scratch, 'nowhere')]);
    assert.equal(code, 2);
    assert.match(stderr, /nowhere: error: no such file or directory/);
  });
  it('[engine] keeps running the other files of a batch', () => {
    const { code, stdout } = cli(['run', badInstruction, corpusTest('MP', 'MP')]);
    assert.equal(code, 2);
    assert.match(stdout, /^MP {2}\(/m);
  });
});

describe('[engine] limits exit 3', () => {
  it('gives up when a test needs more executions than --max-executions', () => {
    const { code, stderr } = cli(['run', '--max-executions', '2', corpusTest('IRIW', 'IRIW')]);
    assert.equal(code, 3);
    assert.match(stderr, /IRIW\.litmus:\d+:\d+: limit: /);
  });
  it('stops a loop that never depends on memory', () => {
    const { code, stderr } = cli(['run', endlessLoop]);
    assert.equal(code, 3);
    assert.match(stderr, /spin\.litmus:8:2: limit: /);
    assert.doesNotMatch(stderr, stackFrame);
  });
});

describe('[engine] check', () => {
  it('passes on the bundled corpus (litmus/ by default) and prints the summary table', () => {
    const { code, stdout } = cli(['check']);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^test +model +expected +got +pos\/neg +status$/m);
    assert.match(stdout, /^MP\+lwsync\+addr +power +Never +Never +0\/3 +ok$/m);
    assert.match(stdout, /^PASS: every test gave its expected result$/m);
  });
  it('exits 1 on a verdict that differs from the Result comment', () => {
    const { code, stdout } = cli(['check', wrongExpectation]);
    assert.equal(code, 1);
    assert.match(stdout, /^MP +power +Never +Sometimes +1\/3 +MISMATCH$/m);
    assert.match(stdout, /^FAIL: 1 of 1 did not give their expected result$/m);
  });
  it('exits 1 on a test with no Result comment instead of passing it silently', () => {
    const { code, stdout } = cli(['check', noExpectation]);
    assert.equal(code, 1);
    assert.match(stdout, /^MP +power +- +Sometimes +1\/3 +no expected result$/m);
  });
  it('prefers the input-error exit code to a mismatch, and still judges the good file', () => {
    const { code, stdout } = cli(['check', badInstruction, wrongExpectation]);
    assert.equal(code, 2);
    assert.match(stdout, /bad\.litmus +power +- +- +- +input error/);
    assert.match(stdout, /MISMATCH/);
  });
  it('--json gives rows, a summary and the exit code', () => {
    const { code, stdout } = cli(['check', '--json', wrongExpectation, corpusTest('MP', 'MP')]);
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as { tests: Record<string, unknown>[]; summary: Record<string, unknown>; exitCode: number };
    assert.deepEqual(report.tests.map((t) => [t.name, t.expected, t.got, t.positive, t.negative, t.status]), [
      ['MP', 'Never', 'Sometimes', 1, 3, 'mismatch'],
      ['MP', 'Sometimes', 'Sometimes', 1, 3, 'ok'],
    ]);
    assert.deepEqual(report.summary, { total: 2, ok: 1, forgiven: 0, notStated: 0, mismatch: 1, noExpectedResult: 0, couldNotRun: 0, passed: false });
    assert.equal(report.exitCode, 1);
  });
});

describe('[engine] run', () => {
  it('prints the states and a plain verdict, never herd\'s "Test X Allowed" line', () => {
    const { code, stdout } = cli(['run', corpusTest('MP', 'MP+lwsync+addr')]);
    assert.equal(code, 0);
    assert.match(stdout, /outcome \(1:r1=1 \/\\ 1:r4=0\) under POWER \(ppc\.cat\): never reachable — forbidden \(0 of 3 executions\)/);
    assert.doesNotMatch(stdout, /^Test |Allowed/m);
  });
  it('--format json gives one document with every test and the failures', () => {
    const { code, stdout } = cli(['run', '--format', 'json', corpusTest('MP', 'MP'), badInstruction]);
    assert.equal(code, 2);
    const { tests } = JSON.parse(stdout) as { tests: Record<string, unknown>[] };
    assert.equal(tests.length, 2);
    assert.deepEqual(Object.keys(tests[0]!), [
      'name', 'file', 'model', 'condition', 'outcome', 'observed', 'states', 'flags', 'positive', 'negative',
      'observation', 'conditionHolds', 'loopBoundHit', 'unroll', 'expected',
    ]);
    assert.deepEqual(tests[0]!.observed, ['1:r1', '1:r3']);
    assert.deepEqual(tests[0]!.states, [
      { values: { '1:r1': 0, '1:r3': 0 }, satisfies: false },
      { values: { '1:r1': 0, '1:r3': 1 }, satisfies: false },
      { values: { '1:r1': 1, '1:r3': 0 }, satisfies: true },
      { values: { '1:r1': 1, '1:r3': 1 }, satisfies: false },
    ]);
    assert.equal(tests[0]!.observation, 'Sometimes');
    assert.deepEqual(tests[1], { file: badInstruction, model: 'power', error: { kind: 'input', message: "unknown instruction 'frob'", line: 6, col: 2 } });
  });
  it('--format herd prints herd7 log blocks', () => {
    const { code, stdout } = cli(['run', '--format', 'herd', corpusTest('MP', 'MP')]);
    assert.equal(code, 0);
    assert.match(stdout, /^Observation MP Sometimes 1 3$/m);
  });
  it('--unroll is passed to the engine', () => {
    const { stdout } = cli(['run', '--format', 'json', '--unroll', '5', corpusTest('MP', 'MP')]);
    assert.equal((JSON.parse(stdout) as { tests: { unroll: number }[] }).tests[0]!.unroll, 5);
  });
  it('prints timings only with --time', () => {
    assert.doesNotMatch(cli(['run', corpusTest('MP', 'MP')]).stdout, / ms\b/);
    assert.match(cli(['run', '--time', corpusTest('MP', 'MP')]).stdout, /time: [\d.]+ ms/);
  });
});

describe('[engine] determinism', () => {
  for (const format of ['text', 'json', 'herd']) {
    it(`run --format ${format} on a directory prints the same bytes twice`, () => {
      const first = cli(['run', '--format', format, 'litmus/classic']);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(cli(['run', '--format', format, 'litmus/classic']).stdout, first.stdout);
    });
  }
});

describe('colour', () => {
  // A missing path gives a one-row check table with a coloured status, without needing the engine.
  const missing = join(scratch, 'nowhere');
  it('is off when piped', () => {
    assert.doesNotMatch(cli(['check', missing]).stdout, ansi);
  });
  it('is forced on by --color, even over NO_COLOR', () => {
    assert.match(cli(['check', '--color', missing], { NO_COLOR: '1' }).stdout, ansi);
  });
  it('is off with --no-color and with NO_COLOR', () => {
    assert.doesNotMatch(cli(['check', '--no-color', missing]).stdout, ansi);
    assert.doesNotMatch(cli(['check', missing], { NO_COLOR: '1' }).stdout, ansi);
  });
  it('[engine] leaves piped run output plain', () => {
    assert.doesNotMatch(cli(['run', 'litmus/classic']).stdout, ansi);
  });
});
