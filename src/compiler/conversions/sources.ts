/**
 * Where a conversion's instants come from: one scan of `events` for its event
 * steps and exclusions (sql/conversion-events.sql; touchpoints are read
 * later, for settled entries only: sql/conversion-touches.sql), and
 * `milestone_status` for milestone steps. Each source is a SELECT of
 * ("actor_key", "account_id", "ts"): the actor's number, or its id
 * (actor-key.ts).
 *
 *   steps: [setup, {event: checkout_started}], by text
 *   -> step 1: SELECT s."actor_id" AS "actor_key", s."account_id", s."completed_at" AS "ts" FROM "milestone_status" AS s
 *              WHERE s."milestone_id" = 'setup' AND s."completed_at" <= getvariable('cv_as_of')
 *      step 2: SELECT "actor_key", "account_id", "ts" FROM "_cv_x__events" WHERE "s2"
 *   with knownAt, the scan also keeps only the events known at K:
 *   -> ... AND coalesce(e."arrived_at", e."ts") <= getvariable('ms_known_at')
 */
import type { Conversion, Filter, Step, Touchpoint } from '../../definitions/model.js';
import { ident, str } from '../quote.js';
import type { WarehouseTables } from '../columns.js';
import { compileWhere } from '../filters.js';
import { fillTemplate } from '../template.js';
import { knownCondition } from '../statuses/known-at.js';
import { AS_OF, conversionTable, MILESTONE_STATUS } from './names.js';
import { actorKey, statusKeySelect, type ActorKey } from './actor-key.js';

/**
 * Event steps whose event name another event step shares (0-based indexes):
 * an event can fill only one step of an attempt, so these steps pick event
 * rows by a per-actor occurrence key instead of by time alone (funnel.ts).
 *   steps: [signup, {event: pageview}, {event: pageview}] -> {1, 2}
 */
export function sharedEventSteps(conversion: Conversion): Set<number> {
  const byName = new Map<string, number[]>();
  conversion.steps.forEach((step, i) => {
    if (step.kind === 'event') byName.set(step.event, [...(byName.get(step.event) ?? []), i]);
  });
  return new Set([...byName.values()].filter((list) => list.length > 1).flat());
}

/**
 * The occurrence key of a scanned row, when some steps share an event name:
 * ts in microseconds, then the row's rank among the actor's rows at that
 * instant. At one instant a row that can fill an earlier step ranks first
 * (then by its last step, then by the steps it can fill), so that equal
 * timestamps still count as in order.
 *   -> epoch_us("ts")::HUGEINT * 4294967296 + row_number() OVER (PARTITION BY "actor_key", "ts"
 *        ORDER BY CASE WHEN "s2" THEN 2 WHEN "s3" THEN 3 END, ...)
 */
function occurrenceKey(conversion: Conversion): string {
  const shared = [...sharedEventSteps(conversion)].sort((a, b) => a - b);
  if (shared.length === 0) return '';
  const flag = (i: number) => ident(`s${i + 1}`);
  const first = shared.map((i) => `WHEN ${flag(i)} THEN ${i + 1}`).join(' ');
  const last = [...shared]
    .reverse()
    .map((i) => `WHEN ${flag(i)} THEN ${i + 1}`)
    .join(' ');
  // Then the account (a contact's rows may name several): rows alike in all of these are interchangeable.
  const order = `CASE ${first} END, CASE ${last} END, [${shared.map(flag).join(', ')}], "account_id"`;
  return (
    `,
  epoch_us("ts")::HUGEINT * 4294967296
` + `    + row_number() OVER (PARTITION BY "actor_key", "ts" ORDER BY ${order}) AS "key"`
  );
}

const condition = (tables: WarehouseTables, event: string, where: Filter[], timeZone: string): string => {
  const filters = compileWhere(tables.events, 'e', where, timeZone);
  return filters === 'TRUE' ? `e."event" = ${str(event)}` : `e."event" = ${str(event)}\n  AND ${filters}`;
};

/** Flag columns of the scan (its event names: scanEvents). */
function scanColumns(conversion: Conversion, tables: WarehouseTables, timeZone: string): string[] {
  const columns: string[] = [];
  conversion.steps.forEach((step, i) => {
    if (step.kind !== 'event') return;
    columns.push(`${condition(tables, step.event, step.where, timeZone)} AS ${ident(`s${i + 1}`)}`);
  });
  conversion.exclusions.forEach((x, i) => {
    columns.push(`${condition(tables, x.event, x.where, timeZone)} AS ${ident(`x${i + 1}`)}`);
  });
  return columns;
}

/** The event names of a conversion's event steps and exclusions, sorted (what its scan reads). */
export function scanEvents(conversion: Conversion): string[] {
  const events = new Set<string>();
  for (const step of conversion.steps) if (step.kind === 'event') events.add(step.event);
  for (const x of conversion.exclusions) events.add(x.event);
  return [...events].sort();
}

/** A touchpoint with its 1-based place in the conversion's declaration. */
export interface PlacedTouchpoint {
  touchpoint: Touchpoint;
  position: number;
}

export const placedTouchpoints = (conversion: Conversion): PlacedTouchpoint[] =>
  conversion.touchpoints.map((touchpoint, i) => ({ touchpoint, position: i + 1 }));

