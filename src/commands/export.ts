/**
 * `milestones export TABLE [-o FILE] [--format csv|parquet|json]`: a result
 * table (or any warehouse table) to a file written atomically, or to stdout.
 * The format comes from --format, else from the file's extension, else CSV.
 */
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { loadProject } from '../definitions/load-definitions.js';
import type { Project } from '../definitions/model.js';
import { EXIT_FAILURE, EXIT_OK, UserError } from '../errors.js';
import { checkOutputPath } from '../output/write-errors.js';
import { exportToFile, exportToStream, type ExportFormat } from '../export/export-table.js';
import { withWarehouse } from '../warehouse/session.js';
import { checkWarehouseLocation } from '../warehouse/warehouse-location.js';
import { openOptions, type WarehouseFlags } from './warehouse-options.js';

export interface ExportOptions extends WarehouseFlags {
  config?: string;
  db?: string;
  table?: string;
  output?: string;
  format?: string;
}

const BY_EXTENSION: Record<string, ExportFormat> = { '.csv': 'csv', '.parquet': 'parquet', '.json': 'json' };

function chooseFormat(options: ExportOptions): ExportFormat {
  if (options.format === 'csv' || options.format === 'parquet' || options.format === 'json')
    return options.format;
  if (options.output !== undefined) {
    const byExtension = BY_EXTENSION[extname(options.output).toLowerCase()];
    if (byExtension) return byExtension;
  }
  return 'csv';
}

/** The warehouse (--db, else the config's) and the project when the config was read. */
function warehousePath(options: ExportOptions): { path: string; project?: Project } {
  const project =
    options.db === undefined ? loadProject(resolve(options.config ?? 'milestones.yaml')) : undefined;
  const path = options.db ?? project!.warehouse;
  checkWarehouseLocation(path); // A remote or non-DuckDB path is refused as such, not as missing.
  if (path !== ':memory:' && !existsSync(path)) {
    throw new UserError(
      `no warehouse at ${path}`,
      EXIT_FAILURE,
      'run milestones compute first, or pass --db FILE',
    );
  }
  return { path, ...(project ? { project } : {}) };
}

export async function run(options: ExportOptions): Promise<number> {
  const table = String(options.table ?? '');
  const format = chooseFormat(options);
  if (format === 'parquet' && options.output === undefined) {
    throw new UserError('parquet is written to a file, not to stdout', EXIT_FAILURE, 'add -o FILE.parquet');
  }
  // Checked before the warehouse is opened: a bad -o changes nothing and says so at once.
  if (options.output !== undefined) checkOutputPath(options.output);
  const { path, project } = warehousePath(options);
  await withWarehouse(
    path,
    async (warehouse) => {
      if (options.output === undefined) await exportToStream(warehouse, table, format, process.stdout);
      else await exportToFile(warehouse, table, resolve(options.output), format);
    },
    openOptions(options, project, { readOnly: true }),
  );
  if (options.output !== undefined) process.stderr.write(`wrote ${table} to ${options.output} (${format})\n`);
  return EXIT_OK;
}
