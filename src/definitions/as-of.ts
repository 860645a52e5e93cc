/**
 * `--as-of T`: an ISO date or timestamp. Naive values are read in the
 * config's time zone; the result is a naive UTC timestamp text that SQL can
 * cast (`TIMESTAMP '2026-04-30 23:59:59'`).
 */
import { UserError } from '../errors.js';

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
const naive = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/;
const zoned = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Milliseconds between UTC and the zone's wall clock at `utcMillis`. */
function zoneOffsetMillis(utcMillis: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMillis));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(utcMillis / 1000) * 1000;
}

export const DAY_MILLIS = 86_400_000;

/**
 * Wall-clock time in a zone -> UTC epoch millis, by the loader's rule for
 * clock changes (DuckDB's cast of event times, docs/LANGUAGE.md): a time
 * the clock skipped is read with the offset before the change (02:30 on a
 * spring-forward night in New York is 07:30Z, i.e. 03:30 daylight time), a
 * time the clock showed twice is the later of the two (01:30 on the
 * fall-back night is 06:30Z). Before, `--as-of` and the config's instants
 * took the other reading of both, and an event stamped with the same text
 * fell outside T.
 *
 *   zonedToUtc(2026-11-01 01:30, America/New_York) -> 2026-11-01T06:30Z
 */
export function zonedToUtc(wallMillis: number, timeZone: string): number {
  return readWallTime(wallMillis, timeZone).utc;
}

/**
 * The instant a local day starts (`wallMillis`: its midnight as wall time):
 * its first midnight. Where the clocks go back at midnight (Atlantic/Azores,
 * America/Havana) midnight happens twice, and the loader's "later" reading
 * put the day's first hour in the day before (a `where:` date, a cohort's
 * `from`; found by review). A skipped midnight is the instant of the jump.
 */
export function dayStartToUtc(wallMillis: number, timeZone: string): number {
  return readWallTime(wallMillis, timeZone, 'earlier').utc;
}

/** zonedToUtc, and whether the wall time was one the clocks skipped or showed twice. */
function readWallTime(
  wallMillis: number,
  timeZone: string,
  repeated: 'later' | 'earlier' = 'later',
): { utc: number; clockChange?: 'skipped' | 'repeated' } {
  const before = zoneOffsetMillis(wallMillis - DAY_MILLIS, timeZone);
  const after = zoneOffsetMillis(wallMillis + DAY_MILLIS, timeZone);
  // A reading holds when the zone's offset at that instant is the one it assumed.
  const readings = [...new Set([before, after])]
    .filter((offset) => zoneOffsetMillis(wallMillis - offset, timeZone) === offset)
    .map((offset) => wallMillis - offset);
  if (readings.length === 0) return { utc: wallMillis - before, clockChange: 'skipped' };
  return readings.length > 1
    ? { utc: repeated === 'later' ? Math.max(...readings) : Math.min(...readings), clockChange: 'repeated' }
    : { utc: readings[0]! };
}

/** Date.parse rolls 2026-02-30 over to March 2nd; a real date reads back the same. */
function isRealDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  // Date.UTC reads years 0-99 as 1900-1999: such a date reads back otherwise and is refused, as
  // the zone arithmetic (Date.UTC too) and the config's instants would misread it.
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const LAST_MILLIS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Naive UTC text of an instant; `text`'s digits past the millisecond (a JS
 * Date has none) are kept: `…:00.750250` stays .750250, not .750.
 */
function toSqlTimestamp(millis: number, text = ''): string {
  // Past year 9999 (`--as-of 9999-12-31` ends in year 10000 UTC west of Greenwich), the last
  // instant DuckDB's TIMESTAMP text holds, as for the config's instants (instants.ts; it had
  // failed as an internal error, found by review).
  if (millis > LAST_MILLIS) return '9999-12-31 23:59:59.999999';
  const sql = new Date(millis).toISOString().replace('T', ' ').replace('Z', '');
  const micros = /:\d{2}\.\d{3}(\d{1,3})/.exec(text)?.[1];
  return micros === undefined ? sql : sql + micros.padEnd(3, '0');
}

/**
 * Parses `--as-of`. A date alone means the END of that day in the zone
 * (23:59:59.999999), so `--as-of 2026-04-30` includes that day's events.
 */
export function parseAsOf(
  text: string,
  timeZone: string,
  warn: (message: string) => void = (message) => process.stderr.write(`${message}\n`),
): string {
  const value = text.trim();
  if (!isRealDate(value)) {
    // fall through to the error below
  } else if (zoned.test(value)) {
    const millis = Date.parse(value.replace(' ', 'T'));
    if (!Number.isNaN(millis)) return toSqlTimestamp(millis, value);
  } else if (dateOnly.test(value) || naive.test(value)) {
    // The last microsecond of the day (times are kept to the microsecond: an event at
    // 23:59:59.9995 belongs to the day; found by review). Date keeps milliseconds only,
    // so the last three digits go on as text.
    const end = `${value} 23:59:59.999999`;
    const iso = dateOnly.test(value) ? `${value}T23:59:59.999Z` : `${value.replace(' ', 'T')}Z`;
    const wall = Date.parse(iso);
    if (!Number.isNaN(wall)) {
      const { utc, clockChange } = readWallTime(wall, timeZone);
      if (clockChange) warn(clockChangeWarning(value, timeZone, clockChange, utc));
      return toSqlTimestamp(utc, dateOnly.test(value) ? end : value);
    }
  }
  throw new UserError(
    `--as-of "${text}" is not a date or timestamp`,
    2,
    'write an ISO date or time, e.g. 2026-04-30, "2026-04-30 18:00" or 2026-04-30T18:00:00Z',
  );
}

/** Said when T's wall time is in a clock change, as the loader says it of event times. */
function clockChangeWarning(
  text: string,
  timeZone: string,
  kind: 'skipped' | 'repeated',
  utc: number,
): string {
  const read = new Date(utc).toISOString().replace('.000Z', 'Z');
  const what = kind === 'skipped' ? 'does not exist' : 'happens twice';
  const rule = kind === 'skipped' ? 'moved forward by the gap' : 'the later of the two';
  return (
    `warning[clock-change]: "${text}" ${what} in ${timeZone}: read as ${read} (${rule}, as event times are)\n` +
    '  hint: give an offset to choose the instant, e.g. 2026-11-01T01:30:00-04:00'
  );
}
