/**
 * Soundness of the powerpc primitive mapping against the LKMM, state by state.
 *
 * For every kernel-C test of ../shared/corpus/lkmm that runs under both
 * models, the final states POWER reaches (ppc.cat over the code the chosen
 * kernel compiles the test to) must be among the final states the LKMM
 * (linux-kernel.cat over the test's own events) allows: a POWER state the
 * LKMM forbids is a promise of the LKMM the kernel's powerpc code breaks (an
 * unsound primitive mapping, a kernel bug, or a property of ppc.cat).
 *
 * Skipped, and counted by reason: the tests herd7 rejects (lkmm.tsv status
 * `error`), those refused under POWER (grace periods and SRCU have no
 * instruction sequence), those over the time limit under either model, and
 * any other error under either model.
 *
 * Each exception is looked up in scripts/soundness-known.tsv (target pattern,
 * test pattern, reason; `*` matches any text, a target is `v6.13/power7`, a
 * test is its path under tests/) and printed with its reason, or as
 * UNEXPLAINED. Exit code 1 if any exception is unexplained.
 *
 * Usage: npm run soundness [-- --kernel v6.13[,v4.4...]] [--cpu power7[,power9...]] [--all]
 *          [--filter TEXT] [--grep REGEX] [--timeout SECONDS] [--every N] [--offset K] [--max-states N]
 * Default targets: v6.13/power7 and v6.13/power9. `--every N` checks every
 * N-th test of lkmm.tsv (from the K-th, default 0): a deterministic sample;
 * `--filter` keeps the tests whose path or name contains TEXT, `--grep`
 * those whose text matches REGEX (e.g. the primitives whose code differs
 * between kernel versions).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LitmusError } from '../src/diagnostics.ts';
import { runTest } from '../src/engine.ts';
import type { Location } from '../src/ir/program.ts';
import { compileKernelC } from '../src/kernel-c/compile.ts';
import { parseKernelC } from '../src/kernel-c/parser.ts';
import { CPU_FLAVOURS, type CpuFlavour, KERNEL_VERSIONS, type KernelVersion } from '../src/kernel-c/primitives.ts';
import type { TestResult } from '../src/outcome/result.ts';
import { parseForModel } from '../src/parse/litmus.ts';
import { compareModels, type ModelComparison } from '../src/report/models.ts';
import { type LkmmCorpusTest, lkmmCorpusTests } from './corpus.ts';

export interface Target {
  kernel: KernelVersion;
  cpu: CpuFlavour;
}

export const targetName = (target: Target): string => `${target.kernel}/${target.cpu}`;

export const DEFAULT_TARGETS: readonly Target[] = [
  { kernel: 'v6.13', cpu: 'power7' },
  { kernel: 'v6.13', cpu: 'power9' },
];

/** Why a test was not checked for a target. */
export type SkipReason = 'herd7 rejects' | 'refused under POWER' | 'time limit under POWER' | 'time limit under the LKMM' | 'error under POWER' | 'error under the LKMM';

export type SoundnessOutcome =
  | { kind: 'checked'; comparison: ModelComparison; power: TestResult; lkmm: TestResult; locationsDiffer: boolean }
  | { kind: 'skipped'; reason: SkipReason; message: string };

/** A model's run: its result, or why there is none (`limit`: the time or execution limit). */
type Run = { result: TestResult } | { limit: boolean; message: string };

function attempt(run: () => TestResult): Run {
  try {
    return { result: run() };
  } catch (error) {
    if (error instanceof LitmusError) return { limit: error.kind === 'limit', message: error.message };
    return { limit: false, message: `internal error: ${(error as Error).stack ?? String(error)}` };
  }
}

/** A target's compiled test, ready to run, or why it cannot be (a refusal or another error). */
type Compiled = { run: () => TestResult } | { refused: boolean; message: string };

