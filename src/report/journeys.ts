/**
 * Section 3: per journey (config order) the accounts at each furthest stage
 * (stage 0: reached none) as bars and a table; a Sankey of the paths between
 * stages in the order actors first completed them, from "(start)" to
 * "(not yet)" (the sums of `milestones paths`); and the time spent in each
 * stage before reaching the next, as box plots.
 *
 * A Sankey cannot draw a cycle, so a path from a stage to an earlier one
 * (some actors reached the stages out of order) ends in a sink of its own,
 * "(an earlier stage)": every stage's outflow still adds up.
 */
import { chart } from './chart.js';
import { categoriesDown, countAxis, grid, rowsHeight, type LabelParams } from './chart-axes.js';
import { formatDuration } from './durations.js';
import { markup, type Html } from './escape.js';
import { formatCount, formatPercent } from './numbers.js';
import { col, numbers, section, table, titled } from './page.js';
import { COLORS, OKABE_ITO } from './palette.js';
import type { JourneyReport, StayDistribution } from './types.js';

export const START = '(start)';
export const NOT_YET = '(not yet)';
export const EARLIER = '(an earlier stage)';

const stageName = (names: ReadonlyMap<string, string>, id: string) => names.get(id) ?? id;

export function journeyTable(journey: JourneyReport, names: ReadonlyMap<string, string>): Html {
  const total = journey.stages.reduce((sum, s) => sum + s.accounts, 0n);
  const rows = journey.stages.map((s) => [
    String(s.index),
    s.index === 0 ? s.stage : titled(stageName(names, s.stage), s.stage),
    formatCount(s.accounts),
    formatPercent(s.accounts, total),
  ]);
  return table(
    [col('stage', true), col('furthest stage reached'), col('accounts', true), col('share', true)],
    rows,
  );
}

export function stageChart(journey: JourneyReport, names: ReadonlyMap<string, string>): Html {
  const labels = journey.stages.map((s) => (s.index === 0 ? s.stage : stageName(names, s.stage)));
  return chart({
    key: `stages-${journey.id}`,
    label: `${journey.name}: accounts per furthest stage reached`,
    height: rowsHeight(journey.stages.length, 26, 50),
    option: {
      grid: grid(170, { top: 10 }),
      xAxis: countAxis(),
      yAxis: categoriesDown(labels, 150),
      series: [
        {
          type: 'bar',
          name: 'accounts',
          color: COLORS.bar,
          barWidth: 16,
          label: { show: true, position: 'right' },
          data: journey.stages.map((s) => Number(s.accounts)),
        },
      ],
    },
  });
}

interface SankeyNode {
  key: string;
  label: string;
  color: string;
}

/** Nodes and links of the Sankey; null when nobody reached a stage. */
export function sankeyGraph(journey: JourneyReport, names: ReadonlyMap<string, string>) {
  const order = new Map(journey.stages.filter((s) => s.index > 0).map((s) => [s.stage, s.index]));
  const key = (id: string | null, end: 'from' | 'to') =>
    id === null ? (end === 'from' ? 'start' : 'not-yet') : `stage-${order.get(id)}`;
  const links: { source: string; target: string; value: number }[] = [];
  let backwards = 0n;
  for (const f of journey.flows) {
    if (f.actors <= 0n) continue;
    if ((f.from !== null && !order.has(f.from)) || (f.to !== null && !order.has(f.to))) continue;
    const forward = f.from === null || f.to === null || order.get(f.to)! > order.get(f.from)!;
    if (!forward) backwards += f.actors;
    links.push({
      source: key(f.from, 'from'),
      target: forward ? key(f.to, 'to') : 'earlier',
      value: Number(f.actors),
    });
  }
  if (links.length === 0) return null;
  const used = new Set(links.flatMap((l) => [l.source, l.target]));
  const nodes: SankeyNode[] = [
    { key: 'start', label: START, color: OKABE_ITO.black },
    ...[...order.entries()].map(([id, index]) => ({
      key: `stage-${index}`,
      label: stageName(names, id),
      color: COLORS.reached,
    })),
    { key: 'not-yet', label: NOT_YET, color: COLORS.not_started },
    { key: 'earlier', label: EARLIER, color: COLORS.not_achieving },
  ].filter((n) => used.has(n.key));
  return { nodes, links, backwards };
}

