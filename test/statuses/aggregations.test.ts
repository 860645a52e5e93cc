/**
 * What a threshold counts: distinct contacts, distinct values of a property,
 * sums (exact), and distinct active days in the config's time zone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../src/warehouse/session.js';
import { brief, compute, day, ev, history, milestone, project, statuses, warehouseWith } from './harness.js';

describe('distinct contacts, distinct values, sums', () => {
  let w: Warehouse;
  // Account a1 (first_seen 01-01 10:00), `report` events:
  //   01-01 10:00 c1   plan a  amount  0.7
  //   01-01 11:00 c1   plan b  amount  0.1
  //   01-02 10:00 c2   plan a  amount  0.3
  //   01-03 10:00 c3   plan c  amount -0.5
  //   01-04 10:00 --   --      amount  1      (no contact, no plan)
  beforeAll(async () => {
    w = await warehouseWith([
      ['2026-01-01 10:00:00', 'a1', 'c1', 'report', { plan: 'a', amount: 0.7 }],
      ['2026-01-01 11:00:00', 'a1', 'c1', 'report', { plan: 'b', amount: 0.1 }],
      ['2026-01-02 10:00:00', 'a1', 'c2', 'report', { plan: 'a', amount: 0.3 }],
      ['2026-01-03 10:00:00', 'a1', 'c3', 'report', { plan: 'c', amount: -0.5 }],
      ['2026-01-04 10:00:00', 'a1', null, 'report', { amount: 1 }],
    ]);
    const contacts = { fn: 'distinct_contacts' } as const;
    const plans = { fn: 'distinct_values', property: 'plan' } as const;
    const amount = { fn: 'sum', property: 'amount' } as const;
    await compute(
      w,
      project([
        milestone('contacts2', [ev('report', { aggregate: contacts, atLeast: 2 })]),
        milestone('contacts3', [ev('report', { aggregate: contacts, atLeast: 3 })]),
        milestone('contacts4', [ev('report', { aggregate: contacts, atLeast: 4 })]),
        milestone('plans3', [ev('report', { aggregate: plans, atLeast: 3 })]),
        milestone('plans4', [ev('report', { aggregate: plans, atLeast: 4 })]),
        milestone('sum08', [ev('report', { aggregate: amount, atLeast: 0.8 })]),
        milestone('sum11', [ev('report', { aggregate: amount, atLeast: 1.1 })]),
      ]),
    );
  });
  afterAll(() => w.close());

  it('counts distinct contacts, ignoring events without one', async () => {
    const s = await statuses(w);
    // c1 (01-01 10:00), c2 (01-02 10:00): the second distinct contact.
    expect(brief(s['contacts2/a1'])).toBe('achieving 100 @2026-01-02 10:00:00');
    // c3 at 01-03 10:00 is the third.
    expect(brief(s['contacts3/a1'])).toBe('achieving 100 @2026-01-03 10:00:00');
    // The 01-04 event has no contact: still 3.
    expect(brief(s['contacts4/a1'])).toBe('never_achieved 0');
  });

  it('counts distinct values of a property', async () => {
    const s = await statuses(w);
    // a (01-01 10:00), b (01-01 11:00), a again, c (01-03 10:00): third value at 01-03 10:00.
    expect(brief(s['plans3/a1'])).toBe('achieving 100 @2026-01-03 10:00:00');
    // The last event has no plan: 3 values only.
    expect(brief(s['plans4/a1'])).toBe('never_achieved 0');
  });

  it('sums exactly (0.7 + 0.1 reaches 0.8)', async () => {
    const s = await statuses(w);
    // In binary floating point 0.7 + 0.1 = 0.7999999999999999 < 0.8; exact decimals reach 0.8 at 01-01 11:00.
    expect(brief(s['sum08/a1'])).toBe('achieving 100 @2026-01-01 11:00:00');
  });

  it('a sum with negative amounts can be lost and regained', async () => {
    // Running sum: 0.7, 0.8, 1.1 (01-02 10:00, holds), 0.6 (01-03 10:00, lost), 1.6 (01-04 10:00, regained).
    expect(await history(w, 'sum11', 'a1')).toEqual([
      '2026-01-02 10:00:00 milestone_completed 0->100',
      '2026-01-03 10:00:00 milestone_lost 100->0',
      '2026-01-04 10:00:00 milestone_regained 0->100',
    ]);
    expect(brief((await statuses(w))['sum11/a1'])).toBe('achieving 100 @2026-01-02 10:00:00');
  });
});

describe('active days', () => {
  // `visit` events of a1, in UTC, with New York local time (EST, UTC-5) beside them:
  //   01-01 10:00Z  = 01-01 05:00 local
  //   01-02 03:00Z  = 01-01 22:00 local   (same local day as the first; another UTC day)
  //   01-02 06:00Z  = 01-02 01:00 local
  //   01-03 04:59Z  = 01-02 23:59 local
  //   01-03 05:00Z  = 01-03 00:00 local
  // Local days: 01-01, 01-01, 01-02, 01-02, 01-03. UTC days: 01-01, 01-02, 01-02, 01-03, 01-03.
  const events: [string, string, null, string][] = [
    ['2026-01-01 10:00:00', 'a1', null, 'visit'],
    ['2026-01-02 03:00:00', 'a1', null, 'visit'],
    ['2026-01-02 06:00:00', 'a1', null, 'visit'],
    ['2026-01-03 04:59:00', 'a1', null, 'visit'],
    ['2026-01-03 05:00:00', 'a1', null, 'visit'],
  ];
  const days = { fn: 'active_days' } as const;

  it('holds from the first event of the k-th active day, in whatever order the rows come', async () => {
    // UTC. a2's visits, as written: 01-03 15:00, 01-01 09:00, 01-03 08:00, 01-02 12:00, 01-01 07:00:
    // days 01-01, 01-02, 01-03; the third day's first visit is 01-03 08:00 (not 15:00).
    // a3 visits on two days only: never three.
    const w = await warehouseWith([
      ['2026-01-03 15:00:00', 'a2', null, 'visit'],
      ['2026-01-01 09:00:00', 'a2', null, 'visit'],
      ['2026-01-03 08:00:00', 'a2', null, 'visit'],
      ['2026-01-02 12:00:00', 'a2', null, 'visit'],
      ['2026-01-01 07:00:00', 'a2', null, 'visit'],
      ['2026-01-01 10:00:00', 'a3', null, 'visit'],
      ['2026-01-04 10:00:00', 'a3', null, 'visit'],
    ]);
    await compute(w, project([milestone('days3', [ev('visit', { aggregate: days, atLeast: 3 })])]), {
      asOf: '2026-01-05 00:00:00',
    });
    const s = await statuses(w);
    expect(brief(s['days3/a2'])).toBe('achieving 100 @2026-01-03 08:00:00');
    expect(s['days3/a3']?.status).toBe('never_achieved');
  });

  it('counts local calendar days of the config time zone', async () => {
    const w = await warehouseWith(events);
    await compute(
      w,
      project(
        [
          milestone('days2', [ev('visit', { aggregate: days, atLeast: 2 })]),
          milestone('days3', [ev('visit', { aggregate: days, atLeast: 3 })]),
          // Rolling: at t, local days with a visit in (t - 1d, t]. Day 01-01 is present
          // [01-01 10:00Z, 01-03 03:00Z) (its visits 10:00Z and 03:00Z + 1d, merged);
          // day 01-02 from 01-02 06:00Z; so two days from 01-02 06:00Z.
          milestone('rolling2', [
            ev('visit', { aggregate: days, atLeast: 2, within: { kind: 'last', duration: day(1) } }),
          ]),
        ],
        { timezone: 'America/New_York' },
      ),
      { asOf: '2026-01-05 00:00:00' },
    );
    const s = await statuses(w);
    // Second local day (01-02) starts with the 01-02 06:00Z visit (in UTC it would be 01-02 03:00Z).
    expect(brief(s['days2/a1'])).toBe('achieving 100 @2026-01-02 06:00:00');
    // Third local day (01-03) starts at 01-03 05:00Z.
    expect(brief(s['days3/a1'])).toBe('achieving 100 @2026-01-03 05:00:00');
    // Spans per local day: 01-01 [01-01 10:00Z, 01-03 03:00Z); 01-02 [01-02 06:00Z, 01-04 04:59Z)
    // (visits 01-02 06:00Z and 01-03 04:59Z, merged); 01-03 [01-03 05:00Z, 01-04 05:00Z).
    // Days present: 2 from 01-02 06:00Z, 1 from 01-03 03:00Z (lost), 2 from 01-03 05:00Z
    // (regained), 1 from 01-04 04:59Z (lost), 0 from 01-04 05:00Z. T = 01-05.
    expect(await history(w, 'rolling2', 'a1')).toEqual([
      '2026-01-02 06:00:00 milestone_completed 0->100',
      '2026-01-03 03:00:00 milestone_lost 100->0',
      '2026-01-03 05:00:00 milestone_regained 0->100',
      '2026-01-04 04:59:00 milestone_lost 100->0',
    ]);
    w.close();
  });

  it('counts UTC days when the config zone is UTC', async () => {
    const w = await warehouseWith(events);
    await compute(w, project([milestone('days2', [ev('visit', { aggregate: days, atLeast: 2 })])]));
    // Second UTC day: 01-02, first visit 01-02 03:00Z.
    expect(brief((await statuses(w))['days2/a1'])).toBe('achieving 100 @2026-01-02 03:00:00');
    w.close();
  });
});
