/**
 * calibrate's SQL on a tiny hand-written warehouse, T = 2026-03-01 00:00.
 * Outcome: event "renewed" within 20d after a 10d observation period, i.e.
 * in [first_seen + 10d, first_seen + 30d); over when first_seen + 30d <= T.
 *
 *   account  first_seen   reports (ts)                 renewed        outcome
 *   a        01-01 00:00  01-02, 01-03, 01-05           01-15          yes (in [01-11, 01-31))
 *   b        01-01 00:00  01-01 00:00, 01-09            01-05          no  (before the period ended)
 *   c        01-10 00:00  -                             02-09 00:00    no  (= first_seen + 30d: the end is out)
 *   d        01-20 00:00  01-20, 01-21                  01-30 00:00    yes (= first_seen + 10d: the start is in)
 *   e        02-01 00:00  -                             -              open (02-01 + 30d = 03-03 > T)
 *   f        accounts table only                                       unseen
 *   g        03-02 (after T, not in accounts)                          not in the population
 */
import { afterAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/calibrate/analyse.js';
import type { Outcome } from '../../src/calibrate/outcome.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { readCalibration, type CalibrateRequest } from '../../src/calibrate/run-calibrate.js';

const T = '2026-03-01 00:00:00';
const NASTY = `"';DROP TABLE events;--`;
const d = (n: number) => ({ seconds: n * 86_400, text: `${n}d` });

const EVENTS: [string, string, string][] = [
  ['2026-01-01 00:00:00', 'a', 'login'],
  ['2026-01-02 00:00:00', 'a', 'report'],
  ['2026-01-02 12:00:00', 'a', NASTY],
  ['2026-01-03 00:00:00', 'a', 'report'],
  ['2026-01-05 00:00:00', 'a', 'report'],
  ['2026-01-15 00:00:00', 'a', 'renewed'],
  ['2026-01-01 00:00:00', 'b', 'report'],
  ['2026-01-05 00:00:00', 'b', 'renewed'],
  ['2026-01-09 00:00:00', 'b', 'report'],
  ['2026-01-10 00:00:00', 'c', 'login'],
  ['2026-02-09 00:00:00', 'c', 'renewed'],
  ['2026-01-20 00:00:00', 'd', 'report'],
  ['2026-01-21 00:00:00', 'd', 'report'],
  ['2026-01-30 00:00:00', 'd', 'renewed'],
  ['2026-02-01 00:00:00', 'e', 'login'],
  ['2026-03-02 00:00:00', 'g', 'login'],
];

// [milestone, level, actor, account, completed_at]
const STATUSES: [string, string, string, string, string | null][] = [
  // m1: a before its period ends (01-11), b after it (01-12), c never, d before 01-30, e open.
  ['m1', 'account', 'a', 'a', '2026-01-05 00:00:00'],
  ['m1', 'account', 'b', 'b', '2026-01-12 00:00:00'],
  ['m1', 'account', 'c', 'c', null],
  ['m1', 'account', 'd', 'd', '2026-01-25 00:00:00'],
  ['m1', 'account', 'e', 'e', '2026-02-02 00:00:00'],
  // mc (contact level): one of a's two contacts completed it; b's one did not; c and d unassigned.
  ['mc', 'contact', 'a1', 'a', null],
  ['mc', 'contact', 'a2', 'a', '2026-01-03 00:00:00'],
  ['mc', 'contact', 'b1', 'b', null],
];

// [account, retained (typed), properties JSON]
const ACCOUNTS: [string, boolean | null, string][] = [
  ['a', true, '{"ok": 1}'],
  ['b', false, '{"ok": "no"}'],
  ['c', null, '{"ok": "maybe"}'],
  ['d', true, '{"ok": true}'],
  ['e', false, '{}'],
  ['f', true, '{"ok": "yes"}'],
];

const open: Warehouse[] = [];
afterAll(() => open.forEach((w) => w.close()));

async function warehouse(withAccounts = true): Promise<Warehouse> {
  const w = await Warehouse.open(':memory:');
  open.push(w);
  await w.run(
    'CREATE TABLE events (ts TIMESTAMP, account_id VARCHAR, contact_id VARCHAR, event VARCHAR, properties JSON)',
  );
  for (const [ts, account, event] of EVENTS) {
    await w.run('INSERT INTO events VALUES (CAST(? AS TIMESTAMP), ?, NULL, ?, NULL)', [ts, account, event]);
  }
  await w.run(
    'CREATE TABLE milestone_status (milestone_id VARCHAR, level VARCHAR, actor_id VARCHAR, account_id VARCHAR, completed_at TIMESTAMP)',
  );
  for (const [m, level, actor, account, at] of STATUSES) {
    await w.run(
      `INSERT INTO milestone_status VALUES (?, ?, ?, ?, ${at === null ? 'NULL' : 'CAST(? AS TIMESTAMP)'})`,
      [m, level, actor, account, ...(at === null ? [] : [at])],
    );
  }
  if (withAccounts) {
    await w.run('CREATE TABLE accounts (account_id VARCHAR, retained BOOLEAN, properties JSON)');
    for (const [id, retained, json] of ACCOUNTS) {
      await w.run(
        `INSERT INTO accounts VALUES (?, ${retained === null ? 'NULL' : retained ? 'TRUE' : 'FALSE'}, ?)`,
        [id, json],
      );
    }
  }
  return w;
}

const request = (outcome: Outcome, extra: Partial<CalibrateRequest> = {}): CalibrateRequest => ({
  asOf: T,
  outcome,
  observe: d(10),
  milestones: [
    { id: 'm1', level: 'account' },
    { id: 'mc', level: 'contact' },
    { id: 'm0', level: 'account' },
  ],
  candidates: ['report', NASTY],
  windows: [d(7), d(10)],
  sampleLimit: 50_000,
  ...extra,
});

const renewed: Outcome = { kind: 'event', event: 'renewed', within: d(20) };
const byState = (rows: { state: string; accounts: number; positives: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.state, [r.accounts, r.positives]]));

