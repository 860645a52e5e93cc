/**
 * The funnel's rows: attempts (sql/conversion-attempts.sql) and, per actor,
 * the best attempt (sql/conversion-entries.sql).
 *
 *   steps: [setup, customer], window: 60d, cohort: {last: 90d},
 *   exclusions: [{event: deal_lost, between: [0, 1]}]
 *   -> a1: setup completions with "ts" > T - INTERVAL 90 DAY
 *      a2: ASOF LEFT JOIN customer completions ON s."ts" >= a."t1" -> "t2" (when <= t1 + 60d)
 *      x1: ASOF LEFT JOIN deal_lost ON x."ts" > a."t1" -> "void_1"
 *   -> entries: the best attempt per actor, converted, in_progress, seconds, revenue
 */
import type { Cohort, Conversion } from '../../definitions/model.js';
import { ident, indentSql } from '../quote.js';
import { asNumber, propertyRef, type WarehouseTables } from '../columns.js';
import { fillTemplate } from '../template.js';
import { intervalSql, periodCondition, periodStart } from '../time.js';
import { knownCondition } from '../statuses/known-at.js';
import { AS_OF, conversionTable, MILESTONE_STATUS } from './names.js';
import { exclusionSource, NO_BOUNDS, sharedEventSteps, stepSource, type ScanBounds } from './sources.js';
import { actorKey, entryActorId, type ActorKey } from './actor-key.js';

/** Which first-step instants count as entries (sources already stop at T). */
export function cohortCondition(cohort: Cohort, timeZone: string): string {
  return periodCondition(cohort, timeZone, '"ts"', AS_OF);
}

/**
 * ` AND <the events row's ts is at or after the cohort's start>`, or nothing:
 * every event a conversion reads after its first step (later steps,
 * exclusions, touches, value events) is at or after that step, which is in
 * the cohort. As a constant bound in the scan, DuckDB skips the row groups
 * before it (events are loaded sorted by event name and time).
 */
export function cohortFloor(conversion: Conversion, timeZone: string): string {
  const start = periodStart(conversion.cohort, timeZone, 'e."ts"', AS_OF);
  return start === undefined ? '' : ` AND ${start}`;
}

const indent = (text: string, spaces: number) => indentSql(text, ' '.repeat(spaces));

/** The 0-based index of the last step before `index` with the same event name, if any. */
function previousSameEvent(conversion: Conversion, index: number): number | undefined {
  const step = conversion.steps[index]!;
  if (step.kind !== 'event') return undefined;
  for (let j = index - 1; j >= 0; j--) {
    const earlier = conversion.steps[j]!;
    if (earlier.kind === 'event' && earlier.event === step.event) return j;
  }
  return undefined;
}

/** An instant as the smallest occurrence key it can hold (sources.ts: occurrenceKey). */
const keyFloor = (column: string) => `epoch_us(${column})::HUGEINT * 4294967296`;

function stepJoin(
  conversion: Conversion,
  index: number,
  key: ActorKey,
  statusTable: string,
  only?: (key: string) => string,
): string {
  const k = index + 1;
  const source = stepSource(conversion, conversion.steps[index]!, index, key, statusTable, only);
  const keyed = sharedEventSteps(conversion).has(index);
  const same = previousSameEvent(conversion, index);
  // A repeat of an event step takes an event after the one its earlier twin took
  // (by occurrence key), and at or after the previous step: one event fills one step.
  const floor =
    same === undefined ? undefined : `greatest(${keyFloor(`"t${k - 1}"`)}, "k${same + 1}" + 1) AS "floor"`;
  // The match is checked again: DuckDB 1.5's ASOF join can match a left row whose
  // inequality key is NULL (a step not reached) on large inputs.
  const ok =
    `s."ts" >= a."t${k - 1}" AND s."ts" <= a."window_end"` + (floor ? ` AND s."key" >= a."floor"` : '');
  const from = floor ? `(SELECT *, ${floor} FROM "a${k - 1}") AS a` : `"a${k - 1}" AS a`;
  const on = floor ? `s."key" >= a."floor"` : `s."ts" >= a."t${k - 1}"`;
  return (
    `,\n"a${k}" AS (\n` +
    `  SELECT ${floor ? 'a.* EXCLUDE ("floor")' : 'a.*'}, CASE WHEN ${ok} THEN s."ts" END AS "t${k}"` +
    (keyed ? `, CASE WHEN ${ok} THEN s."key" END AS "k${k}"` : '') +
    `\n  FROM ${from}\n` +
    `  ASOF LEFT JOIN (\n    ${indent(source, 4)}\n  ) AS s ON s."actor_key" = a."actor_key" AND ${on}\n)`
  );
}

/** Voids an attempt when an exclusion event falls strictly between steps i and j (0-based). */
function exclusionJoin(conversion: Conversion, index: number, previous: string): string {
  const [i, j] = conversion.exclusions[index]!.between;
  const from = ident(`t${i + 1}`);
  const to = ident(`t${j + 1}`);
  return (
    `,\n"x${index + 1}" AS (\n` +
    `  SELECT\n    a.*,\n` +
    `    coalesce(x."ts" > a.${from} AND CASE WHEN a.${to} IS NOT NULL THEN x."ts" < a.${to} ELSE x."ts" <= a."window_end" END, FALSE)` +
    ` AS "void_${index + 1}"\n` +
    `  FROM ${ident(previous)} AS a\n` +
    `  ASOF LEFT JOIN (\n    ${indent(exclusionSource(conversion, index), 4)}\n  ) AS x` +
    ` ON x."actor_key" = a."actor_key" AND x."ts" > a.${from}\n)`
  );
}

