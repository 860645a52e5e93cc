/**
 * The DuckDB reader calls, as SQL text. Every column type is passed
 * explicitly, so nothing depends on what the sniffer guesses from a sample:
 *
 *   csvReadSql('/d/events.csv', {columns: [['occurred_at', 'VARCHAR'], ['amount', 'DOUBLE']],
 *                                rejects: {table: '_rejects_7', scan: '_reject_scans_7'}})
 *   -> read_csv('/d/events.csv', header = true, columns = {'occurred_at': 'VARCHAR', 'amount': 'DOUBLE'},
 *               store_rejects = true, rejects_table = '_rejects_7', rejects_scan = '_reject_scans_7')
 *
 * Compression is named from the extension in any case (csvCompression):
 * DuckDB's own detection took `.gz` only in lower case, and read an
 * `EVENTS.CSV.GZ` as text ("not UTF-8 encoded"; found by review).
 *
 * Reads for data (`columns` given) fix the dialect instead of sniffing it:
 * RFC 4180 quoting (`"`, doubled to escape) unless the source says otherwise.
 * A sniffer that meets an unterminated quote settles on "no quoting" and reads
 * the broken line as data; with the dialect fixed, DuckDB rejects it with its
 * line number.
 */
import { fileLiteral, ident, str } from '../compiler/quote.js';

export interface CsvReadOptions {
  /** The first record holds column names (false for Qualtrics, whose names we pass). */
  header: boolean;
  /** Records to skip before the data (Qualtrics: 3). */
  skip?: number;
  /** Column names and types, in file order. */
  columns?: [string, string][];
  allVarchar?: boolean;
  /** Pad short records with NULLs (used when reading header rows). */
  nullPadding?: boolean;
  delimiter?: string;
  /** Header reads of Qualtrics exports: fixed dialect (the sniffer trips on the ImportId JSON row). */
  qualtrics?: boolean;
  /** Quote and escape characters for data reads; default `"` and `"`. */
  quote?: string;
  escape?: string;
  rejects?: { table: string; scan: string };
}

/**
 * A file is read for what it holds: a folder named like `part=5` (Hive and
 * Spark partitions) would otherwise add a column `part` to every read, a
 * number where the loader reads header names (`name.trim is not a function`,
 * an internal error found by a review) and an unasked property in the rows.
 */
const NO_HIVE_COLUMNS = 'hive_partitioning = false';

/**
 * The compression a file's extension names, in any case: `a.csv.GZ` and
 * `a.csv.gzip` -> 'gzip', `a.csv.zst` -> 'zstd', else undefined. The one
 * rule for the readers, the hash and the looks into a file's first bytes
 * (a `.gzip` file had been read as gzip but hashed as stored).
 */
export function fileCompression(path: string): 'gzip' | 'zstd' | undefined {
  if (/\.(gz|gzip)$/i.test(path)) return 'gzip';
  if (/\.(zst|zstd)$/i.test(path)) return 'zstd';
  return undefined;
}

/** The `compression =` argument, as a list to spread into a reader's: [] for an uncompressed name. */
export function csvCompression(path: string): string[] {
  const compression = fileCompression(path);
  return compression === undefined ? [] : [`compression = '${compression}'`];
}

export function csvReadSql(path: string, options: CsvReadOptions): string {
  const args = [fileLiteral(path), `header = ${options.header}`, NO_HIVE_COLUMNS, ...csvCompression(path)];
  if (options.skip) args.push(`skip = ${options.skip}`);
  if (options.delimiter !== undefined) args.push(`delim = ${str(options.delimiter)}`);
  const fixedDialect = options.qualtrics === true || options.columns !== undefined;
  if (fixedDialect) {
    if (options.delimiter === undefined) args.push(`delim = ','`);
    args.push(`quote = ${str(options.quote ?? '"')}`, `escape = ${str(options.escape ?? '"')}`);
  }
  if (options.columns !== undefined) args.push('auto_detect = false');
  if (options.allVarchar) args.push('all_varchar = true');
  // DuckDB's parallel reader refuses padding with a quoted line break ("parallel scanner does not
  // support null_padding in conjunction with quoted new lines"): a note field over two lines
  // failed the header read of the whole file (found by review). Padded reads are header reads of
  // a few records: one thread costs nothing there.
  if (options.nullPadding) args.push('null_padding = true', 'parallel = false');
  if (options.columns) {
    const struct = options.columns.map(([name, type]) => `${str(name)}: ${str(type)}`).join(', ');
    args.push(`columns = {${struct}}`);
  }
  if (options.rejects) {
    args.push(
      'store_rejects = true',
      `rejects_table = ${str(options.rejects.table)}`,
      `rejects_scan = ${str(options.rejects.scan)}`,
    );
  }
  return `read_csv(${args.join(', ')})`;
}

/**
 * `file_row_number` (0-based) lets rejected Parquet rows be named.
 * `utcColumns` (INT96 timestamps, file-shape.ts) are read as the UTC
 * instants they are, not as naive times in the config's zone.
 */
export function parquetReadSql(path: string, rowNumbers = false, utcColumns: readonly string[] = []): string {
  const read = rowNumbers
    ? `read_parquet(${fileLiteral(path)}, file_row_number = true, ${NO_HIVE_COLUMNS})`
    : `read_parquet(${fileLiteral(path)}, ${NO_HIVE_COLUMNS})`;
  if (utcColumns.length === 0) return read;
  const instants = utcColumns.map((c) => `timezone('UTC', ${ident(c)}) AS ${ident(c)}`);
  return `(SELECT * REPLACE (${instants.join(', ')}) FROM ${read})`;
}
