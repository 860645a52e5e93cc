/**
 * SQL for `milestones calibrate` (pure text; docs/CALIBRATE.md). Every
 * account seen in events by T gets a reference time r = first_seen, an
 * observation period [r, r + observe) and an outcome; milestones are
 * compared on completions inside the observation period; candidate events are
 * counted in the first W of it. Only aggregates leave DuckDB: one row per
 * milestone, a histogram per (event, window), a bounded sample of the
 * per-account feature matrix.
 *
 *   --outcome event:subscription_started:within=60d --observe 30d, candidates [report_created]
 *   -> CREATE OR REPLACE TEMP TABLE "_cal_population" AS ... "ref" + INTERVAL 30 DAY AS "observed_until" ...
 *      CREATE OR REPLACE TEMP TABLE "_cal_features" AS SELECT p."account_id", p."outcome",
 *        count(*) FILTER (WHERE e."event" = 'report_created' AND e."ts" < p."ref" + INTERVAL 7 DAY) AS "f_0_0", ...
 */
import type { Outcome } from '../calibrate/outcome.js';
import type { Duration, Level } from '../definitions/model.js';
import { propertyRef, asText, type Column } from './columns.js';
import { ident, indentSql, str } from './quote.js';
import { intervalSql } from './time.js';

export const CALIBRATE_TABLES = {
  population: '_cal_population',
  features: '_cal_features',
} as const;

/** Why an account is in or out of the comparison (the population's `state`). */
export const STATES = {
  included: 'included',
  open: 'open', // the outcome window (or the observation period) is not over at T
  unknown: 'unknown', // property outcome missing or not boolean
  unseen: 'unseen', // in the accounts table, no event by T: no reference time
} as const;

export interface CalibrateQuery {
  /** T as naive UTC text. */
  asOf: string;
  outcome: Outcome;
  observe: Duration;
  /** Columns of the accounts table; undefined when it is not loaded. */
  accounts: Column[] | undefined;
}

export interface FeatureSpec {
  candidates: string[];
  /** Each <= observe, shortest first. */
  windows: Duration[];
}

const P = CALIBRATE_TABLES.population;
const F = CALIBRATE_TABLES.features;
const timestamp = (text: string) => `TIMESTAMP ${str(text)}`;

/** The feature column of candidate i in window j: generated, never user text. */
export const featureColumn = (event: number, window: number) => `f_${event}_${window}`;

/** A property's text read as a boolean: true/t/yes/y/1 and false/f/no/n/0; anything else is unknown. */
function booleanOf(text: string): string {
  const v = `lower(trim(${text}))`;
  return (
    `CASE WHEN ${v} IN ('true', 't', 'yes', 'y', '1', '1.0') THEN TRUE ` +
    `WHEN ${v} IN ('false', 'f', 'no', 'n', '0', '0.0') THEN FALSE END`
  );
}

/** Accounts seen in events by T (first_seen) and, when loaded, the accounts table's. */
function actorsSql(q: CalibrateQuery): string {
  const seen =
    `SELECT "account_id", min("ts") AS "ref" FROM "events"\n` +
    `  WHERE "ts" <= ${timestamp(q.asOf)} AND "account_id" IS NOT NULL GROUP BY "account_id"`;
  const listed = q.accounts
    ? `\n  UNION SELECT "account_id", NULL FROM "accounts" WHERE "account_id" IS NOT NULL`
    : '';
  return `SELECT "account_id", min("ref") AS "ref" FROM (\n  ${seen}${listed}\n) GROUP BY "account_id"`;
}

/** The outcome per account, NULL when unknown; and the instant by which it must be over. */
function outcomeParts(q: CalibrateQuery): { join: string; value: string; until: string } {
  const observed = `s."ref" + ${intervalSql(q.observe)}`;
  if (q.outcome.kind === 'event') {
    const until = `${observed} + ${intervalSql(q.outcome.within)}`;
    const hits =
      `SELECT DISTINCT s."account_id" FROM "seen" AS s JOIN "events" AS e ON e."account_id" = s."account_id"\n` +
      `    AND e."event" = ${str(q.outcome.event)} AND e."ts" >= ${observed} AND e."ts" < ${until}`;
    return {
      join: `LEFT JOIN (\n    ${hits}\n  ) AS h ON h."account_id" = s."account_id"`,
      value: 'h."account_id" IS NOT NULL',
      until,
    };
  }
  const ref = propertyRef(q.accounts, 'a', q.outcome.property);
  return {
    join: `LEFT JOIN "accounts" AS a ON a."account_id" = s."account_id"`,
    value: ref.sql === 'NULL' ? 'CAST(NULL AS BOOLEAN)' : booleanOf(asText(ref)),
    until: observed,
  };
}

/** One row per account: ref, observed_until, state and outcome (NULL unless included). */
export function populationSql(q: CalibrateQuery): string {
  const { join, value, until } = outcomeParts(q);
  const join2 = q.outcome.kind === 'property' && !q.accounts ? '' : `\n  ${join}`;
  // A missing property outranks an open period: it will not arrive by waiting.
  const state =
    `CASE WHEN s."ref" IS NULL THEN ${str(STATES.unseen)} ` +
    `WHEN (${value}) IS NULL THEN ${str(STATES.unknown)} ` +
    `WHEN ${until} > ${timestamp(q.asOf)} THEN ${str(STATES.open)} ELSE ${str(STATES.included)} END`;
  return (
    `CREATE OR REPLACE TEMP TABLE ${ident(P)} AS\n` +
    `WITH "seen" AS (\n  ${indentSql(actorsSql(q), '  ')}\n)\n` +
    `SELECT s."account_id", s."ref", s."ref" + ${intervalSql(q.observe)} AS "observed_until",\n` +
    `  ${state} AS "state",\n` +
    `  CASE WHEN ${until} <= ${timestamp(q.asOf)} THEN ${value} END AS "outcome"\n` +
    `FROM "seen" AS s${join2}`
  );
}

