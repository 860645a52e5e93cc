/**
 * The Customer experience and Journey travelers sections' reads, from the
 * tables the CX and journey analyses write (`cx_metrics`, `cx_topics`,
 * `journey_travelers`, `journey_paths`). Each is optional: absent or empty,
 * its part is left out; lacking a column the report needs, it is left out
 * with a `report-table-shape` warning.
 *
 *   await readCxAndTravelers(w, project, catalog, warnings)
 *   -> { cxMetrics: [{cxId: 'nps', milestoneId: null, metric: 'nps', ...}], travelers: [...] }   (no cx_topics, no journey_paths)
 */
import { ident } from '../../compiler/quote.js';
import type { Project } from '../../definitions/model.js';
import type { Diagnostic } from '../../errors.js';
import type { CxMetricRow, CxTopicRow, JourneyPathRow, ReportData, TravelerRow } from '../types.js';
import type { Catalog } from './catalog.js';
import { num, text, type Row } from './row.js';
import type { Warehouse } from '../../warehouse/session.js';

/** Topics per survey link and milestone, paths per journey. */
export const TOP_ROWS = 20;

/** Written by the CX and journey analyses; read only when present. */
export const OPTIONAL_TABLES = ['cx_metrics', 'cx_topics', 'journey_travelers', 'journey_paths'] as const;

/**
 * Each optional table's columns by how they are read (cast, so the exact
 * types the other analyses choose do not matter), then its order and
 * limits. Every read is a handful of rows per survey link or journey.
 */
interface OptionalRead {
  text: string[];
  counts: string[];
  doubles: string[];
  /** The query over the cast columns and the table, with its order and limits. */
  wrap: (columns: string, from: string) => string;
}

const topPer = (partition: string, order: string) => (columns: string, from: string) =>
  `SELECT * EXCLUDE ("rank") FROM (\n` +
  `  SELECT ${columns}, row_number() OVER (PARTITION BY ${partition} ORDER BY ${order}) AS "rank" FROM ${from})\n` +
  `WHERE "rank" <= ${TOP_ROWS} ORDER BY ${partition}, "rank"`;

const OPTIONAL_READS: Record<(typeof OPTIONAL_TABLES)[number], OptionalRead> = {
  cx_metrics: {
    text: ['cx_id', 'milestone_id', 'metric', 'scale'],
    counts: ['responses', 'rejected', 'promoters', 'passives', 'detractors'],
    doubles: ['mean', 'top_two_box', 'nps'],
    wrap: (columns, from) => `SELECT ${columns} FROM ${from} ORDER BY "cx_id", "milestone_id", "metric"`,
  },
  cx_topics: {
    text: ['cx_id', 'milestone_id', 'topic'],
    counts: ['responses', 'positive', 'neutral', 'negative'],
    doubles: [],
    wrap: topPer('"cx_id", "milestone_id"', '"responses" DESC, "topic"'),
  },
  journey_travelers: {
    text: ['journey_id', 'milestone_id'],
    counts: ['stage_index', 'entered', 'exited', 'exited_recent'],
    doubles: ['seconds_mean', 'seconds_median', 'actions'],
    wrap: (columns, from) =>
      `SELECT ${columns} FROM ${from} ORDER BY "journey_id", "stage_index", "milestone_id"`,
  },
  journey_paths: {
    text: ['journey_id', 'previous_id', 'milestone_id', 'next_id'],
    counts: ['actors'],
    doubles: [],
    wrap: topPer(
      '"journey_id"',
      '"actors" DESC, "milestone_id", "previous_id" NULLS FIRST, "next_id" NULLS LAST',
    ),
  },
};

const cast = (type: string) => (c: string) => `CAST(${ident(c)} AS ${type}) AS ${ident(c)}`;

export function optionalReadSql(table: (typeof OPTIONAL_TABLES)[number]): string {
  const read = OPTIONAL_READS[table];
  const columns = [
    ...read.text.map(cast('VARCHAR')),
    ...read.counts.map(cast('BIGINT')),
    ...read.doubles.map(cast('DOUBLE')),
  ];
  return read.wrap(columns.join(', '), ident(table));
}

/**
 * The rows of an optional table, or undefined when it is absent or empty. A table
 * that lacks a column the report needs (another analysis mid-change) is
 * left out with a warning rather than failing the whole report.
 */
