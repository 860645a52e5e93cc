/**
 * Files in folders named like Hive partitions (`part=5/`, Spark's output) are
 * read for what they hold: DuckDB would add a `part` column to every read,
 * which broke reading a CSV's header (an internal error, `name.trim is not a
 * function`) and put an unasked property in the rows (read-sql.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { eventSource, memoryWarehouse, project, rows, tempDir, writeFiles } from './helpers.js';

describe('files in key=value folders', () => {
  it('load their own columns only, CSV and Parquet', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'part=5'));
    mkdirSync(join(dir, 'part=6'));
    writeFiles(join(dir, 'part=5'), { 'e.csv': 'ts,account_id,event\n2026-01-02 10:00:00,a1,x\n' });
    const warehouse = await memoryWarehouse();
    await warehouse.run(
      `COPY (SELECT TIMESTAMP '2026-01-03 10:00:00' AS "ts", 'a2' AS "account_id", 'y' AS "event") ` +
        `TO '${join(dir, 'part=6', 'e.parquet')}' (FORMAT parquet)`,
    );
    const report = await loadSources(
      warehouse,
      project(dir, {
        events: eventSource(['part=5/*.csv']),
        accounts: eventSource(['part=6/*.parquet'], { format: 'parquet' }),
      }),
    );
    expect(report.rejected).toBe(0n);
    // No "part" key among the packed properties of either file.
    expect(
      await rows(warehouse, 'SELECT "account_id", CAST("properties" AS VARCHAR) AS p FROM "events"'),
    ).toEqual([{ account_id: 'a1', p: '{}' }]);
    expect(
      await rows(warehouse, 'SELECT "account_id", CAST("properties" AS VARCHAR) AS p FROM "accounts"'),
    ).toEqual([{ account_id: 'a2', p: '{"event":"y","ts":"2026-01-03 10:00:00"}' }]);
  });
});
