/**
 * Section 5a: CX scores per survey link and milestone (`cx_metrics`) and the
 * text topics with their sentiment (`cx_topics`). Each part is rendered only
 * when its table exists in the warehouse (the caller passes undefined
 * otherwise).
 *
 * Scores are charted per survey link as a point with its 95 % confidence
 * interval (intervals.ts) and the response count beside each row: NPS on
 * −100..100, CSAT and CES as the top-two-box share. A score from one
 * response is a point on a wide range, never a full bar. Topics are charted
 * by volume (responses, stacked by sentiment), so a topic mentioned once is
 * a short bar.
 */
import { chart } from './chart.js';
import { LEGEND, categoriesDown, countAxis, grid, labelText, percentAxis, rowsHeight } from './chart-axes.js';
import { markup, type Html } from './escape.js';
import { npsInterval, wilson } from './intervals.js';
import { formatCount, formatNumber, formatRate } from './numbers.js';
import { col, numbers, section, table } from './page.js';
import { COLORS, OKABE_ITO } from './palette.js';
import type { CxMetricRow, CxTopicRow } from './types.js';

/** A row without a milestone counts every response of its survey link. */
const ALL = '(all)';

/** Topics charted per survey link (the most mentioned); the table lists more. */
export const CHARTED_TOPICS = 12;

const optionalCount = (n: bigint | null) => (n === null ? '—' : formatCount(n));

const round1 = (x: number) => Math.round(x * 10) / 10;

/** A score and its interval on the chart's scale, or null when nobody answered. */
export function scorePoint(r: CxMetricRow): { value: number; low: number; high: number } | null {
  if (r.metric === 'nps') {
    if (r.nps === null || r.promoters === null || r.passives === null || r.detractors === null) return null;
    const ci = npsInterval(r.promoters, r.passives, r.detractors);
    return ci === null ? null : { value: r.nps, low: ci[0], high: ci[1] };
  }
  if (r.topTwoBox === null) return null;
  const n = Number(r.responses);
  const ci = wilson(Math.round(r.topTwoBox * n), n);
  return ci === null ? null : { value: r.topTwoBox * 100, low: ci[0] * 100, high: ci[1] * 100 };
}

