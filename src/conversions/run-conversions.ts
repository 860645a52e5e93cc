/**
 * Runs the conversions plan: the funnel, touchpoints and paths are built in
 * DuckDB (temp tables only); the distinct-paths table, which is small, is
 * read into TypeScript for attribution; then `conversion_steps`,
 * `conversion_touchpoints`, `conversion_attribution`, `conversion_paths` and
 * `conversion_actors` are replaced in one transaction, so a reader never sees
 * half a run.
 *
 *   await computeConversions(warehouse, project, { asOf: '2026-05-01 03:59:59' })
 *   -> [{ id: 'trial_to_customer', entered: 5n, converted: 3n, steps: [...], touchpoints: [...], ... }]
 */
import { createHash } from 'node:crypto';
import { attribute } from '../attribution/attribute.js';
import type { PathRow, TouchShares } from '../attribution/path-table.js';
import {
  AS_OF,
  conversionTable,
  MILESTONE_STATUS,
  RESULT_TABLES,
  SHARED,
} from '../compiler/conversions/names.js';
import { compileConversions, publishStatements, selectConversions } from '../compiler/conversions/plan.js';
import { ident, literal, str } from '../compiler/quote.js';
import type { WarehouseTables } from '../compiler/columns.js';
import type { Plan, PlanStatement } from '../compiler/plan-types.js';
import type { Conversion, Project } from '../definitions/model.js';
import { EXIT_FAILURE, UserError } from '../errors.js';
import { forgetComputeInputs, readTables, runPlan, type RunOptions } from '../warehouse/run-plan.js';
import { loadedFileList } from '../warehouse/loaded-files.js';
import type { Warehouse } from '../warehouse/session.js';
import { definitionsFingerprint } from '../feed/run-context.js';
import { isoInstantSql } from '../compiler/time.js';

export interface ConversionOptions extends RunOptions {
  /** T as naive UTC text (from parseAsOf); default: the latest event time. */
  asOf?: string;
  /** Only these conversions (their stored rows are replaced, the others kept); default all. */
  ids?: string[];
  /** The input tables' columns; default: read from the warehouse. */
  tables?: WarehouseTables;
}

export type ResultRow = Record<string, unknown>;

export interface ConversionResult {
  id: string;
  name: string;
  unit: string;
  /** T, ISO UTC. */
  asOf: string;
  entered: bigint;
  inProgress: bigint;
  converted: bigint;
  /** Why the result is empty, when nobody entered. */
  note?: string;
  /** conversion_steps rows (every breakdown), in table order. */
  steps: ResultRow[];
  /** conversion_touchpoints rows. */
  touchpoints: ResultRow[];
  /** conversion_attribution rows. */
  attribution: ResultRow[];
  /** Whether `value:` is set (revenue credits are meaningful). */
  hasRevenue: boolean;
}

/** Records which definitions, data and T the stored `milestone_status` was computed from. */
const INPUTS_TABLE = '_conversion_inputs';

export const usesMilestones = (conversions: Conversion[]) =>
  conversions.some((c) => c.steps.some((s) => s.kind === 'milestone'));

function toCount(value: unknown): number {
  const n = typeof value === 'bigint' ? value : BigInt(value as number);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`count ${n} is too large to attribute exactly`);
  return Number(n);
}

/** A path's touchpoint positions as 0-based indexes (SQL positions are 1-based). */
const touchpointIndexes = (value: unknown): number[] =>
  ((value ?? []) as (number | null)[]).map((x) => (x ?? 0) - 1);

async function readPaths(warehouse: Warehouse, c: Conversion): Promise<PathRow[]> {
  const rows = await warehouse.all<Record<string, unknown>>(
    `SELECT "path", "converted", "not_converted", coalesce("revenue", 0) AS "revenue"\n` +
      `FROM ${ident(conversionTable.paths(c.id))}\nORDER BY "converted" DESC, "not_converted" DESC, "path"`,
  );
  return rows.map((row) => ({
    path: touchpointIndexes(row.path),
    converted: toCount(row.converted),
    notConverted: toCount(row.not_converted),
    revenue: Number(row.revenue),
  }));
}

