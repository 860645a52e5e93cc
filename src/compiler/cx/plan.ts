/**
 * compileCx: the project's CX metrics and journey analyses (travelers, paths)
 * -> named SQL statements over the statuses (`milestone_status`, or the
 * staged table `compute` passes) and the survey responses. Pure and
 * deterministic. Without a survey_responses table the CX tables are empty.
 *
 *   cx: [{id: nps, ...}], journeys: [{id: lifecycle, ...}]
 *   -> SET VARIABLE cx_as_of = ...
 *      _cx_nps__group_responses ... _jr_lifecycle__paths     (build)
 *      _cx_metrics, _cx_topics, _cx_responses, _jr_travelers, _jr_paths (staged rows: views)
 *   publishCxStatements() then replaces cx_metrics, ... journey_paths in the caller's transaction.
 */
import { joinsByNumber } from '../actor-numbers.js';
import type { CxMetric, Project } from '../../definitions/model.js';
import type { WarehouseTables } from '../columns.js';
import type { Plan, PlanStatement } from '../plan-types.js';
import { publishChangedRows } from '../publish-changes.js';
import { ident, str } from '../quote.js';
import { replaceTableSql, type ColumnCompression, type Columns } from '../stored-columns.js';
import { cxStatements } from './cx-sql.js';
import {
  cxStatePublish,
  journeysStatePublish,
  previousAsOfStatement,
  publishContinuedResponses,
} from './incremental.js';
import { journeyStatements } from './journey-sql.js';
import { AS_OF, AS_OF_VARIABLE, cxTable, journeyTable, RESULT_TABLES, STAGED } from './names.js';
import { asOfStatement } from '../as-of.js';

export interface CompileCxOptions {
  /** T as naive UTC text; default: the latest event time. */
  asOf?: string;
  /**
   * An incremental run (compiler/cx/incremental.ts): the last run's T, and
   * which analyses continue from the last run's rows.
   */
  continued?: { previousAsOf: string; cx: boolean; journeys: boolean };
  tables: WarehouseTables;
  /** Where milestone completions are read; default `milestone_status`. */
  statusTable?: string;
}

type Kind = keyof typeof STAGED;

export const COLUMNS: Record<Kind, Columns> = {
  metrics: [
    ['cx_id', 'VARCHAR'],
    ['milestone_id', 'VARCHAR'],
    ['metric', 'VARCHAR'],
    ['scale', 'INTEGER'],
    ['responses', 'BIGINT'],
    ['rejected', 'BIGINT'],
    ['mean', 'DOUBLE'],
    ['top_two_box', 'DOUBLE'],
    ['promoters', 'BIGINT'],
    ['passives', 'BIGINT'],
    ['detractors', 'BIGINT'],
    ['nps', 'DOUBLE'],
    ['positive', 'BIGINT'],
    ['neutral', 'BIGINT'],
    ['negative', 'BIGINT'],
  ],
  topics: [
    ['cx_id', 'VARCHAR'],
    ['milestone_id', 'VARCHAR'],
    ['topic', 'VARCHAR'],
    ['responses', 'BIGINT'],
    ['positive', 'BIGINT'],
    ['neutral', 'BIGINT'],
    ['negative', 'BIGINT'],
  ],
  responses: [
    ['cx_id', 'VARCHAR'],
    ['milestone_id', 'VARCHAR'],
    ['response_id', 'VARCHAR'],
    ['matched_by', 'VARCHAR'],
    ['account_id', 'VARCHAR'],
    ['contact_id', 'VARCHAR'],
    ['ts', 'TIMESTAMP'],
    ['answer', 'VARCHAR'],
    ['score', 'DOUBLE'],
    ['valid', 'BOOLEAN'],
    ['topics', 'VARCHAR'],
    ['sentiment', 'VARCHAR'],
    // Where the answer was read (warehouse/row-places.ts): a CSV's line (header = 1) or a Parquet file's row (from 1).
    ['file', 'VARCHAR'],
    ['line', 'BIGINT'],
    ['row', 'BIGINT'],
  ],
  travelers: [
    ['journey_id', 'VARCHAR'],
    ['stage_index', 'INTEGER'],
    ['milestone_id', 'VARCHAR'],
    ['entered', 'BIGINT'],
    ['exited', 'BIGINT'],
    ['exited_recent', 'BIGINT'],
    ['seconds_mean', 'DOUBLE'],
    ['seconds_median', 'DOUBLE'],
    ['actions', 'BIGINT'],
  ],
  paths: [
    ['journey_id', 'VARCHAR'],
    ['previous_id', 'VARCHAR'],
    ['milestone_id', 'VARCHAR'],
    ['next_id', 'VARCHAR'],
    ['actors', 'BIGINT'],
  ],
};

/** Sort keys of each published table: the same input gives the same row order. */
const ORDER: Record<Kind, string> = {
  metrics: '"cx_id", "milestone_id" NULLS FIRST',
  topics: '"cx_id", "milestone_id" NULLS FIRST, "responses" DESC, "topic"',
  responses: '"cx_id", "milestone_id", "ts", "response_id", "file", "line", "row"',
  travelers: '"journey_id", "stage_index"',
  paths: '"journey_id", "actors" DESC, "previous_id" NULLS FIRST, "milestone_id", "next_id" NULLS LAST',
};

const build = (name: string, sql: string): PlanStatement => ({ name, sql, phase: 'build' });

/**
 * A view of the union of the parts, typed (no parts: an empty typed view),
 * which the publish statement materializes once, in its transaction: a temp
 * table in between copied every response row twice (measured at 10M events,
 * 239K response rows: 0.46 s for the temp table, then 0.72 s to publish).
 */
