/**
 * The memoised ppc.cat verdict (src/model/verdict-memo.ts with ppcMemoModel)
 * against the full check, on coherent candidates (the memo, like the pruned
 * search's checkCandidate(c, true), takes them coherent). Each shape's
 * expected verdicts and keys are derived in its comment from ppc.cat; a memo
 * whose explicit check is counted shows which candidates share a key and
 * which edges were dropped.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { exploreExecutions } from '../../src/engine.ts';
import type { EventStructure } from '../../src/events/structure.ts';
import { type Axiom, checkCandidate, ppcMemoModel, ppcViolation } from '../../src/model/ppc.ts';
import { VerdictMemo } from '../../src/model/verdict-memo.ts';
import type { Relation } from '../../src/relations/relation.ts';
import { READS_INIT } from '../../src/search/candidate.ts';
import { CORPUS } from '../../scripts/corpus.ts';
import { parse } from '../engine/helpers.ts';

/** An event by thread and kind, e.g. `R0`, `W1`; a second one of a thread and kind gets a prime. */
function eventNames(s: EventStructure): string[] {
  const seen = new Set<string>();
  return s.events.map((e) => {
    let name = `${e.kind}${e.thread}`;
    while (seen.has(name)) name += "'";
    seen.add(name);
    return name;
  });
}

const pairs = (r: Relation, names: string[]) => [...r.pairs()].map(([a, b]) => `${names[a]}>${names[b]}`).sort();

interface Checked {
  /** Each read's source and each location's co order, e.g. `R0<init W1<W0`. */
  candidate: string;
  memo: Axiom | null;
  full: Axiom | null;
}

/**
 * Every coherent complete candidate of the test's structures that `keep`
 * accepts, with the memo's and the full check's verdicts, sorted by
 * candidate; and the explicit checks the memo made (rf, co and fr as event
 * names), sorted.
 */
function checkAll(text: string, keep: (s: EventStructure) => boolean = () => true) {
  const explicit: { rf: string[]; co: string[]; fr: string[] }[] = [];
  const memo = new VerdictMemo<EventStructure, Axiom>({
    ...ppcMemoModel,
    violation: (s, rf, co, fr) => {
      const names = eventNames(s);
      explicit.push({ rf: pairs(rf, names), co: pairs(co, names), fr: pairs(fr, names) });
      return ppcMemoModel.violation(s, rf, co, fr);
    },
  });
  const checked: Checked[] = [];
  exploreExecutions(parse(text), { includeInconsistent: true }, ({ candidate }) => {
    const s = candidate.structure;
    if (!keep(s) || checkCandidate(candidate).violated === 'scperlocation') return;
    const names = eventNames(s);
    const sources = s.events.filter((e) => e.kind === 'R').map((e) => {
      const w = candidate.rfSource[e.id]!;
      return `${names[e.id]}<${w === READS_INIT ? 'init' : names[w]}`;
    });
    const orders = [...s.writesTo.values()].filter((ws) => ws.length > 1)
      .map((ws) => [...ws].sort((a, b) => (candidate.co.has(a, b) ? -1 : 1)).map((w) => names[w]).join('<'));
    const violated = memo.violation(candidate);
    checked.push({ candidate: [...sources, ...orders].join(' '), memo: violated, full: checkCandidate(candidate, true).violated });
  });
  const byText = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
  return { checked: checked.sort(byText), explicit: explicit.sort(byText) };
}

