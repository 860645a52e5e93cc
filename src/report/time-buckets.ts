/**
 * The time-to-convert histogram's bins: fixed, widening lengths of time, so
 * that a conversion taking minutes and one taking months both read well and
 * the bins mean the same in every report. Seconds below `upTo` (the last
 * bin has no end).
 *
 *   3599 s -> '< 1 h'    86400 s -> '1–3 d'    10_000_000 s -> '≥ 90 d'
 */
export const TIME_BUCKETS: { label: string; upTo: number | null }[] = [
  { label: '< 1 h', upTo: 3_600 },
  { label: '1–6 h', upTo: 6 * 3_600 },
  { label: '6–24 h', upTo: 86_400 },
  { label: '1–3 d', upTo: 3 * 86_400 },
  { label: '3–7 d', upTo: 7 * 86_400 },
  { label: '7–14 d', upTo: 14 * 86_400 },
  { label: '14–30 d', upTo: 30 * 86_400 },
  { label: '30–90 d', upTo: 90 * 86_400 },
  { label: '≥ 90 d', upTo: null },
];

/** `CASE WHEN x < 3600 THEN 0 … ELSE 8 END`: the bin index of a number of seconds. */
export function bucketSql(seconds: string): string {
  const whens = TIME_BUCKETS.flatMap((b, i) =>
    b.upTo === null ? [] : [`WHEN ${seconds} < ${b.upTo} THEN ${i}`],
  );
  return `CASE ${whens.join(' ')} ELSE ${TIME_BUCKETS.length - 1} END`;
}