/** The time-decay credit and revenue of each touchpoint, summed in SQL (sql/conversion-decay.sql). */
async function readTimeDecay(warehouse: Warehouse, c: Conversion): Promise<TouchShares> {
  const shares: TouchShares = {
    credit: new Array<number>(c.touchpoints.length).fill(0),
    revenue: new Array<number>(c.touchpoints.length).fill(0),
  };
  const rows = await warehouse.all<{ touchpoint: number; credit: number; revenue: number | null }>(
    `SELECT "touchpoint", "credit", "revenue" FROM ${ident(conversionTable.decay(c.id))}`,
  );
  for (const row of rows) {
    shares.credit[row.touchpoint - 1] = row.credit;
    shares.revenue[row.touchpoint - 1] = row.revenue ?? 0;
  }
  return shares;
}

/** Attribution of every model, inserted into the temp attribution table. */
async function storeAttribution(warehouse: Warehouse, c: Conversion): Promise<void> {
  const paths = await readPaths(warehouse, c);
  // Every actor who entered has a path: none means nobody entered, and the conversion has no rows
  // in any table (README). Seven "(none)" rows of 0 credit had been written (found by review).
  if (paths.length === 0) return;
  const credits = attribute(paths, c.touchpoints.length, await readTimeDecay(warehouse, c));
  const values = credits.map((credit) => {
    const position = credit.touchpoint === undefined ? 'NULL' : literal(credit.touchpoint + 1);
    const touchpoint = credit.touchpoint === undefined ? '(none)' : c.touchpoints[credit.touchpoint]!.id;
    const revenue = c.value === undefined ? 'NULL' : literal(credit.revenue);
    const model = str(credit.model);
    return `(${str(c.id)}, ${model}, ${position}, ${str(touchpoint)}, ${literal(credit.credit)}, ${revenue}, ${AS_OF})`;
  });
  await warehouse.run(
    `INSERT INTO ${ident(SHARED.attribution)}\n` +
      `("conversion_id", "model", "position", "touchpoint", "credit", "revenue", "as_of")\n` +
      `VALUES ${values.join(',\n')}`,
  );
}

/**
 * A hash of what `milestone_status` depends on: the milestones, the zone, T,
 * the loaded files and the size of the input tables (which also catches rows
 * written without the loaders).
 */
export async function statusesFingerprint(
  warehouse: Warehouse,
  project: Project,
  asOf: string,
): Promise<string> {
  const files = await loadedFileList(warehouse);
  const sizes: Record<string, unknown> = {};
  for (const table of ['events', 'accounts', 'contacts']) {
    if (!(await warehouse.tableExists(table))) continue;
    const [size] = await warehouse.allJson<{ n: string }>(`SELECT count(*) AS n FROM ${ident(table)}`);
    sizes[table] = table === 'events' ? { ...size, last: await latestEvent(warehouse, asOf) } : size;
  }
  // T normalised by DuckDB, so that '... 03:59:59.000' and '... 03:59:59' are the same instant.
  const t = await warehouse.one<{ t: string }>('SELECT CAST(CAST(? AS TIMESTAMP) AS VARCHAR) AS t', [asOf]);
  // The definitions as a run records them: milestones, zone and per-account zone property (a
  // changed `timezone_property` once left `paths` and `conversions` reading stale statuses).
  const inputs = { definitions: definitionsFingerprint(project), asOf: t?.t, files, sizes };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}

/**
 * The latest event time as naive UTC text (null without events). `floor`, a
 * time at or before which most events lie (the last run's T): the latest
 * event is first looked for among the events after it, which the zone maps
 * find without reading the others (after a load, reading every event time
 * took 0.5-0.7 s at 50M events); none there, among all of them.
 */
async function latestEvent(warehouse: Warehouse, floor?: string): Promise<string | null> {
  if (floor !== undefined) {
    const recent = await warehouse.one<{ t: string | null }>(
      'SELECT CAST(max("ts") AS VARCHAR) AS t FROM "events" WHERE "ts" >= CAST(? AS TIMESTAMP)',
      [floor],
    );
    if (recent?.t) return recent.t;
  }
  const row = await warehouse.one<{ t: string | null }>(
    'SELECT CAST(max("ts") AS VARCHAR) AS t FROM "events"',
  );
  return row?.t ?? null;
}

