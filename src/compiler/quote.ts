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

/**
 * Indents the lines of generated SQL (`\n` -> `\n` + indent) except inside
 * quoted literals and identifiers: a name or value from the config may hold
 * a newline (`event: "line\nbreak"`), and indenting it there changed the
 * value the SQL compares with (found by review). Outside quotes a `--`
 * comment runs to the end of its line, so a quote in it opens nothing.
 *
 *   indentSql("a\n'x\ny'", '  ') -> "a\n  'x\ny'"
 */
export function indentSql(sql: string, indent: string): string {
  if (!sql.includes('\n')) return sql;
  let out = '';
  let quote: "'" | '"' | '--' | undefined;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote === undefined) {
      if (c === "'" || c === '"') quote = c;
      else if (c === '-' && sql[i + 1] === '-') quote = '--';
      out += c === '\n' ? `\n${indent}` : c;
    } else if (quote === '--') {
      if (c === '\n') {
        quote = undefined;
        out += `\n${indent}`;
      } else out += c;
    } else {
      // A doubled quote is the quote itself; a single one closes.
      if (c === quote) {
        if (sql[i + 1] === quote) out += sql[i++]!;
        else quote = undefined;
      }
      out += c;
    }
  }
  return out;
}
