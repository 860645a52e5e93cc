/**
 * How `milestones conversions` shows its results: the funnel table, then the
 * touchpoint table. On a terminal, rates are percentages, times humanised
 * ("49d 1h 55min") and credits rounded so that each column still adds up to
 * the converted count; CSV and JSON carry the exact numbers.
 *
 * `--mode` decides what the touchpoint table leads with and how it is sorted:
 * data-driven -> Markov and Shapley credit (or the `--model` given), highest first;
 * mean / median -> the mean / median time to convert of actors with the touchpoint, fastest first.
 */
import { DATA_DRIVEN, type Model } from '../attribution/path-table.js';
import { STEPS_COLUMNS } from '../compiler/conversions/plan.js';
import type { OutputFormat, Row } from '../output/format.js';
import type { ConversionResult, ResultRow } from '../conversions/run-conversions.js';

export type Mode = 'data-driven' | 'mean' | 'median';

const NONE = '(none)';
const DASH = '—';

/** 4240500 -> "49d 1h 55min"; 864000 -> "10d"; 75 -> "1min 15s". */
export function humanDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return DASH;
  let rest = Math.round(seconds);
  const parts: string[] = [];
  for (const [size, unit] of [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'min'],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  // Seconds only matter for short times.
  if (rest > 0 && Math.round(seconds) < 3_600) parts.push(`${rest}s`);
  return parts.length > 0 ? parts.join(' ') : '0s';
}

export function percent(rate: unknown, signed = false): string {
  if (typeof rate !== 'number' || !Number.isFinite(rate)) return DASH;
  const text = `${(rate * 100).toFixed(1)}%`;
  return signed && rate > 0 ? `+${text}` : text;
}

/**
 * Rounds values to `decimals` so that the rounded values add up to the
 * rounded total (largest remainder): a credit column shown with 2 decimals
 * still sums to the converted count. Equal remainders (within float noise)
 * go by `ties` (the touchpoints' positions), not by the order the view lists
 * them in: a tie once showed 0.83 in one `--mode` and 0.84 in another.
 */
export function roundToTotal(
  values: number[],
  decimals = 2,
  ties: number[] = values.map((_, i) => i),
): string[] {
  const scale = 10 ** decimals;
  const scaled = values.map((v) => v * scale);
  const floors = scaled.map((v) => Math.floor(v + 1e-9));
  const target = Math.round(scaled.reduce((a, b) => a + b, 0));
  let missing = target - floors.reduce((a, b) => a + b, 0);
  const order = scaled
    .map((v, i) => ({ i, remainder: v - floors[i]! }))
    .sort((a, b) =>
      Math.abs(b.remainder - a.remainder) > 1e-9
        ? b.remainder - a.remainder
        : ties[a.i]! - ties[b.i]! || a.i - b.i,
    );
  for (const { i } of order) {
    if (missing <= 0) break;
    floors[i]! += 1;
    missing -= 1;
  }
  return floors.map((f) => (f / scale).toFixed(decimals));
}

/** The funnel's CSV columns: `conversion_steps` without `as_of` (a header even when nobody entered). */
export const FUNNEL_COLUMNS = STEPS_COLUMNS.map(([name]) => name);

const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

function breakdownLabel(row: ResultRow): string {
  if (row.breakdown === null || row.breakdown === undefined) return 'all';
  return `${String(row.breakdown)}: ${row.value === null ? '(missing)' : String(row.value)}`;
}

export function funnelRows(result: ConversionResult, format: OutputFormat): Row[] {
  if (format !== 'table') {
    return result.steps.map((row) => {
      const { as_of: _asOf, ...rest } = row;
      return rest;
    });
  }
  return result.steps.map((row) => ({
    breakdown: breakdownLabel(row),
    step: `${String(row.step)} ${String(row.step_name)}`,
    reached: row.reached,
    'in progress': row.in_progress,
    'step rate': percent(row.step_rate),
    overall: percent(row.overall_rate),
    // Two clocks per step: since the first step (t_k - t_1) and since the previous one (t_k - t_k-1).
    'mean from step 1': humanDuration(num(row.seconds_mean)),
    'median from step 1': humanDuration(num(row.seconds_median)),
    'p90 from step 1': humanDuration(num(row.seconds_p90)),
    'mean from previous': humanDuration(num(row.from_previous_seconds_mean)),
    'median from previous': humanDuration(num(row.from_previous_seconds_median)),
    'p90 from previous': humanDuration(num(row.from_previous_seconds_p90)),
  }));
}

