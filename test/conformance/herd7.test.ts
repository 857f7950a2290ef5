/**
 * Parity with herd7 on the public corpus (../shared/corpus, 6,184 tests): the
 * expected results are herd7's own logs. Skipped where the corpus is absent.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { it } from 'node:test';
import { CORPUS } from '../../scripts/corpus.ts';
import { compareWithHerd, corpusWithHerdLogs } from '../../scripts/herd-compare.ts';

it('matches herd7 on every corpus test (states, counts, Observation, Ok/No, Condition, Hash)', { skip: !existsSync(CORPUS) && 'corpus not found' }, () => {
  const mismatches: string[] = [];
  const corpus = corpusWithHerdLogs();
  for (const { test, expected } of corpus) {
    const problems = expected ? compareWithHerd(test.path, expected) : ['no herd7 log entry'];
    if (problems.length) mismatches.push(`${test.name}: ${problems.join('; ')}`);
  }
  assert.equal(corpus.length, 6184);
  assert.deepEqual(mismatches.slice(0, 10), []);
});
