/**
 * `milestones export TABLE [-o FILE] [--format csv|parquet|json]`: a result
 * table (or any warehouse table) to a file written atomically, or to stdout.
 * The format comes from --format, else from the file's extension, else CSV.
 */
import { resolve } from 'node:path';
import { EXIT_FAILURE, EXIT_OK, UserError } from '../errors.js';
import { checkCompressible, formatExtension } from '../output/copy-compression.js';
import { checkNotConfig, checkNotWarehouse, checkOutputPath } from '../output/write-errors.js';
import { exportToFile, exportToStream, type ExportFormat } from '../export/export-table.js';
import { withWarehouse } from '../warehouse/session.js';
import { storedWarehouse, type WarehouseFlags } from './warehouse-options.js';

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
    const extension = formatExtension(options.output);
    // Not CSV under a JSON lines name (found by review): export writes one JSON array.
    if (extension === '.jsonl' || extension === '.ndjson') {
      throw new UserError(
        `export writes CSV, Parquet or one JSON array, not JSON lines: ${options.output}`,
        EXIT_FAILURE,
        'name the output .json (or pass --format json); `milestones feed` writes JSON lines',
      );
    }
    const byExtension = BY_EXTENSION[extension];
    if (byExtension) return byExtension;
  }
  return 'csv';
}

export async function run(options: ExportOptions): Promise<number> {
  const table = String(options.table ?? '');
  const format = chooseFormat(options);
  if (format === 'parquet' && options.output === undefined) {
    throw new UserError('parquet is written to a file, not to stdout', EXIT_FAILURE, 'add -o FILE.parquet');
  }
  // Checked before the warehouse is opened: a bad -o changes nothing and says so at once.
  if (options.output !== undefined) {
    checkOutputPath(options.output);
    checkCompressible(options.output, format);
  }
  const database = storedWarehouse(options, true);
  if (options.output !== undefined) {
    checkNotWarehouse(options.output, database.path);
    checkNotConfig(options.output, options.config);
  }
  await withWarehouse(database, async (warehouse) => {
    if (options.output === undefined) await exportToStream(warehouse, table, format, process.stdout);
    else await exportToFile(warehouse, table, resolve(options.output), format);
  });
  if (options.output !== undefined) process.stderr.write(`wrote ${table} to ${options.output} (${format})\n`);
  return EXIT_OK;
}
