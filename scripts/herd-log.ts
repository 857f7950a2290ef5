/** Reads herd7 logs (blocks starting `Test NAME KIND`) into the facts conformance compares. */
import { readFileSync } from 'node:fs';

export interface HerdLogEntry {
  name: string;
  kind: string;
  states: string[];
  ok: string;
  positive: number;
  negative: number;
  condition: string;
  observation: string;
  observationCounts: [number, number];
  /** The `Hash=` value, null if the block has none. */
  hash: string | null;
}

/** Entries by test name; a name can occur more than once (in log order). */
export function readHerdLog(path: string): Map<string, HerdLogEntry[]> {
  const entries = new Map<string, HerdLogEntry[]>();
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const head = /^Test (\S+) (Allowed|Forbidden|Required)$/.exec(lines[i]!);
    if (!head) continue;
    const count = Number(/^States (\d+)$/.exec(lines[++i]!)![1]);
    const states = lines.slice(i + 1, i + 1 + count);
    i += count + 1;
    const ok = lines[i]!;
    const witnesses = /^Positive: (\d+) Negative: (\d+)$/.exec(lines[i + 2]!)!;
    const condition = lines[i + 3]!.replace(/^Condition /, '');
    const obs = /^Observation \S+ (\w+) (\d+) (\d+)$/.exec(lines[i + 4]!)!;
    // After Observation and up to the blank line ending the block: Time, then Hash.
    let hash: string | null = null;
    for (let j = i + 5; j < lines.length && lines[j] !== ''; j++) hash = /^Hash=(\S+)$/.exec(lines[j]!)?.[1] ?? hash;
    const entry: HerdLogEntry = {
      name: head[1]!, kind: head[2]!, states, ok,
      positive: Number(witnesses[1]), negative: Number(witnesses[2]),
      condition, observation: obs[1]!, observationCounts: [Number(obs[2]), Number(obs[3])], hash,
    };
    entries.set(entry.name, [...(entries.get(entry.name) ?? []), entry]);
  }
  return entries;
}

export interface OracleRow {
  test: string;
  file: string;
  observation: string;
}

/** Rows of ppc-campaign.tsv / ppc-illustrative.tsv, keyed by column name. */
export function readOracleTsv(path: string): OracleRow[] {
  const [header, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const cols = header!.split('\t');
  return rows.map((row) => {
    const cells = row.split('\t');
    const get = (name: string): string => cells[cols.indexOf(name)] ?? '';
    return { test: get('test'), file: get('file'), observation: get('observation') };
  });
}
