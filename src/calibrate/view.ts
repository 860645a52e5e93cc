/**
 * How `calibrate` shows its report. On a terminal: rates as percentages with
 * their 95% intervals, differences in points, a caption with the population
 * and the forest, then the YAML suggestion. CSV and JSON carry the exact
 * fractions under snake_case names.
 */
import type { OutputFormat, Row } from '../output/format.js';
import type { Analysis, CandidateResult, MilestoneComparison, RateGroup } from './analyse.js';

const DASH = '—';

export const percent = (x: number | undefined): string =>
  x === undefined ? DASH : `${(x * 100).toFixed(1)}%`;

const points = (x: number | undefined): string =>
  x === undefined ? DASH : `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)} pp`;

const signedPercent = (x: number | undefined): string =>
  x === undefined ? DASH : `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

const interval = (g: RateGroup | undefined): string =>
  g?.interval === undefined ? DASH : `${percent(g.interval.low)}–${percent(g.interval.high)}`;

const importanceText = (x: number | undefined): string => (x === undefined ? DASH : x.toFixed(3));

function milestoneTableRow(m: MilestoneComparison): Row {
  return {
    milestone: m.level === 'contact' ? `${m.id} (by account)` : m.id,
    achievers: m.achievers.accounts,
    'achiever rate': percent(m.achievers.rate),
    'achiever 95% CI': interval(m.achievers),
    'non-achievers': m.others.accounts,
    'non-achiever rate': percent(m.others.rate),
    'non-achiever 95% CI': interval(m.others),
    difference: points(m.difference),
    separated: m.separated ? 'yes' : 'no',
  };
}

const exact = (g: RateGroup, prefix: string): Row => ({
  [prefix]: g.accounts,
  [`${prefix}_with_outcome`]: g.positives,
  [`${prefix}_rate`]: g.rate ?? null,
  [`${prefix}_low`]: g.interval?.low ?? null,
  [`${prefix}_high`]: g.interval?.high ?? null,
});

export function milestoneRows(analysis: Analysis, format: OutputFormat): Row[] {
  if (format === 'table') return analysis.milestones.map(milestoneTableRow);
  return analysis.milestones.map((m) => ({
    milestone_id: m.id,
    level: m.level,
    ...exact(m.achievers, 'achievers'),
    ...exact(m.others, 'non_achievers'),
    difference: m.difference ?? null,
    separated: m.separated,
  }));
}

function candidateTableRow(c: CandidateResult): Row {
  return {
    event: c.event,
    window: c.window ? `first ${c.window.text}` : DASH,
    'at least': c.threshold ?? DASH,
    above: c.above?.accounts ?? DASH,
    'rate above': percent(c.above?.rate),
    below: c.below?.accounts ?? DASH,
    'rate below': percent(c.below?.rate),
    lift: signedPercent(c.lift),
    importance: importanceText(c.importance),
  };
}

const emptyGroup: RateGroup = { accounts: 0, positives: 0, rate: undefined, interval: undefined };

export function candidateRows(analysis: Analysis, format: OutputFormat): Row[] {
  if (format === 'table') return analysis.candidates.map(candidateTableRow);
  return analysis.candidates.map((c) => {
    const above = exact(c.above ?? emptyGroup, 'above');
    const below = exact(c.below ?? emptyGroup, 'below');
    return {
      event: c.event,
      window: c.window?.text ?? null,
      window_seconds: c.window?.seconds ?? null,
      at_least: c.threshold ?? null,
      above: above.above,
      above_with_outcome: above.above_with_outcome,
      above_rate: above.above_rate,
      below: below.below,
      below_with_outcome: below.below_with_outcome,
      below_rate: below.below_rate,
      lift: c.lift ?? null,
      information_gain: c.gain ?? null,
      importance: c.importance ?? null,
      note: c.note ?? null,
    };
  });
}

export interface PopulationSummary {
  included: number;
  positives: number;
  open: number;
  unknown: number;
  unseen: number;
}

/** The caption lines: outcome, population, exclusions. */
export function populationLines(outcome: string, asOf: string, p: PopulationSummary): string[] {
  const left = [
    p.open > 0 ? `${p.open} whose outcome window is not over at T` : '',
    p.unknown > 0 ? `${p.unknown} with the outcome unknown` : '',
    p.unseen > 0 ? `${p.unseen} with no event by T` : '',
  ].filter((s) => s !== '');
  const rate = p.included === 0 ? '' : `, ${percent(p.positives / p.included)}`;
  return [
    `outcome: ${outcome}, as of ${asOf}`,
    `${p.included} accounts compared (${p.positives} with the outcome${rate})` +
      (left.length > 0 ? `; left out: ${left.join(', ')}` : ''),
  ];
}

export function forestLine(analysis: Analysis, seed: number): string {
  const f = analysis.forest;
  if (f.skipped) return `random forest: not run (${f.skipped})`;
  const sampled =
    f.rows < f.accounts ? `a sample of ${f.rows} of ${f.accounts} accounts` : `${f.rows} accounts`;
  return `random forest: ${f.trees} trees, depth <= ${f.maxDepth}, seed ${seed}, on ${sampled}; out-of-bag accuracy ${percent(f.oobAccuracy)}`;
}
