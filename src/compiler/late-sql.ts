/**
 * The SQL of `milestones late` and `compute --known-at` (docs/KNOWN-AT.md),
 * beside what they reuse from `milestones diff` (diff-sql.ts): the statuses
 * known at K are the diff's "base", those known now its "head". Pure text;
 * T and K are bound parameters ($1 = T, $2 = K).
 *
 *   events (a1 signup ts 03-01 arrived 03-05), --known-at 03-02 --as-of 03-02
 *   -> SELECT e."event", count(*) AS "late_events", ... FROM "events" AS e
 *      WHERE e."ts" <= CAST($1 AS TIMESTAMP)
 *        AND coalesce(e."arrived_at", e."ts") > CAST($2 AS TIMESTAMP)
 *      GROUP BY e."event"                     -> (signup, 1, 1, 03-01, 03-01, 03-05)
 */
import type { Project } from '../definitions/model.js';
import type { Column } from './columns.js';
import type { MilestoneChange } from './diff-milestones.js';
import { ident } from './quote.js';
import { isoInstantSql } from './time.js';
import { ARRIVED_AT, hasArrivals, knownTime } from './statuses/known-at.js';

/** Both sides evaluate the same definitions: every milestone is compared actor by actor. */
export function sameMilestones(project: Project): MilestoneChange[] {
  return project.milestones.map((m) => ({ id: m.id, level: m.level, definition: 'same' }));
}

/**
 * Late events per event name: occurred by T ($1), arrived after K ($2).
 * Without arrival times an event arrived at its `ts`, so only events between
 * K and T (when T is after K) are late. The most late events first.
 */
export function lateEventsSql(events: Column[]): string {
  const known = knownTime(events, 'e');
  const arrived = hasArrivals(events) ? `e.${ident(ARRIVED_AT)}` : 'e."ts"';
  return `SELECT e."event",
  count(*) AS "late_events",
  count(DISTINCT e."account_id") AS "accounts",
  ${isoInstantSql('min(e."ts")')} AS "first_ts",
  ${isoInstantSql('max(e."ts")')} AS "last_ts",
  ${isoInstantSql(`max(${arrived})`)} AS "last_arrived_at"
FROM "events" AS e
WHERE e."ts" <= CAST($1 AS TIMESTAMP)
  AND ${known} > CAST($2 AS TIMESTAMP)
GROUP BY e."event"
ORDER BY "late_events" DESC, e."event"`;
}

/** How many events carry an arrival time (none: a warehouse without the column gives 0). */
export function arrivalsSql(events: Column[]): string {
  const counted = hasArrivals(events) ? `count(${ident(ARRIVED_AT)})` : '0';
  return `SELECT ${counted} AS "n" FROM "events"`;
}
