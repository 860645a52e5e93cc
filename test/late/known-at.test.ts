/**
 * `--known-at K` in the statuses compiler: only events that had arrived by K
 * (arrived_at, else ts) count, for the criteria, the universe of actors and
 * `first_seen`; T defaults to K. Every expectation is worked out by hand from
 * the data set in harness.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { compilePlan, renderPlan } from '../../src/compiler/statuses/plan.js';
import { readTables, runPlan } from '../../src/warehouse/run-plan.js';
import type { Warehouse } from '../../src/warehouse/session.js';
import { brief, compute, ev, milestone, project, statuses } from '../statuses/harness.js';
import { EVENTS, K, lateProject, warehouseWithArrivals } from './harness.js';

let w: Warehouse | undefined;
afterEach(() => w?.close());

/** "milestone/actor" -> brief status, for every published row. */
async function briefs(warehouse: Warehouse): Promise<Record<string, string>> {
  const rows = await statuses(warehouse);
  return Object.fromEntries(Object.entries(rows).map(([key, row]) => [key, brief(row)]));
}

describe('statuses as knowable at K', () => {
  it('leaves out late events, and actors seen only through them; T defaults to K', async () => {
    w = await warehouseWithArrivals(EVENTS);
    await compute(w, lateProject(), { knownAt: K });
    expect(await briefs(w)).toEqual({
      // a1 installed at 09:00 (arrived 09:05, before K): setup done. Its report (12:00) arrived 03-03,
      // after K: active has 1 of 2 criteria -> never_achieved, 50%.
      'setup/a1': 'achieving 100 @2026-03-01 09:00:00',
      'active/a1': 'never_achieved 50',
      'signed_up/a1': 'never_achieved 0',
      // a2's signup arrived 03-05: not known; its login (no arrival, at 10:00) keeps it in the universe.
      'setup/a2': 'never_achieved 0',
      'active/a2': 'never_achieved 0',
      'signed_up/a2': 'never_achieved 0',
      // a3's only event arrived 03-04: a3 was not known at K at all (no rows).
      // a4: installed 07:00 (no arrival: known at its ts); its report (03-03) is after T = K.
      'setup/a4': 'achieving 100 @2026-03-01 07:00:00',
      'active/a4': 'never_achieved 50',
      'signed_up/a4': 'never_achieved 0',
    });
    // first_seen comes from the known events too: a2's first known event is its login at 10:00, not the signup at 08:00.
    const a2 = (await statuses(w, 'signed_up')).a2;
    expect(a2?.evaluation_start).toBe('2026-03-01 10:00:00');
    // T defaults to K.
    const asOf = await w.one<{ t: string }>(
      `SELECT DISTINCT strftime("as_of", '%Y-%m-%d %H:%M:%S') AS "t" FROM "milestone_status"`,
    );
    expect(asOf?.t).toBe('2026-03-02 00:00:00');
  });

  it('without --known-at, the same T counts every loaded event (what is known now)', async () => {
    w = await warehouseWithArrivals(EVENTS);
    await compute(w, lateProject(), { asOf: K });
    expect(await briefs(w)).toEqual({
      'setup/a1': 'achieving 100 @2026-03-01 09:00:00',
      // the late report at 12:00 completes active.
      'active/a1': 'achieving 100 @2026-03-01 12:00:00',
      'signed_up/a1': 'never_achieved 0',
      'setup/a2': 'never_achieved 0',
      'active/a2': 'never_achieved 0',
      // the late signup at 08:00 is a2's first event: start 08:00, completed at once.
      'signed_up/a2': 'achieving 100 @2026-03-01 08:00:00',
      // a3 exists now: installed at 11:00.
      'setup/a3': 'achieving 100 @2026-03-01 11:00:00',
      'active/a3': 'never_achieved 50',
      'signed_up/a3': 'never_achieved 0',
      'setup/a4': 'achieving 100 @2026-03-01 07:00:00',
      'active/a4': 'never_achieved 50',
      'signed_up/a4': 'never_achieved 0',
    });
    expect((await statuses(w, 'signed_up')).a2?.evaluation_start).toBe('2026-03-01 08:00:00');
  });

  it('with T after K, an event after K without an arrival time was not known at K', async () => {
    w = await warehouseWithArrivals(EVENTS);
    await compute(w, lateProject(), { knownAt: K, asOf: '2026-03-10 00:00:00' });
    const active = await statuses(w, 'active');
    // a4's report at 03-03 09:00 has no arrival: it was known at 03-03, after K -> still 50%.
    expect(brief(active.a4)).toBe('never_achieved 50');
    // a1's report occurred before K but arrived after it: still left out.
    expect(brief(active.a1)).toBe('never_achieved 50');
  });

  it('a warehouse loaded before arrived_at existed: every event is known at its own time', async () => {
    // b1: installed 03-01 09:00, report 03-03 09:00; no arrival column at all.
    w = await warehouseWithArrivals(
      [
        ['2026-03-01 09:00:00', 'b1', null, 'app_installed', null],
        ['2026-03-03 09:00:00', 'b1', null, 'report_created', null],
      ],
      { arrivals: false },
    );
    const p = project([milestone('active', [ev('app_installed'), ev('report_created')])]);
    await compute(w, p, { knownAt: K, asOf: '2026-03-10 00:00:00' });
    // Known at K: only the install (the report happened, and so was known, on 03-03).
    expect(brief((await statuses(w, 'active')).b1)).toBe('never_achieved 50');
    await compute(w, p, { asOf: '2026-03-10 00:00:00' });
    // Known now: both, complete at the report.
    expect(brief((await statuses(w, 'active')).b1)).toBe('achieving 100 @2026-03-03 09:00:00');
  });

  it('contact milestones: a contact seen only through late events is not evaluated at K', async () => {
    // Account a5: contact c1 installed 09:00 (arrived 03-04: late), c2 installed 10:00 (no arrival).
    w = await warehouseWithArrivals([
      ['2026-03-01 09:00:00', 'a5', 'c1', 'app_installed', '2026-03-04 00:00:00'],
      ['2026-03-01 10:00:00', 'a5', 'c2', 'app_installed', null],
    ]);
    const p = project([milestone('user_setup', [ev('app_installed')], { level: 'contact' })]);
    await compute(w, p, { knownAt: K });
    // Only c2 was known at K.
    expect(Object.keys(await statuses(w, 'user_setup'))).toEqual(['c2']);
    expect(brief((await statuses(w, 'user_setup')).c2)).toBe('achieving 100 @2026-03-01 10:00:00');
    await compute(w, p, { asOf: K });
    // Now c1 is there too, complete at its install.
    expect(brief((await statuses(w, 'user_setup')).c1)).toBe('achieving 100 @2026-03-01 09:00:00');
  });
});

