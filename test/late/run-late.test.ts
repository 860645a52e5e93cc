/**
 * `milestones late` and `compute --known-at` runs on the hand-worked data set
 * of harness.ts: which actors change between what was knowable at K and what
 * is known now, how the aggregates move, the late events per name, and that
 * the published tables are never touched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../src/warehouse/session.js';
import { computeKnownAt, lateStatuses } from '../../src/late/run-late.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { compute } from '../statuses/harness.js';
import { CHANGE_COLUMNS } from '../../src/compiler/diff-sql.js';
import { EVENTS, K, lateProject, warehouseWithArrivals } from './harness.js';

let w: Warehouse | undefined;
afterEach(() => w?.close());

/** "milestone/actor: known -> now" per changed column ("-": not evaluated on that side), times as MM-DD HH:MM. */
function describeChange(row: Record<string, unknown>): string {
  // Instants come as ISO text with Z (their fraction kept); shown as MM-DD HH:MM.
  const text = (v: unknown) =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T.*Z$/.test(v)
      ? v.slice(5, 16).replace('T', ' ')
      : v === null
        ? '-'
        : String(v);
  const parts = CHANGE_COLUMNS.filter((c) => text(row[`base_${c}`]) !== text(row[`head_${c}`])).map(
    (c) => `${c} ${text(row[`base_${c}`])} -> ${text(row[`head_${c}`])}`,
  );
  return `${String(row.milestone_id)}/${String(row.actor_id)}: ${parts.join(', ')}`;
}

const lateText = (r: Record<string, unknown>) =>
  `${String(r.event)} ${String(r.late_events)} (${String(r.accounts)})`;

