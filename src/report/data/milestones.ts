/**
 * The Milestones section's reads: per milestone (config order) the status
 * counts, mean progress, completed / lost / regained and the actors holding
 * it per week or month, and the first
 * SAMPLE_SIZE ids per status. One query each over `milestone_status` and
 * `milestone_history`, grouped in SQL.
 *
 *   await readMilestones(w, project)
 *   -> [{ id: 'setup', assigned: 8n, counts: {achieving: 6n, ...}, periods: [{period: '2026-01', completed: 2n, ..., achieving: 2n}], samples: {...} }, ...]
 */
import { str } from '../../compiler/quote.js';
import type { Project } from '../../definitions/model.js';
import type { HistoryPeriod, HistoryUnit, IdSample, MilestoneReport, Status } from '../types.js';
import { num, type Row } from './row.js';
import type { Warehouse } from '../../warehouse/session.js';
import { summarizeStatuses } from '../../statuses/status-summary.js';

/** Ids listed per milestone and status. */
export const SAMPLE_SIZE = 20;

async function readMeanProgress(w: Warehouse): Promise<Map<string, number | null>> {
  const rows = await w.all<Row>(
    'SELECT "milestone_id", avg("progress") AS mean FROM "milestone_status" GROUP BY ALL ORDER BY ALL',
  );
  return new Map(rows.map((r) => [r.milestone_id as string, num(r.mean)]));
}

/** A history longer than this many days is shown by month, a shorter one by week. */
export const WEEKLY_UP_TO_DAYS = 182;

/**
 * Completed / lost / regained per milestone and period (config time zone),
 * every period from the first to the last of all histories (so that the
 * milestones share one axis), with the actors holding the milestone at each
 * period's end (a running sum of completed + regained − lost).
 */
export function historySql(timezone: string, unit: HistoryUnit): string {
  const local = `timezone(${str(timezone)}, CAST("ts" AS TIMESTAMPTZ))`;
  const label = unit === 'month' ? '%Y-%m' : '%Y-%m-%d';
  return `WITH "events" AS (
  SELECT "milestone_id", date_trunc('${unit}', ${local}) AS "period", "type"
  FROM "milestone_history"
  WHERE "type" IN ('milestone_completed', 'milestone_lost', 'milestone_regained')
),
"periods" AS (
  SELECT unnest(generate_series(min("period"), max("period"), INTERVAL 1 ${unit})) AS "period" FROM "events"
),
"counts" AS (
  SELECT "milestone_id", "period",
    count(*) FILTER (WHERE "type" = 'milestone_completed') AS "completed",
    count(*) FILTER (WHERE "type" = 'milestone_lost') AS "lost",
    count(*) FILTER (WHERE "type" = 'milestone_regained') AS "regained"
  FROM "events" GROUP BY ALL
)
SELECT m."milestone_id", strftime(p."period", '${label}') AS "period",
  coalesce(c."completed", 0) AS "completed", coalesce(c."lost", 0) AS "lost", coalesce(c."regained", 0) AS "regained",
  CAST(sum(coalesce(c."completed", 0) + coalesce(c."regained", 0) - coalesce(c."lost", 0))
    OVER (PARTITION BY m."milestone_id" ORDER BY p."period") AS BIGINT) AS "achieving"
FROM (SELECT DISTINCT "milestone_id" FROM "events") AS m
CROSS JOIN "periods" AS p
LEFT JOIN "counts" AS c ON c."milestone_id" = m."milestone_id" AND c."period" = p."period"
ORDER BY m."milestone_id", p."period"`;
}

/** Weeks for a history of at most WEEKLY_UP_TO_DAYS days, months beyond. */
export async function readHistoryUnit(w: Warehouse): Promise<HistoryUnit> {
  const row = await w.one<Row>(
    `SELECT date_diff('day', min("ts"), max("ts")) AS "days" FROM "milestone_history"
     WHERE "type" IN ('milestone_completed', 'milestone_lost', 'milestone_regained')`,
  );
  const days = num(row?.days) ?? 0;
  return days > WEEKLY_UP_TO_DAYS ? 'month' : 'week';
}

async function readPeriods(
  w: Warehouse,
  timezone: string,
  unit: HistoryUnit,
): Promise<Map<string, HistoryPeriod[]>> {
  const rows = await w.all<Row>(historySql(timezone, unit));
  const periods = new Map<string, HistoryPeriod[]>();
  for (const r of rows) {
    const list = periods.get(r.milestone_id as string) ?? [];
    list.push({
      period: r.period as string,
      completed: r.completed as bigint,
      lost: r.lost as bigint,
      regained: r.regained as bigint,
      achieving: r.achieving as bigint,
    });
    periods.set(r.milestone_id as string, list);
  }
  return periods;
}

const emptySamples = (): Record<Status, IdSample> => ({
  achieving: { ids: [], total: 0n },
  not_achieving: { ids: [], total: 0n },
  never_achieved: { ids: [], total: 0n },
  not_started: { ids: [], total: 0n },
});

/** The first SAMPLE_SIZE ids per milestone and status, highest progress first, ties by id. */
async function readSamples(w: Warehouse): Promise<Map<string, Record<Status, IdSample>>> {
  const rows = await w.all<Row>(
    `SELECT "milestone_id", "status", "actor_id", "total" FROM (
       SELECT "milestone_id", "status", "actor_id",
         count(*) OVER (PARTITION BY "milestone_id", "status") AS "total",
         row_number() OVER (PARTITION BY "milestone_id", "status" ORDER BY "progress" DESC NULLS LAST, "actor_id") AS "rank"
       FROM "milestone_status")
     WHERE "rank" <= ? ORDER BY "milestone_id", "status", "rank"`,
    [SAMPLE_SIZE],
  );
  const samples = new Map<string, Record<Status, IdSample>>();
  for (const r of rows) {
    const status = r.status as Status;
    const byStatus = samples.get(r.milestone_id as string) ?? emptySamples();
    if (!(status in byStatus)) continue;
    byStatus[status].ids.push(String(r.actor_id));
    byStatus[status].total = r.total as bigint;
    samples.set(r.milestone_id as string, byStatus);
  }
  return samples;
}

export async function readMilestones(
  w: Warehouse,
  project: Project,
  unit: HistoryUnit,
): Promise<MilestoneReport[]> {
  if (project.milestones.length === 0) return [];
  const summaries = await summarizeStatuses(w, project);
  const progress = await readMeanProgress(w);
  const periods = await readPeriods(w, project.timezone, unit);
  const samples = await readSamples(w);
  return project.milestones.map((m, i) => {
    const summary = summaries[i]!;
    return {
      id: m.id,
      name: m.name,
      level: m.level,
      assigned: summary.assigned,
      counts: summary.counts,
      deadlineMissed: summary.deadline_missed,
      meanProgress: progress.get(m.id) ?? null,
      periods: periods.get(m.id) ?? [],
      samples: samples.get(m.id) ?? emptySamples(),
    };
  });
}
