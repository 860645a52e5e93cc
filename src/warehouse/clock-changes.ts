/**
 * Naive timestamps that fall in a clock change of the zone they are read in.
 * In America/New_York, 2026-03-08 02:30 does not exist (the clocks skip from
 * 02:00 to 03:00) and 2026-11-01 01:30 happens twice (01:00-02:00 is repeated).
 * DuckDB (ICU, its default "last" wall-time options) reads a skipped time with
 * the offset before the change, so 02:30 becomes 03:30 EDT (07:30 UTC: moved
 * forward by the gap), and a repeated time as the later of the two, so 01:30
 * becomes 01:30 EST (06:30 UTC). The loader keeps that reading
 * (docs/LANGUAGE.md) and warns with the lines.
 *
 * Checking every row with ICU would cost as much again as reading the
 * timestamps, so the check is set-based and narrowed first: the UTC days
 * around the zone's changes (1970-2100, computed once per zone) are a small
 * temp table; the INSERT joins each timestamp's UTC day to it (a hash probe
 * per row), and only the rows on those days get the exact test:
 *
 *   skipped:  the local time of the instant read is not the text's time
 *   repeated: the text's time, read with the offset of a day before (or
 *             after), is another instant whose local time is that time too
 *
 * Flagged rows get a marker `_load_id` (clockMarkId) that load-file.ts counts
 * and sets back; only then is the file read again, in order, for the lines.
 */
import { ident, str } from '../compiler/quote.js';
import type { Warehouse } from './session.js';

export interface ClockCheck {
  zone: string;
  /** Temp table of UTC epoch days ("day" BIGINT) near a clock change. */
  table: string;
}

/** A timestamp column the check covers: its reader column, type and the row's aliases. */
export interface ClockColumn {
  /** The file's column name (for messages). */
  column: string;
  /** The reader's type of that column. */
  readType: string;
  /** Alias of the raw value and of the stored naive-UTC value in the checked rows. */
  raw: string;
  utc: string;
}

const DAY_US = 86_400_000_000;
/** 1970-01-01 and 2100-01-01 as epoch days. */
const FIRST_DAY = 0;
const LAST_DAY = 47_482;

const daysByZone = new Map<string, number[]>();

/**
 * UTC epoch days on which, or next to which, the zone's UTC offset changes:
 * the offset at each midnight UTC compared with the next one; the day before
 * and the two after each change are kept (changes are hours from midnight).
 */
async function clockChangeDays(warehouse: Warehouse, zone: string): Promise<number[]> {
  const known = daysByZone.get(zone);
  if (known) return known;
  const rows = await warehouse.all<{ day: bigint }>(
    `WITH "o" AS (SELECT "range" AS "day", timezone(${str(zone)}, timezone('UTC', make_timestamp("range" * ${DAY_US}))) - make_timestamp("range" * ${DAY_US}) AS "off" FROM range(${FIRST_DAY}, ${LAST_DAY})), ` +
      `"c" AS (SELECT "day" FROM (SELECT "day", "off", lead("off") OVER (ORDER BY "day") AS "next" FROM "o") AS "x" WHERE "off" <> "next") ` +
      `SELECT DISTINCT "day" + "k" AS "day" FROM "c", range(-1, 3) AS "r"("k") ORDER BY 1`,
  );
  const days = rows.map((r) => Number(r.day));
  daysByZone.set(zone, days);
  return days;
}

/** The temp table for this load, or undefined when the zone never changes its clocks (UTC). */
export async function prepareClockCheck(
  warehouse: Warehouse,
  zone: string,
  loadId: bigint,
): Promise<ClockCheck | undefined> {
  if (zone === 'UTC') return undefined;
  const days = await clockChangeDays(warehouse, zone);
  if (days.length === 0) return undefined;
  const table = `_clock_days_${loadId}`;
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE ${ident(table)} AS SELECT CAST(unnest([${days.join(', ')}]) AS BIGINT) AS "day"`,
  );
  return { zone, table };
}

export async function dropClockCheck(warehouse: Warehouse, check: ClockCheck): Promise<void> {
  await warehouse.run(`DROP TABLE IF EXISTS ${ident(check.table)}`);
}

/** The `_load_id` flagged rows carry until load-file.ts has counted them: apart from -loadId (quarantine). */
export function clockMarkId(loadId: bigint): bigint {
  return -loadId - (1n << 62n);
}

/** The join of the checked rows ("s") to the clock days, one per column: `LEFT JOIN ... AS "k0" ON ...`. */
export function clockJoins(check: ClockCheck, columns: ClockColumn[], rows = '"s"'): string {
  return columns
    .map(
      (c, i) =>
        ` LEFT JOIN ${ident(check.table)} AS "k${i}" ON "k${i}"."day" = epoch_us(${rows}.${ident(c.utc)}) // ${DAY_US}`,
    )
    .join('');
}

/**
 * A cheap superset of the rows clockFlagSql flags, over the reader's own
 * columns: a naive time whose local day is within a day of a clock-change
 * day (a UTC day and the local day of the same instant differ by at most
 * one). It needs no zone conversion, so a read filtered by it converts only
 * the rows near a change (parquetClockLinesSql).
 */
export function nearClockChangeSql(
  check: ClockCheck,
  columns: ClockColumn[],
  timestampFormat: string | undefined,
): string {
  const near = columns.flatMap((c) => {
    const local = naiveLocalSql(ident(c.column), c.readType, timestampFormat);
    if (local === undefined) return [];
    const days = `SELECT "day" + "k" FROM ${ident(check.table)}, range(-1, 2) AS "r"("k")`;
    return [`epoch_us(${local}) // ${DAY_US} IN (${days})`];
  });
  return near.length > 0 ? `(${near.join(' OR ')})` : 'FALSE';
}

