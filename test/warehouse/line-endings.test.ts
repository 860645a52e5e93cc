/**
 * A CSV mixing line endings (a Unix and a Windows export joined) failed the
 * whole file with DuckDB's "Error when sniffing file", no line, and a hint
 * about `delimiter:` (found by review): the load now names the line where
 * the ending changes. A line longer than DuckDB's reader takes, near the
 * start, failed it naming line 1 and hinting at `delimiter:`.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { LineEndingScanner, mixedLineEnding } from '../../src/warehouse/line-endings.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { count, eventSource, memoryWarehouse, project, tempDir, writeFiles } from './helpers.js';

const HEADER = 'ts,account_id,event\n';
const row = (k: number) => `2026-01-05 09:00:00,a${k},signup`;

function scan(...chunks: string[]) {
  const scanner = new LineEndingScanner();
  for (const chunk of chunks) scanner.push(Buffer.from(chunk));
  return scanner.finish();
}

describe('mixed line endings', () => {
  it('finds the first line whose ending differs from the first line’s', () => {
    // Lines 1-2 end with \n, line 3 with \r\n.
    expect(scan('h\n1\n2\r\n3\r\n')).toEqual({ line: 3, ending: 'CRLF', first: 'LF' });
    // One ending throughout, with or without a last line end: nothing.
    expect(scan('h\r\n1\r\n2')).toBeUndefined();
    expect(scan('h\n1\n')).toBeUndefined();
    // A lone \r (old Mac) after \r\n lines: line 2 ends with CR.
    expect(scan('h\r\n1\r2\r\n')).toEqual({ line: 2, ending: 'CR', first: 'CRLF' });
    // \r\n split across two chunks is one CRLF.
    expect(scan('h\r', '\n1\r', '\n')).toBeUndefined();
    // A \n inside a quoted field is no line end: the lines end with \r\n only.
    expect(scan('h\r\n"a\nb",1\r\n2\r\n')).toBeUndefined();
  });

  it('names the line in the load error, for a small file and past DuckDB’s sample, gzip too', async () => {
    // Small: the header read fails. Large: 30,000 \n rows first, so the sniffer's sample is
    // consistent and the data read fails past it. Either way line 4 / 30,002 is the first \r\n one.
    const small = HEADER + `${row(1)}\n${row(2)}\n${row(3)}\r\n${row(4)}\r\n`;
    const many = Array.from({ length: 30_000 }, (_, k) => `${row(k)}\n`).join('');
    const large = HEADER + many + `${row(1)}\r\n${row(2)}\r\n`;
    const dir = writeFiles(tempDir(), { 'small.csv': small, 'large.csv.gz': gzipSync(large) });
    for (const [file, line] of [
      ['small.csv', 4],
      ['large.csv.gz', 30_002],
    ] as const) {
      const warehouse = await memoryWarehouse();
      const error = await loadSources(warehouse, project(dir, { events: eventSource([file]) })).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toContain(
        `${file}:${line}: line ${line} ends with CRLF (\\r\\n), line 1 with LF (\\n)`,
      );
      expect((error as InvalidInputError).hint).toContain('dos2unix');
      // Nothing half-loaded.
      expect(await count(warehouse, 'events').catch(() => 0n)).toBe(0n);
      warehouse.close();
    }
    expect(await mixedLineEnding(`${dir}/small.csv`)).toEqual({ line: 4, ending: 'CRLF', first: 'LF' });
  });

  it('says a line near the start is too long, without naming a wrong line (found by review)', async () => {
    // Line 3 holds a 3,000,000-character field, over DuckDB's 2,000,000-byte line limit.
    const dir = writeFiles(tempDir(), {
      'long.csv':
        HEADER.replace('\n', ',note\n') + `${row(1)},x\n${row(2)},${'y'.repeat(3_000_000)}\n${row(3)},z\n`,
    });
    const warehouse = await memoryWarehouse();
    const error = await loadSources(warehouse, project(dir, { events: eventSource(['long.csv']) })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    // It had been "cannot read long.csv:1: ... Maximum line size", hint "set `delimiter:`".
    expect((error as Error).message).toMatch(
      /long\.csv: a line near the start is longer than 2,000,000 bytes/,
    );
    expect((error as InvalidInputError).hint).toContain('shorten the long field');
    warehouse.close();
  });
});
