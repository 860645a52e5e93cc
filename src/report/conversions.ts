/**
 * Section 4: per conversion (config order) the overall funnel with a bar per
 * step, its rates and times to convert, the funnel per breakdown value
 * (breakdowns.ts), then the touchpoints and the credit of every attribution
 * model. Credits are rounded by largest remainder, as `milestones
 * conversions` shows them, so each model's column adds up to the converted
 * count.
 */
import { MODELS } from '../attribution/path-table.js';
import { roundToTotal } from '../commands/conversions-view.js';
import { breakdownTables } from './breakdowns.js';
import { formatDuration } from './durations.js';
import { markup, type Html } from './escape.js';
import { formatCount, formatRate, share } from './numbers.js';
import { col, section, table, titled } from './page.js';
import { bar } from './svg.js';
import type { ConversionReport, CreditRow } from './types.js';

function summary(c: ConversionReport): Html {
  const first = c.steps[0];
  const last = c.steps.at(-1);
  if (!first || !last || first.reached === 0n) {
    return markup`<p class="note">Nobody entered as of T.</p>
`;
  }
  const converted = `${formatCount(last.reached)} converted (${formatRate(last.overallRate)} of those settled)`;
  return markup`<p class="meta">${formatCount(first.reached)} entered, ${converted}, ${formatCount(first.inProgress)} in progress · unit: ${c.unit}</p>
`;
}

export function funnelTable(c: ConversionReport): Html {
  const entered = c.steps[0]?.reached ?? 0n;
  const rows = c.steps.map((s) => [
    String(s.step),
    s.name,
    formatCount(s.reached),
    bar(share(s.reached, entered), { label: `${formatCount(s.reached)} of ${formatCount(entered)}` }),
    formatCount(s.inProgress),
    formatRate(s.stepRate),
    formatRate(s.overallRate),
    formatDuration(s.secondsMean),
    formatDuration(s.secondsMedian),
    formatDuration(s.secondsP90),
  ]);
  return table(
    [
      col('#', true),
      col('step'),
      col('reached', true),
      col(''),
      col('in progress', true),
      col('step rate', true),
      col('overall', true),
      col('mean time', true),
      col('median time', true),
      col('p90 time', true),
    ],
    rows,
  );
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
      col('converted with', true),
      col('not converted with', true),
      col('rate with', true),
      col('rate without', true),
      col('lift', true),
      col('mean time', true),
      col('median time', true),
    ],
    rows,
  );
}

/** Touchpoints by position, "(none)" last; models in the order `conversions --model` lists them. */
function creditGrid(credits: CreditRow[], value: (r: CreditRow) => number | null): Html {
  const models = MODELS.filter((m) => credits.some((r) => r.model === m));
  const names = [...new Map(credits.map((r) => [r.position ?? Infinity, r.touchpoint])).entries()]
    .sort(([a], [b]) => a - b)
    .map(([, name]) => name);
  const columns = models.map((m) => {
    const cells = names.map((name) => {
      const row = credits.find((r) => r.model === m && r.touchpoint === name);
      return row === undefined ? null : value(row);
    });
    const rounded = roundToTotal(cells.map((v) => v ?? 0));
    return cells.map((v, i) => (v === null ? '—' : rounded[i]!));
  });
  const rows = names.map((name, i) => [name, ...columns.map((column) => column[i]!)]);
  return table([col('touchpoint'), ...models.map((m) => col(m, true))], rows);
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
    parts.push(
      markup`<h4>Attribution: conversions credited</h4>
`,
      creditGrid(c.credits, (r) => r.credit),
    );
    if (c.hasRevenue)
      parts.push(
        markup`<h4>Attribution: revenue credited</h4>
`,
        creditGrid(c.credits, (r) => r.revenue),
      );
  }
  return parts;
}

function conversion(c: ConversionReport): Html {
  return markup`<h3 id="conversion-${c.id}">${titled(c.name, c.id)}</h3>
${summary(c)}${c.steps.length > 0 ? funnelTable(c) : ''}${breakdownTables(c.breakdowns, c.steps)}${touchpointsAndCredit(c)}`;
}

export function renderConversions(conversions: ConversionReport[]): Html {
  return section('conversions', 'Conversions', conversions.map(conversion));
}
