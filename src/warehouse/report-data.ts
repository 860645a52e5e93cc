/**
 * What `milestones report` needs from the warehouse: first the results are
 * made current (computed by computeAll unless they already match the
 * definitions, data and T), then small aggregates are read with SQL into the
 * plain objects of src/report/types.ts. Nothing per event is read; ids are
 * read at most SAMPLE_SIZE per milestone and status.
 *
 *   await ensureComputed(w, project, { asOf: "2026-05-01 03:59:59", tables })  -> false (already current)
 *   await readReportData(w, project, '2026-05-01 03:59:59')
 *   -> { project: 'milestones.yaml', asOf: '2026-05-01T03:59:59Z', milestones: [...], ... }
 */
import { basename } from 'node:path';
import { ident, str } from '../compiler/quote.js';
import type { Project } from '../definitions/model.js';
import type { Diagnostic } from '../errors.js';
import {
  type ConversionReport,
  type CxMetricRow,
  type CxTopicRow,
  type HistoryMonth,
  type IdSample,
  type JourneyPathRow,
  type MilestoneReport,
  type ReportData,
  type Status,
  type Totals,
  type TravelerRow,
} from '../report/types.js';
import type { Warehouse } from './session.js';
import { summarizeJourneys, summarizeStatuses } from './status-summary.js';

/** Ids listed per milestone and status. */
export const SAMPLE_SIZE = 20;
/** Topics per survey link and milestone, paths per journey. */
export const TOP_ROWS = 20;

type Row = Record<string, unknown>;

/** Written by the CX and journey analyses; read only when present. */
export const OPTIONAL_TABLES = ['cx_metrics', 'cx_topics', 'journey_travelers', 'journey_paths'] as const;

// ---------------------------------------------------------------- header

const ISO = (sql: string) => `strftime(${sql}, '%Y-%m-%dT%H:%M:%SZ')`;

/** Accounts and contacts are those in their tables plus those seen in events, as the statuses count them. */
async function readTotals(w: Warehouse): Promise<Totals> {
  const has = async (t: string) => w.tableExists(t);
  const distinct = (parts: string[]) =>
    parts.length === 0
      ? 'CAST(0 AS BIGINT)'
      : `(SELECT count(DISTINCT "id") FROM (${parts.join(' UNION ALL ')}) AS u("id"))`;
  const events = await has('events');
  const accounts = [
    ...((await has('accounts')) ? ['SELECT "account_id" FROM "accounts"'] : []),
    ...(events ? ['SELECT "account_id" FROM "events"'] : []),
  ];
  const contacts = [
    ...((await has('contacts')) ? ['SELECT "contact_id" FROM "contacts"'] : []),
    ...(events ? ['SELECT "contact_id" FROM "events"'] : []),
  ];
  const eventStats = events
    ? `(SELECT count(*) FROM "events") AS events, (SELECT ${ISO('min("ts")')} FROM "events") AS first_event,
       (SELECT ${ISO('max("ts")')} FROM "events") AS last_event`
    : 'CAST(0 AS BIGINT) AS events, NULL AS first_event, NULL AS last_event';
  const row = (await w.one<Row>(
    `SELECT ${distinct(accounts)} AS accounts, ${distinct(contacts)} AS contacts, ${eventStats}`,
  ))!;
  return {
    accounts: row.accounts as bigint,
    contacts: row.contacts as bigint,
    events: row.events as bigint,
    firstEvent: (row.first_event as string | null) ?? null,
    lastEvent: (row.last_event as string | null) ?? null,
  };
}

async function readAsOf(w: Warehouse, project: Project, asOf: string): Promise<string> {
  const stored = project.milestones.length > 0 ? `(SELECT max("as_of") FROM "milestone_status")` : 'NULL';
  const row = await w.one<{ t: string }>(`SELECT ${ISO(`coalesce(${stored}, CAST(? AS TIMESTAMP))`)} AS t`, [
    asOf,
  ]);
  return row!.t;
}

// ---------------------------------------------------------------- milestones

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

async function readMeanProgress(w: Warehouse): Promise<Map<string, number | null>> {
  const rows = await w.all<Row>(
    'SELECT "milestone_id", avg("progress") AS mean FROM "milestone_status" GROUP BY ALL ORDER BY ALL',
  );
  return new Map(rows.map((r) => [r.milestone_id as string, num(r.mean)]));
}

/** Completed / lost / regained per milestone and month, months in the config's time zone. */
async function readMonths(w: Warehouse, timezone: string): Promise<Map<string, HistoryMonth[]>> {
  const month = `strftime(timezone(${str(timezone)}, CAST("ts" AS TIMESTAMPTZ)), '%Y-%m')`;
  const rows = await w.all<Row>(
    `SELECT "milestone_id", ${month} AS "month",
       count(*) FILTER (WHERE "type" = 'milestone_completed') AS completed,
       count(*) FILTER (WHERE "type" = 'milestone_lost') AS lost,
       count(*) FILTER (WHERE "type" = 'milestone_regained') AS regained
     FROM "milestone_history"
     WHERE "type" IN ('milestone_completed', 'milestone_lost', 'milestone_regained')
     GROUP BY ALL ORDER BY "milestone_id", "month"`,
  );
  const months = new Map<string, HistoryMonth[]>();
  for (const r of rows) {
    const list = months.get(r.milestone_id as string) ?? [];
    list.push({
      month: r.month as string,
      completed: r.completed as bigint,
      lost: r.lost as bigint,
      regained: r.regained as bigint,
    });
    months.set(r.milestone_id as string, list);
  }
  return months;
}

