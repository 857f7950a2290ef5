/**
 * The published package: `npm pack` of this repository, installed from the
 * tarball into an empty project with production dependencies only, must run.
 * The bundle in dist/ carries commander and chalk, so the package has no
 * dependencies and the install needs no registry (--offline). The tarball is
 * packed with --ignore-scripts: `npm test` has just built dist/, and the
 * `prepare` build would delete it under the tests running beside this one.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { corpusTest, repo, scratchDirectory } from './helpers.ts';

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(result.status, 0, `${command} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

describe('the packed package', () => {
  const project = scratchDirectory('xics-pack-');
  const [packed] = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], repo)) as { filename: string }[];
  writeFileSync(join(project, 'package.json'), '{ "name": "uses-xics-litmus", "private": true }\n');
  run('npm', ['install', '--omit=dev', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', `./${packed!.filename}`], project);

  it('installs nothing but itself: no TypeScript, no tsx, no dependency left unbundled', () => {
    assert.deepEqual(readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.')), ['xics-litmus']);
  });

  it('runs a test through npx and through node_modules/.bin, with worker threads', () => {
    const mp = join(repo, corpusTest('MP', 'MP+lwsync+addr'));
    assert.match(run('npx', ['--offline', 'xics-litmus', 'run', mp], project), /expected Never \(Result comment\): matches/);
    const herd = run(join(project, 'node_modules', '.bin', 'xics-litmus'), ['run', '--jobs', '2', '--format', 'herd', join(repo, 'litmus', 'classic', 'MP')], project);
    assert.equal(herd.match(/^Observation /gm)?.length, 6);
  });
});
