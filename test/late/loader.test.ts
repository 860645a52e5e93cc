/**
 * The loader's `arrived_at` column: mapped (`columns.arrived_at`) or taken
 * from a file column of that name; naive values are read in the config's
 * zone and stored as UTC like `ts`; an empty value is NULL (known at `ts`);
 * an unreadable one rejects the row with its line.
 */
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { eventSource, memoryWarehouse, project, rows, tempDir, writeFiles } from '../warehouse/helpers.js';

const arrivals = `SELECT "account_id", strftime("ts", '%Y-%m-%d %H:%M') AS "ts",
  strftime("arrived_at", '%Y-%m-%d %H:%M') AS "arrived_at" FROM "events" ORDER BY "account_id"`;

describe('arrived_at', () => {
  it('maps a column, reads naive values in the config zone, and leaves empty ones NULL', async () => {
    const dir = writeFiles(tempDir(), {
      'events.csv':
        'occurred_at,account,event,ingested_at\n' +
        // New York in March 2026 before DST (03-08): UTC-5. Naive 09:05 -> 14:05Z.
        '2026-03-01 09:00:00,a1,signup,2026-03-01 09:05:00\n' +
        // An offset is exact: 2026-03-03T00:00:00Z stays 00:00Z.
        '2026-03-01 10:00:00,a2,signup,2026-03-03T00:00:00Z\n' +
        // No arrival: NULL (the event counts as known at its ts).
        '2026-03-01 11:00:00,a3,signup,\n',
    });
    const events = eventSource(['events.csv'], {
      columns: { ts: 'occurred_at', account_id: 'account', arrived_at: 'ingested_at' },
    });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { events }, 'America/New_York'));
    const column = (await warehouse.columns('events')).find((c) => c.name === 'arrived_at');
    expect(column?.type).toBe('TIMESTAMP');
    expect(await rows(warehouse, arrivals)).toEqual([
      { account_id: 'a1', ts: '2026-03-01 14:00', arrived_at: '2026-03-01 14:05' },
      { account_id: 'a2', ts: '2026-03-01 15:00', arrived_at: '2026-03-03 00:00' },
      { account_id: 'a3', ts: '2026-03-01 16:00', arrived_at: null },
    ]);
    // The mapped column is not also packed into the properties JSON.
    const props = await rows(warehouse, `SELECT DISTINCT CAST("properties" AS VARCHAR) AS "p" FROM "events"`);
    expect(props).toEqual([{ p: '{}' }]);
  });

  it('takes a file column named arrived_at without a mapping; without one every arrival is NULL', async () => {
    const dir = writeFiles(tempDir(), {
      'with.csv': 'ts,account_id,event,arrived_at\n2026-03-01 09:00:00,a1,signup,2026-03-02 08:00:00\n',
      'without.csv': 'ts,account_id,event\n2026-03-01 09:00:00,b1,signup\n',
    });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { events: eventSource(['with.csv', 'without.csv']) }));
    // UTC config: stored as written.
    expect(await rows(warehouse, arrivals)).toEqual([
      { account_id: 'a1', ts: '2026-03-01 09:00', arrived_at: '2026-03-02 08:00' },
      { account_id: 'b1', ts: '2026-03-01 09:00', arrived_at: null },
    ]);
  });

  it('rejects a row whose arrival is not a timestamp, with its line', async () => {
    const dir = writeFiles(tempDir(), {
      'events.csv':
        'ts,account_id,event,arrived_at\n' +
        '2026-03-01 09:00:00,a1,signup,2026-03-01 09:05:00\n' +
        '2026-03-01 10:00:00,a2,signup,soon\n',
    });
    const warehouse = await memoryWarehouse();
    const report = await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }));
    const rejects = report.tables[0]?.rejects ?? [];
    // Line 3 (the header is line 1): "soon" is not a timestamp; line 2 loads.
    expect(rejects.map((r) => r.line)).toEqual([3]);
    expect(rejects[0]?.reason).toMatch(/arrived_at.*soon/);
    expect((await rows(warehouse, arrivals)).map((r) => r.account_id)).toEqual(['a1']);
  });
});
