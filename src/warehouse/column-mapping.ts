/**
 * Matches a source's column mapping against one file's columns:
 *
 *   columns: {ts: occurred_at, account_id: account}, properties: {plan: VARCHAR}
 *   file:    occurred_at, account, event, plan, browser
 *   ->  canonical {ts: occurred_at, account_id: account, event: event}   (event: same name, unmapped)
 *       properties [plan VARCHAR], packed [browser]                       (into the JSON column)
 *
 * A canonical column not named in `columns:` is taken from a file column of
 * the same name when there is one. Every problem is collected before failing.
 */
import type { ColumnType, EventSource, SourceBase, SurveySource } from '../definitions/model.js';
import { didYouMean } from '../definitions/suggest.js';
import type { Diagnostic } from '../errors.js';
import { InvalidInputError } from '../errors.js';
import type { FileShape } from './file-shape.js';
import { fileColumnsHint, looksLikeColumnName } from './column-names-hint.js';
import type { TableLayout } from './table-layout.js';
import { reservedNames } from './table-layout.js';

export type AnySource = SourceBase & Partial<Pick<EventSource, 'propertiesJson'>> & Partial<SurveySource>;

export interface ResolvedMapping {
  /** canonical name -> the file's column, for the canonical columns the file provides. */
  canonical: Map<string, string>;
  properties: { name: string; type: ColumnType }[];
  propertiesJson?: string;
  /** Every other column of the file, packed into the `properties` JSON. */
  packed: string[];
}

/** Qualtrics exports name their columns; these fill canonical columns nobody mapped. */
const QUALTRICS_DEFAULTS: Record<string, string> = { response_id: 'ResponseId' };

/**
 * What can be checked before any file is read: `columns:` keys are canonical
 * columns of the table, and no declared property takes a name the table
 * already has (DuckDB names are case-insensitive).
 */
export function checkSourceSettings(layout: TableLayout, source: AnySource): void {
  const problems: Diagnostic[] = [];
  const key = `sources.${layout.source}`;
  const readable = new Set(layout.read.map((c) => c.name));
  for (const name of Object.keys(source.columns)) {
    if (readable.has(name)) continue;
    problems.push({
      severity: 'error',
      code: 'unknown-column-key',
      setting: `${key}.columns.${name}`,
      message: `${key}.columns.${name}: "${name}" is not a column of ${layout.table}`,
      hint: `${didYouMean(name, readable) ?? 'map one of'} ${[...readable].join(', ')}`,
    });
  }
  const reserved = reservedNames(layout);
  for (const name of Object.keys(source.properties)) {
    if (!reserved.has(name.toLowerCase())) continue;
    problems.push({
      severity: 'error',
      code: 'reserved-property',
      setting: `${key}.properties.${name}`,
      message: `${key}.properties.${name}: "${name}" is a column of ${layout.table} already`,
      hint: 'map it under `columns:` instead, or rename the column in the file',
    });
  }
  throwProblems(problems, `${key}: ${problems.length} problems with the settings`);
}

function throwProblems(problems: Diagnostic[], summary: string): void {
  const [only] = problems;
  if (only && problems.length === 1) {
    const error = new InvalidInputError(only.message, [], only.hint);
    if (only.setting !== undefined) error.setting = only.setting;
    throw error;
  }
  if (problems.length > 1) throw new InvalidInputError(summary, problems);
}

/** Matches the mapping (checked by checkSourceSettings) against one file's columns. */
export function resolveMapping(
  layout: TableLayout,
  source: AnySource,
  shape: FileShape,
  path: string,
): ResolvedMapping {
  const problems: Diagnostic[] = [];
  const key = `sources.${layout.source}`;
  const has = new Set(shape.columns);
  const missing = (setting: string, column: string, what: string) =>
    problems.push(missingColumn(setting, column, what, shape, path));

  const canonical = new Map<string, string>();
  for (const [name, column] of Object.entries(source.columns)) {
    if (!has.has(column)) missing(`${key}.columns.${name}`, column, `mapped to ${name}`);
    else canonical.set(name, column);
  }
  for (const column of layout.read) {
    if (canonical.has(column.name) || column.name in source.columns) continue;
    const fallback = sameNamed(column.name, shape.columns) ?? qualtricsDefault(column.name, shape);
    if (fallback !== undefined) canonical.set(column.name, fallback);
    else if (column.required) problems.push(requiredMissing(key, column.name, shape, path));
  }
  if (layout.source === 'events' && !canonical.has('account_id') && !canonical.has('contact_id')) {
    if (!('account_id' in source.columns) && !('contact_id' in source.columns)) {
      problems.push(requiredMissing(key, 'account_id', shape, path, 'or "contact_id" '));
    }
  }

  const properties: { name: string; type: ColumnType }[] = [];
  for (const [name, type] of Object.entries(source.properties)) {
    if (!has.has(name)) missing(`${key}.properties.${name}`, name, 'declared as a property');
    else properties.push({ name, type });
  }

  const propertiesJson = source.propertiesJson;
  if (propertiesJson !== undefined && !has.has(propertiesJson)) {
    missing(`${key}.properties_json`, propertiesJson, 'named as the JSON properties column');
  }
  throwProblems(problems, `${layout.source}: ${problems.length} problems with the columns of ${path}`);
  const used = new Set([...canonical.values(), ...properties.map((p) => p.name)]);
  if (propertiesJson !== undefined) used.add(propertiesJson);
  throwProblems(repeatedColumns(shape, used, path), `${path}: columns given twice in the header`);
  const packed = shape.columns.filter((c) => !used.has(c));
  return { canonical, properties, ...(propertiesJson !== undefined ? { propertiesJson } : {}), packed };
}