/**
 * T as naive UTC text: the given one, or the latest event time; `floor` as
 * latestEvent's. Without events, the time of the latest load: the same
 * warehouse gives the same T (it had been the clock, so a report of a
 * warehouse without events changed on every run, and every compute
 * published again; found by review). Nothing loaded at all: the clock.
 */
export async function resolveAsOf(
  warehouse: Warehouse,
  asOf: string | undefined,
  floor?: string,
): Promise<string> {
  if (asOf !== undefined) return asOf;
  const latest = await latestEvent(warehouse, floor);
  if (latest !== null) return latest;
  if (await warehouse.tableExists('_loaded_files')) {
    const loaded = await warehouse.one<{ t: string | null }>(
      'SELECT CAST(max("loaded_at") AS VARCHAR) AS t FROM "_loaded_files"',
    );
    if (loaded?.t) return loaded.t;
  }
  const now = await warehouse.one<{ t: string }>(
    'SELECT CAST(CAST(current_timestamp AS TIMESTAMP) AS VARCHAR) AS t',
  );
  return now!.t;
}

/**
 * Whether the chosen conversions read statuses that are not current for T:
 * a milestone step, and `milestone_status` not computed from the same
 * definitions, data and T (the fingerprint `computeConversions` records).
 * `ensureStatuses` (compute/run-compute.ts) then runs a whole `compute`, so that the
 * journeys and CX published beside the statuses are at the same T (a
 * statuses-only run had left them at the previous one; found by review).
 */
export async function statusesStale(
  warehouse: Warehouse,
  project: Project,
  options: { asOf: string; ids?: string[] },
): Promise<boolean> {
  if (!usesMilestones(selectConversions(project, options.ids))) return false;
  const fingerprint = await statusesFingerprint(warehouse, project, options.asOf);
  if ((await warehouse.tableExists(MILESTONE_STATUS)) && (await warehouse.tableExists(INPUTS_TABLE))) {
    const stored = await warehouse.one<{ fingerprint: string }>(
      `SELECT "fingerprint" FROM "${INPUTS_TABLE}"`,
    );
    if (stored?.fingerprint === fingerprint) return false;
  }
  return true;
}

async function explainEmpty(warehouse: Warehouse, c: Conversion): Promise<string> {
  const row = await warehouse.one<{ attempts: bigint; voided: bigint }>(
    `SELECT count(*) AS attempts, count(*) FILTER (WHERE "voided") AS voided FROM ${ident(conversionTable.attempts(c.id))}`,
  );
  const first = c.steps[0]!;
  const what =
    first.kind === 'milestone' ? `completion of milestone "${first.milestone}"` : `"${first.event}" event`;
  if (!row || row.attempts === 0n) {
    return `nobody entered "${c.id}": no ${what} (the first step) in the cohort, at or before the as-of time`;
  }
  return `nobody entered "${c.id}": all ${row.attempts} attempts were voided by an exclusion`;
}

/** Where a result's rows are read: the published tables, or the plan's temp tables (`SHARED`). */
type ResultTables = Record<'steps' | 'touchpoints' | 'attribution', string>;

async function readResult(
  warehouse: Warehouse,
  c: Conversion,
  from: ResultTables = RESULT_TABLES,
): Promise<ConversionResult> {
  const rows = (table: string, order: string) =>
    warehouse.all<ResultRow>(`SELECT * FROM ${ident(table)} WHERE "conversion_id" = ? ORDER BY ${order}`, [
      c.id,
    ]);
  const totals = await warehouse.one<{
    entered: bigint;
    in_progress: bigint;
    converted: bigint;
    as_of: string;
  }>(
    `SELECT count(*) AS entered, count(*) FILTER (WHERE "in_progress") AS in_progress,\n` +
      `  count(*) FILTER (WHERE "converted") AS converted,\n` +
      `  ${isoInstantSql("getvariable('cv_as_of')")} AS as_of\nFROM ${ident(conversionTable.entries(c.id))}`,
  );
  const entered = totals?.entered ?? 0n;
  return {
    id: c.id,
    name: c.name,
    unit: c.unit,
    asOf: totals?.as_of ?? '',
    entered,
    inProgress: totals?.in_progress ?? 0n,
    converted: totals?.converted ?? 0n,
    ...(entered === 0n ? { note: await explainEmpty(warehouse, c) } : {}),
    steps: await rows(from.steps, '"breakdown" NULLS FIRST, "value" NULLS LAST, "step"'),
    touchpoints: await rows(from.touchpoints, '"position"'),
    attribution: await rows(from.attribution, '"model", "position" NULLS LAST'),
    hasRevenue: c.value !== undefined,
  };
}

