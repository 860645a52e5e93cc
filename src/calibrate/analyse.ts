/**
 * Turns calibrate's aggregates into its report (pure): rates with Wilson
 * intervals per milestone, the best window and threshold per candidate
 * event, the forest's importances (summed over an event's windows) and the
 * suggested milestones for the top candidates.
 *
 *   milestone counts {achievers: 3, achieversPositive: 3, others: 1, othersPositive: 0}
 *   -> achiever rate 100% [43.9%, 100%], others 0% [0%, 79.3%], difference +100 pp, separated: yes
 */
import type { Duration, Level } from '../definitions/model.js';
import { DEFAULT_FOREST, trainForest, type ForestOptions } from './forest.js';
import { suggestionYaml, type Suggestion } from './snippet.js';
import { bestThreshold, bestWindow, minGroupSize, type Bin } from './threshold.js';
import { overlaps, wilson, type Interval } from './wilson.js';

export interface RateGroup {
  accounts: number;
  positives: number;
  rate: number | undefined;
  interval: Interval | undefined;
}

export interface MilestoneComparison {
  id: string;
  name: string;
  level: Level;
  achievers: RateGroup;
  others: RateGroup;
  /** Achiever rate minus non-achiever rate (a fraction); undefined when a group is empty. */
  difference: number | undefined;
  /** The two 95% intervals do not overlap. */
  separated: boolean;
}

export interface CandidateResult {
  event: string;
  window?: Duration;
  threshold?: number;
  above?: RateGroup;
  below?: RateGroup;
  /** rate above / rate below - 1. */
  lift?: number;
  /** Information gain of the best split, bits. */
  gain?: number;
  /** The forest's importance, summed over the event's windows; undefined without a forest. */
  importance: number | undefined;
  note?: string;
}

export interface ForestSummary {
  /** Rows the forest was trained on, out of `accounts`. */
  rows: number;
  accounts: number;
  trees: number;
  maxDepth: number;
  oobAccuracy: number | undefined;
  /** Why there is no forest, when there is none. */
  skipped?: string;
}

export interface AnalysisInput {
  milestones: { id: string; name: string; level: Level }[];
  counts: {
    milestoneId: string;
    achievers: number;
    achieversPositive: number;
    others: number;
    othersPositive: number;
  }[];
  candidates: string[];
  windows: Duration[];
  histograms: Map<string, Bin[]>;
  sample: { rows: number[][]; labels: number[] };
  matrixAccounts: number;
  /** Included accounts (for the minimum group size). */
  included: number;
  taken: { ids: string[]; names: string[] };
  forest?: ForestOptions;
  /** Suggested milestones at most. */
  suggestions?: number;
}

export interface Analysis {
  milestones: MilestoneComparison[];
  candidates: CandidateResult[];
  forest: ForestSummary;
  /** YAML list items; empty when nothing separates the outcome. */
  snippet: string;
}

export function rateGroup(accounts: number, positives: number): RateGroup {
  return {
    accounts,
    positives,
    rate: accounts === 0 ? undefined : positives / accounts,
    interval: wilson(positives, accounts),
  };
}

export function compareMilestones(input: AnalysisInput): MilestoneComparison[] {
  return input.milestones.map((m) => {
    const c = input.counts.find((x) => x.milestoneId === m.id);
    const achievers = rateGroup(c?.achievers ?? 0, c?.achieversPositive ?? 0);
    const others = rateGroup(c?.others ?? 0, c?.othersPositive ?? 0);
    const difference =
      achievers.rate === undefined || others.rate === undefined ? undefined : achievers.rate - others.rate;
    const separated =
      achievers.interval !== undefined &&
      others.interval !== undefined &&
      !overlaps(achievers.interval, others.interval);
    return { id: m.id, name: m.name, level: m.level, achievers, others, difference, separated };
  });
}

const featureName = (event: number, window: number) => `f_${event}_${window}`;

function runForest(input: AnalysisInput): { summary: ForestSummary; importances: number[] | undefined } {
  const options = input.forest ?? DEFAULT_FOREST;
  const base = {
    rows: input.sample.rows.length,
    accounts: input.matrixAccounts,
    trees: options.trees,
    maxDepth: options.maxDepth,
  };
  const positives = input.sample.labels.filter((y) => y === 1).length;
  if (positives === 0 || positives === input.sample.labels.length) {
    return {
      summary: { ...base, oobAccuracy: undefined, skipped: 'every sampled account has the same outcome' },
      importances: undefined,
    };
  }
  const result = trainForest(input.sample.rows, input.sample.labels, options);
  return { summary: { ...base, oobAccuracy: result.oobAccuracy }, importances: result.importances };
}

function candidate(input: AnalysisInput, index: number, importances: number[] | undefined): CandidateResult {
  const event = input.candidates[index] as string;
  const minGroup = minGroupSize(input.included);
  const perWindow = input.windows.map((window, j) => ({
    window,
    split: bestThreshold(input.histograms.get(featureName(index, j)) ?? [], minGroup),
  }));
  const offset = index * input.windows.length;
  const importance = importances?.slice(offset, offset + input.windows.length).reduce((s, x) => s + x, 0);
  const best = bestWindow(perWindow);
  if (!best) return { event, importance, note: 'no threshold separates the outcome' };
  const above = rateGroup(best.split.above.accounts, best.split.above.positives);
  const below = rateGroup(best.split.below.accounts, best.split.below.positives);
  const lift = below.rate ? (above.rate as number) / below.rate - 1 : undefined;
  return {
    event,
    window: best.window,
    threshold: best.split.threshold,
    above,
    below,
    lift,
    gain: best.split.gain,
    importance,
  };
}

/** Highest importance first, then the best gain; events without a split last, in the given order. */
function rank(a: CandidateResult, b: CandidateResult): number {
  const score = (c: CandidateResult) => (c.threshold === undefined ? -1 : 0);
  return (
    score(b) - score(a) || (b.importance ?? -1) - (a.importance ?? -1) || (b.gain ?? -1) - (a.gain ?? -1)
  );
}

function suggestions(candidates: CandidateResult[], limit: number): Suggestion[] {
  return candidates
    .filter(
      (c): c is CandidateResult & { window: Duration; threshold: number } =>
        c.threshold !== undefined && c.window !== undefined,
    )
    .slice(0, limit)
    .map((c) => ({
      event: c.event,
      threshold: c.threshold,
      window: c.window,
      comment: `${c.event} >= ${c.threshold} in the first ${c.window.text}: outcome ${pct(c.above?.rate)} of ${c.above?.accounts} accounts vs ${pct(c.below?.rate)} of ${c.below?.accounts}`,
    }));
}

const pct = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

export function analyse(input: AnalysisInput): Analysis {
  const milestones = compareMilestones(input);
  const { summary, importances } =
    input.candidates.length > 0
      ? runForest(input)
      : {
          summary: {
            rows: 0,
            accounts: 0,
            trees: 0,
            maxDepth: 0,
            oobAccuracy: undefined,
            skipped: 'no candidate events',
          },
          importances: undefined,
        };
  const candidates = input.candidates.map((_, i) => candidate(input, i, importances)).sort(rank);
  const snippet = suggestionYaml(
    suggestions(candidates, input.suggestions ?? 3),
    input.taken.ids,
    input.taken.names,
  );
  return { milestones, candidates, forest: summary, snippet };
}
