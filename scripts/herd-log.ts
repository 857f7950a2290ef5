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
  /** The `Flag NAME` lines' names (LKMM logs: `data-race`, `mixed-accesses`), in log order. */
  flags: string[];
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
    // herd's LKMM logs put a `Flag NAME` line per raised flag between the witnesses and Condition.
    const flags: string[] = [];
    let next = i + 3;
    for (let flag = /^Flag (\S+)$/.exec(lines[next]!); flag; flag = /^Flag (\S+)$/.exec(lines[++next]!)) flags.push(flag[1]!);
    const condition = lines[next]!.replace(/^Condition /, '');
    const obs = /^Observation \S+ (\w+) (\d+) (\d+)$/.exec(lines[next + 1]!)!;
    // After Observation and up to the blank line ending the block: Time, then Hash.
    let hash: string | null = null;
    for (let j = next + 2; j < lines.length && lines[j] !== ''; j++) hash = /^Hash=(\S+)$/.exec(lines[j]!)?.[1] ?? hash;
    const entry: HerdLogEntry = {
      name: head[1]!, kind: head[2]!, states, ok,
      positive: Number(witnesses[1]), negative: Number(witnesses[2]),
      condition, observation: obs[1]!, observationCounts: [Number(obs[2]), Number(obs[3])], flags, hash,
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

/** A tsv file's rows, each as a column name → cell function. */
export function readTsv(path: string): ((column: string) => string)[] {
  const [header, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const cols = header!.split('\t');
  return rows.map((row) => {
    const cells = row.split('\t');
    return (name: string): string => cells[cols.indexOf(name)] ?? '';
  });
}

/** Rows of ppc-campaign.tsv / ppc-illustrative.tsv, keyed by column name. */
export function readOracleTsv(path: string): OracleRow[] {
  return readTsv(path).map((get) => ({ test: get('test'), file: get('file'), observation: get('observation') }));
}

/** herd7's status for an LKMM corpus test: finished, out of time (10 s), or rejected. */
export type LkmmStatus = 'ok' | 'gave-up-10s' | 'error';

export interface LkmmOracleRow {
  /** Path under lkmm/tests/. */
  file: string;
  test: string;
  status: LkmmStatus;
  /** herd7's own Time line (CPU seconds); null unless it finished. */
  herdSeconds: number | null;
  /** The `Result:` word of the test's comment, '' if none. */
  resultComment: string;
}

/** Rows of lkmm.tsv (see ../shared/corpus/lkmm/README.md). */
export function readLkmmTsv(path: string): LkmmOracleRow[] {
  return readTsv(path).map((get) => ({
    file: get('file'),
    test: get('test'),
    status: get('status') as LkmmStatus,
    herdSeconds: get('herd7_seconds') === '' ? null : Number(get('herd7_seconds')),
    resultComment: get('result_comment'),
  }));
}
