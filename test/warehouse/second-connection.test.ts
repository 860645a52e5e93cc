/**
 * Warehouse.connectAgain: a second connection to the same database (the
 * report reads its totals on one while the first reads the rest). It sees
 * what the first committed, keeps the UTC session zone, and closing it
 * leaves the database open for the first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../src/warehouse/session.js';

const dir = mkdtempSync(join(tmpdir(), 'ms-second-connection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Warehouse.connectAgain', () => {
  it('sees committed rows, runs at the same time as the first, and closes alone', async () => {
    const w = await Warehouse.open(join(dir, 'w.duckdb'));
    try {
      await w.run('CREATE TABLE t AS SELECT * FROM range(5) AS r(i)');
      const aside = await w.connectAgain();
      // Both connections at once: 0 + 1 + 2 + 3 + 4 = 10 on the second, 5 rows on the first.
      const [sum, count] = await Promise.all([
        aside.one<{ s: bigint }>('SELECT sum(i) AS s FROM t'),
        w.one<{ n: bigint }>('SELECT count(*) AS n FROM t'),
      ]);
      expect(sum?.s).toBe(10n);
      expect(count?.n).toBe(5n);
      // A naive timestamp cast to TIMESTAMPTZ stays the same instant: the session zone is UTC.
      const zone = await aside.one<{ z: string }>("SELECT current_setting('TimeZone') AS z");
      expect(zone?.z).toBe('UTC');
      aside.close();
      aside.close(); // idempotent
      expect((await w.one<{ n: bigint }>('SELECT count(*) AS n FROM t'))?.n).toBe(5n);
    } finally {
      w.close();
    }
  });
});
