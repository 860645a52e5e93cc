/**
 * Section 5a: CX metrics per survey link and milestone (`cx_metrics`) and
 * the text topics with their sentiment (`cx_topics`). Each part is rendered
 * only when its table exists in the warehouse (the caller passes undefined
 * otherwise). NPS rows show promoters / passives / detractors as a stacked
 * bar; CSAT and CES rows the top-two-box share.
 */
import { markup, type Html } from './escape.js';
import { formatCount, formatNumber, formatRate, share } from './numbers.js';
import { col, legend, section, table } from './page.js';
import { COLORS, bar, stackedBar } from './svg.js';
import type { CxMetricRow, CxTopicRow } from './types.js';

function npsBar(r: CxMetricRow): Html | string {
  if (r.promoters === null || r.passives === null || r.detractors === null) return '';
  const total = r.promoters + r.passives + r.detractors;
  const part = (n: bigint, what: string, color: string) => ({
    share: share(n, total),
    color,
    label: `${formatCount(n)} ${what}`,
  });
  return stackedBar(
    [
      part(r.promoters, 'promoters', COLORS.positive),
      part(r.passives, 'passives', COLORS.neutral),
      part(r.detractors, 'detractors', COLORS.negative),
    ],
    { label: `NPS ${formatNumber(r.nps, 0)}`, width: 160, height: 12 },
  );
}

function shareBar(r: CxMetricRow): Html | string {
  if (r.topTwoBox === null) return npsBar(r);
  return bar(r.topTwoBox, { label: `${formatRate(r.topTwoBox)} top two boxes`, color: COLORS.positive });
}

/** A row without a milestone counts every response of its survey link. */
const ALL = '(all)';

const optionalCount = (n: bigint | null) => (n === null ? '—' : formatCount(n));

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
      col(''),
    ],
    rows.map((r) => [
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
      shareBar(r),
    ]),
  );
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
      col('sentiment'),
    ],
    rows.map((r) => {
      const total = r.positive + r.neutral + r.negative;
      const part = (n: bigint, what: string, color: string) => ({
        share: share(n, total),
        color,
        label: `${formatCount(n)} ${what}`,
      });
      return [
        r.cxId,
        r.milestoneId ?? ALL,
        r.topic,
        formatCount(r.responses),
        formatCount(r.positive),
        formatCount(r.neutral),
        formatCount(r.negative),
        stackedBar(
          [
            part(r.positive, 'positive', COLORS.positive),
            part(r.neutral, 'neutral', COLORS.neutral),
            part(r.negative, 'negative', COLORS.negative),
          ],
          { label: `${r.topic}: sentiment`, width: 160, height: 12 },
        ),
      ];
    }),
  );
}

/** Undefined when neither table exists: the section is left out. */
export function renderCx(metrics?: CxMetricRow[], topics?: CxTopicRow[]): Html | undefined {
  if (metrics === undefined && topics === undefined) return undefined;
  const parts: Html[] = [];
  if (metrics !== undefined) {
    parts.push(markup`<h3>Scores</h3>
`);
    parts.push(
      metrics.length > 0
        ? metricsTable(metrics)
        : markup`<p class="note">No responses.</p>
`,
    );
  }
  if (topics !== undefined) {
    parts.push(markup`<h3>Topics (most mentioned first)</h3>
`);
    parts.push(
      topics.length > 0
        ? markup`${legend([
            { label: 'positive', color: COLORS.positive },
            { label: 'neutral', color: COLORS.neutral },
            { label: 'negative', color: COLORS.negative },
          ])}${topicsTable(topics)}`
        : markup`<p class="note">No topics.</p>
`,
    );
  }
  return section('cx', 'Customer experience', parts);
}