/**
 * A column the source reads that the header names twice: which one holds the
 * data is a guess (DuckDB would read the first, and the second would be
 * packed into the properties as `amount_1`), so it is an error. A repeated
 * column nothing reads is left alone.
 */
function repeatedColumns(shape: FileShape, used: Set<string>, path: string): Diagnostic[] {
  return Object.entries(shape.repeated ?? {})
    .filter(([name]) => used.has(name))
    .map(([name, at]) => ({
      severity: 'error',
      code: 'repeated-column',
      message: `${path}: the header names column "${name}" ${at.length} times (columns ${at.join(', ')}); which one to read is ambiguous`,
      hint: 'rename or remove the extra column in the file (or map another column)',
    }));
}

/**
 * A repeated header name nothing reads is packed into the properties under
 * the names DuckDB gives the repeats (`Plan` -> `Plan_1`, a real `plan_1` ->
 * `plan_1_1`): a filter on the name as written in the file finds another
 * column's values, or nothing, with exit 0 (found by review). Said once per
 * name, with the names to filter on.
 */
export function repeatedPackedWarnings(
  shape: FileShape,
  mapping: ResolvedMapping,
  path: string,
): Diagnostic[] {
  const packed = new Set(mapping.packed);
  const repeats = new Set(Object.values(shape.repeated ?? {}).flatMap((at) => at.map((i) => i - 1)));
  // A column pushed aside by a repeat's new name (a real `plan_1` beside `plan`, `Plan` -> `Plan_1`).
  const moved = shape.columns.flatMap((stored, i) => {
    const written = shape.written?.[i];
    return !repeats.has(i) && written !== undefined && written !== stored && packed.has(stored)
      ? [`the file's "${written}" as "${stored}"`]
      : [];
  });
  const also = moved.length > 0 ? `, and ${moved.join(', ')}` : '';
  return Object.entries(shape.repeated ?? {})
    .filter(([name]) => packed.has(name))
    .map(([name, at]) => {
      const stored = at.map((i) => `"${shape.columns[i - 1]}"`).join(', ');
      return {
        severity: 'warning',
        code: 'repeated-column',
        message: `${path}: the header names "${name}" ${at.length} times but for case (columns ${at.join(', ')}); they are stored as the properties ${stored}${also}`,
        hint: 'rename the columns in the export, or filter on the stored names',
      };
    });
}

function sameNamed(name: string, columns: string[]): string | undefined {
  return columns.find((c) => c === name) ?? columns.find((c) => c.toLowerCase() === name);
}

function qualtricsDefault(name: string, shape: FileShape): string | undefined {
  const column = QUALTRICS_DEFAULTS[name];
  return shape.format === 'qualtrics' && column !== undefined && shape.columns.includes(column)
    ? column
    : undefined;
}

function missingColumn(
  setting: string,
  column: string,
  what: string,
  shape: FileShape,
  path: string,
): Diagnostic {
  // A suggestion would show a name, too: only from names that look like a header's.
  const names = shape.columns.filter(looksLikeColumnName);
  const suggestion = names.length === shape.columns.length ? didYouMean(column, names) : undefined;
  return {
    severity: 'error',
    code: 'missing-column',
    setting,
    message: `${setting}: column "${column}" (${what}) is not in ${path}`,
    hint: `${suggestion ? `${suggestion} ` : ''}${fileColumnsHint(shape)}`,
  };
}

function requiredMissing(
  key: string,
  name: string,
  shape: FileShape,
  path: string,
  alternative = '',
): Diagnostic {
  return {
    severity: 'error',
    code: 'missing-column',
    setting: `${key}.columns`,
    message: `${key}: ${path} has no "${name}" ${alternative}column`,
    hint: `map it: \`${key}.columns.${name}: <column>\`. ${fileColumnsHint(shape)}`,
  };
}
