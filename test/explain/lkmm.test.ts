/**
 * Explanations under the LKMM. Every expected cycle is derived by hand from
 * linux-kernel.cat (../shared/docs/lkmm/, "cat:N" is its line N), written next
 * to the assertion; none is copied from the explainer's output. Event names
 * are `P<thread>:<line>` of the inline tests below (line 1 is `C ...`).
 *
 * Which rotation of a cycle is printed: the search starts at each event in
 * id order (threads in order, each in program order) and keeps the first
 * shortest cycle, so the printed cycle starts at the earliest event that is
 * the start of one of the axiom's relation's edges on it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { exploreLkmmExecutions } from '../../src/engine.ts';
import { axiomViolations } from '../../src/explain/cycles.ts';
import { executionDot, explanationPictures } from '../../src/explain/dot.ts';
import { explainOutcome } from '../../src/explain/explain.ts';
import { LKMM_CATALOGUE, lkmmBaseRelations } from '../../src/explain/lkmm-catalogue.ts';
import { formatExplanation } from '../../src/explain/text.ts';
import type { LkmmTest } from '../../src/ir/c-program.ts';
import { parseForModel } from '../../src/parse/litmus.ts';
import { groupAxioms, plain } from './helpers.ts';

const lkmm = (text: string): LkmmTest => parseForModel(text, 'inline.litmus', { model: 'lkmm' }) as LkmmTest;
const text = (test: LkmmTest, options = {}) => formatExplanation(explainOutcome(test, options), plain);

// ../shared/docs/herd-format-and-ppc-model.md §1.3, verbatim but for the comment.
const MP_WMB_RMB = lkmm(`C MP+fencewmbonceonce+fencermbonceonce

(* Result: Never *)

{
	int x;
	int y;
}

P0(int *x, int *y)
{
	WRITE_ONCE(*x, 1);
	smp_wmb();
	WRITE_ONCE(*y, 1);
}

P1(int *x, int *y)
{
	int r0;
	int r1;

	r0 = READ_ONCE(*y);
	smp_rmb();
	r1 = READ_ONCE(*x);
}

exists (1:r0=1 /\\ 1:r1=0)`);
// P0:12 W x, P0:13 smp_wmb, P0:14 W y; P1:22 R y, P1:23 smp_rmb, P1:24 R x.

const SB = (fence: string) => lkmm(`C SB

{}

P0(int *x, int *y)
{
	int r0;

	WRITE_ONCE(*x, 1);
	${fence}
	r0 = READ_ONCE(*y);
}

P1(int *x, int *y)
{
	int r0;

	WRITE_ONCE(*y, 1);
	${fence}
	r0 = READ_ONCE(*x);
}

exists (0:r0=0 /\\ 1:r0=0)`);
// P0:9 W x, P0:10 fence, P0:11 R y; P1:18 W y, P1:19 fence, P1:20 R x.

describe('LKMM: forbidden outcomes by their first axiom, in LKMM relations', () => {
  it('MP+fencewmbonceonce+fencermbonceonce: happens-before, through prop & int and ppo(rmb)', () => {
    // r0=1 /\ r1=0: R y reads W y (rfe), R x reads the initial x so fre to W x. cat:79 prop
    // from R x: (overwrite & ext)? = fre to W x, cumul-fence = wmb (W x -> W y, cat:77), rfe to
    // R y: prop(R x, R y), both on P1 and distinct, so hb (cat:86 (prop \ id) & int). cat:34
    // rmb orders R y before R x: ppo (cat:73 via fence). So hb has the cycle R y -> R x -> R y:
    // four base edges. Nothing earlier breaks (one write per location: coherent); the cycle
    // starts at R y, the first event that begins an hb edge on it (W x and W y are inside prop).
    const e = explainOutcome(MP_WMB_RMB);
    assert.equal(e.witness, null);
    assert.equal(e.rejected?.candidates, 1);
    assert.deepEqual(groupAxioms(e), [['happens-before']]);
    const t = text(MP_WMB_RMB);
    assert.ok(t.includes('P1:22 R y=1 -rmb-> P1:24 R x=0 -fre-> P0:12 W x=1 -wmb-> P0:14 W y=1 -rfe-> P1:22\n'), t);
    assert.ok(t.includes('= ppo(rmb) ; prop(fre ; cumul-fence(wmb) ; rfe)'), t);
    assert.match(t, /the LKMM rejects it/);
    // The code on the cycle, fences included, as C.
    assert.match(t, /where\n +P0:12 +WRITE_ONCE\(\*x, 1\);\n +P0:13 +smp_wmb\(\);\n +P0:14 +WRITE_ONCE\(\*y, 1\);\n +P1:22 +r0 = READ_ONCE\(\*y\);\n +P1:23 +smp_rmb\(\);\n +P1:24 +r1 = READ_ONCE\(\*x\);\n/);
    for (const label of ['rmb', 'fre', 'wmb', 'rfe']) assert.match(t, new RegExp(`\\n  ${label} +\\S`));
  });

  it('SB with smp_mb() on both sides: propagation (pb), not happens-before', () => {
    // Both reads see 0: R y -fre-> W y, R x -fre-> W x. hb has no cycle (fre is in hb only
    // inside prop & int, and no prop edge returns to its thread). cat:94 pb = prop ;
    // strong-fence ; hb* : from R y, prop = fre to W y, strong-fence = mb to R x (P1's
    // smp_mb); likewise from R x back to R y. So pb has a cycle of two edges, four base
    // edges; W x begins no pb edge on it (a pb edge from W x would need prop to come back
    // to P0), so it starts at R y.
    const t = SB('smp_mb();');
    const e = explainOutcome(t);
    assert.deepEqual(groupAxioms(e), [['propagation']]);
    assert.deepEqual(e.rejected!.groups[0]!.first.cycle.steps.map((s) => s.label), ['fre', 'mb', 'fre', 'mb']);
    const out = text(t);
    assert.ok(out.includes('P0:11 R y=0 -fre-> P1:18 W y=1 -mb-> P1:20 R x=0 -fre-> P0:9 W x=1 -mb-> P0:11\n'), out);
    assert.ok(out.includes('= pb(prop(fre) ; mb) ; pb(prop(fre) ; mb)'), out);
  });

  it('atomic: two xchg() that both read the initial value', () => {
    // cat:61 rmw & (fre ; coe): whichever write is co-first, the other RMW's read has fre to it,
    // and it is coe-before that RMW's own write. xchg() is F[mb]; R*; W*; F[mb] (line 9: a, b,
    // c, d), xchg_relaxed() R*; W* (line 16: a, b).
    const t = lkmm(`C XCHG+XCHG

{}

P0(int *x)
{
	int r0;

	r0 = xchg(x, 1);
}

P1(int *x)
{
	int r0;

	r0 = xchg_relaxed(x, 2);
}

exists (0:r0=0 /\\ 1:r0=0)`);
    const e = explainOutcome(t);
    assert.equal(e.rejected?.candidates, 2);
    assert.deepEqual(groupAxioms(e), [['atomic'], ['atomic']]);
    const out = formatExplanation(e, plain);
    assert.ok(out.includes('P1:16a R x=0 -fre-> P0:9c W x=1 -coe-> P1:16b W x=2 <-rmw- P1:16a\n'), out);
    assert.ok(out.includes('P0:9b R x=0 -fre-> P1:16b W x=2 -coe-> P0:9c W x=1 <-rmw- P0:9b\n'), out);
  });

  it('coherence: CoRR with READ_ONCE', () => {
    // R x=1 then R x=0 in program order: R1 -po-loc-> R2 -fre-> W -rfe-> R1 (cat:58).
    const e = explainOutcome(lkmm(`C CoRR

{}

P0(int *x)
{
	WRITE_ONCE(*x, 1);
}

P1(int *x)
{
	int r0;
	int r1;

	r0 = READ_ONCE(*x);
	r1 = READ_ONCE(*x);
}

exists (1:r0=1 /\\ 1:r1=0)`));
    assert.deepEqual(groupAxioms(e), [['coherence']]);
    assert.deepEqual(e.rejected!.groups[0]!.first.cycle.steps.map((s) => s.label), ['rfe', 'po-loc', 'fre']);
  });

  it('release/acquire MP: happens-before through po-rel and acq-po', () => {
    // As MP+wmb+rmb, with cat:29 po-rel (W x before the release W y) as the cumul-fence
    // (cat:77 A-cumul(po-rel)) and cat:28 acq-po (the acquire R y before R x) as ppo.
    const t = lkmm(`C MP+pooncerelease+poacquireonce

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

exists (1:r0=1 /\\ 1:r1=0)`);
    const out = text(t);
    assert.ok(out.includes('P1:16 R y=1 -acq-po-> P1:17 R x=0 -fre-> P0:7 W x=1 -po-rel-> P0:8 W y=1 -rfe-> P1:16\n'), out);
  });

  it('rcu: a grace period against a read-side critical section, as one rcu-fence edge', () => {
    // P0's critical section reads x=1 (P1's write after synchronize_rcu()) and y=0 (before it).
    // cat:131-141: rcu-order(unlock, sync) = rcu-rscsi(unlock, lock) ; rcu-link(lock, sync),
    // the link being po to R y, prop = fre to W y, po to the sync; rcu-fence = po ; rcu-order ;
    // po? relates R x (po-before the unlock) to W x (po-after the sync). rb (cat:146) =
    // prop ; rcu-fence ; hb* is then reflexive at R x with prop empty and hb* = rfe: two edges.
    // (R y -fre-> W y -rcu-fence-> R y is two edges too; R x comes first.)
    const t = lkmm(`C MP+rcu

{}

P0(int *x, int *y)
{
	int r0;
	int r1;

	rcu_read_lock();
	r0 = READ_ONCE(*x);
	r1 = READ_ONCE(*y);
	rcu_read_unlock();
}

P1(int *x, int *y)
{
	WRITE_ONCE(*y, 1);
	synchronize_rcu();
	WRITE_ONCE(*x, 1);
}

exists (0:r0=1 /\\ 0:r1=0)`);
    const e = explainOutcome(t);
    assert.deepEqual(groupAxioms(e), [['rcu']]);
    const out = formatExplanation(e, plain);
    assert.ok(out.includes('P0:11 R x=1 -rcu-fence-> P1:20 W x=1 -rfe-> P0:11\n'), out);
    assert.match(out, /where\n +P0:10 +rcu_read_lock\(\);\n +P0:11 .*\n +P0:13 +rcu_read_unlock\(\);\n +P1:19 +synchronize_rcu\(\);\n +P1:20 /);
  });

  it('plain-coherence: LB+mbs with plain accesses on x', () => {
    // The plain *x = 1 (P1:20) is read by the plain r0 = *x (P0:9): pre-race & rf (cat:189,
    // 192). cat:186 rw-xbstar from R x to W x: r-post-bounded = nonrw-fence (mb to W y, marked),
    // xbstar = hb (W y -rfe-> R y, both marked), w-pre-bounded = [Marked] R y then fence (mb to
    // W x). So wr-incoh is not empty. hb and pb have no cycle (W x and R x are plain, and hb
    // and pb end at marked events), so plain-coherence is the first axiom broken. The cycle
    // starts at W x: the first event with a pre-race rf, fr or co edge out of it.
    const t = lkmm(`C LB+mbs+plain

{}

P0(int *x, int *y)
{
	int r0;

	r0 = *x;
	smp_mb();
	WRITE_ONCE(*y, 1);
}

P1(int *x, int *y)
{
	int r1;

	r1 = READ_ONCE(*y);
	smp_mb();
	*x = 1;
}

exists (0:r0=1 /\\ 1:r1=1)`);
    const e = explainOutcome(t);
    assert.deepEqual(groupAxioms(e), [['plain-coherence']]);
    const out = formatExplanation(e, plain);
    assert.ok(out.includes('P1:20 W x=1 -rfe-> P0:9 R x=1 -mb-> P0:11 W y=1 -hb-> P1:18 R y=1 -mb-> P1:20\n'), out);
    assert.ok(out.includes('= rfe ; rw-xbstar(mb ; xb*(hb) ; mb)'), out);
  });
});

describe('LKMM: witnesses', () => {
  it('SB without fences: each access with its C statement, tag, value and rf/fr', () => {
    // Reachable (herd: SB is Sometimes under the LKMM); the witness reads both initial values.
    const out = text(SB(''));
    assert.match(out, /reachable \(1 of 4 executions reach it\)/);
    assert.match(out, /P0:9 +WRITE_ONCE\(\*x, 1\); +W\[once\] x=1\n +P0:11 +r0 = READ_ONCE\(\*y\); +R\[once\] y=0 +reads the initial value; fre to P1:18\n/);
    assert.match(out, /final state: 0:r0=0; 1:r0=0;/);
  });

  it('shows fences as events, release and acquire tags, RMW parts and rf from another thread', () => {
    const t = lkmm(`C W

{}

P0(int *x, int *y)
{
	WRITE_ONCE(*x, 1);
	smp_mb();
	smp_store_release(y, 1);
}

P1(int *x, int *y)
{
	int r0;
	int r1;

	r0 = smp_load_acquire(y);
	r1 = xchg_relaxed(x, 2);
}

exists (1:r0=1 /\\ 1:r1=1)`);
    const out = text(t);
    assert.match(out, /P0:8 +smp_mb\(\); +F\[mb\]\n/);
    assert.match(out, /P0:9 +smp_store_release\(y, 1\); +W\[release\] y=1\n/);
    // P1:18 is the RMW's read (a) and write (b); the read misses its own write: fri.
    assert.match(out, /P1:17 +r0 = smp_load_acquire\(y\); +R\[acquire\] y=1 +rfe from P0:9\n/);
    assert.match(out, /P1:18a +r1 = xchg_relaxed\(x, 2\); +R\*\[once\] x=1 +rfe from P0:7; fri to P1:18b\n/);
    assert.match(out, /P1:18b +r1 = xchg_relaxed\(x, 2\); +W\*\[once\] x=2 +coe after P0:7; rmw from P1:18a\n/);
  });
});

describe('LKMM: pictures', () => {
  it('draws fence events in their thread and the cycle bold', () => {
    const [picture] = explanationPictures(explainOutcome(MP_WMB_RMB));
    assert.equal(picture!.name, 'MP+fencewmbonceonce+fencermbonceonce-forbidden-1');
    assert.match(picture!.dot, /label="P0:13  smp_wmb\(\);\\nF\[wmb\]"/);
    assert.match(picture!.dot, /label="P1:24  r1 = READ_ONCE\(\*x\);\\nR\[once\] x=0"/);
    const bold = [...picture!.dot.matchAll(/label="([^"]+)", color="[^"]+", fontcolor="[^"]+", penwidth=3/g)].map((m) => m[1]);
    assert.deepEqual(bold.sort(), ['fre', 'rfe', 'rmb', 'wmb']);
  });

  it('draws a witness', () => {
    const dot = executionDot(explainOutcome(SB('')).witness!, { title: 'SB' });
    assert.match(dot, /^digraph "SB"/);
    assert.match(dot, /label="fre", color="#ffa040"/);
  });
});

// ../shared/corpus/lkmm: herd7's LKMM corpus, here to check the automata against the model.
const corpus = new URL('../../../shared/corpus/lkmm/', import.meta.url).pathname;
let rows: string[][] = [];
try {
  rows = readFileSync(`${corpus}lkmm.tsv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
} catch {
  rows = [];
}

describe('LKMM axiom automata agree with checkLkmm', { skip: rows.length === 0 ? 'the LKMM corpus is not there' : false }, () => {
  // Every 40th quick test: on every candidate, consistent or not, the first axiom with a cycle is
  // the model's verdict, and a consistent candidate has none.
  const sample = rows.filter(([, , status, , , , , , seconds], i) => status === 'ok' && Number(seconds) <= 0.05 && i % 40 === 0);
  for (const [file] of sample) {
    it(file!, () => {
      const path = `${corpus}tests/${file}`;
      const test = parseForModel(readFileSync(path, 'utf8'), path, { model: 'lkmm' }) as LkmmTest;
      exploreLkmmExecutions(test, { includeInconsistent: true, maxExecutions: 5000 }, ({ candidate, verdict }) => {
        const found = axiomViolations(lkmmBaseRelations(candidate.structure, verdict), LKMM_CATALOGUE).map((v) => v.axiom);
        assert.equal(found[0] ?? null, verdict.violated);
        if (verdict.violated === null) assert.deepEqual(found, []);
      });
    });
  }
});
