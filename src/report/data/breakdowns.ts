/**
 * The funnel per breakdown value, for the Conversions section: the
 * `conversion_steps` rows whose breakdown is not NULL (one split per account
 * property of the conversion's `breakdown:`, a missing value as NULL). Per
 * conversion and property, the BREAKDOWN_VALUES most entered values are kept
 * (ties by value, NULL last); ranked and cut in SQL, so only those rows are read.
 *
 *   breakdown: [segment]; conversion_steps ('segment', 'enterprise', 1, 'setup', 2, 0, ...), ...
 *   -> Map { 'trial_to_customer' => Map { 'segment' => { property: 'segment', total: 3n,
 *        values: [{ value: 'enterprise', reached: [2n, 2n, 1n], inProgress: 0n, overallRate: 0.5 }, ...] } } }
 */
import type { BreakdownReport } from '../types.js';
import { num, text, type Row } from './row.js';
import type { Warehouse } from '../../warehouse/session.js';

/** Values shown per conversion and breakdown property. */
export const BREAKDOWN_VALUES = 20;

/**
 * One row per kept value and step, in display order. `entered` is step 1's
 * reached; the row of the last step carries the value's overall rate.
 */
export const BREAKDOWN_SQL = `WITH "ranked" AS (
  SELECT "conversion_id", "breakdown", "value",
    row_number() OVER (PARTITION BY "conversion_id", "breakdown" ORDER BY "entered" DESC, "value" NULLS LAST) AS "rank",
    count(*) OVER (PARTITION BY "conversion_id", "breakdown") AS "value_count"
  FROM (
    SELECT "conversion_id", "breakdown", "value", max("reached") FILTER (WHERE "step" = 1) AS "entered"
    FROM "conversion_steps" WHERE "breakdown" IS NOT NULL
    GROUP BY "conversion_id", "breakdown", "value")
)
SELECT r."conversion_id", r."breakdown", r."value", r."rank", r."value_count",
  s."step", s."reached", s."in_progress", s."overall_rate"
FROM "ranked" AS r
JOIN "conversion_steps" AS s
  ON s."conversion_id" = r."conversion_id" AND s."breakdown" = r."breakdown"
  AND s."value" IS NOT DISTINCT FROM r."value"
WHERE r."rank" <= ?
ORDER BY r."conversion_id", r."breakdown", r."rank", s."step"`;

/** Per conversion id, per property: its split (values in display order). */
export async function readBreakdowns(w: Warehouse): Promise<Map<string, Map<string, BreakdownReport>>> {
  const rows = await w.all<Row>(BREAKDOWN_SQL, [BREAKDOWN_VALUES]);
  const byConversion = new Map<string, Map<string, BreakdownReport>>();
  for (const r of rows) {
    const conversion = String(r.conversion_id);
    const property = String(r.breakdown);
    const splits = byConversion.get(conversion) ?? new Map<string, BreakdownReport>();
    byConversion.set(conversion, splits);
    const split = splits.get(property) ?? { property, values: [], total: r.value_count as bigint };
    splits.set(property, split);
    // Rows come by rank, then step: a value's first row opens it, the others extend it.
    if (split.values.length < Number(r.rank)) {
      split.values.push({
        value: text(r.value),
        reached: [],
        inProgress: r.in_progress as bigint,
        overallRate: null,
      });
    }
    const value = split.values.at(-1)!;
    value.reached.push(r.reached as bigint);
    value.overallRate = num(r.overall_rate); // the last step's, once all are read
  }
  return byConversion;
}
