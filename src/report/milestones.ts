/**
 * Section 2: per milestone (config order) the count and share of assigned
 * actors in each status as a table and a stacked bar, then per milestone the
 * history by month (completed / lost / regained) as small bars and the first
 * ids of each status.
 */
import { markup, type Html } from './escape.js';
import { formatCount, formatNumber, formatPercent, share } from './numbers.js';
import { col, legend, section, table, titled } from './page.js';
import { COLORS, bar, stackedBar } from './svg.js';
import { STATUS_ORDER, type HistoryMonth, type MilestoneReport, type Status } from './types.js';

const STATUS_LABEL: Record<Status, string> = {
  achieving: 'achieving',
  not_achieving: 'not achieving',
  never_achieved: 'never achieved',
  not_started: 'not started',
};

const countAndShare = (n: bigint, of: bigint) => `${formatCount(n)} (${formatPercent(n, of)})`;

export function statusBar(m: MilestoneReport): Html {
  const segments = STATUS_ORDER.map((s) => ({
    share: share(m.counts[s], m.assigned),
    color: COLORS[s],
    label: `${STATUS_LABEL[s]}: ${countAndShare(m.counts[s], m.assigned)}`,
  }));
  return stackedBar(segments, { label: `${m.name}: status of ${formatCount(m.assigned)} assigned` });
}

function overview(milestones: MilestoneReport[]): Html {
  const columns = [
    col('milestone'),
    col('level'),
    col('assigned', true),
    ...STATUS_ORDER.map((s) => col(STATUS_LABEL[s], true)),
    col('deadline missed', true),
    col('mean progress', true),
    col('statuses'),
  ];
  const rows = milestones.map((m) => [
    markup`<a href="#milestone-${m.id}">${titled(m.name, m.id)}</a>`,
    m.level,
    formatCount(m.assigned),
    ...STATUS_ORDER.map((s) => countAndShare(m.counts[s], m.assigned)),
    formatCount(m.deadlineMissed),
    m.meanProgress === null ? '—' : `${formatNumber(m.meanProgress)}%`,
    statusBar(m),
  ]);
  return table(columns, rows);
}

function monthCell(n: bigint, max: bigint, what: string, color: string): Html {
  const small = bar(share(n, max), { label: `${formatCount(n)} ${what}`, width: 80, height: 10, color });
  return markup`${small} ${formatCount(n)}`;
}

const largest = (values: bigint[]) => values.reduce((a, b) => (b > a ? b : a), 0n);

export function historyTable(months: HistoryMonth[]): Html {
  if (months.length === 0) {
    return markup`<p class="note">No completions, losses or regains yet.</p>
`;
  }
  // One scale per milestone, so that its months compare with each other.
  const max = largest(months.flatMap((r) => [r.completed, r.lost, r.regained]));
  return table(
    [col('month'), col('completed'), col('lost'), col('regained')],
    months.map((r) => [
      r.month,
      monthCell(r.completed, max, 'completed', COLORS.achieving),
      monthCell(r.lost, max, 'lost', COLORS.never_achieved),
      monthCell(r.regained, max, 'regained', COLORS.not_achieving),
    ]),
  );
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

function detail(m: MilestoneReport): Html {
  return markup`<h3 id="milestone-${m.id}">${titled(m.name, m.id)}</h3>
<h4>History by month</h4>
${historyTable(m.months)}${idLists(m)}`;
}

export function renderMilestones(milestones: MilestoneReport[]): Html {
  const body =
    milestones.length === 0
      ? markup`<p class="note">The config declares no milestones.</p>`
      : [
          legend(STATUS_ORDER.map((s) => ({ label: STATUS_LABEL[s], color: COLORS[s] }))),
          overview(milestones),
          ...milestones.map(detail),
        ];
  return section('milestones', 'Milestones', body);
}
