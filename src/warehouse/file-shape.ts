/**
 * What a file holds before it is read for real: its column names (and, for
 * Parquet, their types). A CSV's header is its first record, read as text
 * (with the delimiter the sniffer finds in a sample, unless one is given).
 * A Qualtrics export has three header rows — column ids, question texts,
 * ImportId JSON — read here as the first three records.
 */
import { basename } from 'node:path';
import type { SourceFormat } from '../definitions/model.js';
import { fileLiteral } from '../compiler/quote.js';
import { InvalidInputError } from '../errors.js';
import type { DiskFullError } from './disk-full.js';
import { readError } from './read-errors.js';
import { leadingBlankLines } from './leading-blank-lines.js';
import { describeMixedEnding, mixedLineEnding } from './line-endings.js';
import { csvCompression, csvReadSql, parquetReadSql } from './read-sql.js';
import type { Warehouse } from './session.js';

export interface QualtricsColumn {
  /** Row 1: the column id, e.g. Q1_NPS. */
  id: string;
  /** Row 2: the question text. */
  text: string;
  /** Row 3: `ImportId` of the JSON, e.g. QID1 (the raw cell when it is not JSON). */
  importId: string;
  /** Row 3: `timeZone` of the JSON, for date columns. */
  timeZone?: string;
}

export interface FileShape {
  format: SourceFormat;
  /** Column names in file order. */
  columns: string[];
  /** DuckDB type of each column as stored in the file (CSV: VARCHAR). */
  types: Record<string, string>;
  /** CSV: the delimiter, given or sniffed; the reads pass it explicitly. */
  delimiter?: string;
  /** Qualtrics: the header rows, one entry per column. */
  qualtrics?: QualtricsColumn[];
  /** CSV: empty lines before the header, which the data read skips (leading-blank-lines.ts). */
  skip?: number;
  /** CSV: header names given more than once (any case), with their 1-based positions. */
  repeated?: Record<string, number[]>;
  /** CSV with repeated names: each column's name as the header writes it (`columns` holds DuckDB's). */
  written?: string[];
  /**
   * Parquet: INT96 timestamp columns (Spark, Hive and Impala write them).
   * DuckDB reads them as naive TIMESTAMPs, but Spark and Hive store UTC
   * instants, and read them back as such: the loader reads them as
   * instants (`types` says TIMESTAMP WITH TIME ZONE), where the config's
   * zone moved them by its offset (found by a review).
   */
  utcTimestamps?: string[];
}

/** The file's top-level INT96 columns that DuckDB reads as TIMESTAMP (FileShape.utcTimestamps). */
async function int96Columns(
  warehouse: Warehouse,
  path: string,
  types: Record<string, string>,
): Promise<string[]> {
  const rows = await warehouse.all<{ name: string }>(
    `SELECT "name" FROM parquet_schema(${fileLiteral(path)}) WHERE "type" = 'INT96'`,
  );
  return [...new Set(rows.map((r) => r.name))].filter((name) => types[name] === 'TIMESTAMP');
}

/**
 * The line of a CSV's first data record: 2 under a header, 4 under a
 * Qualtrics export's three header rows; later by the blank lines before them.
 */
export function firstDataLine(shape: Pick<FileShape, 'format' | 'skip'>): number {
  return (shape.format === 'qualtrics' ? 4 : 2) + (shape.skip ?? 0);
}

/** The lines a CSV's data read skips: the blank lines, then a Qualtrics export's three header rows. */
export function linesBeforeData(shape: Pick<FileShape, 'format' | 'skip'>): number {
  return (shape.format === 'qualtrics' ? 3 : 0) + (shape.skip ?? 0);
}

/**
 * A column name with a NUL character cannot be named in SQL (compiler/quote.ts
 * refuses it): said as the file's problem, not as an internal error (a CSV
 * header with a NUL byte; found by review).
 */
function checkNames(names: string[], path: string): void {
  const index = names.findIndex((name) => name.includes('\u0000'));
  if (index < 0) return;
  throw new InvalidInputError(
    `${path}: the name of column ${index + 1} contains a NUL character`,
    [],
    'remove the NUL byte from the header row (is this a text file, and is it UTF-8?)',
  );
}

export async function describeFile(
  warehouse: Warehouse,
  path: string,
  format: SourceFormat,
  delimiter: string | undefined,
): Promise<FileShape> {
  if (format === 'parquet') {
    const rows = await readOrFail(
      () =>
        warehouse.all<{ column_name: string; column_type: string }>(
          `DESCRIBE SELECT * FROM ${parquetReadSql(path)}`,
        ),
      path,
      format,
      warehouse.path,
    );
    checkNames(
      rows.map((r) => r.column_name),
      path,
    );
    const types = Object.fromEntries(rows.map((r) => [r.column_name, r.column_type]));
    const utcTimestamps = await int96Columns(warehouse, path, types);
    for (const column of utcTimestamps) types[column] = 'TIMESTAMP WITH TIME ZONE';
    return {
      format,
      columns: rows.map((r) => r.column_name),
      types,
      ...(utcTimestamps.length > 0 ? { utcTimestamps } : {}),
    };
  }
  const qualtrics = format === 'qualtrics';
  const skip = await leadingBlankLines(path);
  // The header reads skip empty lines themselves (DuckDB's header-less reads do; with `skip` given, its
  // sniffer failed on a file whose later row had a field too many): only the data read is told.
  const delim = delimiter ?? (qualtrics ? ',' : await sniffDelimiter(warehouse, path));
  const records = await readOrFail(
    () => firstRecords(warehouse, path, delim, qualtrics ? 3 : 1),
    path,
    format,
    warehouse.path,
  );
  const names = uniqueNames(records[0] ?? []);
  checkNames(names, path);
  const types = Object.fromEntries(names.map((n) => [n, 'VARCHAR']));
  const repeated = repeatedNames(records[0] ?? [], names);
  const skipped = skip > 0 ? { skip } : {};
  const written = repeated ? { written: (records[0] ?? []).map((n, i) => n ?? names[i]!) } : {};
  if (!qualtrics)
    return {
      format,
      columns: names,
      types,
      delimiter: delim,
      ...skipped,
      ...(repeated ? { repeated, ...written } : {}),
    };
  const [, texts, imports] = records;
  if (!texts || !imports || !imports.some((cell) => cell?.includes('ImportId'))) {
    throw new InvalidInputError(
      `${path} is not a Qualtrics export: the third row should hold ImportId JSON`,
      [],
      'export the responses from Qualtrics as CSV (three header rows), or set format: csv for a plain CSV',
    );
  }
  const columns = names.map((id, i): QualtricsColumn => ({
    id,
    text: texts[i] ?? '',
    ...parseImportId(imports[i] ?? null),
  }));
  return { format, columns: names, types, delimiter: delim, ...skipped, qualtrics: columns };
}

