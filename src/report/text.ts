/**
 * Human report for one test: the reachable final states and a plain-words
 * verdict. It deliberately omits herd7's `Test X Allowed` line, which only
 * restates the quantifier and is routinely misread as the answer.
 */
import type { ChalkInstance } from 'chalk';
import type { ModelName, TestResult } from '../outcome/result.ts';
import { commentName, judgeStated, MODEL_TITLE, observedText, statedFor, statedText } from './judge.ts';
import { printCondition, printProp, statePrinter } from './syntax.ts';

export interface TextReportOptions {
  /** A chalk instance whose level already reflects TTY, NO_COLOR and --color. */
  colour: ChalkInstance;
  showTime: boolean;
  /** The test's default model, which its `Result:` line is for; null or absent: the model the result is under. */
  defaultModel?: ModelName | null;
}

/** The model as the verdict line names it: in words, and the cat file herd7 would run. */
const MODEL_SOURCE: Record<ModelName, string> = { power: 'ppc.cat', lkmm: 'linux-kernel.cat' };

/** What herd's flags mean, for readers who do not know herd. */
const FLAG_MEANING: Record<string, string> = {
  'data-race': 'some execution has a data race between plain accesses, so the outcome is undefined',
  'mixed-accesses': 'some location is accessed with different sizes',
};

export function formatTextReport(result: TestResult, options: TextReportOptions): string {
  const { test } = result;
  const c = options.colour;
  const lines = [`${c.bold(test.name)}  ${c.dim(`(${test.file})`)}`];

  const plural = result.states.length === 1 ? 'state' : 'states';
  lines.push(`  ${result.states.length} reachable final ${plural} (* = satisfies the outcome):`);
  // herd's state layout (`1:r1=0; 1:r4=1;`), so users can compare with herd output by eye.
  const stateLine = statePrinter(result.observed);
  for (const state of result.states) {
    const text = stateLine(state.values);
    lines.push(state.satisfies ? `  * ${c.bold(text)}` : `    ${text}`);
  }

  // A kernel-C test compiled to POWER code names its target (its metadata says which kernel and CPU it was compiled for).
  const metadata = (key: string) => test.arch === 'C' || result.model !== 'power' ? undefined : test.metadata.get(key);
  const target = [metadata('Kernel'), metadata('Cpu')].filter((v) => v !== undefined).join(' ');
  const model = `${MODEL_TITLE[result.model]}${target === '' ? '' : ` ${target}`} (${MODEL_SOURCE[result.model]})`;
  lines.push(`  outcome (${printProp(test.condition.prop)}) under ${model}: ${describeObservation(result, c)}`);
  lines.push(`  condition ${printCondition(test.condition)} is ${result.conditionHolds ? 'true' : 'false'}`);
  for (const flag of result.flags) lines.push(c.yellow(`  flag ${flag}: ${FLAG_MEANING[flag] ?? 'raised by the model'}`));
  const stated = statedFor(test.expected, result.model, options.defaultModel ?? null);
  if (stated) {
    const judgement = judgeStated(stated, result);
    const got = observedText(result);
    const verdict = judgement.status === 'ok' ? c.green('matches') : judgement.status === 'forgiven' ? c.yellow(`differs (got ${got}), forgiven: the predicted data race leaves the outcome undefined`) : c.red(`MISMATCH (got ${got})`);
    lines.push(`  expected ${statedText(stated)} (${commentName(stated)}): ${verdict}`);
  }
  if (result.loopBoundHit) {
    lines.push(c.yellow(`  warning: some executions needed more than ${result.unroll} loop iterations and were cut; outcomes they reach are missing (raise --unroll)`));
  }
  if (options.showTime) {
    const { elapsedMs, candidates, executions } = result.stats;
    lines.push(c.dim(`  time: ${elapsedMs.toFixed(1)} ms (${candidates} candidates, ${executions} consistent executions)`));
  }
  return lines.join('\n') + '\n';
}

function describeObservation(result: TestResult, c: ChalkInstance): string {
  const total = result.positive + result.negative;
  const executions = `${result.positive} of ${total} execution${total === 1 ? '' : 's'}`;
  switch (result.observation) {
    case 'Never':
      if (total === 0) return c.bold.yellow('no execution completes at all') + ' (0 executions; LKMM calls this DEADLOCK)';
      return `${c.bold('never reachable')} — forbidden (${executions})`;
    case 'Sometimes':
      return `${c.bold('reachable')} — allowed (${executions})`;
    case 'Always':
      return `${c.bold('always reached')} — required (${executions})`;
  }
}
