/** Output into a pipe whose reader stops early (`| head`) ends quietly, without an EPIPE stack trace. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { repo } from './helpers.ts';

it('stops quietly when the reader of stdout goes away', () => {
  const command = `"${process.execPath}" "${join(repo, 'bin', 'xics-litmus.cjs')}" run --jobs 1 litmus | head -n 1`;
  const run = spawnSync('bash', ['-c', `set -o pipefail; ${command}`], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(run.stdout.split('\n').length, 2, 'head printed one line');
  assert.doesNotMatch(run.stderr, /EPIPE|\n\s+at /);
});
