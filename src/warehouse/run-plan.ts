/**
 * Runs a compiled plan: the build statements (temp tables only) one by one,
 * then the publish statements inside one transaction, so the result tables
 * are replaced all together or not at all. A failure names the statement.
 */
import { joinsByNumber, withoutNumbers } from '../compiler/actor-numbers.js';
import { numbersComplete } from './actor-numbers.js';
import { SHARED } from '../compiler/statuses/names.js';
import type { Column, WarehouseTables } from '../compiler/columns.js';
import type { Plan, PlanStatement } from '../compiler/plan-types.js';
import type { ColumnCompression } from '../compiler/stored-columns.js';
import { EXIT_FAILURE, UserError } from '../errors.js';
import type { Warehouse } from './session.js';

export interface RunOptions {
  /** Called (and awaited) before each statement: progress on a TTY. */
  onStatement?: (statement: PlanStatement, index: number, total: number) => void | Promise<void>;
}

/** Runs one statement; a failure names it (and says nothing was published). */
export async function runStatement(warehouse: Warehouse, statement: PlanStatement): Promise<void> {
  try {
    await warehouse.run(statement.sql, statement.params);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UserError(
      `step "${statement.name}" failed: ${message}`,
      EXIT_FAILURE,
      '`milestones compile` prints the SQL of every step; nothing was published',
    );
  }
}

export async function runPlan(warehouse: Warehouse, plan: Plan, options: RunOptions = {}): Promise<void> {
  const total = plan.statements.length;
  const build = plan.statements.filter((s) => s.phase === 'build');
  const publish = plan.statements.filter((s) => s.phase === 'publish');
  let index = 0;
  for (const statement of build) {
    await options.onStatement?.(statement, index++, total);
    await runStatement(warehouse, statement);
  }
  if (publish.length === 0) return;
  await warehouse.transaction(async () => {
    for (const statement of publish) {
      await options.onStatement?.(statement, index++, total);
      await runStatement(warehouse, statement);
    }
    await forgetComputeInputs(warehouse);
  });
}

/**
 * `_compute_inputs` records what the last `compute` published every result
 * from (run-compute.ts). A run that republishes only some results (the
 * statuses for `conversions`, one conversion) drops it in its own
 * transaction, so that the record never vouches for tables it did not see
 * written; the next `cx`, `paths` or `report` computes everything again.
 */
export const COMPUTE_INPUTS = '_compute_inputs';

export async function forgetComputeInputs(warehouse: Warehouse): Promise<void> {
  await warehouse.run(`DROP TABLE IF EXISTS "${COMPUTE_INPUTS}"`);
}

/**
 * The input tables' columns as they are in the warehouse; a missing table is
 * undefined. The events' actor numbers are left out unless every row's are
 * right (actor-numbers.ts numbersComplete): the plan then joins by text.
 */
export async function readTables(warehouse: Warehouse): Promise<WarehouseTables> {
  const read = async (name: string): Promise<Column[] | undefined> =>
    (await warehouse.tableExists(name)) ? warehouse.columns(name) : undefined;
  const events = await read('events');
  if (!events) {
    throw new UserError(
      'the warehouse has no events table',
      EXIT_FAILURE,
      'declare sources.events in the config and run `milestones load`',
    );
  }
  const accounts = await read('accounts');
  const contacts = await read('contacts');
  const surveys = await read('survey_responses');
  const numbered = joinsByNumber({ events }) && (await numbersComplete(warehouse));
  return {
    events: numbered ? events : withoutNumbers({ events }).events,
    ...(accounts ? { accounts } : {}),
    ...(contacts ? { contacts } : {}),
    ...(surveys ? { surveys } : {}),
    compression: await columnCompression(warehouse),
  };
}

/**
 * Whether the warehouse's file takes `USING COMPRESSION dictionary` and
 * `fsst` (compiler/stored-columns.ts): a file in storage format older than
 * v1.3.0 (the one DuckDB writes by default, `v1.0.0+`) or an in-memory
 * database; a newer or unknown format gets DuckDB's own choice.
 */
export async function columnCompression(warehouse: Warehouse): Promise<ColumnCompression> {
  const row = await warehouse.one<{ version: string | null }>(
    'SELECT tags[\'storage_version\'] AS "version" FROM duckdb_databases() WHERE database_name = current_database()',
  );
  const version = row?.version;
  if (version === undefined || version === null) return 'named';
  const match = /^v(\d+)\.(\d+)\./.exec(version);
  if (!match) return 'auto';
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major < 1 || (major === 1 && minor < 3) ? 'named' : 'auto';
}

/**
 * The events files (load ids) whose first-seen summaries the warehouse holds
 * for a statuses plan (or the loader) to reuse (compiler/statuses/first-seen.ts).
 */
export async function storedFirstSeen(warehouse: Warehouse): Promise<string[]> {
  if (!(await warehouse.tableExists(SHARED.loadFirstSeen))) return [];
  const rows = await warehouse.all<{ id: string }>(
    `SELECT DISTINCT "load_id" AS "id" FROM "${SHARED.loadFirstSeen}" ORDER BY 1`,
  );
  return rows.map((r) => r.id);
}
