/** Running the CLI as users do (`node bin/xics-litmus.js ...` in a child process) and scratch files for it. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';

export const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repo, 'bin', 'xics-litmus.js');

export const corpusTest = (shape: string, name: string) => join('litmus', 'classic', shape, `${name}.litmus`);

/** The caller's colour and CI settings would make results depend on who runs the tests. */
const inherited = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !['NO_COLOR', 'FORCE_COLOR', 'GITHUB_ACTIONS'].includes(key)),
);

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], env: Record<string, string> = {}): CliRun {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', env: { ...inherited, ...env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The CLI started in the background, for tests that signal it while it runs. */
export function startCli(args: string[]) {
  return spawn(process.execPath, [bin, ...args], { cwd: repo, env: inherited });
}

export const stackFrame = /^\s+at /m;

/** A temporary directory, removed when the test file ends. */
export function scratchDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

export function writeScratchFile(directory: string, name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}
