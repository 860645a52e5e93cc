/**
 * What `milestones report` renders: plain data read from the result tables
 * (src/report/data/ fills it; the renderers in src/report/ turn it into
 * HTML and SVG charts). Small aggregates only: one row per milestone, month, stage,
 * step, breakdown value, touchpoint or metric, and at most a few ids per status.
 *
 * Counts are bigint (exact); rates are 0..1; times are seconds.
 */

export const STATUS_ORDER = ['achieving', 'not_achieving', 'never_achieved', 'not_started'] as const;

export type Status = (typeof STATUS_ORDER)[number];

export interface ReportData {
  /** The config file's name (not its path: the report may be mailed). */
  project: string;
  /** T, ISO UTC (`2026-05-01T03:59:59Z`), as stored in the results. */
  asOf: string;
  timezone: string;
  totals: Totals;
  /** The history's periods: weeks (Monday, config time zone) for a short history, else months. */
  historyUnit: HistoryUnit;
  milestones: MilestoneReport[];
  journeys: JourneyReport[];
  conversions: ConversionReport[];
  /** Each is absent when its table is not in the warehouse. */
  cxMetrics?: CxMetricRow[];
  cxTopics?: CxTopicRow[];
  travelers?: TravelerRow[];
  paths?: JourneyPathRow[];
}

export interface Totals {
  accounts: bigint;
  contacts: bigint;
  events: bigint;
  /** ISO UTC, or null without events. */
  firstEvent: string | null;
  lastEvent: string | null;
}

export interface MilestoneReport {
  id: string;
  name: string;
  level: string;
  assigned: bigint;
  counts: Record<Status, bigint>;
  deadlineMissed: bigint;
  /** Mean progress (0..100) of the assigned actors; null when none. */
  meanProgress: number | null;
  /**
   * Completed / lost / regained per period (config time zone), oldest first;
   * every period from the first to the last of all milestones' histories.
   */
  periods: HistoryPeriod[];
  /** The first ids per status (highest progress first), and how many there are in all. */
  samples: Record<Status, IdSample>;
}

export type HistoryUnit = 'week' | 'month';

export interface HistoryPeriod {
  /** `2026-03` for a month, the Monday `2026-03-02` for a week. */
  period: string;
  completed: bigint;
  lost: bigint;
  regained: bigint;
  /** Actors holding the milestone at the period's end: completed + regained − lost so far. */
  achieving: bigint;
}

export interface IdSample {
  ids: string[];
  total: bigint;
}

export interface JourneyReport {
  id: string;
  name: string;
  /** Stage 0 is "(none)": accounts that reached no stage. */
  stages: { index: number; stage: string; accounts: bigint }[];
  /**
   * First-completion paths, summed from `journey_paths` (what `milestones
   * paths` shows): from a stage (null: "(start)", it was the first reached)
   * to the next one reached (null: "(not yet)"). Stage order, then by target.
   */
  flows: JourneyFlow[];
  /** Time from reaching each stage to reaching the next one, per stage but the last. */
  stays: StayDistribution[];
}

export interface JourneyFlow {
  from: string | null;
  to: string | null;
  actors: bigint;
}

/** Seconds spent in a stage by the actors who reached the next one (exited). */
export interface StayDistribution {
  stage: string;
  exited: bigint;
  /** 5th, 25th, 50th, 75th and 95th percentiles; null when nobody exited. */
  seconds: [number, number, number, number, number] | null;
}

export interface ConversionReport {
  id: string;
  name: string;
  unit: string;
  /** The overall funnel (conversion_steps rows whose breakdown IS NULL), by step. */
  steps: FunnelStep[];
  touchpoints: TouchpointRow[];
  /** conversion_attribution rows; `position` null is "(none)". */
  credits: CreditRow[];
  hasRevenue: boolean;
  /** The config's currency for the revenue (`currency:`), if it names one. */
  currency?: string;
  /**
   * The funnel per value of each `breakdown:` property (config order);
   * absent or empty when the conversion has none or nobody entered.
   */
  breakdowns?: BreakdownReport[];
  /** Converted actors by time from entry to conversion, in TIME_BUCKETS order (empty buckets included). */
  timeToConvert: bigint[];
}

/** One `breakdown:` property's split of the funnel (conversion_steps rows with this breakdown). */
export interface BreakdownReport {
  /** The account property. */
  property: string;
  /** The most entered values first, then by value (missing last); at most a few, see `total`. */
  values: BreakdownValue[];
  /** How many values the property has in all (more than `values.length` when cut). */
  total: bigint;
}

export interface BreakdownValue {
  /** Null: accounts without the property (or without an accounts row), shown as "(missing)". */
  value: string | null;
  /** Actors who reached each step, in step order (reached[0] entered); in progress ones included. */
  reached: bigint[];
  /** Entered actors still in progress at T (left out of the rate). */
  inProgress: bigint;
  /** Converted among settled actors: the last step's overall rate. Null when none settled. */
  overallRate: number | null;
}

export interface FunnelStep {
  step: number;
  name: string;
  reached: bigint;
  inProgress: bigint;
  stepRate: number | null;
  overallRate: number | null;
  secondsMean: number | null;
  secondsMedian: number | null;
  secondsP90: number | null;
}

export interface TouchpointRow {
  position: number;
  touchpoint: string;
  convertedWith: bigint;
  notConvertedWith: bigint;
  rateWith: number | null;
  rateWithout: number | null;
  lift: number | null;
  secondsMean: number | null;
  secondsMedian: number | null;
}

export interface CreditRow {
  model: string;
  position: number | null;
  touchpoint: string;
  credit: number;
  revenue: number | null;
}

export interface CxMetricRow {
  cxId: string;
  /** Null: every response of the survey link, whatever milestone. */
  milestoneId: string | null;
  metric: string;
  scale: string | null;
  responses: bigint;
  rejected: bigint;
  mean: number | null;
  /** 0..1; null for NPS. */
  topTwoBox: number | null;
  promoters: bigint | null;
  passives: bigint | null;
  detractors: bigint | null;
  /** −100..100; null unless NPS. */
  nps: number | null;
}

export interface CxTopicRow {
  cxId: string;
  milestoneId: string | null;
  topic: string;
  responses: bigint;
  positive: bigint;
  neutral: bigint;
  negative: bigint;
}

export interface TravelerRow {
  journeyId: string;
  stageIndex: number;
  milestoneId: string;
  entered: bigint;
  /** NULL for a journey's last stage (no next stage to exit to). */
  exited: bigint | null;
  exitedRecent: bigint | null;
  secondsMean: number | null;
  secondsMedian: number | null;
  /** Events during the stay (read as a number: a count or a mean, whichever the table holds). */
  actions: number | null;
}

export interface JourneyPathRow {
  journeyId: string;
  previousId: string | null;
  milestoneId: string;
  nextId: string | null;
  actors: bigint;
}
