/**
 * Creates every DuckDB instance the program opens (the warehouse session, the
 * catalog validate reads, the in-memory runs of `milestones test`), so that
 * one configuration holds everywhere: no extension is ever installed or
 * auto-loaded (the ones we use, json, parquet and icu, are built in), so
 * DuckDB never reaches the network. The warehouse path is checked first
 * (warehouse-location.ts).
 *
 * Not set, measured: `lock_configuration` (it forbids the `SET TimeZone` and
 * `SET preserve_insertion_order` the loaders and withTimeZone need) and
 * `enable_external_access = false` (it forbids reading the declared source
 * files and writing exports).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { WarehouseSettings } from '../definitions/model.js';
import { defaultMemoryLimit, duckdbMemoryLimit, readMachineMemory } from './machine-memory.js';
import { openError } from './open-errors.js';
import { checkWarehouseLocation } from './warehouse-location.js';

export const NO_NETWORK_CONFIG: Readonly<Record<string, string>> = {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  allow_community_extensions: 'false',
  allow_unsigned_extensions: 'false',
};

export interface InstanceOptions {
  readOnly?: boolean;
  /** Memory limit, threads, spill folder; unset: machine-memory.ts's limit and DuckDB's defaults. */
  settings?: WarehouseSettings;
}

/** DuckDB's memory_limit in bytes: its share of the process's budget (given, or the default). */
export function duckdbMemoryBytes(settings: WarehouseSettings = {}): number {
  return duckdbMemoryLimit(settings.memoryLimit ?? defaultMemoryLimit(readMachineMemory()));
}

/**
 * DuckDB's resource settings, given when the instance is created so that they
 * hold from its first allocation. The memory limit is always set, to DuckDB's
 * share of the process's budget (machine-memory.ts): DuckDB's own default
 * (80% of the RAM) leaves no room for Node, nor for a container.
 * The temp folder is made beforehand (temp-dir.ts).
 */
export function resourceConfig(settings: WarehouseSettings = {}): Record<string, string> {
  return {
    memory_limit: `${duckdbMemoryBytes(settings)}B`,
    ...(settings.threads !== undefined ? { threads: String(settings.threads) } : {}),
    ...(settings.tempDir !== undefined ? { temp_directory: settings.tempDir } : {}),
  };
}

export async function createInstance(path: string, options: InstanceOptions = {}): Promise<DuckDBInstance> {
  checkWarehouseLocation(path);
  const config: Record<string, string> = { ...NO_NETWORK_CONFIG, ...resourceConfig(options.settings) };
  if (options.readOnly) config.access_mode = 'READ_ONLY';
  try {
    return await DuckDBInstance.create(path, config);
  } catch (error) {
    throw openError(path, error);
  }
}