function groupBy<T>(rows: T[], key: (r: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [...groups.entries()];
}

export function scoreChart(cxId: string, rows: CxMetricRow[]): Html {
  const nps = rows[0]?.metric === 'nps';
  const points = rows.map(scorePoint);
  const labels = rows.map((r) => `${r.milestoneId ?? ALL} (${formatCount(r.responses)})`);
  const what = nps ? 'NPS' : `${rows[0]?.metric.toUpperCase() ?? ''} top-two-box share`;
  return chart({
    key: `scores-${cxId}`,
    label: `${cxId}: ${what} per milestone with 95% confidence intervals; responses in brackets`,
    height: rowsHeight(rows.length, 30, 60),
    option: {
      grid: grid(190, { top: 10, bottom: 40 }),
      xAxis: nps
        ? {
            type: 'value',
            min: -100,
            max: 100,
            name: 'NPS',
            nameLocation: 'middle',
            nameGap: 24,
            splitLine: { lineStyle: { color: '#E4E7EC' } },
          }
        : percentAxis({ name: `${what}`, nameLocation: 'middle', nameGap: 24 }),
      yAxis: categoriesDown(labels, 170),
      series: [
        {
          type: 'boxplot',
          layout: 'horizontal',
          boxWidth: [2, 2],
          itemStyle: { color: '#fff', borderColor: '#52606d', borderWidth: 1.5 },
          data: points.map((p) =>
            p === null
              ? []
              : [round1(p.low), round1(p.value), round1(p.value), round1(p.value), round1(p.high)],
          ),
        },
        {
          type: 'scatter',
          symbolSize: 10,
          color: OKABE_ITO.blue,
          label: {
            show: true,
            position: 'top',
            formatter: labelText((v) => (nps ? formatNumber(v, 0) : `${formatNumber(v, 0)}%`)),
          },
          data: points.flatMap((p, i) => (p === null ? [] : [[round1(p.value), i]])),
        },
      ],
    },
  });
}

export function metricsTable(rows: CxMetricRow[]): Html {
  return table(
    [
      col('survey link'),
      col('milestone'),
      col('metric'),
      col('scale'),
      col('responses', true),
      col('rejected', true),
      col('mean', true),
      col('top two boxes', true),
      col('promoters', true),
      col('passives', true),
      col('detractors', true),
      col('NPS', true),
      col('95% interval', true),
    ],
    rows.map((r) => {
      const point = scorePoint(r);
      const unit = r.metric === 'nps' ? '' : '%';
      return [
        r.cxId,
        r.milestoneId ?? ALL,
        r.metric.toUpperCase(),
        r.scale ?? '—',
        formatCount(r.responses),
        formatCount(r.rejected),
        formatNumber(r.mean, 2),
        formatRate(r.topTwoBox),
        optionalCount(r.promoters),
        optionalCount(r.passives),
        optionalCount(r.detractors),
        r.nps === null ? '—' : formatNumber(r.nps, 1),
        point === null
          ? '—'
          : `${formatNumber(point.low, 0)}${unit} to ${formatNumber(point.high, 0)}${unit}`,
      ];
    }),
  );
}

/** The most mentioned topics of a survey link over all its responses, by sentiment. */
export function topicChart(cxId: string, rows: CxTopicRow[]): Html {
  const top = rows.slice(0, CHARTED_TOPICS);
  const series = (name: string, color: string, pick: (r: CxTopicRow) => bigint) => ({
    type: 'bar' as const,
    name,
    stack: 'sentiment',
    color,
    barWidth: 14,
    data: top.map((r) => Number(pick(r))),
  });
  return chart({
    key: `topics-${cxId}`,
    label: `${cxId}: the most mentioned topics, responses by sentiment`,
    height: rowsHeight(top.length, 24),
    option: {
      legend: LEGEND,
      grid: grid(190, { bottom: 44 }),
      xAxis: countAxis({ name: 'responses', nameLocation: 'middle', nameGap: 24 }),
      yAxis: categoriesDown(
        top.map((r) => r.topic),
        170,
      ),
      series: [
        series('positive', COLORS.positive, (r) => r.positive),
        series('neutral', COLORS.neutral, (r) => r.neutral),
        series('negative', COLORS.negative, (r) => r.negative),
      ],
    },
  });
}

export function topicsTable(rows: CxTopicRow[]): Html {
  return table(
    [
      col('survey link'),
      col('milestone'),
      col('topic'),
      col('responses', true),
      col('positive', true),
      col('neutral', true),
      col('negative', true),
    ],
    rows.map((r) => [
      r.cxId,
      r.milestoneId ?? ALL,
      r.topic,
      formatCount(r.responses),
      formatCount(r.positive),
      formatCount(r.neutral),
      formatCount(r.negative),
    ]),
  );
}

function scores(metrics: CxMetricRow[]): Html[] {
  if (metrics.length === 0) return [markup`<p class="note">No responses.</p>\n`];
  const charts = groupBy(metrics, (r) => r.cxId).map(
    ([cxId, rows]) => markup`<h4>${cxId} (${rows[0]!.metric.toUpperCase()})</h4>
${scoreChart(cxId, rows)}`,
  );
  return [...charts, markup`<h4>Scores per survey link and milestone</h4>\n`, metricsTable(metrics)];
}

function topics(rows: CxTopicRow[]): Html[] {
  if (rows.length === 0) return [markup`<p class="note">No topics.</p>\n`];
  // Charted over all of a link's responses (the rows without a milestone); per milestone in the table.
  const charts = groupBy(
    rows.filter((r) => r.milestoneId === null),
    (r) => r.cxId,
  ).map(
    ([cxId, list]) => markup`<h4>${cxId}: most mentioned topics</h4>
${topicChart(cxId, list)}`,
  );
  return [
    ...charts,
    numbers('Topics per survey link and milestone (most mentioned first)', topicsTable(rows)),
  ];
}

/** Undefined when neither table exists: the section is left out. */
export function renderCx(metrics?: CxMetricRow[], topicRows?: CxTopicRow[]): Html | undefined {
  if (metrics === undefined && topicRows === undefined) return undefined;
  const parts: Html[] = [];
  if (metrics !== undefined) parts.push(markup`<h3>Scores</h3>\n`, ...scores(metrics));
  if (topicRows !== undefined) parts.push(markup`<h3>Topics</h3>\n`, ...topics(topicRows));
  return section('cx', 'Customer experience', parts);
}
