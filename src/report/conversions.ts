/**
 * Section 4: per conversion (config order) the funnel as bars (settled
 * actors, those in progress apart, and the drop-off from the step before)
 * with its table, the time to convert as a histogram, the funnel per
 * breakdown value (breakdowns.ts), then the touchpoints and the credit of
 * every attribution model side by side. Credits are rounded by largest
 * remainder, as `milestones conversions` shows them, so each model's column
 * adds up to the converted count.
 */
import { MODELS } from '../attribution/path-table.js';
import { roundToTotal } from '../commands/conversions-view.js';
import { breakdownTables } from './breakdowns.js';
import { chart } from './chart.js';
import { LEGEND, categoriesDown, countAxis, countLabel, grid, rowsHeight } from './chart-axes.js';
import { formatDuration } from './durations.js';
import { markup, type Html } from './escape.js';
import { formatCount, formatRate } from './numbers.js';
import { col, numbers, section, table, titled } from './page.js';
import { COLORS, SERIES } from './palette.js';
import { TIME_BUCKETS } from './time-buckets.js';
import type { ConversionReport, CreditRow } from './types.js';

/** The attribution models in words, for legends and column headers. */
export const MODEL_LABEL: Record<(typeof MODELS)[number], string> = {
  first_touch: 'First touch',
  last_touch: 'Last touch',
  linear: 'Linear',
  time_decay: 'Time decay',
  position_based: 'Position-based',
  markov: 'Markov chain',
  shapley: 'Shapley value',
};

const stepLabel = (s: { step: number; name: string }) => `${s.step}. ${s.name}`;

function summary(c: ConversionReport): Html {
  const first = c.steps[0];
  const last = c.steps.at(-1);
  if (!first || !last || !entered(c)) {
    return markup`<p class="note">Nobody entered as of T.</p>
`;
  }
  const converted = `${formatCount(last.reached)} converted (${formatRate(last.overallRate)} of those settled)`;
  return markup`<p class="meta">${formatCount(first.reached)} entered, ${converted}, ${formatCount(first.inProgress)} in progress · unit: ${c.unit}</p>
`;
}

/**
 * One bar per step, as long as the step before it: actors who reached the
 * step and settled, those still in progress, those in progress at the step
 * before who have not reached this one yet, and those who dropped off since
 * the step before: settled ones who did not reach this step. An actor in
 * progress is no drop-off (SPEC); counting it as one drew "−2" where no
 * settled actor had stopped (found by a review).
 *
 *   step 1: 4 reached, 1 in progress; step 2: 1 reached, settled
 *   -> step 2: 1 settled, 0 in progress, 1 not yet, 2 dropped off (3 settled at step 1 - 1)
 */
export function funnelChart(c: ConversionReport): Html {
  const steps = c.steps;
  const settled = (s: ConversionReport['steps'][number]) => s.reached - s.inProgress;
  const before = (
    i: number,
    f: (s: ConversionReport['steps'][number]) => bigint,
    s: ConversionReport['steps'][number],
  ) => (i === 0 ? 0 : Math.max(0, Number(f(steps[i - 1]!) - f(s))));
  const notYet = steps.map((s, i) => before(i, (x) => x.inProgress, s));
  const dropped = steps.map((s, i) => before(i, settled, s));
  return chart({
    key: `funnel-${c.id}`,
    label: `${c.name}: actors per step, in progress apart, and the drop-off from the step before`,
    height: rowsHeight(steps.length, 34),
    option: {
      legend: LEGEND,
      grid: grid(170),
      xAxis: countAxis(),
      yAxis: categoriesDown(steps.map(stepLabel), 150),
      series: [
        {
          type: 'bar',
          name: 'reached, settled',
          stack: 'funnel',
          barWidth: 20,
          color: COLORS.reached,
          label: { show: true, color: '#fff', formatter: countLabel() },
          data: steps.map((s) => Number(s.reached - s.inProgress)),
        },
        {
          type: 'bar',
          name: 'reached, in progress',
          stack: 'funnel',
          color: COLORS.inProgress,
          label: { show: true, formatter: countLabel() },
          data: steps.map((s) => Number(s.inProgress)),
        },
        {
          type: 'bar',
          name: 'in progress, not at this step yet',
          stack: 'funnel',
          color: COLORS.notYet,
          label: { show: true, color: '#52606d', formatter: countLabel() },
          data: notYet,
        },
        {
          type: 'bar',
          name: 'dropped off since the step before',
          stack: 'funnel',
          color: COLORS.droppedOff,
          label: {
            show: true,
            color: '#52606d',
            formatter: countLabel('−'),
          },
          data: dropped,
        },
      ],
    },
  });
}

