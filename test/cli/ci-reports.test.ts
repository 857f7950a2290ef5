/** check as a CI gate: the JUnit XML report and GitHub Actions annotations. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { judge, type CheckRow } from '../../src/cli/check.ts';
import { githubAnnotation } from '../../src/cli/github-annotations.ts';
import { escapeXmlAttribute, escapeXmlText, formatJunitReport } from '../../src/cli/junit.ts';
import { allowedResult, forbiddenResult, sampleTest } from '../report/sample-result.ts';
import { cli, corpusTest, repo, scratchDirectory, writeScratchFile } from './helpers.ts';

const file = 'litmus/MP/MP+lwsync+addr.litmus';
const resultCommentAt = { expectedPos: { line: 3, col: 4 } };
const passed = judge({ file, result: forbiddenResult() });
const mismatch: CheckRow = { ...judge({ file, result: allowedResult() }), ...resultCommentAt };
const bare = judge({ file, result: forbiddenResult({ test: sampleTest({ expected: null }) }) });
const badInput = judge({
  file: 'bad.litmus',
  failure: { kind: 'input', message: "unknown instruction 'frob'", line: 6, col: 2, rendered: "bad.litmus:6:2: error: unknown instruction 'frob'\n   frob r1,0(r2) ;\n   ^~~~" },
});
const unreadable = judge({ file: 'gone, or: moved.litmus', failure: { kind: 'input', message: 'no such file or directory', rendered: '' } });

describe('formatJunitReport', () => {
  const report = formatJunitReport([passed, mismatch, bare, badInput]);

  it('has one testsuite with the counts and one testcase per litmus test', () => {
    assert.match(report, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="xics-litmus check" tests="4" failures="3" errors="0" skipped="0">\n {2}<testsuite /);
    assert.equal(report.match(/<testcase /g)?.length, 4);
    assert.match(report, /<\/testsuite>\n<\/testsuites>\n$/);
  });

  it('names each testcase by test, directory and file, and passes a test only when it gave its expected result', () => {
    assert.match(report, /<testcase name="MP\+lwsync\+addr" classname="litmus\/MP" file="litmus\/MP\/MP\+lwsync\+addr\.litmus"\/>/);
    assert.equal(report.match(/<failure /g)?.length, 3);
  });

  it('gives each failure its kind and reason', () => {
    assert.match(report, /<failure type="mismatch" message="expected Never under POWER \(Result comment\), got Sometimes: 1 of 4 executions reach the outcome">/);
    assert.match(report, /<failure type="no-expected-result" message="no \(\* Result: Never\|Sometimes\|Always \*\) comment before the init block, so the verdict under POWER \(Never\) cannot be checked">/);
  });

  it('puts the diagnostic, with its source line and caret, in the failure body', () => {
    assert.match(
      report,
      /<testcase name="bad\.litmus" classname="\." file="bad\.litmus">\n {6}<failure type="input-error" message="unknown instruction 'frob'">bad\.litmus:6:2: error: unknown instruction 'frob'\n {3}frob r1,0\(r2\) ;\n {3}\^~~~<\/failure>\n {4}<\/testcase>/,
    );
  });

  it('escapes markup, quotes, line breaks in attributes, and characters XML cannot carry', () => {
    assert.equal(escapeXmlText('a<b & c>d "e"\n'), 'a&lt;b &amp; c&gt;d "e"\n');
    assert.equal(escapeXmlAttribute('"x"\n\ty'), '&#34;x&#34;&#10;&#9;y');
    assert.equal(escapeXmlText('nul\u0000 esc\u001b lone\uD800 pair\uD83D\uDE00'), 'nul\uFFFD esc\uFFFD lone\uFFFD pair\uD83D\uDE00');
  });
});

describe('githubAnnotation', () => {
  it('says nothing about a test that passed', () => {
    assert.equal(githubAnnotation(passed), null);
  });
  it('points a mismatch at the Result comment', () => {
    assert.equal(
      githubAnnotation(mismatch),
      '::error file=litmus/MP/MP+lwsync+addr.litmus,line=3,col=4::MP+lwsync+addr: expected Never under POWER (Result comment), got Sometimes: 1 of 4 executions reach the outcome',
    );
  });
  it('points an input error at the offending text', () => {
    assert.equal(githubAnnotation(badInput), "::error file=bad.litmus,line=6,col=2::unknown instruction 'frob'");
  });
  it('annotates the whole file when there is no position, escaping the separators in the path', () => {
    assert.equal(githubAnnotation(unreadable), '::error file=gone%2C or%3A moved.litmus::no such file or directory');
  });
  it('keeps a multi-line message on one line', () => {
    const row: CheckRow = { ...badInput, failure: { ...badInput.failure!, message: '100% wrong\nreally' } };
    assert.equal(githubAnnotation(row), '::error file=bad.litmus,line=6,col=2::100%25 wrong%0Areally');
  });
});

describe('[engine] check in CI', () => {
  const scratch = scratchDirectory('xics-ci-');
  const mpText = readFileSync(join(repo, corpusTest('MP', 'MP')), 'utf8');
  const wrong = writeScratchFile(scratch, 'MP-wrong.litmus', mpText.replace('Result: Sometimes', 'Result: Never'));
  const resultLine = mpText.split('\n').findIndex((line) => line.includes('Result:')) + 1;

  it('--junit writes the report beside the usual table', () => {
    const junit = join(scratch, 'report.xml');
    const { code, stdout } = cli(['check', '--junit', junit, wrong, corpusTest('MP', 'MP')]);
    assert.equal(code, 1);
    assert.match(stdout, /^FAIL: 1 of 2/m);
    const report = readFileSync(junit, 'utf8');
    assert.match(report, /tests="2" failures="1"/);
    assert.match(report, /<failure type="mismatch" message="expected Never under POWER \(Result comment\), got Sometimes/);
  });

  it('an unwritable --junit file is an input error', () => {
    const { code, stderr } = cli(['check', '--junit', join(scratch, 'missing', 'report.xml'), corpusTest('MP', 'MP')]);
    assert.equal(code, 2);
    assert.match(stderr, /report\.xml: error: cannot write the JUnit report: no such file or directory/);
  });

  it('annotates on stderr only under GitHub Actions, leaving stdout as it was', () => {
    const plain = cli(['check', '--json', wrong]);
    const actions = cli(['check', '--json', wrong], { GITHUB_ACTIONS: 'true' });
    assert.equal(actions.stdout, plain.stdout);
    assert.equal(plain.stderr, '');
    assert.equal(actions.stderr, `::error file=${wrong},line=${resultLine},col=4::MP: expected Never under POWER (Result comment), got Sometimes: 1 of 4 executions reach the outcome\n`);
  });
});
