/**
 * The Milestones section's reads: per milestone (config order) the status
 * counts, mean progress, completed / lost / regained per month and the first
 * SAMPLE_SIZE ids per status. One query each over `milestone_status` and
 * `milestone_history`, grouped in SQL.
 *
 *   await readMilestones(w, project)
 *   -> [{ id: 'setup', assigned: 8n, counts: {achieving: 6n, ...}, months: [{month: '2026-01', ...}], samples: {...} }, ...]
 */
import { str } from '../../compiler/quote.js';
import type { Project } from '../../definitions/model.js';
import type { HistoryMonth, IdSample, MilestoneReport, Status } from '../types.js';
import { num, type Row } from './row.js';
import type { Warehouse } from '../../warehouse/session.js';
import { summarizeStatuses } from '../../warehouse/status-summary.js';

/** Ids listed per milestone and status. */
export const SAMPLE_SIZE = 20;

async function readMeanProgress(w: Warehouse): Promise<Map<string, number | null>> {
  const rows = await w.all<Row>(
    'SELECT "milestone_id", avg("progress") AS mean FROM "milestone_status" GROUP BY ALL ORDER BY ALL',
  );
  return new Map(rows.map((r) => [r.milestone_id as string, num(r.mean)]));
}

/** Completed / lost / regained per milestone and month, months in the config's time zone. */
async function readMonths(w: Warehouse, timezone: string): Promise<Map<string, HistoryMonth[]>> {
  const month = `strftime(timezone(${str(timezone)}, CAST("ts" AS TIMESTAMPTZ)), '%Y-%m')`;
  const rows = await w.all<Row>(
    `SELECT "milestone_id", ${month} AS "month",
       count(*) FILTER (WHERE "type" = 'milestone_completed') AS completed,
       count(*) FILTER (WHERE "type" = 'milestone_lost') AS lost,
       count(*) FILTER (WHERE "type" = 'milestone_regained') AS regained
     FROM "milestone_history"
     WHERE "type" IN ('milestone_completed', 'milestone_lost', 'milestone_regained')
     GROUP BY ALL ORDER BY "milestone_id", "month"`,
  );
  const months = new Map<string, HistoryMonth[]>();
  for (const r of rows) {
    const list = months.get(r.milestone_id as string) ?? [];
    list.push({
      month: r.month as string,
      completed: r.completed as bigint,
      lost: r.lost as bigint,
      regained: r.regained as bigint,
    });
    months.set(r.milestone_id as string, list);
  }
  return months;
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

export async function readMilestones(w: Warehouse, project: Project): Promise<MilestoneReport[]> {
  if (project.milestones.length === 0) return [];
  const summaries = await summarizeStatuses(w, project);
  const progress = await readMeanProgress(w);
  const months = await readMonths(w, project.timezone);
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
      months: months.get(m.id) ?? [],
      samples: samples.get(m.id) ?? emptySamples(),
    };
  });
}