describe('late: known at K against known now', () => {
  it('lists the actors the late events changed, as of T = K', async () => {
    w = await warehouseWithArrivals(EVENTS);
    const result = await lateStatuses(w, lateProject(), { knownAt: K, limit: 50 });
    expect(result.changes.map(describeChange)).toEqual([
      // setup: a3's only event (install 11:00) arrived 03-04, so a3 was not evaluated at K.
      'setup/a3: status - -> achieving, progress - -> 100, completed_at - -> 03-01 11:00, evaluation_start - -> 03-01 11:00, deadline_missed - -> false',
      // a2's late signup (08:00, arrived 03-05) is its first event now: its start (first_seen) moves
      // from its login at 10:00 in every milestone. Only that moves here: listed after the status changes.
      'setup/a2: evaluation_start 03-01 10:00 -> 03-01 08:00',
      // active: a1's report (12:00) arrived late: 50% at K, complete at 12:00 now. a3 new, installed only: 50%.
      'active/a1: status never_achieved -> achieving, progress 50 -> 100, completed_at - -> 03-01 12:00',
      'active/a3: status - -> never_achieved, progress - -> 50, evaluation_start - -> 03-01 11:00, deadline_missed - -> false',
      'active/a2: evaluation_start 03-01 10:00 -> 03-01 08:00',
      // signed_up: a2's signup (08:00) arrived 03-05. a3 new, never signed up.
      'signed_up/a2: status never_achieved -> achieving, progress 0 -> 100, completed_at - -> 03-01 08:00, evaluation_start 03-01 10:00 -> 03-01 08:00',
      'signed_up/a3: status - -> never_achieved, progress - -> 0, evaluation_start - -> 03-01 11:00, deadline_missed - -> false',
      // a4 changes nothing: its report (03-03) is after T. No milestone has a deadline.
    ]);
    expect(result.changedTotal).toBe(7n);
    expect([result.knownAt, result.asOf]).toEqual(['2026-03-02T00:00:00Z', '2026-03-02T00:00:00Z']);
    // Late: occurred by T, arrived after K. a1's login arrived exactly at K: known, not late.
    expect(result.lateEvents.map(lateText)).toEqual([
      'app_installed 1 (1)',
      'report_created 1 (1)',
      'signup 1 (1)',
    ]);
    expect(result.lateTotal).toBe(3n);
    // Arrival times: a1 x3, a2's signup, a3's install.
    expect(result.arrivals).toBe(5n);
  });

  it('moves the aggregates by the changed actors', async () => {
    w = await warehouseWithArrivals(EVENTS);
    const result = await lateStatuses(w, lateProject(), { knownAt: K, limit: 50 });
    const [setup, active, signedUp] = result.milestones;
    // setup at K: a1, a4 achieving, a2 never (3 assigned); now a3 joins achieving (4). Mean 200/3 -> 300/4.
    expect(setup?.base).toMatchObject({ assigned: 3n, achieving: 2n, never_achieved: 1n, completed: 2n });
    expect(setup?.head).toMatchObject({ assigned: 4n, achieving: 3n, never_achieved: 1n, completed: 3n });
    expect([setup?.base?.mean_progress, setup?.head?.mean_progress]).toEqual([66.67, 75]);
    // active at K: nobody (a1 50, a2 0, a4 50); now a1 achieving, a3 never at 50. Mean 100/3 -> 200/4.
    expect(active?.base).toMatchObject({ assigned: 3n, achieving: 0n, never_achieved: 3n });
    expect(active?.head).toMatchObject({ assigned: 4n, achieving: 1n, never_achieved: 3n });
    expect([active?.base?.mean_progress, active?.head?.mean_progress]).toEqual([33.33, 50]);
    // a1 and a3 change status; a2 only its start (above).
    expect([active?.changedActors, active?.changedStatuses]).toEqual([3n, 2n]);
    // signed_up at K: nobody of 3; now a2 of 4.
    expect(signedUp?.head).toMatchObject({ assigned: 4n, achieving: 1n, never_achieved: 3n });
  });

  it('as of a later T, events after K count as not known at K', async () => {
    w = await warehouseWithArrivals(EVENTS);
    const result = await lateStatuses(w, lateProject(), {
      knownAt: K,
      asOf: '2026-03-10 00:00:00',
      limit: 50,
    });
    // a4's report at 03-03 09:00 (after K) completes active now, not at K.
    expect(result.changes.map(describeChange)).toContain(
      'active/a4: status never_achieved -> achieving, progress 50 -> 100, completed_at - -> 03-03 09:00',
    );
    // The six of T = K but a3's, which are the same at 03-10, plus a4's: 7, and a2's moved start in setup and active.
    expect(result.changedTotal).toBe(8n);
    // Late up to 03-10: a1's and a4's reports (2 accounts), a3's install, a2's signup.
    expect(result.lateEvents.map(lateText)).toEqual([
      'report_created 2 (2)',
      'app_installed 1 (1)',
      'signup 1 (1)',
    ]);
    expect(result.lateTotal).toBe(4n);
  });

  it('reads --limit rows but counts them all', async () => {
    w = await warehouseWithArrivals(EVENTS);
    const result = await lateStatuses(w, lateProject(), { knownAt: K, limit: 2 });
    expect(result.changes.map((r) => `${String(r.milestone_id)}/${String(r.actor_id)}`)).toEqual([
      'setup/a3',
      'setup/a2',
    ]);
    expect(result.changedTotal).toBe(7n);
  });

  it('never touches the published tables', async () => {
    w = await warehouseWithArrivals(EVENTS);
    // Publish the statuses known now at T = K, as `compute` would.
    await compute(w, lateProject(), { asOf: K });
    const snapshot = () => w!.allJson(`SELECT * FROM "milestone_status" ORDER BY "milestone_id", "actor_id"`);
    const persistent = () =>
      w!.allJson(`SELECT "table_name" FROM duckdb_tables() WHERE NOT "temporary" ORDER BY 1`);
    const [before, tablesBefore] = [await snapshot(), await persistent()];
    await lateStatuses(w, lateProject(), { knownAt: K, limit: 50 });
    await computeKnownAt(w, lateProject(), { knownAt: K, tables: await readTables(w) });
    expect(await snapshot()).toEqual(before);
    expect(await persistent()).toEqual(tablesBefore);
  });
});

describe('compute --known-at: the summary of the statuses knowable at K', () => {
  it('counts per status and journey stage from the unpublished tables', async () => {
    w = await warehouseWithArrivals(EVENTS);
    const period = { kind: 'all' } as const;
    const p = {
      ...lateProject(),
      journeys: [{ id: 'life', name: 'life', stages: ['setup', 'active'], period }],
    };
    const summary = await computeKnownAt(w, p, { knownAt: K, tables: await readTables(w) });
    const [setup, active] = summary.milestones;
    // setup at K: a1, a4 achieving; a2 never (a3 unknown).
    expect(setup).toMatchObject({ milestone: 'setup', assigned: 3n, deadline_missed: 0n });
    expect(setup?.counts).toEqual({ achieving: 2n, not_achieving: 0n, never_achieved: 1n, not_started: 0n });
    expect(setup?.percents.achieving).toBe(66.7);
    expect(active?.counts.achieving).toBe(0n);
    // Journey at K: a1 and a4 at stage 1 (setup), a2 at none; nobody reached active.
    expect(summary.journeys.map((s) => `${s.stage_index} ${s.stage} ${s.accounts}`)).toEqual([
      '0 (none) 1',
      '1 setup 2',
      '2 active 0',
    ]);
    expect(summary.knownAt).toBe('2026-03-02T00:00:00Z');
    // Nothing published.
    expect(await w.tableExists('milestone_status')).toBe(false);
  });
});