describe('the SQL of --known-at', () => {
  it('sets K once and filters every read of events by arrival, falling back to ts', async () => {
    w = await warehouseWithArrivals(EVENTS);
    const tables = await readTables(w);
    const sql = renderPlan(compilePlan(lateProject(), { tables, knownAt: K }));
    expect(sql).toContain(`SET VARIABLE ms_known_at = CAST('2026-03-02 00:00:00' AS TIMESTAMP)`);
    // T defaults to K.
    expect(sql).toContain(`SET VARIABLE ms_as_of = CAST('2026-03-02 00:00:00' AS TIMESTAMP)`);
    // Three event scans (one per event name) and the account universe: four filters.
    expect(sql.split(`coalesce(e."arrived_at", e."ts") <= getvariable('ms_known_at')`)).toHaveLength(4);
    expect(sql).toContain(`coalesce("arrived_at", "ts") <= getvariable('ms_known_at')`);
  });

  it('on a warehouse without arrived_at it filters by ts; without knownAt it adds nothing', async () => {
    w = await warehouseWithArrivals(EVENTS, { arrivals: false });
    const tables = await readTables(w);
    const known = renderPlan(compilePlan(lateProject(), { tables, knownAt: K }));
    expect(known).not.toContain('arrived_at');
    expect(known).toContain(`e."ts" <= getvariable('ms_known_at')`);
    const plain = renderPlan(compilePlan(lateProject(), { tables }));
    expect(plain).not.toContain('ms_known_at');
  });

  it('quotes K as a literal: a hostile value fails to cast and runs nothing', async () => {
    w = await warehouseWithArrivals(EVENTS);
    const tables = await readTables(w);
    const hostile = `2026-03-02'); DROP TABLE events; --`;
    const plan = compilePlan(lateProject(), { tables, knownAt: hostile });
    expect(renderPlan(plan)).toContain(`CAST('2026-03-02''); DROP TABLE events; --' AS TIMESTAMP)`);
    await expect(runPlan(w, plan)).rejects.toThrow(/as_of|known_at/);
    expect(await w.tableExists('events')).toBe(true);
  });
});
