/**
 * Numbers as report text. Locale-free (never toLocaleString), so the same
 * warehouse gives the same bytes on every machine:
 *
 *   formatCount(1234567n) -> "1,234,567"   formatPercent(1n, 8n) -> "12.5%"
 *   formatRate(0.6) -> "60.0%"             formatRate(0.333, true) -> "+33.3%"
 */

const DASH = '—';

/** Exact thousands separators for a count (bigint never goes through Number). */
export function formatCount(value: bigint | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  const digits = (value < 0n ? -value : value).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return value < 0n ? `−${grouped}` : grouped;
}

/** part / whole as a percentage with one decimal; "—" when whole is 0. */
export function formatPercent(part: bigint, whole: bigint): string {
  if (whole === 0n) return DASH;
  return `${((Number(part) / Number(whole)) * 100).toFixed(1)}%`;
}

/** A stored 0..1 rate as a percentage; signed adds "+" to positive values (lift). */
export function formatRate(rate: number | null | undefined, signed = false): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return DASH;
  const text = `${(rate * 100).toFixed(1)}%`;
  return signed && rate > 0 ? `+${text}` : text;
}

/** A measure such as a mean score: fixed decimals, "—" when missing. */
export function formatNumber(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  // -0.0 would print as "-0.0".
  const text = value.toFixed(decimals);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

/** part / whole as a 0..1 share for bar widths; 0 when whole is 0. */
export function share(part: bigint, whole: bigint): number {
  return whole === 0n ? 0 : Number(part) / Number(whole);
}
