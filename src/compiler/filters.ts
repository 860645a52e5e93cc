/**
 * `where:` filters to a SQL condition that is never NULL. Values keep their
 * YAML types: a number compares numerically, a boolean as a boolean, a
 * string as text (or as a date/time against a date/time column: a date is
 * midnight in the config's zone, a naive time wall-clock time there, a time
 * with Z or an offset exact, as everywhere in the config).
 * Negations (`not:`, `not_in`) match rows where the property is missing.
 *
 *   where: {plan: {in: [pro, enterprise]}, amount: {gte: 10}, source: {not: import}}
 *   -> coalesce(e."plan" IN ('pro', 'enterprise'), FALSE)
 *      AND coalesce(TRY_CAST(json_extract_string(e."properties", '/amount') AS DOUBLE) >= 10, FALSE)
 *      AND NOT coalesce(json_extract_string(e."properties", '/source') = 'import', FALSE)
 */
import type { Filter, Scalar } from '../definitions/model.js';
import { endOf, parseConfigInstant, startOf } from '../definitions/instants.js';
import { literal, str } from './quote.js';
import {
  asNumber,
  asText,
  isNumeric,
  isTemporal,
  propertyRef,
  type Column,
  type PropertyRef,
} from './columns.js';
import { NUMBER_TEXT } from '../definitions/filter-value-checks.js';

const COMPARE: Record<string, string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/**
 * A date or time written in a filter, against a TIMESTAMP property (stored
 * as naive UTC, like every stored instant): the instant it names in the
 * config's zone. It had been cast as UTC, and an offset dropped: `gte:
 * 2026-01-01` in New York let in an account signed at 21:00 on Dec 31 (found
 * by review). DATE and TIME properties compare as written (no instant).
 */
function temporalValue(type: string, value: string, timeZone: string): string {
  const instant = type.startsWith('TIMESTAMP') ? startOf(value, timeZone) : undefined;
  return instant ? `TIMESTAMP ${str(instant.sql)}` : `TRY_CAST(${str(value)} AS ${type})`;
}

/**
 * A date alone against a TIMESTAMP property means that whole local day, as
 * an analyst reads it: `eq` is within the day, `lte` up to its end, `gt`
 * after it; `gte` and `lt` from and before its start. Undefined for anything
 * else (an instant compares exactly).
 *   signed_at lte 2026-01-31 (UTC) -> p."signed_at" < TIMESTAMP '2026-02-01 00:00:00'
 */
function dayCondition(ref: PropertyRef, op: string, value: Scalar, timeZone: string): string | undefined {
  if (typeof value !== 'string' || !ref.type.startsWith('TIMESTAMP')) return undefined;
  if (parseConfigInstant(value)?.kind !== 'date') return undefined;
  const start = `TIMESTAMP ${str(startOf(value, timeZone)!.sql)}`;
  const next = `TIMESTAMP ${str(endOf(value, timeZone)!.sql)}`;
  const byOp: Record<string, string> = {
    eq: `(${ref.sql} >= ${start} AND ${ref.sql} < ${next})`,
    gte: `${ref.sql} >= ${start}`,
    lt: `${ref.sql} < ${start}`,
    lte: `${ref.sql} < ${next}`,
    gt: `${ref.sql} >= ${next}`,
  };
  return byOp[op];
}

/**
 * A number written as text, against a number column, compares as that number
 * (it compared as text: an amount of 9 passed `gte: "10"`; found by review);
 * a whole one exactly, so that an id beyond 2^53, quoted because YAML rounds
 * such numbers, is the id written.
 */
function numberText(ref: PropertyRef, value: string): string | undefined {
  const text = value.trim();
  if (!isNumeric(ref.type) || !NUMBER_TEXT.test(text)) return undefined;
  // HUGEINT holds 38 digits; a longer whole number compares as a double (no column holds it exactly).
  const whole = /^[+-]?\d+$/.test(text) && text.replace(/^[+-]?0*/, '').length <= 38;
  return whole ? `TRY_CAST(${str(text)} AS HUGEINT)` : `TRY_CAST(${str(text)} AS DOUBLE)`;
}

/** The property read so that it compares with `value`, and the value as a literal. */
function operands(ref: PropertyRef, value: Scalar, timeZone: string): [string, string] {
  if (typeof value === 'number') return [asNumber(ref), literal(value)];
  const asNumberText = typeof value === 'string' ? numberText(ref, value) : undefined;
  if (asNumberText !== undefined) return [ref.sql, asNumberText];
  if (typeof value === 'boolean') {
    return [ref.type === 'BOOLEAN' ? ref.sql : `TRY_CAST(${ref.sql} AS BOOLEAN)`, literal(value)];
  }
  if (typeof value === 'string' && isTemporal(ref.type)) {
    return [ref.sql, temporalValue(ref.type, value, timeZone)];
  }
  return [asText(ref), literal(value)];
}

