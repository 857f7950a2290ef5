/**
 * The engine's one entry point: program IR in, TestResult out.
 * (Implementation lands with the event builder, search and model.)
 */
import type { LitmusTest } from './ir/program.ts';
import type { TestResult } from './outcome/result.ts';

export interface RunOptions {
  /** Times a backward branch may be taken; default 2 like herd7, overridden by `Unroll=` metadata then by this. */
  unroll?: number;
}

export function runTest(test: LitmusTest, options: RunOptions = {}): TestResult {
  void test; void options;
  throw new Error('engine not implemented yet');
}
