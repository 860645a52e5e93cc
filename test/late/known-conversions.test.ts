/**
 * `compute --known-at K` for conversions: event steps, exclusions,
 * touchpoints and value sums read only the events known at K (arrived_at,
 * else ts), milestone steps read the statuses computed at K, and nothing is
 * published. Every expectation is worked out by hand from the data below.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { compileConversions } from '../../src/compiler/conversions/plan.js';
import type { Conversion, Project } from '../../src/definitions/model.js';
import { computeAll } from '../../src/compute/run-compute.js';
import type { ConversionResult } from '../../src/conversions/run-conversions.js';
import { computeKnownAt } from '../../src/late/run-late.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import type { Warehouse } from '../../src/warehouse/session.js';
import { conversion, day, event, ms, touch } from '../conversions/harness.js';
import { ev, milestone, project } from '../statuses/harness.js';
import { K, warehouseWithArrivals, type ArrivingEvent } from './harness.js';

let w: Warehouse | undefined;
afterEach(() => w?.close());

/**
 * All times UTC, K = 03-02 00:00 (and T = K). "late" = occurred by K, arrived after it.
 *   b1: trial 02-20, upsell 02-23 (amount 50, arrived 03-03: late), purchased 02-25 (amount 100, arrived 02-25 10:00)
 *   b2: trial 02-21, demo 02-22, purchased 02-26 (arrived 03-03: late)
 *   b3: trial 02-22 (arrived 03-04: late), purchased 02-23
 *   b4: trial 02-27 (window open at K)
 *   b5: trial 02-10, cancelled 02-11 (arrived 03-05: late), purchased 02-12
 *   c1: installed 02-24 (arrived 03-03: late), purchased 02-25
 *   c2: installed 02-20, purchased 02-22
 */
const EVENTS: ArrivingEvent[] = [
  ['2026-02-20 00:00:00', 'b1', null, 'trial_started', null],
  ['2026-02-23 00:00:00', 'b1', null, 'upsell', '2026-03-03 00:00:00', { amount: 50 }],
  ['2026-02-25 00:00:00', 'b1', null, 'purchased', '2026-02-25 10:00:00', { amount: 100 }],
  ['2026-02-21 00:00:00', 'b2', null, 'trial_started', null],
  ['2026-02-22 00:00:00', 'b2', null, 'demo_booked', null],
  ['2026-02-26 00:00:00', 'b2', null, 'purchased', '2026-03-03 00:00:00'],
  ['2026-02-22 00:00:00', 'b3', null, 'trial_started', '2026-03-04 00:00:00'],
  ['2026-02-23 00:00:00', 'b3', null, 'purchased', null],
  ['2026-02-27 00:00:00', 'b4', null, 'trial_started', null],
  ['2026-02-10 00:00:00', 'b5', null, 'trial_started', null],
  ['2026-02-11 00:00:00', 'b5', null, 'trial_cancelled', '2026-03-05 00:00:00'],
  ['2026-02-12 00:00:00', 'b5', null, 'purchased', null],
  ['2026-02-24 00:00:00', 'c1', null, 'app_installed', '2026-03-03 00:00:00'],
  ['2026-02-25 00:00:00', 'c1', null, 'purchased', null],
  ['2026-02-20 00:00:00', 'c2', null, 'app_installed', null],
  ['2026-02-22 00:00:00', 'c2', null, 'purchased', null],
];

/** trial_started -> purchased in 7 days, voided by a cancellation between them; demo touchpoint; amount summed. */
const TRIAL: Conversion = conversion([event('trial_started'), event('purchased')], {
  id: 'trial_to_paid',
  name: 'trial_to_paid',
  window: day(7),
  exclusions: [{ event: 'trial_cancelled', where: [], between: [0, 1] }],
  touchpoints: [touch('demo', 'demo_booked')],
  value: 'amount',
});

/** Milestone setup (app_installed) -> purchased in 7 days. */
const INSTALLED: Conversion = conversion([ms('setup'), event('purchased')], {
  id: 'installed_to_paid',
  name: 'installed_to_paid',
  window: day(7),
});

function conversionProject(): Project {
  return project([milestone('setup', [ev('app_installed')])], { conversions: [TRIAL, INSTALLED] });
}

/** "entered in_progress converted" per conversion. */
const counts = (results: ConversionResult[]) =>
  Object.fromEntries(results.map((r) => [r.id, `${r.entered} ${r.inProgress} ${r.converted}`]));

