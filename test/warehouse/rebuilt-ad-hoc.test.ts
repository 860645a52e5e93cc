/**
 * A table rebuilt because its source changed (here a property declared)
 * loads its declared files again; a file added with `load TABLE PATH` is not
 * among them, so its rows leave. They had left with no word and
 * `rows_removed 0` (found by review): now counted and warned about.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { count, eventSource, memoryWarehouse, project, tempDir, writeFiles } from './helpers.js';

it('counts and names the rows of an ad hoc file that a rebuild leaves out', async () => {
  const dir = writeFiles(tempDir(), {
    'events.csv': 'ts,account_id,event,plan\n2026-01-01 10:00:00,a,signup,pro\n',
    'extra.csv':
      'ts,account_id,event,plan\n2026-01-02 10:00:00,b,signup,free\n2026-01-03 10:00:00,c,signup,free\n',
  });
  const warehouse = await memoryWarehouse();
  try {
    await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }));
    await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }), {
      only: 'events',
      overridePaths: [join(dir, 'extra.csv')],
    });
    expect(await count(warehouse, 'events')).toBe(3n); // 1 declared + 2 ad hoc
    // `plan` declared as a column: a new mapping, so the table is rebuilt from events.csv alone.
    const changed = project(dir, {
      events: eventSource(['events.csv'], { properties: { plan: 'VARCHAR' } }),
    });
    const report = await loadSources(warehouse, changed);
    expect(await count(warehouse, 'events')).toBe(1n);
    // extra.csv's 2 rows are removed, and said so; events.csv's row left and came back.
    const table = report.tables[0]!;
    expect(table.files.map((f) => [f.path.endsWith('extra.csv'), f.status, f.removed])).toEqual([
      [true, 'removed', 2n],
      [false, 'loaded', 0n],
    ]);
    expect(table.rowsRemoved).toBe(2n);
    expect(report.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(
        /extra\.csv was loaded with `load events PATH`: sources\.events changed, so the table was rebuilt without its 2 rows$/,
      ),
    ]);
  } finally {
    warehouse.close();
  }
});

it('refuses a load TABLE PATH that would rebuild the table, and changes nothing', async () => {
  const dir = writeFiles(tempDir(), {
    'events.csv': 'ts,account_id,event,plan\n2026-01-01 10:00:00,a,signup,pro\n',
    'extra.csv': 'ts,account_id,event,plan\n2026-01-02 10:00:00,b,signup,free\n',
  });
  const warehouse = await memoryWarehouse();
  try {
    await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }));
    // `plan` declared since: loading extra.csv alone would rebuild the table without events.csv.
    const changed = project(dir, {
      events: eventSource(['events.csv'], { properties: { plan: 'VARCHAR' } }),
    });
    await expect(
      loadSources(warehouse, changed, { only: 'events', overridePaths: [join(dir, 'extra.csv')] }),
    ).rejects.toMatchObject({
      exitCode: 2,
      message:
        'the events table must be rebuilt from its declared files first (sources.events or the loader changed since it was loaded)',
    });
    // Rolled back: events.csv's row is still there, extra.csv's never came.
    expect(await count(warehouse, 'events')).toBe(1n);
  } finally {
    warehouse.close();
  }
});
