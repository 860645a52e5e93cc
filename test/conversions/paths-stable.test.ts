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

/** The paths of conversion 'c' over the tables `touches` and `entries`, into `paths`. */
const PATHS = fillTemplate('conversion-paths', {
  table: 'paths',
  touches: 'touches',
  entries: 'entries',
  conversion: "'c'",
  half_life: '604800',
});

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
    await w.run(PATHS);
    await w.run(fillTemplate('conversion-decay', { table: 'decay', paths: 'paths' }));
    const rows = await w.all<{ decay: unknown; decay_revenue: unknown }>(
      'SELECT CAST("decay" AS VARCHAR) AS "decay", CAST("decay_revenue" AS VARCHAR) AS "decay_revenue" FROM paths',
    );
    // The per-touchpoint sums attribution reads (sql/conversion-decay.sql), as text: every bit.
    const credits = await w.all<{ credits: unknown }>(
      `SELECT CAST(list(("touchpoint", "credit", "revenue") ORDER BY "touchpoint") AS VARCHAR) AS "credits" FROM decay`,
    );
    // The time-decay revenue, all touchpoints together, against the converted revenue summed
    // independently here (in millionths, as the path's revenue is).
    const totals = await w.one<{ credited: string; converted: string }>(
      `SELECT (SELECT CAST(sum("revenue") AS VARCHAR) FROM decay) AS "credited",
              (SELECT CAST(sum(round(revenue * 1000000)) / 1000000 AS VARCHAR) FROM entries) AS "converted"`,
    );
    return [rows, credits, totals];
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

  it('credit time-decay revenue that adds up exactly to the converted revenue', async () => {
    // 3,000 revenues like 1000 + 3/7: before the fix each position's share was rounded to 2^-24
    // on its own and the total missed by up to 3,000 x 6e-8 (650 came out 649.9999999404).
    const [, , totals] = (await decay('ASC', 'a')) as [
      unknown,
      unknown,
      { credited: string; converted: string },
    ];
    expect(totals.credited).toBe(totals.converted);
  });
});

describe('a path revenue', () => {
  // Summed as millionths of the currency (the same bits in any order): 0.1 + 0.2 is 0.3, not
  // 0.30000000000000004. A revenue no integer holds (1e20 and more, infinite, NaN) makes the
  // path's sum a double sum again instead of stopping the run on a failed cast (found by review).
  async function revenue(values: string[]): Promise<string> {
    const w = await Warehouse.open(':memory:');
    try {
      await w.run(
        `CREATE TABLE touches AS SELECT 'x' AS actor_key, 1 AS touchpoint, TIMESTAMP '2026-01-01' AS ts WHERE FALSE`,
      );
      await w.run(
        `CREATE TABLE entries AS SELECT 'a' || i AS actor_key, TRUE AS converted, FALSE AS in_progress, CAST(v AS DOUBLE) AS revenue
         FROM (SELECT unnest([${values.map((v) => `'${v}'`).join(', ')}]) AS v, generate_subscripts([${values.map(() => '0').join(', ')}], 1) AS i)`,
      );
      await w.run(PATHS);
      const row = await w.one<{ r: string }>('SELECT CAST("revenue" AS VARCHAR) AS r FROM paths');
      return row!.r;
    } finally {
      w.close();
    }
  }

  it('adds millionths, and doubles when one is out of their range', async () => {
    expect(await revenue(['0.1', '0.2'])).toBe('0.3');
    expect(await revenue(['1', 'inf'])).toBe('inf');
    expect(await revenue(['1e25', '1'])).toBe('1e+25');
  });
});
