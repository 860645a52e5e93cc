/**
 * A journey's actions continued from the last run's (sql/journeys/actions-continued.sql),
 * worked by hand: a run that rebuilds no actor adds the events after T0 to the
 * stored count of each stage, and publishes what a full compute publishes.
 *
 * setup is any `a`, active the second `b`; the journey is setup -> active. T0 = 01-10,
 * T = 01-15.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { RunMode } from '../../src/compute/run-compute.js';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { loadAndCompute } from '../helpers/load-and-compute.js';
import { removeDir, tempDir } from '../helpers/temp-dir.js';

const CONFIG = `version: 1
timezone: UTC
sources:
  events:
    path: events/*.csv
    columns: {ts: occurred_at, account_id: account, event: event_name}
milestones:
  - id: setup
    name: Setup
    criteria: [{event: a}]
  - id: active
    name: Active
    criteria: [{event: b, at_least: 2}]
journeys:
  - id: life
    name: Life
    stages: [setup, active]
`;

// acme: setup at 01-02, active at 01-10 00:00 (its second b), exactly T0.
const FIRST = `occurred_at,account,event_name
2026-01-02 00:00:00,acme,a
2026-01-05 00:00:00,acme,b
2026-01-10 00:00:00,acme,b
`;
// After T0: acme b at 01-12 (in active); globex reaches setup on 01-13, one b on 01-14.
const SECOND = `occurred_at,account,event_name
2026-01-12 00:00:00,acme,b
2026-01-13 00:00:00,globex,a
2026-01-14 00:00:00,globex,b
`;

const ACTIONS = `SELECT milestone_id, actions FROM journey_travelers ORDER BY stage_index`;

it('adds the events after T0 to the stored actions of each stage', async () => {
  const dir = tempDir('milestones-journeys-continued-');
  mkdirSync(join(dir, 'events'));
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  writeFileSync(join(dir, 'events', 'e1.csv'), FIRST);
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  const full = await Warehouse.open(':memory:');
  const modes: RunMode[] = [];
  const run = (into: Warehouse, asOf: string, full = false) =>
    loadAndCompute(into, project, asOf, { full, onMode: (m) => modes.push(m) });
  try {
    await run(w, '2026-01-10 00:00:00');
    // At T0: acme's setup stay [01-02, 01-10) holds a (01-02) and b (01-05); its active stay,
    // from 01-10, the b of 01-10.
    expect(await w.allJson(ACTIONS)).toEqual([
      { milestone_id: 'setup', actions: '2' },
      { milestone_id: 'active', actions: '1' },
    ]);
    writeFileSync(join(dir, 'events', 'e2.csv'), SECOND);
    await run(w, '2026-01-15 00:00:00');
    expect(modes[1]).toMatchObject({ mode: 'incremental', actors: 0n, journeys: 'continued' });
    // setup: 2 stored + globex's a (01-13) and b (01-14) = 4; active: 1 stored (the b of
    // 01-10, at T0: not counted again) + acme's b of 01-12 = 2.
    expect(await w.allJson(ACTIONS)).toEqual([
      { milestone_id: 'setup', actions: '4' },
      { milestone_id: 'active', actions: '2' },
    ]);
    await run(full, '2026-01-15 00:00:00', true);
    const all = 'SELECT * FROM journey_travelers ORDER BY ALL';
    expect(await w.allJson(all)).toEqual(await full.allJson(all));
  } finally {
    w.close();
    full.close();
    removeDir(dir);
  }
});
