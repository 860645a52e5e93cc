/**
 * Runs `calibrate`'s SQL (src/compiler/calibrate-sql.ts) on a warehouse whose
 * `milestone_status` is current, and reads back only aggregates: the
 * population per state, one row per milestone, the (event, window)
 * histograms and a bounded sample of the feature matrix for the forest.
 *
 *   await readCalibration(w, project, { outcome, observe, candidates, windows, sampleLimit: 50_000 })
 *   -> { asOf, population: [{ state: 'included', accounts: 4, positives: 3 }, ...], milestones: [...], ... }
 */
import { didYouMean } from '../definitions/suggest.js';
import { presentEvents } from '../statuses/status-summary.js';
import {
  featureColumn,
  featureCountSql,
  featuresSql,
  histogramSql,
  milestoneComparisonSql,
  populationSql,
  populationSummarySql,
  sampleSql,
  STATES,
  type FeatureSpec,
} from '../compiler/calibrate-sql.js';
import type { Bin } from './threshold.js';
import type { Outcome } from './outcome.js';
import type { Duration, Level } from '../definitions/model.js';
import { EXIT_INVALID, UserError, type Diagnostic } from '../errors.js';
import { resolveAsOf } from '../conversions/run-conversions.js';
import { readTables } from '../warehouse/run-plan.js';
import type { Warehouse } from '../warehouse/session.js';

export interface CalibrateRequest {
  /** T as naive UTC text; default the latest event (as compute). */
  asOf?: string;
  outcome: Outcome;
  observe: Duration;
  milestones: { id: string; level: Level }[];
  candidates: string[];
  windows: Duration[];
  /** Rows of the feature matrix the forest may see. */
  sampleLimit: number;
}

export interface PopulationRow {
  state: string;
  accounts: number;
  positives: number;
}

export interface MilestoneCounts {
  milestoneId: string;
  achievers: number;
  achieversPositive: number;
  others: number;
  othersPositive: number;
}

export interface CalibrateData {
  /** T, naive UTC text. */
  asOf: string;
  population: PopulationRow[];
  milestones: MilestoneCounts[];
  /** Per feature column (f_i_j): the histogram of counts. */
  histograms: Map<string, Bin[]>;
  /** The forest's rows: features in column order (candidate-major, then window). */
  sample: { rows: number[][]; labels: number[] };
  /** Included accounts (rows of the feature matrix); the sample may hold fewer. */
  matrixAccounts: number;
}

/** Counts of accounts: exact as numbers far beyond any real account count; refuses otherwise. */
function count(value: unknown): number {
  const n = typeof value === 'bigint' ? value : BigInt(Number(value ?? 0));
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`count ${n} is too large`);
  return Number(n);
}

async function readPopulation(w: Warehouse): Promise<PopulationRow[]> {
  const rows = await w.all<Record<string, unknown>>(populationSummarySql());
  return rows.map((r) => ({
    state: String(r.state),
    accounts: count(r.accounts),
    positives: count(r.positives),
  }));
}

async function readMilestones(w: Warehouse, request: CalibrateRequest): Promise<MilestoneCounts[]> {
  if (!(await w.tableExists('milestone_status'))) return [];
  const rows = await w.all<Record<string, unknown>>(milestoneComparisonSql(request.milestones));
  return rows.map((r) => ({
    milestoneId: String(r.milestone_id),
    achievers: count(r.achievers),
    achieversPositive: count(r.achievers_positive),
    others: count(r.others),
    othersPositive: count(r.others_positive),
  }));
}

async function readHistograms(w: Warehouse, spec: FeatureSpec): Promise<Map<string, Bin[]>> {
  const histograms = new Map<string, Bin[]>();
  for (const r of await w.all<Record<string, unknown>>(histogramSql(spec))) {
    const bins = histograms.get(String(r.feature)) ?? [];
    bins.push({ value: count(r.value), accounts: count(r.accounts), positives: count(r.positives) });
    histograms.set(String(r.feature), bins);
  }
  return histograms;
}