/**
 * The test compiled for a target; its run gives the POWER result with the
 * registers renamed back to the C locals they hold (compileKernelC's register
 * map), so its states read like the LKMM's. (A local named like a register,
 * `r0`, the corpus' habit, keeps that register anyway.)
 */
function compileFor(text: string, file: string, target: Target, timeoutMs: number): Compiled {
  let compiled;
  try {
    compiled = compileKernelC(parseKernelC(text, file), { kernel: target.kernel, cpu: target.cpu });
  } catch (error) {
    const message = error instanceof LitmusError ? error.message : `internal error: ${(error as Error).stack ?? String(error)}`;
    return { refused: /has no POWER model/.test(message), message };
  }
  const locals = new Map([...compiled.registers].map(([thread, map]) => [thread, new Map([...map].map(([local, reg]) => [reg, local]))]));
  const rename = (loc: Location): Location => {
    if (loc.kind !== 'reg') return loc;
    const local = locals.get(loc.thread)?.get(loc.reg);
    return local === undefined ? loc : { ...loc, reg: local };
  };
  return {
    run: () => {
      const result = runTest(compiled.test, { timeoutMs });
      return { ...result, observed: result.observed.map(rename) };
    },
  };
}

/**
 * Checks one corpus test for each target: POWER's states ⊆ the LKMM's. Each
 * target's code is compiled first (refusals cost nothing); the LKMM then runs
 * once, if some target compiled, and POWER only if the LKMM finished. So a
 * test over the time limit under both models counts as over it under the LKMM.
 */
export function checkTest(test: Pick<LkmmCorpusTest, 'path' | 'status'>, targets: readonly Target[], timeoutMs: number): SoundnessOutcome[] {
  if (test.status === 'error') return targets.map(() => ({ kind: 'skipped', reason: 'herd7 rejects', message: 'herd7 rejects the test' }));
  const text = readFileSync(test.path, 'utf8');
  const compiled = targets.map((target) => compileFor(text, test.path, target, timeoutMs));
  const lkmm = compiled.some((c) => 'run' in c)
    ? attempt(() => runTest(parseForModel(text, test.path, { model: 'lkmm' }), { timeoutMs }))
    : undefined;
  return compiled.map((c): SoundnessOutcome => {
    if (!('run' in c)) return { kind: 'skipped', reason: c.refused ? 'refused under POWER' : 'error under POWER', message: c.message };
    if (!('result' in lkmm!)) return { kind: 'skipped', reason: lkmm!.limit ? 'time limit under the LKMM' : 'error under the LKMM', message: lkmm!.message };
    const power = attempt(c.run);
    if (!('result' in power)) return { kind: 'skipped', reason: power.limit ? 'time limit under POWER' : 'error under POWER', message: power.message };
    const comparison = compareModels(power.result, lkmm!.result);
    const locationsDiffer = comparison.locations.length !== power.result.observed.length || comparison.locations.length !== lkmm!.result.observed.length;
    return { kind: 'checked', comparison, power: power.result, lkmm: lkmm!.result, locationsDiffer };
  });
}

/** A line of soundness-known.tsv. */
export interface KnownException {
  target: string;
  test: string;
  reason: string;
  line: number;
}

export const KNOWN_FILE = join(import.meta.dirname, 'soundness-known.tsv');

/** Reads the known exceptions: tab-separated target pattern, test pattern, reason; `#` lines and blank lines are comments. */
export function readKnownExceptions(path: string = KNOWN_FILE): KnownException[] {
  const rows: KnownException[] = [];
  readFileSync(path, 'utf8').split('\n').forEach((text, i) => {
    if (text.trim() === '' || text.startsWith('#')) return;
    const [target, test, ...reason] = text.split('\t');
    if (target === undefined || test === undefined || reason.length === 0) throw new Error(`${path}:${i + 1}: expected target<TAB>test<TAB>reason`);
    rows.push({ target: target.trim(), test: test.trim(), reason: reason.join('\t').trim(), line: i + 1 });
  });
  return rows;
}

