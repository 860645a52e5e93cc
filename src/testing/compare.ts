/**
 * Pure comparison of a test's expectations with the rows the definitions
 * gave (read by testing/run-definition-tests.ts). Only the keys an
 * expectation gives are compared; each mismatch keeps the location of its key.
 *
 *   {milestone: setup, account: acme, status: achieving}  vs  status never_achieved
 *   -> {subject: 'setup / acme', field: 'status', expected: 'achieving', actual: 'never_achieved',
 *       message: 'setup / acme: status expected achieving, got never_achieved', location}
 */
import type { SourceLocation } from '../errors.js';
import type {
  Check,
  ConversionExpectation,
  CxExpectation,
  DefinitionTest,
  JourneyExpectation,
  StatusExpectation,
  TravelerExpectation,
} from './test-file.js';

/** Instants are UTC epoch microseconds (what `epoch_us` gives on naive UTC timestamps). */
type Instant = bigint | null;

export interface TestRun {
  asOf: bigint;
  statuses: {
    milestone_id: string;
    level: string;
    actor_id: string;
    status: string;
    completed_at: Instant;
    progress: number | null;
    evaluation_start: Instant;
    deadline: Instant;
    deadline_missed: boolean | null;
    on_time: boolean | null;
  }[];
  steps: {
    conversion_id: string;
    breakdown: string | null;
    value: string | null;
    step: number;
    reached: bigint;
    in_progress: bigint;
    step_rate: number | null;
    overall_rate: number | null;
    seconds_mean: number | null;
    seconds_median: number | null;
    seconds_p90: number | null;
    from_previous_seconds_mean: number | null;
    from_previous_seconds_median: number | null;
    from_previous_seconds_p90: number | null;
  }[];
  journeys: {
    journey_id: string;
    account_id: string;
    stage_index: number;
    stage: string | null;
    reached_at: Instant;
  }[];
  /** cx_metrics; empty without a survey_responses table. */
  cx: {
    cx_id: string;
    milestone_id: string | null;
    responses: bigint;
    rejected: bigint;
    mean: number | null;
    top_two_box: number | null;
    promoters: bigint | null;
    passives: bigint | null;
    detractors: bigint | null;
    nps: number | null;
    positive: bigint;
    neutral: bigint;
    negative: bigint;
  }[];
  /** journey_travelers. */
  travelers: {
    journey_id: string;
    milestone_id: string;
    entered: bigint;
    exited: bigint | null;
    exited_recent: bigint | null;
    seconds_mean: number | null;
    seconds_median: number | null;
    actions: bigint;
  }[];
  /** Each expected instant's text -> UTC epoch microseconds (read in the config's zone). */
  instants: Map<string, bigint>;
}

export interface Mismatch {
  subject: string;
  field: string;
  expected: unknown;
  actual: unknown;
  message: string;
  location: SourceLocation;
}

export const INSTANT_FIELDS = new Set(['completed_at', 'evaluation_start', 'deadline', 'reached_at']);

/**
 * How close a number must be: progress and NPS are on a 100 scale (two
 * decimals are enough: 66.67 for 2 of 3), rates are fractions (three
 * decimals: 0.667), means of answers two decimals (3.67 for 11/3), times
 * are seconds (half a second).
 */
const TOLERANCE: Record<string, number> = {
  progress: 0.005,
  nps: 0.005,
  mean: 0.005,
  step_rate: 0.0005,
  overall_rate: 0.0005,
  top_two_box: 0.0005,
  seconds_mean: 0.5,
  seconds_median: 0.5,
  seconds_p90: 0.5,
  from_previous_seconds_mean: 0.5,
  from_previous_seconds_median: 0.5,
  from_previous_seconds_p90: 0.5,
};

