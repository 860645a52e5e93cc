/**
 * A `start: {property}` read from an untyped (packed) account column:
 * naive text is wall-clock time in the config's zone, as the loader reads a
 * naive time, and as a typed TIMESTAMP column is (compiler/time.ts
 * propertyInstant). It had been read as UTC (found by review).
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

const started = (id: string) => `  - id: ${id}
    name: ${id}
    criteria: [{event: e1}]
    evaluation: {start: {property: ${id}}}
`;

it('reads naive, zoned and date-only text in the zone it names, else the config zone', async () => {
  const dir = tempDir('milestones-property-instants-');
  writeFileSync(
    join(dir, 'accounts.csv'),
    'id,naive,zoned,utc,day,typed\n' +
      'x,2026-01-05 09:00:00,2026-01-05T09:00:00+02:00,2026-01-05 09:00:00 UTC,2026-01-05,2026-01-05 09:00:00\n',
  );
  writeFileSync(join(dir, 'events.csv'), 'ts,account_id,event\n2026-01-05 07:00:00,x,e1\n');
  writeFileSync(
    join(dir, 'milestones.yaml'),
    'version: 1\ntimezone: America/New_York\nsources:\n  events:\n    path: events.csv\n' +
      '  accounts:\n    path: accounts.csv\n    columns: {account_id: id}\n    properties: {typed: TIMESTAMP}\n' +
      'milestones:\n' +
      ['naive', 'zoned', 'utc', 'day', 'typed'].map(started).join(''),
  );
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  try {
    await loadSources(w, project);
    await computeAll(w, project, { asOf: '2026-02-01 00:00:00', tables: await readTables(w), full: true });
    const rows = await w.all<{ milestone_id: string; start: string }>(
      `SELECT "milestone_id", strftime("evaluation_start", '%Y-%m-%d %H:%M') AS "start" FROM "milestone_status" ORDER BY 1`,
    );
    // New York is UTC-5 in January: 09:00 local = 14:00Z (naive, typed); +02:00 -> 07:00Z;
    // "UTC" -> 09:00Z; a date alone -> local midnight = 05:00Z.
    expect(Object.fromEntries(rows.map((r) => [r.milestone_id, r.start]))).toEqual({
      day: '2026-01-05 05:00',
      naive: '2026-01-05 14:00',
      typed: '2026-01-05 14:00',
      utc: '2026-01-05 09:00',
      zoned: '2026-01-05 07:00',
    });
  } finally {
    w.close();
  }
});
