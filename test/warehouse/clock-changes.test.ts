/**
 * Naive timestamps in a clock change (issue 8, item 3): read as DuckDB's ICU
 * reads them (docs/LANGUAGE.md: a skipped time moves forward by the gap, a
 * repeated one is the later of the two) and reported as warnings with lines.
 */
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { eventSource, memoryWarehouse, project, rows, tempDir, writeFiles } from './helpers.js';

const NEW_YORK = 'America/New_York';

// New York 2026: EDT (UTC-4) from Sun 2026-03-08 02:00 EST (07:00 UTC), the
// clocks jumping to 03:00; EST (UTC-5) again from Sun 2026-11-01 02:00 EDT
// (06:00 UTC), the clocks going back to 01:00.
const EVENTS =
  'ts,account_id,event\n' +
  '2026-03-08 02:30:00,a,skipped\n' + // line 2: no such time; 02:30 at EST = 07:30 UTC (= 03:30 EDT)
  '2026-03-08 03:30:00,a,after_gap\n' + // line 3: 03:30 EDT = 07:30 UTC, fine
  '2026-11-01 01:30:00,a,repeated\n' + // line 4: 05:30 UTC (EDT) or 06:30 UTC (EST); the later: 06:30
  '2026-11-01 01:30:00-04:00,a,offset\n' + // line 5: an offset says which: 05:30 UTC, fine
  '2026-11-01 00:59:59,a,before\n' + // line 6: EDT, 04:59:59 UTC, fine
  '2026-11-01 02:00:00,a,after\n' + // line 7: only EST: 07:00 UTC, fine
  '2026-07-01 02:30:00,a,summer\n'; // line 8: EDT: 06:30 UTC, fine

describe('naive timestamps in a clock change', () => {
  it('reads a skipped time forward by the gap, a repeated one as the later, and warns with their lines', async () => {
    const dir = writeFiles(tempDir(), { 'events.csv': EVENTS });
    const warehouse = await memoryWarehouse();
    const report = await loadSources(
      warehouse,
      project(dir, { events: eventSource(['events.csv']) }, NEW_YORK),
    );
    expect(await rows(warehouse, 'SELECT "event", "ts" FROM "events" ORDER BY "ts", "event"')).toEqual([
      { event: 'after_gap', ts: '2026-03-08 07:30:00' },
      { event: 'skipped', ts: '2026-03-08 07:30:00' },
      { event: 'summer', ts: '2026-07-01 06:30:00' },
      { event: 'before', ts: '2026-11-01 04:59:59' },
      { event: 'offset', ts: '2026-11-01 05:30:00' },
      { event: 'repeated', ts: '2026-11-01 06:30:00' },
      { event: 'after', ts: '2026-11-01 07:00:00' },
    ]);
    const warnings = report.warnings.filter((w) => w.code === 'clock-change');
    // Two rows: line 2 (skipped) and line 4 (repeated); all rows stay loaded (7 of 7).
    expect(warnings[0]?.message).toMatch(/2 naive timestamps fall in a clock change of America\/New_York$/);
    expect(warnings.slice(1).map((w) => [w.location?.line, w.message])).toEqual([
      [
        2,
        expect.stringMatching(
          /2026-03-08 02:30:00 does not exist in America\/New_York .*read as 2026-03-08 03:30:00$/,
        ),
      ],
      [
        4,
        expect.stringMatching(
          /2026-11-01 01:30:00 happens twice .*read as the later one, 2026-11-01 06:30:00 UTC$/,
        ),
      ],
    ]);
    expect(report.tables[0]?.rowsAdded).toBe(7n);
  });

  it('checks Parquet timestamps (no offset) and a timestamp_format too, and nothing in UTC', async () => {
    const dir = writeFiles(tempDir(), {
      'fmt.csv': 'ts,account_id,event\n08/03/2026 02:15,a,x\n08/03/2026 04:15,a,y\n', // line 2 skipped
    });
    const warehouse = await memoryWarehouse();
    const fmt = eventSource(['fmt.csv'], { timestampFormat: '%d/%m/%Y %H:%M' });
    const report = await loadSources(warehouse, project(dir, { events: fmt }, NEW_YORK));
    expect(report.warnings.filter((w) => w.code === 'clock-change').map((w) => w.location?.line)).toEqual([
      undefined,
      2,
    ]);
    // 02:15 at EST = 07:15 UTC.
    expect(await rows(warehouse, `SELECT "ts" FROM "events" WHERE "event" = 'x'`)).toEqual([
      { ts: '2026-03-08 07:15:00' },
    ]);

    await warehouse.run(
      `COPY (SELECT TIMESTAMP '2026-11-01 01:10:00' AS "ts", 'a' AS "account_id", 'p' AS "event") TO '${dir}/e.parquet' (FORMAT parquet)`,
    );
    const parquet = await loadSources(
      await memoryWarehouse(),
      project(dir, { events: eventSource(['e.parquet']) }, NEW_YORK),
    );
    const found = parquet.warnings.filter((w) => w.code === 'clock-change');
    // One repeated time, Parquet row 1.
    expect(found.map((w) => w.message)).toEqual([
      expect.stringMatching(/1 naive timestamp falls in a clock change/),
      expect.stringMatching(/e\.parquet row 1: column "ts": 2026-11-01 01:10:00 happens twice/),
    ]);

    // A Parquet row that is quarantined (no event) is not listed, though its time is in the
    // change: rows 1 and 2 are skipped times (02:30 and 02:40 on 2026-03-08), row 1 has no
    // event; row 3 is a summer time. One row loaded in a clock change: row 2.
    await warehouse.run(
      `COPY (SELECT * FROM (VALUES (1, TIMESTAMP '2026-03-08 02:30:00', 'a', NULL), ` +
        `(2, TIMESTAMP '2026-03-08 02:40:00', 'a', 'x'), (3, TIMESTAMP '2026-07-01 02:00:00', 'a', 'y')) ` +
        `AS t("n", "ts", "account_id", "event") ORDER BY "n") TO '${dir}/r.parquet' (FORMAT parquet)`,
    );
    const withReject = await loadSources(
      await memoryWarehouse(),
      project(dir, { events: eventSource(['r.parquet']) }, NEW_YORK),
    );
    expect(withReject.warnings.filter((w) => w.code === 'clock-change').map((w) => w.message)).toEqual([
      expect.stringMatching(/1 naive timestamp falls in a clock change/),
      expect.stringMatching(/r\.parquet row 2: column "ts": 2026-03-08 02:40:00 does not exist/),
    ]);
    expect(withReject.tables[0]?.rowsAdded).toBe(2n);

    const utc = await loadSources(
      await memoryWarehouse(),
      project(dir, { events: eventSource(['fmt.csv'], { timestampFormat: '%d/%m/%Y %H:%M' }) }),
    );
    expect(utc.warnings).toEqual([]);
  });
});
