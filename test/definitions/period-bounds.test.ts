/**
 * Cohort and period bounds, and fixed starts, with a time (issue 8, item 13):
 * `cohort: {from: 2021-05-01T00:00:00Z, to: 2021-05-14T23:59:59Z}` passed
 * validate and then crashed compute (`nextDay` RangeError, "not a date" for
 * the Z). A date is its whole day in the config's zone; a naive time is
 * wall-clock time there; a time with Z or an offset is exact; `to` is
 * inclusive.
 */
import { describe, expect, it } from 'vitest';
import { endOf, parseConfigInstant, startOf } from '../../src/definitions/instants.js';
import { brief, check, yaml } from './helpers.js';
import { projectOf, runRows, usOf } from './run-config.js';

describe('config instants', () => {
  it('reads dates, naive times and times with an offset', () => {
    // New York is UTC-4 in May: midnight there is 04:00 UTC.
    expect(startOf('2021-05-01', 'America/New_York')?.sql).toBe('2021-05-01 04:00:00');
    expect(startOf('2021-05-01 09:30', 'America/New_York')?.sql).toBe('2021-05-01 13:30:00');
    expect(startOf('2021-05-01T09:30:00Z', 'America/New_York')?.sql).toBe('2021-05-01 09:30:00');
    // +05:30 is 5.5 h ahead of UTC: 09:30 there is 04:00 UTC; -0500 is 5 h behind.
    expect(startOf('2021-05-01T09:30:00+05:30', 'UTC')?.sql).toBe('2021-05-01 04:00:00');
    expect(startOf('2021-05-01T09:30:00-0500', 'UTC')?.sql).toBe('2021-05-01 14:30:00');
    // Microseconds are kept; digits past the sixth are dropped.
    expect(startOf('2021-05-01T09:30:00.1234567Z', 'UTC')?.sql).toBe('2021-05-01 09:30:00.123456');
    // A date ends at the start of the next day in the zone (exclusive); an instant is inclusive.
    expect(endOf('2021-05-14', 'America/New_York')).toMatchObject({
      sql: '2021-05-15 04:00:00',
      inclusive: false,
    });
    expect(endOf('2021-05-14T23:59:59Z', 'America/New_York')).toMatchObject({
      sql: '2021-05-14 23:59:59',
      inclusive: true,
    });
    // The day a zone leaves daylight time is 25 hours long: 2021-11-07 runs 04:00Z to 05:00Z next day.
    expect(endOf('2021-11-07', 'America/New_York')?.sql).toBe('2021-11-08 05:00:00');
  });

  it('starts a day at its first midnight where midnight happens twice (found by review)', () => {
    // Azores, 2026-10-25: at 01:00 summer time (UTC+0) the clocks go back to 00:00 (UTC-1), so
    // midnight happens at 00:00Z and again at 01:00Z. The day starts at the first: 00:00Z.
    expect(startOf('2026-10-25', 'Atlantic/Azores')?.sql).toBe('2026-10-25 00:00:00');
    // The day before ends there (exclusive), so an event at 00:30Z (00:30 summer time) is on the 25th.
    expect(endOf('2026-10-24', 'Atlantic/Azores')?.sql).toBe('2026-10-25 00:00:00');
    // A naive time shown twice keeps the loader's rule: the later reading (00:30 at UTC-1 = 01:30Z).
    expect(startOf('2026-10-25T00:30', 'Atlantic/Azores')?.sql).toBe('2026-10-25 01:30:00');
  });

  it('writes instants before 1970 and past 9999 as DuckDB reads them (found by review)', () => {
    // Half a second before 1970: whole seconds round down (it printed "00:00:00.-500000").
    expect(startOf('1969-12-31T23:59:59.5Z', 'UTC')?.sql).toBe('1969-12-31 23:59:59.500000');
    expect(startOf('1960-01-01', 'UTC')?.sql).toBe('1960-01-01 00:00:00');
    // The end of 9999-12-31 is in year 10000, which TIMESTAMP text cannot hold: its last instant.
    expect(endOf('9999-12-31', 'UTC')?.sql).toBe('9999-12-31 23:59:59.999999');
    expect(endOf('9999-12-31', 'America/New_York')?.sql).toBe('9999-12-31 23:59:59.999999');
  });

  it('rejects dates and times that do not exist', () => {
    for (const text of [
      '2021-02-29',
      '2021-05-01T24:00',
      '2021-05-01T10:60',
      '2021-05-01T10:00+24:00',
      '2021-5-1',
    ])
      expect(parseConfigInstant(text), text).toBeUndefined();
  });

  it('validates from after to by instants, not by text', () => {
    const conversion = (from: string, to: string) => yaml`
      timezone: America/New_York
      conversions:
        - id: c
          steps: [{event: a}, {event: b}]
          window: 30d
          cohort: {from: ${from}, to: ${to}}
    `;
    // Same day as a date and as a later instant of that day: a non-empty period.
    expect(check(conversion('2021-05-14', '2021-05-14T12:00:00Z'))).toEqual([]);
    // 2021-05-14T03:00Z is 2021-05-13 23:00 in New York, before the day 2021-05-14 starts there.
    expect(brief(check(conversion('2021-05-14', '2021-05-14T03:00:00Z')))).toEqual(['6:36 error bad-cohort']);
    expect(brief(check(conversion('2021-05-14T10:00:00Z', '2021-05-14T09:59:59Z')))).toEqual([
      '6:46 error bad-cohort',
    ]);
  });
});

