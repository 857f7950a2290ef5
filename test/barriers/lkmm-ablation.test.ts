/**
 * Barrier ablation under the LKMM, at C level. Expected verdicts come from
 * herd7's LKMM log (../shared/corpus/lkmm/lkmm.tsv) where the changed test
 * is in the corpus, else from linux-kernel.cat ("cat:N" is its line N), with
 * the reasoning written next to the assertion.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ablate } from '../../src/barriers/ablation.ts';
import { compareBarriers, formatComparison } from '../../src/barriers/compare.ts';
import { lkmmOrderingPoints } from '../../src/barriers/lkmm-points.ts';
import { ablatableTest } from '../../src/barriers/subject.ts';
import type { LkmmTest } from '../../src/ir/c-program.ts';
import { parseForModel } from '../../src/parse/litmus.ts';
import { formatAblation } from '../../src/report/barriers.ts';

const lkmm = (text: string): LkmmTest => parseForModel(text, 'inline.litmus', { model: 'lkmm' }) as LkmmTest;
const rows = (text: string) => ablate(lkmmOrderingPoints(lkmm(text))).points.map((p) => [p.point.label, p.withoutIt, p.weakened, p.classification]);

const corpus = new URL('../../../shared/corpus/lkmm/', import.meta.url).pathname;
const herd = (file: string): string | undefined => {
  if (!existsSync(`${corpus}lkmm.tsv`)) return undefined;
  return readFileSync(`${corpus}lkmm.tsv`, 'utf8').split('\n').find((l) => l.startsWith(`${file}\t`))?.split('\t')[3];
};

describe('LKMM ordering points', () => {
  it('manual/demo/C-MP+o-mb-o+o-mb-o: both smp_mb() are needed (herd7: Never; each side alone: Sometimes)', { skip: herd('manual/demo/C-MP+o-mb-o+o-mb-o.litmus') === undefined ? 'no LKMM corpus' : false }, () => {
    // herd7: C-MP+o-mb-o+o-mb-o Never, C-MP+o-o+o-o Sometimes, and C-mp+o-mb-o+o-wmb-o
    // Sometimes: an smp_wmb() between the reader's loads orders nothing (cat:35 is W->W), so the
    // reader's smp_mb() removed is Sometimes. The writer's removed: nothing orders the stores
    // (no cumul-fence, cat:77), Sometimes by the same cycle with the roles swapped.
    assert.equal(herd('manual/demo/C-MP+o-mb-o+o-mb-o.litmus'), 'Never');
    assert.equal(herd('manual/lwn573436/C-mp+o-mb-o+o-wmb-o.litmus'), 'Sometimes');
    const path = `${corpus}tests/manual/demo/C-MP+o-mb-o+o-mb-o.litmus`;
    const report = ablate(ablatableTest(readFileSync(path, 'utf8'), path));
    assert.equal(report.asWritten, 'Never');
    assert.deepEqual(report.points.map((p) => [p.point.label.replace(/^P(\d) line \d+/, 'P$1'), p.withoutIt, p.classification]), [
      ['P0: smp_mb()', 'Sometimes', 'necessary'],
      ['P1: smp_mb()', 'Sometimes', 'necessary'],
    ]);
    assert.equal(report.minimalSet?.length, 2);
  });

  it('SB+mbs: each smp_mb() is necessary; one before any access is redundant', () => {
    // SB with smp_mb() on one side only: pb (cat:94) needs a strong fence on each side of the
    // cycle W x -> R y -fre-> W y -> R x -fre-> W x, so removing either gives Sometimes (herd7:
    // manual/demo/C-SB+o-mb-o+o-mb-o Never). A fence with nothing po-before it orders nothing.
    assert.deepEqual(rows(`C SB+mbs

{}

P0(int *x, int *y)
{
	int r0;

	smp_mb();
	WRITE_ONCE(*x, 1);
	smp_mb();
	r0 = READ_ONCE(*y);
}

P1(int *x, int *y)
{
	int r0;

	WRITE_ONCE(*y, 1);
	smp_mb();
	r0 = READ_ONCE(*x);
}

exists (0:r0=0 /\\ 1:r0=0)`), [
      ['P0 line 9: smp_mb()', 'Never', null, 'redundant'],
      ['P0 line 11: smp_mb()', 'Sometimes', null, 'necessary'],
      ['P1 line 20: smp_mb()', 'Sometimes', null, 'necessary'],
    ]);
  });

  it('release and acquire are removed to ONCE: both needed in MP', () => {
    // Without the release (W y once), nothing orders W x before W y: no po-rel (cat:29), no
    // cumul-fence; without the acquire, nothing orders R y before R x (no acq-po, cat:28).
    // Either way the hb cycle of MP is gone: Sometimes.
    assert.deepEqual(rows(`C MP+pooncerelease+poacquireonce

{}

P0(int *x, int *y)
{
	WRITE_ONCE(*x, 1);
	smp_store_release(y, 1);
}

P1(int *x, int *y)
{
	int r0;
	int r1;

	r0 = smp_load_acquire(y);
	r1 = READ_ONCE(*x);
}

exists (1:r0=1 /\\ 1:r1=0)`), [
      ['P0 line 8: smp_store_release() (release; removed: once, as WRITE_ONCE())', 'Sometimes', null, 'necessary'],
      ['P1 line 16: smp_load_acquire() (acquire; removed: once, as READ_ONCE())', 'Sometimes', null, 'necessary'],
    ]);
  });

  it('a fully ordered xchg() publishing a flag could be xchg_release()', () => {
    // P0: W x; xchg(y, 1); P1 reads y with acquire, then x. xchg_relaxed(): nothing orders W x
    // before the W* of y: Sometimes. xchg_acquire(): acq-po orders the R* of y before what
    // follows, not W x before it: Sometimes. xchg_release(): W*[release], so po-rel orders W x
    // before it (cat:29, a cumul-fence) and MP is forbidden again: Never.
    const text = `C MP+xchg+acquire

{}

P0(int *x, int *y)
{
	int r0;

	WRITE_ONCE(*x, 1);
	r0 = xchg(y, 1);
}

P1(int *x, int *y)
{
	int r1;
	int r2;

	r1 = smp_load_acquire(y);
	r2 = READ_ONCE(*x);
}

exists (1:r1=1 /\\ 1:r2=0)`;
    const report = ablate(lkmmOrderingPoints(lkmm(text)));
    const xchg = report.points[0]!;
    assert.equal(xchg.point.label, 'P0 line 10: xchg() (fully ordered; removed: _relaxed)');
    assert.deepEqual([xchg.withoutIt, xchg.weakened, xchg.weakenedAs, xchg.classification], ['Sometimes', 'Never', 'release', 'could be weaker']);
    assert.equal(report.points[1]!.classification, 'necessary');
    // The table says which weaker form kept the result.
    assert.match(formatAblation(report), /xchg\(\) \(fully ordered; removed: _relaxed\) +Sometimes +Never \(as release\) +could be weaker/);
  });

  it('picks the LKMM for a kernel-C test without a kernel build, and POWER when asked', () => {
    const sb = `C SB\n\n{}\n\nP0(int *x, int *y)\n{\n\tint r0;\n\n\tWRITE_ONCE(*x, 1);\n\tsmp_mb();\n\tr0 = READ_ONCE(*y);\n}\n\nP1(int *x, int *y)\n{\n\tint r0;\n\n\tWRITE_ONCE(*y, 1);\n\tsmp_mb();\n\tr0 = READ_ONCE(*x);\n}\n\nexists (0:r0=0 /\\ 1:r0=0)\n`;
    assert.equal(ablatableTest(sb, 'sb.litmus').test.arch, 'C');
    assert.equal(ablatableTest(sb, 'sb.litmus', {}, 'power').test.arch, 'PPC');
    assert.equal(ablatableTest(sb, 'sb.litmus', { model: 'power' }).test.arch, 'PPC');
  });

  it('refuses the LKMM for a PPC test', () => {
    assert.throws(() => ablatableTest('PPC T\n{ 0:r2=x; }\n P0 ;\n sync ;\nexists (x=0)', 't.litmus', {}, 'lkmm'), /kernel-C tests/);
  });
});

describe('both models, point by point', () => {
  it('MP+wmb+rmb: needed by the LKMM; on POWER v6.13 smp_wmb() (lwsync) could be an eieio', () => {
    // LKMM: as MP+fencewmbonceonce+fencermbonceonce (herd7 Never), each fence removed is
    // Sometimes. POWER v6.13: smp_wmb() is lwsync, smp_rmb() lwsync; MP+po+lwsync and
    // MP+lwsync+po are Sometimes under ppc.cat, MP+eieio+lwsync Never (eieio orders W->W and is
    // in prop), MP+lwsync+eieio Sometimes (eieio does not order R->R).
    const file = 'test/kernel-c/fixtures/MP+wmb+rmb.litmus';
    const text = readFileSync(file, 'utf8');
    const c = compareBarriers(text, file);
    assert.equal(c.kernel, 'v6.13');
    assert.deepEqual(c.points.map((p) => p.summary), [
      'P0 line 20 smp_wmb(): needed by the LKMM, needed but could be weaker on POWER v6.13',
      'P1 line 30 smp_rmb(): needed by the LKMM, needed on POWER v6.13',
    ]);
    assert.match(formatComparison(c), /as written: Never under the LKMM, Never on POWER v6\.13/);
  });
});