/** How a value is shown in a message; instants in the config's zone, like the test file writes them. */
export function showValue(value: unknown, field: string, timeZone: string): string {
  if (value === null || value === undefined) return 'null';
  if (INSTANT_FIELDS.has(field) && typeof value === 'bigint') return localTime(value, timeZone);
  if (typeof value === 'number') return String(Math.round(value * 10000) / 10000);
  return String(value);
}

/**
 * "2026-01-05 10:00" (seconds when not zero, and their fraction: `09:00:00.5`
 * had printed as `09:00`, the expected value, in "expected 09:00, got 09:00";
 * found by review), the wall clock in the zone.
 */
export function localTime(micros: bigint, timeZone: string): string {
  const fraction = ((micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const millis = Number((micros - fraction) / 1000n);
  const text = new Date(millis).toLocaleString('sv-SE', { timeZone, hour12: false });
  if (fraction !== 0n) return `${text}.${fraction.toString().padStart(6, '0').replace(/0+$/, '')}`;
  return text.endsWith(':00') ? text.slice(0, -3) : text;
}

/** The actual value in JSON output: instants as local text, counts as numbers. */
function jsonValue(value: unknown, field: string, timeZone: string): unknown {
  if (typeof value !== 'bigint') return value ?? null;
  return INSTANT_FIELDS.has(field) ? localTime(value, timeZone) : Number(value);
}

function matches(check: Check, actual: unknown, instants: Map<string, bigint>): boolean {
  const { field, expected } = check;
  if (expected === null || actual === null || actual === undefined) return expected === (actual ?? null);
  if (INSTANT_FIELDS.has(field)) return instants.get(String(expected)) === actual;
  if (typeof actual === 'bigint') return typeof expected === 'number' && BigInt(expected) === actual;
  const tolerance = TOLERANCE[field];
  if (tolerance !== undefined && typeof expected === 'number' && typeof actual === 'number') {
    return Math.abs(expected - actual) <= tolerance;
  }
  return expected === actual;
}

function compareRow(
  subject: string,
  checks: Check[],
  row: Record<string, unknown>,
  run: TestRun,
  timeZone: string,
): Mismatch[] {
  const out: Mismatch[] = [];
  for (const check of checks) {
    const actual = row[check.field];
    if (matches(check, actual, run.instants)) continue;
    const expected = check.expected === null ? 'null' : String(check.expected);
    const got = showValue(actual, check.field, timeZone);
    out.push({
      subject,
      field: check.field,
      expected: check.expected,
      actual: jsonValue(actual, check.field, timeZone),
      message: `${subject}: ${check.field} expected ${expected}, got ${got}`,
      location: check.location,
    });
  }
  return out;
}

/** A mismatch that is not about one key: the row itself is missing or should not be there. */
function rowMismatch(subject: string, location: SourceLocation, expected: string, actual: string): Mismatch {
  return {
    subject,
    field: 'row',
    expected,
    actual,
    message: `${subject}: expected ${expected}, got ${actual}`,
    location,
  };
}

function compareStatus(e: StatusExpectation, run: TestRun, timeZone: string): Mismatch[] {
  const subject = `${e.milestone} / ${e.actor}`;
  const row = run.statuses.find(
    (r) => r.milestone_id === e.milestone && r.actor_id === e.actor && r.level === e.level,
  );
  const assigned = e.checks.find((c) => c.field === 'assigned');
  if (assigned && assigned.expected !== Boolean(row)) {
    const [expected, actual] = row
      ? ['not assigned', `a row (status ${row.status})`]
      : ['assigned', 'no row'];
    return [rowMismatch(subject, assigned.location, expected, actual)];
  }
  if (!row) {
    // Not assigned, as expected: other keys would have nothing to compare and pass unseen (found by review).
    const others = e.checks.filter((c) => c !== assigned);
    if (assigned && others.length > 0) {
      const keys = others.map((c) => c.field).join(', ');
      return [rowMismatch(subject, others[0]!.location, `${keys} of a row`, 'no row (assigned: false)')];
    }
    if (assigned) return [];
    const hint = `no row (the ${e.level} is not assigned "${e.milestone}", or never occurs in the data)`;
    return [rowMismatch(subject, e.location, 'a status row', hint)];
  }
  return compareRow(
    subject,
    e.checks.filter((c) => c !== assigned),
    row,
    run,
    timeZone,
  );
}

/** A funnel nobody reached has no row: it reads as zero counts and no rates or times. */
const EMPTY_STEP = { reached: 0n, in_progress: 0n };

/** A breakdown value as written against the stored text: `1` is the DOUBLE column's "1.0" (found by review). */
function sameValue(stored: string | null, expected: string | null): boolean {
  if (stored === expected) return true;
  if (stored === null || expected === null || stored.trim() === '' || expected.trim() === '') return false;
  return Number.isFinite(Number(stored)) && Number(stored) === Number(expected);
}

function compareConversion(e: ConversionExpectation, run: TestRun, timeZone: string): Mismatch[] {
  const split = e.breakdown ? ` (${e.breakdown.property} = ${e.breakdown.value ?? 'null'})` : '';
  const subject = `${e.conversion} / step ${e.step} ${e.stepName}${split}`;
  const rows = run.steps.filter(
    (r) => r.conversion_id === e.conversion && r.breakdown === (e.breakdown?.property ?? null),
  );
  const row = rows.find((r) => r.step === e.step && sameValue(r.value, e.breakdown?.value ?? null));
  // A breakdown value no entered actor has: a misspelt value had read as zero counts and passed.
  if (!row && e.breakdown && rows.length > 0) {
    const values = [...new Set(rows.map((r) => r.value ?? 'null'))].join(', ');
    return [
      rowMismatch(subject, e.location, `a row for ${split.trim()}`, `no such value (values: ${values})`),
    ];
  }
  return compareRow(subject, e.checks, row ?? EMPTY_STEP, run, timeZone);
}

function compareJourney(e: JourneyExpectation, run: TestRun, timeZone: string): Mismatch[] {
  const subject = `${e.journey} / ${e.account}`;
  const row = run.journeys.find((r) => r.journey_id === e.journey && r.account_id === e.account);
  if (!row)
    return [rowMismatch(subject, e.location, 'a journey row', 'no row (not assigned any stage milestone)')];
  return compareRow(subject, e.checks, row, run, timeZone);
}

function compareCx(e: CxExpectation, run: TestRun, timeZone: string): Mismatch[] {
  const subject = `${e.cx} / ${e.milestone ?? 'overall'}`;
  const row = run.cx.find((r) => r.cx_id === e.cx && r.milestone_id === e.milestone);
  if (!row) {
    const why = 'no row (no survey_responses: declare sources.surveys in the config or give surveys:)';
    return [rowMismatch(subject, e.location, 'a cx_metrics row', why)];
  }
  return compareRow(subject, e.checks, row, run, timeZone);
}

function compareTravelers(e: TravelerExpectation, run: TestRun, timeZone: string): Mismatch[] {
  const subject = `${e.journey} / ${e.stage} travelers`;
  const row = run.travelers.find((r) => r.journey_id === e.journey && r.milestone_id === e.stage);
  if (!row) return [rowMismatch(subject, e.location, 'a journey_travelers row', 'no row')];
  return compareRow(subject, e.checks, row, run, timeZone);
}

/** Every mismatch of the test, in the order the expectations are written. */
export function compareTest(test: DefinitionTest, run: TestRun, timeZone: string): Mismatch[] {
  return [
    ...test.statuses.flatMap((e) => compareStatus(e, run, timeZone)),
    ...test.conversions.flatMap((e) => compareConversion(e, run, timeZone)),
    ...test.journeys.flatMap((e) => compareJourney(e, run, timeZone)),
    ...test.cx.flatMap((e) => compareCx(e, run, timeZone)),
    ...test.travelers.flatMap((e) => compareTravelers(e, run, timeZone)),
  ];
}
