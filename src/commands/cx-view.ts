/**
 * How `milestones cx` shows its results. On a terminal: the score as people
 * quote it (NPS signed on -100..100, CSAT/CES mean with the top-two-box
 * share), counts, and the overall row labelled "(all)"; CSV and JSON carry
 * the exact numbers under the table's column names.
 */
import type { OutputFormat, Row } from '../output/format.js';
import type { ResultRow } from '../cx/cx-results.js';
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

const isNps = (row: ResultRow) => row.metric === 'nps';

/** Sentiment counts, or nothing when no response carried a sentiment (none configured, or none given). */
function sentiment(row: ResultRow): string {
  const [positive, neutral, negative] = [row.positive, row.neutral, row.negative].map((v) => Number(v ?? 0));
  if (positive! + neutral! + negative! === 0) return '';
  return `+${String(row.positive)} =${String(row.neutral)} -${String(row.negative)}`;
}

export function metricRows(rows: ResultRow[], format: OutputFormat): Row[] {
  if (format !== 'table') return rows;
  return rows.map((r) => ({
    cx: r.cx_id,
    milestone: r.milestone_id ?? ALL,
    metric: r.metric,
    responses: r.responses,
    score: score(r),
    // Counts for NPS, a share for CSAT (% satisfied) and CES (% easy): separate columns, never mixed.
    promoters: isNps(r) ? r.promoters : '',
    passives: isNps(r) ? r.passives : '',
    detractors: isNps(r) ? r.detractors : '',
    'top-2-box': isNps(r) ? '' : percent(r.top_two_box),
    rejected: r.rejected,
    sentiment: sentiment(r),
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
