/**
 * A `where:` filter on a JSON property parses the JSON only where the raw
 * text could hold a match (src/compiler/filters.ts, guardJson). The answers
 * must be those of parsing every row: rows whose value is escaped (\u0069),
 * nested, a list, null or missing, worked out by hand below. Literals that a
 * non-string JSON value could render as (numbers, true, null, objects) get no
 * guard at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Column } from '../../src/compiler/columns.js';
import { compileFilter } from '../../src/compiler/filters.js';
import type { Filter } from '../../src/definitions/model.js';
import { Warehouse } from '../../src/warehouse/session.js';

const EVENTS: Column[] = [
  { name: 'ts', type: 'TIMESTAMP' },
  { name: 'properties', type: 'JSON' },
];

// [id, raw JSON]
const ROWS: [number, string | null][] = [
  [1, '{"source":"import"}'],
  [2, '{"source":"Import"}'],
  [3, '{"source":"imports"}'],
  [4, '{"source":"\\u0069mport"}'], // decodes to "import"; the raw text lacks it
  [5, '{"source":"im\\"port"}'],
  [6, '{"source": "import"}'],
  [7, '{"source":null}'],
  [8, '{}'],
  [9, '{"other":"import"}'],
  [10, '{"source":["import"]}'],
  [11, '{"source":{"a":"import"}}'],
  [12, '{"source":"web"}'],
  [13, '{"source":"\\u0061pi"}'], // "api"
  [14, null],
];

const filter = (op: Filter['op'], value: Filter['value'], negate = false): Filter => ({
  property: 'source',
  op,
  value,
  negate,
});

let w: Warehouse;
beforeAll(async () => {
  w = await Warehouse.open(':memory:');
  const values = ROWS.map(
    ([id, raw]) => `(${id}, ${raw === null ? 'NULL' : `'${raw.replaceAll("'", "''")}'`})`,
  );
  await w.run(
    `CREATE TABLE e AS SELECT id, CAST(raw AS JSON) AS properties FROM (VALUES ${values.join(', ')}) AS t(id, raw)`,
  );
});
afterAll(() => w.close());

async function matching(f: Filter): Promise<number[]> {
  const rows = await w.all<{ id: number }>(
    `SELECT id FROM e WHERE ${compileFilter(EVENTS, 'e', f, 'UTC')} ORDER BY id`,
  );
  return rows.map((r) => Number(r.id));
}

describe('JSON property filters with a raw-text guard', () => {
  it('source = import: the plain, the spaced and the escaped spelling, nothing nested or listed', async () => {
    // 1 plain, 4 \u0069mport, 6 after a space; not Import, imports, im"port, null, missing, other key, list, object.
    expect(await matching(filter('eq', 'import'))).toEqual([1, 4, 6]);
  });

  it('not import: every other row, the missing and the NULL included', async () => {
    expect(await matching(filter('eq', 'import', true))).toEqual([2, 3, 5, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('in [web, api] and not_in [web, api]', async () => {
    // 12 web, 13 \u0061pi = api.
    expect(await matching(filter('in', ['web', 'api']))).toEqual([12, 13]);
    expect(await matching(filter('not_in', ['web', 'api']))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14]);
  });

  it('guards only string literals no other JSON value could render as', () => {
    const guarded = (f: Filter) => compileFilter(EVENTS, 'e', f, 'UTC').includes('CASE WHEN contains(');
    expect(guarded(filter('eq', 'import'))).toBe(true);
    expect(guarded(filter('in', ['web', 'api']))).toBe(true);
    for (const value of ['100.0', '1e2', '-3', 'true', 'null', '{"a":1}', '["x"]', ''])
      expect([value, guarded(filter('eq', value))]).toEqual([value, false]);
    expect(guarded(filter('in', ['web', null]))).toBe(false); // a NULL in the list matches a missing value
    expect(guarded(filter('eq', 5))).toBe(false);
    expect(guarded(filter('contains', 'imp'))).toBe(false);
  });
});
