/**
 * A full `compute` over a stored `milestone_status` publishes only the rows
 * that changed (compiler/publish-changes.ts, compute/stored-status.ts): rows
 * that no longer hold are deleted, new ones inserted, kept rows get the new
 * as_of, and the table ends equal to one fresh full compute's. A stored table
 * that cannot be compared row for row is written whole.
 *
 * setup is any `a` (account level); the accounts are the ones seen in events.
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
timezone: UTC
sources:
  events:
    path: events/*.csv
    columns: {ts: occurred_at, account_id: account, event: event_name}
milestones:
  - id: setup
    name: Setup
    criteria: [{event: a}]
`;

const HEADER = 'occurred_at,account,event_name\n';
// Run 1 (T 01-10): acme and initech reach setup on 01-02, umbrella on 01-03; globex only has a `b`.
const E0 = `${HEADER}2026-01-03 00:00:00,umbrella,a\n`;
const E1 = `${HEADER}2026-01-02 00:00:00,acme,a\n2026-01-02 00:00:00,initech,a\n2026-01-08 00:00:00,globex,b\n`;
// Run 2 (T 01-15): e1 is replaced without initech's event; e2 adds globex's `a` of 01-04,
// acme's backfilled `a` of 2025-11-01 and a new account, hooli, with an `a` on 01-12.
const E1_REPLACED = `${HEADER}2026-01-02 00:00:00,acme,a\n2026-01-08 00:00:00,globex,b\n`;
const E2 = `${HEADER}2026-01-04 00:00:00,globex,a\n2025-11-01 00:00:00,acme,a\n2026-01-12 00:00:00,hooli,a\n`;

const STATUS = `SELECT actor_id, status, CAST(completed_at AS VARCHAR) AS completed_at, CAST(as_of AS VARCHAR) AS as_of
  FROM milestone_status ORDER BY actor_id`;

/**
 * A project over events/e0.csv and e1.csv in a temp dir and a warehouse `w`;
 * `run` loads and computes in full at T (into `w` unless told), recording
 * statement names; `close` closes `w` and removes the dir.
 */
async function setUp() {
  const dir = tempDir('milestones-status-changed-');
  mkdirSync(join(dir, 'events'));
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  writeFileSync(join(dir, 'events', 'e0.csv'), E0);
  writeFileSync(join(dir, 'events', 'e1.csv'), E1);
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  const names: string[] = [];
  const run = async (asOf: string, into: Warehouse = w) => {
    names.length = 0;
    await loadSources(into, project);
    await computeAll(into, project, {
      asOf,
      full: true,
      tables: await readTables(into),
      onStatement: (s) => void names.push(s.name),
    });
  };
  const close = () => {
    w.close();
    removeDir(dir);
  };
  return { dir, w, names, run, close };
}

it('deletes the rows that changed or left, inserts the new ones, and moves as_of on the kept ones', async () => {
  const { dir, w, names, run, close } = await setUp();
  const fresh = await Warehouse.open(':memory:');
  try {
    await run('2026-01-10 00:00:00');
    // The first run has nothing to compare with: the table is written whole.
    expect(names).not.toContain('milestone_status__retire');
    expect(await w.all(STATUS)).toEqual([
      {
        actor_id: 'acme',
        status: 'achieving',
        completed_at: '2026-01-02 00:00:00',
        as_of: '2026-01-10 00:00:00',
      },
      { actor_id: 'globex', status: 'never_achieved', completed_at: null, as_of: '2026-01-10 00:00:00' },
      {
        actor_id: 'initech',
        status: 'achieving',
        completed_at: '2026-01-02 00:00:00',
        as_of: '2026-01-10 00:00:00',
      },
      {
        actor_id: 'umbrella',
        status: 'achieving',
        completed_at: '2026-01-03 00:00:00',
        as_of: '2026-01-10 00:00:00',
      },
    ]);
    writeFileSync(join(dir, 'events', 'e1.csv'), E1_REPLACED);
    writeFileSync(join(dir, 'events', 'e2.csv'), E2);
    await run('2026-01-15 00:00:00');
    expect(names).toContain('milestone_status__retire');
    // acme completed on 2025-11-01 now (its row changes); globex reached setup on 01-04;
    // hooli is new (01-12); initech has no event left, so no row; umbrella is kept, as of 01-15.
    expect(await w.all(STATUS)).toEqual([
      {
        actor_id: 'acme',
        status: 'achieving',
        completed_at: '2025-11-01 00:00:00',
        as_of: '2026-01-15 00:00:00',
      },
      {
        actor_id: 'globex',
        status: 'achieving',
        completed_at: '2026-01-04 00:00:00',
        as_of: '2026-01-15 00:00:00',
      },
      {
        actor_id: 'hooli',
        status: 'achieving',
        completed_at: '2026-01-12 00:00:00',
        as_of: '2026-01-15 00:00:00',
      },
      {
        actor_id: 'umbrella',
        status: 'achieving',
        completed_at: '2026-01-03 00:00:00',
        as_of: '2026-01-15 00:00:00',
      },
    ]);
    // Only the changed rows moved: acme's and globex's old rows and initech's left, their new
    // rows and hooli's came in; umbrella's row stayed where it was (only its as_of changed).
    const changes = '_ms_status__changes';
    expect(await w.all(`SELECT count(*) AS n FROM ${changes} WHERE stored_row IS NOT NULL`)).toEqual([
      { n: 3n },
    ]);
    expect(await w.all(`SELECT actor_id FROM ${changes} WHERE stored_row IS NULL ORDER BY 1`)).toEqual([
      { actor_id: 'acme' },
      { actor_id: 'globex' },
      { actor_id: 'hooli' },
    ]);
    // Every column equals what one full compute over the final files publishes.
    await run('2026-01-15 00:00:00', fresh);
    const all = 'SELECT * FROM milestone_status ORDER BY ALL';
    expect(await w.all(all)).toEqual(await fresh.all(all));
  } finally {
    fresh.close();
    close();
  }
});

it('writes the table whole when a stored row is repeated (a hand edit)', async () => {
  const { w, names, run, close } = await setUp();
  try {
    await run('2026-01-10 00:00:00');
    // Two equal acme rows would both match the new one and both survive a compare.
    await w.run(`INSERT INTO milestone_status SELECT * FROM milestone_status WHERE actor_id = 'acme'`);
    await run('2026-01-10 00:00:00');
    expect(names).not.toContain('milestone_status__retire');
    // Run 1's four accounts (see above), once each.
    expect((await w.all(STATUS)).map((r) => r.actor_id)).toEqual(['acme', 'globex', 'initech', 'umbrella']);
  } finally {
    close();
  }
});

it('writes the table whole over an older layout or an emptied table', async () => {
  const { w, names, run, close } = await setUp();
  try {
    await w.run(`CREATE TABLE milestone_status AS SELECT 'setup' AS milestone_id, 'acme' AS actor_id`);
    await run('2026-01-10 00:00:00');
    expect(names).not.toContain('milestone_status__retire');
    expect((await w.columns('milestone_status')).map((c) => c.name)).toContain('on_time');
    await w.run('DELETE FROM milestone_status');
    await run('2026-01-10 00:00:00');
    expect(names).not.toContain('milestone_status__retire');
    expect((await w.all(STATUS)).map((r) => r.actor_id)).toEqual(['acme', 'globex', 'initech', 'umbrella']);
  } finally {
    close();
  }
});
