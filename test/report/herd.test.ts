import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatHerdLog } from '../../src/report/herd.ts';
import { forbiddenResult, sampleTest } from './sample-result.ts';

describe('herd log format', () => {
  it("is herd7's block for MP+lwsync+addr (ppc-campaign.herd7.log) without its Time line", () => {
    const test = { ...sampleTest(), herdHash: '76deedad5ea71bc51dc86d1d5214c15b' };
    assert.equal(
      formatHerdLog(forbiddenResult({ test })),
      [
        'Test MP+lwsync+addr Allowed',
        'States 3',
        '1:r1=0; 1:r4=0;',
        '1:r1=0; 1:r4=1;',
        '1:r1=1; 1:r4=1;',
        'No',
        'Witnesses',
        'Positive: 0 Negative: 3',
        'Condition exists (1:r1=1 /\\ 1:r4=0)',
        'Observation MP+lwsync+addr Never 0 3',
        'Hash=76deedad5ea71bc51dc86d1d5214c15b',
        '',
        '',
      ].join('\n'),
    );
  });

  it('has no Hash line when the test has no hash (a kernel-C test compiled to POWER code)', () => {
    for (const herdHash of [undefined, null]) {
      const lines = formatHerdLog(forbiddenResult({ test: { ...sampleTest(), herdHash } })).split('\n');
      assert.equal(lines.at(-3), 'Observation MP+lwsync+addr Never 0 3');
      assert.ok(!lines.some((line) => line.startsWith('Hash=')));
    }
  });

  it("prints herd7's Flag lines before Condition, one per flag, as in lkmm.herd7.log (C-non-race1-rwdep)", () => {
    const lines = formatHerdLog(forbiddenResult({ model: 'lkmm', flags: ['data-race', 'mixed-accesses'] })).split('\n');
    const condition = lines.findIndex((line) => line.startsWith('Condition '));
    assert.deepEqual(lines.slice(condition - 3, condition + 1), [
      'Positive: 0 Negative: 3',
      'Flag data-race',
      'Flag mixed-accesses',
      'Condition exists (1:r1=1 /\\ 1:r4=0)',
    ]);
  });
});
