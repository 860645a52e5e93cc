/**
 * `where:` filters to a SQL condition that is never NULL. Values keep their
 * YAML types: a number compares numerically, a boolean as a boolean, a
 * string as text (or as a date/time against a date/time column).
 * Negations (`not:`, `not_in`) match rows where the property is missing.
 *
 *   where: {plan: {in: [pro, enterprise]}, amount: {gte: 10}, source: {not: import}}
 *   -> coalesce(e."plan" IN ('pro', 'enterprise'), FALSE)
 *      AND coalesce(TRY_CAST(json_extract_string(e."properties", '/amount') AS DOUBLE) >= 10, FALSE)
 *      AND NOT coalesce(json_extract_string(e."properties", '/source') = 'import', FALSE)
 */
import type { Filter, Scalar } from '../definitions/model.js';
import { literal, str } from './quote.js';
import { asNumber, asText, isTemporal, propertyRef, type Column, type PropertyRef } from './columns.js';

const COMPARE: Record<string, string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** The property read so that it compares with `value`, and the value as a literal. */
function operands(ref: PropertyRef, value: Scalar): [string, string] {
  if (typeof value === 'number') return [asNumber(ref), literal(value)];
  if (typeof value === 'boolean') {
    return [ref.type === 'BOOLEAN' ? ref.sql : `TRY_CAST(${ref.sql} AS BOOLEAN)`, literal(value)];
  }
  if (typeof value === 'string' && isTemporal(ref.type)) {
    return [ref.sql, `TRY_CAST(${str(value)} AS ${ref.type})`];
  }
  return [asText(ref), literal(value)];
}

function inList(ref: PropertyRef, values: Scalar[]): string {
  const present = values.filter((v) => v !== null);
  const parts: string[] = [];
  const kinds = new Set(present.map((v) => typeof v));
  if (kinds.size === 1 && present.length > 0) {
    const [left] = operands(ref, present[0]!);
    parts.push(`${left} IN (${present.map((v) => operands(ref, v)[1]).join(', ')})`);
  } else {
    for (const v of present) {
      const [left, right] = operands(ref, v);
      parts.push(`${left} = ${right}`);
    }
  }
  if (present.length < values.length) parts.push(`${ref.sql} IS NULL`);
  if (parts.length === 0) return 'FALSE';
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

/** The condition of one filter, before negation (may be NULL). */
function condition(ref: PropertyRef, filter: Filter): string {
  const { op, value } = filter;
  switch (op) {
    case 'exists':
      return value === false ? `${ref.sql} IS NULL` : `${ref.sql} IS NOT NULL`;
    case 'in':
    case 'not_in':
      return inList(ref, Array.isArray(value) ? value : [value]);
    case 'contains':
      return `contains(${asText(ref)}, ${str(String(value))})`;
    case 'starts_with':
      return `starts_with(${asText(ref)}, ${str(String(value))})`;
    default: {
      const scalar = Array.isArray(value) ? (value[0] ?? null) : value;
      if (scalar === null) return op === 'eq' ? `${ref.sql} IS NULL` : 'FALSE';
      const [left, right] = operands(ref, scalar);
      return `${left} ${COMPARE[op]} ${right}`;
    }
  }
}

/** One filter as a non-NULL boolean. */
export function compileFilter(table: Column[] | undefined, alias: string, filter: Filter): string {
  const ref = propertyRef(table, alias, filter.property);
  const negate = filter.negate !== (filter.op === 'not_in');
  const test = condition(ref, filter);
  // IS [NOT] NULL and FALSE are never NULL; everything else may be.
  const safe =
    /IS (NOT )?NULL$|^FALSE$/.test(test) && !test.includes(' OR ') ? test : `coalesce(${test}, FALSE)`;
  if (!negate) return safe;
  return safe.startsWith('coalesce(') ? `NOT ${safe}` : `NOT (${safe})`;
}

/** The AND of a `where:`; TRUE when empty. */
export function compileWhere(table: Column[] | undefined, alias: string, where: Filter[]): string {
  if (where.length === 0) return 'TRUE';
  return where.map((f) => compileFilter(table, alias, f)).join('\n  AND ');
}
