/**
 * How DuckDB runs the loader's INSERT, read from its plan (the speed itself is
 * measured by bench/load.js, never here). Regression: the contacts join was
 * written `ON <row has no account> AND "c"."contact_id" = <row's contact>`; a
 * LEFT JOIN condition that tests only the left side is no equi-join, so DuckDB
 * compared every row with every contact (10M events x 64K contacts: 8 minutes).
 */
import { ensureNumberTables } from '../../src/warehouse/actor-numbers.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnySource } from '../../src/warehouse/column-mapping.js';
import { resolveMapping } from '../../src/warehouse/column-mapping.js';
import type { FileShape } from '../../src/warehouse/file-shape.js';
import { buildInsertSql, csvColumnTypes } from '../../src/warehouse/insert-sql.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { csvReadSql } from '../../src/warehouse/read-sql.js';
import { Warehouse } from '../../src/warehouse/session.js';
import type { SourceName } from '../../src/warehouse/table-layout.js';
import { LAYOUTS, createTableSql, tableColumns } from '../../src/warehouse/table-layout.js';
import {
  eventSource,
  memoryWarehouse,
  project,
  rows,
  source,
  surveySource,
  tempDir,
  writeFiles,
} from './helpers.js';

const LOOPS = /NESTED_LOOP_JOIN|BLOCKWISE_NL_JOIN|PIECEWISE_MERGE_JOIN|CROSS_PRODUCT/;

/** DuckDB's plan for loading `csv` into `name`'s table, with a contacts table present. */
async function insertPlan(name: SourceName, settings: AnySource, csv: string): Promise<string> {
  const path = join(writeFiles(tempDir(), { 'file.csv': csv }), 'file.csv');
  const warehouse = await memoryWarehouse();
  const layout = LAYOUTS[name];
  await warehouse.run(createTableSql('contacts', tableColumns(LAYOUTS.contacts, {})));
  await ensureNumberTables(warehouse);
  await warehouse.run(createTableSql(layout.table, tableColumns(layout, settings.properties)));
  const columns = (csv.split('\n')[0] ?? '').split(',');
  const types = Object.fromEntries(columns.map((c) => [c, 'VARCHAR']));
  const shape: FileShape = { format: 'csv', columns, types, delimiter: ',' };
  const mapping = resolveMapping(layout, settings, shape, path);
  const read = csvReadSql(path, {
    header: true,
    columns: csvColumnTypes(layout, mapping, shape),
    delimiter: ',',
  });
  const sql = buildInsertSql({
    layout,
    mapping,
    shape,
    read,
    loadId: 1n,
    respondent: settings.respondent ?? 'contact',
    contacts: true,
    surveyId: 'file',
    filePath: path,
  });
  const plan = await warehouse.all<{ explain_value: string }>(`EXPLAIN ${sql}`);
  return plan.map((row) => row.explain_value).join('\n');
}

async function preserveInsertionOrder(warehouse: Warehouse): Promise<unknown> {
  const row = await warehouse.one<{ value: unknown }>(
    "SELECT current_setting('preserve_insertion_order') AS value",
  );
  return row?.value;
}

describe('the INSERT plan', () => {
  it('finds the account of contact-only events with a hash join', async () => {
    const plan = await insertPlan(
      'events',
      eventSource([]),
      'ts,account_id,contact_id,event\n2026-01-15 09:00:00,,u1,login\n2026-01-15 10:00:00,acme,u2,login\n',
    );
    expect(plan).toContain('HASH_JOIN');
    expect(plan).not.toMatch(LOOPS);
  });

  it('finds the account of survey respondents with a hash join', async () => {
    const plan = await insertPlan(
      'surveys',
      surveySource([], { respondent: 'contact' }),
      'respondent_id,ts,value\nu1,2026-01-15 09:00:00,9\n',
    );
    expect(plan).toContain('HASH_JOIN');
    expect(plan).not.toMatch(LOOPS);
  });
});

describe('insertion order', () => {
  // Off for the INSERTs only (every thread inserts); DuckDB's default, on, for everything else.
  it('is preserved again after a load', async () => {
    const dir = writeFiles(tempDir(), {
      'events.csv': 'ts,account_id,event\n2026-01-15 09:00:00,acme,login\n',
    });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }));
    expect(await preserveInsertionOrder(warehouse)).toBe(true);
  });

  it('is preserved again after an INSERT fails and the load rolls back', async () => {
    const dir = writeFiles(tempDir(), { 'accounts.csv': 'account_id\nacme\n' });
    const warehouse = await memoryWarehouse();
    // The loader's own layout, plus a CHECK that acme breaks: the INSERT fails, aborting the transaction.
    await warehouse.run(
      `CREATE TABLE "accounts" ("account_id" VARCHAR CHECK ("account_id" <> 'acme'), "properties" JSON, "_load_id" BIGINT)`,
    );
    await expect(
      loadSources(warehouse, project(dir, { accounts: source(['accounts.csv']) })),
    ).rejects.toThrow(/accounts\.csv/);
    expect(await preserveInsertionOrder(warehouse)).toBe(true);
  });
});

