/**
 * The CX metrics' statements. Metrics that read the same survey rows and
 * match them to the same milestones the same way (survey, milestones, window,
 * naming column) form a group: one table of responses (one row each, every
 * metric's answer checked against its scale) and one of the responses matched
 * to each milestone (their rows in the first table) serve the whole group; each metric then reads its own
 * columns through a view, and gets its metric and topics per milestone.
 * See sql/cx/*.sql.
 *
 *   [{id: nps, question: Q1, ...}, {id: csat, question: Q2, ...}] (same survey and milestones)
 *   -> _cx_nps__group_responses, _cx_nps__group_matched,
 *      _cx_nps__matched (view), _cx_nps__metrics, _cx_nps__topics,
 *      _cx_csat__matched (view), _cx_csat__metrics, _cx_csat__topics
 */
import type { CxMetric, Project } from '../../definitions/model.js';
import { asText, propertyRef, type Column } from '../columns.js';
import type { PlanStatement } from '../plan-types.js';
import { ident, literal, str } from '../quote.js';
import { fillTemplate } from '../template.js';
import { intervalSql } from '../time.js';
import {
  continuedMetricsSql,
  continuedRowsSql,
  continuedTopicsSql,
  redoSql,
  respondentIn,
} from './incremental.js';
import { AS_OF, cxTable } from './names.js';
import { toneOf } from './tone.js';

const build = (name: string, sql: string): PlanStatement => ({ name, sql, phase: 'build' });

/** A survey_responses column or property of row "r", as text. */
function text(surveys: Column[], name: string): string {
  return asText(propertyRef(surveys, 'r', name));
}

/** What decides which responses a metric reads and how they match: metrics alike in it share a group. */
const groupKey = (cx: CxMetric): string =>
  JSON.stringify([cx.survey ?? null, cx.milestones, cx.window.seconds, cx.namedBy ?? null]);

/** The metrics in groups, in the config's order (a group where its first metric is). */
export function cxGroups(metrics: CxMetric[]): CxMetric[][] {
  const groups = new Map<string, CxMetric[]>();
  for (const cx of metrics) {
    const key = groupKey(cx);
    groups.set(key, [...(groups.get(key) ?? []), cx]);
  }
  return [...groups.values()];
}

/** The metric-specific pieces of responses.sql: metric i's columns, suffixed `_i`. */
function metricColumns(cx: CxMetric, i: number, surveys: Column[]) {
  const col = (name: string) => ident(`${name}_${i}`);
  const [answer, topics, sentiment, first] = [col('a'), col('tp'), col('se'), col('f')];
  const struct = `{'answer': ${answer}, 'file': "file", 'line': "line", 'row': "row"}`;
  const score = col('score');
  const low = literal(cx.metric === 'nps' ? 0 : 1);
  return {
    row: [
      `nullif(trim(CASE WHEN r."question_id" = ${str(cx.question)} THEN CAST(r."value" AS VARCHAR) ELSE ${text(surveys, cx.question)} END), '') AS ${answer}`,
      `nullif(trim(${text(surveys, cx.topics)}), '') AS ${topics}`,
      `nullif(trim(${text(surveys, cx.sentiment)}), '') AS ${sentiment}`,
    ],
    single: [`${struct} AS ${first}`, topics, sentiment],
    grouped: [
      `arg_min(\n  ${struct},\n  (${answer} IS NULL, "file", "line", "row")\n) AS ${first}`,
      `any_value(${topics}) FILTER (WHERE ${topics} IS NOT NULL) AS ${topics}`,
      `any_value(${sentiment}) FILTER (WHERE ${sentiment} IS NOT NULL) AS ${sentiment}`,
    ],
    answers: [
      `${first}."answer" AS ${col('answer')}`,
      `TRY_CAST(${first}."answer" AS DOUBLE) AS ${score}`,
      `${topics} AS ${col('topics')}`,
      `${sentiment} AS ${col('sentiment')}`,
      `${first}."file" AS ${col('file')}`,
      `${first}."line" AS ${col('line')}`,
      `${first}."row" AS ${col('row')}`,
    ],
    checks: [
      `CASE WHEN ${col('answer')} IS NOT NULL THEN ${score} IS NOT NULL AND ${score} = floor(${score}) AND ${score} BETWEEN ${low} AND ${literal(cx.scale)} END AS ${col('valid')}`,
      `${toneOf(col('sentiment'))} AS ${col('tone')}`,
    ],
  };
}

