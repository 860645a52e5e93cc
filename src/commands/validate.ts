/**
 * `milestones validate`: schema, references, cycles, durations; with a
 * warehouse, event names, event/account/contact properties and ids that never occur. Exit 0 valid,
 * 1 invalid (or warnings under --strict), 2 when the file cannot be read.
 * Text goes to stderr like every diagnostic; json and github go to stdout,
 * where CI tools read them.
 */
import { verbosity, writeError } from '../output/verbosity.js';
import { existsSync } from 'node:fs';
import { EXIT_INVALID, EXIT_OK, type Diagnostic } from '../errors.js';
import { renderGithub, renderJson, renderText, summary } from '../definitions/diagnostic-report.js';
import { sortDiagnostics, toDiagnostic } from '../definitions/findings.js';
import { inspectDefinitions, readDefinitionsFile } from '../definitions/load-definitions.js';
import { resolveWarehouse } from '../definitions/normalise.js';
import { isRecord } from '../definitions/raw.js';
import { actorUses, checkAgainstCatalog } from '../definitions/warehouse-checks.js';
import type { YamlSource } from '../definitions/yaml-source.js';
import type { Project } from '../definitions/model.js';
import { isRemoteWarehouse } from '../warehouse/warehouse-location.js';

interface ValidateOptions {
  config?: string;
  db?: string;
  format?: 'text' | 'json' | 'github';
  strict?: boolean;
  warehouse?: boolean;
}

/** The warehouse to look at: --db, else the config's (default next to it). */
function warehousePath(options: ValidateOptions, configPath: string, data: unknown): string {
  if (options.db) return options.db;
  const value = isRecord(data) ? data.warehouse : undefined;
  // `warehouse: FILE` or `warehouse: {path: FILE, memory_limit: ...}`.
  const file = isRecord(value) ? value.path : value;
  const declared = typeof file === 'string' ? file : undefined;
  return resolveWarehouse(configPath, declared);
}

/**
 * A warehouse that is no local file is an error of the config, checked with
 * or without --no-warehouse (which had skipped it: `warehouse: md:x` passed;
 * found by review).
 */
function notLocal(dbPath: string): Diagnostic[] {
  if (!isRemoteWarehouse(dbPath)) return [];
  const message = `the warehouse ${dbPath} is not a local file: remote and MotherDuck warehouses are not supported`;
  return [
    {
      severity: 'error',
      code: 'warehouse-not-local',
      message,
      hint: 'use a local DuckDB file path (warehouse: or --db)',
    },
  ];
}

async function warehouseDiagnostics(
  dbPath: string,
  given: boolean,
  source: YamlSource,
  project: Project | undefined,
): Promise<Diagnostic[]> {
  if (dbPath === ':memory:' || isRemoteWarehouse(dbPath)) return [];
  if (!existsSync(dbPath)) {
    // No warehouse yet is normal; one asked for by --db that is not there is worth saying.
    if (!given) return [];
    const message = `no warehouse at ${dbPath}: event names and properties were not checked`;
    return [
      { severity: 'warning', code: 'warehouse-missing', message, hint: 'load data first, or fix --db' },
    ];
  }
  try {
    // Loaded only when there is a warehouse: validate without one never starts DuckDB.
    const { readCatalog } = await import('../warehouse/catalog.js');
    const ids = actorUses(source.data).ids;
    const catalog = await readCatalog(dbPath, {
      accounts: ids.filter((id) => id.table === 'accounts').map((id) => id.value),
      contacts: ids.filter((id) => id.table === 'contacts').map((id) => id.value),
    });
    if (!catalog) return [];
    const found = checkAgainstCatalog(source.data, catalog).map((f) => toDiagnostic(f, source));
    return project ? [...found, ...(await dataDiagnostics(dbPath, project))] : found;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    return [
      {
        severity: 'warning',
        code: 'warehouse-unreadable',
        message: `could not read the warehouse ${dbPath}: ${reason}`,
        hint: 'pass --no-warehouse to skip this check, or --db FILE',
      },
    ];
  }
}

/** Filters no event matches and unreadable account values (statuses/data-checks.ts), read-only. */
async function dataDiagnostics(dbPath: string, project: Project): Promise<Diagnostic[]> {
  const { Warehouse } = await import('../warehouse/session.js');
  const { readTables } = await import('../warehouse/run-plan.js');
  const { validateDataWarnings } = await import('../statuses/data-checks.js');
  const w = await Warehouse.open(dbPath, { readOnly: true });
  try {
    return await validateDataWarnings(w, project, await readTables(w));
  } finally {
    w.close();
  }
}

export async function run(raw: Record<string, unknown>): Promise<number> {
  const options = raw as ValidateOptions;
  const configPath = options.config ?? 'milestones.yaml';
  const text = readDefinitionsFile(configPath);
  const { result, source } = inspectDefinitions(text, configPath);
  const dbPath = source.data !== undefined ? warehousePath(options, configPath, source.data) : undefined;
  const extra =
    dbPath === undefined
      ? []
      : [
          ...notLocal(dbPath),
          ...(options.warehouse !== false
            ? await warehouseDiagnostics(dbPath, Boolean(options.db), source, result.project)
            : []),
        ];
  const diagnostics = sortDiagnostics([...result.diagnostics, ...extra]);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const valid = errors === 0 && !(options.strict && diagnostics.length > 0);

  const quiet = verbosity() === 'quiet';
  switch (options.format ?? 'text') {
    case 'json':
      process.stdout.write(renderJson(diagnostics, valid));
      break;
    case 'github':
      process.stdout.write(renderGithub(diagnostics));
      process.stderr.write(`${summary(diagnostics)}\n`);
      break;
    default:
      // Under --quiet only the errors are printed (writeError passes the quiet gate).
      writeError(
        renderText(
          quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics,
          new Map([[configPath, text]]),
        ),
      );
      if (valid) process.stderr.write(`${configPath} is valid\n`);
  }
  // Said whatever the format and under --quiet: the summary counted no error (found by review).
  if (errors === 0 && !valid) {
    const warnings = diagnostics.length;
    writeError(
      `--strict: ${warnings} warning${warnings === 1 ? '' : 's'} fail${warnings === 1 ? 's' : ''} the check\n`,
    );
  }
  return valid ? EXIT_OK : EXIT_INVALID;
}
