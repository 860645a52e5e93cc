/**
 * Seconds as a short human duration for the report, one unit with one
 * decimal (trailing ".0" dropped), so columns stay narrow and comparable:
 *
 *   45 -> "45 s"   90 -> "1.5 min"   5400 -> "1.5 h"   276480 -> "3.2 d"   864000 -> "10 d"
 */

const DASH = '—';

const UNITS: [seconds: number, unit: string][] = [
  [86_400, 'd'],
  [3_600, 'h'],
  [60, 'min'],
];

/** One decimal, without a trailing ".0": 3.25 -> "3.3" (half away from zero), 10 -> "10". */
function oneDecimal(value: number): string {
  return (Math.round(value * 10) / 10).toFixed(1).replace(/\.0$/, '');
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  const sign = seconds < 0 ? '−' : '';
  const size = Math.abs(seconds);
  for (const [i, [unitSeconds, unit]] of UNITS.entries()) {
    // A unit from one whole of it on; and where the next smaller unit would print a whole of this
    // one (59.96 min as "60 min": "1 h"). It had switched from 0.95 of it: 23 h printed as "1 d",
    // unlike the CLI's "23h" (found by review).
    const smaller = UNITS[i + 1]?.[0] ?? 1;
    const shownInSmaller = smaller === 1 ? Math.round(size) : Math.round((size / smaller) * 10) / 10;
    if (size >= unitSeconds || shownInSmaller * smaller >= unitSeconds)
      return `${sign}${oneDecimal(size / unitSeconds)} ${unit}`;
  }
  return `${sign}${Math.round(size)} s`;
}
