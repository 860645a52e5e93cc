/**
 * Active days in each account's own time zone (`timezone_property`): the same
 * UTC instants make different local days in New York and in Tokyo. Accounts
 * without a zone, or with one DuckDB does not know, use the config's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../src/warehouse/session.js';
import { brief, compute, ev, milestone, project, statuses, warehouseWith } from './harness.js';

// Every account: `login` at 2026-01-01 20:00 UTC and 2026-01-02 03:00 UTC.
//   UTC / no zone / bad zone ('Mars/Olympus'): days 01-01 and 01-02 -> 2 active days.
//   Asia/Tokyo (UTC+9): 01-02 05:00 and 01-02 12:00 -> 1 active day.
//   America/New_York (UTC-5): 01-01 15:00 and 01-01 22:00 -> 1 active day.
const ACCOUNTS = ['utc', 'tokyo', 'ny', 'none', 'bad'];
const ZONES = `CREATE TABLE accounts AS SELECT * FROM (VALUES
  ('utc', 'UTC', '{}'::JSON), ('tokyo', 'Asia/Tokyo', '{}'::JSON), ('ny', 'America/New_York', '{}'::JSON),
  ('none', NULL, '{}'::JSON), ('bad', 'Mars/Olympus', '{}'::JSON)) AS t(account_id, tz, properties)`;

let w: Warehouse;
beforeAll(async () => {
  w = await warehouseWith(
    ACCOUNTS.flatMap((a): [string, string, null, string][] => [
      ['2026-01-01 20:00:00', a, null, 'login'],
      ['2026-01-02 03:00:00', a, null, 'login'],
    ]),
    { accounts: ZONES },
  );
  const twoDays = milestone('two_days', [ev('login', { aggregate: { fn: 'active_days' }, atLeast: 2 })]);
  await compute(w, project([twoDays], { timezone: 'UTC', timezoneProperty: 'tz' }));
});
afterAll(() => w.close());

describe('timezone_property', () => {
  it("counts each account's active days in its own zone", async () => {
    const s = await statuses(w, 'two_days');
    const status = (a: string) => brief(s[a]).split(' ')[0];
    // Two local days in UTC (and for the accounts that fall back to it), one in Tokyo and in New York.
    expect(ACCOUNTS.map((a) => `${a}=${status(a)}`)).toEqual([
      'utc=achieving',
      'tokyo=never_achieved',
      'ny=never_achieved',
      'none=achieving',
      'bad=achieving',
    ]);
    // Completed at the second local day's event: 01-02 03:00 UTC.
    expect(s.utc?.completed_at).toBe('2026-01-02 03:00:00');
  });
});

describe('timezone_property, a contact', () => {
  // Contact u1, no contacts table: login at 2026-01-01 20:00 UTC naming account ny, and at
  // 2026-01-02 03:00 UTC naming no account. u1's account is ny (the one its events name), so both
  // are in New York: 01-01 15:00 and 01-01 22:00, one active day -> never_achieved. The second had
  // been read in the config's zone (UTC: 01-02), two days -> achieving (found by review).
  it("counts a contact's account-less events in its account's zone", async () => {
    const contactWarehouse = await warehouseWith(
      [
        ['2026-01-01 20:00:00', 'ny', 'u1', 'login'],
        ['2026-01-02 03:00:00', null, 'u1', 'login'],
      ],
      { accounts: ZONES },
    );
    try {
      const days = milestone(
        'contact_days',
        [ev('login', { aggregate: { fn: 'active_days' }, atLeast: 2 })],
        {
          level: 'contact',
        },
      );
      await compute(contactWarehouse, project([days], { timezone: 'UTC', timezoneProperty: 'tz' }));
      const s = await statuses(contactWarehouse, 'contact_days');
      expect(brief(s.u1).split(' ')[0]).toBe('never_achieved');
    } finally {
      contactWarehouse.close();
    }
  });
});