async function readOptional(
  w: Warehouse,
  catalog: Catalog,
  table: (typeof OPTIONAL_TABLES)[number],
  warnings: Diagnostic[],
): Promise<Row[] | undefined> {
  const present = catalog.get(table);
  if (present === undefined) return undefined;
  const { text, counts, doubles } = OPTIONAL_READS[table];
  const missing = [...text, ...counts, ...doubles].filter((c) => !present.has(c));
  if (missing.length > 0) {
    warnings.push({
      severity: 'warning',
      code: 'report-table-shape',
      message: `${table} has no column ${missing.join(', ')}: its part of the report is left out`,
      hint: 'run milestones compute with this version of milestones, then the report again',
    });
    return undefined;
  }
  const rows = await w.all<Row>(optionalReadSql(table));
  // An analysis the config does not use may still leave its table, empty: nothing to show.
  return rows.length > 0 ? rows : undefined;
}

export async function readCxAndTravelers(
  w: Warehouse,
  project: Project,
  catalog: Catalog,
  warnings: Diagnostic[],
): Promise<Partial<ReportData>> {
  const metrics = await readOptional(w, catalog, 'cx_metrics', warnings);
  const topics = await readOptional(w, catalog, 'cx_topics', warnings);
  const travelers = await readOptional(w, catalog, 'journey_travelers', warnings);
  const paths = await readOptional(w, catalog, 'journey_paths', warnings);
  const order = configOrder(project);
  const out: Partial<ReportData> = {};
  if (metrics) out.cxMetrics = order.cx(metrics.map(toMetric));
  if (topics) out.cxTopics = order.cx(topics.map(toTopic));
  if (travelers) out.travelers = order.journeys(travelers.map(toTraveler));
  if (paths) out.paths = order.journeys(paths.map(toPath));
  return out;
}

/**
 * The config's order, as `milestones cx` shows it: metrics as declared, the
 * overall row (no milestone) first, then the milestones as declared; journeys
 * as declared. Ids the config no longer declares go last, by id; a stable
 * sort keeps the table's order within a group.
 */
function configOrder(project: Project) {
  const rank = (ids: string[]) => (id: string | null) =>
    id === null ? -1 : ids.indexOf(id) + 1 || ids.length + 1;
  const cx = rank(project.cx.map((c) => c.id));
  const milestone = rank(project.milestones.map((m) => m.id));
  const journey = rank(project.journeys.map((j) => j.id));
  return {
    cx: <T extends { cxId: string; milestoneId: string | null }>(rows: T[]) =>
      [...rows].sort(
        (a, b) =>
          cx(a.cxId) - cx(b.cxId) ||
          a.cxId.localeCompare(b.cxId) ||
          milestone(a.milestoneId) - milestone(b.milestoneId),
      ),
    journeys: <T extends { journeyId: string }>(rows: T[]) =>
      [...rows].sort(
        (a, b) => journey(a.journeyId) - journey(b.journeyId) || a.journeyId.localeCompare(b.journeyId),
      ),
  };
}

const toMetric = (r: Row): CxMetricRow => ({
  cxId: String(r.cx_id),
  milestoneId: text(r.milestone_id),
  metric: String(r.metric),
  scale: text(r.scale),
  responses: (r.responses as bigint | null) ?? 0n,
  rejected: (r.rejected as bigint | null) ?? 0n,
  mean: num(r.mean),
  topTwoBox: num(r.top_two_box),
  promoters: r.promoters as bigint | null,
  passives: r.passives as bigint | null,
  detractors: r.detractors as bigint | null,
  nps: num(r.nps),
});

const toTopic = (r: Row): CxTopicRow => ({
  cxId: String(r.cx_id),
  milestoneId: text(r.milestone_id),
  topic: String(r.topic),
  responses: (r.responses as bigint | null) ?? 0n,
  positive: (r.positive as bigint | null) ?? 0n,
  neutral: (r.neutral as bigint | null) ?? 0n,
  negative: (r.negative as bigint | null) ?? 0n,
});

const toTraveler = (r: Row): TravelerRow => ({
  journeyId: String(r.journey_id),
  stageIndex: Number(r.stage_index),
  milestoneId: String(r.milestone_id),
  entered: (r.entered as bigint | null) ?? 0n,
  // NULL for the last stage, which has no next stage to exit to: shown as "—".
  exited: r.exited as bigint | null,
  exitedRecent: r.exited_recent as bigint | null,
  secondsMean: num(r.seconds_mean),
  secondsMedian: num(r.seconds_median),
  actions: num(r.actions),
});

const toPath = (r: Row): JourneyPathRow => ({
  journeyId: String(r.journey_id),
  previousId: text(r.previous_id),
  milestoneId: String(r.milestone_id),
  nextId: text(r.next_id),
  actors: (r.actors as bigint | null) ?? 0n,
});
