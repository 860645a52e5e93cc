/**
 * 95 % confidence intervals for the CX scores, so that a score from a
 * handful of responses is drawn as the wide range it is, not a full bar.
 *
 *   wilson(1, 1) -> [0.207, 1]         (one "top two box" answer out of one)
 *   npsInterval(1n, 0n, 0n) -> [−56.2, 100]   (one promoter: NPS 100, but barely known)
 */

const Z = 1.959964;

/** Wilson score interval of a share: successes out of n; null when n is 0. */
export function wilson(successes: number, n: number): [number, number] | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * NPS (−100..100) interval: a Wald interval of promoters − detractors after
 * one pseudo-response is added to each group (promoters, passives,
 * detractors), which keeps it honest for small n (plain Wald is zero-width
 * when every answer is a promoter). Widened to contain the NPS itself;
 * null when nobody answered.
 */
export function npsInterval(
  promoters: bigint,
  passives: bigint,
  detractors: bigint,
): [number, number] | null {
  const n = Number(promoters + passives + detractors);
  if (n <= 0) return null;
  const m = n + 3;
  const p = (Number(promoters) + 1) / m;
  const d = (Number(detractors) + 1) / m;
  const half = Z * Math.sqrt((p + d - (p - d) ** 2) / m);
  const nps = ((Number(promoters) - Number(detractors)) / n) * 100;
  const low = Math.max(-100, Math.min(nps, (p - d - half) * 100));
  const high = Math.min(100, Math.max(nps, (p - d + half) * 100));
  return [low, high];
}
