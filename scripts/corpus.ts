/** The public herd7 corpus beside the repository (../shared/corpus), as conformance and bench read it. */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type LkmmOracleRow, readLkmmTsv, readOracleTsv } from './herd-log.ts';

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

export const LKMM_CORPUS = join(CORPUS, 'lkmm');

export interface LkmmCorpusTest extends LkmmOracleRow {
  path: string;
}

/** Every test of ../shared/corpus/lkmm, in lkmm.tsv order, with its herd7 status and time. */
export function lkmmCorpusTests(): LkmmCorpusTest[] {
  if (!existsSync(LKMM_CORPUS)) throw new Error(`LKMM corpus not found at ${LKMM_CORPUS}`);
  return readLkmmTsv(join(LKMM_CORPUS, 'lkmm.tsv')).map((row) => ({ ...row, path: join(LKMM_CORPUS, 'tests', row.file) }));
}

export const MIXED_CORPUS = join(CORPUS, 'mixed');

/** The two folders of ../shared/corpus/mixed, each with the log its expected results come from. */
export const MIXED_FOLDERS = [
  { folder: 'tests', log: 'mixed.herd7.log', source: 'herd7 -variant mixed' },
  { folder: 'atomicity', log: 'atomicity/atomicity.sca.log', source: 'ppc-sca.cat (single-copy atomic)' },
] as const;

/** Every mixed-size test of one folder, sorted by file name. */
export function mixedCorpusTests(folder: string): { name: string; path: string }[] {
  const dir = folder === 'tests' ? join(MIXED_CORPUS, 'tests') : join(MIXED_CORPUS, folder, 'tests');
  if (!existsSync(dir)) throw new Error(`mixed-size corpus not found at ${dir}`);
  return readdirSync(dir).filter((f) => f.endsWith('.litmus')).sort().map((f) => ({ name: f.slice(0, -'.litmus'.length), path: join(dir, f) }));
}
