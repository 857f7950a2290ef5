/** Turns the paths on the command line into the list of litmus files to run. */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface FileSelection {
  files: string[];
  /** Paths that name nothing usable, with the reason, e.g. `no such file or directory`. */
  problems: { path: string; message: string }[];
}

/**
 * Files are kept in command-line order; a directory contributes every
 * `*.litmus` below it, sorted by code unit (not locale) so the order, and
 * therefore the output, is the same on every machine.
 */
export function selectLitmusFiles(paths: readonly string[]): FileSelection {
  const selection: FileSelection = { files: [], problems: [] };
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = resolve(file);
    if (!seen.has(key)) {
      seen.add(key);
      selection.files.push(file);
    }
  };
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      selection.problems.push({ path, message: describeFsError(error) });
      continue;
    }
    if (!isDirectory) {
      add(path);
      continue;
    }
    const found = litmusFilesUnder(path).sort(compareCodeUnits);
    if (found.length === 0) selection.problems.push({ path, message: 'no *.litmus files in this directory' });
    found.forEach(add);
  }
  return selection;
}

function litmusFilesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && statSync(path, { throwIfNoEntry: false })?.isDirectory());
    if (isDirectory) return litmusFilesUnder(path);
    return entry.name.endsWith('.litmus') ? [path] : [];
  });
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `ENOENT: no such file or directory, stat 'x'` → `no such file or directory`. */
export function describeFsError(error: unknown): string {
  if (error instanceof Error && 'code' in error) {
    const match = /^[A-Z]+: ([^,]+)/.exec(error.message);
    if (match) return match[1]!;
  }
  return error instanceof Error ? error.message : String(error);
}

/** `--shard 2/4`: the second of four parts of a corpus split across CI machines. */
export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/**
 * The files of one shard: the k-th selected file (0-based) goes to shard
 * (k mod n) + 1. Dealing files round-robin keeps shards the same size within
 * one and spreads each directory's (often similar) tests over every shard.
 */
export function shardFiles(files: readonly string[], shard: Shard): string[] {
  return files.filter((_, k) => k % shard.count === shard.index - 1);
}