describe('compute with period bounds that carry a time', () => {
  const config = yaml`
    timezone: America/New_York
    milestones:
      - id: did_a
        criteria: [{event: a}]
      - id: did_b
        criteria: [{event: b}]
      - id: fixed
        criteria: [{event: a}]
        evaluation: {start: 2021-05-14T23:59:59Z}
    journeys:
      - id: j
        stages: [did_a, did_b]
        period: {from: 2021-05-01T00:00:00Z, to: 2021-05-14T23:59:59Z}
    conversions:
      - id: exact
        steps: [{event: a}, {event: b}]
        window: 30d
        cohort: {from: 2021-05-01T00:00:00Z, to: 2021-05-14T23:59:59Z}
      - id: days
        steps: [{event: a}, {event: b}]
        window: 30d
        cohort: {from: 2021-05-01, to: 2021-05-14}
      - id: naive
        steps: [{event: a}, {event: b}]
        window: 30d
        cohort: {from: "2021-05-01 00:00", to: "2021-05-14 19:59:59"}
  `;
  // Four accounts do a, then b an hour later; a at:
  const a = {
    p1: '2021-04-30T23:30:00Z', // before 2021-05-01T00:00Z (and before May in New York)
    p2: '2021-05-01T00:00:00Z', // exactly `from` (2021-04-30 20:00 in New York)
    p3: '2021-05-14T23:59:59Z', // exactly `to` (2021-05-14 19:59:59 in New York)
    p4: '2021-05-15T00:00:00Z', // one second after `to` (2021-05-14 20:00 in New York)
  };
  const events = Object.entries(a).flatMap(([account, ts]) => [
    { ts, account_id: account, event: 'a' },
    { ts: new Date(Date.parse(ts) + 3_600_000).toISOString(), account_id: account, event: 'b' },
  ]);

  it('counts entries between the instants, the whole days, or the naive times', async () => {
    const run = await runRows(projectOf(config), { events });
    const entered = (id: string) =>
      run.steps.find((s) => s.conversion_id === id && s.step === 1 && s.breakdown === null)?.reached;
    // exact: [05-01T00:00Z, 05-14T23:59:59Z] holds p2 and p3.
    expect(entered('exact')).toBe(2n);
    // days: New York days 05-01 to 05-14 are [05-01T04:00Z, 05-15T04:00Z): p3 and p4.
    expect(entered('days')).toBe(2n);
    // naive: [05-01 00:00, 05-14 19:59:59] New York = [05-01T04:00Z, 05-14T23:59:59Z]: p3 only.
    expect(entered('naive')).toBe(1n);
    // Journey travelers entering did_a in the exact period: p2 and p3.
    expect(run.travelers.find((t) => t.journey_id === 'j' && t.milestone_id === 'did_a')?.entered).toBe(2n);
    // The fixed start with Z is that instant exactly, for every account.
    const starts = new Set(
      run.statuses.filter((s) => s.milestone_id === 'fixed').map((s) => s.evaluation_start),
    );
    expect(starts).toEqual(new Set([usOf('2021-05-14T23:59:59Z')]));
  });
});
