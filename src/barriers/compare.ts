/**
 * The same kernel-C test's ordering points under both models, side by side:
 * "smp_mb() on line 10 is needed by the LKMM, redundant on POWER v6.13".
 * Points correspond when they belong to the same call: the same thread,
 * source line and column, and primitive (an LKMM point's primitive as written;
 * a POWER point's outermost primitive, the first of its call chain). A POWER
 * point of a primitive the LKMM has no point for (an IPI helper's barriers,
 * READ_ONCE() on a CPU flavour that fences it) and an LKMM point with no
 * POWER fence (smp_load_acquire() compiled to a load and a branch-isync is
 * still a point: its fence) are listed alone.
 */
import type { RunOptions } from '../engine.ts';
import type { OrderingPoint as KernelOrderingPoint } from '../kernel-c/emitter.ts';
import type { TargetOptions } from '../kernel-c/compile.ts';
import { ablate, type AblationReport, type Classification, type PointReport } from './ablation.ts';
import type { LkmmOrderingPoint } from './lkmm-points.ts';
import { ablatableTest } from './subject.ts';

export interface PointComparison {
  thread: number;
  line: number;
  primitive: string;
  lkmm: PointReport | null;
  /** A call may own several POWER fences (xchg()'s entry and exit barriers). */
  power: PointReport[];
  /** `P0 line 10 smp_mb(): needed by the LKMM, redundant on POWER v6.13`. */
  summary: string;
}

export interface ModelComparison {
  lkmm: AblationReport;
  power: AblationReport;
  /** The kernel version the POWER code is compiled for. */
  kernel: string;
  points: PointComparison[];
}

const WORDS: Record<Classification, string> = { necessary: 'needed', 'could be weaker': 'needed but could be weaker', redundant: 'redundant' };

/** Both models' ablation of one kernel-C test, matched point by point. */
export function compareBarriers(text: string, file: string, target: TargetOptions = {}, options: RunOptions = {}): ModelComparison {
  return compareAblations(ablate(ablatableTest(text, file, target, 'lkmm'), options), ablate(ablatableTest(text, file, target, 'power'), options));
}

/** Matches the two models' ablations of one kernel-C test call by call. */
export function compareAblations(lkmm: AblationReport, power: AblationReport): ModelComparison {  const kernel = [...power.test.metadata].find(([k]) => k.toLowerCase() === 'kernel')?.[1] ?? '';
  const key = (thread: number, line: number, col: number, primitive: string) => `${thread}:${line}:${col}:${primitive}`;
  const rows = new Map<string, PointComparison>();
  const row = (thread: number, line: number, col: number, primitive: string): PointComparison => {
    const k = key(thread, line, col, primitive);
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { thread, line, primitive, lkmm: null, power: [], summary: '' }));
    return r;
  };
  for (const report of lkmm.points) {
    const p = report.point as LkmmOrderingPoint;
    row(p.thread, p.pos.line, p.pos.col, p.primitive).lkmm = report;
  }
  for (const report of power.points) {
    const p = report.point as Partial<KernelOrderingPoint> & PointReport['point'];
    const thread = p.thread ?? Number(/^P(\d+)/.exec(p.id)?.[1] ?? 0);
    const primitive = p.primitives?.[0] ?? /: ([A-Za-z_0-9]+)\(\)/.exec(p.label)?.[1] ?? p.label;
    row(thread, p.pos.line, p.pos.col, primitive).power.push(report);
  }
  const onPower = `POWER${kernel === '' ? '' : ` ${kernel}`}`;
  const points = [...rows.values()].sort((a, b) => a.thread - b.thread || a.line - b.line);
  for (const r of points) {
    const under: string[] = [];
    under.push(r.lkmm ? `${WORDS[r.lkmm.classification]} by the LKMM` : 'no ordering point under the LKMM');
    if (r.power.length === 0) under.push(`no fence on ${onPower}`);
    else {
      // A call is needed on POWER if any of its fences is; it could be weaker if none is needed outright.
      const classes = r.power.map((p) => p.classification);
      const worst: Classification = classes.includes('necessary') ? 'necessary' : classes.includes('could be weaker') ? 'could be weaker' : 'redundant';
      const fences = r.power.length > 1 ? ` (${r.power.map((p) => p.classification).join(', ')} for its ${r.power.length} fences)` : '';
      under.push(`${WORDS[worst]} on ${onPower}${fences}`);
    }
    r.summary = `P${r.thread} line ${r.line} ${r.primitive}(): ${under.join(', ')}`;
  }
  return { lkmm, power, kernel, points };
}

/** The comparison as text: the verdicts as written, then one line per call. */
export function formatComparison(c: ModelComparison): string {
  const lines = [
    `${c.lkmm.test.name}  (${c.lkmm.test.file})`,
    `  as written: ${c.lkmm.asWritten} under the LKMM, ${c.power.asWritten} on POWER${c.kernel === '' ? '' : ` ${c.kernel}`}; each judged against ${c.lkmm.target} (LKMM) and ${c.power.target} (POWER)`,
  ];
  if (c.points.length === 0) lines.push('  no ordering points under either model');
  for (const p of c.points) lines.push(`  ${p.summary}`);
  return lines.join('\n') + '\n';
}
