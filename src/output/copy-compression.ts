/**
 * Compressed outputs. A file is written under a temp name and renamed
 * (atomic-write.ts), and DuckDB picks a CSV's or JSON's compression from the
 * name it writes, so the COPY is told (`-o out.csv.gz` had been plain CSV
 * under a gzip name; found by review). The format is read from the name
 * without the compression (`b.jsonl.gz` is JSON lines, not CSV).
 *
 *   copyCompression('out.csv.gz', 'csv') -> ', COMPRESSION gzip'
 *   formatExtension('b.jsonl.gz') -> '.jsonl'
 */
import { extname } from 'node:path';
import { EXIT_FAILURE, UserError } from '../errors.js';

const COMPRESSED = /\.(gz|zst)$/i;

export function copyCompression(target: string, format: string): string {
  if (format === 'parquet') return '';
  if (/\.gz$/i.test(target)) return ', COMPRESSION gzip';
  if (/\.zst$/i.test(target)) return ', COMPRESSION zstd';
  return '';
}

/** The extension that names the format: `.csv` of `x.csv.gz`. */
export function formatExtension(path: string): string {
  return extname(path.replace(COMPRESSED, '')).toLowerCase();
}

/** Compressions DuckDB cannot write: a name ending so would hold plain text. */
const UNWRITTEN = /\.(bz2|xz|lz4|zip|br|z|7z|lzma|tgz)$/i;

/**
 * A name that says a compression the file would not have: `.bz2`, `.xz`,
 * `.zip`... (DuckDB writes gzip and zstd only; `-o x.csv.bz2` had been
 * plain CSV, exit 0; found by review), and for Parquet, which compresses
 * inside the file, `.gz` or `.zst` too.
 */
export function checkCompressible(path: string, format: string): void {
  if (UNWRITTEN.test(path)) {
    throw new UserError(
      `cannot write ${extname(path)} compression: ${path}`,
      EXIT_FAILURE,
      'name the output .gz or .zst to compress it (or leave the compression off)',
    );
  }
  if (format !== 'parquet' || !COMPRESSED.test(path)) return;
  throw new UserError(
    `Parquet is compressed inside the file, not as ${extname(path)}: ${path}`,
    EXIT_FAILURE,
    'name the output .parquet',
  );
}
