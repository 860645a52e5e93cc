/**
 * An incremental run that would rebuild more than half of the stored actors
 * from their start (late events, files gone: `_ms_affected`) turns into a
 * full run (src/compute/run-compute.ts FULL_FALLBACK); new events after the
 * last run's T rebuild nobody (every actor continues from the stored state).
 * The limit is lowered here (minActors 1) so that three actors show it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { computeAll, type RunMode } from '../../src/compute/run-compute.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';

const CONFIG = `version: 1
timezone: UTC
sources:
  events:
    path: events/*.csv
    columns: {ts: occurred_at, account_id: account, event: event_name}
milestones:
  - id: twice
    name: Twice
    criteria: [{event: a, at_least: 2}]
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-fallback-'));
  mkdirSync(join(dir, 'events'));
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  // a1, a2, a3 each have one `a` at T0's day: none holds `at_least: 2`.
  writeFileSync(
    join(dir, 'events', 'e0.csv'),
    'occurred_at,account,event_name\n2026-01-01 10:00:00,a1,a\n2026-01-01 10:00:00,a2,a\n2026-01-01 10:00:00,a3,a\n',
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * First run (full), a new file with `newRows` (under `header`), second run;
 * the second run's mode and who is `achieving`.
 */
async function secondRun(newRows: string, header = 'occurred_at,account,event_name') {
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  try {
    const modes: RunMode[] = [];
    const run = async () => {
      await loadSources(w, project);
      await computeAll(w, project, {
        tables: await readTables(w),
        fullFallback: { share: 0.5, minActors: 1 },
        onMode: (m) => modes.push(m),
      });
    };
    await run();
    writeFileSync(join(dir, 'events', 'e1.csv'), `${header}\n${newRows}`);
    await run();
    const achieving = await w.allJson<{ actor_id: string }>(
      `SELECT actor_id FROM milestone_status WHERE status = 'achieving' ORDER BY actor_id`,
    );
    return { mode: modes[1]!, achieving: achieving.map((r) => r.actor_id) };
  } finally {
    w.close();
  }
}

it('turns into a full run when more than half of the actors have late events', async () => {
  // Late `a` for a1 and a2 at 09:00, before the first run's T (10:00): 2 of 3 actors directly
  // rebuilt (> 1.5) -> full, decided before their accounts and contacts are added ("or
  // more"); both reach 2 events.
  const r = await secondRun('2026-01-01 09:00:00,a1,a\n2026-01-01 09:00:00,a2,a\n');
  expect(r.mode).toEqual({
    mode: 'full',
    reason: '2 or more of 3 actors changed: a full compute costs less',
  });
  expect(r.achieving).toEqual(['a1', 'a2']);
});

it('stays incremental when at most half of the actors have late events', async () => {
  // A late `a` for a1 only: 1 of 3 actors rebuilt (<= 1.5) -> incremental, 1 actor rebuilt.
  const r = await secondRun('2026-01-01 09:00:00,a1,a\n');
  expect(r.mode).toEqual({
    mode: 'incremental',
    actors: 1n,
    conversions: 'none',
    cx: 'none',
    journeys: 'none',
  });
  expect(r.achieving).toEqual(['a1']);
});

it('rebuilds nobody when every new event is after the last T', async () => {
  // New `a` for all three on 01-02: each continues from its stored count (1) and reaches 2.
  const r = await secondRun('2026-01-02 10:00:00,a1,a\n2026-01-02 10:00:00,a2,a\n2026-01-02 10:00:00,a3,a\n');
  expect(r.mode).toEqual({
    mode: 'incremental',
    actors: 0n,
    conversions: 'none',
    cx: 'none',
    journeys: 'none',
  });
  expect(r.achieving).toEqual(['a1', 'a2', 'a3']);
});

it('turns full once the accounts and contacts of the direct ones pass the share', async () => {
  // Stored actors: acme with contacts c1, c2, c3, and beta (5). A late event of c1 (acme's):
  // directly {acme, c1} = 2 <= 2.5, so the run goes on; with acme's other contacts
  // {acme, c1, c2, c3} = 4 > 2.5 -> full, decided on the whole affected set.
  writeFileSync(
    join(dir, 'milestones.yaml'),
    CONFIG.replace(
      '{ts: occurred_at, account_id: account, event: event_name}',
      '{ts: occurred_at, account_id: account, contact_id: user, event: event_name}',
    )
      .replace(
        'milestones:\n',
        '  contacts:\n    path: contacts.csv\n    columns: {contact_id: id, account_id: account}\nmilestones:\n',
      )
      .concat('  - id: active\n    name: Active\n    level: contact\n    criteria: [{event: a}]\n'),
  );
  writeFileSync(join(dir, 'contacts.csv'), 'id,account\nc1,acme\nc2,acme\nc3,acme\n');
  writeFileSync(
    join(dir, 'events', 'e0.csv'),
    'occurred_at,account,user,event_name\n2026-01-01 10:00:00,acme,c1,a\n2026-01-01 10:00:00,acme,c2,a\n' +
      '2026-01-01 10:00:00,acme,c3,a\n2026-01-01 10:00:00,beta,,a\n',
  );
  const r = await secondRun('2026-01-01 09:00:00,acme,c1,a\n', 'occurred_at,account,user,event_name');
  expect(r.mode).toEqual({ mode: 'full', reason: '4 of 5 actors changed: a full compute costs less' });
});
