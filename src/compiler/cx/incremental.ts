/**
 * CX in an incremental `compute` (docs/FEED.md "Incremental compute"): a
 * response's rows depend only on its survey rows up to T and on its
 * respondent's completions (completed_at, the first one, of each milestone a
 * window matches). Between two runs over the same survey rows, only the
 * respondents with a row in (T0, T] or a changed completion can have other
 * rows; the run rebuilds theirs, keeps every other published row, and
 * replaces the rebuilt respondents' rows in `cx_responses` instead of
 * rewriting it (1.2M rows at 50M events: 2.3 s).
 *
 *   group nps+csat -> _cx_nps__redo (account_id, contact_id)       sql/cx/redo.sql
 *                     _cx_nps__group_responses ... only their rows  sql/cx/responses.sql
 *                     _cx_nps__rows, _cx_csat__rows                  sql/cx/metric-rows-continued.sql
 *   publish        -> DELETE their rows, UPDATE "as_of", INSERT the rebuilt rows
 *
 * A journey's actions (events during each stay) continue too when the run
 * rebuilt no actor (compiler/cx/journey-sql.ts, sql/journeys/actions-continued.sql).
 *
 * When it may (src/cx/cx-continue.ts): the statuses run is incremental, the
 * survey rows and CX definitions are the last run's (`_ms_state.cx`), the
 * loader gave every survey row its place, and every response id's rows share
 * one respondent (else a response could be half in the redo set).
 */
import { createHash } from 'node:crypto';
import type { CxMetric, Project } from '../../definitions/model.js';
import type { Column } from '../columns.js';
import type { PlanStatement } from '../plan-types.js';
import { ident, literal, str } from '../quote.js';
import { STATE_SCHEMA } from '../statuses/state.js';
import { fillTemplate } from '../template.js';
import { AS_OF, cxTable, PREVIOUS_AS_OF, PREVIOUS_AS_OF_VARIABLE, RESULT_TABLES, STAGED } from './names.js';
import { toneOf } from './tone.js';
import { instantVariableStatement } from '../time.js';

/** The stored fingerprint of the last run's CX inputs (one row: fingerprint, rows, split_responses). */
export const CX_STATE = `${ident(STATE_SCHEMA)}.${ident('cx')}`;
/** The stored fingerprint of the last run's journey definitions (one row: fingerprint). */
export const JOURNEYS_STATE = `${ident(STATE_SCHEMA)}.${ident('journeys')}`;

/**
 * The layout of the published CX and journey rows a continued run reads and
 * appends to (positionally: `INSERT ... SELECT *`), and how they are
 * computed: a change of either must make the next run compute them in full.
 * (A change of the state tables' own columns bumps STATE_FORMAT instead.)
 */
const FORMAT = 1;

/** What the published CX rows depend on besides the statuses and the survey rows: definitions and columns. */
export function cxFingerprint(project: Project, surveys: Column[]): string {
  return createHash('sha256')
    .update(JSON.stringify({ format: FORMAT, cx: project.cx, surveys }))
    .digest('hex');
}

/** What the published journey rows depend on besides the statuses and the events. */
export function journeysFingerprint(project: Project): string {
  return createHash('sha256')
    .update(JSON.stringify({ format: FORMAT, journeys: project.journeys, timezone: project.timezone }))
    .digest('hex');
}

export const previousAsOfStatement = (previousAsOf: string): PlanStatement =>
  instantVariableStatement(PREVIOUS_AS_OF_VARIABLE, previousAsOf);

/**
 * Whether the row `alias` of `table` (with account_id, contact_id) is of a
 * respondent in `redo` (NULL ids match NULL): its rowid among those a semi
 * join finds. DuckDB runs that join before reading the row's other columns; a
 * correlated `EXISTS (... IS NOT DISTINCT FROM ...)` it ran after them (500K
 * survey rows, 8.5K of them rebuilt: 250-290 ms -> 55-74 ms).
 */
export function respondentIn(redo: string, table: string, alias: string): string {
  return (
    `${alias}.rowid IN (SELECT s.rowid FROM ${ident(table)} AS s SEMI JOIN ${ident(redo)} AS d ` +
    `ON d."account_id" IS NOT DISTINCT FROM s."account_id" AND d."contact_id" IS NOT DISTINCT FROM s."contact_id")`
  );
}

export function redoSql(group: CxMetric[], statusTable: string): string {
  return fillTemplate('cx/redo', {
    table: ident(cxTable.redo(group[0]!.id)),
    status: ident(statusTable),
    stored: ident('milestone_status'),
    milestones: group[0]!.milestones.map(str).join(', '),
    previous_as_of: PREVIOUS_AS_OF,
    as_of: AS_OF,
  });
}

