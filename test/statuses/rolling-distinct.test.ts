/**
 * A number of distinct values in a rolling window (sql/statuses/deltas-rolling-distinct.sql)
 * finds each value's spans with one lag/lead pass. Differential, against the
 * definition computed by brute force: at every instant a count can change
 * (each occurrence, and D after it), the distinct contacts of the actor's
 * events in (t - D, t]; the criterion holds when there are at least 2, and
 * its flips are the instants where that changes. Random data with many ties,
 * gaps of exactly D, and missing contacts. The spans are found per D-long
 * bucket of time since 1970: a window that divides the day (3h, buckets
 * aligned with the hours) and one that does not (5h), over hours that
 * straddle 1970-01-01 (negative epochs must round down, not toward zero),
 * and one of 1.5h; then a gap of D plus one microsecond, worked by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { milestoneTable } from '../../src/compiler/statuses/names.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { compute, ev, hours, milestone, project } from './harness.js';

const milestones = (windowHours: number) => [
  milestone('m', [
    ev('y', {
      id: 'people',
      aggregate: { fn: 'distinct_contacts' },
      atLeast: 2,
      within: { kind: 'last', duration: hours(windowHours) },
    }),
  ]),
];

const event = fc.record({
  hour: fc.integer({ min: 0, max: 20 }), // few distinct hours: ties and gaps of exactly 3h
  account: fc.constantFrom('a1', 'a2'),
  contact: fc.constantFrom("'c1'", "'c2'", "'c3'", 'NULL'),
  name: fc.constantFrom('x', 'y', 'y'),
});

const ts = (base: string, hour: number) => `TIMESTAMP '${base}' + INTERVAL ${hour} HOUR`;

/** The flips by the definition: candidates t, holds(t) = distinct contacts in (t - D, t] >= 2. */
const bruteForce = (WINDOW_HOURS: number) => `
WITH counted AS (
  SELECT e.account_id AS actor_id, e.ts, e.contact_id AS value
  FROM events AS e
  WHERE e.event = 'y' AND e.contact_id IS NOT NULL
),
candidates AS (
  SELECT DISTINCT actor_id, t FROM (
    SELECT actor_id, ts AS t FROM counted
    UNION ALL
    SELECT actor_id, ts + INTERVAL ${WINDOW_HOURS * 60} MINUTE FROM counted
  )
  WHERE t <= (SELECT max(ts) FROM events)
),
held AS (
  SELECT c.actor_id, c.t,
    (SELECT count(DISTINCT value) FROM counted AS e
     WHERE e.actor_id = c.actor_id AND e.ts > c.t - INTERVAL ${WINDOW_HOURS * 60} MINUTE AND e.ts <= c.t) >= 2 AS holds
  FROM candidates AS c
)
SELECT actor_id, t AS ts, holds FROM held
QUALIFY holds <> lag(holds, 1, FALSE) OVER (PARTITION BY actor_id ORDER BY t)`;

/** An in-memory warehouse whose events are these VALUES rows (ts, account, contact, name, properties), computed. */
async function computed(rows: string[], windowHours: number): Promise<Warehouse> {
  const w = await Warehouse.open(':memory:');
  try {
    await w.run(
      `CREATE TABLE events AS SELECT * FROM (VALUES ${rows.join(', ')}) AS t(ts, account_id, contact_id, event, properties)`,
    );
    await compute(w, project(milestones(windowHours)));
    return w;
  } catch (error) {
    w.close();
    throw error;
  }
}

const CASES = [
  { windowHours: 3, base: '2026-01-01 00:00:00' },
  { windowHours: 5, base: '1969-12-31 14:00:00' }, // hour 10 is the epoch
  { windowHours: 1.5, base: '2026-01-01 00:00:00' }, // spans end on half hours
];

describe('rolling distinct counts', () => {
  it.each(CASES)(
    'flip where the brute-force count over (t - D, t] crosses the threshold ($windowHours h from $base)',
    async ({ windowHours, base }) => {
      const BRUTE_FORCE = bruteForce(windowHours);
      await fc.assert(
        fc.asyncProperty(fc.array(event, { minLength: 40, maxLength: 150 }), async (events) => {
          const values = events.map(
            (e) => `(${ts(base, e.hour)}, '${e.account}', ${e.contact}, '${e.name}', '{}')`,
          );
          const w = await computed(values, windowHours);
          try {
            const flips = `"${milestoneTable.flips('m', 'c1')}"`;
            // Every account's first event is its evaluation start (first_seen), so every event counts.
            const differ = await w.all<{ n: bigint }>(
              `SELECT count(*) AS n FROM (
               (SELECT actor_id, ts, holds FROM (${BRUTE_FORCE}) EXCEPT ALL SELECT actor_id, ts, holds FROM ${flips})
               UNION ALL
               (SELECT actor_id, ts, holds FROM ${flips} EXCEPT ALL SELECT actor_id, ts, holds FROM (${BRUTE_FORCE})))`,
            );
            expect(Number(differ[0]!.n)).toBe(0);
          } finally {
            w.close();
          }
        }),
        { numRuns: process.env.FULL === '1' ? 200 : 12 },
      );
    },
  );

  it('reopens a span one microsecond after it closed (a gap of D + 1 µs), D = 3h', async () => {
    // c1 at 00:00:00 and 03:00:00.000001, c2 at 02:00:00; T = 07:00 (an event of another name).
    // 02:00: c1, c2 -> holds. 03:00:00: c1's 00:00 has left (t - D = 00:00 is outside) -> 1 -> stops.
    // 03:00:00.000001: c1 again -> 2 -> holds. 05:00: c2 leaves -> stops. (A bucket wider than D that held
    // both c1 occurrences would merge them: no stop at 03:00.)
    const w = await computed(
      [
        "(TIMESTAMP '2026-01-01 00:00:00', 'a1', 'c1', 'y', '{}')",
        "(TIMESTAMP '2026-01-01 02:00:00', 'a1', 'c2', 'y', '{}')",
        "(TIMESTAMP '2026-01-01 03:00:00.000001', 'a1', 'c1', 'y', '{}')",
        "(TIMESTAMP '2026-01-01 07:00:00', 'a1', NULL, 'x', '{}')",
      ],
      3,
    );
    try {
      const flips = await w.all<{ ts: string; holds: boolean }>(
        `SELECT CAST(ts AS VARCHAR) AS ts, holds FROM "${milestoneTable.flips('m', 'c1')}" ORDER BY ts`,
      );
      expect(flips).toEqual([
        { ts: '2026-01-01 02:00:00', holds: true },
        { ts: '2026-01-01 03:00:00', holds: false },
        { ts: '2026-01-01 03:00:00.000001', holds: true },
        { ts: '2026-01-01 05:00:00', holds: false },
      ]);
    } finally {
      w.close();
    }
  });
});
