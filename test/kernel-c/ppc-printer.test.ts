/**
 * The PPC printer reproduces any test the PPC parser reads: printing then
 * parsing again gives the same instructions, labels, init, final section and
 * expected result. Run on this project's corpus and on the shared herd7
 * corpus when it is present beside the repository.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { LitmusTest, Prop } from '../../src/ir/program.ts';
import { parsePpcLitmus } from '../../src/parse/ppc.ts';
import { instructionText } from '../../src/ir/ppc-text.ts';
import { printPpcLitmus } from '../../src/report/ppc-litmus.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const sharedCorpus = join(repo, '..', 'shared', 'corpus', 'ppc');

function litmusFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.litmus')).sort().map((f) => join(dir, f));
}

/** Propositions without source positions. */
function bare(prop: Prop | null): unknown {
  if (prop === null) return null;
  switch (prop.kind) {
    case 'const': return prop.value;
    case 'atom': return [prop.loc, prop.value, prop.equal];
    case 'same': return [prop.left, prop.right, prop.equal];
    case 'not': return ['not', bare(prop.prop)];
    default: return [prop.kind, bare(prop.left), bare(prop.right)];
  }
}

/** What a test means, without where its text came from. */
function meaning(test: LitmusTest) {
  return {
    name: test.name,
    doc: test.doc,
    metadata: [...test.metadata],
    init: test.init,
    threads: test.threads.map((t) => ({ instructions: t.instructions.map(({ source: _source, ...body }) => body), labels: [...t.labels] })),
    locations: test.locations,
    filter: bare(test.filter),
    condition: [test.condition.quantifier, bare(test.condition.prop)],
    expected: test.expected?.result ?? null,
    sharedLocations: test.sharedLocations,
  };
}

function roundTrips(file: string): void {
  const test = parsePpcLitmus(readFileSync(file, 'utf8'), file);
  const printed = printPpcLitmus(test);
  assert.deepEqual(meaning(parsePpcLitmus(printed, file)), meaning(test), printed);
}

describe('instruction syntax', () => {
  it('prints each instruction form as herd writes it', () => {
    const test = parsePpcLitmus([
      'PPC forms', '{ 0:r2=x; }', ' P0 ;',
      ...['lwz r1,4(r2)', 'lwzx r1,r0,r2', 'lwarx r1,r0,r2', 'stwcx. r1,r0,r2', 'stb r1,0(r2)', 'ld r1,0(r2)', 'std r1,8(r2)',
        'li r3,-5', 'lis r3,2', 'mr r4,r3', 'addi r3,r3,7', 'subi r3,r3,7', 'add. r3,r3,r4', 'andi. r3,r3,255', 'xor r3,r1,r1',
        'srawi r3,r3,2', 'rlwinm r3,r4,1,2,3', 'rlwimi r3,r4,1,2,3', 'cmpw cr1,r1,r2', 'cmplwi r1,3', 'beq cr1,L', 'b L', 'sync', 'isync', 'nop']
        .map((i) => ` ${i} ;`),
      ' L: ;', 'exists (x=0)',
    ].join('\n'), 'forms.litmus');
    assert.deepEqual(test.threads[0]!.instructions.map(instructionText), [
      'lwz r1,4(r2)', 'lwzx r1,r0,r2', 'lwarx r1,r0,r2', 'stwcx. r1,r0,r2', 'stb r1,0(r2)', 'ld r1,0(r2)', 'std r1,8(r2)',
      'li r3,-5', 'lis r3,2', 'mr r4,r3', 'addi r3,r3,7', 'addi r3,r3,-7', 'add. r3,r3,r4', 'andi. r3,r3,255', 'xor r3,r1,r1',
      'srawi r3,r3,2', 'rlwinm r3,r4,1,2,3', 'rlwimi r3,r4,1,2,3', 'cmpw cr1,r1,r2', 'cmplwi r1,3', 'beq cr1,L', 'b L', 'sync', 'isync', 'nop',
    ]);
  });
});

describe('print then parse gives the same test', () => {
  for (const file of litmusFiles(join(repo, 'litmus')).filter((f) => /^\s*PPC\s/.test(readFileSync(f, 'utf8')))) {
    it(file.slice(repo.length), () => roundTrips(file));
  }

  const shared = litmusFiles(sharedCorpus);
  it(`the shared herd7 corpus (${shared.length} tests)`, { skip: shared.length === 0 && 'not present' }, () => {
    const failures: string[] = [];
    for (const file of shared) {
      try {
        roundTrips(file);
      } catch (error) {
        failures.push(`${file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} tests do not round-trip`);
  });
});