/** The models whose credit the touchpoint table shows. */
export function shownModels(mode: Mode, model: Model | undefined): Model[] {
  if (model) return [model];
  return mode === 'data-driven' ? DATA_DRIVEN : [];
}

interface TouchpointLine {
  name: string;
  metrics: ResultRow | undefined;
  credits: Map<Model, { credit: number; revenue: number | null }>;
}

function touchpointLines(result: ConversionResult, models: Model[]): TouchpointLine[] {
  const lines = new Map<string, TouchpointLine>();
  for (const metrics of result.touchpoints) {
    const name = String(metrics.touchpoint);
    lines.set(name, { name, metrics, credits: new Map() });
  }
  for (const row of result.attribution) {
    const model = row.model as Model;
    if (!models.includes(model)) continue;
    const name = String(row.touchpoint);
    const line = lines.get(name) ?? { name, metrics: undefined, credits: new Map() };
    line.credits.set(model, { credit: Number(row.credit), revenue: num(row.revenue) });
    lines.set(name, line);
  }
  return [...lines.values()];
}

/** Sort: (none) last; data-driven by credit (highest first), mean/median by time (fastest first, none last). */
function sortLines(lines: TouchpointLine[], mode: Mode, models: Model[]): TouchpointLine[] {
  const position = (l: TouchpointLine) => Number(l.metrics?.position ?? Infinity);
  const key = (l: TouchpointLine): number[] => {
    if (mode === 'data-driven') return models.map((m) => -(l.credits.get(m)?.credit ?? 0));
    const seconds = num(l.metrics?.[mode === 'mean' ? 'seconds_mean' : 'seconds_median']);
    return [seconds ?? Infinity];
  };
  return [...lines].sort((a, b) => {
    if ((a.name === NONE) !== (b.name === NONE)) return a.name === NONE ? 1 : -1;
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return position(a) - position(b);
  });
}

export function touchpointRows(
  result: ConversionResult,
  mode: Mode,
  model: Model | undefined,
  format: OutputFormat,
): Row[] {
  const models = shownModels(mode, model);
  const lines = sortLines(
    touchpointLines(result, models).filter((l) => l.name !== NONE || models.length > 0),
    mode,
    models,
  );
  const table = format === 'table';
  // One column per shown model (and its revenue): exact numbers, and rounded ones for the terminal.
  const columns = models.flatMap((model) =>
    (result.hasRevenue ? (['credit', 'revenue'] as const) : (['credit'] as const)).map((kind) => {
      const exact = lines.map((l) => l.credits.get(model)?.[kind] ?? null);
      return {
        header: table
          ? kind === 'credit'
            ? model
            : `${model} revenue`
          : kind === 'credit'
            ? model
            : `${model}_revenue`,
        exact,
        shown: roundToTotal(
          exact.map((v) => v ?? 0),
          2,
          lines.map((l) => Number(l.metrics?.position ?? Infinity)),
        ),
      };
    }),
  );
  const time = mode === 'median' ? 'seconds_median' : 'seconds_mean';
  return lines.map((line, i) => {
    const m = line.metrics;
    const row: Row = {};
    if (table) {
      row.touchpoint = m ? `${line.name} (${String(m.converted_with)})` : line.name;
      if (mode !== 'data-driven') row[`${mode} time`] = m ? humanDuration(num(m[time])) : DASH;
    } else {
      row.conversion_id = result.id;
      row.touchpoint = line.name;
      row.converted_with = m?.converted_with ?? null;
      row.not_converted_with = m?.not_converted_with ?? null;
    }
    for (const column of columns) row[column.header] = table ? column.shown[i] : column.exact[i];
    if (table) {
      row['rate with'] = percent(m?.rate_with);
      row['rate without'] = percent(m?.rate_without);
      row.lift = percent(m?.lift, true);
      row['not converted with'] = m?.not_converted_with ?? '';
      if (mode === 'data-driven') row['mean time'] = m ? humanDuration(num(m.seconds_mean)) : DASH;
    } else {
      for (const key of ['rate_with', 'rate_without', 'lift', 'seconds_mean', 'seconds_median'])
        row[key] = m?.[key] ?? null;
    }
    return row;
  });
}

/** The line above a conversion's tables on a terminal. */
export function caption(result: ConversionResult): string {
  const settled = Number(result.entered - result.inProgress);
  const rate = settled > 0 ? ` (${percent(Number(result.converted) / settled)})` : '';
  return (
    `${result.name} (${result.id}), as of ${result.asOf}: ${result.entered} entered, ` +
    `${result.converted} converted${rate}, ${result.inProgress} in progress\n`
  );
}
