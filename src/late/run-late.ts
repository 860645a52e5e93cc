/**
 * `--known-at K` runs (docs/KNOWN-AT.md). Neither publishes anything: the
 * statuses plan runs its build phase only (temp tables), so the published
 * `milestone_status` and friends, and the fingerprints that vouch for them,
 * never hold a view of the past.
 *
 * - `lateStatuses` (`milestones late`): the statuses known at K and the ones
 *   known now, both as of T, built with `milestones diff`'s pieces (K is the
 *   diff's "base", now its "head") and compared by one FULL OUTER JOIN in
 *   DuckDB; plus the late events per event name.
 * - `computeKnownAt` (`compute --known-at`): the statuses known at K, as
 *   `compute`'s summary per milestone and journey stage, and the conversions
 *   knowable at K (their event reads filtered the same way, milestone steps
 *   reading the staged `_ms_status`), built into temp tables only.
 *
 *   await lateStatuses(warehouse, project, { knownAt: '2026-03-02 04:59:59.999', limit: 50 })
 *   -> { knownAt: '2026-03-02T04:59:59Z', asOf: '2026-03-02T04:59:59Z', milestones: [...],
 *        changes: [{ milestone_id: 'setup', actor_id: 'a1', base_status: 'never_achieved', head_status: 'achieving', ... }],
 *        changedTotal: 1n, lateEvents: [{ event: 'app_installed', late_events: 1n, ... }], lateTotal: 1n, arrivals: 3n }
 */
import type { WarehouseTables } from '../compiler/columns.js';
import { changedCountSql, changedRowsSql, changesSql } from '../compiler/diff-sql.js';
import { arrivalsSql, lateEventsSql, sameMilestones } from '../compiler/late-sql.js';
import { compileConversions } from '../compiler/conversions/plan.js';
import { SHARED as STATUS_TABLES } from '../compiler/statuses/names.js';
import { compilePlan } from '../compiler/statuses/plan.js';
import type { Project } from '../definitions/model.js';
import {
  buildSide,
  dropPlanObjects,
  readAggregates,
  requireEvents,
  type ChangedActor,
  type MilestoneDiff,
} from '../diff/run-diff.js';
import {
  readStagedResults,
  stageConversions,
  type ConversionResult,
} from '../conversions/run-conversions.js';
import { runPlan, storedFirstSeen, type RunOptions } from '../warehouse/run-plan.js';
import type { Warehouse } from '../warehouse/session.js';
import {
  summarizeJourneys,
  summarizeStatuses,
  type MilestoneSummary,
  type StageSummary,
} from '../statuses/status-summary.js';
import { isoInstantSql } from '../compiler/time.js';

export interface LateOptions extends RunOptions {
  /** K as naive UTC text (from parseAsOf). */
  knownAt: string;
  /** T as naive UTC text; default K. */
  asOf?: string;
  /** How many changed actors to read (the total is counted anyway). */
  limit: number;
}

export type LateEvent = Record<string, unknown>;

export interface LateResult {
  /** K and T, ISO UTC. */
  knownAt: string;
  asOf: string;
  /** Per milestone: base = known at K, head = known now. */
  milestones: MilestoneDiff[];
  /** The first `limit` changed actors (base_* at K, head_* now), in a total order. */
  changes: ChangedActor[];
  changedTotal: bigint;
  /** Per event name: events up to T that arrived after K. */
  lateEvents: LateEvent[];
  lateTotal: bigint;
  /** Events with an arrival time (0: every event counts as known at its own time). */
  arrivals: bigint;
}

/** An instant (naive UTC text) as ISO UTC, normalised by DuckDB. */
async function isoOf(warehouse: Warehouse, instant: string): Promise<string> {
  const row = await warehouse.one<{ t: string }>(
    `SELECT ${isoInstantSql('"i"')} AS "t" FROM (SELECT CAST(? AS TIMESTAMP) AS "i")`,
    [instant],
  );
  return row?.t ?? instant;
}