/** Accounts and accounts with the outcome, per state. */
export function populationSummarySql(): string {
  return (
    `SELECT "state", count(*) AS "accounts", count(*) FILTER (WHERE "outcome") AS "positives"\n` +
    `FROM ${ident(P)} GROUP BY "state" ORDER BY "state"`
  );
}

/**
 * Per milestone, achievers and non-achievers among the included accounts
 * assigned to it. An account achieves when it (a contact-level milestone: any
 * of its contacts) completed the milestone before its observation period
 * ended, so the milestone comes before the outcome it is compared with.
 */
export function milestoneComparisonSql(milestones: { id: string; level: Level }[]): string {
  if (milestones.length === 0) {
    return `SELECT NULL AS "milestone_id", 0 AS "achievers", 0 AS "achievers_positive", 0 AS "others", 0 AS "others_positive" WHERE FALSE`;
  }
  const ids = milestones.map((m) => str(m.id)).join(', ');
  return (
    `WITH "reached" AS (\n` +
    `  SELECT s."milestone_id", p."account_id", any_value(p."outcome") AS "outcome",\n` +
    `    bool_or(s."completed_at" IS NOT NULL AND s."completed_at" < p."observed_until") AS "achieved"\n` +
    `  FROM "milestone_status" AS s JOIN ${ident(P)} AS p ON p."account_id" = s."account_id"\n` +
    `  WHERE p."state" = ${str(STATES.included)} AND s."milestone_id" IN (${ids})\n` +
    `  GROUP BY s."milestone_id", p."account_id"\n` +
    `)\n` +
    `SELECT "milestone_id",\n` +
    `  count(*) FILTER (WHERE "achieved") AS "achievers",\n` +
    `  count(*) FILTER (WHERE "achieved" AND "outcome") AS "achievers_positive",\n` +
    `  count(*) FILTER (WHERE NOT "achieved") AS "others",\n` +
    `  count(*) FILTER (WHERE NOT "achieved" AND "outcome") AS "others_positive"\n` +
    `FROM "reached" GROUP BY "milestone_id" ORDER BY "milestone_id"`
  );
}

/**
 * The feature matrix, one set-based pass: per included account, the count of
 * each candidate in [ref, ref + W) for each window W.
 */
export function featuresSql(spec: FeatureSpec): string {
  const longest = spec.windows[spec.windows.length - 1];
  if (!longest || spec.candidates.length === 0) throw new Error('featuresSql needs candidates and windows');
  const columns = spec.candidates.flatMap((event, i) =>
    spec.windows.map(
      (w, j) =>
        `count(*) FILTER (WHERE e."event" = ${str(event)} AND e."ts" < p."ref" + ${intervalSql(w)}) AS ${ident(featureColumn(i, j))}`,
    ),
  );
  return (
    `CREATE OR REPLACE TEMP TABLE ${ident(F)} AS\n` +
    `SELECT p."account_id", p."outcome",\n  ${columns.join(',\n  ')}\n` +
    `FROM ${ident(P)} AS p\n` +
    `LEFT JOIN "events" AS e ON e."account_id" = p."account_id" AND e."ts" >= p."ref"\n` +
    `  AND e."ts" < p."ref" + ${intervalSql(longest)} AND e."event" IN (${spec.candidates.map(str).join(', ')})\n` +
    `WHERE p."state" = ${str(STATES.included)}\n` +
    `GROUP BY p."account_id", p."outcome"`
  );
}

const allFeatures = (spec: FeatureSpec) =>
  spec.candidates.flatMap((_, i) => spec.windows.map((_w, j) => ident(featureColumn(i, j))));

/** Per feature and count value: accounts and accounts with the outcome (the threshold search's input). */
export function histogramSql(spec: FeatureSpec): string {
  return (
    `SELECT "feature", "value", count(*) AS "accounts", count(*) FILTER (WHERE "outcome") AS "positives"\n` +
    `FROM (UNPIVOT ${ident(F)} ON ${allFeatures(spec).join(', ')} INTO NAME "feature" VALUE "value")\n` +
    `GROUP BY "feature", "value" ORDER BY "feature", "value"`
  );
}

/**
 * At most `limit` rows of the matrix for the forest, chosen by a hash of the
 * account id: the same accounts every run, spread evenly, and only the
 * sample crosses into JavaScript.
 */
export function sampleSql(spec: FeatureSpec, limit: number): string {
  const columns = allFeatures(spec).map((c) => `CAST(${c} AS DOUBLE) AS ${c}`);
  return (
    `SELECT "outcome", ${columns.join(', ')}\n` +
    `FROM ${ident(F)} ORDER BY md5("account_id"), "account_id" LIMIT ${Math.max(0, Math.floor(limit))}`
  );
}

/** How many rows the matrix has (the forest's sample may be fewer). */
export function featureCountSql(): string {
  return `SELECT count(*) AS "accounts" FROM ${ident(F)}`;
}
