/** The public herd7 corpus beside the repository (../shared/corpus), as conformance and bench read it. */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type LkmmOracleRow, readLkmmTsv, readOracleTsv, readTsv } from './herd-log.ts';

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

/**
 * The campaign sample of issue 8: every 17th file (from the 17th) of the
 * campaign's non-MOREDETOUR tests in sorted order, the first 320, and every
 * 16th (from the 16th) MOREDETOUR test, the first 40; with herd7's CPU time
 * for them (its Time lines, ppc-campaign.tsv).
 */
export function campaignSample(): { files: string[]; herdCpu: number } {
  const rows = readTsv(join(CORPUS, 'ppc-campaign.tsv'));
  const names = rows.map((get) => get('file')).sort();
  const isMoreDetour = (file: string) => file.startsWith('MOREDETOUR');
  const sample = [
    ...names.filter((file) => !isMoreDetour(file)).filter((_, k) => k % 17 === 16).slice(0, 320),
    ...names.filter(isMoreDetour).filter((_, k) => k % 16 === 15).slice(0, 40),
  ];
  const inSample = new Set(sample);
  const herdCpu = rows.filter((get) => inSample.has(get('file'))).reduce((sum, get) => sum + Number(get('herd7_cpu_time')), 0);
  return { files: sample.map((file) => join(CORPUS, 'ppc', 'campaign', file)), herdCpu };
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
