import { parseDefinitions } from '../../src/definitions/load-definitions.js';
import type { Diagnostic } from '../../src/errors.js';

/** Strips the indentation common to every non-blank line, so YAML can sit indented in a test. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const cut = Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** "line:col severity code" for each diagnostic, in order. */
export function brief(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.location?.line}:${d.location?.col} ${d.severity} ${d.code}`);
}

export function check(text: string): Diagnostic[] {
  return parseDefinitions(text, 'm.yaml').diagnostics;
}

/** The only diagnostic; fails when there are more or none. */
export function only(text: string): Diagnostic {
  const diagnostics = check(text);
  if (diagnostics.length !== 1)
    throw new Error(`expected one diagnostic, got:\n${JSON.stringify(diagnostics, null, 2)}`);
  return diagnostics[0]!;
}

/** A valid milestone list entry to pad files with. */
export const MINIMAL = 'milestones:\n  - id: setup\n    criteria: [{event: app_installed}]\n';
