/**
 * The powerpc primitive mapping is sound against the LKMM on a fixed sample
 * of the kernel-C corpus (../shared/corpus/lkmm): for v6.13 on POWER7, every
 * final state the compiled POWER code reaches under ppc.cat is a final state
 * the LKMM allows. The sample is 40 tests spread evenly over lkmm.tsv, among
 * those herd7 finished quickly and that use no grace period (refused under
 * POWER), so it is the same on every run. `npm run soundness` checks the
 * whole corpus and explains its exceptions (scripts/soundness-known.tsv).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LKMM_CORPUS, lkmmCorpusTests } from '../../scripts/corpus.ts';
import { checkTest, knownExceptionFor, readKnownExceptions, type Target } from '../../scripts/soundness.ts';

const skip = !existsSync(LKMM_CORPUS) && 'LKMM corpus not found';
const SAMPLE = 40;
const TARGET: Target = { kernel: 'v6.13', cpu: 'power7' };

describe('powerpc mapping soundness sample', { skip }, () => {
  it(`POWER ${TARGET.kernel} ${TARGET.cpu} final states ⊆ LKMM final states on ${SAMPLE} corpus tests`, () => {
    const eligible = lkmmCorpusTests().filter((t) =>
      t.status === 'ok' && t.herdSeconds !== null && t.herdSeconds <= 0.05 && !/synchronize_s?rcu|srcu_read/.test(readFileSync(t.path, 'utf8')));
    const step = Math.floor(eligible.length / SAMPLE);
    const sample = eligible.filter((_, i) => i % step === 0).slice(0, SAMPLE);
    const known = readKnownExceptions();
    const problems: string[] = [];
    let checked = 0;
    for (const test of sample) {
      const [outcome] = checkTest(test, [TARGET], 10_000);
      if (outcome!.kind === 'skipped') {
        problems.push(`${test.file}: skipped, ${outcome!.reason}: ${outcome!.message}`);
        continue;
      }
      checked++;
      const { powerOnly } = outcome!.comparison;
      if (powerOnly.length > 0 && !knownExceptionFor(known, TARGET, test.file)) problems.push(`${test.file}: POWER reaches ${powerOnly.join(' | ')}`);
    }
    assert.equal(sample.length, SAMPLE);
    assert.deepEqual(problems, []);
    assert.equal(checked, SAMPLE);
  });
});
