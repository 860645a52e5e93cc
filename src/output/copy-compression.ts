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

/** Parquet compresses inside the file: a `.gz` or `.zst` name would say otherwise than it holds. */
export function checkCompressible(path: string, format: string): void {
  if (format !== 'parquet' || !COMPRESSED.test(path)) return;
  throw new UserError(
    `Parquet is compressed inside the file, not as ${extname(path)}: ${path}`,
    EXIT_FAILURE,
    'name the output .parquet',
  );
}
