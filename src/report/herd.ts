/**
 * PLACEHOLDER created by the CLI so `--format herd` type-checks; the herd
 * reporter's owner replaces this file with the real herd7 log formatter.
 */
import type { TestResult } from '../outcome/result.ts';

export function formatHerdLog(result: TestResult): string {
  throw new Error(`herd log format not implemented yet (test ${result.test.name})`);
}
