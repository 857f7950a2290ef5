/** The public herd7 corpus beside the repository (../shared/corpus), as conformance and bench read it. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readOracleTsv } from './herd-log.ts';

export const CORPUS = resolve(import.meta.dirname, '..', '..', 'shared', 'corpus');

export interface CorpusTest {
  family: 'campaign' | 'illustrative';
  name: string;
  path: string;
}

export function corpusTests(): CorpusTest[] {
  if (!existsSync(CORPUS)) throw new Error(`corpus not found at ${CORPUS}`);
  const campaign = readOracleTsv(join(CORPUS, 'ppc-campaign.tsv')).map((r) => ({
    family: 'campaign' as const, name: r.test, path: join(CORPUS, 'ppc', 'campaign', r.file),
  }));
  const illustrative = readOracleTsv(join(CORPUS, 'ppc-illustrative.tsv')).map((r) => ({
    family: 'illustrative' as const, name: r.test, path: join(CORPUS, 'ppc', r.file),
  }));
  return [...campaign, ...illustrative];
}
