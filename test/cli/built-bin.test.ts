/**
 * The shipped entry point, bin/xics-litmus.cjs, runs the JavaScript that
 * `npm run build` (scripts/build.ts: an esbuild bundle and its V8 code cache;
 * `npm test` builds first) emits into dist/cli/, in the main thread and in the
 * worker threads, without tsx. The other CLI tests run the sources
 * (helpers.ts); these check the build gives the same answers.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { builtBin, cli, corpusTest, repo } from './helpers.ts';

function built(args: string[]) {
  const run = spawnSync(process.execPath, [builtBin, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the built bin (dist/)', () => {
  it('runs a test and prints its verdict', () => {
    const run = built(['run', corpusTest('MP', 'MP+lwsync+addr')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /outcome \(1:r1=1 \/\\ 1:r4=0\) under POWER \(ppc\.cat\): never reachable — forbidden \(0 of 3 executions\)/);
    assert.match(run.stdout, /expected Never \(Result comment\): matches/);
  });

  it('runs tests in built worker threads, with the same output as the sources', () => {
    const args = ['run', '--jobs', '2', '--format', 'herd', join('litmus', 'classic', 'MP')];
    const run = built(args);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, cli(args).stdout);
    assert.equal(run.stdout.match(/^Observation /gm)?.length, 6);
  });

  it('loads no TypeScript: neither the bin nor any built module imports tsx or a .ts module', () => {
    const built = readdirSync(join(repo, 'dist', 'cli')).filter((name) => name.endsWith('.cjs')).map((name) => join(repo, 'dist', 'cli', name));
    assert.deepEqual(built.map((file) => basename(file)).sort(), ['main.cjs', 'worker.cjs']);
    for (const file of [builtBin, join(repo, 'bin', 'load-bundle.cjs'), ...built]) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /['"]tsx(\/[^'"]*)?['"]/, file);
      assert.doesNotMatch(text, /import\(["'][^"']*\.ts["']\)|from ["'][^"']*\.ts["']/, file);
    }
  });

  it("starts from the build's code cache, which this Node accepts", () => {
    // The bin's own loading, in a fresh process: V8 says whether it took the
    // cache (false), rejected it (true), or had none to take (undefined).
    const probe = `const { script } = require(${JSON.stringify(join(repo, 'bin', 'load-bundle.cjs'))}).loadBundle('main'); process.stdout.write(String(script.cachedDataRejected));`;
    const run = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'false');
  });
});
