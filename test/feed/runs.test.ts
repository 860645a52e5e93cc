/**
 * Runs and retractions (docs/FEED.md): each publish is a run; history rows
 * keep the run that first published them; a rerun on the same data
 * publishes nothing; a late event that moves a completion retracts the old
 * row (recorded with both runs) and publishes the new one; the feed log
 * numbers it all, retractions first within a run.
 */
import { expect, it } from 'vitest';
import { compute, ev, milestone, project, warehouseWith } from '../statuses/harness.js';
import type { Warehouse } from '../../src/warehouse/session.js';
import { compilePlan } from '../../src/compiler/statuses/plan.js';
import { RUN_STAGED } from '../../src/compiler/runs/names.js';
import type { StoredHistory } from '../../src/compiler/runs/publish.js';
import { storedHistory } from '../../src/compute/stored-status.js';

const TEXT = (c: string) => `strftime(${c}, '%m-%d %H:%M') AS ${c}`;

const runs = (w: Warehouse) =>
  w.all('SELECT run_id, mode, published, retracted FROM milestone_runs ORDER BY run_id');
const history = (w: Warehouse) =>
  w.all(`SELECT actor_id, ${TEXT('ts')}, type, published_run FROM milestone_history ORDER BY ALL`);
const feed = (w: Warehouse) =>
  w.all(
    `SELECT seq, run_id, change, actor_id, ${TEXT('ts')}, type, published_run FROM milestone_feed ORDER BY seq`,
  );

// m: at least 2 x since first_seen. a1: x on 01-01 and 01-03 -> completed 01-03 (T = 01-03, the latest event).
const P = project([milestone('m', [ev('x', { atLeast: 2 })])]);

it('a rerun on the same data is a run that publishes nothing; history rows keep their first run', async () => {
  const w = await warehouseWith([
    ['2026-01-01 00:00:00', 'a1', null, 'x'],
    ['2026-01-03 00:00:00', 'a1', null, 'x'],
  ]);
  await compute(w, P);
  await compute(w, P);
  // Run 1 published a1's completion; run 2 found the same row and kept run 1 on it.
  expect(await runs(w)).toEqual([
    { run_id: 1n, mode: 'full', published: 1n, retracted: 0n },
    { run_id: 2n, mode: 'full', published: 0n, retracted: 0n },
  ]);
  expect(await history(w)).toEqual([
    { actor_id: 'a1', ts: '01-03 00:00', type: 'milestone_completed', published_run: 1n },
  ]);
  expect(await feed(w)).toHaveLength(1);
  expect(await w.all('SELECT count(*) AS n FROM milestone_retractions')).toEqual([{ n: 0n }]);
  w.close();
});

it('a late event retracts the completion it moved, records which runs, and feeds retraction then replacement', async () => {
  const w = await warehouseWith([
    ['2026-01-01 00:00:00', 'a1', null, 'x'],
    ['2026-01-03 00:00:00', 'a1', null, 'x'],
  ]);
  await compute(w, P);
  // Late: a1's x on 01-02 (before run 1's T) -> a1 completes on 01-02, not 01-03.
  // New: a2's two x on 01-02 10:00 and 11:00 -> completed 01-02 11:00. T stays 01-03.
  await w.run(`INSERT INTO events (ts, account_id, event) VALUES
    ('2026-01-02 00:00:00', 'a1', 'x'), ('2026-01-02 10:00:00', 'a2', 'x'), ('2026-01-02 11:00:00', 'a2', 'x')`);
  await compute(w, P);
  expect(await runs(w)).toEqual([
    { run_id: 1n, mode: 'full', published: 1n, retracted: 0n },
    { run_id: 2n, mode: 'full', published: 2n, retracted: 1n },
  ]);
  expect(await history(w)).toEqual([
    { actor_id: 'a1', ts: '01-02 00:00', type: 'milestone_completed', published_run: 2n },
    { actor_id: 'a2', ts: '01-02 11:00', type: 'milestone_completed', published_run: 2n },
  ]);
  expect(
    await w.all(
      `SELECT actor_id, ${TEXT('ts')}, type, published_run, retracted_run FROM milestone_retractions`,
    ),
  ).toEqual([
    { actor_id: 'a1', ts: '01-03 00:00', type: 'milestone_completed', published_run: 1n, retracted_run: 2n },
  ]);
  // seq 1: run 1's row; run 2: the retraction first (it names run 1), then the new rows by instant.
  expect(await feed(w)).toEqual([
    {
      seq: 1n,
      run_id: 1n,
      change: 'published',
      actor_id: 'a1',
      ts: '01-03 00:00',
      type: 'milestone_completed',
      published_run: 1n,
    },
    {
      seq: 2n,
      run_id: 2n,
      change: 'retracted',
      actor_id: 'a1',
      ts: '01-03 00:00',
      type: 'milestone_completed',
      published_run: 1n,
    },
    {
      seq: 3n,
      run_id: 2n,
      change: 'published',
      actor_id: 'a1',
      ts: '01-02 00:00',
      type: 'milestone_completed',
      published_run: 2n,
    },
    {
      seq: 4n,
      run_id: 2n,
      change: 'published',
      actor_id: 'a2',
      ts: '01-02 11:00',
      type: 'milestone_completed',
      published_run: 2n,
    },
  ]);
  w.close();
});

