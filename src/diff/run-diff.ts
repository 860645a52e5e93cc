/**
 * `milestones diff`'s run: the statuses of two versions of the definitions
 * over the same data at the same T. Each version's statuses plan runs its
 * build phase only (temp tables; the publish phase, which replaces
 * `milestone_status` and friends, is never run), and its `_ms_status` is
 * copied to a snapshot; the comparison is one FULL OUTER JOIN in DuckDB.
 * Only the aggregates (one row per milestone) and the first `limit` changed
 * actors come back to JavaScript. Each version's conversions are built over
 * its staged statuses (the funnel only: no touchpoints, paths, attribution or
 * publishing) and their headline counts, one row per conversion, are read.
 *
 *   await diffStatuses(warehouse, base, head, { limit: 50 })
 *   -> { asOf: '2026-05-01T03:59:59Z', milestones: [{ id: 'activated', definition: 'changed',
 *        base: { achieving: 4n, ... }, head: { achieving: 5n, ... }, changedActors: 1n }],
 *        changes: [{ milestone_id: 'activated', actor_id: 'initech', base_status: 'never_achieved', ... }],
 *        changedTotal: 1n,
 *        conversions: [{ id: 'trial_to_customer', definition: 'same',
 *        base: { entered: 5n, in_progress: 1n, converted: 2n, rate: 50 }, head: { ..., converted: 3n, rate: 75 } }] }
 */
import type { WarehouseTables } from '../compiler/columns.js';
import { conversionTable, SHARED as CONVERSION_TABLES } from '../compiler/conversions/names.js';
import { compileConversions } from '../compiler/conversions/plan.js';
import {
  canonicalJson,
  compareMilestones,
  type DefinitionChange,
  type MilestoneChange,
} from '../compiler/diff-milestones.js';
import {
  aggregatesSql,
  changedCountSql,
  changedRowsSql,
  changesSql,
  conversionCountsSql,
  CONVERSION_MEASURES,
  MEASURES,
  snapshotSql,
  type Side,
} from '../compiler/diff-sql.js';
import { ident, str } from '../compiler/quote.js';
import { SHARED as STATUS_TABLES, VARIABLES } from '../compiler/statuses/names.js';
import { compilePlan } from '../compiler/statuses/plan.js';
import type { Project } from '../definitions/model.js';
import { EXIT_INVALID, UserError } from '../errors.js';
import { resolveAsOf } from '../conversions/run-conversions.js';
import { readTables, runPlan, storedFirstSeen, type RunOptions } from '../warehouse/run-plan.js';
import type { Warehouse } from '../warehouse/session.js';
import { isoInstantSql } from '../compiler/time.js';

export interface DiffOptions extends RunOptions {
  /** T as naive UTC text (from parseAsOf); default: the latest event time. */
  asOf?: string;
  /** How many changed actors to read (the total is counted anyway). */
  limit: number;
}

export type Measures = Record<(typeof MEASURES)[number], bigint | number | null>;

export interface MilestoneDiff extends MilestoneChange {
  /** Undefined on the side that does not declare the milestone. */
  base?: Measures;
  head?: Measures;
  /** Actors whose published status row differs (diff-sql.ts CHANGE_COLUMNS). */
  changedActors: bigint;
  /** Of those, the ones whose status differs. */
  changedStatuses: bigint;
}

export type ChangedActor = Record<string, unknown>;

/** A conversion's headline numbers on one side; `rate` is converted among settled actors, in percent (0.1). */
export type ConversionCounts = Record<Exclude<(typeof CONVERSION_MEASURES)[number], 'rate'>, bigint> & {
  rate: number | null;
};

export interface ConversionDiff {
  id: string;
  definition: DefinitionChange;
  /** Undefined on the side that does not declare the conversion. */
  base?: ConversionCounts;
  head?: ConversionCounts;
}

export interface DiffResult {
  /** T, ISO UTC. */
  asOf: string;
  timezone: { base: string; head: string };
  milestones: MilestoneDiff[];
  /** The first `limit` changed actors, in a total order. */
  changes: ChangedActor[];
  /** How many actors changed in all. */
  changedTotal: bigint;
  /** Per conversion on either side: the head's order, then the removed ones. */
  conversions: ConversionDiff[];
}

