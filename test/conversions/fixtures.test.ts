/**
 * The example config's conversions on the fixtures, against the numbers
 * worked out by hand in fixtures/README.md ("Conversions as of T"), plus the
 * golden SQL of the compiler: the generated SQL is what runs here.
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileConversions, publishStatements } from '../../src/compiler/conversions/plan.js';
import { conversionStateStatements } from '../../src/compiler/conversions/continued.js';
import { declaredTables } from '../../src/compiler/columns.js';
import { renderPlan } from '../../src/compiler/statuses/plan.js';
import { loadProject } from '../../src/definitions/load-definitions.js';
import type { Project } from '../../src/definitions/model.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { ensureStatuses } from '../../src/compute/run-compute.js';
import {
  computeConversions,
  resolveAsOf,
  type ConversionResult,
} from '../../src/conversions/run-conversions.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { credits, stepLines } from './harness.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** T = 2026-04-30 23:59:59 EDT, the latest event (fixtures/README.md). */
const T = '2026-05-01 03:59:59';

let project: Project;
let warehouse: Warehouse;
let trial: ConversionResult;
let demo: ConversionResult;

beforeAll(async () => {
  project = loadProject(resolve(ROOT, 'milestones.example.yaml'), { onWarnings: () => undefined });
  warehouse = await Warehouse.open(':memory:');
  await loadSources(warehouse, project);
  const tables = await readTables(warehouse);
  expect(await resolveAsOf(warehouse, undefined)).toBe(T);
  await ensureStatuses(warehouse, project, { asOf: T, tables });
  [trial, demo] = (await computeConversions(warehouse, project, { asOf: T, tables })) as ConversionResult[];
  return () => warehouse.close();
});

describe('golden SQL', () => {
  it('is stable, and is the SQL that runs on the loaded fixtures', async () => {
    const declared = compileConversions(project, { asOf: T });
    const sql = renderPlan({ statements: [...declared.statements, ...publishStatements()] });
    await expect(sql).toMatchFileSnapshot('../golden/conversions.sql');
    const real = compileConversions(project, { asOf: T, tables: await readTables(warehouse) });
    expect(real).toEqual(declared);
    expect(compileConversions(project, { asOf: T, tables: declaredTables(project) })).toEqual(declared);
  });
});

describe('golden SQL of an incremental run', () => {
  it('recomputes the changed actors of every conversion and keeps the state by key', async () => {
    // compute continues both conversions from T0 (compiler/conversions/continued.ts): the changed
    // actors, narrowed scans, the fresh rows merged with the stored ones, the state replaced by key.
    const continued = compileConversions(project, {
      asOf: T,
      continued: { ids: ['trial_to_customer', 'demo_to_customer'], previousAsOf: '2026-03-30 00:00:00' },
    });
    const kept = conversionStateStatements([
      { id: 'trial_to_customer', fingerprint: 'f1', continued: true },
      { id: 'demo_to_customer', fingerprint: 'f2', continued: false },
    ]);
    const sql = renderPlan({ statements: [...continued.statements, ...kept] });
    await expect(sql).toMatchFileSnapshot('../golden/conversions-continued.sql');
    const changed = continued.statements.find((st) => st.name === '_cv_demo_to_customer__changed')!.sql;
    // demo_to_customer's cohort is the last 90 days: the attempts that left it are recomputed.
    expect(changed).toContain('e."ts" > getvariable(\'cv_previous_as_of\') - INTERVAL 90 DAY');
    // The state of a continued conversion is replaced by key, that of one computed in full whole.
    expect(sql).toContain('DELETE FROM "_ms_state"."cv__trial_to_customer__entries"');
    expect(sql).toContain('CREATE OR REPLACE TABLE "_ms_state"."cv__demo_to_customer__entries"');
  });
});

