/**
 * Time in generated SQL. Durations are absolute (a day is 24 hours: DuckDB
 * adds `INTERVAL 30 DAY` to a naive TIMESTAMP as exactly 30 x 24h); dates in
 * the config's time zone become UTC instants; active days are local dates.
 *
 *   30d              -> INTERVAL 30 DAY
 *   start: 2026-01-01 (America/New_York) -> TIMESTAMP '2026-01-01 05:00:00'
 *   local day of ts  -> CAST(timezone('America/New_York', CAST(e."ts" AS TIMESTAMPTZ)) AS DATE)
 */
import { endOf, startOf } from '../definitions/instants.js';
import type { Cohort, Duration } from '../definitions/model.js';
import { str } from './quote.js';
import { isTemporal, type PropertyRef } from './columns.js';
import type { PlanStatement } from './plan-types.js';

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

/**
 * A date or instant written in the config as a UTC TIMESTAMP literal: a date
 * is midnight in the zone, a naive time is wall-clock time in the zone, a
 * time with Z or an offset is exact (definitions/instants.ts).
 */
export function dateLiteral(text: string, timeZone: string): string {
  const start = startOf(text, timeZone);
  if (!start) throw new Error(`not a date: ${text}`);
  return `TIMESTAMP ${str(start.sql)}`;
}

/** Text that ends in a zone: `Z`, an offset (`+02`, `-0500`, `+05:30`) or `UTC`. */
const ZONED_TEXT = String.raw`'(Z|[+-]\d\d(:?\d\d)?|\s*UTC)$'`;

/**
 * An account/contact property as an instant: a TIMESTAMP column as stored
 * (UTC, like every stored timestamp), a DATE column or a date-only text as
 * midnight in the zone; other text with a zone (Z, an offset, UTC) as that
 * instant, and naive text as wall-clock time in the zone, as the loader
 * reads a naive time (it had been read as UTC: a `start` of "2026-01-05
 * 09:00:00" in New York began at 09:00Z, five hours early; found by review).
 */
export function propertyInstant(ref: PropertyRef, timeZone: string): string {
  if (ref.type === 'NULL') return 'CAST(NULL AS TIMESTAMP)';
  if (ref.type === 'DATE') return wallClockToUtc(`CAST(${ref.sql} AS TIMESTAMP)`, timeZone);
  if (isTemporal(ref.type)) return `CAST(${ref.sql} AS TIMESTAMP)`;
  const text = `CAST(${ref.sql} AS VARCHAR)`;
  return (
    `CASE WHEN length(${text}) = 10 THEN ${wallClockToUtc(`CAST(TRY_CAST(${text} AS DATE) AS TIMESTAMP)`, timeZone)}` +
    ` WHEN regexp_matches(trim(${text}), ${ZONED_TEXT}, 'i') THEN CAST(TRY_CAST(${text} AS TIMESTAMPTZ) AS TIMESTAMP)` +
    ` ELSE ${wallClockToUtc(`TRY_CAST(${text} AS TIMESTAMP)`, timeZone)} END`
  );
}

/**
 * The start of a period alone, or undefined for `all`: what an instant at or
 * after one in the period satisfies (a conversion's later steps, exclusions,
 * touches and value events are at or after its first step, which is in the
 * cohort: funnel.ts, cohortFloor).
 *
 *   {last: 90d}, e."ts"              -> e."ts" > getvariable('cv_as_of') - INTERVAL 90 DAY
 *   {from: 2026-01-01, to: ...}      -> e."ts" >= TIMESTAMP '2026-01-01 00:00:00'
 */
export function periodStart(
  period: Cohort,
  timeZone: string,
  column: string,
  asOf: string,
): string | undefined {
  switch (period.kind) {
    case 'all':
      return undefined;
    case 'last':
      return `${column} > ${asOf} - ${intervalSql(period.duration)}`;
    case 'range':
      return `${column} >= ${dateLiteral(period.from, timeZone)}`;
  }
}

/**
 * Whether the instant `column` is in a period: `{last: D}` is (T - D, T];
 * `{from, to}` runs from the start of `from` to the end of `to`, both
 * included: a date is its whole day in the zone, an instant exact; `all` is
 * anything (callers already stop at T).
 *
 *   {last: 90d}, "ts"                       -> "ts" > getvariable('cv_as_of') - INTERVAL 90 DAY
 *   {from: 2026-01-01, to: 2026-01-31}      -> "ts" >= TIMESTAMP '2026-01-01 00:00:00' AND "ts" < TIMESTAMP '2026-02-01 00:00:00'
 *   {from: ..., to: 2026-01-31T12:00:00Z}   -> ... AND "ts" <= TIMESTAMP '2026-01-31 12:00:00'
 */
export function periodCondition(period: Cohort, timeZone: string, column: string, asOf: string): string {
  switch (period.kind) {
    case 'all':
      return 'TRUE';
    case 'last':
      return `${column} > ${asOf} - ${intervalSql(period.duration)}`;
    case 'range': {
      const end = endOf(period.to, timeZone);
      if (!end) throw new Error(`not a date: ${period.to}`);
      const upper = `${column} ${end.inclusive ? '<=' : '<'} TIMESTAMP ${str(end.sql)}`;
      return `${column} >= ${dateLiteral(period.from, timeZone)} AND ${upper}`;
    }
  }
}

/**
 * A build statement that sets a DuckDB variable to an instant (naive UTC
 * text), as each analysis's plan sets T0 for its own SQL:
 *   instantVariableStatement('cv_previous_as_of', '2026-03-01 00:00:00', 'cv_previous_as_of')
 *   -> SET VARIABLE cv_previous_as_of = CAST('2026-03-01 00:00:00' AS TIMESTAMP)
 */
export function instantVariableStatement(variable: string, instant: string, name = variable): PlanStatement {
  return { name, phase: 'build', sql: `SET VARIABLE ${variable} = CAST(${str(instant)} AS TIMESTAMP)` };
}

/**
 * An instant (a naive UTC TIMESTAMP expression) as ISO 8601 text with `Z`,
 * its fraction kept when it has one: `2026-01-12T19:00:00Z`, `…:00.250Z`
 * (whole milliseconds) or `…:00.250125Z`. Every instant the CLI prints or
 * exports as text goes through this or isoFromNaiveUtc (README: "fractional
 * seconds when there are some"); cutting them showed a completion at
 * 10:00:00.750 beside a missed deadline at 10:00:00.250 as one instant.
 */
export function isoInstantSql(sql: string): string {
  return (
    `CASE WHEN date_trunc('second', ${sql}) = ${sql} THEN strftime(${sql}, '%Y-%m-%dT%H:%M:%SZ') ` +
    `WHEN date_trunc('millisecond', ${sql}) = ${sql} THEN strftime(${sql}, '%Y-%m-%dT%H:%M:%S.%gZ') ` +
    `ELSE strftime(${sql}, '%Y-%m-%dT%H:%M:%S.%fZ') END`
  );
}

/** Naive UTC text as isoInstantSql prints it: `2026-05-01 03:59:59.999` -> `2026-05-01T03:59:59.999Z`. */
export function isoFromNaiveUtc(text: string): string {
  const match = /^(\d{4,}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?/.exec(text.trim());
  if (!match) return text;
  const digits = (match[3] ?? '').slice(0, 6).padEnd(6, '0');
  const fraction = /^0+$/.test(digits)
    ? ''
    : digits.endsWith('000')
      ? `.${digits.slice(0, 3)}`
      : `.${digits}`;
  return `${match[1]}T${match[2]}${fraction}Z`;
}