export function sankeyChart(journey: JourneyReport, names: ReadonlyMap<string, string>): Html {
  const graph = sankeyGraph(journey, names);
  if (graph === null)
    return markup`<p class="note">Nobody reached a stage yet.</p>
`;
  const labels = new Map(graph.nodes.map((n) => [n.key, n.label]));
  const sankey = chart({
    key: `paths-${journey.id}`,
    label: `${journey.name}: paths between stages in the order actors first completed them`,
    height: Math.max(220, 60 + graph.nodes.length * 34),
    option: {
      series: [
        {
          type: 'sankey',
          left: 10,
          right: 150,
          top: 10,
          bottom: 10,
          nodeWidth: 14,
          nodeGap: 14,
          layoutIterations: 32,
          emphasis: { disabled: true },
          lineStyle: { color: 'gradient', opacity: 0.35 },
          label: {
            fontSize: 12,
            color: '#1f2933',
            textBorderColor: '#fff',
            textBorderWidth: 3,
            formatter: (p: LabelParams) =>
              `${labels.get(p.name) ?? p.name}: ${formatCount(BigInt(Math.round(Number(p.value))))}`,
          },
          data: graph.nodes.map((n) => ({ name: n.key, itemStyle: { color: n.color, borderWidth: 0 } })),
          links: graph.links,
        },
      ],
    },
  });
  const note =
    graph.backwards > 0n
      ? markup`<p class="note">${formatCount(graph.backwards)} ${graph.backwards === 1n ? 'path goes' : 'paths go'} on to an earlier stage (stages reached out of order): shown as ${EARLIER}.</p>
`
      : '';
  return markup`${sankey}${note}`;
}

/** The unit the box plots use: days, hours or minutes, by the longest 95th percentile. */
function timeUnit(stays: StayDistribution[]): { name: string; seconds: number } {
  const longest = Math.max(0, ...stays.map((s) => s.seconds?.[4] ?? 0));
  if (longest >= 2 * 86_400) return { name: 'days', seconds: 86_400 };
  if (longest >= 2 * 3_600) return { name: 'hours', seconds: 3_600 };
  return { name: 'minutes', seconds: 60 };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function stayChart(journey: JourneyReport, names: ReadonlyMap<string, string>): Html {
  const stays = journey.stays.filter((s) => s.seconds !== null);
  if (stays.length === 0) return markup``;
  const unit = timeUnit(stays);
  const labels = journey.stays.map((s) => `${stageName(names, s.stage)} (${formatCount(s.exited)})`);
  return chart({
    key: `stays-${journey.id}`,
    label: `${journey.name}: time in each stage before reaching the next (5th, 25th, 50th, 75th, 95th percentiles)`,
    height: rowsHeight(journey.stays.length, 34, 60),
    option: {
      grid: grid(190, { top: 10, bottom: 40 }),
      xAxis: {
        type: 'value',
        name: unit.name,
        nameLocation: 'middle',
        nameGap: 24,
        min: 0,
        splitLine: { lineStyle: { color: '#E4E7EC' } },
      },
      yAxis: categoriesDown(labels, 170),
      series: [
        {
          type: 'boxplot',
          layout: 'horizontal',
          boxWidth: [8, 18],
          itemStyle: { color: '#CFE3F2', borderColor: COLORS.bar, borderWidth: 1.5 },
          data: journey.stays.map((s) =>
            s.seconds === null ? [] : s.seconds.map((x) => round2(x / unit.seconds)),
          ),
        },
      ],
    },
  });
}

function stayTable(journey: JourneyReport, names: ReadonlyMap<string, string>): Html {
  return table(
    [
      col('stage'),
      col('reached the next', true),
      col('5th percentile', true),
      col('quarter', true),
      col('median', true),
      col('three quarters', true),
      col('95th percentile', true),
    ],
    journey.stays.map((s) => [
      stageName(names, s.stage),
      formatCount(s.exited),
      ...(s.seconds ?? [null, null, null, null, null]).map((x) => formatDuration(x)),
    ]),
  );
}

function journey(j: JourneyReport, names: ReadonlyMap<string, string>): Html {
  const stays =
    j.stays.length > 0
      ? markup`<h4>Time in each stage before reaching the next</h4>
${stayChart(j, names)}${numbers('Numbers per stage', stayTable(j, names))}`
      : '';
  return markup`<h3>${titled(j.name, j.id)}</h3>
<h4>Furthest stage reached</h4>
${stageChart(j, names)}${numbers('Numbers per stage', journeyTable(j, names))}<h4>Paths between stages (first completions, as <code>milestones paths</code>)</h4>
${sankeyChart(j, names)}${stays}`;
}

export function renderJourneys(journeys: JourneyReport[], names: ReadonlyMap<string, string>): Html {
  return section(
    'journeys',
    'Journeys',
    journeys.map((j) => journey(j, names)),
  );
}
