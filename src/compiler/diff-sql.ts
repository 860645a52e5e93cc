/**
 * The SQL of `milestones diff`: both versions' statuses are built by the
 * unchanged statuses plan (build phase only, into `_ms_status`) and copied
 * to a snapshot temp table each; a FULL OUTER JOIN of the two keeps the
 * actors whose published status row differs (status, progress, completion
 * time, evaluation start, deadline, deadline flags);
 * small aggregates and the first N changed rows are read out. Pure text.
 *
 *   milestones [setup (same), activated (changed)]
 *   -> CREATE OR REPLACE TEMP TABLE "_diff_base" AS SELECT * FROM "_ms_status"
 *      CREATE OR REPLACE TEMP TABLE "_diff_head" AS SELECT * FROM "_ms_status"
 *      CREATE OR REPLACE TEMP TABLE "_diff_changes" AS
 *        SELECT ... FROM "_diff_base" AS b FULL OUTER JOIN "_diff_head" AS h
 *          ON h."milestone_id" = b."milestone_id" AND h."level" = b."level" AND h."actor_id" = b."actor_id"
 *        JOIN (VALUES (0, 'setup', 'same'), (1, 'activated', 'changed')) AS m(...) ...
 *        WHERE <any compared column IS DISTINCT>
 *
 *   conversions [trial_to_customer] (each side, after its conversions' funnel is built)
 *   -> SELECT 0 AS "i", 'trial_to_customer' AS "conversion_id", count(*) AS "entered", ...
 *      FROM "_cv_trial_to_customer__entries"
 */
import { conversionTable } from './conversions/names.js';
import type { MilestoneChange } from './diff-milestones.js';
import { ident, literal, str } from './quote.js';
import { SHARED } from './statuses/names.js';
import { isoInstantSql } from './time.js';

export const DIFF_TABLES = {
  base: '_diff_base',
  head: '_diff_head',
  changes: '_diff_changes',
} as const;

export const STATUSES = ['achieving', 'not_achieving', 'never_achieved', 'not_started'] as const;

/** The per-milestone measures, each read for the base and for the head. */
export const MEASURES = ['assigned', ...STATUSES, 'deadline_missed', 'completed', 'mean_progress'] as const;

export type Side = 'base' | 'head';

/** Copies the statuses the plan just built, before the other version's plan replaces them. */
export function snapshotSql(side: Side): string {
  return `CREATE OR REPLACE TEMP TABLE ${ident(DIFF_TABLES[side])} AS\nSELECT * FROM ${ident(SHARED.status)}`;
}

/** The milestones as a relation m("i", "milestone_id", "definition"); empty when there are none. */
function milestoneList(milestones: MilestoneChange[]): string {
  if (milestones.length === 0) {
    return `(SELECT CAST(NULL AS INTEGER) AS "i", CAST(NULL AS VARCHAR) AS "milestone_id", CAST(NULL AS VARCHAR) AS "definition" WHERE FALSE)`;
  }
  const rows = milestones.map((m, i) => `(${literal(i)}, ${str(m.id)}, ${str(m.definition)})`);
  return `(SELECT * FROM (VALUES ${rows.join(', ')}) AS v("i", "milestone_id", "definition"))`;
}

/**
 * The published status columns compared per actor: every one but the ids and
 * `as_of`, so that a definition change which moves any published cell is a
 * change (adding a deadline moves `deadline` and `on_time` of an actor who
 * completed in time, and nothing else). Progress is compared to 1e-9 so that
 * float noise is no change.
 */
export const CHANGE_COLUMNS = [
  'status',
  'progress',
  'completed_at',
  'evaluation_start',
  'deadline',
  'deadline_missed',
  'on_time',
] as const;

const differs = (c: string) =>
  c === 'progress'
    ? `round(b."progress", 9) IS DISTINCT FROM round(h."progress", 9)`
    : `b.${ident(c)} IS DISTINCT FROM h.${ident(c)}`;

const COMPARED = CHANGE_COLUMNS.map(differs);

/**
 * How a changed actor sorts: 0 its status moved, 1 another result (progress,
 * completion, a deadline flag), 2 only its schedule (start, deadline), so
 * that moving a deadline by two weeks lists the actors it flips first.
 */
const CHANGE_RANK = `CASE WHEN ${differs('status')} THEN 0
    WHEN ${['progress', 'completed_at', 'deadline_missed', 'on_time'].map(differs).join(' OR ')} THEN 1
    ELSE 2 END`;

const INSTANT_COLUMNS = new Set<string>(['completed_at', 'evaluation_start', 'deadline']);

/**
 * The changed actors of the milestones both versions declare (an added or
 * removed milestone shows in the aggregates only: every one of its actors
 * would be a "change"). An actor only one version assigns has NULLs on the
 * other side.
 */
