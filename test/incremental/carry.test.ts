/**
 * What an incremental run continues from (docs/FEED.md "Incremental compute",
 * src/compiler/statuses/state.ts), worked by hand: one account, events before
 * the first run's T (T0 = 01-01 23:00) and after it (second run, T1 = 01-03
 * 12:00), one milestone per kind of criterion. The second run rebuilds nobody
 * (`actors: 0`), so each completion after T0 comes from the stored carry plus
 * the new events; without the carry none of them would be reached (each needs
 * an event before T0 to count).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { computeAll, type RunMode } from '../../src/compute/run-compute.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { tempDir } from '../helpers/temp-dir.js';

const CONFIG = `version: 1
timezone: UTC
sources:
  events:
    path: events/*.csv
    columns: {ts: occurred_at, account_id: account, contact_id: user, event: event_name}
    properties: {amount: DOUBLE}
milestones:
  - id: thrice
    name: Thrice
    criteria: [{event: a, at_least: 3}]
  - id: spend
    name: Spend
    criteria: [{event: p, count: {sum: amount}, at_least: 9}]
  - id: team
    name: Team
    criteria: [{event: a, count: contacts, at_least: 3}]
  - id: days
    name: Days
    criteria: [{event: a, count: active_days, at_least: 3}]
  - id: busy
    name: Busy
    criteria: [{event: b, at_least: 2, within: {last: 1d}}]
`;

// Before T0 (01-01 23:00): a by c1 at 01-01 10:00 and by c2 at 01-01 20:00; p of 2 and 3;
// b at 01-01 20:00 and 22:00.
const FIRST = `occurred_at,account,user,event_name,amount
2026-01-01 10:00:00,a1,c1,a,
2026-01-01 20:00:00,a1,c2,a,
2026-01-01 11:00:00,a1,,p,2
2026-01-01 12:00:00,a1,,p,3
2026-01-01 20:00:00,a1,,b,
2026-01-01 22:00:00,a1,,b,
`;
// After T0: a by c2 at 01-01 23:30 (same day as before, a known contact), a by c3 at
// 01-02 08:00, a by c3 at 01-03 09:00; p of -1 at 01-02 09:00 and 5 at 01-03 10:00.
const SECOND = `occurred_at,account,user,event_name,amount
2026-01-01 23:30:00,a1,c2,a,
2026-01-02 08:00:00,a1,c3,a,
2026-01-03 09:00:00,a1,c3,a,
2026-01-02 09:00:00,a1,,p,-1
2026-01-03 10:00:00,a1,,p,5
`;

let dir: string;
beforeEach(() => {
  dir = tempDir('milestones-carry-');
  mkdirSync(join(dir, 'events'));
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  writeFileSync(join(dir, 'events', 'e0.csv'), FIRST);
});

it('continues every kind of criterion from the stored carry and flips', async () => {
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  try {
    const modes: RunMode[] = [];
    const run = async (asOf: string) => {
      await loadSources(w, project);
      await computeAll(w, project, { asOf, tables: await readTables(w), onMode: (m) => modes.push(m) });
    };
    await run('2026-01-01 23:00:00');
    // At T0: thrice has 2 of 3 events, spend 5 of 9, team 2 of 3 contacts, days 1 of 3.
    const carried = await w.allJson<{ table: string; n: bigint }>(
      `SELECT 'thrice' AS "table", count(*) AS n FROM "_ms_state"."carry__thrice__c1"
       UNION ALL SELECT 'spend', count(*) FROM "_ms_state"."carry__spend__c1"
       UNION ALL SELECT 'team', count(*) FROM "_ms_state"."carry__team__c1"
       UNION ALL SELECT 'days', count(*) FROM "_ms_state"."carry__days__c1" ORDER BY 1`,
    );
    // thrice: one row, its 2 events counted; spend: one total; team: c1, c2; days: one day (01-01).
    expect(carried.map((r) => [r.table, Number(r.n)])).toEqual([
      ['days', 1],
      ['spend', 1],
      ['team', 2],
      ['thrice', 1],
    ]);
    const spend = await w.allJson<{ value: number }>('SELECT "value" FROM "_ms_state"."carry__spend__c1"');
    expect(spend.map((r) => Number(r.value))).toEqual([5]);
    const thrice = await w.allJson<{ n: bigint }>('SELECT "n" FROM "_ms_state"."carry__thrice__c1"');
    expect(thrice.map((r) => Number(r.n))).toEqual([2]);

    writeFileSync(join(dir, 'events', 'e1.csv'), SECOND);
    await run('2026-01-03 12:00:00');
    expect(modes.map((m) => m.mode)).toEqual(['full', 'incremental']);
    expect(modes[1]).toEqual({
      mode: 'incremental',
      actors: 0n,
      conversions: 'none',
      cx: 'none',
      journeys: 'none',
    });
    const status = await w.allJson<{ milestone_id: string; status: string; completed_at: string | null }>(
      `SELECT milestone_id, status, CAST(completed_at AS VARCHAR) AS completed_at
       FROM milestone_status ORDER BY milestone_id`,
    );
    expect(status).toEqual([
      // busy: b at 20:00 and 22:00 are 2 in (t - 1d, t] from 01-01 22:00 (the first run);
      // no b after T0, so only reading (T0 - 1d, T0] again sees 20:00 leave at 01-02 20:00.
      { milestone_id: 'busy', status: 'not_achieving', completed_at: '2026-01-01 22:00:00' },
      // days: 01-01 (carried), 01-02 at 08:00, 01-03 at 09:00 -> third day at 01-03 09:00.
      { milestone_id: 'days', status: 'achieving', completed_at: '2026-01-03 09:00:00' },
      // spend: 5 carried, -1 -> 4, +5 -> 9 at 01-03 10:00.
      { milestone_id: 'spend', status: 'achieving', completed_at: '2026-01-03 10:00:00' },
      // team: c1, c2 carried; c2 again at 23:30 is not new; c3 at 01-02 08:00 is the third.
      { milestone_id: 'team', status: 'achieving', completed_at: '2026-01-02 08:00:00' },
      // thrice: 2 carried, the third a at 01-01 23:30.
      { milestone_id: 'thrice', status: 'achieving', completed_at: '2026-01-01 23:30:00' },
    ]);
    // busy's history: completed at 01-01 22:00 (stored), lost at 01-02 20:00 (20:00 + 1d leaves).
    const busy = await w.allJson<{ ts: string; type: string }>(
      `SELECT CAST(ts AS VARCHAR) AS ts, type FROM milestone_history WHERE milestone_id = 'busy' ORDER BY ts`,
    );
    expect(busy).toEqual([
      { ts: '2026-01-01 22:00:00', type: 'milestone_completed' },
      { ts: '2026-01-02 20:00:00', type: 'milestone_lost' },
    ]);
    // Once on, a switch-on criterion carries nothing: thrice, team and days hold.
    const left = await w.allJson<{ n: bigint }>(
      `SELECT (SELECT count(*) FROM "_ms_state"."carry__thrice__c1") + (SELECT count(*) FROM "_ms_state"."carry__team__c1")
         + (SELECT count(*) FROM "_ms_state"."carry__days__c1") AS n`,
    );
    expect(Number(left[0]!.n)).toBe(0);
  } finally {
    w.close();
  }
});
