/**
 * Wilson score intervals for a proportion: unlike the normal approximation
 * they stay inside [0, 1] and behave for small counts and rates near 0 or 1,
 * which is what milestone groups of a few dozen accounts need.
 *
 *   wilson(5, 10) -> { low: 0.2366, high: 0.7634 }
 */

export interface Interval {
  low: number;
  high: number;
}

/** z for a two-sided 95% interval, as usually quoted. */
export const Z95 = 1.96;

/** The interval for `successes` out of `trials`; undefined when there are no trials. */
export function wilson(successes: number, trials: number, z = Z95): Interval | undefined {
  if (trials <= 0) return undefined;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // Clamped: rounding can push an end a hair outside [0, 1] at p = 0 or 1.
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Whether two intervals share a point; a missing interval overlaps everything (nothing is shown apart). */
export function overlaps(a: Interval | undefined, b: Interval | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  return a.low <= b.high && b.low <= a.high;
}