export function continuedRowsSql(cx: CxMetric, redo: string): string {
  return fillTemplate('cx/metric-rows-continued', {
    table: ident(cxTable.rows(cx.id)),
    stored_tone: toneOf('t."sentiment"'),
    published: ident(RESULT_TABLES.responses),
    cx: str(cx.id),
    rebuilt: respondentIn(redo, RESULT_TABLES.responses, 't'),
    matched: ident(cxTable.matched(cx.id)),
  });
}

/** The metric-specific columns of metrics-continued.sql, from the summed counts (as metrics.sql has them). */
function continuedScoreColumns(cx: CxMetric): Record<string, string> {
  if (cx.metric === 'nps')
    return {
      top_two_box: 'CAST(NULL AS DOUBLE)',
      promoters: '"promoters"',
      passives: '"passives"',
      detractors: '"detractors"',
      nps: '100.0 * ("promoters" - "detractors") / nullif("responses", 0)',
    };
  const none = 'CAST(NULL AS BIGINT)';
  return {
    top_two_box: '"top_two" / nullif("responses", 0)',
    promoters: none,
    passives: none,
    detractors: none,
    nps: 'CAST(NULL AS DOUBLE)',
  };
}

export function continuedMetricsSql(cx: CxMetric): string {
  return fillTemplate('cx/metrics-continued', {
    table: ident(cxTable.metrics(cx.id)),
    rows: ident(cxTable.rows(cx.id)),
    published: ident(RESULT_TABLES.metrics),
    cx: str(cx.id),
    top_two: literal(cx.scale - 1),
    ...continuedScoreColumns(cx),
  });
}

export function continuedTopicsSql(cx: CxMetric): string {
  return fillTemplate('cx/topics-continued', {
    table: ident(cxTable.topics(cx.id)),
    rows: ident(cxTable.rows(cx.id)),
    published: ident(RESULT_TABLES.topics),
    cx: str(cx.id),
  });
}

/**
 * Publish phase of a continued run: each group's rebuilt respondents' rows
 * replaced, every row's `as_of` moved to T. The appended rows come after the
 * kept ones (a full run writes the table sorted; exports sort every row).
 */
export function publishContinuedResponses(groups: CxMetric[][], order: string): PlanStatement[] {
  const table = ident(RESULT_TABLES.responses);
  const publish = (name: string, sql: string): PlanStatement => ({ name, phase: 'publish', sql });
  return [
    ...groups.map((group) =>
      publish(
        `${RESULT_TABLES.responses}__retire_${group[0]!.id}`,
        `DELETE FROM ${table} AS t\nWHERE t."cx_id" IN (${group.map((c) => str(c.id)).join(', ')})\n` +
          `  AND ${respondentIn(cxTable.redo(group[0]!.id), RESULT_TABLES.responses, 't')}`,
      ),
    ),
    publish(`${RESULT_TABLES.responses}__as_of`, `UPDATE ${table} SET "as_of" = ${AS_OF}`),
    publish(
      RESULT_TABLES.responses,
      `INSERT INTO ${table}\nSELECT * FROM ${ident(STAGED.responses)}\nORDER BY ${order}`,
    ),
  ];
}

/**
 * Publish phase of a run that keeps a state (after the statuses' state):
 * what the next run checks before continuing the journeys' actions; without
 * journeys, no state (a stale one could match journeys put back later).
 */
export function journeysStatePublish(fingerprint: string | undefined): PlanStatement {
  return {
    name: 'state_journeys',
    phase: 'publish',
    sql:
      fingerprint === undefined
        ? `DROP TABLE IF EXISTS ${JOURNEYS_STATE}`
        : `CREATE OR REPLACE TABLE ${JOURNEYS_STATE} AS\nSELECT ${str(fingerprint)} AS "fingerprint"`,
  };
}

/**
 * Response ids whose rows name more than one respondent: with any, a response
 * could be half rebuilt, so CX does not continue. Read once per survey load
 * (by a run that recomputed CX) and kept in the state: 0.18 s at 500K rows.
 */
const SPLIT_RESPONSES = `SELECT count(*) FROM (
  SELECT "response_id" FROM "survey_responses" WHERE "response_id" IS NOT NULL
  GROUP BY "response_id" HAVING count(DISTINCT ("account_id", "contact_id")) > 1
)`;

/**
 * The same for CX: its fingerprint, the survey rows it read and the split
 * responses; no state without CX metrics. A run that continued CX keeps the
 * row it continued from (the same survey rows, the same fingerprint).
 */
export function cxStatePublish(fingerprint: string | undefined, continued: boolean): PlanStatement[] {
  if (continued) return [];
  return [
    {
      name: 'state_cx',
      phase: 'publish',
      sql:
        fingerprint === undefined
          ? `DROP TABLE IF EXISTS ${CX_STATE}`
          : `CREATE OR REPLACE TABLE ${CX_STATE} AS\n` +
            `SELECT ${str(fingerprint)} AS "fingerprint", (SELECT count(*) FROM "survey_responses") AS "rows",\n` +
            `  (${SPLIT_RESPONSES}) AS "split_responses"`,
    },
  ];
}
