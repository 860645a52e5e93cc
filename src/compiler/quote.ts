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

/**
 * A JSON Pointer literal (RFC 6901) for `json_extract_string(col, path)`:
 * `region` -> '/region', `a/b` -> '/a~1b', `~` -> '/~0'. DuckDB reads a
 * path starting with `/` as a pointer: the key is taken literally, so `*`
 * is no wildcard, `$`, `.` and `[0]` mean nothing special and a tab or a
 * quote needs no escape. (A `$."key"` path is parsed: `*` is a wildcard, a
 * tab never matches, and `""` is an error.) The `properties` column is
 * always an object, so a key like `0` never reads an array element.
 */
export function jsonPath(key: string): string {
  return str(`/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
}

/**
 * A path as DuckDB's glob patterns read it literally: its readers (read_csv,
 * read_parquet, sniff_csv) and glob() expand `*`, `?` and `[...]` in every
 * path, so a file named `ev[1].csv` would read `ev1.csv`. Each of those
 * characters becomes a one-character class that matches only itself.
 *
 *   globLiteral('/data/proj[1]/ev?.csv') -> '/data/proj[[]1]/ev[?].csv'
 */
export function globLiteral(path: string): string {
  return path.replace(/[*?[]/g, (char) => `[${char}]`);
}

/** A file's path as a SQL string for DuckDB's readers, read literally (globLiteral). */
export function fileLiteral(path: string): string {
  return str(globLiteral(path));
}