/** Converted actors' revenue in a (temp or published) actors table. */
async function revenue(warehouse: Warehouse, table: string): Promise<Record<string, number>> {
  const rows = await warehouse.all<{ actor_id: string; revenue: number }>(
    `SELECT "actor_id", "revenue" FROM "${table}" WHERE "conversion_id" = 'trial_to_paid' AND "converted" ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.actor_id, Number(r.revenue)]));
}

describe('conversions as knowable at K', () => {
  it('counts only the events known at K; milestone steps read the statuses at K', async () => {
    w = await warehouseWithArrivals(EVENTS);
    const summary = await computeKnownAt(w, conversionProject(), { knownAt: K, tables: await readTables(w) });
    expect(counts(summary.conversions)).toEqual({
      // Entered: b1, b2, b4, b5 (b3's trial arrived late). b4's window (02-27 + 7d) is open at K: in progress.
      // Converted: b1 (purchase arrived 02-25 10:00), b5 (its cancellation arrived late, so nothing voids it).
      // b2's purchase arrived late and its window closed 02-28: settled, not converted.
      trial_to_paid: '4 1 2',
      // setup at K: c2 (02-20); c1's install arrived late. c2 purchased 02-22: converted.
      installed_to_paid: '1 0 1',
    });
    const trial = summary.conversions[0]!;
    expect(trial.asOf).toBe('2026-03-02T00:00:00Z');
    // demo: settled b1, b5 (converted, no demo), b2 (not converted, demo 02-22 in its window).
    expect(trial.touchpoints[0]).toMatchObject({
      touchpoint: 'demo',
      converted_with: 0n,
      not_converted_with: 1n,
    });
    // Attribution ran over the temp tables: rows for the conversion, none published.
    expect(trial.attribution.length).toBeGreaterThan(0);
    // b1: amount over 02-20..02-25 = the purchase's 100 (the upsell's 50 arrived late); b5: no amount -> 0.
    expect(await revenue(w, '_cv_actors')).toEqual({ b1: 100, b5: 0 });
    for (const table of [
      'conversion_steps',
      'conversion_actors',
      'conversion_attribution',
      'milestone_status',
    ]) {
      expect(await w.tableExists(table), table).toBe(false);
    }
  });

  it('known now, at the same T, the late events change the counts', async () => {
    w = await warehouseWithArrivals(EVENTS);
    const results = await computeAll(w, conversionProject(), { asOf: K, tables: await readTables(w) });
    expect(counts(results)).toEqual({
      // b3 enters and converts (02-22 -> 02-23), b2 converts (02-26), b5 is voided by its cancellation
      // (02-11, between its trial and purchase) and so not entered; b4 still in progress.
      trial_to_paid: '4 1 3',
      // c1's setup completes 02-24, purchase 02-25: converted too.
      installed_to_paid: '2 0 2',
    });
    // demo: b2 now converted with it; nobody not converted settled with it.
    expect(results[0]!.touchpoints[0]).toMatchObject({ converted_with: 1n, not_converted_with: 0n });
    // b1: 100 + the upsell's 50; b2, b3: no amount.
    expect(await revenue(w, 'conversion_actors')).toEqual({ b1: 150, b2: 0, b3: 0 });
  });

  it('never touches the published results, and reads the statuses at K, not the published ones', async () => {
    w = await warehouseWithArrivals(EVENTS);
    const p = conversionProject();
    const tables = await readTables(w);
    await computeAll(w, p, { asOf: K, tables });
    const persistent = () =>
      w!.allJson(`SELECT "table_name" FROM duckdb_tables() WHERE NOT "temporary" ORDER BY 1`);
    const snapshot = async () => ({
      tables: await persistent(),
      status: await w!.allJson(`SELECT * FROM "milestone_status" ORDER BY ALL`),
      actors: await w!.allJson(`SELECT * FROM "conversion_actors" ORDER BY ALL`),
      steps: await w!.allJson(`SELECT * FROM "conversion_steps" ORDER BY ALL`),
      attribution: await w!.allJson(`SELECT * FROM "conversion_attribution" ORDER BY ALL`),
    });
    const before = await snapshot();
    const summary = await computeKnownAt(w, p, { knownAt: K, tables });
    // The published milestone_status has c1's setup (02-24); the statuses at K do not: 1 entered, not 2.
    expect(counts(summary.conversions)).toEqual({ trial_to_paid: '4 1 2', installed_to_paid: '1 0 1' });
    expect(await snapshot()).toEqual(before);
  });
});

describe('compileConversions with knownAt', () => {
  const sql = (options: Parameters<typeof compileConversions>[1]) =>
    compileConversions(conversionProject(), options)
      .statements.map((s) => s.sql)
      .join(';\n');

  it('filters the event scan and the value sums; T defaults to K', async () => {
    w = await warehouseWithArrivals(EVENTS);
    const tables = await readTables(w);
    const text = sql({ knownAt: K, tables });
    expect(text).toContain(`SET VARIABLE cv_as_of = CAST('${K}' AS TIMESTAMP)`);
    expect(text).toContain(`SET VARIABLE ms_known_at = CAST('${K}' AS TIMESTAMP)`);
    const known = `coalesce(e."arrived_at", e."ts") <= getvariable('ms_known_at')`;
    // One scan of events for trial_to_paid, one for installed_to_paid, one value sum, and
    // trial_to_paid's touchpoint read (sql/conversion-touches.sql): 4 conditions, 5 parts.
    expect(text.split(known)).toHaveLength(5);
    expect(sql({ asOf: K, tables })).not.toContain('ms_known_at');
  });

  it('without arrived_at, an event is known at its ts', async () => {
    w = await warehouseWithArrivals([], { arrivals: false });
    const text = sql({ knownAt: K, tables: await readTables(w) });
    expect(text).toContain(`e."ts" <= getvariable('ms_known_at')`);
    expect(text).not.toContain('arrived_at');
  });
});
