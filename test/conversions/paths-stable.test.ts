/**
 * The distinct-paths table (sql/conversion-paths.sql) gives the same bits
 * whatever order DuckDB meets the actors in. Its time-decay sums add one
 * share per converted actor and position; plain double additions depend on
 * their order (0.1 + 0.2 + 0.3 differs from 0.3 + 0.2 + 0.1 in the 17th
 * digit), which parallel aggregation does not fix, so two runs on the same
 * data differed (seen at 10M events). Here 3,000 actors share one path with
 * irregular touch times; the rows are inserted in one order, then reversed
 * and under other ids (which reorders DuckDB's hash tables).
 */
import { describe, expect, it } from 'vitest';
import { fillTemplate } from '../../src/compiler/template.js';
import { Warehouse } from '../../src/warehouse/session.js';

const ACTORS = 3000;

async function decay(order: 'ASC' | 'DESC', prefix: string): Promise<unknown> {
  const w = await Warehouse.open(':memory:', { settings: { threads: 1 } });
  try {
    // Touchpoint 1 then 2, hours apart by an irregular amount per actor; revenue irregular too.
    await w.run(`CREATE TABLE touches AS
      SELECT * FROM (
        SELECT '${prefix}' || i AS actor_key, 1 AS touchpoint, TIMESTAMP '2026-01-01' + INTERVAL (i * 7919 % 1000) MINUTE AS ts FROM range(${ACTORS}) AS t(i)
        UNION ALL
        SELECT '${prefix}' || i, 2, TIMESTAMP '2026-01-03' + INTERVAL (i * 104729 % 5000) MINUTE FROM range(${ACTORS}) AS t(i)
      ) ORDER BY actor_key ${order}, touchpoint`);
    await w.run(`CREATE TABLE entries AS
      SELECT '${prefix}' || i AS actor_key, TRUE AS converted, FALSE AS in_progress, 1000 + (i * 31 % 997) / 7.0 AS revenue
      FROM range(${ACTORS}) AS t(i) ORDER BY actor_key ${order}`);
    await w.run(
      fillTemplate('conversion-paths', {
        table: 'paths',
        touches: 'touches',
        entries: 'entries',
        conversion: "'c'",
        half_life: '604800',
      }),
    );
    await w.run(fillTemplate('conversion-decay', { table: 'decay', paths: 'paths' }));
    const rows = await w.all<{ decay: unknown; decay_revenue: unknown }>(
      'SELECT CAST("decay" AS VARCHAR) AS "decay", CAST("decay_revenue" AS VARCHAR) AS "decay_revenue" FROM paths',
    );
    // The per-touchpoint sums attribution reads (sql/conversion-decay.sql), as text: every bit.
    const credits = await w.all<{ credits: unknown }>(
      `SELECT CAST(list(("touchpoint", "credit", "revenue") ORDER BY "touchpoint") AS VARCHAR) AS "credits" FROM decay`,
    );
    return [rows, credits];
  } finally {
    w.close();
  }
}

describe('conversion paths', () => {
  it('sum the time-decay shares to the same bits in any row order', async () => {
    const forward = await decay('ASC', 'a');
    // one path, [1, 2], for all 3,000 actors
    expect((forward as unknown[][])[0]).toHaveLength(1);
    expect(await decay('DESC', 'a')).toEqual(forward);
    expect(await decay('ASC', 'account-')).toEqual(forward);
    expect(await decay('DESC', 'x')).toEqual(forward);
  });
});
