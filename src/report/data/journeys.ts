/**
 * The Journeys section's reads: per journey (config order) the accounts at
 * each furthest stage, stage 0 "(none)" included, as `status` summarises
 * them; the first-completion paths between stages summed from
 * `journey_paths` (the rows `milestones paths` prints); and the spread of
 * the time spent in each stage before reaching the next.
 *
 *   await readJourneys(w, project, catalog)
 *   -> [{ id: 'lifecycle', name: 'Lifecycle', stages: [{index: 0, stage: '(none)', accounts: 1n}, ...],
 *         flows: [{from: null, to: 'setup', actors: 6n}, {from: 'setup', to: 'activated', actors: 4n}, ...],
 *         stays: [{stage: 'setup', exited: 4n, seconds: [86400, ...]}, ...] }]
 */
import { str } from '../../compiler/quote.js';
import type { Journey, Project } from '../../definitions/model.js';
import type { Warehouse } from '../../warehouse/session.js';
import { summarizeJourneys } from '../../statuses/status-summary.js';
import type { JourneyFlow, JourneyReport, StayDistribution } from '../types.js';
import type { Catalog } from './catalog.js';
import { num, text, type Row } from './row.js';

/**
 * The Sankey's links: per journey, actors from each stage to the next one
 * they reached (NULL: not yet), and from "(start)" (NULL) to the first stage
 * they reached. Sums of `journey_paths` rows, so each stage's outflow is the
 * total `milestones paths` shows for it.
 */
export const FLOWS_SQL = `SELECT "journey_id", "from", "to", CAST(sum("actors") AS BIGINT) AS "actors" FROM (
  SELECT "journey_id", "milestone_id" AS "from", "next_id" AS "to", "actors" FROM "journey_paths"
  UNION ALL
  SELECT "journey_id", NULL, "milestone_id", "actors" FROM "journey_paths" WHERE "previous_id" IS NULL
)
GROUP BY ALL ORDER BY "journey_id", "from" NULLS FIRST, "to" NULLS LAST`;

const stagesList = (journey: Journey) => journey.stages.map((s, i) => `(${i + 1}, ${str(s)})`).join(', ');

/**
 * Seconds from reaching a stage to reaching the next (as the journey's
 * stays are built: the next stage reached at or after this one), per stage,
 * over every actor that exited, as percentiles. Reads `milestone_status`.
 */
export function staysSql(journey: Journey): string {
  return `WITH "reached" AS (
  SELECT s."actor_id", st."stage_index", st."stage", min(s."completed_at") AS "reached_at"
  FROM "milestone_status" AS s
  JOIN (VALUES ${stagesList(journey)}) AS st("stage_index", "stage") ON st."stage" = s."milestone_id"
  WHERE s."completed_at" IS NOT NULL
  GROUP BY ALL
),
"seconds" AS (
  SELECT r."stage_index", r."stage", (epoch_us(n."reached_at") - epoch_us(r."reached_at")) / 1e6 AS "seconds"
  FROM "reached" AS r
  JOIN "reached" AS n
    ON n."actor_id" = r."actor_id" AND n."stage_index" = r."stage_index" + 1 AND n."reached_at" >= r."reached_at"
)
SELECT st."stage", count(s."seconds") AS "exited",
  quantile_cont(s."seconds", [0.05, 0.25, 0.5, 0.75, 0.95]) AS "seconds"
FROM (VALUES ${stagesList(journey)}) AS st("stage_index", "stage")
LEFT JOIN "seconds" AS s ON s."stage_index" = st."stage_index"
WHERE st."stage_index" < ${journey.stages.length}
GROUP BY st."stage_index", st."stage"
ORDER BY st."stage_index"`;
}

async function readFlows(w: Warehouse, catalog: Catalog): Promise<Map<string, JourneyFlow[]>> {
  const flows = new Map<string, JourneyFlow[]>();
  const columns = catalog.get('journey_paths');
  // Absent, or of another shape: left out (readCxAndTravelers warns about the latter).
  if (columns === undefined) return flows;
  if (!['journey_id', 'previous_id', 'milestone_id', 'next_id', 'actors'].every((c) => columns.has(c)))
    return flows;
  for (const r of await w.all<Row>(FLOWS_SQL)) {
    const list = flows.get(String(r.journey_id)) ?? [];
    list.push({ from: text(r.from), to: text(r.to), actors: r.actors as bigint });
    flows.set(String(r.journey_id), list);
  }
  return flows;
}

async function readStays(w: Warehouse, journey: Journey): Promise<StayDistribution[]> {
  const rows = await w.all<Row>(staysSql(journey));
  return rows.map((r) => {
    const q = r.seconds as unknown[] | null;
    const values = q?.map((v) => num(v));
    return {
      stage: String(r.stage),
      exited: r.exited as bigint,
      seconds:
        values && values.length === 5 && values.every((v) => v !== null)
          ? (values as [number, number, number, number, number])
          : null,
    };
  });
}

export async function readJourneys(
  w: Warehouse,
  project: Project,
  catalog: Catalog,
): Promise<JourneyReport[]> {
  if (project.journeys.length === 0) return [];
  const stages = await summarizeJourneys(w, project);
  const flows = await readFlows(w, catalog);
  const reports: JourneyReport[] = [];
  for (const j of project.journeys) {
    reports.push({
      id: j.id,
      name: j.name,
      stages: stages
        .filter((s) => s.journey === j.id)
        .map((s) => ({ index: s.stage_index, stage: s.stage, accounts: s.accounts })),
      flows: flows.get(j.id) ?? [],
      stays: await readStays(w, j),
    });
  }
  return reports;
}