describe('calibrate SQL: event outcome', () => {
  it('includes the accounts whose outcome window is over, and counts the rest by reason', async () => {
    const data = await readCalibration(await warehouse(), request(renewed));
    // Included a, b, c, d; with the outcome a and d. Open: e. Unseen: f. g's only event is after T.
    expect(byState(data.population)).toEqual({ included: [4, 2], open: [1, 0], unseen: [1, 0] });
  });

  it('counts achievers by completions before the observation period ends; contacts by their account', async () => {
    const data = await readCalibration(await warehouse(), request(renewed));
    // m1: achievers a (01-05 < 01-11) and d (01-25 < 01-30), both renewed; b (01-12 >= 01-11) and c are not: 0 renewed.
    // mc: a (contact a2, 01-03) achieves and renewed; b does not, not renewed. m0 has no rows at all.
    expect(data.milestones).toEqual([
      { milestoneId: 'm1', achievers: 2, achieversPositive: 2, others: 2, othersPositive: 0 },
      { milestoneId: 'mc', achievers: 1, achieversPositive: 1, others: 1, othersPositive: 0 },
    ]);
  });

  it('builds the feature histograms: counts in [first_seen, first_seen + W)', async () => {
    const data = await readCalibration(await warehouse(), request(renewed));
    // report in 7d: c 0, b 1 (01-01 counts, 01-09 does not), d 2, a 3; only d and a renewed.
    expect(data.histograms.get('f_0_0')).toEqual([
      { value: 0, accounts: 1, positives: 0 },
      { value: 1, accounts: 1, positives: 0 },
      { value: 2, accounts: 1, positives: 1 },
      { value: 3, accounts: 1, positives: 1 },
    ]);
    // report in 10d: c 0, b 2, d 2, a 3.
    expect(data.histograms.get('f_0_1')).toEqual([
      { value: 0, accounts: 1, positives: 0 },
      { value: 2, accounts: 2, positives: 1 },
      { value: 3, accounts: 1, positives: 1 },
    ]);
    // The nasty event name is a value like any other: a has it once, in both windows.
    expect(data.histograms.get('f_1_0')).toEqual([
      { value: 0, accounts: 3, positives: 1 },
      { value: 1, accounts: 1, positives: 1 },
    ]);
    expect(data.matrixAccounts).toBe(4);
    expect(data.sample.rows).toHaveLength(4);
    expect(data.sample.labels.reduce((s, y) => s + y, 0)).toBe(2);
  });

  it('caps the forest sample', async () => {
    const data = await readCalibration(await warehouse(), request(renewed, { sampleLimit: 3 }));
    expect(data.sample.rows).toHaveLength(3);
    expect(data.matrixAccounts).toBe(4);
  });

  it('analyses it: the milestone and the best window and threshold, worked out by hand', async () => {
    const data = await readCalibration(await warehouse(), request(renewed));
    const result = analyse({
      milestones: [
        { id: 'm1', name: 'M1', level: 'account' },
        { id: 'm0', name: 'M0', level: 'account' },
      ],
      counts: data.milestones,
      candidates: ['report', NASTY],
      windows: [d(7), d(10)],
      histograms: data.histograms,
      sample: data.sample,
      matrixAccounts: data.matrixAccounts,
      included: 4,
      taken: { ids: ['m1'], names: ['M1'] },
      forest: { trees: 20, maxDepth: 4, minSamplesSplit: 2, seed: 1 },
    });
    const m1 = result.milestones[0]!;
    // 2/2 against 0/2: Wilson [0.342372, 1] and [0, 0.657628] (z²/n = 1.9208; 1.9208 / 2.9208 = 0.657628,
    // and 2/2 mirrors 0/2): with two accounts a side the intervals still overlap, so not "separated".
    expect([m1.achievers.rate, m1.others.rate, m1.difference, m1.separated]).toEqual([1, 0, 1, false]);
    expect(m1.achievers.interval!.low).toBeCloseTo(0.342372, 5);
    expect(m1.others.interval!.high).toBeCloseTo(0.657628, 5);
    // m0: nobody assigned: empty groups, no difference.
    expect([result.milestones[1]!.achievers.accounts, result.milestones[1]!.difference]).toEqual([
      0,
      undefined,
    ]);
    // report, 7d: k = 2 puts {a, d} (2/2) above {b, c} (0/2): a perfect split, gain H(1/2) = 1 bit.
    // 10d can do no better (k = 2: 2/3 vs 0/1, gain 0.311; k = 3: 1/1 vs 1/3, gain 0.311).
    const report = result.candidates.find((c) => c.event === 'report')!;
    expect([report.window?.text, report.threshold, report.gain]).toEqual(['7d', 2, 1]);
    expect([report.above?.accounts, report.above?.rate, report.below?.accounts, report.below?.rate]).toEqual([
      2, 1, 2, 0,
    ]);
    // Lift is undefined when nobody below has the outcome (division by zero).
    expect(report.lift).toBeUndefined();
    // The nasty event: k = 1 puts a (1/1) above b, c, d (1/3): H(1/2) - 0.75 H(1/3) = 1 - 0.688722 = 0.311278.
    const nasty = result.candidates.find((c) => c.event === NASTY)!;
    expect([nasty.threshold, nasty.above?.accounts, nasty.lift]).toEqual([1, 1, 2]); // 1 / (1/3) - 1 = 2
    expect(nasty.gain).toBeCloseTo(0.311278, 5);
    // Importances over the events sum to 1.
    expect((report.importance ?? 0) + (nasty.importance ?? 0)).toBeCloseTo(1, 9);
    expect(result.snippet).toContain('- id: suggested_report\n');
  });
});

