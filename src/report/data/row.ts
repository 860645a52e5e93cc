/**
 * How the report reads a result row's values into its plain objects: rows
 * come from `Warehouse.all` as objects of JS values (BIGINT as bigint,
 * DOUBLE as number, NULL as null), and counts stay bigint.
 *
 *   num(null) -> null    num(2.5) -> 2.5    text(undefined) -> null    text(7n) -> '7'
 */

export type Row = Record<string, unknown>;

/** A measure (mean, rate, seconds) as a number, null when missing. */
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** An optional id or label as text, null when missing. */
export const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
