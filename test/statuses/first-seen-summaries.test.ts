/**
 * The actors' first_seen (and a contact's account) read from the stored
 * per-file summaries (compiler/statuses/first-seen.ts) on every compute after
 * the first: a replaced file's summary must be dropped, and an as-of time
 * before a file's later events must ignore them, exactly as the grouped scan
 * of the events did. Hand-worked expectations beside each assertion.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { computeAll } from '../../src/compute/run-compute.js';
import { loadProject } from '../../src/definitions/load-definitions.js';
import type { Project } from '../../src/definitions/model.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { refreshFirstSeen } from '../../src/warehouse/first-seen-summaries.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { tempDir } from '../helpers/temp-dir.js';

const CONFIG = `version: 1
timezone: UTC
sources:
  events:
    path: events/*.csv
    columns: {ts: occurred_at, account_id: account, contact_id: user, event: event_name}
milestones:
  - id: setup
    name: Setup
    criteria: [{event: app_installed}]
    evaluation: {start: first_seen, deadline: 10d}
  - id: user_active
    name: User active
    level: contact
    criteria: [{event: report_created}]
    evaluation: {start: first_seen}
`;

let dir: string;
let project: Project;
beforeEach(() => {
  dir = tempDir('milestones-first-seen-');
  mkdirSync(join(dir, 'events'));
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  project = loadProject(join(dir, 'milestones.yaml'));
});

const file = (name: string, rows: string) =>
  writeFileSync(join(dir, 'events', name), 'occurred_at,account,user,event_name\n' + rows);

async function compute(w: Warehouse, asOf: string): Promise<void> {
  await loadSources(w, project);
  await computeAll(w, project, { asOf, tables: await readTables(w), full: true });
}

const status = (w: Warehouse, actor: string) =>
  w.allJson<Record<string, unknown>>(
    `SELECT account_id, CAST(evaluation_start AS VARCHAR) AS start, on_time
     FROM milestone_status WHERE actor_id = '${actor}'`,
  );

it('a replaced file: first_seen comes from its new rows, and its old summary is forgotten', async () => {
  const w = await Warehouse.open(':memory:');
  try {
    file('a.csv', '2026-01-05 00:00:00,acme,,page_view\n2026-01-20 00:00:00,acme,,app_installed\n');
    await compute(w, '2026-02-01 00:00:00');
    // first_seen 01-05, deadline 01-15, installed 01-20: late.
    expect(await status(w, 'acme')).toEqual([
      { account_id: 'acme', start: '2026-01-05 00:00:00', on_time: false },
    ]);
    const [first] = await w.allJson<{ n: unknown }>(
      'SELECT count(DISTINCT load_id) AS n FROM _ms_load_first_seen',
    );
    expect(String(first?.n)).toBe('1');

    // The same file rewritten: acme's first event is now 01-12 -> deadline 01-22, installed 01-20: on time.
    // The stored summary of the old rows (01-05) must not count.
    file('a.csv', '2026-01-12 00:00:00,acme,,page_view\n2026-01-20 00:00:00,acme,,app_installed\n');
    await compute(w, '2026-02-01 00:00:00');
    expect(await status(w, 'acme')).toEqual([
      { account_id: 'acme', start: '2026-01-12 00:00:00', on_time: true },
    ]);
    // One load summarized: the new one; the replaced one's rows were deleted.
    const rows = await w.allJson<{ first_seen: string }>(
      'SELECT CAST(first_seen AS VARCHAR) AS first_seen FROM _ms_load_first_seen',
    );
    expect(rows).toEqual([{ first_seen: '2026-01-12 00:00:00' }]);
  } finally {
    w.close();
  }
});

it('a file whose summary was never stored (a load stopped after its commit): compute summarizes it itself', async () => {
  const w = await Warehouse.open(':memory:');
  try {
    file('a.csv', '2026-01-10 00:00:00,acme,,page_view\n2026-01-20 00:00:00,acme,,app_installed\n');
    file('b.csv', '2026-01-05 00:00:00,acme,,page_view\n');
    await loadSources(w, project);
    // The load stores summaries after its commit, in a transaction of its own: take b.csv's away,
    // as a run killed between the two would leave it.
    await w.run(
      `DELETE FROM _ms_load_first_seen WHERE load_id = (SELECT CAST(load_id AS VARCHAR) FROM _loaded_files WHERE path LIKE '%b.csv')`,
    );
    const [left] = await w.allJson<{ n: unknown }>(
      'SELECT count(DISTINCT load_id) AS n FROM _ms_load_first_seen',
    );
    expect(String(left?.n)).toBe('1'); // a.csv's only
    await computeAll(w, project, { asOf: '2026-02-01 00:00:00', tables: await readTables(w), full: true });
    // first_seen is b.csv's 01-05 (not a.csv's 01-10): deadline 01-15, installed 01-20: late.
    expect(await status(w, 'acme')).toEqual([
      { account_id: 'acme', start: '2026-01-05 00:00:00', on_time: false },
    ]);
  } finally {
    w.close();
  }
});

it('a stored summary with events after T: only those at or before T count, for first_seen and the account', async () => {
  const w = await Warehouse.open(':memory:');
  try {
    // c1 acts for zeta on 01-15 and for acme on 01-25 (one file, so one load summarizes both).
    file('a.csv', '2026-01-15 00:00:00,zeta,c1,report_created\n2026-01-25 00:00:00,acme,c1,report_created\n');
    await compute(w, '2026-02-01 00:00:00');
    // At 02-01 both events count: account min('acme', 'zeta') = acme, first_seen 01-15.
    expect(await status(w, 'c1')).toEqual([
      { account_id: 'acme', start: '2026-01-15 00:00:00', on_time: null },
    ]);
    // acme: first event 01-25, deadline 02-04 still ahead of T -> on_time pending (NULL).
    expect(await status(w, 'acme')).toEqual([
      { account_id: 'acme', start: '2026-01-25 00:00:00', on_time: null },
    ]);

    // Again at 01-20, now from the stored summary: only the zeta event is at or before T,
    // so c1 belongs to zeta, and acme (first event 01-25, after T) is not an actor at all.
    await compute(w, '2026-01-20 00:00:00');
    expect(await status(w, 'c1')).toEqual([
      { account_id: 'zeta', start: '2026-01-15 00:00:00', on_time: null },
    ]);
    expect(await status(w, 'acme')).toEqual([]);
  } finally {
    w.close();
  }
});

it('contacts moving to another account: the files whose accounts came from contacts are summarized again', async () => {
  writeFileSync(
    join(dir, 'milestones.yaml'),
    CONFIG.replace(
      'milestones:\n',
      '  contacts:\n    path: contacts.csv\n    columns: {contact_id: id, account_id: account}\nmilestones:\n',
    ),
  );
  project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  const setupRows = () =>
    w.allJson<Record<string, unknown>>(
      `SELECT actor_id, CAST(evaluation_start AS VARCHAR) AS start FROM milestone_status
       WHERE milestone_id = 'setup' ORDER BY actor_id`,
    );
  try {
    // c1's event names no account: it takes c1's account from contacts, acme.
    file('a.csv', '2026-01-10 00:00:00,,c1,report_created\n');
    writeFileSync(join(dir, 'contacts.csv'), 'id,account\nc1,acme\n');
    await compute(w, '2026-02-01 00:00:00');
    expect(await setupRows()).toEqual([{ actor_id: 'acme', start: '2026-01-10 00:00:00' }]);

    // c1 moves to globex: the loader re-resolves the event's account, so globex is first seen
    // 01-10 and acme has no event left. The stored summary (acme, c1) must not be reused.
    writeFileSync(join(dir, 'contacts.csv'), 'id,account\nc1,globex\n');
    await compute(w, '2026-02-01 00:00:00');
    expect(await setupRows()).toEqual([{ actor_id: 'globex', start: '2026-01-10 00:00:00' }]);
    // The per-file actors list (for incremental runs) names the new pair too, not the old one.
    expect(await w.allJson('SELECT account_id, contact_id FROM _ms_load_actors')).toEqual([
      { account_id: 'globex', contact_id: 'c1' },
    ]);
  } finally {
    w.close();
  }
});

it('the loader does not summarize a file again whose id it does not take as a constant', async () => {
  // Events written by another tool with a 19-digit load id (numericIds takes 1 to 18 digits):
  // a1 at 01-01 and 01-02 -> one summary row (a1, first seen 01-01), however often the loader refreshes.
  const w = await Warehouse.open(':memory:');
  await w.run(`CREATE TABLE events (ts TIMESTAMP, account_id VARCHAR, contact_id VARCHAR, event VARCHAR, "_load_id" BIGINT);
    INSERT INTO events VALUES ('2026-01-01', 'a1', NULL, 'x', 1234567890123456789), ('2026-01-02', 'a1', NULL, 'x', 1234567890123456789)`);
  await refreshFirstSeen(w);
  await refreshFirstSeen(w);
  expect(
    await w.all(
      'SELECT load_id, account_id, CAST(first_seen AS VARCHAR) AS first_seen FROM _ms_load_first_seen',
    ),
  ).toEqual([{ load_id: '1234567890123456789', account_id: 'a1', first_seen: '2026-01-01 00:00:00' }]);
  w.close();
});
