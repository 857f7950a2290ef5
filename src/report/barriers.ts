/** The barrier ablation table, as text. */
import type { AblationReport } from '../barriers/ablation.ts';

export function formatAblation(report: AblationReport): string {
  const { test } = report;
  const lines = [
    `${test.name}  (${test.file})`,
    `  result as written: ${report.asWritten}; every change is judged against ${report.target} (${report.targetSource === 'expected' ? 'the Result: comment' : 'the result as written'})`,
  ];
  if (report.points.length === 0) {
    lines.push('  no ordering points (fences or ordering primitives) to ablate');
    return lines.join('\n') + '\n';
  }
  const header = ['ordering point', 'without it', 'weakened', 'classification'];
  const rows = report.points.map((p) => [
    p.point.label,
    p.withoutIt,
    p.weakened === null ? '-' : `${p.weakened} (as ${p.weakenedAs ?? p.point.weakerForm})`,
    p.classification,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const row = (cells: string[]): string => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  lines.push(row(header), row(widths.map((w) => '-'.repeat(w))), ...rows.map(row));
  const minimal = report.minimalSet;
  lines.push(minimal === null
    ? `  no set of these points gives ${report.target}`
    : `  ${report.minimalExact ? 'minimal' : 'small (greedy)'} set keeping ${report.target}: ${minimal.length === 0 ? 'none needed' : minimal.map((p) => p.label).join('; ')}`);
  return lines.join('\n') + '\n';
}
