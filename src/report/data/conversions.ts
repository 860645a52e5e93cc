/**
 * The Conversions section's reads: per conversion (config order) the overall
 * funnel (`conversion_steps` rows whose breakdown IS NULL), the funnel per
 * breakdown value (breakdowns.ts), the touchpoints, the credit of every
 * attribution model and the converted actors per time-to-convert bin. One query per table, sorted in SQL, grouped here
 * by conversion.
 *
 *   await readConversions(w, project)
 *   -> [{ id: 'trial_to_customer', steps: [{step: 1, name: 'setup', reached: 5n, ...}, ...], touchpoints: [...], credits: [...] }]
 */
import type { Project } from '../../definitions/model.js';
import type { BreakdownReport, ConversionReport } from '../types.js';
import { TIME_BUCKETS, bucketSql } from '../time-buckets.js';
import { readBreakdowns } from './breakdowns.js';
import type { Catalog } from './catalog.js';
import { num, type Row } from './row.js';
import type { Warehouse } from '../../warehouse/session.js';

function groupBy(rows: Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const id = r.conversion_id as string;
    groups.set(id, [...(groups.get(id) ?? []), r]);
  }
  return groups;
}

/** Converted actors per conversion and time-to-convert bin (see time-buckets.ts). */
export const TIME_TO_CONVERT_SQL = `SELECT "conversion_id", ${bucketSql('"seconds"')} AS "bucket", count(*) AS "actors"
FROM "conversion_actors" WHERE "converted" AND "seconds" IS NOT NULL
GROUP BY ALL ORDER BY ALL`;

async function readTimeToConvert(w: Warehouse, catalog: Catalog): Promise<Map<string, bigint[]>> {
  const bins = new Map<string, bigint[]>();
  if (!catalog.has('conversion_actors')) return bins;
  for (const r of await w.all<Row>(TIME_TO_CONVERT_SQL)) {
    const id = String(r.conversion_id);
    const counts = bins.get(id) ?? TIME_BUCKETS.map(() => 0n);
    counts[Number(r.bucket)] = r.actors as bigint;
    bins.set(id, counts);
  }
  return bins;
}

export async function readConversions(
  w: Warehouse,
  project: Project,
  catalog: Catalog,
): Promise<ConversionReport[]> {
  if (project.conversions.length === 0) return [];
  const steps = groupBy(
    await w.all<Row>(
      'SELECT * FROM "conversion_steps" WHERE "breakdown" IS NULL ORDER BY "conversion_id", "step"',
    ),
  );
  const touchpoints = groupBy(
    await w.all<Row>('SELECT * FROM "conversion_touchpoints" ORDER BY "conversion_id", "position"'),
  );
  const credits = groupBy(
    await w.all<Row>(
      'SELECT * FROM "conversion_attribution" ORDER BY "conversion_id", "model", "position" NULLS LAST',
    ),
  );
  const breakdowns = project.conversions.some((c) => c.breakdown.length > 0)
    ? await readBreakdowns(w)
    : new Map<string, Map<string, BreakdownReport>>();
  const timeToConvert = await readTimeToConvert(w, catalog);
  return project.conversions.map((c) => ({
    id: c.id,
    name: c.name,
    unit: c.unit,
    hasRevenue: c.value !== undefined,
    ...(c.currency !== undefined ? { currency: c.currency } : {}),
    steps: (steps.get(c.id) ?? []).map((r) => ({
      step: Number(r.step),
      name: String(r.step_name),
      reached: r.reached as bigint,
      inProgress: r.in_progress as bigint,
      stepRate: num(r.step_rate),
      overallRate: num(r.overall_rate),
      secondsMean: num(r.seconds_mean),
      secondsMedian: num(r.seconds_median),
      secondsP90: num(r.seconds_p90),
    })),
    touchpoints: (touchpoints.get(c.id) ?? []).map((r) => ({
      position: Number(r.position),
      touchpoint: String(r.touchpoint),
      convertedWith: r.converted_with as bigint,
      notConvertedWith: r.not_converted_with as bigint,
      rateWith: num(r.rate_with),
      rateWithout: num(r.rate_without),
      lift: num(r.lift),
      secondsMean: num(r.seconds_mean),
      secondsMedian: num(r.seconds_median),
    })),
    credits: (credits.get(c.id) ?? []).map((r) => ({
      model: String(r.model),
      position: num(r.position),
      touchpoint: String(r.touchpoint),
      credit: Number(r.credit),
      revenue: num(r.revenue),
    })),
    // Config order of the properties; one nobody entered with has no rows and is left out.
    breakdowns: c.breakdown.flatMap((property) => breakdowns.get(c.id)?.get(property) ?? []),
    timeToConvert: timeToConvert.get(c.id) ?? TIME_BUCKETS.map(() => 0n),
  }));
}
