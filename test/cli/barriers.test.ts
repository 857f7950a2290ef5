/**
 * `xics-litmus barriers` through the CLI. Expected verdicts are herd7's for the
 * corresponding corpus tests: MP+lwsync+addr Never; without its lwsync it is
 * MP+po+addr, Sometimes; with eieio instead (MP+eieio+addr) still Never, since
 * eieio orders W->W and is a light fence in ppc.cat.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli, corpusTest } from './helpers.ts';

describe('barriers', () => {
  const file = corpusTest('MP', 'MP+lwsync+addr');

  it('prints each ordering point with its verdicts, classification and a minimal set', () => {
    const { code, stdout } = cli(['barriers', file]);
    assert.equal(code, 0);
    assert.match(stdout, /P0 line \d+: lwsync\s+Sometimes\s+Never \(as eieio\)\s+could be weaker/);
    assert.match(stdout, /minimal set keeping Never: P0 line \d+: lwsync/);
  });

  it('gives the same facts as JSON', () => {
    const { code, stdout } = cli(['barriers', '--json', file]);
    assert.equal(code, 0);
    const [report] = (JSON.parse(stdout) as { tests: { points: { withoutIt: string; weakened: string; classification: string }[]; minimalExact: boolean }[] }).tests;
    assert.deepEqual(report!.points.map((p) => [p.withoutIt, p.weakened, p.classification]), [['Sometimes', 'Never', 'could be weaker']]);
    assert.equal(report!.minimalExact, true);
  });

  it('--model both matches the two analyses of a kernel-C test call by call', () => {
    // MP with smp_wmb()/smp_rmb(): under the LKMM each fence alone forbids the outcome (cat:34-35 rmb and wmb
    // are the only ppo edges on the cycle), so both are needed; on POWER v6.13 (power7) both are lwsync, and
    // the writer's could be eieio, which still orders W->W (ppc.cat), as herd7 finds MP+eieio+addr Never.
    const { code, stdout } = cli(['barriers', '--model', 'both', 'test/kernel-c/fixtures/MP+wmb+rmb.litmus']);
    assert.equal(code, 0);
    assert.match(stdout, /both models, call by call:/);
    assert.match(stdout, /P0 line \d+ smp_wmb\(\): needed by the LKMM, needed but could be weaker on POWER v6\.13/);
    assert.match(stdout, /P1 line \d+ smp_rmb\(\): needed by the LKMM, needed on POWER v6\.13/);
  });

  it('reports a bad file as an input error (exit 2) with its position', () => {
    const { code, stderr } = cli(['barriers', 'no-such-file.litmus']);
    assert.equal(code, 2);
    assert.match(stderr, /no-such-file\.litmus/);
  });

  it('check --barriers adds the analysis after the gate table, and refuses --json with it', () => {
    const { code, stdout } = cli(['check', '--barriers', file]);
    assert.equal(code, 0);
    assert.ok(stdout.indexOf('PASS') < stdout.indexOf('minimal set keeping Never'));
    assert.equal(cli(['check', '--barriers', '--json', file]).code, 64);
  });
});
