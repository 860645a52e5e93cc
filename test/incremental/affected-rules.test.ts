/**
 * The three kinds of "pending instant" an incremental run must see (docs/FEED.md
 * "Incremental compute"), one tiny hand-worked case each: an actor with NO new
 * event and no file change whose answer changes between T0 and T1 only because
 * time passed. A rolling window is read from T0 - D (sql/statuses/counted-since.sql),
 * so the event leaving it is read again; a deadline is applied by the states,
 * recomputed from every flip; an evaluation start arriving rebuilds the actor
 * (sql/statuses/affected-direct.sql). Each case fails when its mechanism is removed.
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

const HEAD = `version: 1
timezone: UTC
sources:
  events:
    path: events/*.csv
    columns: {ts: occurred_at, account_id: account, event: event_name}
milestones:
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-affected-'));
  mkdirSync(join(dir, 'events'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Computes at T0 (first run, full) then at T1 (no new file: incremental); returns a1's status and history at T1. */
async function twoRuns(milestones: string, events: string, t0: string, t1: string) {
  writeFileSync(join(dir, 'milestones.yaml'), HEAD + milestones);
  writeFileSync(join(dir, 'events', 'e.csv'), 'occurred_at,account,event_name\n' + events);
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  try {
    const modes: RunMode['mode'][] = [];
    await loadSources(w, project);
    await computeAll(w, project, {
      asOf: t0,
      tables: await readTables(w),
      onMode: (m) => modes.push(m.mode),
    });
    const before = await w.allJson<Record<string, unknown>>(
      `SELECT status, deadline_missed FROM milestone_status WHERE actor_id = 'a1'`,
    );
    await loadSources(w, project);
    await computeAll(w, project, {
      asOf: t1,
      tables: await readTables(w),
      onMode: (m) => modes.push(m.mode),
    });
    expect(modes).toEqual(['full', 'incremental']);
    const after = await w.allJson<Record<string, unknown>>(
      `SELECT status, deadline_missed, CAST(as_of AS VARCHAR) AS as_of FROM milestone_status WHERE actor_id = 'a1'`,
    );
    const history = await w.allJson<Record<string, unknown>>(
      `SELECT CAST(ts AS VARCHAR) AS ts, type FROM milestone_history WHERE actor_id = 'a1' ORDER BY ts, type`,
    );
    return { before, after, history };
  } finally {
    w.close();
  }
}

it('rolling window: an event leaving `last: 7d` between T0 and T1 is recomputed though nothing new came', async () => {
  // b at 01-01 00:00 holds `last: 7d` over [ts, ts + 7d) = until 01-08 00:00.
  // T0 = 01-02: achieving. T1 = 01-10 (8 days on, no new event): the event left
  // the window at 01-08 00:00, in (T0, T1] -> not_achieving, milestone_lost at 01-08.
  const r = await twoRuns(
    `  - id: active\n    name: Active\n    criteria: [{event: b, within: {last: 7d}}]\n`,
    '2026-01-01 00:00:00,a1,b\n',
    '2026-01-02 00:00:00',
    '2026-01-10 00:00:00',
  );
  expect(r.before).toEqual([{ status: 'achieving', deadline_missed: false }]);
  expect(r.after).toEqual([
    { status: 'not_achieving', deadline_missed: false, as_of: '2026-01-10 00:00:00' },
  ]);
  expect(r.history.filter((h) => h.type === 'milestone_lost')).toEqual([
    { ts: '2026-01-08 00:00:00', type: 'milestone_lost' },
  ]);
});

it('deadline: a deadline falling between T0 and T1 is recomputed though nothing new came', async () => {
  // a1's only event (c, not the criterion a) at 01-01 00:00 = first_seen; deadline 2d -> 01-03 00:00.
  // T0 = 01-02: not yet missed. T1 = 01-04: deadline in (T0, T1], not completed -> deadline_missed.
  const r = await twoRuns(
    `  - id: setup\n    name: Setup\n    criteria: [{event: a}]\n    evaluation: {start: first_seen, deadline: 2d}\n`,
    '2026-01-01 00:00:00,a1,c\n',
    '2026-01-02 00:00:00',
    '2026-01-04 00:00:00',
  );
  expect(r.before).toEqual([{ status: 'never_achieved', deadline_missed: false }]);
  expect(r.after).toEqual([
    { status: 'never_achieved', deadline_missed: true, as_of: '2026-01-04 00:00:00' },
  ]);
});

it('evaluation start: a fixed start falling between T0 and T1 is recomputed though nothing new came', async () => {
  // Start 2026-01-05; a1's event at 01-01 is before it (does not count).
  // T0 = 01-02: start after T -> not_started. T1 = 01-06: start in (T0, T1] -> started, never held -> never_achieved.
  const r = await twoRuns(
    `  - id: setup\n    name: Setup\n    criteria: [{event: a}]\n    evaluation: {start: 2026-01-05}\n`,
    '2026-01-01 00:00:00,a1,a\n',
    '2026-01-02 00:00:00',
    '2026-01-06 00:00:00',
  );
  expect(r.before).toEqual([{ status: 'not_started', deadline_missed: false }]);
  expect(r.after).toEqual([
    { status: 'never_achieved', deadline_missed: false, as_of: '2026-01-06 00:00:00' },
  ]);
});

it('a new actor with no flip: first seen after T0 under a start before it still gets its status row', async () => {
  // Fixed start 2026-01-01, criterion: 2 x. a1's x at 01-01 12:00; a2's only x at 01-03.
  // T0 = 01-02: a2 is not seen yet (no row). T1 = 01-04: a2 is an actor, its start (01-01) is
  // before T0 and one x flips nothing, so no rule but "no stored row" recomputes it:
  // -> never_achieved, progress 0 (a1 too: one x each).
  writeFileSync(
    join(dir, 'milestones.yaml'),
    HEAD +
      `  - id: m\n    name: M\n    criteria: [{event: x, at_least: 2}]\n    evaluation: {start: 2026-01-01}\n`,
  );
  writeFileSync(
    join(dir, 'events', 'e.csv'),
    'occurred_at,account,event_name\n2026-01-01 12:00:00,a1,x\n2026-01-03 00:00:00,a2,x\n',
  );
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  try {
    const modes: RunMode['mode'][] = [];
    for (const asOf of ['2026-01-02 00:00:00', '2026-01-04 00:00:00']) {
      await loadSources(w, project);
      await computeAll(w, project, { asOf, tables: await readTables(w), onMode: (m) => modes.push(m.mode) });
    }
    expect(modes).toEqual(['full', 'incremental']);
    expect(
      await w.allJson(`SELECT actor_id, status, progress FROM milestone_status ORDER BY actor_id`),
    ).toEqual([
      { actor_id: 'a1', status: 'never_achieved', progress: 0 },
      { actor_id: 'a2', status: 'never_achieved', progress: 0 },
    ]);
  } finally {
    w.close();
  }
});