describe('clustering', () => {
  it("stores each events file's rows sorted by event name, then time", async () => {
    // File order: login 10:00, signup 09:00, login 08:00, export 11:00.
    // Stored: export 11:00; login 08:00, login 10:00; signup 09:00 (by name, then time),
    // read back without ORDER BY (storage order: insertion order is preserved after the load).
    const dir = writeFiles(tempDir(), {
      'events.csv':
        'ts,account_id,event\n' +
        '2026-01-15 10:00:00,acme,login\n2026-01-15 09:00:00,acme,signup\n' +
        '2026-01-15 08:00:00,globex,login\n2026-01-15 11:00:00,acme,export\n',
    });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }));
    expect(await rows(warehouse, 'SELECT event, CAST(ts AS VARCHAR) AS ts FROM events')).toEqual([
      { event: 'export', ts: '2026-01-15 11:00:00' },
      { event: 'login', ts: '2026-01-15 08:00:00' },
      { event: 'login', ts: '2026-01-15 10:00:00' },
      { event: 'signup', ts: '2026-01-15 09:00:00' },
    ]);
  });
});

describe("the sorting INSERT's memory cap", () => {
  const limit = async (w: Warehouse) =>
    (await w.one<{ v: string }>("SELECT current_setting('memory_limit') AS v"))?.v;

  it('caps DuckDB memory while the work runs and sets the opening limit back after', async () => {
    // Budget 4GB -> DuckDB 3 GB (2.7 GiB); capped at 1e9 bytes (953.6 MiB) inside.
    const warehouse = await Warehouse.open(':memory:', { settings: { memoryLimit: 4e9 } });
    try {
      const before = await limit(warehouse);
      const inside = await warehouse.withMemoryCap(1e9, () => limit(warehouse));
      expect(inside).toBe('953.6 MiB');
      expect(await limit(warehouse)).toBe(before);
      expect(before).toBe('2.7 GiB');
      // A lower opening limit stays: the cap never raises it.
      expect(await warehouse.withMemoryCap(8e9, () => limit(warehouse))).toBe(before);
    } finally {
      warehouse.close();
    }
  });

  it('sets the opening limit back after an events load, and after one that fails', async () => {
    const warehouse = await Warehouse.open(':memory:', { settings: { memoryLimit: 4e9 } });
    try {
      const before = await limit(warehouse);
      const dir = writeFiles(tempDir(), {
        'events.csv': 'ts,account_id,event\n2026-01-15 09:00:00,acme,login\n',
      });
      await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }));
      expect(await limit(warehouse)).toBe(before);
      // A CHECK the row breaks: the INSERT fails inside the cap and the load rolls back.
      await warehouse.run('DROP TABLE events');
      await warehouse.run(
        `CREATE TABLE events (ts TIMESTAMP, account_id VARCHAR CHECK (account_id <> 'zeta'), contact_id VARCHAR, ` +
          `event VARCHAR, arrived_at TIMESTAMP, properties JSON, _load_id BIGINT, _account_from_contact BOOLEAN, ` +
          `_account_number INTEGER, _contact_number INTEGER)`,
      );
      writeFiles(dir, { 'events.csv': 'ts,account_id,event\n2026-01-15 09:00:00,zeta,login\n' });
      await expect(
        loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) })),
      ).rejects.toThrow();
      expect(await limit(warehouse)).toBe(before);
    } finally {
      warehouse.close();
    }
  });
});

describe("a write with DuckDB's insertion order off (Warehouse.unordered)", () => {
  const order = async (w: Warehouse) =>
    (await w.one<{ v: boolean }>("SELECT current_setting('preserve_insertion_order') AS v"))?.v;

  it('runs with the order off and sets it back, also after it fails inside a transaction', async () => {
    const warehouse = await Warehouse.open(':memory:');
    try {
      await warehouse.run('CREATE TABLE t (x INTEGER CHECK (x < 10))');
      const insert = (x: number) =>
        warehouse.transaction(() =>
          warehouse.unordered(async () => {
            const inside = await order(warehouse);
            await warehouse.run(`INSERT INTO t VALUES (${x})`);
            return inside;
          }),
        );
      expect(await insert(1)).toBe(false);
      expect(await order(warehouse)).toBe(true);
      // The CHECK fails: the transaction is aborted (the reset inside it is refused) and rolled back.
      await expect(insert(11)).rejects.toThrow(/CHECK/);
      expect(await order(warehouse)).toBe(true);
      expect(await warehouse.allJson('SELECT x FROM t')).toEqual([{ x: 1 }]);
    } finally {
      warehouse.close();
    }
  });
});
