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
  for (const [unitSeconds, unit] of UNITS) {
    // 59.96 min would print as "60 min": switch up a unit where the rounded value reaches it.
    if (Math.round((size / unitSeconds) * 10) >= 10)
      return `${sign}${oneDecimal(size / unitSeconds)} ${unit}`;
  }
  return `${sign}${Math.round(size)} s`;
}
