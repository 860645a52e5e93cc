/**
 * The compression a COPY must be told of: a file is written under a temp name
 * and renamed (atomic-write.ts), and DuckDB picks a CSV's or JSON's
 * compression from the name it writes, so `-o out.csv.gz` had been plain CSV
 * under a gzip name (found by review). Parquet compresses inside the file.
 *
 *   copyCompression('out.csv.gz', 'csv') -> ', COMPRESSION gzip'
 *   copyCompression('out.csv', 'csv') -> ''
 */
export function copyCompression(target: string, format: string): string {
  if (format === 'parquet') return '';
  if (/\.gz$/i.test(target)) return ', COMPRESSION gzip';
  if (/\.zst$/i.test(target)) return ', COMPRESSION zstd';
  return '';
}
