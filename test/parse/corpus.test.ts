/**
 * Every PPC test of the shared corpus must parse. The checks use facts found
 * independently of the parser: the thread row of the raw text, and the test
 * name and condition kind herd7 reported (ppc-*.tsv).
 */

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import type { Quantifier } from '../../src/ir/program.ts';
import { parsePpcLitmus } from '../../src/parse/ppc.ts';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const PPC = join(CORPUS, 'ppc');
const DIRECTORIES = ['campaign', 'illustrative', 'doc-tst-ppc'];
const THREAD_ROW = /^[ \t;]*P0[ \t]*(?:\|[ \t]*P\d+[ \t]*)*;/m;
const QUANTIFIER: Record<string, Quantifier> = { exists: 'exists', '~exists': 'not-exists', forall: 'forall' };

interface HerdFacts {
  name: string;
  quantifier: Quantifier;
}

/** herd7's view of each file, keyed by the path under ppc/ (campaign files are listed bare). */
function herdFacts(): Map<string, HerdFacts> {
  const facts = new Map<string, HerdFacts>();
  for (const [table, prefix] of [['ppc-campaign.tsv', 'campaign/'], ['ppc-illustrative.tsv', '']]) {
    const [header, ...rows] = readFileSync(join(CORPUS, table!), 'utf8').trimEnd().split('\n');
    const columns = header!.split('\t');
    const [test, file, condKind] = ['test', 'file', 'cond_kind'].map((name) => columns.indexOf(name));
    for (const row of rows) {
      const cells = row.split('\t');
      facts.set(prefix + cells[file!]!, { name: cells[test!]!, quantifier: QUANTIFIER[cells[condKind!]!]! });
    }
  }
  return facts;
}

it('parses every PPC test of the corpus', (t) => {
  if (!existsSync(PPC)) {
    t.skip(`no corpus at ${PPC}`);
    return;
  }
  const facts = herdFacts();
  const files = DIRECTORIES.flatMap((directory) => readdirSync(join(PPC, directory)).map((name) => `${directory}/${name}`));
  const start = performance.now();
  let threads = 0;
  for (const file of files) {
    const text = readFileSync(join(PPC, file), 'utf8');
    const test = parsePpcLitmus(text, file);
    const threadRow = THREAD_ROW.exec(text);
    assert.ok(threadRow, `${file}: no thread row found`);
    assert.equal(test.threads.length, threadRow[0].split('|').length, `${file}: thread count`);
    const herd = facts.get(file);
    assert.ok(herd, `${file}: not in the herd7 tables`);
    assert.equal(test.name, herd.name, `${file}: name`);
    assert.equal(test.condition.quantifier, herd.quantifier, `${file}: quantifier`);
    threads += test.threads.length;
  }
  t.diagnostic(`${files.length} files, ${threads} threads, parsed in ${Math.round(performance.now() - start)} ms`);
  assert.equal(files.length, 6184);
});
