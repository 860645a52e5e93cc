/**
 * The pure comparison: only the keys given are compared, numbers within the
 * documented tolerance, instants through the map of expected instants, a
 * missing row named as such; each mismatch keeps its key's location.
 */
import { describe, expect, it } from 'vitest';
import { compareTest, localTime, type TestRun } from '../../src/testing/compare.js';
import { tests, yaml } from './helpers.js';

const ZONE = 'America/New_York';
/** 2026-01-03 10:00 in New York (EST, UTC-5) is 15:00 UTC. */
const JAN3_10H = BigInt(Date.UTC(2026, 0, 3, 15)) * 1000n;

function run(partial: Partial<TestRun>): TestRun {
  return {
    asOf: 0n,
    statuses: [],
    steps: [],
    journeys: [],
    cx: [],
    travelers: [],
    instants: new Map(),
    ...partial,
  };
}

const status = (over: Partial<TestRun['statuses'][number]> = {}): TestRun['statuses'][number] => ({
  milestone_id: 'paid',
  level: 'account',
  actor_id: 'acme',
  status: 'achieving',
  completed_at: JAN3_10H,
  progress: 200 / 3,
  evaluation_start: null,
  deadline: null,
  deadline_missed: false,
  on_time: null,
  ...over,
});

const [statusTest] = tests(yaml`
  tests:
    - name: t
      expect:
        statuses:
          - {milestone: paid, account: acme, status: achieving, progress: 66.67, completed_at: 2026-01-03 10:00, on_time: null}
`);

describe('statuses', () => {
  const instants = new Map([['2026-01-03 10:00', JAN3_10H]]);

  it('passes when every given key matches (66.67 is 2/3 to two decimals)', () => {
    expect(compareTest(statusTest!, run({ statuses: [status()], instants }), ZONE)).toEqual([]);
  });

  it('names each differing key with the expected and actual value and its location', () => {
    const actual = status({ status: 'never_achieved', completed_at: null, progress: 50, on_time: false });
    const mismatches = compareTest(statusTest!, run({ statuses: [actual], instants }), ZONE);
    expect(mismatches.map((m) => m.message)).toEqual([
      'paid / acme: status expected achieving, got never_achieved',
      'paid / acme: progress expected 66.67, got 50',
      'paid / acme: completed_at expected 2026-01-03 10:00, got null',
      'paid / acme: on_time expected null, got false',
    ]);
    expect(mismatches[0]!.location).toMatchObject({ file: 't.yaml', line: 5 });
  });

  it('shows an actual instant as the wall clock in the config zone', () => {
    const oneHourLater = JAN3_10H + 3_600_000_000n;
    const [m] = compareTest(
      statusTest!,
      run({ statuses: [status({ completed_at: oneHourLater })], instants }),
      ZONE,
    );
    expect(m!.message).toBe('paid / acme: completed_at expected 2026-01-03 10:00, got 2026-01-03 11:00');
    expect(localTime(oneHourLater + 30_000_000n, ZONE)).toBe('2026-01-03 11:00:30');
    // A fraction is shown: 09:00:00.5 had printed as 09:00, the expected value (found by review).
    expect(localTime(oneHourLater + 500_000n, ZONE)).toBe('2026-01-03 11:00:00.5');
    expect(localTime(oneHourLater + 250n, ZONE)).toBe('2026-01-03 11:00:00.00025');
  });

  it('is off by more than the tolerance at 66.66 (2/3 is 66.6667)', () => {
    const [t] = tests(yaml`
      tests:
        - name: t
          expect: {statuses: [{milestone: paid, account: acme, progress: 66.66}]}
    `);
    expect(compareTest(t!, run({ statuses: [status()] }), ZONE)).toHaveLength(1);
  });

  it('reports a missing row, and checks assigned: false', () => {
    const [t] = tests(yaml`
      tests:
        - name: t
          expect:
            statuses:
              - {milestone: paid, account: globex, status: achieving}
              - {milestone: paid, account: acme, assigned: false}
              - {milestone: user_paid, contact: u9, assigned: false}
    `);
    const messages = compareTest(t!, run({ statuses: [status()] }), ZONE).map((m) => m.message);
    expect(messages).toEqual([
      'paid / globex: expected a status row, got no row (the account is not assigned "paid", or never occurs in the data)',
      'paid / acme: expected not assigned, got a row (status achieving)',
    ]);
  });
});

