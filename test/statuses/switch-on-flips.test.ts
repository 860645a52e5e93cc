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
import { Warehouse } from '../../src/warehouse/session.js';
import { compute, ev, flipsDifferingFromRunningSum, hours, milestone, project } from './harness.js';

const GROUPS = 6;
const SEATS = [3, 1, 0, null, 2];
const accountsOf = (g: number) => SEATS.map((_, i) => `g${g}-a${i + 1}`);
const ACCOUNTS = Array.from({ length: GROUPS }, (_, g) =>
  accountsOf(g).map((a, i) => `('${a}', ${SEATS[i] ?? 'NULL'})`),
).flat();

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
      overrides: [
        { accounts: Array.from({ length: GROUPS }, (_, g) => `g${g}-a2`), thresholds: { three: 4.5 } },
      ],
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

/** Hour 0..30 after 2026-01-01 00:00, as naive timestamp text. */
const ts = (hour: number) =>
  `2026-01-0${1 + Math.floor(hour / 24)} ${String(hour % 24).padStart(2, '0')}:00:00`;

describe('switch-on flips', () => {
  it('equal the running sum on random data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 100, maxLength: 400 }), async (events) => {
        const w = await Warehouse.open(':memory:');
        try {
          await w.run(
            `CREATE TABLE accounts AS SELECT * FROM (VALUES ${ACCOUNTS.join(', ')}) AS t(account_id, seats)`,
          );
          const values = events.map(
            (e) =>
              `(TIMESTAMP '${ts(e.hour)}', '${accountsOf(e.group)[e.account]}', ${e.contact}, '${e.name}', '{}')`,
          );
          await w.run(
            `CREATE TABLE events AS SELECT * FROM (VALUES ${values.join(', ')})
               AS t(ts, account_id, contact_id, event, properties)`,
          );
          const p = project(milestones, {
            sources: {
              accounts: { paths: [], format: 'csv', columns: {}, properties: { seats: 'INTEGER' } },
            },
          });
          await compute(w, p);
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