/**
 * `statusTable`: where milestone steps read completions (see stepSource).
 * `only(key)`: a condition that keeps an incremental run's actors' step
 * occurrences (continued.ts), and so their attempts only.
 */
export function attemptsSql(
  conversion: Conversion,
  tables: WarehouseTables,
  timeZone: string,
  statusTable: string = MILESTONE_STATUS,
  only?: (key: string) => string,
): string {
  const n = conversion.steps.length;
  const key = actorKey(conversion, tables);
  const joins: string[] = [];
  for (let index = 1; index < n; index++) joins.push(stepJoin(conversion, index, key, statusTable, only));
  let last = `a${n}`;
  conversion.exclusions.forEach((_x, index) => {
    joins.push(exclusionJoin(conversion, index, last));
    last = `x${index + 1}`;
  });
  const steps = Array.from({ length: n }, (_v, i) => i + 1);
  const reached = steps
    .slice(1)
    .reverse()
    .map((k) => `WHEN "t${k}" IS NOT NULL THEN ${k}`);
  const voids = conversion.exclusions.map((_x, i) => ident(`void_${i + 1}`));
  return fillTemplate('conversion-attempts', {
    table: ident(conversionTable.attempts(conversion.id)),
    window: intervalSql(conversion.window),
    first_step: stepSource(conversion, conversion.steps[0]!, 0, key, statusTable, only),
    first_key: sharedEventSteps(conversion).has(0) ? ',\n"key" AS "k1"' : '',
    cohort: cohortCondition(conversion.cohort, timeZone),
    joins: joins.join(''),
    times: steps.map((k) => ident(`t${k}`)).join(', '),
    reached: `CASE ${reached.join(' ')} ELSE 1 END`,
    voided: voids.length > 0 ? voids.join(' OR ') : 'FALSE',
    last: ident(last),
  });
}

/**
 * Revenue (`value:`): an events property is summed over the actor's events
 * from the first to the last step of the converting attempt; a property that
 * is only a column of `accounts` is the account's value.
 */
function revenueSql(
  conversion: Conversion,
  tables: WarehouseTables,
  bounds: ScanBounds,
): { revenue: string; join: string } {
  const none = { revenue: 'CAST(NULL AS DOUBLE)', join: '' };
  if (conversion.value === undefined) return none;
  const n = conversion.steps.length;
  const eventRef = propertyRef(tables.events, 'e', conversion.value);
  const accountRef = propertyRef(tables.accounts, 'p', conversion.value);
  const isEventColumn = eventRef.type !== 'TEXT' && eventRef.type !== 'NULL';
  if (!isEventColumn && accountRef.type !== 'NULL' && accountRef.type !== 'TEXT') {
    return {
      revenue: `CASE WHEN b."converted" THEN coalesce(${asNumber(accountRef)}, 0) END`,
      join: `\nLEFT JOIN "accounts" AS p ON CAST(p."account_id" AS VARCHAR) = b."account_id"`,
    };
  }
  const value = asNumber(eventRef);
  // `--known-at`: only the events that had arrived by K add to the value (statuses/known-at.ts).
  const known = bounds.knownAt ? ` AND ${knownCondition(tables.events, 'e')}` : '';
  return {
    revenue: 'CASE WHEN b."converted" THEN coalesce(v."revenue", 0) END',
    join:
      `\nLEFT JOIN (\n  SELECT b."actor_key", sum(e."value") AS "revenue"\n  FROM "best" AS b\n` +
      `  JOIN (\n    SELECT ${actorKey(conversion, tables).event} AS "actor_key", e."ts", ${value} AS "value"\n` +
      `    FROM "events" AS e\n    WHERE ${value} IS NOT NULL AND e."ts" <= ${AS_OF}${known}${bounds.floor}\n  ) AS e\n` +
      `    ON e."actor_key" = b."actor_key" AND e."ts" >= b."times"[1] AND e."ts" <= b."times"[${n}]\n` +
      `  WHERE b."converted"\n  GROUP BY b."actor_key"\n) AS v ON v."actor_key" = b."actor_key"`,
  };
}

/**
 * `bounds`: what the value sums read (see revenueSql). `table`: where the
 * entries go (an incremental run's fresh ones: continued.ts).
 */
export function entriesSql(
  conversion: Conversion,
  tables: WarehouseTables,
  bounds: ScanBounds = NO_BOUNDS,
  table = conversionTable.entries(conversion.id),
): string {
  const { revenue, join } = revenueSql(conversion, tables, bounds);
  const actor = entryActorId(conversion, actorKey(conversion, tables));
  return fillTemplate('conversion-entries', {
    actor_id: actor.id,
    actor_join: actor.join,
    table: ident(table),
    attempts: ident(conversionTable.attempts(conversion.id)),
    steps: String(conversion.steps.length),
    revenue,
    revenue_join: join,
  });
}
