/**
 * The only place that puts user-supplied names and values into SQL text.
 * Every identifier goes through `ident`, every literal through `literal`.
 * Tests push `"';DROP TABLE x;--` through both and round-trip it in DuckDB.
 */
import type { Scalar } from '../definitions/model.js';

/** A double-quoted identifier: `event` -> "event", a"b -> "a""b". */
export function ident(name: string): string {
  if (name.includes('\u0000')) throw new Error('identifier contains a NUL character');
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted string literal. */
export function str(value: string): string {
  if (value.includes('\u0000')) throw new Error('string literal contains a NUL character');
  return `'${value.replaceAll("'", "''")}'`;
}

/** A SQL literal for a YAML scalar, keeping its type. */
export function literal(value: Scalar): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    // Integers stay exact; others keep full precision as DOUBLE.
    return Number.isInteger(value) ? `${value}` : `CAST(${JSON.stringify(value)} AS DOUBLE)`;
  }
  return str(value);
}

/** A JSON path literal for `json_extract_string(col, path)`: '$."key"'. */
export function jsonPath(key: string): string {
  return str(`$.${JSON.stringify(key)}`);
}
