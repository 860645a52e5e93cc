/**
 * One CX metric's statements: its responses (one row each, answer checked
 * against the scale), the responses matched to each of its milestones, then
 * the metric and the topics per milestone. See sql/cx/*.sql.
 *
 *   {id: nps, metric: nps, question: Q1, milestones: [setup], named_by: milestone}
 *   -> _cx_nps__responses, _cx_nps__matched, _cx_nps__metrics, _cx_nps__topics
 */
import type { CxMetric, Project } from '../../definitions/model.js';
import { asText, propertyRef, type Column } from '../columns.js';
import type { PlanStatement } from '../plan-types.js';
import { ident, literal, str } from '../quote.js';
import { fillTemplate } from '../template.js';
import { intervalSql } from '../time.js';
import { AS_OF, cxTable } from './names.js';

const build = (name: string, sql: string): PlanStatement => ({ name, sql, phase: 'build' });

/** A survey_responses column or property of row "r", as text. */
function text(surveys: Column[], name: string): string {
  return asText(propertyRef(surveys, 'r', name));
}

function responsesSql(cx: CxMetric, surveys: Column[]): string {
  return fillTemplate('cx/responses', {
    table: ident(cxTable.responses(cx.id)),
    low: literal(cx.metric === 'nps' ? 0 : 1),
    high: literal(cx.scale),
    question: str(cx.question),
    answer: text(surveys, cx.question),
    topics: text(surveys, cx.topics),
    sentiment: text(surveys, cx.sentiment),
    named: cx.namedBy !== undefined ? text(surveys, cx.namedBy) : 'CAST(NULL AS VARCHAR)',
    as_of: AS_OF,
    survey: cx.survey !== undefined ? `\n  AND r."survey_id" = ${str(cx.survey)}` : '',
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

function matchedSql(cx: CxMetric, project: Project, statusTable: string): string {
  const windows = cx.milestones.map((id) => {
    const level = project.milestones.find((m) => m.id === id)?.level ?? 'account';
    return fillTemplate('cx/window-match', {
      milestone: str(id),
      responses: ident(cxTable.responses(cx.id)),
      status: ident(statusTable),
      respondent: level === 'contact' ? '"contact_id"' : '"account_id"',
      window: intervalSql(cx.window),
    });
  });
  return fillTemplate('cx/matched', {
    table: ident(cxTable.matched(cx.id)),
    responses: ident(cxTable.responses(cx.id)),
    milestones: cx.milestones.map(str).join(', '),
    windows: windows.map((w) => `\nUNION ALL\n${w}`).join(''),
  });
}

/** The metric-specific columns of metrics.sql: top two boxes for CSAT/CES, the NPS groups for NPS. */
function metricColumns(cx: CxMetric): Record<string, string> {
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
    ...metricColumns(cx),
  });
}

function topicsSql(cx: CxMetric): string {
  return fillTemplate('cx/topics', {
    table: ident(cxTable.topics(cx.id)),
    matched: ident(cxTable.matched(cx.id)),
    cx: str(cx.id),
  });
}

export function cxStatements(
  cx: CxMetric,
  project: Project,
  surveys: Column[],
  statusTable: string,
): PlanStatement[] {
  return [
    build(cxTable.responses(cx.id), responsesSql(cx, surveys)),
    build(cxTable.matched(cx.id), matchedSql(cx, project, statusTable)),
    build(cxTable.metrics(cx.id), metricsSql(cx)),
    build(cxTable.topics(cx.id), topicsSql(cx)),
  ];
}