describe('conversions and journeys', () => {
  const [t] = tests(yaml`
    tests:
      - name: t
        expect:
          conversions:
            - {conversion: login_to_paid, step: 2, reached: 1, overall_rate: 0.333, seconds_mean: 3600}
            - {conversion: login_to_paid, step: 2, breakdown: seats, value: 3, reached: 0, step_rate: null}
          journeys:
            - {journey: path, account: acme, stage: paid, stage_index: 2}
  `);
  const step = {
    conversion_id: 'login_to_paid',
    breakdown: null,
    value: null,
    step: 2,
    reached: 1n,
    in_progress: 0n,
    step_rate: 1 / 3,
    overall_rate: 1 / 3,
    seconds_mean: 3600.2,
    seconds_median: 3600.2,
    seconds_p90: 3600.2,
  };
  const journey = { journey_id: 'path', account_id: 'acme', stage_index: 2, stage: 'paid', reached_at: null };

  it('matches counts exactly, rates to three decimals, times to half a second; no row reads as zero', () => {
    // The seats = 3 row is absent (nobody with 3 seats entered): reached 0, rates null.
    expect(compareTest(t!, run({ steps: [step], journeys: [journey] }), ZONE)).toEqual([]);
  });

  it('names the step and the breakdown in a mismatch', () => {
    const other = { ...step, reached: 2n, seconds_mean: 3601 };
    const seats = { ...step, breakdown: 'seats', value: '3', reached: 1n };
    const messages = compareTest(t!, run({ steps: [other, seats], journeys: [] }), ZONE).map(
      (m) => m.message,
    );
    expect(messages).toEqual([
      'login_to_paid / step 2 paid: reached expected 1, got 2',
      'login_to_paid / step 2 paid: seconds_mean expected 3600, got 3601',
      'login_to_paid / step 2 paid (seats = 3): reached expected 0, got 1',
      'login_to_paid / step 2 paid (seats = 3): step_rate expected null, got 0.3333',
      'path / acme: expected a journey row, got no row (not assigned any stage milestone)',
    ]);
  });
});

describe('cx and travelers', () => {
  const [t] = tests(yaml`
    tests:
      - name: t
        expect:
          cx:
            - {cx: nps, milestone: paid, responses: 3, promoters: 2, nps: 33.33, mean: 8.33, positive: 1}
            - {cx: csat, responses: 3, mean: 3.67, top_two_box: 0.667}
          travelers:
            - {journey: path, stage: web_user, entered: 2, exited: 1, seconds_mean: 345600}
            - {journey: path, stage: paid, exited: null, exited_recent: null, actions: 0}
  `);
  // nps on paid: 10, 6, 9 -> 2 promoters, 1 detractor: 100 x 1 / 3; mean 25 / 3. csat overall:
  // 5, 2, 4 -> mean 11 / 3, 2 of 3 in the top two boxes.
  const nps = {
    cx_id: 'nps',
    milestone_id: 'paid',
    responses: 3n,
    rejected: 0n,
    mean: 25 / 3,
    top_two_box: null,
    promoters: 2n,
    passives: 0n,
    detractors: 1n,
    nps: 100 / 3,
    positive: 1n,
    neutral: 0n,
    negative: 1n,
  };
  const csat = {
    ...nps,
    cx_id: 'csat',
    milestone_id: null,
    mean: 11 / 3,
    top_two_box: 2 / 3,
    promoters: null,
    passives: null,
    detractors: null,
    nps: null,
  };
  const webUser = {
    journey_id: 'path',
    milestone_id: 'web_user',
    entered: 2n,
    exited: 1n,
    exited_recent: 1n,
    seconds_mean: 345600.3,
    seconds_median: 345600.3,
    actions: 4n,
  };
  const paid = { ...webUser, milestone_id: 'paid', exited: null, exited_recent: null, actions: 0n };

  it('matches counts exactly, NPS and means to two decimals, shares to three', () => {
    const actual = run({ cx: [nps, csat], travelers: [webUser, paid] });
    expect(compareTest(t!, actual, ZONE)).toEqual([]);
  });

  it('finds the overall row by a null milestone, not a milestone row', () => {
    // The csat expectation names no milestone: a csat row for "paid" is not the overall row.
    const messages = compareTest(
      t!,
      run({ cx: [nps, { ...csat, milestone_id: 'paid' }], travelers: [webUser, paid] }),
      ZONE,
    ).map((m) => m.message);
    expect(messages).toEqual([
      'csat / overall: expected a cx_metrics row, got no row (no survey_responses: declare sources.surveys in the config or give surveys:)',
    ]);
  });

  it('is off beyond the tolerances, and null is a value', () => {
    const off = {
      ...nps,
      nps: 33.3389, // 0.0056 away
      mean: 8.3389,
      promoters: 3n,
    };
    const messages = compareTest(
      t!,
      run({
        cx: [off, { ...csat, top_two_box: 0.6676 }],
        travelers: [
          { ...webUser, seconds_mean: 345601 },
          { ...paid, exited: 0n },
        ],
      }),
      ZONE,
    ).map((m) => m.message);
    // In the order of cx_metrics' columns.
    expect(messages).toEqual([
      'nps / paid: mean expected 8.33, got 8.3389',
      'nps / paid: promoters expected 2, got 3',
      'nps / paid: nps expected 33.33, got 33.3389',
      'csat / overall: top_two_box expected 0.667, got 0.6676',
      'path / web_user travelers: seconds_mean expected 345600, got 345601',
      'path / paid travelers: exited expected null, got 0',
    ]);
  });
});
