/**
 * A Finding is a Diagnostic that still points at a data path; the YAML
 * source turns the path into file:line:col. Checks work on paths so they
 * never need to know about YAML nodes.
 */
import type { Diagnostic, Severity } from '../errors.js';
import type { Anchor, Path, YamlSource } from './yaml-source.js';

export interface Finding {
  severity: Severity;
  code: string;
  message: string;
  hint?: string;
  path: Path;
  /** Point at the key rather than the value (unknown keys). */
  anchor?: Anchor;
}

export function error(code: string, message: string, path: Path, hint?: string, anchor?: Anchor): Finding {
  return { severity: 'error', code, message, path, ...(hint ? { hint } : {}), ...(anchor ? { anchor } : {}) };
}

export function warning(code: string, message: string, path: Path, hint?: string, anchor?: Anchor): Finding {
  return { ...error(code, message, path, hint, anchor), severity: 'warning' };
}

export function toDiagnostic(finding: Finding, source: YamlSource): Diagnostic {
  const { path, anchor, ...rest } = finding;
  return { ...rest, location: source.locate(path, anchor) };
}

/** By position, errors before warnings at the same place; stable otherwise. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => [
    d.location?.line ?? 0,
    d.location?.col ?? 0,
    d.severity === 'error' ? 0 : 1,
  ];
  return diagnostics
    .map((d, i) => ({ d, i, k: key(d) }))
    .sort((a, b) => a.k[0]! - b.k[0]! || a.k[1]! - b.k[1]! || a.k[2]! - b.k[2]! || a.i - b.i)
    .map(({ d }) => d);
}

/** "criteria[2]", "milestones[0]", "at_least": a short name for the value at a path. */
export function label(path: Path): string {
  let i = path.length - 1;
  while (i >= 0 && typeof path[i] === 'number') i--;
  if (i < 0) return path.length ? `item ${String(path[0])}` : 'the file';
  return `${String(path[i])}${path
    .slice(i + 1)
    .map((n) => `[${String(n)}]`)
    .join('')}`;
}