/**
 * The milestone a response names, as its id: the `named_by` cell matched to
 * a milestone's id, else its name, trimmed and in any case (`Setup`,
 * ` SETUP` name `setup`; they had counted for nothing, found by review).
 * Text that names no milestone stays as written (trimmed): the response
 * names something else, and counts for no milestone.
 *
 *   named_by: milestone; milestone setup named "Setup"
 *   -> CASE lower(trim(<cell>)) WHEN 'setup' THEN 'setup' ELSE nullif(trim(<cell>), '') END
 */
export function namedMilestoneSql(cell: string, project: Project): string {
  const known = new Map<string, string>();
  for (const m of project.milestones) if (!known.has(m.id.toLowerCase())) known.set(m.id.toLowerCase(), m.id);
  for (const m of project.milestones)
    if (!known.has(m.name.toLowerCase())) known.set(m.name.toLowerCase(), m.id);
  const cases = [...known].map(([text, id]) => ` WHEN ${str(text)} THEN ${str(id)}`).join('');
  return `CASE lower(trim(${cell}))${cases} ELSE nullif(trim(${cell}), '') END`;
}

/** `restrict`: a condition on the survey row `r` (an incremental run's respondents), or ''. */
function responsesSql(group: CxMetric[], project: Project, surveys: Column[], restrict: string): string {
  const first = group[0]!;
  const parts = group.map((cx, i) => metricColumns(cx, i + 1, surveys));
  const list = (pick: (p: (typeof parts)[number]) => string[]) => parts.flatMap(pick).join(',\n');
  return fillTemplate('cx/responses', {
    table: ident(cxTable.groupResponses(first.id)),
    checks: list((p) => p.checks),
    answers: list((p) => p.answers),
    named:
      first.namedBy !== undefined
        ? namedMilestoneSql(text(surveys, first.namedBy), project)
        : 'CAST(NULL AS VARCHAR)',
    row_columns: list((p) => p.row),
    single_columns: list((p) => p.single),
    grouped_columns: list((p) => p.grouped),
    as_of: AS_OF,
    survey: first.survey !== undefined ? `\n  AND r."survey_id" = ${str(first.survey)}` : '',
    restrict: restrict === '' ? '' : `\n  AND ${restrict}`,
    ...placeColumns(surveys),
  });
}

/**
 * The row's place in its file (warehouse/row-places.ts), from the loader's
 * columns; NULL in a table made without them (a test's hand-made rows).
 */
function placeColumns(surveys: Column[]): { file: string; line: string; row: string } {
  const has = (name: string) => surveys.some((c) => c.name.toLowerCase() === name);
  const column = (name: string, type: string) => (has(name) ? `r.${ident(name)}` : `CAST(NULL AS ${type})`);
  return { file: column('_file', 'VARCHAR'), line: column('_line', 'BIGINT'), row: column('_row', 'BIGINT') };
}

function matchedSql(group: CxMetric[], project: Project, statusTable: string): string {
  const cx = group[0]!;
  const responses = ident(cxTable.groupResponses(cx.id));
  const windows = cx.milestones.map((id) => {
    const level = project.milestones.find((m) => m.id === id)?.level ?? 'account';
    return fillTemplate('cx/window-match', {
      milestone: str(id),
      responses,
      status: ident(statusTable),
      respondent: level === 'contact' ? '"contact_id"' : '"account_id"',
      window: intervalSql(cx.window),
    });
  });
  return fillTemplate('cx/matched', {
    table: ident(cxTable.groupMatched(cx.id)),
    responses,
    milestones: cx.milestones.map(str).join(', '),
    windows: windows.map((w) => `\nUNION ALL\n${w}`).join(''),
  });
}