export function funnelTable(c: ConversionReport): Html {
  const rows = c.steps.map((s) => [
    String(s.step),
    s.name,
    formatCount(s.reached),
    formatCount(s.inProgress),
    formatRate(s.stepRate),
    formatRate(s.overallRate),
    formatDuration(s.secondsMean),
    formatDuration(s.secondsMedian),
    formatDuration(s.secondsP90),
  ]);
  return table(
    [
      col('step', true),
      col('name'),
      col('reached', true),
      col('in progress', true),
      // Rates among settled actors, as conversion_steps has them: 2 of 3 settled, not 3 of 4
      // reached, when one is in progress (the headers had not said so; found by review).
      col('from the step before (settled)', true),
      col('from entry (settled)', true),
      col('mean time from entry', true),
      col('median time', true),
      col('90th percentile time', true),
    ],
    rows,
  );
}

/** Converted actors per time-to-convert bin, up to the last bin anyone is in. */
export function timeToConvertChart(c: ConversionReport): Html {
  const last = c.timeToConvert.reduce((found, n, i) => (n > 0n ? i : found), -1);
  if (last < 0) return markup``;
  const bins = TIME_BUCKETS.slice(0, last + 1);
  return markup`<h4>Time to convert</h4>
${chart({
  key: `time-${c.id}`,
  label: `${c.name}: converted actors by time from entry to conversion`,
  height: 220,
  option: {
    grid: grid(48, { top: 20, bottom: 44 }),
    xAxis: {
      type: 'category',
      data: bins.map((b) => b.label),
      name: 'time from entry to conversion',
      nameLocation: 'middle',
      nameGap: 28,
      axisTick: { alignWithLabel: true },
    },
    yAxis: countAxis(),
    series: [
      {
        type: 'bar',
        name: 'converted',
        color: COLORS.bar,
        barMaxWidth: 40,
        label: { show: true, position: 'top', formatter: countLabel() },
        data: c.timeToConvert.slice(0, last + 1).map(Number),
      },
    ],
  },
})}`;
}

export function touchpointTable(c: ConversionReport): Html {
  const rows = c.touchpoints.map((t) => [
    t.touchpoint,
    formatCount(t.convertedWith),
    formatCount(t.notConvertedWith),
    formatRate(t.rateWith),
    formatRate(t.rateWithout),
    formatRate(t.lift, true),
    formatDuration(t.secondsMean),
    formatDuration(t.secondsMedian),
  ]);
  return table(
    [
      col('touchpoint'),
      col('converted with it', true),
      col('not converted with it', true),
      col('rate with it', true),
      col('rate without it', true),
      col('lift', true),
      col('mean time to convert', true),
      col('median time', true),
    ],
    rows,
  );
}

/** Per model (in `conversions --model` order), the rounded values per touchpoint (by position, "(none)" last). */
function creditGrid(credits: CreditRow[], value: (r: CreditRow) => number | null) {
  const models = MODELS.filter((m) => credits.some((r) => r.model === m));
  const byPosition = [...new Map(credits.map((r) => [r.position ?? Infinity, r.touchpoint])).entries()].sort(
    ([a], [b]) => a - b,
  );
  const names = byPosition.map(([, name]) => name);
  const positions = byPosition.map(([position]) => position);
  const columns = models.map((m) => {
    const cells = names.map((name) => {
      const row = credits.find((r) => r.model === m && r.touchpoint === name);
      return row === undefined ? null : value(row);
    });
    const rounded = roundToTotal(
      cells.map((v) => v ?? 0),
      2,
      positions,
    );
    return cells.map((v, i) => (v === null ? null : rounded[i]!));
  });
  return { models, names, columns };
}

