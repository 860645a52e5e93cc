/**
 * Local days over loaded files: the bucket map (sql/statuses/local-days.sql)
 * starts at the first event's time read from the loads' summaries, not from
 * the events. Worked by hand in America/New_York (UTC-5 in January).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { computeAll } from '../../src/compute/run-compute.js';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { removeDir, tempDir } from '../helpers/temp-dir.js';

const CONFIG = `version: 1
timezone: America/New_York
sources:
  events:
    path: events/*.csv
    columns: {ts: occurred_at, account_id: account, event: event_name}
milestones:
  - id: days
    name: Days
    criteria: [{event: b, count: active_days, at_least: 2}]
`;

it('counts the local day of the very first event', async () => {
  const dir = tempDir('milestones-local-days-');
  mkdirSync(join(dir, 'events'));
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  // Naive times are read in the config's zone: 01-01 22:00 and 01-02 01:00 in New York are
  // 01-02 03:00 and 06:00 UTC, two local days in one UTC day. The first is the first event of
  // all: its bucket opens the map (globex, first seen later, must not).
  writeFileSync(
    join(dir, 'events', 'e1.csv'),
    'occurred_at,account,event_name\n2026-01-01 22:00:00,acme,b\n2026-01-02 01:00:00,acme,b\n2026-01-05 12:00:00,globex,b\n',
  );
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  try {
    await loadSources(w, project);
    await computeAll(w, project, { tables: await readTables(w) });
    // Second local day at 01-02 06:00 UTC: achieving from then.
    expect(
      await w.allJson(
        `SELECT status, CAST(completed_at AS VARCHAR) AS completed_at FROM milestone_status WHERE actor_id = 'acme'`,
      ),
    ).toEqual([{ status: 'achieving', completed_at: '2026-01-02 06:00:00' }]);
  } finally {
    w.close();
    removeDir(dir);
  }
});
