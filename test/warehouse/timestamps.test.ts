import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { eventSource, memoryWarehouse, project, rows, source, tempDir, writeFiles } from './helpers.js';

const NEW_YORK = 'America/New_York';
const DATA = join(import.meta.dirname, '..', 'data', 'parquet');

describe('timestamps are stored as naive UTC', () => {
  it('reads naive timestamps in the config time zone, with its DST', async () => {
    const dir = writeFiles(tempDir(), {
      'events.csv':
        'ts,account_id,event\n' +
        '2026-01-15 09:00:00,a,winter\n' + // EST = UTC-5: 14:00 UTC
        '2026-07-15 09:00:00,a,summer\n' + // EDT = UTC-4: 13:00 UTC
        '2026-01-15,a,date_only\n', // midnight in New York = 05:00 UTC
    });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }, NEW_YORK));
    expect(await rows(warehouse, 'SELECT "event", "ts" FROM "events" ORDER BY "ts"')).toEqual([
      { event: 'date_only', ts: '2026-01-15 05:00:00' },
      { event: 'winter', ts: '2026-01-15 14:00:00' },
      { event: 'summer', ts: '2026-07-15 13:00:00' },
    ]);
  });

  it('converts timestamps that carry an offset exactly, whatever the config zone', async () => {
    const dir = writeFiles(tempDir(), {
      'events.csv':
        'ts,account_id,event\n' +
        '2026-01-15T09:00:00Z,a,zulu\n' + // 09:00 UTC
        '2026-01-15T09:00:00+01:00,a,paris\n' + // 08:00 UTC
        '2026-01-15 09:00:00-05:00,a,new_york\n', // 14:00 UTC
    });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }, 'Asia/Tokyo'));
    expect(await rows(warehouse, 'SELECT "event", "ts" FROM "events" ORDER BY "ts"')).toEqual([
      { event: 'paris', ts: '2026-01-15 08:00:00' },
      { event: 'zulu', ts: '2026-01-15 09:00:00' },
      { event: 'new_york', ts: '2026-01-15 14:00:00' },
    ]);
  });

  it('reads a trailing " UTC" as UTC and rejects other zone names, which must not leak into the next rows', async () => {
    // DuckDB 1.5's cast keeps the last named zone for the following rows of a batch: the naive
    // 09:00 after "… Europe/Paris" was read as Paris time (found by a review). Config zone New York.
    const dir = writeFiles(tempDir(), {
      'events.csv':
        'ts,account_id,event\n' +
        '2026-01-15 08:00:00 UTC,a,bigquery\n' + // 08:00 UTC
        '2026-01-15 09:00:00 Europe/Paris,a,named\n' + // a zone name: rejected with its line
        '2026-01-15 09:00:00,a,naive\n' + // New York (EST, UTC-5): 14:00 UTC
        '2026-01-15 10:00:00,b,naive\n' + // 15:00 UTC
        // Zone names that end in a digit or a space: rejected too, and the naive rows after them
        // stay New York times (a later review: each one moved the next row's time).
        '"2026-01-15 11:00:00 Europe/Paris ",c,named\n' +
        '2026-01-15 11:00:00,c,naive\n' + // 16:00 UTC
        '2026-01-15 12:00:00 UTC+01:00,d,named\n' +
        '2026-01-15 12:00:00,d,naive\n' + // 17:00 UTC
        '2026-01-15 13:00:00 Etc/GMT-5,e,named\n' +
        '2026-01-15 13:00:00,e,naive\n' + // 18:00 UTC
        '2026-01-15T13:30:00Z,e,iso\n', // Z and the T separator are read: 13:30 UTC
    });
    const warehouse = await memoryWarehouse();
    const report = await loadSources(
      warehouse,
      project(dir, { events: eventSource(['events.csv']) }, NEW_YORK),
    );
    expect(report.rejected).toBe(4n);
    expect(
      await rows(
        warehouse,
        'SELECT "event", "account_id", "ts" FROM "events" WHERE "_load_id" > 0 ORDER BY "ts"',
      ),
    ).toEqual([
      { event: 'bigquery', account_id: 'a', ts: '2026-01-15 08:00:00' },
      { event: 'iso', account_id: 'e', ts: '2026-01-15 13:30:00' },
      { event: 'naive', account_id: 'a', ts: '2026-01-15 14:00:00' },
      { event: 'naive', account_id: 'b', ts: '2026-01-15 15:00:00' },
      { event: 'naive', account_id: 'c', ts: '2026-01-15 16:00:00' },
      { event: 'naive', account_id: 'd', ts: '2026-01-15 17:00:00' },
      { event: 'naive', account_id: 'e', ts: '2026-01-15 18:00:00' },
    ]);
  });

  it('parses with timestamp_format, in the config zone unless the format has an offset', async () => {
    const dir = writeFiles(tempDir(), {
      'naive.csv': 'ts,account_id,event\n15/01/2026 09:00,a,x\n', // New York 09:00 = 14:00 UTC
      'offset.csv': 'ts,account_id,event\n15/07/2026 09:00 +0200,a,y\n', // 09:00+02 = 07:00 UTC
    });
    const naive = eventSource(['naive.csv'], { timestampFormat: '%d/%m/%Y %H:%M' });
    const offset = eventSource(['offset.csv'], { timestampFormat: '%d/%m/%Y %H:%M %z' });
    const loaded = async (events: typeof naive) => {
      const warehouse = await memoryWarehouse();
      await loadSources(warehouse, project(dir, { events }, NEW_YORK));
      return rows(warehouse, 'SELECT "ts" FROM "events"');
    };
    expect(await loaded(naive)).toEqual([{ ts: '2026-01-15 14:00:00' }]);
    expect(await loaded(offset)).toEqual([{ ts: '2026-07-15 07:00:00' }]);
  });

  it('converts declared TIMESTAMP properties the same way', async () => {
    const dir = writeFiles(tempDir(), {
      // New York, July (EDT, UTC-4): midnight = 04:00 UTC.
      'accounts.csv': 'account_id,signed_up_at,contract_start\nacme,2026-07-01 00:00:00,2026-07-01\n',
    });
    const warehouse = await memoryWarehouse();
    const accounts = source(['accounts.csv'], {
      properties: { signed_up_at: 'TIMESTAMP', contract_start: 'DATE' },
    });
    await loadSources(warehouse, project(dir, { accounts }, NEW_YORK));
    expect(await rows(warehouse, 'SELECT "signed_up_at", "contract_start" FROM "accounts"')).toEqual([
      // A DATE is a calendar day: no zone applies.
      { signed_up_at: '2026-07-01 04:00:00', contract_start: '2026-07-01' },
    ]);
  });

  it('leaves naive timestamps alone in UTC', async () => {
    const dir = writeFiles(tempDir(), { 'events.csv': 'ts,account_id,event\n2026-01-15 09:00:00,a,x\n' });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }, 'UTC'));
    expect(await rows(warehouse, 'SELECT "ts" FROM "events"')).toEqual([{ ts: '2026-01-15 09:00:00' }]);
  });

  it('stores the epoch of each instant; infinite event times are rejected rows (outside 1900-2199)', async () => {
    const dir = writeFiles(tempDir(), {
      'events.csv':
        'ts,account_id,event\n' +
        '1969-12-31 19:00:00,a,epoch\n' + // EST = UTC-5: 1970-01-01 00:00 UTC
        '1900-01-01 00:00:00,a,old\n' + // New York's LMT ended in 1883; EST: 05:00 UTC
        'infinity,a,never\n' +
        '-infinity,a,always\n',
    });
    const warehouse = await memoryWarehouse();
    const report = await loadSources(
      warehouse,
      project(dir, { events: eventSource(['events.csv']) }, NEW_YORK),
    );
    // Until the fifteenth 2026-12 session the infinities were loaded (and then broke local days).
    expect(report.tables[0]?.rejected).toBe(2n);
    expect(
      await rows(warehouse, 'SELECT "event", "ts" FROM "events" WHERE "_load_id" > 0 ORDER BY "ts"'),
    ).toEqual([
      { event: 'old', ts: '1900-01-01 05:00:00' },
      { event: 'epoch', ts: '1970-01-01 00:00:00' },
    ]);
  });

  it('reloads when the config time zone changes', async () => {
    const dir = writeFiles(tempDir(), { 'events.csv': 'ts,account_id,event\n2026-01-15 09:00:00,a,x\n' });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }, 'UTC'));
    const report = await loadSources(
      warehouse,
      project(dir, { events: eventSource(['events.csv']) }, NEW_YORK),
    );
    expect(report.tables[0]?.rebuilt).toBe(true);
    // 09:00 New York (EST) = 14:00 UTC.
    expect(await rows(warehouse, 'SELECT "ts" FROM "events"')).toEqual([{ ts: '2026-01-15 14:00:00' }]);
  });

  it('reads a Parquet INT96 timestamp (Spark, Hive) as the UTC instant it is, whatever the config zone', async () => {
    // test/data/parquet/int96-utc.parquet, written by pyarrow with use_deprecated_int96_timestamps
    // as Spark writes INT96: a1 at 2026-01-02 10:00 UTC, a2 at 15:30 UTC. Read as naive New York
    // times they became 15:00 and 20:30 UTC (found by a review).
    const dir = tempDir();
    copyFileSync(join(DATA, 'int96-utc.parquet'), join(dir, 'int96.parquet'));
    const warehouse = await memoryWarehouse();
    const report = await loadSources(
      warehouse,
      project(
        dir,
        { events: eventSource(['int96.parquet'], { format: 'parquet', columns: { account_id: 'account' } }) },
        NEW_YORK,
      ),
    );
    expect(report.warnings).toEqual([]);
    expect(await rows(warehouse, 'SELECT "account_id", "ts" FROM "events" ORDER BY "ts"')).toEqual([
      { account_id: 'a1', ts: '2026-01-02 10:00:00' },
      { account_id: 'a2', ts: '2026-01-02 15:30:00' },
    ]);
  });
});