describe('calibrate SQL: property outcome', () => {
  it('reads a typed boolean column; accounts observed for less than the period are open', async () => {
    const data = await readCalibration(
      await warehouse(),
      request({ kind: 'property', property: 'retained' }),
    );
    // observed_until = first_seen + 10d <= T for a, b, c, d, e (e: 02-11). retained: a T, b F, c NULL, d T, e F.
    // Included a, b, d, e (2 retained); unknown c; unseen f (no events).
    expect(byState(data.population)).toEqual({ included: [4, 2], unknown: [1, 0], unseen: [1, 0] });
    // m1 now includes e: completed 02-02 < 02-11, not retained. Achievers a, d, e (2 retained); others b (0).
    expect(data.milestones[0]).toEqual({
      milestoneId: 'm1',
      achievers: 3,
      achieversPositive: 2,
      others: 1,
      othersPositive: 0,
    });
  });

  it('reads a JSON property as a boolean: 1/yes/true and 0/no/false; anything else is unknown', async () => {
    const data = await readCalibration(await warehouse(), request({ kind: 'property', property: 'ok' }));
    // a 1 -> yes, b "no" -> no, c "maybe" -> unknown, d true -> yes, e missing -> unknown.
    expect(byState(data.population)).toEqual({ included: [3, 2], unknown: [2, 0], unseen: [1, 0] });
  });

  it('refuses a property outcome without an accounts table, or with no usable value (exit 1)', async () => {
    await expect(
      readCalibration(await warehouse(false), request({ kind: 'property', property: 'retained' })),
    ).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(/needs the accounts table/) });
    await expect(
      readCalibration(await warehouse(), request({ kind: 'property', property: 'nothing_here' })),
    ).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(/missing or not boolean/) });
  });

  it('leaves the events table alone (the nasty name was only ever a value)', async () => {
    const w = await warehouse();
    await readCalibration(w, request(renewed));
    expect(await w.one<{ n: bigint }>('SELECT count(*) AS n FROM events')).toEqual({
      n: BigInt(EVENTS.length),
    });
  });
});
