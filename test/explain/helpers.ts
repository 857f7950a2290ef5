/** Shared by the explain tests: fixtures, parsing, and explanations as plain text. */
import { readFileSync } from 'node:fs';
import { Chalk } from 'chalk';
import { explainOutcome, type ExplainOptions, type Explanation } from '../../src/explain/explain.ts';
import { formatExplanation } from '../../src/explain/text.ts';
import type { LitmusTest } from '../../src/ir/program.ts';
import { parsePpcLitmus } from '../../src/parse/ppc.ts';

export const fixture = (name: string): string => new URL(`fixtures/${name}`, import.meta.url).pathname;

export function parseFixture(name: string): LitmusTest {
  const path = fixture(name);
  return parsePpcLitmus(readFileSync(path, 'utf8'), path);
}

export function parseText(text: string): LitmusTest {
  return parsePpcLitmus(text, 'inline.litmus');
}

export const plain = new Chalk({ level: 0 });

export function explanationText(test: LitmusTest, options: ExplainOptions = {}): string {
  return formatExplanation(explainOutcome(test, options), plain);
}

/** Per rejected group: its first axiom (the model's verdict), then the later ones some of its candidates break. */
export function groupAxioms(explanation: Explanation): string[][] {
  return (explanation.rejected?.groups ?? []).map((g) => [g.first.axiom, ...g.alsoBroken.map((a) => a.violation.axiom)]);
}
