/**
 * Windows: `within: {first: D}` counts events in [start, start + D);
 * `within: {last: D}` at t counts events in (t - D, t], so an event leaves at
 * exactly ts + D, an instant of the history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../src/warehouse/session.js';
import { brief, compute, day, ev, history, milestone, project, statuses, warehouseWith } from './harness.js';

describe('first window', () => {
  let w: Warehouse;
  // Every account starts (first_seen) 01-01 00:00; the window is [01-01 00:00, 01-11 00:00).
  //   a1: reports 01-05, 01-10 23:59:59, 01-11 00:00 (exactly start + 10d: outside)
  //   a2: reports 01-02, 01-03, 01-10 23:59:59
  //   a3: its first event is a report at 01-01 00:00 (exactly the start: inside), then 01:00, 02:00
  beforeAll(async () => {
    w = await warehouseWith([
      ['2026-01-01 00:00:00', 'a1', null, 'signup'],
      ['2026-01-05 00:00:00', 'a1', null, 'report'],
      ['2026-01-10 23:59:59', 'a1', null, 'report'],
      ['2026-01-11 00:00:00', 'a1', null, 'report'],
      ['2026-01-01 00:00:00', 'a2', null, 'signup'],
      ['2026-01-02 00:00:00', 'a2', null, 'report'],
      ['2026-01-03 00:00:00', 'a2', null, 'report'],
      ['2026-01-10 23:59:59', 'a2', null, 'report'],
      ['2026-01-01 00:00:00', 'a3', null, 'report'],
      ['2026-01-01 01:00:00', 'a3', null, 'report'],
      ['2026-01-01 02:00:00', 'a3', null, 'report'],
    ]);
    const first10 = { kind: 'first', duration: day(10) } as const;
    await compute(w, project([milestone('m', [ev('report', { atLeast: 3, within: first10 })])]), {
      asOf: '2026-02-01 00:00:00',
    });
  });
  afterAll(() => w.close());

  it('excludes an event exactly at start + D and includes one exactly at the start', async () => {
    const s = await statuses(w, 'm');
    // a1: only 2 reports in [01-01, 01-11); the one at 01-11 00:00 is outside.
    expect(brief(s.a1)).toBe('never_achieved 0');
    // a2: the third report at 01-10 23:59:59 is inside.
    expect(brief(s.a2)).toBe('achieving 100 @2026-01-10 23:59:59');
    // a3: the report at the start instant counts; the third at 02:00.
    expect(brief(s.a3)).toBe('achieving 100 @2026-01-01 02:00:00');
  });

  it('does not lose the milestone when the first window closes', async () => {
    // Window closed 01-11; as of 02-01 a2 is still achieving, with one history row.
    expect(await history(w, 'm', 'a2')).toEqual(['2026-01-10 23:59:59 milestone_completed 0->100']);
  });
});

describe('rolling window', () => {
  let w: Warehouse;
  // a1 logins e1 01-01 10:00, e2 01-02 09:59:59, e3 01-03 09:59:59, e4 01-03 10:00; at_least 2 in the last 1d.
  // Each login is in the window [e, e + 1d):
  //   01-02 09:59:59  e1, e2        -> 2: completed
  //   01-02 10:00     e1 leaves     -> 1: lost
  //   01-03 09:59:59  e2 leaves and e3 arrives at the same instant -> still 1: no change
  //   01-03 10:00     e4            -> 2: regained
  //   01-04 09:59:59  e3 leaves     -> 1: lost
  //   01-04 10:00     e4 leaves     -> 0: no change of holds or progress
  beforeAll(async () => {
    w = await warehouseWith([
      ['2026-01-01 10:00:00', 'a1', null, 'login'],
      ['2026-01-02 09:59:59', 'a1', null, 'login'],
      ['2026-01-03 09:59:59', 'a1', null, 'login'],
      ['2026-01-03 10:00:00', 'a1', null, 'login'],
    ]);
  });
  afterAll(() => w.close());

  const rolling = project([
    milestone('m', [ev('login', { atLeast: 2, within: { kind: 'last', duration: day(1) } })]),
  ]);

  it('loses and regains at the exact instants (default T = the latest event)', async () => {
    await compute(w, rolling);
    // T = 01-03 10:00: later window exits are not history yet.
    expect(await history(w, 'm', 'a1')).toEqual([
      '2026-01-02 09:59:59 milestone_completed 0->100',
      '2026-01-02 10:00:00 milestone_lost 100->0',
      '2026-01-03 10:00:00 milestone_regained 0->100',
    ]);
    expect(brief((await statuses(w, 'm')).a1)).toBe('achieving 100 @2026-01-02 09:59:59');
  });

  it('an event leaving the window after the last event is history too', async () => {
    await compute(w, rolling, { asOf: '2026-01-05 00:00:00' });
    expect((await history(w, 'm', 'a1')).at(-1)).toBe('2026-01-04 09:59:59 milestone_lost 100->0');
    expect(brief((await statuses(w, 'm')).a1)).toBe('not_achieving 0 @2026-01-02 09:59:59');
  });

  it('as of the exact instant an event leaves, it has left', async () => {
    await compute(w, rolling, { asOf: '2026-01-02 10:00:00' });
    expect(brief((await statuses(w, 'm')).a1)).toBe('not_achieving 0 @2026-01-02 09:59:59');
    // One microsecond earlier it still holds.
    await compute(w, rolling, { asOf: '2026-01-02 09:59:59.999999' });
    expect(brief((await statuses(w, 'm')).a1)).toBe('achieving 100 @2026-01-02 09:59:59');
  });
});

describe('rolling distinct values', () => {
  it('merges the spans of one value before counting it', async () => {
    // Distinct contacts in the last 2d, at least 2.
    //   c1 at 01-01 00:00 and 01-02 00:00: present [01-01 00:00, 01-04 00:00) (one merged span)
    //   c2 at 01-03 12:00: present [01-03 12:00, 01-05 12:00)
    // Two contacts only from 01-03 12:00 to 01-04 00:00. (Counting c1's two visits twice would
    // wrongly complete it at 01-02 00:00.)
    const w = await warehouseWith([
      ['2026-01-01 00:00:00', 'a1', 'c1', 'report'],
      ['2026-01-02 00:00:00', 'a1', 'c1', 'report'],
      ['2026-01-03 12:00:00', 'a1', 'c2', 'report'],
    ]);
    const contacts = { fn: 'distinct_contacts' } as const;
    await compute(
      w,
      project([
        milestone('m', [
          ev('report', { aggregate: contacts, atLeast: 2, within: { kind: 'last', duration: day(2) } }),
        ]),
      ]),
      { asOf: '2026-01-10 00:00:00' },
    );
    expect(await history(w, 'm', 'a1')).toEqual([
      '2026-01-03 12:00:00 milestone_completed 0->100',
      '2026-01-04 00:00:00 milestone_lost 100->0',
    ]);
    w.close();
  });

  it('a rolling sum takes an amount away when its event leaves', async () => {
    // Sum of amount in the last 1d, at least 10: 6 at 01-01 00:00, 5 at 01-01 12:00 -> 11 (holds);
    // 01-02 00:00 the 6 leaves -> 5 (lost).
    const w = await warehouseWith([
      ['2026-01-01 00:00:00', 'a1', null, 'paid', { amount: 6 }],
      ['2026-01-01 12:00:00', 'a1', null, 'paid', { amount: 5 }],
    ]);
    const amount = { fn: 'sum', property: 'amount' } as const;
    await compute(
      w,
      project([
        milestone('m', [
          ev('paid', { aggregate: amount, atLeast: 10, within: { kind: 'last', duration: day(1) } }),
        ]),
      ]),
      { asOf: '2026-01-03 00:00:00' },
    );
    expect(await history(w, 'm', 'a1')).toEqual([
      '2026-01-01 12:00:00 milestone_completed 0->100',
      '2026-01-02 00:00:00 milestone_lost 100->0',
    ]);
    w.close();
  });
});