/** TRUE for a row with a naive timestamp in a clock change (needs clockJoins). */
export function clockFlagSql(
  check: ClockCheck,
  columns: ClockColumn[],
  timestampFormat: string | undefined,
  rows = '"s"',
): string {
  const tests = columns.map((c, i) => {
    const local = naiveLocalSql(`${rows}.${ident(c.raw)}`, c.readType, timestampFormat);
    if (local === undefined) return 'FALSE';
    const problem = clockProblemSql(local, `${rows}.${ident(c.utc)}`, check.zone);
    return `("k${i}"."day" IS NOT NULL AND ${problem} IS NOT NULL)`;
  });
  return tests.length > 0 ? `(${tests.join(' OR ')})` : 'FALSE';
}

/** The warning for the row's first column in a clock change, or NULL (needs clockJoins). */
export function clockReasonSql(
  check: ClockCheck,
  columns: ClockColumn[],
  timestampFormat: string | undefined,
  rows = '"s"',
): string {
  const reasons = columns.flatMap((c, i) => {
    const local = naiveLocalSql(`${rows}.${ident(c.raw)}`, c.readType, timestampFormat);
    if (local === undefined) return [];
    const utc = `${rows}.${ident(c.utc)}`;
    const text = `strftime(${local}, '%Y-%m-%d %H:%M:%S')`;
    const head = `concat('column ', ${str(JSON.stringify(c.column))}, ': ', ${text}`;
    const zone = str(check.zone);
    const skipped = `${head}, ' does not exist in ', ${zone}, ' (the clocks skip it): read as ', strftime(${wallClock(utc, check.zone)}, '%Y-%m-%d %H:%M:%S'))`;
    const problem = clockProblemSql(local, utc, check.zone);
    const repeated = `${head}, ' happens twice in ', ${zone}, ' (the clocks go back): read as the ', ${problem}, ' one, ', strftime(${utc}, '%Y-%m-%d %H:%M:%S'), ' UTC')`;
    return [
      `CASE WHEN "k${i}"."day" IS NULL THEN NULL WHEN ${problem} = 'skipped' THEN ${skipped} WHEN ${problem} IS NOT NULL THEN ${repeated} END`,
    ];
  });
  return reasons.length > 0 ? `coalesce(${reasons.join(', ')})` : 'CAST(NULL AS VARCHAR)';
}

/**
 * The naive local time a raw value states, or NULL when it carries an offset
 * or zone (then it is exact): undefined when the column never is naive.
 */
export function naiveLocalSql(
  raw: string,
  readType: string,
  timestampFormat: string | undefined,
): string | undefined {
  if (readType === 'TIMESTAMP WITH TIME ZONE') return undefined;
  if (readType !== 'VARCHAR') return `TRY_CAST(${raw} AS TIMESTAMP)`;
  if (timestampFormat !== undefined) {
    return /%[zZ]/.test(timestampFormat) ? undefined : `try_strptime(${raw}, ${str(timestampFormat)})`;
  }
  // A date, optionally a time and fraction, nothing after it (no Z, offset or zone name).
  const naive = `regexp_full_match(trim(${raw}), '[0-9]{1,6}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]{1,2}(:[0-9]{1,2}(:[0-9]{1,2}([.][0-9]*)?)?)?)?')`;
  return `CASE WHEN ${naive} THEN TRY_CAST(${raw} AS TIMESTAMP) END`;
}

/** Local wall-clock time in zone of a naive UTC timestamp. */
function wallClock(utc: string, zone: string): string {
  return `timezone(${str(zone)}, timezone('UTC', ${utc}))`;
}

/**
 * NULL, or what the local time `local`, read as the naive UTC `utc`, met:
 * 'skipped' when the instant's wall clock is not the text's time; 'later' or
 * 'earlier' when the text's time, read with the offset of a day before (or
 * after) the change, is another instant with that same wall clock: the time
 * happens twice and `utc` is the later (or the earlier) of the two.
 */
export function clockProblemSql(local: string, utc: string, zone: string): string {
  const other = (shift: string) => {
    const at = `(${utc} ${shift} INTERVAL 1 DAY)`;
    return `(${local} - (${wallClock(at, zone)} - ${at}))`;
  };
  const before = other('-');
  const after = other('+');
  return (
    `CASE WHEN ${local} IS NULL THEN NULL ` +
    `WHEN ${wallClock(utc, zone)} <> ${local} THEN 'skipped' ` +
    `WHEN ${before} < ${utc} AND ${wallClock(before, zone)} = ${local} THEN 'later' ` +
    `WHEN ${after} > ${utc} AND ${wallClock(after, zone)} = ${local} THEN 'earlier' END`
  );
}

/** Rows of this load that were flagged: counted, then given their load id back. */
export async function takeClockMarks(warehouse: Warehouse, table: string, loadId: bigint): Promise<bigint> {
  const where = `WHERE "_load_id" = ${clockMarkId(loadId)}`;
  const row = await warehouse.one<{ n: bigint }>(`SELECT count(*) AS n FROM ${ident(table)} ${where}`);
  const count = row?.n ?? 0n;
  if (count > 0n) await warehouse.run(`UPDATE ${ident(table)} SET "_load_id" = ${loadId} ${where}`);
  return count;
}
