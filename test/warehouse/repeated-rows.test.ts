/**
 * Rows a new events file repeats exactly from another loaded file
 * (src/warehouse/repeated-rows.ts): a warning with the count and that file;
 * the rows stay.
 */
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { count, eventSource, memoryWarehouse, project, tempDir, writeFiles } from './helpers.js';

const HEADER = 'ts,account_id,contact_id,event,plan\n';

describe('events rows repeated across files', () => {
  it('are a warning naming the other file; equal rows within one file, or a later file, are not', async () => {
    const dir = writeFiles(tempDir(), {
      // Two equal rows inside one file: not compared (two equal events can happen).
      'e1.csv':
        HEADER +
        '2026-01-02 10:00:00,a1,u1,x,pro\n2026-01-03 10:00:00,a1,u1,x,pro\n2026-01-03 10:00:00,a1,u1,x,pro\n',
      // Repeats e1's 01-03 row exactly; the 01-02 row differs in plan; 01-04 is new.
      'e2.csv':
        HEADER +
        '2026-01-03 10:00:00,a1,u1,x,pro\n2026-01-02 10:00:00,a1,u1,x,free\n2026-01-04 10:00:00,a2,u2,x,pro\n',
      // Later than everything: nothing to compare with.
      'e3.csv': HEADER + '2026-02-01 10:00:00,a1,u1,x,pro\n',
    });
    const warehouse = await memoryWarehouse();
    const report = await loadSources(
      warehouse,
      project(dir, {
        events: eventSource(['e1.csv', 'e2.csv', 'e3.csv'], { properties: { plan: 'VARCHAR' } }),
      }),
    );
    const repeated = report.warnings.filter((w) => w.code === 'repeated-rows');
    // e2's first row equals e1's two 01-03 rows: one row of e2 repeats.
    expect(repeated.map((w) => w.message)).toEqual([
      expect.stringMatching(
        /^1 events row of the files just loaded repeats a row of another file exactly.*e2\.csv repeats rows of .*e1\.csv$/,
      ),
    ]);
    expect(await count(warehouse, 'events')).toBe(7n); // 3 + 3 + 1: the rows stay
  });

  it('whatever the order of the columns the files pack into properties', async () => {
    // The same row under two header orders: its packed properties are the same JSON
    // (keys by name), so it is a repeat (a review: the key order followed each header).
    const dir = writeFiles(tempDir(), {
      'p1.csv': 'ts,account_id,event,plan,seats\n2026-01-02 10:00:00,a1,x,pro,3\n',
      'p2.csv':
        'ts,account_id,event,seats,plan\n2026-01-02 10:00:00,a1,x,3,pro\n2026-01-03 10:00:00,a1,x,3,pro\n',
    });
    const warehouse = await memoryWarehouse();
    const report = await loadSources(warehouse, project(dir, { events: eventSource(['p1.csv', 'p2.csv']) }));
    expect(report.warnings.filter((w) => w.code === 'repeated-rows').map((w) => w.message)).toEqual([
      expect.stringMatching(/^1 events row .*p2\.csv repeats rows of .*p1\.csv$/),
    ]);
  });

  it('across loads: a later load that repeats a stored file is named, a later day is not', async () => {
    const dir = writeFiles(tempDir(), { 'd1.csv': HEADER + '2026-01-02 10:00:00,a1,u1,x,pro\n' });
    const warehouse = await memoryWarehouse();
    const p = (files: string[]) =>
      project(dir, { events: eventSource(files, { properties: { plan: 'VARCHAR' } }) });
    await loadSources(warehouse, p(['d1.csv']));
    // d2: the next day only; d3: d1's row again, in a later run.
    writeFiles(dir, { 'd2.csv': HEADER + '2026-01-03 10:00:00,a1,u1,x,pro\n' });
    const second = await loadSources(warehouse, p(['d1.csv', 'd2.csv']));
    expect(second.warnings.filter((w) => w.code === 'repeated-rows')).toEqual([]);
    // (with a row of its own: a copy of d1's bytes would be a duplicate file, skipped whole)
    writeFiles(dir, {
      'd3.csv': HEADER + '2026-01-02 10:00:00,a1,u1,x,pro\n2026-01-04 10:00:00,a1,u1,x,pro\n',
    });
    const third = await loadSources(warehouse, p(['d1.csv', 'd2.csv', 'd3.csv']));
    expect(third.warnings.filter((w) => w.code === 'repeated-rows').map((w) => w.message)).toEqual([
      expect.stringMatching(/^1 events row .*d3\.csv repeats rows of .*d1\.csv$/),
    ]);
  });
});