export function changesSql(milestones: MilestoneChange[]): string {
  const side = (column: string) =>
    `b.${ident(column)} AS ${ident(`base_${column}`)}, h.${ident(column)} AS ${ident(`head_${column}`)}`;
  return `CREATE OR REPLACE TEMP TABLE ${ident(DIFF_TABLES.changes)} AS
SELECT
  m."i" AS "milestone_index",
  coalesce(b."milestone_id", h."milestone_id") AS "milestone_id",
  coalesce(b."level", h."level") AS "level",
  coalesce(b."actor_id", h."actor_id") AS "actor_id",
  coalesce(h."account_id", b."account_id") AS "account_id",
  ${CHANGE_COLUMNS.map(side).join(',\n  ')},
  (${COMPARED[0]}) AS "status_changed",
  ${CHANGE_RANK} AS "change_rank"
FROM ${ident(DIFF_TABLES.base)} AS b
FULL OUTER JOIN ${ident(DIFF_TABLES.head)} AS h
  ON h."milestone_id" = b."milestone_id" AND h."level" = b."level" AND h."actor_id" = b."actor_id"
JOIN ${milestoneList(milestones)} AS m ON m."milestone_id" = coalesce(b."milestone_id", h."milestone_id")
WHERE m."definition" IN ('same', 'changed')
  AND (${COMPARED.join('\n    OR ')})`;
}

/** One side's measures per milestone. */
function measuresOf(side: Side): string {
  const counts = STATUSES.map((s) => `count(*) FILTER (WHERE "status" = ${str(s)}) AS ${ident(s)}`);
  return `SELECT "milestone_id", count(*) AS "assigned",
    ${counts.join(',\n    ')},
    count(*) FILTER (WHERE "deadline_missed") AS "deadline_missed",
    count("completed_at") AS "completed",
    round(avg("progress"), 2) AS "mean_progress"
  FROM ${ident(DIFF_TABLES[side])}
  GROUP BY "milestone_id"`;
}

/**
 * One row per milestone, in the list's order: `base_<measure>` and
 * `head_<measure>` (0 for a side with no actors; the caller blanks the side
 * where the milestone does not exist) and the number of changed actors.
 */
export function aggregatesSql(milestones: MilestoneChange[]): string {
  const columns = MEASURES.flatMap((x) => {
    const zero = x === 'mean_progress' ? 'NULL' : '0';
    return (['base', 'head'] as const).map(
      (s) => `coalesce(${s}.${ident(x)}, ${zero}) AS ${ident(`${s}_${x}`)}`,
    );
  });
  return `WITH "base" AS (
  ${measuresOf('base')}
), "head" AS (
  ${measuresOf('head')}
), "changed" AS (
  SELECT "milestone_id", count(*) AS "actors", count(*) FILTER (WHERE "status_changed") AS "statuses"
  FROM ${ident(DIFF_TABLES.changes)}
  GROUP BY "milestone_id"
)
SELECT m."milestone_id",
  ${columns.join(',\n  ')},
  coalesce(c."actors", 0) AS "changed_actors",
  coalesce(c."statuses", 0) AS "changed_statuses"
FROM ${milestoneList(milestones)} AS m
LEFT JOIN "base" ON "base"."milestone_id" = m."milestone_id"
LEFT JOIN "head" ON "head"."milestone_id" = m."milestone_id"
LEFT JOIN "changed" AS c ON c."milestone_id" = m."milestone_id"
ORDER BY m."i"`;
}

/**
 * The first `limit` changed actors: by milestone (the list's order), status
 * changes first, then other results, then schedule-only moves (CHANGE_RANK),
 * then level and actor id (unique per milestone and level), so the order is
 * total and the output byte-stable.
 */
export function changedRowsSql(limit: number): string {
  const read = (side: Side, column: string) => {
    const name = ident(`${side}_${column}`);
    if (column === 'progress') return `round(${name}, 2) AS ${name}`;
    if (INSTANT_COLUMNS.has(column)) return `${isoInstantSql(name)} AS ${name}`;
    return name;
  };
  const columns = CHANGE_COLUMNS.flatMap((c) => [read('base', c), read('head', c)]);
  return `SELECT "milestone_id", "level", "actor_id", "account_id",
  ${columns.join(',\n  ')}
FROM ${ident(DIFF_TABLES.changes)}
ORDER BY "milestone_index", "change_rank", "level", "actor_id"
LIMIT ${literal(limit)}`;
}

export const changedCountSql = `SELECT count(*) AS "n" FROM ${ident(DIFF_TABLES.changes)}`;

/** The per-conversion headline numbers, each read for the base and for the head. */
export const CONVERSION_MEASURES = ['entered', 'in_progress', 'converted', 'rate'] as const;

/**
 * One row per conversion, in the given order, from the funnel the
 * conversions plan just built (`_cv_<id>__entries`, one row per entered
 * actor): entered, in progress, converted, and the overall rate in percent
 * (0.1) among settled actors (entered - in progress; NULL when none), as
 * `compute` reports it. Empty list: no statement (the caller skips it).
 */
export function conversionCountsSql(ids: string[]): string {
  const one = (id: string, i: number) => `SELECT ${literal(i)} AS "i", ${str(id)} AS "conversion_id",
  count(*) AS "entered",
  count(*) FILTER (WHERE "in_progress") AS "in_progress",
  count(*) FILTER (WHERE "converted") AS "converted",
  round(100 * CAST(count(*) FILTER (WHERE "converted") AS DOUBLE)
    / nullif(count(*) - count(*) FILTER (WHERE "in_progress"), 0), 1) AS "rate"
FROM ${ident(conversionTable.entries(id))}`;
  return `${ids.map(one).join('\nUNION ALL\n')}\nORDER BY "i"`;
}
