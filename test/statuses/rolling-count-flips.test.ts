/**
 * Rolling counts (sql/statuses/rolling-count-flips.sql): a count inside
 * `within: {last: D}` holds at t when the k-th most recent event is later
 * than t - D, so its flips come from each event's predecessors in one sort.
 * Differential: on random data where many events share an instant and many
 * events leave the window at exactly another event's instant, each
 * criterion's flips equal those of the general running sum over +1/-1
 * changes (sql/statuses/criterion-flips.sql over the deltas view). Plus the
 * boundary cases worked by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { milestoneTable } from '../../src/compiler/statuses/names.js';
import { compute, ev, flipsDifferingFromRunningSum, hours, milestone } from './harness.js';
import {
  accountsOf,
  eventRow,
  GROUPS,
  overriddenAccounts,
  SEATS,
  seatGroupsWarehouse,
  withSeats,
} from './seat-groups.js';

const last = (h: number) => ({ kind: 'last' as const, duration: hours(h) });

const milestones = [
  milestone(
    'm',
    [
      ev('x', { id: 'one', atLeast: 1, within: last(2) }), // k = 1: its own instant
      ev('x', { id: 'three', atLeast: 3, within: last(3) }), // k = 3 (ceil(2.5) = 3 for the overridden a2s)
      ev('x', { id: 'seats', atLeast: 1.5, per: 'seats', within: last(4) }), // k = ceil(1.5 * seats); none for 0 or NULL seats
      ev('y', { id: 'half', atLeast: 0.5, within: last(1) }), // k = 1 from a fraction
      // per seat 1e-12 rounds to a threshold of 0: held from the first event on, never lost
      ev('x', { id: 'zero', atLeast: 1e-12, per: 'seats', within: last(2) }),
      ev('y', { id: 'huge', atLeast: 1e19, within: last(3) }), // k past BIGINT: never holds, no error
    ],
    {
      overrides: [{ accounts: overriddenAccounts(), thresholds: { three: 2.5 } }],
    },
  ),
];

const event = fc.record({
  hour: fc.integer({ min: 0, max: 30 }), // whole hours and windows of whole hours: exact boundaries
  group: fc.integer({ min: 0, max: GROUPS - 1 }),
  account: fc.integer({ min: 0, max: SEATS.length - 1 }),
  name: fc.constantFrom('x', 'y'),
});

describe('rolling count flips', () => {
  it('equal the running sum on random data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 100, maxLength: 400 }), async (events) => {
        const w = await seatGroupsWarehouse(
          events.map((e) => eventRow(e.hour, accountsOf(e.group)[e.account]!, e.name)),
        );
        try {
          await compute(w, withSeats(milestones));
          for (const column of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']) {
            const differ = await flipsDifferingFromRunningSum(w, 'm', column);
            expect({ column, differ }).toEqual({ column, differ: 0 });
          }
        } finally {
          w.close();
        }
      }),
      { numRuns: process.env.FULL === '1' ? 200 : 4 },
    );
  });

  it('flips at the boundaries worked by hand', async () => {
    // at_least 2 within 3h, one account (g0-a1):
    //   00:00 one event -> count 1.
    //   03:00 two events: the 00:00 one leaves exactly now (window (00:00, 03:00]),
    //         the two arrive -> count 2: on at 03:00 (just before: [00:00, 03:00) held 1).
    //   06:00 the two leave, nothing arrives -> off at 06:00.
    //   07:00, 08:00 -> on at 08:00; 10:00 the 07:00 one leaves as 10:00 arrives
    //         -> still 2 (08:00, 10:00): no flip; 11:00 the 08:00 one leaves -> off at 11:00.
    // A "y" event at 20:00 puts the as-of after 11:00.
    // Expected: (03:00, on), (06:00, off), (08:00, on), (11:00, off).
    const hoursOf = [0, 3, 3, 7, 8, 10];
    const w = await seatGroupsWarehouse([
      ...hoursOf.map((h) => eventRow(h, 'g0-a1', 'x')),
      eventRow(20, 'g0-a1', 'y'),
    ]);
    try {
      await compute(w, withSeats([milestone('m', [ev('x', { id: 'two', atLeast: 2, within: last(3) })])]));
      const rows = await w.all<{ ts: string; holds: boolean }>(
        `SELECT strftime("ts", '%H:%M') AS "ts", "holds" FROM "${milestoneTable.flips('m', 'c1')}" ORDER BY "ts"`,
      );
      expect(rows).toEqual([
        { ts: '03:00', holds: true },
        { ts: '06:00', holds: false },
        { ts: '08:00', holds: true },
        { ts: '11:00', holds: false },
      ]);
    } finally {
      w.close();
    }
  });
});
