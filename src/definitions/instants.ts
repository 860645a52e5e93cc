/**
 * Dates and instants written in the config (`evaluation.start`, cohort and
 * period bounds), read exactly:
 *
 *   2026-05-01                  a date: the whole day in the config's time zone
 *   2026-05-01T09:30[:00[.123]] a naive instant: that wall-clock time in the config's zone
 *   2026-05-01 09:30:00Z        an instant with Z or an offset (+02:00, -0500): absolute
 *
 * The result is naive UTC text that DuckDB casts to a TIMESTAMP, to the
 * microsecond (digits past the sixth are dropped). Offsets are whole
 * minutes, so the fraction never changes with the zone.
 */
import { DAY_MILLIS, dayStartToUtc, zonedToUtc } from './as-of.js';

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export interface ConfigInstant {
  /** A date alone (a whole day) or a time. */
  kind: 'date' | 'naive' | 'zoned';
  /** Whole seconds of the wall clock (date, naive) or of UTC (zoned), as epoch millis. */
  millis: number;
  /** Microseconds past the second (0 to 999999). */
  micros: number;
}

/** The parts of a date or instant, or undefined when it is no real date or time (2026-02-30, 24:00). */
export function parseConfigInstant(text: string): ConfigInstant | undefined {
  const m = INSTANT.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m
    .slice(1, 7)
    .map((v) => (v === undefined ? undefined : Number(v)));
  const fraction = m[7];
  const offset = m[8];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const wall = Date.UTC(y!, mo! - 1, d!, h, mi, s);
  const date = new Date(wall);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo! - 1 || date.getUTCDate() !== d)
    return undefined;
  const micros = fraction === undefined ? 0 : Number(fraction.slice(0, 6).padEnd(6, '0'));
  if (m[4] === undefined) return { kind: 'date', millis: wall, micros: 0 };
  if (offset === undefined) return { kind: 'naive', millis: wall, micros };
  if (offset === 'Z') return { kind: 'zoned', millis: wall, micros };
  const digits = offset.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  const hours = Number(digits.slice(1, 3));
  const minutes = Number(digits.slice(3, 5));
  if (hours > 23 || minutes > 59) return undefined;
  return { kind: 'zoned', millis: wall - sign * (hours * 60 + minutes) * 60_000, micros };
}

/** Epoch microseconds (UTC) of the instant; for a date, of the start of that day in the zone. */
function utcMicros(instant: ConfigInstant, timeZone: string, dayOffset = 0): bigint {
  const millis =
    instant.kind === 'zoned'
      ? instant.millis
      : instant.kind === 'date'
        ? dayStartToUtc(instant.millis + dayOffset * DAY_MILLIS, timeZone)
        : zonedToUtc(instant.millis, timeZone);
  return BigInt(millis) * 1000n + BigInt(instant.micros);
}

/** The last microsecond DuckDB's TIMESTAMP text holds (year 9999). */
const LAST_MICROS = BigInt(Date.UTC(9999, 11, 31, 23, 59, 59)) * 1000n + 999_999n;

/**
 * The instant as naive UTC text: `2026-05-01 07:30:00` or `2026-05-01
 * 07:30:00.123456`. Whole seconds round down, also before 1970 (division
 * toward zero had printed `1970-01-01 00:00:00.-500000` for 23:59:59.5 on
 * Dec 31, 1969); past year 9999 (the day after `to: 9999-12-31`) it is the
 * last instant DuckDB's text holds. Both found by review: compute failed.
 */
function utcText(micros: bigint): string {
  if (micros > LAST_MICROS) return '9999-12-31 23:59:59.999999';
  const rest = ((micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const seconds = (micros - rest) / 1_000_000n;
  const text = new Date(Number(seconds) * 1000).toISOString().slice(0, 19).replace('T', ' ');
  return rest === 0n ? text : `${text}.${rest.toString().padStart(6, '0')}`;
}

/** Where a bound starts: a date at the start of its day in the zone, an instant exactly. */
export function startOf(text: string, timeZone: string): { micros: bigint; sql: string } | undefined {
  const instant = parseConfigInstant(text);
  if (!instant) return undefined;
  const micros = utcMicros(instant, timeZone);
  return { micros, sql: utcText(micros) };
}

/**
 * Where an inclusive upper bound ends: a date at the start of the NEXT day
 * in the zone (exclusive), an instant exactly (inclusive).
 */
export function endOf(
  text: string,
  timeZone: string,
): { micros: bigint; sql: string; inclusive: boolean } | undefined {
  const instant = parseConfigInstant(text);
  if (!instant) return undefined;
  const micros = instant.kind === 'date' ? utcMicros(instant, timeZone, 1) : utcMicros(instant, timeZone);
  return { micros, sql: utcText(micros), inclusive: instant.kind !== 'date' };
}