/** Every temp object of a statuses plan is named `_ms_...` (compiler/statuses/names.ts). */
const PLAN_PREFIX = '_ms_';

/** Every temp object of a conversions plan is named `_cv_...` (compiler/conversions/names.ts). */
const CONVERSIONS_PREFIX = '_cv_';

const HINT_LOAD = 'run milestones load (or milestones compute) first, or pass --db';

/** The input tables, or exit 1 when there are no events to compare on. */
export async function requireEvents(warehouse: Warehouse): Promise<WarehouseTables> {
  const missing = () =>
    new UserError(`the warehouse ${warehouse.path} has no events`, EXIT_INVALID, HINT_LOAD);
  if (!(await warehouse.tableExists('events'))) throw missing();
  const row = await warehouse.one<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM "events") AS "any"');
  if (!row?.any) throw missing();
  return readTables(warehouse);
}

/**
 * Drops the temp tables and views a statuses plan built (or, with `_cv_`, a
 * conversions plan). The two versions' plans reuse names (`_ms_events__2`,
 * `_ms_setup__actors`) for objects that may be a view in one and a table in
 * the other, and the head must never read something only the base built.
 */
export async function dropPlanObjects(warehouse: Warehouse, prefix = PLAN_PREFIX): Promise<void> {
  const objects = await warehouse.all<{ name: string; kind: string }>(
    `SELECT "view_name" AS "name", 'VIEW' AS "kind" FROM duckdb_views()
     WHERE "temporary" AND starts_with("view_name", ${str(prefix)})
     UNION ALL
     SELECT "table_name", 'TABLE' FROM duckdb_tables()
     WHERE "temporary" AND starts_with("table_name", ${str(prefix)})
     ORDER BY "kind" DESC, "name"`,
  );
  for (const o of objects) await warehouse.run(`DROP ${o.kind} IF EXISTS temp.${ident(o.name)}`);
}

/**
 * Builds one version's statuses into temp tables and snapshots them as
 * `_diff_<side>`. `knownAt` (used by `milestones late`) keeps only the events
 * that had arrived by then.
 */
export async function buildSide(
  warehouse: Warehouse,
  project: Project,
  side: Side,
  options: { asOf: string; tables: WarehouseTables; knownAt?: string } & RunOptions,
): Promise<void> {
  const plan = compilePlan(project, {
    asOf: options.asOf,
    tables: options.tables,
    // The loaded files' first-seen summaries: only files without one are grouped.
    storedFirstSeen: await storedFirstSeen(warehouse),
    ...(options.knownAt !== undefined ? { knownAt: options.knownAt } : {}),
  });
  // The build phase only: runPlan publishes nothing when it is given no publish statements.
  const build = { statements: plan.statements.filter((s) => s.phase === 'build') };
  await runPlan(warehouse, build, options.onStatement ? { onStatement: options.onStatement } : {});
  await warehouse.run(snapshotSql(side));
}

/**
 * The statements after the funnel (`__entries`), which the counts do not
 * need: steps, touchpoints, paths, time decay and the shared result tables
 * (the costly part).
 */
function afterFunnel(ids: string[]): Set<string> {
  const { steps, touches, touchpoints, paths, decay } = conversionTable;
  const per = ids.flatMap((id) => [steps(id), touches(id), touchpoints(id), paths(id), decay(id)]);
  return new Set<string>([...Object.values(CONVERSION_TABLES), ...per]);
}

/**
 * The conversions of the version whose statuses were just built (milestone
 * steps read the staged `_ms_status`), at the same T: only the funnel is
 * built, the counts read, then every `_cv_*` temp object dropped so that the
 * other version never reads them. Keyed by conversion id.
 */
export async function conversionCounts(
  warehouse: Warehouse,
  project: Project,
  options: { asOf: string; tables: WarehouseTables } & RunOptions,
): Promise<Map<string, ConversionCounts>> {
  const ids = project.conversions.map((c) => c.id);
  if (ids.length === 0) return new Map();
  const plan = compileConversions(project, {
    asOf: options.asOf,
    tables: options.tables,
    statusTable: STATUS_TABLES.status,
  });
  const skip = afterFunnel(ids);
  const statements = plan.statements.filter((s) => s.phase === 'build' && !skip.has(s.name));
  await runPlan(warehouse, { statements }, options.onStatement ? { onStatement: options.onStatement } : {});
  const rows = await warehouse.all<Record<string, unknown>>(conversionCountsSql(ids));
  await dropPlanObjects(warehouse, CONVERSIONS_PREFIX);
  return new Map(
    rows.map((row) => [
      row.conversion_id as string,
      {
        entered: row.entered as bigint,
        in_progress: row.in_progress as bigint,
        converted: row.converted as bigint,
        rate: row.rate === null ? null : Number(row.rate),
      },
    ]),
  );
}

