/**
 * `check --junit FILE`: the check as a JUnit XML report, which CI systems
 * (GitLab, Jenkins, Azure, GitHub test-report actions) show test by test.
 * One testcase per litmus test; every test that did not pass, whatever the
 * reason, carries a failure element with the reason, so nothing reads as
 * passed unless it gave its expected result.
 */
import { dirname } from 'node:path';
import { describeProblem, filesUnderSeveralModels, passes, type CheckRow } from './check.ts';

export function formatJunitReport(rows: readonly CheckRow[]): string {
  const failures = rows.filter((row) => !passes(row.status)).length;
  // A test judged under both models is two testcases, told apart by the model.
  const several = filesUnderSeveralModels(rows);
  const caseName = (row: CheckRow) => `${row.name ?? row.file}${several.has(row.file) && row.model !== null ? ` [${row.model}]` : ''}`;
  const counts = `tests="${rows.length}" failures="${failures}" errors="0" skipped="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="xics-litmus check" ${counts}>`,
    `  <testsuite name="xics-litmus check" ${counts}>`,
    ...rows.map((row) => formatTestCase(row, caseName(row))),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function formatTestCase(row: CheckRow, name: string): string {
  const open = `    <testcase name="${escapeXmlAttribute(name)}" classname="${escapeXmlAttribute(dirname(row.file))}" file="${escapeXmlAttribute(row.file)}"`;
  const problem = describeProblem(row);
  if (problem === null) return `${open}/>`;
  // The body is what the terminal shows: the diagnostic with its source line and caret, or the trace of a bug.
  const details = row.failure?.rendered ?? `${row.file}: ${problem}`;
  return [
    `${open}>`,
    `      <failure type="${row.status}" message="${escapeXmlAttribute(problem)}">${escapeXmlText(details)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

/** Escapes text for an XML attribute value. */
export function escapeXmlAttribute(text: string): string {
  // Numeric references keep line breaks and tabs through attribute-value normalisation.
  return escapeXmlText(text).replace(/["\n\r\t]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Escapes text for an XML element's content. Characters XML 1.0 cannot carry
 * at all (most control characters, lone surrogates: possible in a diagnostic
 * that quotes a corrupt file) become U+FFFD.
 */
export function escapeXmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
