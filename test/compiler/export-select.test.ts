/**
 * `export`'s SELECT: every instant leaves as ISO 8601 with Z, lists of
 * instants (conversion_actors.step_times) too; before the fix a list went out
 * as naive text (`['2026-01-05 00:00:00', ...]`).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { exportSelect } from '../../src/compiler/export-select.js';

describe('export select', () => {
  it('writes a list of instants as ISO 8601 with Z, element by element', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    await connection.run(
      `CREATE TABLE "actors" AS SELECT TIMESTAMP '2026-01-05 00:00:00' AS "entered_at", ` +
        `[TIMESTAMP '2026-01-05 00:00:00', TIMESTAMP '2026-01-07 10:30:00.25'] AS "step_times"`,
    );
    const columns = [
      { name: 'entered_at', type: 'TIMESTAMP' },
      { name: 'step_times', type: 'TIMESTAMP[]' },
    ];
    const reader = await connection.runAndReadAll(exportSelect('actors', columns, 'json'));
    expect(reader.getRowObjectsJson()).toEqual([
      {
        entered_at: '2026-01-05T00:00:00Z',
        step_times: ['2026-01-05T00:00:00Z', '2026-01-07T10:30:00.250Z'],
      },
    ]);
    const parquet = await connection.runAndReadAll(
      `SELECT typeof("step_times") AS t FROM (${exportSelect('actors', columns, 'parquet')})`,
    );
    expect(parquet.getRowObjectsJson()).toEqual([{ t: 'TIMESTAMP WITH TIME ZONE[]' }]);
    connection.closeSync();
    db.closeSync();
  });
});