/**
 * The touchpoints with their event names, as VALUES rows for
 * conversion-touches.sql's join on the event name.
 *   -> (1, 'page_view'), (2, 'demo_booked')
 */
export const touchpointRows = (touchpoints: PlacedTouchpoint[]): string =>
  touchpoints.map((t) => `(${t.position}, ${str(t.touchpoint.event)})`).join(', ');

/** A touchpoint's own filter on the joined row `e`, or 'TRUE' when it has none. */
export const touchpointFilter = (t: PlacedTouchpoint, tables: WarehouseTables, timeZone: string): string =>
  compileWhere(tables.events, 'e', t.touchpoint.where, timeZone);

/**
 * Each touchpoint's own filter on the joined row `e` (touchpoint `tp`), or
 * nothing when none of them has one.
 *   -> AND CASE tp."touchpoint" WHEN 1 THEN coalesce(...) ELSE TRUE END
 */
export function touchpointFilters(
  touchpoints: PlacedTouchpoint[],
  tables: WarehouseTables,
  timeZone: string,
): string {
  const whens = touchpoints.flatMap((t) => {
    const filter = touchpointFilter(t, tables, timeZone);
    return filter === 'TRUE' ? [] : [`\n  WHEN ${t.position} THEN ${filter}`];
  });
  return whens.length === 0 ? '' : `\nAND CASE tp."touchpoint"${whens.join('')}\n  ELSE TRUE\nEND`;
}

/** The event names these touchpoints count, sorted, as SQL literals. */
export const touchpointEvents = (touchpoints: PlacedTouchpoint[]): string =>
  [...new Set(touchpoints.map((t) => t.touchpoint.event))].sort().map(str).join(', ');

/** What narrows every read of `events` row `e` after the first step (the scan, touches, value sums). */
export interface ScanBounds {
  /** `--known-at`: only the events known at K (docs/KNOWN-AT.md). */
  knownAt: boolean;
  /**
   * Lower bounds on `e."ts"`: ` AND e."ts" >= <the cohort's start>` (`>` for
   * `last: D`; funnel.ts, cohortFloor), an incremental run's touches also
   * ` AND e."ts" >= <the rescanned entries' earliest start>` (plan.ts), or ''.
   */
  floor: string;
  /** An incremental run's actors: a condition on an actor key (continued.ts). */
  only?: (key: string) => string;
}

export const NO_BOUNDS: ScanBounds = { knownAt: false, floor: '' };

/** The scan statement, or undefined when the conversion uses no event at all. */
export function eventScanSql(
  conversion: Conversion,
  tables: WarehouseTables,
  timeZone: string,
  bounds: ScanBounds = NO_BOUNDS,
): string | undefined {
  const events = scanEvents(conversion);
  if (events.length === 0) return undefined;
  const key = actorKey(conversion, tables);
  const anyFlag = [
    ...conversion.steps.flatMap((s, i) => (s.kind === 'event' ? [ident(`s${i + 1}`)] : [])),
    ...conversion.exclusions.map((_x, i) => ident(`x${i + 1}`)),
  ];
  return fillTemplate('conversion-events', {
    table: ident(conversionTable.events(conversion.id)),
    actor_key: key.event,
    has_actor: key.eventHasActor,
    narrow: bounds.floor + (bounds.only ? bounds.only(key.event) : ''),
    columns: scanColumns(conversion, tables, timeZone).join(',\n'),
    events: events.map(str).join(', '),
    any_flag: anyFlag.join(' OR '),
    key: occurrenceKey(conversion),
    // `--known-at`: one more condition beside `e."ts" <= T` (statuses/known-at.ts).
    known: bounds.knownAt ? `\n  AND ${knownCondition(tables.events, 'e')}` : '',
  });
}

/**
 * The occurrences of step `index` (0-based). Milestone steps read
 * `statusTable`: `milestone_status`, or the statuses plan's staged table when
 * `compute` publishes statuses and conversions together. `only(key)`: an
 * incremental run's actors (event steps read the scan, already narrowed).
 */
export function stepSource(
  conversion: Conversion,
  step: Step,
  index: number,
  key: ActorKey,
  statusTable: string = MILESTONE_STATUS,
  only?: (key: string) => string,
): string {
  if (step.kind === 'milestone') {
    // An incremental run's actors only (continued.ts): on the number before its guard, or the id.
    const actors = only ? only(key.byNumber ? 'n."number"' : 's."actor_id"') : '';
    const where = `s."milestone_id" = ${str(step.milestone)} AND s."completed_at" <= ${AS_OF}${actors}`;
    return statusKeySelect(conversion, key, statusTable, where);
  }
  const occurrence = sharedEventSteps(conversion).has(index) ? ', "key"' : '';
  return `SELECT "actor_key", "account_id", "ts"${occurrence}\nFROM ${ident(conversionTable.events(conversion.id))}\nWHERE ${ident(`s${index + 1}`)}`;
}

/** The events of exclusion `index` (0-based). */
export function exclusionSource(conversion: Conversion, index: number): string {
  return `SELECT "actor_key", "ts"\nFROM ${ident(conversionTable.events(conversion.id))}\nWHERE ${ident(`x${index + 1}`)}`;
}