async function readSample(w: Warehouse, spec: FeatureSpec, limit: number): Promise<CalibrateData['sample']> {
  const columns = spec.candidates.flatMap((_, i) => spec.windows.map((_w, j) => featureColumn(i, j)));
  const rows = await w.all<Record<string, unknown>>(sampleSql(spec, limit));
  return {
    rows: rows.map((r) => columns.map((c) => Number(r[c] ?? 0))),
    labels: rows.map((r) => (r.outcome === true ? 1 : 0)),
  };
}

/**
 * An outcome event that never occurs is an error, and a candidate that never
 * occurs a warning: a typo (`--outcome event:retaind`) used to compare
 * everyone as "0 with the outcome", exit 0. Checked before anything is
 * computed.
 */
export async function checkCalibrationEvents(w: Warehouse, request: CalibrateRequest): Promise<Diagnostic[]> {
  const outcome = request.outcome.kind === 'event' ? [request.outcome.event] : [];
  const present = await presentEvents(w, [...outcome, ...request.candidates]);
  const never = (name: string) => !present.has(name);
  const suggest = async (name: string) => {
    if (!(await w.tableExists('events'))) return undefined;
    const names = await w.all<{ event: string }>('SELECT DISTINCT "event" AS "event" FROM "events"');
    return didYouMean(
      name,
      names.map((r) => r.event),
    );
  };
  for (const name of outcome.filter(never)) {
    const guess = await suggest(name);
    throw new UserError(
      `--outcome event:${name}: event "${name}" never occurs in the events table${guess ? `: ${guess}` : ''}`,
      EXIT_INVALID,
      'check the event name, or load the events that carry it',
    );
  }
  return request.candidates.filter(never).map((name) => ({
    severity: 'warning' as const,
    code: 'unknown-event',
    message: `candidate event "${name}" never occurs in the events table: its counts are all 0`,
    hint: 'check the event name (--candidates), or load the events that carry it',
  }));
}

/** A property outcome needs the accounts table and a value on at least one account. */
function checkPropertyOutcome(
  request: CalibrateRequest,
  hasAccounts: boolean,
  population: PopulationRow[],
): void {
  if (request.outcome.kind !== 'property') return;
  if (!hasAccounts) {
    throw new UserError(
      `--outcome property:${request.outcome.property} needs the accounts table, which is not loaded`,
      EXIT_INVALID,
      'declare sources.accounts in the config (with the property) and run milestones load',
    );
  }
  const known = population.filter((p) => p.state === STATES.included || p.state === STATES.open);
  const unknown = population.some((p) => p.state === STATES.unknown);
  if (known.length === 0 && unknown) {
    throw new UserError(
      `account property "${request.outcome.property}" is missing or not boolean for every account`,
      EXIT_INVALID,
      'the property must hold true/false, yes/no or 1/0 (declare it under sources.accounts.properties)',
    );
  }
}

export async function readCalibration(w: Warehouse, request: CalibrateRequest): Promise<CalibrateData> {
  const asOf = await resolveAsOf(w, request.asOf);
  const tables = await readTables(w);
  await w.run(
    populationSql({ asOf, outcome: request.outcome, observe: request.observe, accounts: tables.accounts }),
  );
  const population = await readPopulation(w);
  checkPropertyOutcome(request, tables.accounts !== undefined, population);
  const milestones = await readMilestones(w, request);
  const spec: FeatureSpec = { candidates: request.candidates, windows: request.windows };
  if (spec.candidates.length === 0 || spec.windows.length === 0) {
    return {
      asOf,
      population,
      milestones,
      histograms: new Map(),
      sample: { rows: [], labels: [] },
      matrixAccounts: 0,
    };
  }
  await w.run(featuresSql(spec));
  const matrix = await w.one<{ accounts: bigint }>(featureCountSql());
  return {
    asOf,
    population,
    milestones,
    histograms: await readHistograms(w, spec),
    sample: await readSample(w, spec, request.sampleLimit),
    matrixAccounts: count(matrix?.accounts),
  };
}
