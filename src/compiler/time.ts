/**
 * Time in generated SQL. Durations are absolute (a day is 24 hours: DuckDB
 * adds `INTERVAL 30 DAY` to a naive TIMESTAMP as exactly 30 x 24h); dates in
 * the config's time zone become UTC instants; active days are local dates.
 *
 *   30d              -> INTERVAL 30 DAY
 *   start: 2026-01-01 (America/New_York) -> TIMESTAMP '2026-01-01 05:00:00'
 *   local day of ts  -> CAST(timezone('America/New_York', CAST(e."ts" AS TIMESTAMPTZ)) AS DATE)
 */
import { zonedToUtc } from '../definitions/as-of.js';
import type { Cohort, Duration } from '../definitions/model.js';
import { str } from './quote.js';
import { isTemporal, type PropertyRef } from './columns.js';

const UNITS: [number, string][] = [
  [86_400, 'DAY'],
  [3_600, 'HOUR'],
  [60, 'MINUTE'],
];

/** An exact interval literal for a duration. */
export function intervalSql(duration: Duration): string {
  const { seconds } = duration;
  for (const [size, unit] of UNITS) {
    if (seconds % size === 0) return `INTERVAL ${seconds / size} ${unit}`;
  }
  return Number.isInteger(seconds)
    ? `INTERVAL ${seconds} SECOND`
    : `to_microseconds(${Math.round(seconds * 1e6)})`;
}

const isUtc = (timeZone: string) => timeZone === 'UTC' || timeZone === 'Etc/UTC';

/** A naive wall-clock TIMESTAMP expression in the zone, as a naive UTC TIMESTAMP. */
export function wallClockToUtc(sql: string, timeZone: string): string {
  return isUtc(timeZone) ? sql : `CAST(timezone(${str(timeZone)}, ${sql}) AS TIMESTAMP)`;
}

/** The local date (in the zone) of a naive UTC TIMESTAMP expression. */
export function localDay(sql: string, timeZone: string): string {
  return isUtc(timeZone)
    ? `CAST(${sql} AS DATE)`
    : `CAST(timezone(${str(timeZone)}, CAST(${sql} AS TIMESTAMPTZ)) AS DATE)`;
}

/** A date (or naive date-time) written in the config, read in the zone, as a UTC TIMESTAMP literal. */
export function dateLiteral(text: string, timeZone: string): string {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : `${text.replace(' ', 'T')}Z`;
  const wall = Date.parse(iso);
  if (Number.isNaN(wall)) throw new Error(`not a date: ${text}`);
  const utc = new Date(zonedToUtc(wall, timeZone)).toISOString().replace('T', ' ').replace('Z', '');
  return `TIMESTAMP ${str(utc.replace(/\.000$/, ''))}`;
}

/**
 * An account/contact property as an instant: a TIMESTAMP column as stored
 * (UTC, like every stored timestamp), a DATE column or a date-only text as
 * midnight in the zone, other text as a timestamp (an offset is honoured;
 * naive text is UTC).
 */
export function propertyInstant(ref: PropertyRef, timeZone: string): string {
  if (ref.type === 'NULL') return 'CAST(NULL AS TIMESTAMP)';
  if (ref.type === 'DATE') return wallClockToUtc(`CAST(${ref.sql} AS TIMESTAMP)`, timeZone);
  if (isTemporal(ref.type)) return `CAST(${ref.sql} AS TIMESTAMP)`;
  const text = `CAST(${ref.sql} AS VARCHAR)`;
  return (
    `CASE WHEN length(${text}) = 10 THEN ${wallClockToUtc(`CAST(TRY_CAST(${text} AS DATE) AS TIMESTAMP)`, timeZone)}` +
    ` ELSE CAST(TRY_CAST(${text} AS TIMESTAMPTZ) AS TIMESTAMP) END`
  );
}

/** The day after a YYYY-MM-DD date (calendar arithmetic, no zone involved). */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * Whether the instant `column` is in a period: `{last: D}` is (T - D, T];
 * `{from, to}` is whole days in the zone, `to` included; `all` is anything
 * (callers already stop at T).
 *
 *   {last: 90d}, "ts" -> "ts" > getvariable('cv_as_of') - INTERVAL 90 DAY
 */
export function periodCondition(period: Cohort, timeZone: string, column: string, asOf: string): string {
  switch (period.kind) {
    case 'all':
      return 'TRUE';
    case 'last':
      return `${column} > ${asOf} - ${intervalSql(period.duration)}`;
    case 'range':
      return `${column} >= ${dateLiteral(period.from, timeZone)} AND ${column} < ${dateLiteral(nextDay(period.to), timeZone)}`;
  }
}