/**
 * Builds the chosen conversions (the plan's temp tables and the attribution)
 * and returns the statements that publish them, to run in one transaction:
 * the result tables and, when a milestone step read the statuses, the
 * fingerprint of what those statuses were computed from.
 */
export async function buildConversions(
  warehouse: Warehouse,
  project: Project,
  plan: Plan,
  options: { ids?: string[] } & RunOptions = {},
): Promise<PlanStatement[]> {
  const conversions = selectConversions(project, options.ids);
  await runPlan(warehouse, plan, options.onStatement ? { onStatement: options.onStatement } : {});
  for (const c of conversions) await storeAttribution(warehouse, c);
  const asOf = (await warehouse.one<{ t: string }>("SELECT CAST(getvariable('cv_as_of') AS VARCHAR) AS t"))!
    .t;
  const publish = publishStatements(options.ids);
  if (usesMilestones(conversions)) {
    const fingerprint = await statusesFingerprint(warehouse, project, asOf);
    publish.push({
      name: INPUTS_TABLE,
      phase: 'publish',
      sql: `CREATE OR REPLACE TABLE "${INPUTS_TABLE}" AS SELECT ${str(fingerprint)} AS "fingerprint"`,
    });
  }
  return publish;
}

/** The chosen conversions' published results, read back after publishing. */
export async function readResults(
  warehouse: Warehouse,
  project: Project,
  ids?: string[],
): Promise<ConversionResult[]> {
  const results: ConversionResult[] = [];
  for (const c of selectConversions(project, ids)) results.push(await readResult(warehouse, c));
  return results;
}

/**
 * Builds every conversion of the project (`plan` compiled without `ids`):
 * its temp tables and the attribution, and publishes nothing: `compute --known-at` shows conversions that must never
 * replace the state of record. Read them back with readStagedResults.
 */
export async function stageConversions(
  warehouse: Warehouse,
  project: Project,
  plan: Plan,
  options: RunOptions = {},
): Promise<void> {
  await runPlan(warehouse, plan, options.onStatement ? { onStatement: options.onStatement } : {});
  for (const c of project.conversions) await storeAttribution(warehouse, c);
}

/** Every conversion's results from the plan's temp tables (after stageConversions), not the published ones. */
export async function readStagedResults(warehouse: Warehouse, project: Project): Promise<ConversionResult[]> {
  const results: ConversionResult[] = [];
  for (const c of project.conversions) results.push(await readResult(warehouse, c, SHARED));
  return results;
}

/**
 * Computes the chosen conversions as of T and replaces their stored results
 * in one transaction. Milestone steps read `milestone_status`, which must be
 * current (`conversions` calls ensureStatuses; `milestones compute` does not
 * come here: it builds and publishes statuses and conversions together, see
 * run-compute.ts); its fingerprint is recorded for the next staleness check.
 */
export async function computeConversions(
  warehouse: Warehouse,
  project: Project,
  options: ConversionOptions = {},
): Promise<ConversionResult[]> {
  const conversions = selectConversions(project, options.ids);
  if (usesMilestones(conversions) && !(await warehouse.tableExists(MILESTONE_STATUS))) {
    throw new UserError(
      'conversions with milestone steps need milestone statuses, and the warehouse has none',
      EXIT_FAILURE,
      'run milestones compute first',
    );
  }
  const tables = options.tables ?? (await readTables(warehouse));
  const plan = compileConversions(project, {
    ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
    tables,
    ...(options.ids ? { ids: options.ids } : {}),
  });
  const publish = await buildConversions(warehouse, project, plan, {
    ...(options.ids ? { ids: options.ids } : {}),
    ...(options.onStatement ? { onStatement: options.onStatement } : {}),
  });
  await warehouse.transaction(async () => {
    for (const statement of publish) await warehouse.run(statement.sql);
    await forgetComputeInputs(warehouse);
  });
  return readResults(warehouse, project, options.ids);
}