it('a history from before runs existed (no published_run) is published again by the first run', async () => {
  const w = await warehouseWith([
    ['2026-01-01 00:00:00', 'a1', null, 'x'],
    ['2026-01-02 00:00:00', 'a1', null, 'x'],
  ]);
  // The old layout: milestone_history without published_run, holding a1's completion on 01-02.
  await w.run(`CREATE TABLE milestone_history AS SELECT 'm' AS milestone_id, 'account' AS level, 'a1' AS actor_id,
    'a1' AS account_id, TIMESTAMP '2026-01-02 00:00:00' AS ts, 'milestone_completed' AS type, TRUE AS holds,
    CAST(100 AS DOUBLE) AS progress, CAST(0 AS DOUBLE) AS previous_progress`);
  await compute(w, P);
  // It never reached a feed, so the first run publishes it (and retracts nothing).
  expect(await history(w)).toEqual([
    { actor_id: 'a1', ts: '01-02 00:00', type: 'milestone_completed', published_run: 1n },
  ]);
  expect((await feed(w)).map((r) => r.change)).toEqual(['published']);
  w.close();
});

it('numbers one run’s rows by instant across days, then milestone and actor at one instant', async () => {
  // m: 2 x; n: 1 y. Completions: a3 m 01-05 09:00, a1 m 01-02 23:00 (UTC), a2 m 01-02 23:00,
  // a1 n 01-02 23:00, a2 n 01-04 00:00. Rows are inserted out of order so that storage order
  // cannot give the answer. Expected seq (instant, then milestone, then actor):
  //   1 (01-02 23:00, m, a1), 2 (01-02 23:00, m, a2), 3 (01-02 23:00, n, a1),
  //   4 (01-04 00:00, n, a2), 5 (01-05 09:00, m, a3)
  const w = await warehouseWith([
    ['2026-01-05 09:00:00', 'a3', null, 'x'],
    ['2026-01-04 00:00:00', 'a2', null, 'y'],
    ['2026-01-02 23:00:00', 'a2', null, 'x'],
    ['2026-01-01 00:00:00', 'a3', null, 'x'],
    ['2026-01-02 23:00:00', 'a1', null, 'x'],
    ['2026-01-02 23:00:00', 'a1', null, 'y'],
    ['2026-01-01 00:00:00', 'a1', null, 'x'],
    ['2026-01-01 00:00:00', 'a2', null, 'x'],
  ]);
  await compute(w, project([milestone('n', [ev('y')]), milestone('m', [ev('x', { atLeast: 2 })])]));
  expect(
    await w.all(`SELECT seq, milestone_id, actor_id, ${TEXT('ts')} FROM milestone_feed ORDER BY seq`),
  ).toEqual([
    { seq: 1n, milestone_id: 'm', actor_id: 'a1', ts: '01-02 23:00' },
    { seq: 2n, milestone_id: 'm', actor_id: 'a2', ts: '01-02 23:00' },
    { seq: 3n, milestone_id: 'n', actor_id: 'a1', ts: '01-02 23:00' },
    { seq: 4n, milestone_id: 'n', actor_id: 'a2', ts: '01-04 00:00' },
    { seq: 5n, milestone_id: 'm', actor_id: 'a3', ts: '01-05 09:00' },
  ]);
  w.close();
});

