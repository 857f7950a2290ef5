/**
 * Mixed-size parity on the public corpus (../shared/corpus/mixed): the 369
 * tests of tests/ against herd7 -variant mixed's own log, the 62 of
 * atomicity/ against their single-copy-atomic results (atomicity.sca.log,
 * where herd7's mixed-size answer is too weak). States, counts, Observation,
 * Ok/No, Condition and Hash, as for the PPC corpus. Skipped where the corpus
 * is absent.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { it } from 'node:test';
import { MIXED_CORPUS, MIXED_FOLDERS } from '../../scripts/corpus.ts';
import { compareWithHerd, mixedCorpusWithLogs } from '../../scripts/herd-compare.ts';

const sizes = { tests: 369, atomicity: 62 };

for (const folder of MIXED_FOLDERS) {
  it(`matches ${folder.source} on every test of mixed/${folder.folder}`, { skip: !existsSync(MIXED_CORPUS) && 'mixed corpus not found' }, () => {
    const corpus = mixedCorpusWithLogs(folder);
    const mismatches = corpus.flatMap(({ name, path, expected }) => {
      const problems = expected ? compareWithHerd(path, expected) : ['no log entry'];
      return problems.length > 0 ? [`${name}: ${problems.join('; ')}`] : [];
    });
    assert.equal(corpus.length, sizes[folder.folder]);
    assert.deepEqual(mismatches.slice(0, 10), []);
  });
}
