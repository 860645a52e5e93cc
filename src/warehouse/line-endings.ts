/**
 * Mixed line endings in a CSV: a Unix export and a Windows export joined
 * into one file (`\n` lines, then `\r\n` lines). DuckDB's reader settles on
 * one ending and fails the whole file, without a line ("Error when sniffing
 * file", or "The CSV Parser state machine reached an invalid state" past its
 * sample; found by review). Its strict_mode = false would read such a file,
 * but it also reads a row with a field too many by dropping the field, so the
 * loader keeps strict mode and, when a read fails that way, looks for the
 * first line whose ending differs from the first line's, to name it.
 *
 * Only done after such a failure: it reads the whole file once (decompressed
 * for `.gz`; a `.zst` file is not looked at, Node 20 has no zstd decoder).
 * Line breaks inside quoted fields are not line ends (RFC 4180 quoting).
 *
 *   "ts,a\n1,x\r\n2,y\r\n"  -> { line: 2, ending: 'CRLF', first: 'LF' }
 *   "ts,a\r\n1,x\r\n"       -> undefined
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { fileCompression } from './read-sql.js';

export type LineEnding = 'LF' | 'CRLF' | 'CR';

export interface MixedEnding {
  /** 1-based line whose ending differs from the first line's. */
  line: number;
  ending: LineEnding;
  first: LineEnding;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Scans bytes for line ends outside quotes, across chunks; stops at the first ending unlike the first. */
export class LineEndingScanner {
  private quoted = false;
  private pendingCr = false;
  private line = 1;
  private first: LineEnding | undefined;
  found: MixedEnding | undefined;

  push(chunk: Buffer): void {
    for (let i = 0; i < chunk.length && this.found === undefined; i++) {
      const byte = chunk[i]!;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (byte === LF) {
          this.end('CRLF');
          continue;
        }
        this.end('CR');
        if (this.found !== undefined) return;
      }
      if (byte === QUOTE) this.quoted = !this.quoted;
      else if (this.quoted) continue;
      else if (byte === CR) this.pendingCr = true;
      else if (byte === LF) this.end('LF');
    }
  }

  /** The file's end: a trailing lone CR is a line end too. */
  finish(): MixedEnding | undefined {
    if (this.pendingCr && this.found === undefined) this.end('CR');
    this.pendingCr = false;
    return this.found;
  }

  private end(ending: LineEnding): void {
    this.first ??= ending;
    if (ending !== this.first) this.found = { line: this.line, ending, first: this.first };
    this.line++;
  }
}

/** The first line of the file whose ending differs from the first line's; undefined when none does. */
export async function mixedLineEnding(path: string): Promise<MixedEnding | undefined> {
  if (fileCompression(path) === 'zstd') return undefined;
  const scanner = new LineEndingScanner();
  const raw = createReadStream(path);
  const stream = fileCompression(path) === 'gzip' ? raw.pipe(createGunzip()) : raw;
  try {
    for await (const chunk of stream) {
      scanner.push(chunk as Buffer);
      if (scanner.found !== undefined) break;
    }
  } catch {
    // Unreadable or not gzip after all: the reader's own error stands.
    return undefined;
  } finally {
    raw.destroy();
  }
  return scanner.finish();
}

const SHOWN: Record<LineEnding, string> = { LF: 'LF (\\n)', CRLF: 'CRLF (\\r\\n)', CR: 'CR (\\r)' };

/** `events.csv:3: line 3 ends with CRLF (\r\n), line 1 with LF (\n): ...` */
export function describeMixedEnding(mixed: MixedEnding): string {
  return (
    `line ${mixed.line} ends with ${SHOWN[mixed.ending]}, line 1 with ${SHOWN[mixed.first]}: ` +
    'the file mixes line endings (two exports joined?)'
  );
}
