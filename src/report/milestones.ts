/**
 * Section 2: the statuses of every milestone as one 100 % stacked bar chart
 * and a table of counts and shares; then per milestone (config order) its
 * history per week or month (completed and regained up, lost down) with the
 * share of assigned actors holding it at each period's end, the numbers in
 * a table below, and the first ids of each status.
 */
import { chart } from './chart.js';
import {
  LEGEND,
  categoriesDown,
  countAxis,
  grid,
  labelText,
  percent,
  percentAxis,
  rowsHeight,
} from './chart-axes.js';
import { markup, type Html } from './escape.js';
import { formatCount, formatNumber, formatPercent, share } from './numbers.js';
import { col, numbers, section, table, titled } from './page.js';
import { COLORS } from './palette.js';
import {
  STATUS_ORDER,
  type HistoryPeriod,
  type HistoryUnit,
  type MilestoneReport,
  type Status,
} from './types.js';

export const STATUS_LABEL: Record<Status, string> = {
  achieving: 'achieving',
  not_achieving: 'not achieving',
  never_achieved: 'never achieved',
  not_started: 'not started',
};

const countAndShare = (n: bigint, of: bigint) => `${formatCount(n)} (${formatPercent(n, of)})`;

/** Shares of 8 % and more are labelled inside their segment; the table has every number. */
// One decimal, as every percentage of the report (whole numbers had shown 38% / 50% / 13%; found by review).
const insideLabel = { show: true, formatter: labelText((v) => (v >= 8 ? `${v.toFixed(1)}%` : '')) };

export function statusChart(milestones: MilestoneReport[]): Html {
  return chart({
    key: 'statuses',
    label: 'Share of assigned actors per status, per milestone',
    height: rowsHeight(milestones.length),
    option: {
      legend: LEGEND,
      grid: grid(170),
      xAxis: percentAxis(),
      yAxis: categoriesDown(
        milestones.map((m) => m.name),
        150,
      ),
      series: STATUS_ORDER.map((s) => ({
        type: 'bar',
        name: STATUS_LABEL[s],
        stack: 'statuses',
        barWidth: 16,
        color: COLORS[s],
        label: { ...insideLabel, color: s === 'not_started' ? '#1f2933' : '#fff', fontSize: 11 },
        data: milestones.map((m) => percent(share(m.counts[s], m.assigned))),
      })),
    },
  });
}

function overview(milestones: MilestoneReport[]): Html {
  const columns = [
    col('milestone'),
    col('level'),
    col('assigned', true),
    ...STATUS_ORDER.map((s) => col(STATUS_LABEL[s], true)),
    col('deadline missed', true),
    col('mean progress', true),
  ];
  const rows = milestones.map((m) => [
    markup`<a href="#milestone-${m.id}">${titled(m.name, m.id)}</a>`,
    m.level,
    formatCount(m.assigned),
    ...STATUS_ORDER.map((s) => countAndShare(m.counts[s], m.assigned)),
    formatCount(m.deadlineMissed),
    m.meanProgress === null ? '—' : `${formatNumber(m.meanProgress)}%`,
  ]);
  return table(columns, rows);
}

const UNIT_WORD: Record<HistoryUnit, string> = { week: 'week', month: 'month' };

/**
 * Completed and regained above the axis, lost below it (stacked, counts on
 * the left), and the share of the assigned actors holding the milestone at
 * the end of each period as a line (percent, on the right).
 */
export function historyChart(m: MilestoneReport, unit: HistoryUnit): Html {
  const periods = m.periods;
  const counts = (pick: (p: HistoryPeriod) => bigint, sign = 1) => periods.map((p) => sign * Number(pick(p)));
  const bar = (name: string, color: string, data: number[]) => ({
    type: 'bar' as const,
    name,
    stack: 'moves',
    color,
    barMaxWidth: 22,
    yAxisIndex: 0,
    data,
  });
  return chart({
    key: `history-${m.id}`,
    label: `${m.name}: completed, lost and regained per ${UNIT_WORD[unit]}, and the share of assigned actors achieving`,
    height: 250,
    option: {
      legend: LEGEND,
      grid: grid(48, { top: 40, right: 48 }),
      xAxis: {
        type: 'category',
        data: periods.map((p) => p.period),
        axisTick: { alignWithLabel: true },
        axisLabel: { hideOverlap: true },
      },
      yAxis: [countAxis(), percentAxis({ splitLine: { show: false } })],
      series: [
        bar(
          'completed',
          COLORS.completed,
          counts((p) => p.completed),
        ),
        bar(
          'regained',
          COLORS.regained,
          counts((p) => p.regained),
        ),
        bar(
          'lost',
          COLORS.lost,
          counts((p) => p.lost, -1),
        ),
        {
          type: 'line',
          name: '% of assigned achieving',
          yAxisIndex: 1,
          color: '#1f2933',
          symbol: 'none',
          lineStyle: { width: 2 },
          data: periods.map((p) => percent(share(p.achieving, m.assigned))),
        },
      ],
    },
  });
}

export function historyTable(periods: HistoryPeriod[], unit: HistoryUnit, assigned: bigint): Html {
  return table(
    [
      col(UNIT_WORD[unit]),
      col('completed', true),
      col('lost', true),
      col('regained', true),
      col('achieving at its end', true),
    ],
    periods.map((p) => [
      p.period,
      formatCount(p.completed),
      formatCount(p.lost),
      formatCount(p.regained),
      countAndShare(p.achieving, assigned),
    ]),
  );
}

function history(m: MilestoneReport, unit: HistoryUnit): Html {
  if (m.periods.length === 0) {
    return markup`<p class="note">No completions, losses or regains yet.</p>
`;
  }
  return markup`${historyChart(m, unit)}${numbers(`Numbers per ${UNIT_WORD[unit]}`, historyTable(m.periods, unit, m.assigned))}`;
}

function idLists(m: MilestoneReport): Html {
  const items = STATUS_ORDER.filter((s) => m.samples[s].total > 0n).map((s) => {
    const { ids, total } = m.samples[s];
    const more = total - BigInt(ids.length);
    const tail = more > 0n ? ` … and ${formatCount(more)} more` : '';
    return markup`<li>${STATUS_LABEL[s]} (${formatCount(total)}): ${ids.join(', ')}${tail}</li>`;
  });
  if (items.length === 0) return markup``;
  const what = m.level === 'contact' ? 'Contacts' : 'Accounts';
  return markup`<details><summary>${what} by status (highest progress first)</summary><ul class="ids">${items}</ul></details>
`;
}

function detail(m: MilestoneReport, unit: HistoryUnit): Html {
  return markup`<h3 id="milestone-${m.id}">${titled(m.name, m.id)}</h3>
${history(m, unit)}${idLists(m)}`;
}

export function renderMilestones(milestones: MilestoneReport[], unit: HistoryUnit): Html {
  const body =
    milestones.length === 0
      ? markup`<p class="note">The config declares no milestones.</p>`
      : [statusChart(milestones), overview(milestones), ...milestones.map((m) => detail(m, unit))];
  return section('milestones', 'Milestones', body);
}
