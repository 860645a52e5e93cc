/**
 * A number written as text against a number column compares as that number
 * (compiler/filters.ts): `gte: "10"` had compared as text, so an amount of 9
 * passed ("9" > "10"; found by review). A whole one is exact, so an id
 * beyond 2^53, quoted because YAML rounds such numbers, is the id written.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { computeAll } from '../../src/compute/run-compute.js';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { tempDir } from '../helpers/temp-dir.js';

const CONFIG = `version: 1
timezone: UTC
sources:
  events:
    path: events.csv
    properties: {amount: DOUBLE, n: BIGINT}
milestones:
  - id: big
    criteria: [{event: buy, where: {amount: {gte: "10"}}}]
  - id: exact
    criteria: [{event: buy, where: {n: '9007199254740993'}}]
`;

it('compares quoted numbers as numbers against number columns, whole ones exactly', async () => {
  const dir = tempDir('milestones-number-text-');
  // a: amount 9, n 2^53 + 1; b: amount 10, n 2^53; c: amount 100.
  writeFileSync(
    join(dir, 'events.csv'),
    'ts,account_id,event,amount,n\n' +
      '2026-01-01 10:00:00,a,buy,9,9007199254740993\n' +
      '2026-01-01 10:00:00,b,buy,10,9007199254740992\n' +
      '2026-01-01 10:00:00,c,buy,100,1\n',
  );
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  try {
    await loadSources(w, project);
    await computeAll(w, project, { asOf: '2026-02-01 00:00:00', tables: await readTables(w), full: true });
    const rows = await w.all<{ milestone_id: string; actors: string }>(
      `SELECT "milestone_id", string_agg("actor_id", ',' ORDER BY "actor_id") AS "actors"
       FROM "milestone_status" WHERE "status" = 'achieving' GROUP BY 1 ORDER BY 1`,
    );
    // big: 10 and 100 are at least 10; 9 is not (as text, all three are: "9", "10", "100" >= "10").
    // exact: only a's n is 9007199254740993 (b's differs by one; a double could not tell them apart).
    expect(Object.fromEntries(rows.map((r) => [r.milestone_id, r.actors]))).toEqual({
      big: 'b,c',
      exact: 'a',
    });
  } finally {
    w.close();
  }
});