const emptySamples = (): Record<Status, IdSample> => ({
  achieving: { ids: [], total: 0n },
  not_achieving: { ids: [], total: 0n },
  never_achieved: { ids: [], total: 0n },
  not_started: { ids: [], total: 0n },
});

/** The first SAMPLE_SIZE ids per milestone and status, highest progress first, ties by id. */
async function readSamples(w: Warehouse): Promise<Map<string, Record<Status, IdSample>>> {
  const rows = await w.all<Row>(
    `SELECT "milestone_id", "status", "actor_id", "total" FROM (
       SELECT "milestone_id", "status", "actor_id",
         count(*) OVER (PARTITION BY "milestone_id", "status") AS "total",
         row_number() OVER (PARTITION BY "milestone_id", "status" ORDER BY "progress" DESC NULLS LAST, "actor_id") AS "rank"
       FROM "milestone_status")
     WHERE "rank" <= ? ORDER BY "milestone_id", "status", "rank"`,
    [SAMPLE_SIZE],
  );
  const samples = new Map<string, Record<Status, IdSample>>();
  for (const r of rows) {
    const status = r.status as Status;
    const byStatus = samples.get(r.milestone_id as string) ?? emptySamples();
    if (!(status in byStatus)) continue;
    byStatus[status].ids.push(String(r.actor_id));
    byStatus[status].total = r.total as bigint;
    samples.set(r.milestone_id as string, byStatus);
  }
  return samples;
}

async function readMilestones(w: Warehouse, project: Project): Promise<MilestoneReport[]> {
  if (project.milestones.length === 0) return [];
  const summaries = await summarizeStatuses(w, project);
  const progress = await readMeanProgress(w);
  const months = await readMonths(w, project.timezone);
  const samples = await readSamples(w);
  return project.milestones.map((m, i) => {
    const summary = summaries[i]!;
    return {
      id: m.id,
      name: m.name,
      level: m.level,
      assigned: summary.assigned,
      counts: summary.counts,
      deadlineMissed: summary.deadline_missed,
      meanProgress: progress.get(m.id) ?? null,
      months: months.get(m.id) ?? [],
      samples: samples.get(m.id) ?? emptySamples(),
    };
  });
}

// ---------------------------------------------------------------- journeys

async function readJourneys(w: Warehouse, project: Project): Promise<ReportData['journeys']> {
  if (project.journeys.length === 0) return [];
  const stages = await summarizeJourneys(w, project);
  return project.journeys.map((j) => ({
    id: j.id,
    name: j.name,
    stages: stages
      .filter((s) => s.journey === j.id)
      .map((s) => ({ index: s.stage_index, stage: s.stage, accounts: s.accounts })),
  }));
}

// ---------------------------------------------------------------- conversions

function groupBy(rows: Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const id = r.conversion_id as string;
    groups.set(id, [...(groups.get(id) ?? []), r]);
  }
  return groups;
}

async function readConversions(w: Warehouse, project: Project): Promise<ConversionReport[]> {
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
  return project.conversions.map((c) => ({
    id: c.id,
    name: c.name,
    unit: c.unit,
    hasRevenue: c.value !== undefined,
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
  }));
}

// ---------------------------------------------------------------- CX and travelers (optional tables)

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
  table: (typeof OPTIONAL_TABLES)[number],
  warnings: Diagnostic[],
): Promise<Row[] | undefined> {
  if (!(await w.tableExists(table))) return undefined;
  const present = new Set((await w.columns(table)).map((c) => c.name));
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

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

async function readCxAndTravelers(w: Warehouse, warnings: Diagnostic[]): Promise<Partial<ReportData>> {
  const metrics = await readOptional(w, 'cx_metrics', warnings);
  const topics = await readOptional(w, 'cx_topics', warnings);
  const travelers = await readOptional(w, 'journey_travelers', warnings);
  const paths = await readOptional(w, 'journey_paths', warnings);
  const out: Partial<ReportData> = {};
  if (metrics) out.cxMetrics = metrics.map(toMetric);
  if (topics) out.cxTopics = topics.map(toTopic);
  if (travelers) out.travelers = travelers.map(toTraveler);
  if (paths) out.paths = paths.map(toPath);
  return out;
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
  exited: (r.exited as bigint | null) ?? 0n,
  exitedRecent: (r.exited_recent as bigint | null) ?? 0n,
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

// ---------------------------------------------------------------- all of it

/** Everything the report shows, read from current result tables (see ensureComputed in run-compute.ts). */
export async function readReportData(
  w: Warehouse,
  project: Project,
  asOf: string,
): Promise<{ data: ReportData; warnings: Diagnostic[] }> {
  const warnings: Diagnostic[] = [];
  const data: ReportData = {
    project: basename(project.configPath),
    asOf: await readAsOf(w, project, asOf),
    timezone: project.timezone,
    totals: await readTotals(w),
    milestones: await readMilestones(w, project),
    journeys: await readJourneys(w, project),
    conversions: await readConversions(w, project),
    ...(await readCxAndTravelers(w, warnings)),
  };
  return { data, warnings };
}