function creditTable(grid: ReturnType<typeof creditGrid>, unit: string): Html {
  const rows = grid.names.map((name, i) => [name, ...grid.columns.map((column) => column[i] ?? '—')]);
  return table(
    [col('touchpoint'), ...grid.models.map((m) => col(`${MODEL_LABEL[m]} (${unit})`, true))],
    rows,
  );
}

/** Touchpoints down, one bar per model side by side. */
function creditChart(
  c: ConversionReport,
  g: ReturnType<typeof creditGrid>,
  what: string,
  axis: string,
): Html {
  return chart({
    key: `credit-${what}-${c.id}`,
    label: `${c.name}: ${what} credited to each touchpoint by each attribution model`,
    height: rowsHeight(g.names.length, Math.max(30, g.models.length * 9 + 12), 80),
    option: {
      color: SERIES,
      legend: LEGEND,
      grid: grid(170, { top: g.models.length > 4 ? 52 : 34, bottom: 44 }),
      xAxis: countAxis({ minInterval: 0, name: axis, nameLocation: 'middle', nameGap: 26 }),
      yAxis: categoriesDown(g.names, 150),
      series: g.models.map((m, i) => ({
        type: 'bar',
        name: MODEL_LABEL[m],
        barMaxWidth: 10,
        data: g.columns[i]!.map((v) => (v === null ? 0 : Number(v))),
      })),
    },
  });
}

function touchpointsAndCredit(c: ConversionReport): Html[] {
  const parts: Html[] = [];
  if (c.touchpoints.length > 0)
    parts.push(
      markup`<h4>Touchpoints</h4>
`,
      touchpointTable(c),
    );
  if (c.credits.length > 0) {
    const credit = creditGrid(c.credits, (r) => r.credit);
    parts.push(
      markup`<h4>Attribution: conversions credited, by model</h4>
`,
      creditChart(c, credit, 'conversions', 'conversions credited'),
      numbers('Numbers per touchpoint', creditTable(credit, 'conversions')),
    );
    if (c.hasRevenue) {
      const revenue = creditGrid(c.credits, (r) => r.revenue);
      const unit = c.currency === undefined ? 'revenue' : `revenue, ${c.currency}`;
      parts.push(
        markup`<h4>Attribution: revenue credited (${c.currency ?? 'in the units of the value property'}), by model</h4>
`,
        creditChart(
          c,
          revenue,
          'revenue',
          c.currency === undefined ? 'revenue credited' : `revenue credited (${c.currency})`,
        ),
        numbers('Numbers per touchpoint', creditTable(revenue, unit)),
      );
    }
  }
  return parts;
}

/** Whether anyone entered the conversion by T. */
const entered = (c: ConversionReport): boolean => (c.steps[0]?.reached ?? 0n) > 0n;

function conversion(c: ConversionReport): Html {
  // Nobody entered: the note alone (its touchpoint and credit tables of zeros, "(none)" rows
  // included, had followed it; found by review).
  if (!entered(c))
    return markup`<h3 id="conversion-${c.id}">${titled(c.name, c.id)}</h3>
${summary(c)}`;
  const funnel = c.steps.length > 0 ? markup`${funnelChart(c)}${funnelTable(c)}` : '';
  return markup`<h3 id="conversion-${c.id}">${titled(c.name, c.id)}</h3>
${summary(c)}${funnel}${timeToConvertChart(c)}${breakdownTables(c.id, c.breakdowns, c.steps)}${touchpointsAndCredit(c)}`;
}

export function renderConversions(conversions: ConversionReport[]): Html {
  return section('conversions', 'Conversions', conversions.map(conversion));
}
