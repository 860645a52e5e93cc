/**
 * Durations: a number and a unit, `30s`, `45min`, `12h`, `30d`, `2w`,
 * decimals allowed (`1.5h`). Lengths are absolute, so months and years are
 * refused: they have no fixed length. `m` is refused too because it reads as
 * minutes to some and months to others.
 */
import type { Duration } from './model.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, min: 60, h: 3600, d: 86_400, w: 604_800 };

export const DURATION_PATTERN = '^[0-9]+(\\.[0-9]+)?(s|min|h|d|w)$';
const DURATION = /^([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]+)$/;

export type DurationResult = { ok: true; duration: Duration } | { ok: false; message: string; hint: string };

const HINT = 'write a number and a unit: 30s, 45min, 12h, 30d or 2w';

/** Hints for units people often try. */
const UNIT_HINTS: Record<string, string> = {
  m: 'write 1min or 30d: "m" could mean minutes or months',
  mo: 'months have no fixed length: write 30d',
  month: 'months have no fixed length: write 30d',
  months: 'months have no fixed length: write 30d',
  y: 'years have no fixed length: write 365d',
  yr: 'years have no fixed length: write 365d',
  year: 'years have no fixed length: write 365d',
  years: 'years have no fixed length: write 365d',
};

/** Common spellings of the supported units. */
const ALIASES: Record<string, string> = {
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
  mins: 'min',
  minute: 'min',
  minutes: 'min',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  day: 'd',
  days: 'd',
  week: 'w',
  weeks: 'w',
};

/** The longest duration accepted: about 100 years, far beyond any event history. */
const MAX_DAYS = 36_500;

export function parseDuration(text: string): DurationResult {
  const match = DURATION.exec(text.trim());
  if (!match) return { ok: false, message: `"${text}" is not a duration`, hint: HINT };
  const [, amount, unit] = match as unknown as [string, string, string];
  const seconds = UNIT_SECONDS[unit];
  if (seconds === undefined) {
    const alias = ALIASES[unit.toLowerCase()];
    const hint = UNIT_HINTS[unit.toLowerCase()] ?? (alias ? `write ${amount}${alias}` : HINT);
    return { ok: false, message: `"${text}": unknown duration unit "${unit}"`, hint };
  }
  if (text !== `${amount}${unit}`) {
    return { ok: false, message: `"${text}" is not a duration`, hint: `write ${amount}${unit}` };
  }
  const value = Number(amount);
  if (value <= 0) return { ok: false, message: `"${text}": a duration must be longer than zero`, hint: HINT };
  // Rounded to the millisecond so 1.1h is 3960, not 3960.0000000000005.
  const rounded = Math.round(value * seconds * 1000) / 1000;
  // Below half a millisecond it would round to an empty window, silently never holding.
  if (rounded === 0) {
    return {
      ok: false,
      message: `"${text}": a duration must be at least 1 millisecond`,
      hint: 'write 0.001s or longer',
    };
  }
  // Far past any data, a window would push instants out of DuckDB's timestamp range at compute time.
  if (rounded > MAX_DAYS * 86_400) {
    return {
      ok: false,
      message: `"${text}": a duration must be at most ${MAX_DAYS}d (about 100 years)`,
      hint: `write ${MAX_DAYS}d or less`,
    };
  }
  return { ok: true, duration: { seconds: rounded, text } };
}

/** Parses a duration already checked by the schema; throws on a bug. */
export function toDuration(text: string): Duration {
  const result = parseDuration(text);
  if (!result.ok) throw new Error(`unchecked duration: ${text}`);
  return result.duration;
}
