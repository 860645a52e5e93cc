/**
 * How `milestones cx` shows its results. On a terminal: the score as people
 * quote it (NPS signed on -100..100, CSAT/CES mean with the top-two-box
 * share), counts, and the overall row labelled "(all)"; CSV and JSON carry
 * the exact numbers under the table's column names.
 */
import type { OutputFormat, Row } from '../output/format.js';
import type { ResultRow } from '../warehouse/cx-results.js';
import { humanDuration, percent } from './conversions-view.js';

const DASH = '—';
const ALL = '(all)';

const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

function score(row: ResultRow): string {
  if (row.metric === 'nps') {
    const nps = num(row.nps);
    return nps === null ? DASH : `${nps > 0 ? '+' : ''}${nps.toFixed(1)}`;
  }
  const mean = num(row.mean);
  return mean === null ? DASH : `${mean.toFixed(2)} / ${String(row.scale)}`;
}

function share(row: ResultRow): string {
  if (row.metric === 'nps')
    return `${String(row.promoters)} / ${String(row.passives)} / ${String(row.detractors)}`;
  return percent(row.top_two_box);
}

export function metricRows(rows: ResultRow[], format: OutputFormat): Row[] {
  if (format !== 'table') return rows;
  return rows.map((r) => ({
    cx: r.cx_id,
    milestone: r.milestone_id ?? ALL,
    metric: r.metric,
    responses: r.responses,
    score: score(r),
    // NPS: promoters / passives / detractors; CSAT: % satisfied; CES: % easy.
    breakdown: share(r),
    rejected: r.rejected,
    sentiment: `+${String(r.positive)} =${String(r.neutral)} -${String(r.negative)}`,
  }));
}

export function topicRows(rows: ResultRow[], format: OutputFormat): Row[] {
  if (format !== 'table') return rows;
  return rows.map((r) => ({
    cx: r.cx_id,
    milestone: r.milestone_id ?? ALL,
    topic: r.topic,
    responses: r.responses,
    positive: r.positive,
    neutral: r.neutral,
    negative: r.negative,
  }));
}

export function travelerRows(rows: ResultRow[], format: OutputFormat): Row[] {
  if (format !== 'table') return rows;
  return rows.map((r) => ({
    journey: r.journey_id,
    stage: `${String(r.stage_index)}. ${String(r.milestone_id)}`,
    entered: r.entered,
    exited: r.exited ?? DASH,
    'exited recently': r.exited_recent ?? DASH,
    'time in milestone (mean)': humanDuration(num(r.seconds_mean)),
    '(median)': humanDuration(num(r.seconds_median)),
    actions: r.actions,
  }));
}

export function pathRows(rows: ResultRow[], format: OutputFormat): Row[] {
  if (format !== 'table') return rows;
  return rows.map((r) => ({
    journey: r.journey_id,
    from: r.previous_id ?? '(start)',
    milestone: r.milestone_id,
    to: r.next_id ?? '(not yet)',
    actors: r.actors,
  }));
}
