/**
 * `--known-at K`: only the events that had arrived by K count. An event's
 * arrival is its `arrived_at` (loaded from `sources.events.columns.arrived_at`,
 * or a file column of that name); without one it was known at its own `ts`.
 * A warehouse loaded before the column existed has no `arrived_at`: every
 * event is then known at its `ts`. See docs/KNOWN-AT.md.
 *
 *   knownAt: '2026-03-01 00:00:00', events with arrived_at
 *   -> SET VARIABLE ms_known_at = CAST('2026-03-01 00:00:00' AS TIMESTAMP)
 *      ... AND coalesce(e."arrived_at", e."ts") <= getvariable('ms_known_at')
 *   events without arrived_at
 *   -> ... AND e."ts" <= getvariable('ms_known_at')
 */
import { isTemporal, type Column } from '../columns.js';
import type { PlanStatement } from '../plan-types.js';
import { str } from '../quote.js';
import { KNOWN_AT, VARIABLES } from './names.js';

/** The canonical column of `events` holding an event's arrival time. */
export const ARRIVED_AT = 'arrived_at';

/** Whether the events table carries arrival times (a warehouse loaded before it existed does not). */
export function hasArrivals(events: Column[]): boolean {
  return events.some((c) => c.name.toLowerCase() === ARRIVED_AT && isTemporal(c.type.toUpperCase()));
}

/** The instant an event became known, over `events` aliased `alias` (none: unqualified). */
export function knownTime(events: Column[], alias?: string): string {
  const column = (name: string) => (alias === undefined ? `"${name}"` : `${alias}."${name}"`);
  return hasArrivals(events) ? `coalesce(${column(ARRIVED_AT)}, ${column('ts')})` : column('ts');
}

/** The condition that keeps the events known at K (the plan's `ms_known_at`). */
export function knownCondition(events: Column[], alias?: string): string {
  return `${knownTime(events, alias)} <= ${KNOWN_AT}`;
}

/** Sets K; `knownAt` is naive UTC text from parseAsOf, quoted as a literal. */
export function knownAtStatement(knownAt: string): PlanStatement {
  return {
    name: 'known_at',
    phase: 'build',
    sql: `SET VARIABLE ${VARIABLES.knownAt} = CAST(${str(knownAt)} AS TIMESTAMP)`,
  };
}