describe('memoised ppc.cat verdicts', () => {
  it('share a key across an RMW pair, tell the atomic axiom apart and drop the edges between components (ppc.cat:10)', () => {
    // P0's lwarx R0 and successful stwcx. W0 are an rmw pair; P1 writes x, W1.
    // G's static arcs are po (R0 -> W0) and rmw^-1 (W0 -> R0). Of the four
    // candidates (R0 reads init or W1; co W0<W1 or W1<W0) one is incoherent:
    // R0 reading W1 with W0<W1 closes W1 -rf-> R0 -po-loc-> W0 -co-> W1.
    //  (a) R0<init, W1<W0: fre R0 -> W1 and coe W1 -> W0, so rmw & (fre;coe)
    //      holds (R0, W0): atomic. G: R0 -fr-> W1 -co-> W0 -rmw^-1-> R0, one
    //      component of all three; its arcs: fr R0>W1 (and R0>W0, the fr
    //      step R0 -> W1 followed by co) and co W1>W0.
    //  (b) R0<W1, W1<W0: fr R0 -> W0 only (internal), no atomic break, and
    //      no cycle through a fence or dependency: consistent. W1 has no
    //      incoming arc, so it is a component alone: rf W1 -> R0 and co
    //      W1 -> W0 are dropped, leaving fr R0>W0 inside {R0, W0}.
    //  (c) R0<init, W0<W1: fre R0 -> W1, but W1 is co-after W0, so no coe
    //      into W0: consistent. W1 reaches nothing: co W0 -> W1 and fr
    //      R0 -> W1 are dropped, leaving fr R0>W0, the key of (b).
    // So (c) is answered from (b)'s entry: two explicit checks for three candidates.
    const test = `PPC RMW+W
{ 0:r2=x; 1:r2=x; }
 P0              | P1           ;
 lwarx r1,r0,r2  | li r1,1      ;
 addi r3,r1,2    | stw r1,0(r2) ;
 stwcx. r3,r0,r2 |              ;
exists (0:r1=0 /\\ x=3)`;
    const { checked, explicit } = checkAll(test, (s) => s.writesTo.get('x')!.length === 2);
    assert.deepEqual(checked, [
      { candidate: 'R0<init W0<W1', memo: null, full: null },
      { candidate: 'R0<init W1<W0', memo: 'atomic', full: 'atomic' },
      { candidate: 'R0<W1 W1<W0', memo: null, full: null },
    ]);
    assert.deepEqual(explicit, [
      { rf: [], co: ['W1>W0'], fr: ['R0>W0', 'R0>W1'] },
      { rf: [], co: [], fr: ['R0>W0'] },
    ]);
  });

  it('keep a propagation cycle whole and drop a reader hanging off it (ppc-checks.cat:16, 18)', () => {
    // SB+syncs with a third thread reading x. When R0 and R1 both read the
    // initial value, fre R1 -> W0 ; strong W0 -> R0 and fre R0 -> W1 ;
    // strong W1 -> R1 are both in prop (chapo ; strong), a cycle: propagation
    // (hb = fence only, acyclic, so thinair holds first). In G the four events
    // form one component (W0 -po-> R0 -fr-> W1 -po-> R1 -fr-> W0); R2 is alone
    // whether it reads W0 (it reaches nothing) or the initial value (nothing
    // reaches it), so its rf or fr edge is dropped and both candidates share
    // one key: fr R0>W1 and R1>W0. Every other candidate has a read of a
    // write, which breaks that cycle: consistent, and no arc inside a
    // component (the empty key).
    const test = `PPC SB+syncs+R
{ 0:r2=x; 0:r4=y; 1:r2=y; 1:r4=x; 2:r2=x; }
 P0           | P1           | P2           ;
 li r1,1      | li r1,1      | lwz r1,0(r2) ;
 stw r1,0(r2) | stw r1,0(r2) |              ;
 sync         | sync         |              ;
 lwz r3,0(r4) | lwz r3,0(r4) |              ;
exists (0:r3=0 /\\ 1:r3=0)`;
    const { checked, explicit } = checkAll(test);
    const cycle = checked.filter((c) => c.candidate.startsWith('R0<init R1<init'));
    assert.deepEqual(cycle.map((c) => [c.candidate, c.memo, c.full]), [
      ['R0<init R1<init R2<init', 'propagation', 'propagation'],
      ['R0<init R1<init R2<W0', 'propagation', 'propagation'],
    ]);
    assert.equal(checked.length, 8);
    assert.ok(checked.every((c) => c.memo === c.full && (c.full === null) === !c.candidate.startsWith('R0<init R1<init')));
    assert.deepEqual(explicit.map((e) => e.fr.join()).sort(), ['', 'R0>W1,R1>W0']);
    assert.ok(explicit.every((e) => e.rf.length === 0 && e.co.length === 0));
  });

  const campaign = `${CORPUS}/ppc/campaign`;
  it('agree with the full check on every coherent candidate of every 60th campaign test', { skip: !existsSync(campaign) && 'PPC campaign not found' }, () => {
    const differ: string[] = [];
    let candidates = 0;
    for (const file of readdirSync(campaign).filter((f) => f.endsWith('.litmus')).sort().filter((_, i) => i % 60 === 0)) {
      exploreExecutions(parse(readFileSync(`${campaign}/${file}`, 'utf8')), { includeInconsistent: true }, ({ candidate }) => {
        const full = checkCandidate(candidate).violated;
        if (full === 'scperlocation') return;
        candidates++;
        const memo = ppcViolation(candidate);
        if (memo !== full) differ.push(`${file}: memo ${memo}, model ${full}`);
      });
    }
    assert.ok(candidates > 1000, `${candidates} candidates`);
    assert.deepEqual(differ.slice(0, 10), []);
  });
});