/** The metric-specific columns of metrics.sql: top two boxes for CSAT/CES, the NPS groups for NPS. */
function scoreColumns(cx: CxMetric): Record<string, string> {
  const valid = (condition: string) => `count(c."valid") FILTER (WHERE c."valid" AND ${condition})`;
  const responses = `nullif(count(c."valid") FILTER (WHERE c."valid"), 0)`;
  if (cx.metric === 'nps') {
    const promoters = valid('c."score" >= 9');
    const detractors = valid('c."score" <= 6');
    return {
      top_two_box: 'CAST(NULL AS DOUBLE)',
      promoters,
      passives: valid('c."score" BETWEEN 7 AND 8'),
      detractors,
      nps: `100.0 * (${promoters} - ${detractors}) / ${responses}`,
    };
  }
  const none = 'CAST(NULL AS BIGINT)';
  return {
    top_two_box: `${valid(`c."score" >= ${cx.scale - 1}`)} / ${responses}`,
    promoters: none,
    passives: none,
    detractors: none,
    nps: 'CAST(NULL AS DOUBLE)',
  };
}

function metricsSql(cx: CxMetric): string {
  // Position 0 is the overall row (milestone_id NULL); then the milestones in the config's order.
  const milestones = [
    `(0, CAST(NULL AS VARCHAR))`,
    ...cx.milestones.map((id, i) => `(${i + 1}, ${str(id)})`),
  ];
  return fillTemplate('cx/metrics', {
    table: ident(cxTable.metrics(cx.id)),
    matched: ident(cxTable.matched(cx.id)),
    cx: str(cx.id),
    metric: str(cx.metric),
    scale: literal(cx.scale),
    milestones: milestones.join(', '),
    ...scoreColumns(cx),
  });
}

function topicsSql(cx: CxMetric): string {
  return fillTemplate('cx/topics', {
    table: ident(cxTable.topics(cx.id)),
    matched: ident(cxTable.matched(cx.id)),
    cx: str(cx.id),
  });
}

/** Metric i of a group reads its columns of the group's matched rows (sql/cx/metric-rows.sql). */
function metricRowsSql(cx: CxMetric, i: number, group: CxMetric[]): string {
  return fillTemplate('cx/metric-rows', {
    view: ident(cxTable.matched(cx.id)),
    i: String(i),
    matched: ident(cxTable.groupMatched(group[0]!.id)),
    responses: ident(cxTable.groupResponses(group[0]!.id)),
  });
}

/**
 * `continued`: an incremental run (compiler/cx/incremental.ts) rebuilds only
 * the rows of the respondents in each group's redo table; each metric's
 * metrics and topics are then its published ones plus the difference.
 */
export function cxStatements(
  metrics: CxMetric[],
  project: Project,
  surveys: Column[],
  statusTable: string,
  continued: boolean,
): PlanStatement[] {
  return cxGroups(metrics).flatMap((group) => {
    const first = group[0]!.id;
    const redo = cxTable.redo(first);
    return [
      ...(continued ? [build(redo, redoSql(group, statusTable))] : []),
      build(
        cxTable.groupResponses(first),
        responsesSql(group, project, surveys, continued ? respondentIn(redo, 'survey_responses', 'r') : ''),
      ),
      build(cxTable.groupMatched(first), matchedSql(group, project, statusTable)),
      ...group.flatMap((cx, i) => [
        build(cxTable.matched(cx.id), metricRowsSql(cx, i + 1, group)),
        ...(continued
          ? [
              build(cxTable.rows(cx.id), continuedRowsSql(cx, redo)),
              build(cxTable.metrics(cx.id), continuedMetricsSql(cx)),
              build(cxTable.topics(cx.id), continuedTopicsSql(cx)),
            ]
          : [build(cxTable.metrics(cx.id), metricsSql(cx)), build(cxTable.topics(cx.id), topicsSql(cx))]),
      ]),
    ];
  });
}
