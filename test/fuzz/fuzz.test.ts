/**
 * A short fuzzing budget on every `npm test` (`npm run fuzz` runs a long
 * one): mutated and generated litmus files, PPC and kernel-C, through parse
 * and engine in this process, then a few of them through the CLI.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cli, scratchDirectory, stackFrame, writeScratchFile } from '../cli/helpers.ts';
import { generatedLitmus, litmusInputs, loadSeeds, mutatedLitmus } from './inputs.ts';
import { checkPipeline } from './pipeline.ts';

const seeds = loadSeeds();
/** Fixed, so a failure in `npm test` reproduces; `npm run fuzz` explores new seeds. */
const seed = 20_240_601;

describe('fuzzing the pipeline', () => {
  it('has PPC and kernel-C seed files', () => {
    assert.ok(seeds.some((s) => s.text.startsWith('PPC')));
    assert.ok(seeds.some((s) => s.text.startsWith('C ')));
  });

  it('mutated real files: only positioned LitmusErrors escape', () => {
    fc.assert(fc.property(mutatedLitmus(seeds), (text) => void checkPipeline(text)), { numRuns: 1000, seed });
  });

  it('generated files: only positioned LitmusErrors escape', () => {
    fc.assert(fc.property(generatedLitmus, (text) => void checkPipeline(text)), { numRuns: 300, seed });
  });

  it('reaches the engine: a fair share of inputs parse and run to a verdict', () => {
    const inputs = fc.sample(litmusInputs(seeds), { numRuns: 300, seed });
    const ran = inputs.filter((text) => checkPipeline(text) === null).length;
    assert.ok(ran >= 15, `only ${ran} of 300 inputs ran`);
  });
});

describe('[engine] fuzzed files through the CLI', () => {
  const directory = scratchDirectory('xics-fuzz-');
  const rejected = fc
    .sample(litmusInputs(seeds), { numRuns: 200, seed })
    .filter((text) => ['input', 'unsupported'].includes(checkPipeline(text)?.kind ?? ''))
    .slice(0, 8);
  const files = rejected.map((text, i) => writeScratchFile(directory, `fuzz-${i}.litmus`, text));

  it('reports every rejected file as file:line:col, without a stack trace, and exits 2', () => {
    assert.equal(files.length, 8);
    // checkPipeline runs POWER (parseLitmus compiles kernel C for it): so does the CLI here, whatever a C test's default model.
    const batch = cli(['run', '--model', 'power', directory]);
    assert.equal(batch.code, 2, batch.stderr);
    assert.doesNotMatch(batch.stderr, /internal error/);
    assert.doesNotMatch(batch.stderr, stackFrame);
    const diagnostics = batch.stderr.match(/^\S*fuzz-\d\.litmus:\d+:\d+: (error|unsupported): ./gm) ?? [];
    assert.equal(diagnostics.length, 8, batch.stderr);
    const single = cli(['check', '--model', 'power', files[0]!]);
    assert.equal(single.code, 2, single.stderr);
    assert.doesNotMatch(single.stderr, stackFrame);
  });
});
