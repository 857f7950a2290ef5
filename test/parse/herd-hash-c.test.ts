/**
 * herd7's `Hash=` for kernel-C tests (src/parse/herd-hash-c.ts), against herd7
 * 7.57's own log of the LKMM corpus (../shared/corpus/lkmm/lkmm.herd7.log).
 * The tests are chosen for their variety: typed and pointer init entries,
 * `locations`, comments in bodies, and parameters of every kind the corpus
 * has (intptr_t, int **, volatile int*, spinlock_t, atomic_t, struct srcu_struct).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseKernelC } from '../../src/kernel-c/parser.ts';
import { herdHashOfKernelC } from '../../src/parse/herd-hash-c.ts';

const LKMM = fileURLToPath(new URL('../../../shared/corpus/lkmm/', import.meta.url));

const FILES = [
  'auto/C-LB-GRR+OB-OB.litmus',
  'manual/srcu/C-SRCU2-LB-split.litmus',
  'manual/locked/WW+WW+WR+WR+po+po+po+rfi-po+onces+locked.litmus',
  'manual/atomic/C-atomic-04.litmus',
  'manual/atomic/C-atomic-02.litmus',
  'manual/extra/C-wrc+assign+deref-addr-o+o-rb-o.litmus',
  'manual/extra/C-wrc+o+o-assign+deref-addr-o.litmus',
  'manual/locked/rel-acq-unlock-lock/unlock-lock-write-ordering-2.litmus',
  'manual/demo/C-LB+rl-deref-o-rul+o-sync-o.litmus',
  'luc/RelAcq/C-WRR+2W+poonceacquire+poreleaserelease+Once.litmus',
];

/** herd's Hash per test name, from its log: `Test NAME ...` ... `Hash=...`. */
function herdHashes(): Map<string, string> {
  const hashes = new Map<string, string>();
  let name = '';
  for (const line of readFileSync(`${LKMM}lkmm.herd7.log`, 'utf8').split('\n')) {
    const test = /^Test (\S+)/.exec(line);
    if (test) name = test[1]!;
    const hash = /^Hash=(\S+)/.exec(line);
    if (hash) hashes.set(name, hash[1]!);
  }
  return hashes;
}

/** File → test name, from lkmm.tsv. */
function testNames(): Map<string, string> {
  const rows = readFileSync(`${LKMM}lkmm.tsv`, 'utf8').trim().split('\n').slice(1);
  return new Map(rows.map((row) => row.split('\t') as [string, string]));
}

const hashOf = (text: string) => herdHashOfKernelC(parseKernelC(text, 'tests/t.litmus'));

describe('herd7 Hash of kernel-C tests', () => {
  it("equals herd7's for corpus tests", (t) => {
    if (!existsSync(`${LKMM}lkmm.herd7.log`)) {
      t.skip(`no corpus at ${LKMM}`);
      return;
    }
    const hashes = herdHashes();
    const names = testNames();
    for (const file of FILES) {
      const expected = hashes.get(names.get(file)!);
      assert.ok(expected, `${file} has a Hash in herd's log`);
      assert.equal(hashOf(readFileSync(`${LKMM}tests/${file}`, 'utf8')), expected, file);
    }
  });

  const TEST = ['C t', '{', '}', '', 'P0(int *x)', '{', '\tWRITE_ONCE(*x, 1);', '}', '', 'exists (x=1)'];

  it('digests each body as written, but not the layout between functions', () => {
    const base = hashOf(TEST.join('\n'));
    assert.match(base!, /^[0-9a-f]{32}$/);
    // Blank lines and comments outside the braces are not part of the code.
    assert.equal(hashOf(TEST.join('\n').replace('\nP0', '\n/* P0 writes */\n\nP0')), base);
    // Inside the braces herd keeps the raw text, comments and spacing included.
    assert.notEqual(hashOf(TEST.join('\n').replace('\tWRITE', '\t/* c */ WRITE')), base);
    assert.notEqual(hashOf(TEST.join('\n').replace('\tWRITE', '  WRITE')), base);
  });

  it("keeps the file's own Hash= line", () => {
    assert.equal(hashOf(TEST.join('\n').replace('C t\n', 'C t\nHash=0123\n')), '0123');
  });
});
