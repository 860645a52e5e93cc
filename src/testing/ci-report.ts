/**
 * `milestones test --format github|junit`: the results in the forms CI
 * systems read (pure).
 *
 * github: one workflow command per failed expectation, at the expected value,
 *   ::error file=milestones.tests.yaml,line=41,col=52,title=setup on acme::setup / acme: status expected …
 * junit: one <testsuite> per test file, one <testcase> per test; a mismatch is
 *   a <failure>, a test that could not run (or an invalid test file) an <error>.
 */
import { escapeData, escapeProperty, renderGithub } from '../definitions/diagnostic-report.js';
import { formatDiagnostic, type Diagnostic, type SourceLocation } from '../errors.js';
import { summaryLine, type TestResult } from './report.js';

const annotation = (location: SourceLocation | undefined, title: string, message: string) => {
  const where = location
    ? [`file=${escapeProperty(location.file)}`, `line=${location.line}`, `col=${location.col}`]
    : [];
  return `::error ${[...where, `title=${escapeProperty(title)}`].join(',')}::${escapeData(message)}\n`;
};

export function renderResultsGithub(results: TestResult[], fileErrors: Diagnostic[] = []): string {
  const lines = [renderGithub(fileErrors)];
  for (const r of results) {
    for (const m of r.mismatches) lines.push(annotation(m.location, r.test.name, m.message));
    for (const d of r.errors) lines.push(annotation(d.location ?? r.test.location, r.test.name, d.message));
  }
  // A last notice line keeps the log readable; GitHub shows it as a notice.
  lines.push(`::notice title=milestones test::${summaryLine(results)}\n`);
  return lines.join('');
}

/** XML 1.0: the five entities, and the control characters XML cannot hold dropped. */
export function xmlEscape(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&apos;')
  );
}

/**
 * An attribute value: xmlEscape, and line breaks and tabs as character
 * references, which XML keeps in an attribute (written raw, a parser reads
 * them as spaces: a test named "a\nb" showed as "a b"; found by review).
 */
export function xmlAttribute(text: string): string {
  return xmlEscape(text).replaceAll('\r', '&#13;').replaceAll('\n', '&#10;').replaceAll('\t', '&#9;');
}

const where = (l: SourceLocation) => `${l.file}:${l.line}:${l.col}`;

interface Case {
  name: string;
  file: string;
  line: number;
  failures: string[];
  errors: string[];
}

function testCase(c: Case): string {
  const attributes = `name="${xmlAttribute(c.name)}" classname="${xmlAttribute(c.file)}" file="${xmlAttribute(c.file)}" line="${c.line}"`;
  if (c.failures.length === 0 && c.errors.length === 0) return `    <testcase ${attributes}/>`;
  const body: string[] = [];
  if (c.failures.length > 0) {
    body.push(
      `      <failure message="${xmlAttribute(c.failures[0]!.split('\n')[0]!)}" type="mismatch">${xmlEscape(c.failures.join('\n'))}</failure>`,
    );
  }
  if (c.errors.length > 0) {
    body.push(
      `      <error message="${xmlAttribute(c.errors[0]!.split('\n')[0]!)}" type="error">${xmlEscape(c.errors.join('\n'))}</error>`,
    );
  }
  return `    <testcase ${attributes}>\n${body.join('\n')}\n    </testcase>`;
}

function cases(results: TestResult[], fileErrors: Diagnostic[]): Case[] {
  const out: Case[] = results.map((r) => ({
    name: r.test.name,
    file: r.test.file,
    line: r.test.location.line,
    failures: r.mismatches.map((m) => `${where(m.location)} ${m.message}`),
    errors: r.errors.map(formatDiagnostic),
  }));
  // An invalid test file ran no test: one errored case per file says why.
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of fileErrors.filter((e) => e.severity === 'error')) {
    const file = d.location?.file ?? '(test files)';
    byFile.set(file, [...(byFile.get(file) ?? []), d]);
  }
  for (const [file, diagnostics] of byFile) {
    out.push({
      name: 'test file is valid',
      file,
      line: 1,
      failures: [],
      errors: diagnostics.map(formatDiagnostic),
    });
  }
  return out;
}

const counts = (list: Case[]) =>
  `tests="${list.length}" failures="${list.filter((c) => c.failures.length > 0).length}" errors="${list.filter((c) => c.errors.length > 0 && c.failures.length === 0).length}"`;

export function renderResultsJunit(results: TestResult[], fileErrors: Diagnostic[] = []): string {
  const all = cases(results, fileErrors);
  const files = [...new Set(all.map((c) => c.file))];
  const suites = files.map((file) => {
    const list = all.filter((c) => c.file === file);
    return `  <testsuite name="${xmlAttribute(file)}" ${counts(list)}>\n${list.map(testCase).join('\n')}\n  </testsuite>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="milestones test" ${counts(all)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