/** Conversions of either version, like compareMilestones: the head's order, then the removed ones. */
export function compareConversions(
  base: Project,
  head: Project,
): { id: string; definition: DefinitionChange }[] {
  const before = new Map(base.conversions.map((c) => [c.id, c]));
  const after = new Set(head.conversions.map((c) => c.id));
  const list = head.conversions.map((c): { id: string; definition: DefinitionChange } => {
    const old = before.get(c.id);
    const definition: DefinitionChange = !old
      ? 'added'
      : canonicalJson(old) === canonicalJson(c)
        ? 'same'
        : 'changed';
    return { id: c.id, definition };
  });
  for (const c of base.conversions) {
    if (!after.has(c.id)) list.push({ id: c.id, definition: 'removed' });
  }
  return list;
}

/** Whether a conversion's counts differ, or it exists on one side only. */
export function conversionMoved(c: ConversionDiff): boolean {
  if (!c.base || !c.head) return true;
  // The rate follows from the counts.
  return (['entered', 'in_progress', 'converted'] as const).some((x) => c.base![x] !== c.head![x]);
}

function measures(row: Record<string, unknown>, side: Side): Measures {
  const entries = MEASURES.map((m) => {
    const value = row[`${side}_${m}`];
    return [m, m === 'mean_progress' && value !== null ? Number(value) : value];
  });
  return Object.fromEntries(entries) as Measures;
}

export async function readAggregates(
  warehouse: Warehouse,
  list: MilestoneChange[],
): Promise<MilestoneDiff[]> {
  const rows = await warehouse.all<Record<string, unknown>>(aggregatesSql(list));
  return list.map((m, i) => {
    const row = rows[i]!;
    return {
      ...m,
      ...(m.definition === 'added' ? {} : { base: measures(row, 'base') }),
      ...(m.definition === 'removed' ? {} : { head: measures(row, 'head') }),
      changedActors: row.changed_actors as bigint,
      changedStatuses: row.changed_statuses as bigint,
    };
  });
}

export async function diffStatuses(
  warehouse: Warehouse,
  base: Project,
  head: Project,
  options: DiffOptions,
): Promise<DiffResult> {
  const tables = await requireEvents(warehouse);
  // One T for both versions: the given one, or the latest event, resolved once.
  const asOf = await resolveAsOf(warehouse, options.asOf);
  const run = { asOf, tables, ...(options.onStatement ? { onStatement: options.onStatement } : {}) };
  await buildSide(warehouse, base, 'base', run);
  // Built while `_ms_status` holds this version's statuses.
  const baseCounts = await conversionCounts(warehouse, base, run);
  await dropPlanObjects(warehouse);
  await buildSide(warehouse, head, 'head', run);
  const headCounts = await conversionCounts(warehouse, head, run);
  const list = compareMilestones(base, head);
  await warehouse.run(changesSql(list));
  const t = await warehouse.one<{ t: string }>(
    `SELECT ${isoInstantSql(`getvariable('${VARIABLES.asOf}')`)} AS "t"`,
  );
  const total = await warehouse.one<{ n: bigint }>(changedCountSql);
  return {
    asOf: t?.t ?? '',
    timezone: { base: base.timezone, head: head.timezone },
    milestones: await readAggregates(warehouse, list),
    changes: await warehouse.all<ChangedActor>(changedRowsSql(options.limit)),
    changedTotal: total?.n ?? 0n,
    conversions: compareConversions(base, head).map((c) => ({
      ...c,
      ...(baseCounts.has(c.id) ? { base: baseCounts.get(c.id)! } : {}),
      ...(headCounts.has(c.id) ? { head: headCounts.get(c.id)! } : {}),
    })),
  };
}
