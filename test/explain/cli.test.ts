/** `xics-litmus explain` as users run it: a child process on the real binary. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { fixture } from './helpers.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repo, 'bin', 'xics-litmus.cjs');
const stackFrame = /^\s+at /m;

function cli(args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'FORCE_COLOR'));
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', env: { ...env, NO_COLOR: '1' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('explain command', () => {
  it('is documented', () => {
    const { code, stdout } = cli(['explain', '--help']);
    assert.equal(code, 0);
    for (const text of ['--outcome', '--forbidden', '--dot', '--svg', 'apt install graphviz', 'Exit codes:']) assert.ok(stdout.includes(text), text);
  });

  it('explains a forbidden outcome and exits 0', () => {
    const { code, stdout } = cli(['explain', fixture('MP+lwsync+addr.litmus')]);
    assert.equal(code, 0);
    assert.match(stdout, /never reachable/);
    assert.match(stdout, /breaks observation/);
  });

  it('takes another outcome with --outcome', () => {
    // Both reads seeing the initial values is allowed in MP+lwsync+addr.
    const { code, stdout } = cli(['explain', fixture('MP+lwsync+addr.litmus'), '--outcome', '1:r1=0 /\\ 1:r4=0']);
    assert.equal(code, 0);
    assert.match(stdout, /outcome 1:r1=0 \/\\ 1:r4=0: reachable/);
  });

  it('points into a malformed --outcome with a caret, exit 2, no stack trace', () => {
    const { code, stderr } = cli(['explain', fixture('MP+lwsync+addr.litmus'), '--outcome', '1:r1=1 /\\ 5:r4=0']);
    assert.equal(code, 2);
    assert.match(stderr, /^--outcome:1:11: error: unknown thread 5/);
    assert.match(stderr, /\n  1:r1=1 \/\\ 5:r4=0\n {12}\^/);
    assert.doesNotMatch(stderr, stackFrame);
  });

  it('reports an unreadable file as an input error', () => {
    const { code, stderr } = cli(['explain', join(repo, 'no-such.litmus')]);
    assert.equal(code, 2);
    assert.match(stderr, /no-such\.litmus: error: cannot read file/);
  });
});
