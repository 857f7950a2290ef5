/**
 * Running the CLI in a child process, as users do, and scratch files for it.
 * The child runs the TypeScript sources through tsx (what `main` in
 * src/cli/main.ts does for `node bin/xics-litmus.cjs ...`), so the tests check
 * the sources as they are, not a dist/ build that may be stale;
 * built-bin.test.ts runs the shipped bin/xics-litmus.cjs on dist/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';

export const repo = fileURLToPath(new URL('../..', import.meta.url));
/** The shipped entry point, which runs the built JavaScript in dist/. */
export const builtBin = join(repo, 'bin', 'xics-litmus.cjs');
/** Node's arguments that run the CLI from the sources: the arguments after them are the CLI's. */
const fromSources = [
  '--import',
  'tsx',
  '-e',
  `import(${JSON.stringify(new URL('../../src/cli/main.ts', import.meta.url).href)}).then(async ({ main }) => { process.exitCode = await main(process.argv.slice(1)); })`,
  '--',
];

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
  const run = spawnSync(process.execPath, [...fromSources, ...args], { cwd: repo, encoding: 'utf8', env: { ...inherited, ...env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The CLI started in the background, for tests that signal it while it runs. */
export function startCli(args: string[]) {
  return spawn(process.execPath, [...fromSources, ...args], { cwd: repo, env: inherited });
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