describe('trial_to_customer', () => {
  it('has the funnel of the README', () => {
    const all = stepLines(trial).filter((s) => s.breakdown === null);
    // Entered 5 (acme, globex, initech, umbrella, hooli; wonka voided), checkout 4, customer 3, none in progress.
    // Rates 80%, 75%, overall 60%. Time to convert: acme 4 240 500, globex 3 979 800, initech 5 184 000
    // (exactly at the window end) -> mean 4 468 100, median 4 240 500.
    expect(all.map((s) => [s.reached, s.in_progress, s.step_rate, s.overall_rate])).toEqual([
      [5, 0, null, 1],
      [4, 0, 0.8, 0.8],
      [3, 0, 0.75, 0.6],
    ]);
    expect(all[2]).toMatchObject({ seconds_mean: 4_468_100, seconds_median: 4_240_500 });
  });

  it('splits by segment as in the README', () => {
    const bySegment = stepLines(trial)
      .filter((s) => s.breakdown === 'segment' && s.step !== 2)
      .map((s) => `${s.value} ${s.step}: ${s.reached}`);
    // enterprise entered 2 (acme, hooli), converted 1; mid 2 (globex, umbrella), 1; smb 1 (initech), 1.
    expect(bySegment).toEqual([
      'enterprise 1: 2',
      'enterprise 3: 1',
      'mid 1: 2',
      'mid 3: 1',
      'smb 1: 1',
      'smb 3: 1',
    ]);
  });

  it('has the touchpoint table of the README', () => {
    const rows = trial.touchpoints.map((t) => [
      t.touchpoint,
      Number(t.converted_with),
      Number(t.not_converted_with),
      Number((t.rate_with as number).toFixed(4)),
      Number((t.rate_without as number).toFixed(4)),
      t.seconds_mean,
    ]);
    // demo 2 (acme, globex) / 1 (hooli): 2/3 vs 1/2, mean 4 110 150;
    // pricing 3 / 1 (umbrella): 3/4 vs 0/1, mean 4 468 100; shared 2 (acme, initech) / 1 (hooli): 2/3 vs 1/2, 4 712 250.
    expect(rows).toEqual([
      ['demo', 2, 1, 0.6667, 0.5, 4_110_150],
      ['pricing', 3, 1, 0.75, 0, 4_468_100],
      ['shared', 2, 1, 0.6667, 0.5, 4_712_250],
    ]);
  });

  it('credits the 3 conversions and the 31 200 of revenue as in the README', () => {
    const c = credits(trial);
    const r = credits(trial, 'revenue');
    // first touch: shared 2 (acme, initech), pricing 1 (globex); revenue shared 24000 + 1200, pricing 6000.
    expect(c.first_touch).toEqual({ demo: 0, pricing: 1, shared: 2, '(none)': 0 });
    expect(r.first_touch).toEqual({ demo: 0, pricing: 6000, shared: 25200, '(none)': 0 });
    // last touch: pricing 2 (globex, initech), shared 1 (acme); revenue pricing 7200, shared 24000.
    expect(c.last_touch).toEqual({ demo: 0, pricing: 2, shared: 1, '(none)': 0 });
    expect(r.last_touch).toEqual({ demo: 0, pricing: 7200, shared: 24000, '(none)': 0 });
    // Shapley: demo 5/6, pricing 4/3, shared 5/6.
    expect(c.shapley!.demo).toBeCloseTo(5 / 6, 12);
    expect(c.shapley!.pricing).toBeCloseTo(4 / 3, 12);
    expect(c.shapley!.shared).toBeCloseTo(5 / 6, 12);
  });

  it('linear and position based on the collapsed paths (worked out here, not in the README)', () => {
    // Paths (a run of one touchpoint is one touch): acme [shared, demo, pricing, shared];
    // globex pricing, demo, demo, pricing, pricing -> [pricing, demo, pricing]; initech [shared, pricing].
    // linear: demo 1/4 + 1/3 = 7/12; pricing 1/4 + 2/3 + 1/2 = 17/12; shared 1/2 + 1/2 = 1.
    const c = credits(trial);
    expect(c.linear!.demo).toBeCloseTo(7 / 12, 12);
    expect(c.linear!.pricing).toBeCloseTo(17 / 12, 12);
    expect(c.linear!.shared).toBeCloseTo(1, 12);
    // position based: acme shared 0.4 + 0.4, demo 0.1, pricing 0.1; globex pricing 0.8, demo 0.2;
    // initech 0.5 / 0.5 -> demo 0.3, pricing 1.4, shared 1.3.
    expect(c.position_based!.demo).toBeCloseTo(0.3, 12);
    expect(c.position_based!.pricing).toBeCloseTo(1.4, 12);
    expect(c.position_based!.shared).toBeCloseTo(1.3, 12);
    for (const [model, byTouchpoint] of Object.entries(c)) {
      expect(
        Object.values(byTouchpoint).reduce((a, b) => a + b, 0),
        model,
      ).toBeCloseTo(3, 12);
    }
  });
});

describe('demo_to_customer', () => {
  it('measures globex from its retry and leaves umbrella in progress', () => {
    // Entered 4 (globex, wonka, hooli, umbrella), umbrella in progress; 1 of 3 converted; 864 000 s (10 d).
    expect([demo.entered, demo.inProgress, demo.converted]).toEqual([4n, 1n, 1n]);
    const [, customer] = stepLines(demo);
    expect(customer!.overall_rate).toBeCloseTo(1 / 3, 12);
    expect(customer!.seconds_mean).toBe(864_000);
    // No touchpoints: the conversion is (none) in every model.
    expect(credits(demo).markov).toEqual({ '(none)': 1 });
  });
});