const globCache = new Map<string, RegExp>();
/** `*` matches any text (slashes too); everything else literally; the whole name must match. */
export function globMatches(pattern: string, text: string): boolean {
  let re = globCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    globCache.set(pattern, re);
  }
  return re.test(text);
}

/** The first known exception covering a test (its path under tests/) for a target, if any. */
export function knownExceptionFor(known: readonly KnownException[], target: Target, file: string): KnownException | undefined {
  return known.find((k) => globMatches(k.target, targetName(target)) && globMatches(k.test, file));
}

interface TargetSummary {
  checked: number;
  subset: number;
  explained: number;
  unexplained: number;
  equal: number;
  locationsDiffer: number;
  skipped: Map<SkipReason, number>;
  /** Per error message (and per time limit), the tests it stopped. */
  errors: Map<string, string[]>;
}

function parseList<T extends string>(option: string | undefined, choices: readonly T[], name: string): T[] | undefined {
  if (option === undefined) return undefined;
  const values = option.split(',').map((v) => v.trim()).filter((v) => v !== '');
  for (const v of values) {
    if (!(choices as readonly string[]).includes(v)) {
      console.error(`--${name}: unknown '${v}', expected one of ${choices.join(', ')}`);
      process.exit(64);
    }
  }
  return values as T[];
}

