/**
 * GitHub Actions workflow commands for `check` when GITHUB_ACTIONS=true:
 * `::error file=F,line=L,col=C::message` puts each problem on the pull
 * request's diff, at the Result comment of a test whose verdict differs and
 * at the offending text of a file that could not be read or run.
 */
import { describeProblem, type CheckRow } from './check.ts';

/** The annotation for a row that did not pass; null for one that did. */
export function githubAnnotation(row: CheckRow): string | null {
  const problem = describeProblem(row);
  if (problem === null) return null;
  const position: { line?: number; col?: number } = row.failure ?? row.expectedPos ?? {};
  const properties = [`file=${escapeProperty(row.file)}`];
  if (position.line !== undefined) properties.push(`line=${position.line}`);
  if (position.col !== undefined) properties.push(`col=${position.col}`);
  const subject = row.name === null ? '' : `${row.name}: `;
  return `::error ${properties.join(',')}::${escapeData(subject + problem)}`;
}

/** The runner's own escaping (actions/toolkit's command.ts): a message may not break the line. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also may not contain the separators `:` and `,`. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
