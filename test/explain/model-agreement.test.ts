/**
 * The explainer's axiom automata against the model itself: on every candidate
 * execution of the bundled corpus, consistent or not, the first axiom whose
 * automaton finds a cycle must be the one checkCandidate reports. Where the
 * model computed its derived relations in full (the candidate passes thinair),
 * the automata must also find exactly the later axioms the relations break.
 * A file is checked on its first CANDIDATES_PER_FILE candidates whose values
 * solve: the IPI tests with byte messages and demux loops have millions,
 * consistent or not, and most of their first ones have no values at all.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LitmusError } from '../../src/diagnostics.ts';
import { exploreExecutions } from '../../src/engine.ts';
import { baseRelations } from '../../src/explain/base-relations.ts';
import { axiomViolations } from '../../src/explain/cycles.ts';
import { type Axiom, staticRelations } from '../../src/model/ppc.ts';
import { parseLitmus } from '../../src/parse/litmus.ts';

const corpus = new URL('../../litmus', import.meta.url).pathname;
const litmusFiles = (dir: string): string[] =>
  readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? litmusFiles(path) : name.endsWith('.litmus') ? [path] : [];
  });

const CANDIDATES_PER_FILE = 2_000;
/** The search's budget per file: the two-sender IPI tests find no candidate with values among their first million. */
const SEARCH_BUDGET = 200_000;
/** Thrown to stop a file's search once enough candidates were checked. */
class Enough extends Error {}

describe('axiom automata agree with checkCandidate', () => {
  for (const file of litmusFiles(corpus)) {
    it(file.slice(corpus.length + 1), (t) => {
      const test = parseLitmus(readFileSync(file, 'utf8'), file);
      let candidates = 0;
      const checkCandidates = () => exploreExecutions(test, { includeInconsistent: true, maxExecutions: SEARCH_BUDGET }, ({ candidate, verdict }) => {
        if (++candidates > CANDIDATES_PER_FILE) throw new Enough();
        const found = axiomViolations(baseRelations(candidate.structure, verdict)).map((v) => v.axiom);
        assert.equal(found[0] ?? null, verdict.violated);
        if (verdict.violated !== null && !['propagation', 'observation', 'scXX'].includes(verdict.violated)) return;
        // ppc-checks.cat:18, 19, 22 on the model's own relations.
        const { co, prop, fre, hb } = verdict.relations;
        const expected: Axiom[] = [];
        if (!co.union(prop).isAcyclic()) expected.push('propagation');
        if (!fre.compose(prop).compose(hb.star()).isIrreflexive()) expected.push('observation');
        if (!co.union(staticRelations(candidate.structure).xx).isAcyclic()) expected.push('scXX');
        assert.deepEqual(found, expected);
      });
      try {
        checkCandidates();
      } catch (e) {
        if (!(e instanceof Enough || (e instanceof LitmusError && e.kind === 'limit'))) throw e;
      }
      if (candidates === 0) t.skip(`no candidate with solvable values among the first ${SEARCH_BUDGET}`);
    });
  }
});