function main(): void {
  const { values: args } = parseArgs({
    options: {
      kernel: { type: 'string' },
      cpu: { type: 'string' },
      all: { type: 'boolean', default: false },
      filter: { type: 'string' },
      grep: { type: 'string' },
      timeout: { type: 'string', default: '10' },
      every: { type: 'string', default: '1' },
      offset: { type: 'string', default: '0' },
      'max-states': { type: 'string', default: '6' },
      known: { type: 'string' },
    },
  });
  const kernels = args.all ? [...KERNEL_VERSIONS] : parseList(args.kernel, KERNEL_VERSIONS, 'kernel');
  const cpus = args.all ? [...CPU_FLAVOURS] : parseList(args.cpu, CPU_FLAVOURS, 'cpu');
  const targets: Target[] = kernels === undefined && cpus === undefined
    ? [...DEFAULT_TARGETS]
    : (kernels ?? ['v6.13']).flatMap((kernel) => (cpus ?? ['power7', 'power9']).map((cpu) => ({ kernel, cpu })));
  const timeoutMs = Number(args.timeout) * 1000;
  const every = Number(args.every);
  const offset = Number(args.offset);
  const maxStates = Number(args['max-states']);
  if (!(timeoutMs > 0) || !(every >= 1) || !(offset >= 0) || !(maxStates >= 0)) {
    console.error('--timeout, --every, --offset and --max-states take positive numbers');
    process.exit(64);
  }
  const grep = args.grep === undefined ? undefined : new RegExp(args.grep);
  const known = readKnownExceptions(args.known ?? KNOWN_FILE);
  const used = new Set<KnownException>();

  const tests = lkmmCorpusTests()
    .filter((_, i) => i % every === offset % every)
    .filter((t) => args.filter === undefined || t.file.includes(args.filter) || t.test.includes(args.filter))
    .filter((t) => grep === undefined || grep.test(readFileSync(t.path, 'utf8')));
  const summaries = new Map(targets.map((t) => [targetName(t), {
    checked: 0, subset: 0, explained: 0, unexplained: 0, equal: 0, locationsDiffer: 0, skipped: new Map(), errors: new Map(),
  } as TargetSummary]));
  const started = performance.now();
  console.log(`soundness: POWER final states ⊆ LKMM final states, ${tests.length} tests${every > 1 ? ` (every ${every}th of lkmm.tsv from #${offset})` : ''}, ` +
    `targets ${targets.map(targetName).join(', ')}, time limit ${args.timeout} s per model`);

  tests.forEach((test, n) => {
    if (n > 0 && n % 250 === 0) process.stderr.write(`  ${n}/${tests.length} tests, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    const outcomes = checkTest(test, targets, timeoutMs);
    outcomes.forEach((outcome, k) => {
      const target = targets[k]!;
      const summary = summaries.get(targetName(target))!;
      if (outcome.kind === 'skipped') {
        summary.skipped.set(outcome.reason, (summary.skipped.get(outcome.reason) ?? 0) + 1);
        if (outcome.reason.startsWith('error') || outcome.reason.startsWith('time')) {
          const key = outcome.reason.startsWith('time') ? outcome.reason : `${outcome.reason}: ${outcome.message.split('\n')[0]!.slice(0, 160)}`;
          summary.errors.set(key, [...(summary.errors.get(key) ?? []), test.file]);
        }
        return;
      }
      summary.checked++;
      const { comparison } = outcome;
      if (outcome.locationsDiffer) {
        summary.locationsDiffer++;
        console.log(`note ${targetName(target)} ${test.file}: the models observe different locations; compared on ${comparison.locations.join(' ') || 'none'}`);
      }
      if (comparison.powerOnly.length === 0) {
        summary.subset++;
        if (comparison.lkmmOnly.length === 0) summary.equal++;
        return;
      }
      const reason = knownExceptionFor(known, target, test.file);
      if (reason) {
        used.add(reason);
        summary.explained++;
      } else {
        summary.unexplained++;
      }
      const states = comparison.powerOnly.slice(0, maxStates).map((s) => `\n    ${s}`).join('') +
        (comparison.powerOnly.length > maxStates ? `\n    ... and ${comparison.powerOnly.length - maxStates} more` : '');
      console.log(`${reason ? 'exception' : 'UNEXPLAINED'} ${targetName(target)} ${test.file}: POWER ${outcome.power.observation}, the LKMM ${outcome.lkmm.observation}; ` +
        `POWER reaches ${comparison.powerOnly.length} state${comparison.powerOnly.length === 1 ? '' : 's'} the LKMM forbids:${states}` +
        (reason ? `\n  reason (soundness-known.tsv:${reason.line}): ${reason.reason}` : ''));
    });
  });

  console.log(`\nsummary (${((performance.now() - started) / 1000).toFixed(0)} s):`);
  let unexplained = 0;
  for (const [name, s] of summaries) {
    unexplained += s.unexplained;
    const skipped = [...s.skipped].sort(([a], [b]) => a.localeCompare(b)).map(([reason, count]) => `${reason} ${count}`).join(', ');
    const total = [...s.skipped.values()].reduce((a, b) => a + b, 0);
    console.log(`  ${name}: checked ${s.checked}, subset holds ${s.subset} (equal state sets ${s.equal}), exceptions ${s.explained + s.unexplained} ` +
      `(explained ${s.explained}, unexplained ${s.unexplained}); skipped ${total}${skipped ? ` (${skipped})` : ''}` +
      (s.locationsDiffer > 0 ? `; ${s.locationsDiffer} compared on fewer locations` : ''));
    for (const [message, files] of [...s.errors].sort((a, b) => b[1].length - a[1].length).slice(0, 8)) {
      console.log(`      ${files.length} × ${message}: ${files.slice(0, 4).join(' ')}${files.length > 4 ? ' ...' : ''}`);
    }
  }
  const unused = known.filter((k) => !used.has(k) && targets.some((t) => globMatches(k.target, targetName(t))));
  if (unused.length > 0 && args.filter === undefined && grep === undefined && every === 1) {
    console.log(`\n${unused.length} known exception line${unused.length === 1 ? '' : 's'} for these targets matched nothing: ${unused.map((k) => `:${k.line}`).join(' ')}`);
  }
  if (unexplained > 0) {
    console.log(`\n${unexplained} unexplained exception${unexplained === 1 ? '' : 's'}: investigate, then explain in scripts/soundness-known.tsv`);
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