/**
 * The delimiter DuckDB's sniffer finds. Padding short rows and reading the
 * header as data keeps one malformed row in a small file from making the
 * sniffer settle on a dialect where every line is a single column.
 */
async function sniffDelimiter(warehouse: Warehouse, path: string): Promise<string> {
  const row = await readOrFail(
    () =>
      warehouse.one<{ delimiter: string }>(
        `SELECT "Delimiter" AS delimiter FROM sniff_csv(${[fileLiteral(path), 'header = false', 'null_padding = true', ...csvCompression(path)].join(', ')})`,
      ),
    path,
    'csv',
    warehouse.path,
  );
  return row?.delimiter ?? ',';
}

/** The first n records as text, without the NULLs that padding adds past the first record's end. */
async function firstRecords(
  warehouse: Warehouse,
  path: string,
  delimiter: string,
  n: number,
): Promise<(string | null)[][]> {
  const read = csvReadSql(path, {
    header: false,
    allVarchar: true,
    delimiter,
    nullPadding: true,
    qualtrics: n > 1,
  });
  const rows = await warehouse.all<Record<string, string | null>>(`SELECT * FROM ${read} LIMIT ${n}`);
  const records = rows.map((row) => Object.values(row));
  const header = records[0] ?? [];
  let width = header.length;
  while (width > 0 && header[width - 1] === null) width--;
  return records.map((record) => record.slice(0, width));
}

function parseImportId(cell: string | null): { importId: string; timeZone?: string } {
  if (cell === null) return { importId: '' };
  try {
    const json = JSON.parse(cell) as { ImportId?: unknown; timeZone?: unknown };
    const importId = typeof json.ImportId === 'string' ? json.ImportId : cell;
    return typeof json.timeZone === 'string' ? { importId, timeZone: json.timeZone } : { importId };
  } catch {
    return { importId: cell };
  }
}

/** Empty names become column<i>, repeats get _1, _2 (as DuckDB names a plain CSV's header). */
function uniqueNames(raw: (string | null)[]): string[] {
  const seen = new Set<string>();
  return raw.map((name, i) => {
    const base = name === null || name.trim() === '' ? `column${i}` : name;
    let candidate = base;
    for (let n = 1; seen.has(candidate.toLowerCase()); n++) candidate = `${base}_${n}`;
    seen.add(candidate.toLowerCase());
    return candidate;
  });
}

/**
 * Header names given more than once, keyed by the name the first one keeps
 * (the others become `_1`, `_2`: uniqueNames); undefined when none is.
 *
 *   ts,amount,Amount -> { amount: [2, 3] }
 */
function repeatedNames(raw: (string | null)[], names: string[]): Record<string, number[]> | undefined {
  const positions = new Map<string, number[]>();
  raw.forEach((name, i) => {
    if (name === null || name.trim() === '') return;
    const key = name.toLowerCase();
    positions.set(key, [...(positions.get(key) ?? []), i + 1]);
  });
  const out: Record<string, number[]> = {};
  for (const at of positions.values()) if (at.length > 1) out[names[at[0]! - 1]!] = at;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A file DuckDB cannot read at all (not CSV, unreadable) is invalid input, named. */
async function readOrFail<T>(
  fn: () => Promise<T>,
  path: string,
  format: SourceFormat,
  database: string,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw await unreadable(error, path, format, database);
  }
}

/**
 * See read-errors.ts: a full disk is exit 2; the file's content is never
 * echoed. A CSV DuckDB cannot make out may mix line endings
 * (line-endings.ts): then the line where the ending changes is named.
 */
export async function unreadable(
  error: unknown,
  path: string,
  format: SourceFormat,
  database?: string,
): Promise<InvalidInputError | DiskFullError> {
  const message = error instanceof Error ? error.message : String(error);
  if (
    format !== 'parquet' &&
    /Error when sniffing file|state machine reached an invalid state/i.test(message)
  ) {
    const mixed = await mixedLineEnding(path);
    if (mixed !== undefined)
      return new InvalidInputError(
        `${path}:${mixed.line}: ${describeMixedEnding(mixed)}`,
        [],
        `give every line the same ending, e.g. dos2unix ${basename(path)} (or unix2dos)`,
      );
  }
  return readError(error, path, format, database);
}
