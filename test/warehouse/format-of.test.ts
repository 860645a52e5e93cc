/** formatOf: which reader a source's file gets (warehouse/source-files.ts). */
import { expect, it } from 'vitest';
import { formatOf } from '../../src/warehouse/source-files.js';

it('follows a declared parquet format for files without .parquet, and names win where they are clear', () => {
  // Spark's part files and .pq files of a `format: parquet` source are Parquet (they were read as CSV).
  expect(formatOf('/out/part-00000', 'parquet')).toBe('parquet');
  expect(formatOf('/out/events.pq', 'parquet')).toBe('parquet');
  // A .parquet file is Parquet in any source; a CSV-named file is CSV.
  expect(formatOf('/x/events.PARQUET', 'csv')).toBe('parquet');
  expect(formatOf('/x/extra.csv.gz', 'parquet')).toBe('csv');
  expect(formatOf('/x/events.csv', 'qualtrics')).toBe('qualtrics');
});