function stagedTable(kind: Kind, parts: string[]): PlanStatement {
  const columns = COLUMNS[kind];
  const typed = (source: string) =>
    `SELECT\n  ${columns.map(([n, t]) => `CAST(${ident(n)} AS ${t}) AS ${ident(n)}`).join(',\n  ')},\n  ${AS_OF} AS "as_of"\n${source}`;
  const body =
    parts.length > 0
      ? parts.map(typed).join('\nUNION ALL\n')
      : `SELECT\n  ${columns.map(([n, t]) => `CAST(NULL AS ${t}) AS ${ident(n)}`).join(',\n  ')},\n  ${AS_OF} AS "as_of"\nWHERE FALSE`;
  return build(STAGED[kind], `CREATE OR REPLACE TEMP VIEW ${ident(STAGED[kind])} AS\n${body}`);
}

export function compileCx(project: Project, options: CompileCxOptions): Plan {
  const statusTable = options.statusTable ?? 'milestone_status';
  const surveys = options.tables.surveys;
  const metrics = surveys ? project.cx : [];
  const continued = options.continued;
  const statements: PlanStatement[] = [asOfStatement('cx_as_of', AS_OF_VARIABLE, options.asOf)];
  if (continued && (continued.cx || continued.journeys))
    statements.push(previousAsOfStatement(continued.previousAsOf));
  if (metrics.length > 0)
    statements.push(...cxStatements(metrics, project, surveys!, statusTable, continued?.cx === true));
  for (const journey of project.journeys)
    statements.push(
      ...journeyStatements(
        journey,
        project,
        statusTable,
        continued?.journeys === true,
        joinsByNumber(options.tables),
      ),
    );
  const from = (table: string) => `FROM ${ident(table)}`;
  const responses = (id: string) =>
    `FROM (SELECT ${str(id)} AS "cx_id", "milestone_id", "response_id", "matched_by", "account_id", ` +
    `"contact_id", "ts", "answer", CASE WHEN "valid" THEN "score" END AS "score", "valid", "topics", "sentiment", ` +
    `"file", "line", "row" ` +
    `FROM ${ident(cxTable.matched(id))})`;
  statements.push(
    stagedTable(
      'metrics',
      metrics.map((c) => from(cxTable.metrics(c.id))),
    ),
    stagedTable(
      'topics',
      metrics.map((c) => from(cxTable.topics(c.id))),
    ),
    stagedTable(
      'responses',
      metrics.map((c) => responses(c.id)),
    ),
    stagedTable(
      'travelers',
      project.journeys.map((j) => from(journeyTable.travelers(j.id))),
    ),
    stagedTable(
      'paths',
      project.journeys.map((j) => from(journeyTable.paths(j.id))),
    ),
  );
  return { statements };
}

export interface PublishCxOptions {
  /** The groups of a continued run: `cx_responses` keeps the other respondents' rows. */
  continued?: CxMetric[][];
  /**
   * A run that computed CX in full over a stored `cx_responses` of the same
   * columns and a survey table with place columns (its rows are then
   * unique): only the rows that differ are deleted and inserted.
   */
  changedOnly?: boolean;
  /**
   * When the run keeps a state: the fingerprints kept for the next run
   * (cxFingerprint, journeysFingerprint; none: no CX or no journeys).
   */
  state?: { cx?: string; journeys?: string };
  /** Whether the tables written whole name their columns' compression (stored-columns.ts). */
  compression?: ColumnCompression;
}

/**
 * The order a table written whole is written in. `cx_responses` (1.2M wide
 * rows at 50M events) is written in the staged order: sorting it cost 1.2-1.3
 * s of its 2.5 s, and after its first run it is published by its changed
 * rows anyway (appended, not in one order); readers sort (docs/FEED.md).
 * The small tables keep their order.
 */
const wholeOrder = (kind: Kind): string => (kind === 'responses' ? '' : ORDER[kind]);

/**
 * Replaces the published CX and journey tables with the staged rows (run in
 * one transaction); a continued run replaces only the rebuilt rows of
 * `cx_responses`.
 */
export function publishCxStatements(options: PublishCxOptions = {}): PlanStatement[] {
  const statements = (Object.keys(STAGED) as Kind[]).flatMap((kind) =>
    kind === 'responses' && options.continued
      ? publishContinuedResponses(options.continued, ORDER.responses)
      : kind === 'responses' && options.changedOnly
        ? publishChangedResponses()
        : [
            {
              name: RESULT_TABLES[kind],
              phase: 'publish' as const,
              sql: replaceTableSql(
                ident(RESULT_TABLES[kind]),
                [...COLUMNS[kind], ['as_of', 'TIMESTAMP']],
                ident(STAGED[kind]),
                wholeOrder(kind),
                options.compression,
              ),
            },
          ],
  );
  const state = options.state;
  return state === undefined
    ? statements
    : [
        ...statements,
        ...cxStatePublish(state.cx, options.continued !== undefined),
        journeysStatePublish(state.journeys),
      ];
}

/** The columns of the published `cx_responses`, in order: what a stored table must have for publishChangedResponses. */
export const RESPONSE_COLUMNS: Columns = [...COLUMNS.responses, ['as_of', 'TIMESTAMP']];

/**
 * `cx_responses` by its changed rows (publish-changes.ts). A rerun over the
 * same surveys and completions writes nothing but `as_of` (50M events, 1.2M
 * rows: rewriting the table took 2.8-3.5 s). Rows are unique when the survey
 * table has its place columns (cx-continue.ts checks), so matching loses no
 * duplicate.
 */
function publishChangedResponses(): PlanStatement[] {
  return publishChangedRows({
    table: RESULT_TABLES.responses,
    staged: STAGED.responses,
    compared: COLUMNS.responses,
    present: 'cx_id',
    order: ORDER.responses,
    asOf: AS_OF,
  });
}
