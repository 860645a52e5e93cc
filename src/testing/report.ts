/**
 * How `milestones test` prints its results: a line per test (`✓ name` /
 * `✗ name`), under a failed one each mismatch with the location of the
 * expectation that failed, then `N passed, N failed`; or one JSON object.
 * Colour only on a terminal, and never with NO_COLOR.
 *
 *   ✗ guests do not count
 *       milestones.tests.yaml:41:52 setup / acme: status expected never_achieved, got achieving
 *   3 passed, 1 failed
 */
import { formatDiagnostic, type Diagnostic, type SourceLocation } from '../errors.js';
import type { Mismatch } from './compare.js';
import type { DefinitionTest } from './test-file.js';

export interface TestResult {
  test: Pick<DefinitionTest, 'name' | 'file' | 'location'>;
  mismatches: Mismatch[];
  /** Problems that kept the test from running (a row the warehouse cannot store). */
  errors: Diagnostic[];
}

export const passed = (r: TestResult) => r.mismatches.length === 0 && r.errors.length === 0;

const where = (l: SourceLocation | undefined) => (l ? `${l.file}:${l.line}:${l.col}` : '');

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return !process.env.NO_COLOR && Boolean(stream.isTTY);
}

const paint = (on: boolean, code: number, text: string) => (on ? `\u001b[${code}m${text}\u001b[39m` : text);

export function summaryLine(results: TestResult[]): string {
  const ok = results.filter(passed).length;
  return `${ok} passed, ${results.length - ok} failed`;
}

export function renderResultsText(results: TestResult[], color: boolean): string {
  const lines: string[] = [];
  for (const r of results) {
    if (passed(r)) {
      lines.push(`${paint(color, 32, '✓')} ${r.test.name}`);
      continue;
    }
    lines.push(`${paint(color, 31, '✗')} ${r.test.name}`);
    for (const m of r.mismatches) lines.push(`    ${where(m.location)} ${m.message}`);
    for (const d of r.errors)
      lines.push(
        ...formatDiagnostic(d)
          .split('\n')
          .map((l) => `    ${l}`),
      );
  }
  lines.push(summaryLine(results));
  return lines.join('\n') + '\n';
}

const locationJson = (l: SourceLocation) => ({ file: l.file, line: l.line, col: l.col });

export function resultsJson(results: TestResult[], fileErrors: Diagnostic[] = []) {
  const ok = results.filter(passed).length;
  return {
    passed: ok,
    failed: results.length - ok,
    errors: fileErrors,
    tests: results.map((r) => ({
      name: r.test.name,
      ...locationJson(r.test.location),
      passed: passed(r),
      mismatches: r.mismatches.map((m) => ({
        subject: m.subject,
        field: m.field,
        expected: m.expected,
        actual: m.actual,
        message: m.message,
        ...locationJson(m.location),
      })),
      errors: r.errors,
    })),
  };
}
