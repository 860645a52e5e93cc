/**
 * DuckDB's errors while reading a source file, as messages about the file.
 * Its CSV errors quote "Original Line: ..." (often the line before the one at
 * fault); that text is the file's content, and any readable file can be named
 * as a source, so it is never echoed: only the line number is kept.
 *
 *   CSV Error on Line: 5 Original Line: ... Invalid unicode ... not utf-8 encoded
 *   ->  events.csv:5: the file is not UTF-8 encoded     hint: convert it: iconv -f LATIN1 -t UTF-8 ...
 *   IO Error: Could not write file "w.duckdb": No space left on device  ->  the disk is full (exit 2)
 */
import { basename } from 'node:path';
import type { SourceFormat } from '../definitions/model.js';
import { InvalidInputError, type UserError } from '../errors.js';
import { DiskFullError, isDiskFull } from './disk-full.js';
import { outOfMemoryError } from './memory-errors.js';

export function readError(error: unknown, path: string, format: SourceFormat, database?: string): UserError {
  if (isDiskFull(error)) return new DiskFullError(database ?? 'file');
  // Not the file's fault: the memory limit's (exit 2, not 1).
  const memory = outOfMemoryError(error);
  if (memory) return memory;
  const message = error instanceof Error ? error.message : String(error);
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  if (/not utf-8 encoded|Invalid unicode/i.test(message)) return notUtf8(path, line);
  const longLine = /Maximum line size of (\d+) bytes exceeded/i.exec(message)?.[1];
  if (longLine !== undefined) return tooLongLine(path, Number(longLine));
  const detail = firstLines(withoutContent(message), 3);
  const hint =
    format === 'parquet'
      ? 'check that the file is a Parquet file'
      : 'check that the file is CSV; set `delimiter:` if it is not detected';
  return new InvalidInputError(`cannot read ${path}${line ? `:${line}` : ''}: ${detail}`, [], hint);
}

export function notUtf8(path: string, line: string | number | undefined): InvalidInputError {
  const name = basename(path);
  return new InvalidInputError(
    `${path}${line !== undefined ? `:${line}` : ''}: the file is not UTF-8 encoded`,
    [],
    `convert it to UTF-8 first, e.g. iconv -f LATIN1 -t UTF-8 ${name} > utf8-${name} (use the encoding it was saved in)`,
  );
}

/**
 * A line longer than DuckDB's CSV reader takes, met while reading the
 * header: DuckDB names line 1 whichever line it is, so no line is given (the
 * data read rejects such a line alone, with its line; README). Raising the
 * reader's limit was measured and dropped: 100 MB lines make it read 100 MB
 * buffers (a 388 MB file's header read 0.2 s -> 1.3 s), and a retry cannot
 * run in the load's transaction, which the failure aborts.
 */
function tooLongLine(path: string, bytes: number): InvalidInputError {
  return new InvalidInputError(
    `cannot read ${path}: a line near the start is longer than ${bytes.toLocaleString('en-US')} bytes, the most DuckDB's CSV reader takes`,
    [],
    'shorten the long field, or leave its column out of the export',
  );
}

/** DuckDB's message without the file content it quotes. */
function withoutContent(message: string): string {
  return message.replace(/Original Line:.*?(?=\n|$)/g, '').replace(/\s+\n/g, '\n');
}

export function firstLines(text: string, n: number): string {
  return text.split('\n').slice(0, n).join(' ').replace(/\s+/g, ' ').trim();
}
