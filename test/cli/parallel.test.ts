/**
 * Parallel, sharded and interrupted runs, through the CLI: worker threads
 * must change nothing in the output, shards must partition the files, and
 * Ctrl-C must stop the workers and print what finished.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, corpusTest, repo, scratchDirectory, stackFrame, startCli, writeScratchFile } from './helpers.ts';
import { sixWritersOneLocation } from './six-writers.ts';

const mpText = readFileSync(join(repo, corpusTest('MP', 'MP')), 'utf8');

/** Every kind of outcome in one directory: ok, mismatch, no Result comment, bad input, a limit hit. */
const mixed = scratchDirectory('xics-parallel-');
writeScratchFile(mixed, 'a-MP.litmus', mpText);
writeScratchFile(mixed, 'b-bad.litmus', 'PPC bad\n{\n0:r2=x;\n}\n P0 ;\n frob r1,0(r2) ;\nexists (0:r1=1)\n');
writeScratchFile(mixed, 'c-MP-wrong.litmus', mpText.replace('Result: Sometimes', 'Result: Never'));
writeScratchFile(mixed, 'd-MP-bare.litmus', mpText.replace('(* Result: Sometimes *)\n', ''));
writeScratchFile(mixed, 'e-writers.litmus', sixWritersOneLocation({ readsPerThread: 1 }));
const smallLimit = ['--max-executions', '5000'];

describe('[engine] --jobs: output is byte-identical to a serial run', () => {
  const cases: [string, string[]][] = [
    ['run on litmus/', ['run', 'litmus']],
    ['run --format json on litmus/', ['run', '--format', 'json', 'litmus']],
    ['check on litmus/', ['check', 'litmus']],
    ['run --format herd on a directory with bad files', ['run', '--format', 'herd', ...smallLimit, mixed]],
    ['check --json on a directory with bad files', ['check', '--json', ...smallLimit, mixed]],
  ];
  for (const [title, args] of cases) {
    it(title, () => {
      const serial = cli([...args, '--jobs', '1']);
      const parallel = cli([...args, '--jobs', '2']);
      assert.deepEqual(parallel, serial);
      assert.ok(serial.stdout.length > 0);
    });
  }
  it('reports every kind of outcome in the mixed directory, in file order', () => {
    const { code, stdout, stderr } = cli(['check', ...smallLimit, '--jobs', '2', mixed]);
    assert.equal(code, 2);
    const statuses = stdout.split('\n').slice(1, 6).map((line) => line.split(/ {2,}/).at(-1));
    assert.deepEqual(statuses, ['ok', 'input error', 'MISMATCH', 'no expected result', 'limit exceeded']);
    assert.doesNotMatch(stderr, stackFrame);
  });
});

describe('[engine] kernel-C tests in workers', () => {
  const wakeup = join('test', 'kernel-c', 'fixtures', 'IPI-A+v3.5.litmus');
  it('are compiled for the --kernel given on the command line', () => {
    const alone = cli(['run', '--kernel', 'v3.6', wakeup]);
    const batch = cli(['run', '--kernel', 'v3.6', '--jobs', '2', wakeup, corpusTest('MP', 'MP')]);
    assert.ok(batch.stdout.startsWith(alone.stdout), batch.stdout);
    assert.match(alone.stdout, /never reachable/, 'v3.6 has the fix: the test would pass unchanged if --kernel were lost');
  });
});

describe('[engine] --shard', () => {
  const testsOf = (args: string[]) => (JSON.parse(cli(['run', '--format', 'json', ...args, 'litmus']).stdout) as { tests: { file: string }[] }).tests;
  it('deals the sorted files round-robin: together the shards are the whole run, each file once', () => {
    const whole = testsOf([]);
    const shards = [1, 2, 3].map((i) => testsOf(['--shard', `${i}/3`]));
    whole.forEach((test, k) => assert.deepEqual(shards[k % 3]![Math.floor(k / 3)], test));
    assert.equal(shards.flat().length, whole.length);
  });
});

describe('[engine] Ctrl-C', () => {
  const slow = scratchDirectory('xics-interrupt-');
  writeScratchFile(slow, 'a-MP.litmus', mpText);
  // Each runs until the default time limit, a minute, with the execution limit raised (at the default 1,000,000 it stops within seconds).
  for (const name of ['b', 'c', 'd']) writeScratchFile(slow, `${name}-writers.litmus`, sixWritersOneLocation({ readsPerThread: 2 }));
  const unlimited = ['--max-executions', '1000000000'];

  it('stops the workers, prints what finished and exits 130', async () => {
    const child = startCli(['run', '--jobs', '2', ...unlimited, slow]);
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk;
        // The first test's report is out: the slow ones are running now.
        if (stdout.includes('expected Sometimes')) resolve();
      });
    });
    const interruptedAt = performance.now();
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    assert.ok(performance.now() - interruptedAt < 5000, 'stops promptly');
    assert.match(stdout, /^MP {2}\(/);
    assert.equal(stderr, 'interrupted: 1 of 4 tests finished\n');
  });

  it('check prints the table of what finished, marked as interrupted', async () => {
    const child = startCli(['check', '--jobs', '2', ...unlimited, slow]);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // check prints nothing until the end: give the CLI time to start (from the
    // sources, through tsx: seconds on a loaded machine) and its workers time to
    // begin; the slow tests run for minutes, so they are still running.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    assert.match(stdout, /^INTERRUPTED: only [01] of 4 tests finished$/m);
  });
});
