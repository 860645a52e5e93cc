/**
 * How many empty lines a CSV has before its header. DuckDB's data read
 * (`header = true`, fixed dialect) takes a leading empty line as the header
 * and then reads the real header as a data row (an accounts file loaded its
 * header as an account named "id"; found by review), while its header-less
 * reads (the header's and the sniffer's) skip empty lines. The loader passes
 * this count as `skip` to the data read, so that it starts at the header;
 * DuckDB's line numbers stay the file's (checked).
 *
 * Only the first 64 KiB of the content are looked at (decompressed for
 * `.gz`); a `.zst` file is not looked at (Node 20 has no zstd decoder: empty
 * lines before its header still load the header as a row; README). A
 * line of spaces is not empty: DuckDB reads it as a record (a header of one
 * blank name, which the column checks then report). A file of empty lines
 * alone counts 0 (it is reported as having no header).
 *
 *   "\n\r\nid,name\n..."  -> 2
 *   "id,name\n..."        -> 0
 */
import { open } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import { fileCompression } from './read-sql.js';

const PEEK_BYTES = 64 * 1024;

/** The file's first bytes, decompressed for `.gz`; undefined when they cannot be looked at. */
async function firstBytes(path: string): Promise<Buffer | undefined> {
  if (fileCompression(path) === 'zstd') return undefined;
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(PEEK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, PEEK_BYTES, 0);
    const head = buffer.subarray(0, bytesRead);
    if (fileCompression(path) !== 'gzip') return head;
    // A prefix of a gzip stream: Z_SYNC_FLUSH returns what it holds instead of failing at its end.
    return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    // Not gzip after all, or unreadable: the reader's own error says so.
    return undefined;
  } finally {
    await handle.close();
  }
}

export function countLeadingBlankLines(text: string): number {
  // Any line ending DuckDB reads: \r\n, \n, or \r alone (old Mac exports; found by review).
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const isBlank = (line: string) => line === '';
  let blank = 0;
  while (blank < lines.length - 1 && isBlank(lines[blank]!)) blank++;
  // The line reached is the header (maybe cut off by the window), unless nothing but blanks was seen.
  return isBlank(lines[blank]!) ? 0 : blank;
}

export async function leadingBlankLines(path: string): Promise<number> {
  const bytes = await firstBytes(path);
  return bytes === undefined ? 0 : countLeadingBlankLines(bytes.toString('utf8'));
}