async function readLateEvents(
  warehouse: Warehouse,
  tables: WarehouseTables,
  asOf: string,
  knownAt: string,
): Promise<{ rows: LateEvent[]; total: bigint; arrivals: bigint }> {
  const rows = await warehouse.all<LateEvent>(lateEventsSql(tables.events), [asOf, knownAt]);
  const total = rows.reduce((sum, r) => sum + (r.late_events as bigint), 0n);
  const arrivals = await warehouse.one<{ n: bigint | number }>(arrivalsSql(tables.events));
  return { rows, total, arrivals: BigInt(arrivals?.n ?? 0) };
}

export async function lateStatuses(
  warehouse: Warehouse,
  project: Project,
  options: LateOptions,
): Promise<LateResult> {
  const tables = await requireEvents(warehouse);
  const asOf = options.asOf ?? options.knownAt;
  const progress = options.onStatement ? { onStatement: options.onStatement } : {};
  await buildSide(warehouse, project, 'base', { asOf, tables, knownAt: options.knownAt, ...progress });
  // The second plan reuses the first one's names; it must never read what only the first built.
  await dropPlanObjects(warehouse);
  await buildSide(warehouse, project, 'head', { asOf, tables, ...progress });
  const list = sameMilestones(project);
  await warehouse.run(changesSql(list));
  const total = await warehouse.one<{ n: bigint }>(changedCountSql);
  const late = await readLateEvents(warehouse, tables, asOf, options.knownAt);
  return {
    knownAt: await isoOf(warehouse, options.knownAt),
    asOf: await isoOf(warehouse, asOf),
    milestones: await readAggregates(warehouse, list),
    changes: await warehouse.all<ChangedActor>(changedRowsSql(options.limit)),
    changedTotal: total?.n ?? 0n,
    lateEvents: late.rows,
    lateTotal: late.total,
    arrivals: late.arrivals,
  };
}

export interface KnownAtOptions extends RunOptions {
  knownAt: string;
  asOf?: string;
  tables: WarehouseTables;
}

export interface KnownAtSummary {
  knownAt: string;
  asOf: string;
  milestones: MilestoneSummary[];
  journeys: StageSummary[];
  /** The conversions as knowable at K (read from the temp tables; nothing published). */
  conversions: ConversionResult[];
}

/**
 * The conversions knowable at K, at the same T: their reads of `events` keep
 * only the events known at K, and milestone steps read the statuses just
 * staged at K (`_ms_status`), as `compute` does before publishing. The plan
 * and the attribution fill temp tables only.
 */
async function knownConversions(
  warehouse: Warehouse,
  project: Project,
  options: KnownAtOptions & { asOf: string },
): Promise<ConversionResult[]> {
  if (project.conversions.length === 0) return [];
  const plan = compileConversions(project, {
    asOf: options.asOf,
    knownAt: options.knownAt,
    tables: options.tables,
    statusTable: STATUS_TABLES.status,
  });
  await stageConversions(
    warehouse,
    project,
    plan,
    options.onStatement ? { onStatement: options.onStatement } : {},
  );
  return readStagedResults(warehouse, project);
}

export async function computeKnownAt(
  warehouse: Warehouse,
  project: Project,
  options: KnownAtOptions,
): Promise<KnownAtSummary> {
  const asOf = options.asOf ?? options.knownAt;
  const plan = compilePlan(project, {
    asOf,
    knownAt: options.knownAt,
    tables: options.tables,
    storedFirstSeen: await storedFirstSeen(warehouse),
  });
  const build = { statements: plan.statements.filter((s) => s.phase === 'build') };
  await runPlan(warehouse, build, options.onStatement ? { onStatement: options.onStatement } : {});
  // The staged tables: the summary `compute` prints, of what it did not publish.
  const staged = { status: STATUS_TABLES.status, journey: STATUS_TABLES.journey };
  return {
    knownAt: await isoOf(warehouse, options.knownAt),
    asOf: await isoOf(warehouse, asOf),
    milestones: await summarizeStatuses(warehouse, project, staged),
    journeys: await summarizeJourneys(warehouse, project, staged),
    conversions: await knownConversions(warehouse, project, { ...options, asOf }),
  };
}