function inList(ref: PropertyRef, values: Scalar[], timeZone: string): string {
  const present = values.filter((v) => v !== null);
  const parts: string[] = [];
  const kinds = new Set(present.map((v) => typeof v));
  const days = present.map((v) => dayCondition(ref, 'eq', v, timeZone));
  if (days.some((d) => d !== undefined)) {
    for (const [i, v] of present.entries()) {
      const [left, right] = operands(ref, v, timeZone);
      parts.push(days[i] ?? `${left} = ${right}`);
    }
  } else if (kinds.size === 1 && present.length > 0) {
    const [left] = operands(ref, present[0]!, timeZone);
    parts.push(`${left} IN (${present.map((v) => operands(ref, v, timeZone)[1]).join(', ')})`);
  } else {
    for (const v of present) {
      const [left, right] = operands(ref, v, timeZone);
      parts.push(`${left} = ${right}`);
    }
  }
  if (present.length < values.length) parts.push(`${ref.sql} IS NULL`);
  if (parts.length === 0) return 'FALSE';
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

/** The condition of one filter, before negation (may be NULL). */
function condition(ref: PropertyRef, filter: Filter, timeZone: string): string {
  const { op, value } = filter;
  switch (op) {
    case 'exists':
      return value === false ? `${ref.sql} IS NULL` : `${ref.sql} IS NOT NULL`;
    case 'in':
    case 'not_in':
      return inList(ref, Array.isArray(value) ? value : [value], timeZone);
    case 'contains':
      return `contains(${asText(ref)}, ${str(String(value))})`;
    case 'starts_with':
      return `starts_with(${asText(ref)}, ${str(String(value))})`;
    default: {
      const scalar = Array.isArray(value) ? (value[0] ?? null) : value;
      if (scalar === null) return op === 'eq' ? `${ref.sql} IS NULL` : 'FALSE';
      const day = dayCondition(ref, op, scalar, timeZone);
      if (day !== undefined) return day;
      const [left, right] = operands(ref, scalar, timeZone);
      return `${left} ${COMPARE[op]} ${right}`;
    }
  }
}

/**
 * Text that a JSON property's value could be rendered as when it is not a
 * string (a number, true, false, null, an object or a list): DuckDB may
 * render those differently from the raw JSON (1e2 as 100.0), so a raw-text
 * guard could miss them.
 */
const MAYBE_NOT_A_STRING = /^(?:[-+0-9.eE]*|true|false|null|[[{].*)$/s;

/** The string values whose equality with a JSON property a raw-text guard can pre-check, or undefined. */
function guardableValues(filter: Filter): string[] | undefined {
  const values =
    filter.op === 'eq' || filter.op === 'in' || filter.op === 'not_in' ? filter.value : undefined;
  const list = Array.isArray(values) ? values : [values];
  if (values === undefined || list.length === 0) return undefined;
  if (!list.every((v): v is string => typeof v === 'string' && !MAYBE_NOT_A_STRING.test(v))) return undefined;
  return list;
}

/**
 * A test on a JSON property, parsed only where the raw JSON text could hold a
 * match: a string value equal to one of the filter's values appears verbatim
 * in the raw text unless the text escapes something (a backslash). Elsewhere
 * the test is FALSE, which is what it would be after coalesce (its value
 * there is FALSE or NULL). Parsing JSON is the cost of such a filter: 14M
 * report_created rows, `source: {not: import}`: 0.75-0.94 s -> 0.22-0.28 s.
 */
function guardJson(ref: PropertyRef, filter: Filter, test: string): string {
  const values = ref.json === undefined ? undefined : guardableValues(filter);
  if (values === undefined) return test;
  const raw = ref.json!;
  const found = [...values, '\\'].map((v) => `contains(${raw}, ${str(v)})`).join(' OR ');
  return `CASE WHEN ${found} THEN ${test} ELSE FALSE END`;
}

/** One filter as a non-NULL boolean; dates and times in it are read in `timeZone` (the config's). */
export function compileFilter(
  table: Column[] | undefined,
  alias: string,
  filter: Filter,
  timeZone: string,
): string {
  const ref = propertyRef(table, alias, filter.property);
  const negate = filter.negate !== (filter.op === 'not_in');
  const test = guardJson(ref, filter, condition(ref, filter, timeZone));
  // IS [NOT] NULL and FALSE are never NULL; everything else may be.
  const safe =
    /IS (NOT )?NULL$|^FALSE$/.test(test) && !test.includes(' OR ') ? test : `coalesce(${test}, FALSE)`;
  if (!negate) return safe;
  return safe.startsWith('coalesce(') ? `NOT ${safe}` : `NOT (${safe})`;
}

/** The AND of a `where:`; TRUE when empty. */
export function compileWhere(
  table: Column[] | undefined,
  alias: string,
  where: Filter[],
  timeZone: string,
): string {
  if (where.length === 0) return 'TRUE';
  return where.map((f) => compileFilter(table, alias, f, timeZone)).join('\n  AND ');
}
