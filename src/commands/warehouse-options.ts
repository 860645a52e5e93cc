/**
 * `--memory-limit`, `--threads` and `--temp-dir` over the config's
 * `warehouse: {memory_limit, threads, temp_dir}`: checked before any work
 * (a bad flag is a usage error, exit 2; a config value that cannot be used is
 * exit 1 at its file:line:col), the spill folder made, and the options that
 * open the warehouse with them. With --verbose, one line says what DuckDB
 * got: "warehouse: memory limit 2.0 GB (DuckDB: 1.3 GiB) of 25.3 GB (--memory-limit), 2 threads, spill to /tmp/x".
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadProject } from '../definitions/load-definitions.js';
import type { Project, WarehouseSettings } from '../definitions/model.js';
import { MAX_THREADS, formatSize, parseMemoryLimit } from '../definitions/sizes.js';
import { parseYaml } from '../definitions/yaml-source.js';
import { EXIT_FAILURE, InvalidInputError, UserError, type SourceLocation } from '../errors.js';
import { verbosity } from '../output/verbosity.js';
import { availableMemory, defaultMemoryLimit, readMachineMemory } from '../warehouse/machine-memory.js';
import type { OpenOptions, Resources } from '../warehouse/session.js';
import { checkWarehouseLocation } from '../warehouse/warehouse-location.js';
import { prepareTempDir } from '../warehouse/temp-dir.js';

export interface WarehouseFlags {
  memoryLimit?: string;
  threads?: string;
  tempDir?: string;
}

function memoryFlag(text: string): number {
  const size = parseMemoryLimit(text);
  if (!size.ok) throw new UserError(`--memory-limit: ${size.message}`, EXIT_FAILURE, size.hint);
  return size.bytes;
}

function threadsFlag(text: string): number {
  const threads = /^\s*[0-9]+\s*$/.test(text) ? Number(text) : NaN;
  if (threads >= 1 && threads <= MAX_THREADS) return threads;
  throw new UserError(
    `--threads "${text}" is not a number of threads (a whole number from 1 to ${MAX_THREADS})`,
    EXIT_FAILURE,
    'e.g. --threads 2; fewer threads use less memory, more finish sooner',
  );
}

/** Where `warehouse: {temp_dir}` is written, found again only when it failed. */
function tempDirLocation(configPath: string): SourceLocation | undefined {
  try {
    return parseYaml(readFileSync(configPath, 'utf8'), configPath).locate(['warehouse', 'temp_dir']);
  } catch {
    return undefined;
  }
}

function checkTempDir(dir: string, flag: boolean, configPath: string | undefined): void {
  const reason = prepareTempDir(dir);
  if (reason === undefined) return;
  const hint = 'name a folder you can write to (it is made when missing)';
  if (flag || configPath === undefined) {
    throw new UserError(`cannot spill to --temp-dir ${dir}: ${reason}`, EXIT_FAILURE, `${hint}`);
  }
  const location = tempDirLocation(configPath);
  throw new InvalidInputError(
    `${configPath}: warehouse temp_dir cannot be used`,
    [
      {
        severity: 'error',
        code: 'bad-temp-dir',
        message: `cannot spill to temp_dir ${dir}: ${reason}`,
        hint: `${hint}, or pass --temp-dir`,
        ...(location ? { location } : {}),
      },
    ],
    `fix temp_dir under warehouse: in ${configPath}`,
  );
}

/** The config's settings with the flags over them; exits on a bad one before any work. */
export function warehouseSettings(flags: WarehouseFlags, project?: Project): WarehouseSettings {
  const config = project?.warehouseSettings ?? {};
  const memoryLimit = flags.memoryLimit !== undefined ? memoryFlag(flags.memoryLimit) : config.memoryLimit;
  const threads = flags.threads !== undefined ? threadsFlag(flags.threads) : config.threads;
  const tempDir = flags.tempDir !== undefined ? resolve(flags.tempDir) : config.tempDir;
  if (tempDir !== undefined) checkTempDir(tempDir, flags.tempDir !== undefined, project?.configPath);
  return {
    ...(memoryLimit !== undefined ? { memoryLimit } : {}),
    ...(threads !== undefined ? { threads } : {}),
    ...(tempDir !== undefined ? { tempDir } : {}),
  };
}

