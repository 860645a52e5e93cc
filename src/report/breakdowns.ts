/**
 * Section 4, per conversion: the funnel split by each `breakdown:` property,
 * one compact table per property and a bar chart of the values' overall rates. A row per value (most entered first, as
 * read), a column per step with the actors who reached it (in progress ones
 * included, as in the overall funnel), then those in progress and the
 * overall rate among settled actors (in progress ones left out), the same
 * figure as the overall funnel's last "overall".
 *
 *   {property: 'segment', total: 4n, values: [{value: 'enterprise', reached: [2n, 1n], inProgress: 0n, overallRate: 0.5}, ...]}
 *   -> <h4>By segment</h4><table>…<th>segment</th><th class="n">1 setup</th>…<td>enterprise</td><td class="n">2</td>…<td class="n">50.0%</td>…
 *      <p class="note">… and 1 more value.</p>
 */
import { chart } from './chart.js';
import { categoriesDown, grid, labelText, percent, percentAxis, rowsHeight } from './chart-axes.js';
import { markup, type Html } from './escape.js';
import { formatCount, formatRate } from './numbers.js';
import { col, table } from './page.js';
import { COLORS } from './palette.js';
import type { BreakdownReport, FunnelStep } from './types.js';

/** A value the account does not have (NULL in conversion_steps), as `milestones conversions` shows it. */
export const MISSING = '(missing)';

/** Step columns are named by the overall funnel's steps ("2 checkout_started"). */
function stepLabel(steps: FunnelStep[], index: number): string {
  const step = steps[index];
  return step === undefined ? `step ${index + 1}` : `${step.step} ${step.name}`;
}

export function breakdownTable(split: BreakdownReport, steps: FunnelStep[]): Html {
  const count = Math.max(steps.length, ...split.values.map((v) => v.reached.length));
  const stepColumns = Array.from({ length: count }, (_, i) => col(stepLabel(steps, i), true));
  const rows = split.values.map((v) => [
    v.value ?? MISSING,
    ...Array.from({ length: count }, (_, i) => formatCount(v.reached[i])),
    formatCount(v.inProgress),
    formatRate(v.overallRate),
  ]);
  const more = split.total - BigInt(split.values.length);
  const note =
    more > 0n
      ? markup`<p class="note">… and ${formatCount(more)} more ${more === 1n ? 'value' : 'values'}.</p>
`
      : '';
  return markup`<h4>By ${split.property}</h4>
${table([col(split.property), ...stepColumns, col('in progress', true), col('overall', true)], rows)}${note}`;
}

/**
 * The overall rate of each value side by side, labelled with how many
 * actors it is out of (settled ones), so a rate of a handful reads as such.
 */
export function breakdownChart(conversionId: string, split: BreakdownReport): Html {
  const settled = split.values.map((v) => (v.reached[0] ?? 0n) - v.inProgress);
  const labels = split.values.map((v, i) => `${v.value ?? MISSING} (${formatCount(settled[i])})`);
  return chart({
    key: `breakdown-${conversionId}-${split.property}`,
    label: `Overall conversion rate by ${split.property}, with the number of settled actors`,
    height: rowsHeight(split.values.length, 24, 50),
    option: {
      grid: grid(190, { top: 10, right: 60 }),
      xAxis: percentAxis(),
      yAxis: categoriesDown(labels, 170),
      series: [
        {
          type: 'bar',
          name: 'overall rate',
          color: COLORS.bar,
          barWidth: 14,
          label: {
            show: true,
            position: 'right',
            formatter: labelText((_, i) => formatRate(split.values[i]?.overallRate)),
          },
          data: split.values.map((v) => (v.overallRate === null ? 0 : percent(v.overallRate))),
        },
      ],
    },
  });
}

export function breakdownTables(
  conversionId: string,
  splits: BreakdownReport[] | undefined,
  steps: FunnelStep[],
): Html[] {
  return (splits ?? [])
    .filter((s) => s.values.length > 0)
    .map((s) => markup`${breakdownTable(s, steps)}${breakdownChart(conversionId, s)}`);
}
