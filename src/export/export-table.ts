/**
 * Exports a warehouse table with DuckDB's own writers (COPY), never by
 * pulling rows into JavaScript: the file is written to a temp name beside the
 * target and renamed, so a reader or an interrupted run never sees half a
 * file. Rows are sorted by every column so that the same input gives
 * byte-identical output.
 */
import { createReadStream, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { exportSelect, type ExportFormat } from '../compiler/export-select.js';
import { str } from '../compiler/quote.js';
import { EXIT_FAILURE, UserError } from '../errors.js';
import { replaceFileAtomic, tempPathFor } from '../output/atomic-write.js';
import { copyCompression } from '../output/copy-compression.js';
import { closest } from '../definitions/suggest.js';
import type { Warehouse } from '../warehouse/session.js';

export type { ExportFormat } from '../compiler/export-select.js';

const COPY_OPTIONS: Record<ExportFormat, string> = {
  csv: 'FORMAT csv, HEADER true',
  parquet: 'FORMAT parquet',
  // One JSON array, like `--format json` elsewhere (DuckDB's default is one object per line).
  json: 'FORMAT json, ARRAY true',
};

/** The user tables of the warehouse (internal ones start with an underscore). */
export async function exportableTables(warehouse: Warehouse): Promise<string[]> {
  const rows = await warehouse.all<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY 1",
  );
  return rows.map((r) => r.name);
}

async function requireTable(warehouse: Warehouse, table: string): Promise<void> {
  const tables = await exportableTables(warehouse);
  if (tables.includes(table)) return;
  const near = closest(table, tables);
  throw new UserError(
    `no table "${table}" in the warehouse`,
    EXIT_FAILURE,
    near
      ? `did you mean "${near}"?`
      : tables.length > 0
        ? `tables: ${tables.join(', ')}`
        : 'run milestones compute first',
  );
}

/** Instants leave as ISO text with Z (CSV, JSON) or TIMESTAMPTZ (Parquet): compiler/export-select.ts. */
async function copySql(
  warehouse: Warehouse,
  table: string,
  path: string,
  format: ExportFormat,
  target = path,
): Promise<string> {
  const select = exportSelect(table, await warehouse.columns(table), format);
  return `COPY (${select}) TO ${str(path)} (${COPY_OPTIONS[format]}${copyCompression(target, format)})`;
}

/** Writes the table to `target` atomically. */
export async function exportToFile(
  warehouse: Warehouse,
  table: string,
  target: string,
  format: ExportFormat,
): Promise<void> {
  await requireTable(warehouse, table);
  await replaceFileAtomic(target, async (temp) =>
    warehouse.run(await copySql(warehouse, table, temp, format, target)),
  );
}

/** Streams the table to `out` (through a temp file: COPY cannot write to a Node stream). */
export async function exportToStream(
  warehouse: Warehouse,
  table: string,
  format: ExportFormat,
  out: NodeJS.WritableStream,
): Promise<void> {
  await requireTable(warehouse, table);
  const temp = tempPathFor(join(tmpdir(), `milestones-export.${format}`));
  try {
    await warehouse.run(await copySql(warehouse, table, temp, format));
    await pipeline(createReadStream(temp), out, { end: false });
  } finally {
    rmSync(temp, { force: true });
  }
}
