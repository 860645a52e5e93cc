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
      expect.stringMatching(/e2\.csv: 1 row repeats a row already loaded from .*e1\.csv exactly/),
    ]);
    expect(await count(warehouse, 'events')).toBe(7n); // 3 + 3 + 1: the rows stay
  });
});
