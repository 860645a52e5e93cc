/**
 * DuckDB's reader rejects, said in terms of the file. A row with more fields
 * than the header also fails the casts of its shifted values, and DuckDB
 * lists each error of a line; the report shows one per line, so the shape
 * errors (field count, encoding) go first and are reworded:
 *
 *   Could not convert string "[1" to 'JSON'   ->  the row has 5 columns where the header has 4
 *   Invalid unicode (byte sequence mismatch)  ->  the line is not UTF-8 encoded (convert the file with iconv)
 */
import type { RejectedRow } from './rejects.js';

/** SQL ORDER BY key over a rejects table: shape errors of a line before its cast errors. */
export const READER_ERROR_ORDER = `CASE "error_type" WHEN 'TOO MANY COLUMNS' THEN 0 WHEN 'MISSING COLUMNS' THEN 0 WHEN 'INVALID ENCODING' THEN 0 ELSE 1 END`;

export interface CsvDialect {
  /** Fields in the header. */
  width: number;
  delimiter: string;
  quote: string;
  escape: string;
}

export function explainReaderReject(row: RejectedRow, dialect: CsvDialect): RejectedRow {
  if (row.kind === 'TOO MANY COLUMNS' || row.kind === 'MISSING COLUMNS') {
    const found = row.text !== undefined ? countFields(row.text, dialect) : foundInMessage(row.reason);
    if (found === undefined) return row;
    const plural = (n: number) => `${n} column${n === 1 ? '' : 's'}`;
    return { ...row, reason: `the row has ${plural(found)} where the header has ${dialect.width}` };
  }
  if (row.kind === 'INVALID ENCODING') {
    const { text: _garbled, ...rest } = row;
    return {
      ...rest,
      reason: 'the line is not UTF-8 encoded: convert the file to UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)',
    };
  }
  return row;
}

function foundInMessage(message: string): number | undefined {
  const found = /Found: (\d+)/.exec(message)?.[1];
  return found === undefined ? undefined : Number(found);
}

/** Fields of one CSV record: delimiters outside quotes, plus one. */
export function countFields(line: string, dialect: Omit<CsvDialect, 'width'>): number {
  const { delimiter, quote, escape } = dialect;
  let fields = 1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (quoted) {
      if (line.startsWith(escape, i) && escape !== quote && line.startsWith(quote, i + escape.length)) {
        i += escape.length + quote.length - 1;
      } else if (line.startsWith(quote, i)) {
        // A doubled quote (escape = quote) closes and reopens: the count is the same.
        quoted = false;
        i += quote.length - 1;
      }
    } else if (line.startsWith(quote, i)) {
      quoted = true;
      i += quote.length - 1;
    } else if (line.startsWith(delimiter, i)) {
      fields++;
      i += delimiter.length - 1;
    }
  }
  return fields;
}