/** The project with the flags applied, for code that opens its own warehouses (`milestones test`). */
export function withWarehouseFlags(project: Project, flags: WarehouseFlags): Project {
  return { ...project, warehouseSettings: warehouseSettings(flags, project) };
}

type Origin = 'flag' | 'config' | 'default';

/**
 * "memory limit 2.0 GB (DuckDB: 1.3 GiB) of 25.3 GB (--memory-limit), 2 threads, spill to /tmp/x":
 * the budget as given, then DuckDB's share of it as DuckDB reads it back (binary units, cut to 0.1).
 */
export function resourcesLine(
  resources: Resources,
  memory: { limit: number; machine: number },
  origin: Origin,
): string {
  const from = { flag: '--memory-limit', config: 'warehouse: memory_limit', default: 'default' }[origin];
  const threads = `${resources.threads} thread${resources.threads === 1 ? '' : 's'}`;
  const spill =
    resources.tempDirectory === '' ? 'no spilling' : `spill to ${resolve(resources.tempDirectory)}`;
  const limit = `${formatSize(memory.limit)} (DuckDB: ${resources.memoryLimit})`;
  return `memory limit ${limit} of ${formatSize(memory.machine)} (${from}), ${threads}, ${spill}`;
}

/** withWarehouse's options: the settings, and under --verbose the line on what DuckDB got. */
export function openOptions(flags: WarehouseFlags, project?: Project, base: OpenOptions = {}): OpenOptions {
  const settings = warehouseSettings(flags, project);
  const origin: Origin =
    flags.memoryLimit !== undefined
      ? 'flag'
      : project?.warehouseSettings?.memoryLimit !== undefined
        ? 'config'
        : 'default';
  const onOpen = async (warehouse: { resources(): Promise<Resources> }) => {
    const machine = readMachineMemory();
    const memory = {
      limit: settings.memoryLimit ?? defaultMemoryLimit(machine),
      machine: availableMemory(machine),
    };
    process.stderr.write(`warehouse: ${resourcesLine(await warehouse.resources(), memory, origin)}\n`);
  };
  return { ...base, settings, ...(verbosity() === 'verbose' ? { onOpen } : {}) };
}

/** What names a command's warehouse: `--db`, and the flags over the config's settings. */
type WarehouseChoice = WarehouseFlags & { db?: string };

/** The warehouse a command opens: `--db`, else the config's, with the flags over the config's settings. */
export function warehouseTarget(
  options: WarehouseChoice,
  project: Project,
  base: OpenOptions = {},
): { path: string } & OpenOptions {
  return { path: options.db ?? project.warehouse, ...openOptions(options, project, base) };
}

/**
 * The stored warehouse a reading command (`export`, `feed`) opens read-only:
 * `--db` as given, else the config's, read only then (so only then do its
 * settings apply). No file there is exit 2 with a hint; `:memory:` is
 * refused too unless `memory` (export's tests read a fresh one).
 */
export function storedWarehouse(
  options: WarehouseChoice & { config?: string },
  memory = false,
): { path: string } & OpenOptions {
  const project =
    options.db === undefined ? loadProject(resolve(options.config ?? 'milestones.yaml')) : undefined;
  const path = options.db ?? project!.warehouse;
  checkWarehouseLocation(path); // A remote or non-DuckDB path is refused as such, not as missing.
  if (path === ':memory:' ? !memory : !existsSync(path)) {
    throw new UserError(
      `no warehouse at ${path}`,
      EXIT_FAILURE,
      'run milestones compute first, or pass --db FILE',
    );
  }
  return { path, ...openOptions(options, project, { readOnly: true }) };
}
