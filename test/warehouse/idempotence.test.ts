import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import {
  count,
  eventSource,
  memoryWarehouse,
  project,
  rows,
  source,
  tempDir,
  writeFiles,
} from './helpers.js';

const HEADER = 'ts,account_id,event\n';

describe('loading is idempotent', () => {
  it('adds nothing when the same files load twice', async () => {
    const dir = writeFiles(tempDir(), {
      'a.csv': HEADER + '2026-01-01 10:00:00,acme,signup\n2026-01-02 10:00:00,acme,login\n',
      'b.csv': HEADER + '2026-01-03 10:00:00,globex,signup\n',
    });
    const p = project(dir, { events: eventSource(['a.csv', 'b.csv']) });
    const warehouse = await memoryWarehouse();

    const first = await loadSources(warehouse, p);
    // a.csv has 2 rows, b.csv 1: 3 rows.
    expect(first.tables[0]?.rowsAdded).toBe(3n);
    expect(first.changed).toBe(true);

    const second = await loadSources(warehouse, p);
    expect(second.changed).toBe(false);
    expect(second.tables[0]?.files.map((f) => f.status)).toEqual(['unchanged', 'unchanged']);
    expect(await count(warehouse, 'events')).toBe(3n);
    expect(await count(warehouse, '_loaded_files')).toBe(2n);
  });

  it('replaces the rows of a file whose content changed, and only those', async () => {
    const dir = writeFiles(tempDir(), {
      'a.csv': HEADER + '2026-01-01 10:00:00,acme,signup\n2026-01-02 10:00:00,acme,login\n',
      'b.csv': HEADER + '2026-01-03 10:00:00,globex,signup\n',
    });
    const p = project(dir, { events: eventSource(['a.csv', 'b.csv']) });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, p);

    // a.csv now holds one (different) row instead of two.
    writeFileSync(join(dir, 'a.csv'), HEADER + '2026-01-05 10:00:00,acme,report_created\n');
    const report = await loadSources(warehouse, p);
    const files = report.tables[0]?.files ?? [];
    expect(files.map((f) => [f.status, f.rows, f.removed])).toEqual([
      ['replaced', 1n, 2n],
      ['unchanged', 0n, 0n],
    ]);
    // 2 - 2 + 1 from a.csv, plus b.csv's 1 = 2 rows.
    expect(await rows(warehouse, 'SELECT "event" FROM "events" ORDER BY "ts"')).toEqual([
      { event: 'signup' },
      { event: 'report_created' },
    ]);
    expect(await count(warehouse, '_loaded_files')).toBe(2n);
  });

  it('skips content already loaded from another path (a copied or renamed file)', async () => {
    const content = HEADER + '2026-01-01 10:00:00,acme,signup\n';
    const dir = writeFiles(tempDir(), { 'a.csv': content, 'copy.csv': content });
    const warehouse = await memoryWarehouse();
    const report = await loadSources(warehouse, project(dir, { events: eventSource(['*.csv']) }));
    expect(report.tables[0]?.files.map((f) => f.status)).toEqual(['loaded', 'duplicate']);
    expect(await count(warehouse, 'events')).toBe(1n);
  });

  it('skips a gzip copy of a loaded CSV: the hash is over the decompressed content', async () => {
    const content = HEADER + '2026-01-01 10:00:00,acme,signup\n';
    const dir = writeFiles(tempDir(), { 'a.csv': content, 'b.csv.gz': gzipSync(content) });
    const warehouse = await memoryWarehouse();
    const report = await loadSources(warehouse, project(dir, { events: eventSource(['a.csv', 'b.csv.gz']) }));
    expect(report.tables[0]?.files.map((f) => f.status)).toEqual(['loaded', 'duplicate']);
    expect(await count(warehouse, 'events')).toBe(1n);
  });

  it('a corrupt .gz file: invalid input (exit 1) with a hint, nothing loaded', async () => {
    const dir = writeFiles(tempDir(), { 'a.csv.gz': 'not gzip at all\n' });
    const warehouse = await memoryWarehouse();
    const failure = await loadSources(warehouse, project(dir, { events: eventSource(['a.csv.gz']) })).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(InvalidInputError);
    expect((failure as InvalidInputError).message).toMatch(/a\.csv\.gz/);
    expect((failure as InvalidInputError).hint).toMatch(/not valid gzip/);
    expect(await warehouse.tableExists('events')).toBe(false);
  });

  it('reloads a table when its mapping changes', async () => {
    const dir = writeFiles(tempDir(), {
      'a.csv': 'ts,account_id,event,plan\n2026-01-01 10:00:00,acme,signup,pro\n',
    });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { events: eventSource(['a.csv']) }));
    // First load: plan is an unmapped column, packed into properties.
    expect(await rows(warehouse, 'SELECT "properties" FROM "events"')).toEqual([
      { properties: '{"plan":"pro"}' },
    ]);

    const typed = project(dir, { events: eventSource(['a.csv'], { properties: { plan: 'VARCHAR' } }) });
    const report = await loadSources(warehouse, typed);
    expect(report.tables[0]?.rebuilt).toBe(true);
    // Now plan is a typed column, and no longer in the JSON.
    expect(await rows(warehouse, 'SELECT "plan", "properties" FROM "events"')).toEqual([
      { plan: 'pro', properties: '{}' },
    ]);
  });
});

describe('loading is transactional', () => {
  it('adds nothing from the first source when the second fails', async () => {
    const dir = writeFiles(tempDir(), {
      'accounts.csv': 'account_id,seats\nacme,10\n',
      // the mapping names occurred_at, which this file does not have.
      'events.csv': HEADER + '2026-01-01 10:00:00,acme,signup\n',
    });
    const p = project(dir, {
      accounts: source(['accounts.csv']),
      events: eventSource(['events.csv'], { columns: { ts: 'occurred_at' } }),
    });
    const warehouse = await memoryWarehouse();
    await expect(loadSources(warehouse, p)).rejects.toThrow(InvalidInputError);
    expect(await warehouse.tableExists('accounts')).toBe(false);
    expect(await warehouse.tableExists('_loaded_files')).toBe(false);
  });

  it('keeps the earlier state when a changed file fails to load', async () => {
    const dir = writeFiles(tempDir(), { 'a.csv': HEADER + '2026-01-01 10:00:00,acme,signup\n' });
    const p = project(dir, { events: eventSource(['a.csv']) });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, p);

    writeFileSync(join(dir, 'a.csv'), 'when,account_id,event\n2026-01-05 10:00:00,acme,login\n');
    await expect(loadSources(warehouse, p)).rejects.toThrow(/no "ts" column/);
    // The old row and its record are still there.
    expect(await rows(warehouse, 'SELECT "event" FROM "events"')).toEqual([{ event: 'signup' }]);
    expect(await count(warehouse, '_loaded_files')).toBe(1n);
    // And the session is back in UTC after the failure.
    expect(await rows(warehouse, "SELECT current_setting('TimeZone') AS z")).toEqual([{ z: 'UTC' }]);
  });

  it('returns quickly with nothing to do when no source is declared', async () => {
    const warehouse = await memoryWarehouse();
    const report = await loadSources(warehouse, project(tempDir(), {}));
    expect(report).toEqual({ tables: [], changed: false, rejected: 0n, warnings: [] });
    expect(await warehouse.tableExists('_loaded_files')).toBe(false);
  });
});
