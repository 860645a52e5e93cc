/**
 * `where:` values against the types the sources declare, where the value
 * cannot mean what it says (each found by review, each exit 0 before):
 *
 * - text that is no number against a number column: `{amount: {gte: ten}}`
 *   compared as text (a quoted number compares as that number:
 *   compiler/filters.ts);
 * - against a TIMESTAMP or DATE column, text that is no date the config
 *   reads: `2026-1-31` was cast as UTC midnight, `yesterday` matched nothing;
 * - against a BOOLEAN column, anything but true or false (`yes` never matched);
 *   true or false against a number or time column (`seats: true` read every
 *   non-zero count as true).
 *
 * Errors at the value's line: `validate` fails in CI, before any data.
 */
import { isNumeric } from '../compiler/columns.js';
import { parseConfigInstant } from './instants.js';
import { error, type Finding } from './findings.js';
import { entries, isRecord, walkCriteria } from './raw.js';
import type { Path } from './yaml-source.js';

type SourceName = 'events' | 'accounts' | 'contacts';

/** Operators whose values compare with the property (not `contains`, `starts_with`, `exists`). */
const COMPARING = new Set(['eq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in']);

const TIME_TYPE = /^(DATE|TIMESTAMP.*)$/i;

/** A number written as text, which compiler/filters.ts compares as a number. */
export const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The declared property types of each source, by lower-case name (columns match in any case). */
function declaredTypes(data: unknown): Record<SourceName, Map<string, string>> {
  const sources = isRecord(data) && isRecord(data.sources) ? data.sources : {};
  const of = (name: SourceName) => {
    const source = sources[name];
    const properties = isRecord(source) && isRecord(source.properties) ? source.properties : {};
    return new Map(
      Object.entries(properties).flatMap(([key, type]) =>
        typeof type === 'string' ? [[key.toLowerCase(), type.toUpperCase()] as const] : [],
      ),
    );
  };
  return { events: of('events'), accounts: of('accounts'), contacts: of('contacts') };
}

/** Each compared value of one property's filter, with its path. */
function comparedValues(filter: unknown, path: Path): { value: unknown; path: Path }[] {
  if (Array.isArray(filter)) return filter.map((value, i) => ({ value, path: [...path, i] }));
  if (!isRecord(filter)) return [{ value: filter, path }];
  return Object.entries(filter).flatMap(([op, value]) => {
    if (op === 'not') return comparedValues(value, [...path, 'not']);
    if (!COMPARING.has(op)) return [];
    return comparedValues(value, [...path, op]);
  });
}

function valueProblem(
  value: unknown,
  type: string | undefined,
): [code: string, message: string, hint: string] | undefined {
  // (A whole number YAML rounds, 9007199254740993, is yaml-source.ts's error, where its digits are.)
  if (type === undefined || value === null) return undefined;
  if (isNumeric(type) && typeof value === 'string' && !NUMBER_TEXT.test(value.trim())) {
    return [
      'text-against-number',
      `the property is ${type}, but "${value}" is no number`,
      'write a number (10, 2.5); a quoted one compares as that number',
    ];
  }
  // true against a number had read every non-zero count as true (`seats: true` assigned every
  // account; found by review); against a time it matched nothing.
  if ((isNumeric(type) || TIME_TYPE.test(type)) && typeof value === 'boolean') {
    return [
      'bad-filter',
      `the property is ${type}, but ${String(value)} is not a ${isNumeric(type) ? 'number' : 'date or time'}`,
      isNumeric(type)
        ? 'compare with a number: {gte: 1} for "has any"'
        : 'compare with a date: {gte: 2026-01-31}',
    ];
  }
  if (TIME_TYPE.test(type) && typeof value === 'string' && parseConfigInstant(value) === undefined) {
    return [
      'bad-date',
      `the property is ${type}, but "${value}" is no date or time the config reads`,
      'write 2026-01-31 (the whole day in timezone), 2026-01-31T09:00 (wall-clock time there) or 2026-01-31T09:00:00Z',
    ];
  }
  if (type === 'BOOLEAN' && typeof value !== 'boolean') {
    return [
      'bad-filter',
      `the property is BOOLEAN, but ${JSON.stringify(value)} is not true or false`,
      'write true or false',
    ];
  }
  return undefined;
}

function checkWhereValues(where: unknown, path: Path, types: Map<string, string>, out: Finding[]): void {
  if (!isRecord(where)) return;
  for (const [property, filter] of Object.entries(where)) {
    const type = types.get(property.toLowerCase());
    for (const v of comparedValues(filter, [...path, property])) {
      const problem = valueProblem(v.value, type);
      if (problem) out.push(error(problem[0], `where: ${property}: ${problem[1]}`, v.path, problem[2]));
    }
  }
}

/** Every `where:` of the milestones (criteria, assign) and the conversions (steps, exclusions, touchpoints). */
export function checkFilterValues(data: unknown, out: Finding[]): void {
  const types = declaredTypes(data);
  for (const m of entries(data, 'milestones', [])) {
    for (const c of walkCriteria(m.value.criteria, [...m.path, 'criteria'])) {
      if (c.kind === 'event') checkWhereValues(c.value.where, [...c.path, 'where'], types.events, out);
    }
    const assign = m.value.assign;
    const actors = m.value.level === 'contact' ? types.contacts : types.accounts;
    if (isRecord(assign)) checkWhereValues(assign.where, [...m.path, 'assign', 'where'], actors, out);
  }
  for (const conversion of entries(data, 'conversions', [])) {
    const { value, path } = conversion;
    const uses: [unknown, Path][] = [];
    if (Array.isArray(value.steps)) value.steps.forEach((s, i) => uses.push([s, [...path, 'steps', i]]));
    for (const key of ['from', 'to']) uses.push([value[key], [...path, key]]);
    for (const x of entries(value, 'exclusions', path)) uses.push([x.value, x.path]);
    if (Array.isArray(value.touchpoints))
      value.touchpoints.forEach((t, i) => uses.push([t, [...path, 'touchpoints', i]]));
    for (const [node, at] of uses) {
      if (isRecord(node)) checkWhereValues(node.where, [...at, 'where'], types.events, out);
    }
  }
}
