/**
 * The switch-on shortcut (sql/statuses/switch-on-flips*.sql): a count of
 * events or of distinct values without a rolling window flips once, at its
 * k-th change, found with a top-k aggregate (constant thresholds up to 100)
 * or by numbering the changes (per-seat or large thresholds). Differential:
 * on random data with many ties, per-seat, zero/missing seats and overridden
 * thresholds, each criterion's flips equal those of the general running sum
 * (sql/statuses/criterion-flips.sql) over the same changes. Each run holds
 * GROUPS independent groups of five accounts (one warehouse, one compute).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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

const milestones = [
  milestone(
    'm',
    [
      ev('x', { id: 'three', atLeast: 3 }), // top-k, k = 3 (ceil(4.5) = 5 for the overridden a2s)
      ev('x', { id: 'seats', atLeast: 1.5, per: 'seats' }), // numbered: k = ceil(1.5 * seats)
      ev('y', { id: 'people', aggregate: { fn: 'distinct_contacts' }, atLeast: 2 }),
      ev('y', { id: 'early', atLeast: 2, within: { kind: 'first', duration: hours(10) } }),
      ev('x', { id: 'big', atLeast: 150 }), // above the top-k limit: numbered
      ev('x', { id: 'huge', atLeast: 1e19, per: 'seats' }), // k past BIGINT: never holds, no error
      ev('y', { id: 'days', aggregate: { fn: 'active_days' }, atLeast: 1e19 }), // the same for active days
    ],
    {
      overrides: [{ accounts: overriddenAccounts(), thresholds: { three: 4.5 } }],
    },
  ),
];

const event = fc.record({
  hour: fc.integer({ min: 0, max: 30 }), // few distinct hours: many ties
  group: fc.integer({ min: 0, max: GROUPS - 1 }),
  account: fc.integer({ min: 0, max: SEATS.length - 1 }),
  contact: fc.constantFrom("'c1'", "'c2'", "'c3'", 'NULL'),
  name: fc.constantFrom('x', 'y'),
});

describe('switch-on flips', () => {
  it('equal the running sum on random data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 100, maxLength: 400 }), async (events) => {
        const w = await seatGroupsWarehouse(
          events.map((e) => eventRow(e.hour, accountsOf(e.group)[e.account]!, e.name, e.contact)),
        );
        try {
          await compute(w, withSeats(milestones));
          for (const column of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']) {
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
});