it('numbers a run past every run its history names, also when milestone_runs was emptied', async () => {
  const w = await warehouseWith([
    ['2026-01-01 00:00:00', 'a1', null, 'x'],
    ['2026-01-03 00:00:00', 'a1', null, 'x'],
  ]);
  await compute(w, P);
  // Run 1 published a1's completion; the runs table is emptied by hand, the history kept.
  await w.run('DELETE FROM milestone_runs');
  await compute(w, P);
  // The next id is 2 (the history names run 1), not 1: the row stays once, with run 1.
  expect(await w.all('SELECT run_id FROM milestone_runs')).toEqual([{ run_id: 2n }]);
  expect(await history(w)).toEqual([
    { actor_id: 'a1', ts: '01-03 00:00', type: 'milestone_completed', published_run: 1n },
  ]);
  w.close();
});

it('stages the comparison with the stored history before the publish transaction unless that history is older', async () => {
  const w = await warehouseWith([['2026-01-01 00:00:00', 'a1', null, 'x']]);
  const phase = (stored: StoredHistory) =>
    compilePlan(P, { tables: { events: [] }, storedHistory: stored }).statements.find(
      (s) => s.name === RUN_STAGED.published,
    )?.phase;
  // No history yet, then the current layout: staged outside; the old layout gets published_run in the transaction first.
  expect(await storedHistory(w)).toBe('absent');
  await compute(w, P);
  expect(await storedHistory(w)).toBe('current');
  await w.run('ALTER TABLE milestone_history DROP COLUMN published_run');
  expect(await storedHistory(w)).toBe('legacy');
  expect([phase('absent'), phase('current'), phase('legacy')]).toEqual(['build', 'build', 'publish']);
  w.close();
});

it('compares inside the transaction as well (the path `conversions` takes) with the same runs and feed', async () => {
  // Run 1 (staged before the transaction) publishes a1's completion on 01-03; run 2 compares
  // inside it (the default for callers that do not read the stored layout): nothing new.
  // Then a late x on 01-02 (run 3, inside again): a1 completes on 01-02 -> retract 01-03, publish 01-02.
  const w = await warehouseWith([
    ['2026-01-01 00:00:00', 'a1', null, 'x'],
    ['2026-01-03 00:00:00', 'a1', null, 'x'],
  ]);
  await compute(w, P);
  await compute(w, P, { storedHistory: 'legacy' });
  await w.run(`INSERT INTO events (ts, account_id, event) VALUES ('2026-01-02 00:00:00', 'a1', 'x')`);
  await compute(w, P, { storedHistory: 'legacy' });
  expect(await runs(w)).toEqual([
    { run_id: 1n, mode: 'full', published: 1n, retracted: 0n },
    { run_id: 2n, mode: 'full', published: 0n, retracted: 0n },
    { run_id: 3n, mode: 'full', published: 1n, retracted: 1n },
  ]);
  expect(await feed(w)).toEqual([
    {
      seq: 1n,
      run_id: 1n,
      change: 'published',
      actor_id: 'a1',
      ts: '01-03 00:00',
      type: 'milestone_completed',
      published_run: 1n,
    },
    {
      seq: 2n,
      run_id: 3n,
      change: 'retracted',
      actor_id: 'a1',
      ts: '01-03 00:00',
      type: 'milestone_completed',
      published_run: 1n,
    },
    {
      seq: 3n,
      run_id: 3n,
      change: 'published',
      actor_id: 'a1',
      ts: '01-02 00:00',
      type: 'milestone_completed',
      published_run: 3n,
    },
  ]);
  w.close();
});
