/**
 * The report's warehouse reads on a tiny project, computed for real, plus
 * the CX and traveler tables (written by other analyses) created by hand.
 *
 * Events (UTC zone), milestones setup (app_installed) and paid (paid),
 * journey [setup, paid], conversion trial [setup, {event: paid}] window 10d:
 *   a: installed 01-01 10:00, paid 01-03 10:00 -> converted in 2 d (172 800 s)
 *   b: installed 01-01 10:00                    -> dropped (window ended 01-11, before T)
 *   c: installed 02-20 10:00, paid 02-21 10:00  -> converted in 1 d (86 400 s); T = 02-21 10:00
 * setup: 3 achieving. paid: a, c achieving; b never_achieved; mean progress (100 + 0 + 100) / 3.
 * History: setup completed a, b in 2026-01 and c in 2026-02; paid a in 2026-01, c in 2026-02.
 * Journey: a, c at paid (2), b at setup (1), nobody at (none).
 * Funnel: 3 entered, 2 converted, 0 in progress; overall 2/3; mean = median = 129 600 s.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/definitions/load-definitions.js';
import type { Project } from '../../src/definitions/model.js';
import { renderReport } from '../../src/report/render-report.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { BREAKDOWN_VALUES, readBreakdowns } from '../../src/report/data/breakdowns.js';
import { OPTIONAL_TABLES, TOP_ROWS } from '../../src/report/data/cx.js';
import { readReportData } from '../../src/report/data/data.js';
import { ensureComputed } from '../../src/compute/run-compute.js';
import { computeConversions } from '../../src/conversions/run-conversions.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';

const CONFIG = `version: 1
timezone: UTC
sources:
  events:
    path: events.csv
    columns: {ts: occurred_at, account_id: account, event: event_name}
milestones:
  - id: setup
    name: Setup
    criteria: [{event: app_installed}]
  - id: paid
    name: Paid
    criteria: [{event: paid}]
journeys:
  - id: lifecycle
    name: Lifecycle
    stages: [setup, paid]
conversions:
  - id: trial
    name: Trial
    steps: [setup, {event: paid}]
    window: 10d
`;

const EVENTS = `occurred_at,account,event_name
2026-01-01 10:00:00,a,app_installed
2026-01-03 10:00:00,a,paid
2026-01-01 10:00:00,b,app_installed
2026-02-20 10:00:00,c,app_installed
2026-02-21 10:00:00,c,paid
`;

const T = '2026-02-21 10:00:00';

let dir: string;
let project: Project;
let w: Warehouse;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-report-data-'));
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  writeFileSync(join(dir, 'events.csv'), EVENTS);
  project = loadProject(join(dir, 'milestones.yaml'));
  w = await Warehouse.open(':memory:');
  await loadSources(w, project);
});

afterAll(() => {
  w.close();
  rmSync(dir, { recursive: true, force: true });
});

const ensure = async (asOf = T) =>
  (await ensureComputed(w, project, { asOf, tables: await readTables(w) })).computed;

describe('ensureComputed', () => {
  it('computes when there are no results, then not again until T changes or another command republishes', async () => {
    expect(await ensure()).toBe(true);
    expect(await ensure()).toBe(false);
    // Another T: stale.
    expect(await ensure('2026-02-01 00:00:00')).toBe(true);
    expect(await ensure()).toBe(true);
    // `milestones conversions` republishes the conversion tables alone: the record of the last compute is dropped.
    await computeConversions(w, project, { asOf: T });
    expect(await ensure()).toBe(true);
    expect(await ensure()).toBe(false);
  });
});

describe('readReportData', () => {
  it('reads the hand-checked totals, statuses, history, journey and funnel', async () => {
    await ensure();
    // As in a warehouse from before the CX and traveler analyses existed.
    for (const table of OPTIONAL_TABLES) await w.run(`DROP TABLE IF EXISTS ${table}`);
    const { data, warnings } = await readReportData(w, project, T);
    expect(warnings).toEqual([]);
    expect(data.project).toBe('milestones.yaml');
    expect(data.asOf).toBe('2026-02-21T10:00:00Z');
    // 3 accounts (a, b, c), no contacts, 5 events from 01-01 10:00 to 02-21 10:00.
    expect(data.totals).toEqual({
      accounts: 3n,
      contacts: 0n,
      events: 5n,
      firstEvent: '2026-01-01T10:00:00Z',
      lastEvent: '2026-02-21T10:00:00Z',
    });
    const [setup, paid] = data.milestones;
    expect(setup!.counts).toEqual({ achieving: 3n, not_achieving: 0n, never_achieved: 0n, not_started: 0n });
    expect(paid!.counts).toEqual({ achieving: 2n, not_achieving: 0n, never_achieved: 1n, not_started: 0n });
    expect(paid!.meanProgress).toBeCloseTo(200 / 3, 9); // (100 + 0 + 100) / 3
    // History from 01-01 to 02-21 (51 days): by week, Mondays in UTC. a and b set up on Thu 01-01 (week of
    // 12-29), c on Fri 02-20 (week of 02-16): 8 weeks, the ones between empty, still listed.
    expect(data.historyUnit).toBe('week');
    const week = (period: string, completed: bigint, achieving: bigint) => ({
      period,
      completed,
      lost: 0n,
      regained: 0n,
      achieving,
    });
    expect(setup!.periods).toEqual([
      week('2025-12-29', 2n, 2n),
      ...['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09'].map((p) =>
        week(p, 0n, 2n),
      ),
      week('2026-02-16', 1n, 3n),
    ]);
    // paid: a on Sat 01-03 (week of 12-29), c on 02-21 (week of 02-16); the same 8 weeks.
    expect(paid!.periods.map((p) => [p.period, p.completed, p.achieving])).toEqual([
      ['2025-12-29', 1n, 1n],
      ...['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09'].map((p) => [
        p,
        0n,
        1n,
      ]),
      ['2026-02-16', 1n, 2n],
    ]);
    // Time in setup before paid: a 2 d (172 800 s), c 1 d (86 400 s); percentiles interpolate between them:
    // 5th 86 400 + 0.05 x 86 400 = 90 720, 25th 108 000, median 129 600, 75th 151 200, 95th 168 480.
    expect(data.journeys[0]!.stays).toEqual([
      { stage: 'setup', exited: 2n, seconds: [90_720, 108_000, 129_600, 151_200, 168_480] },
    ]);
    // Converted in 2 d (a) and 1 d (c): both in the "1–3 d" bin, the fourth.
    expect(data.conversions[0]!.timeToConvert).toEqual([0n, 0n, 0n, 2n, 0n, 0n, 0n, 0n, 0n]);
    // journey_paths dropped above: no flows to draw.
    expect(data.journeys[0]!.flows).toEqual([]);
    // Highest progress first, ties by id.
    expect(paid!.samples.achieving).toEqual({ ids: ['a', 'c'], total: 2n });
    expect(paid!.samples.never_achieved).toEqual({ ids: ['b'], total: 1n });
    expect(data.journeys[0]!.stages).toEqual([
      { index: 0, stage: '(none)', accounts: 0n },
      { index: 1, stage: 'setup', accounts: 1n }, // b
      { index: 2, stage: 'paid', accounts: 2n }, // a, c
    ]);
    const trial = data.conversions[0]!;
    expect(trial.steps.map((s) => [s.step, s.reached, s.inProgress])).toEqual([
      [1, 3n, 0n],
      [2, 2n, 0n],
    ]);
    expect(trial.steps[1]!.overallRate).toBeCloseTo(2 / 3, 12);
    expect(trial.steps[1]!.secondsMean).toBe(129_600); // (172 800 + 86 400) / 2
    expect(trial.steps[1]!.secondsMedian).toBe(129_600);
    // No touchpoints: the converted are credited to (none), 2 per model.
    expect(trial.credits.every((c) => c.touchpoint === '(none)' && c.credit === 2)).toBe(true);
    // No cx_* or journey_* tables: those parts are absent.
    expect(data.cxMetrics).toBeUndefined();
    expect(data.cxTopics).toBeUndefined();
    expect(data.travelers).toBeUndefined();
    expect(data.paths).toBeUndefined();
  });

  it('sums journey_paths into the Sankey flows, from (start) (null) to (not yet) (null)', async () => {
    // A T one second later recomputes (and rebuilds journey_paths); nothing else changes.
    await ensure('2026-02-21 10:00:01');
    const { data } = await readReportData(w, project, '2026-02-21 10:00:01');
    // a: setup then paid; b: setup only; c: setup then paid. Start -> setup 3; setup -> paid 2 (a, c),
    // setup -> not yet 1 (b); paid -> not yet 2. Sorted by from (null first), then to (null last).
    expect(data.journeys[0]!.flows).toEqual([
      { from: null, to: 'setup', actors: 3n },
      { from: 'paid', to: null, actors: 2n },
      { from: 'setup', to: 'paid', actors: 2n },
      { from: 'setup', to: null, actors: 1n },
    ]);
    await ensure();
  });

  it('reads the CX and traveler tables when they exist, sorted and limited', async () => {
    await w.run(`CREATE OR REPLACE TABLE cx_metrics AS SELECT * FROM (VALUES
      ('nps', NULL, 'nps', 10, 8, 1, 7.875, NULL, 4, 2, 2, 25.0),
      ('csat', 'setup', 'csat', 5, 10, 0, 3.5, 0.6, NULL, NULL, NULL, NULL))
      t(cx_id, milestone_id, metric, scale, responses, rejected, mean, top_two_box, promoters, passives, detractors, nps)`);
    // TOP_ROWS + 2 topics with 1..22 responses: only the 20 most mentioned are read.
    await w.run(`CREATE OR REPLACE TABLE cx_topics AS
      SELECT 'nps' AS cx_id, 'setup' AS milestone_id, 'topic ' || lpad(CAST(i AS VARCHAR), 2, '0') AS topic,
        i AS responses, i AS positive, 0 AS neutral, 0 AS negative
      FROM range(1, ${TOP_ROWS + 3}) r(i)`);
    await w.run(`CREATE OR REPLACE TABLE journey_travelers AS SELECT * FROM (VALUES
      ('lifecycle', 2, 'paid', 2, 0, 0, NULL, NULL, 0.0),
      ('lifecycle', 1, 'setup', 3, 2, 1, 129600.0, 129600.0, 1.5))
      t(journey_id, stage_index, milestone_id, entered, exited, exited_recent, seconds_mean, seconds_median, actions)`);
    // A table without a column the report needs: left out with a warning.
    await w.run(
      `CREATE OR REPLACE TABLE journey_paths AS SELECT 'lifecycle' AS journey_id, 'setup' AS milestone_id`,
    );
    const { data, warnings } = await readReportData(w, project, T);
    expect(
      data.cxMetrics!.map((m) => [m.cxId, m.milestoneId, m.responses, m.topTwoBox, m.promoters]),
    ).toEqual([
      ['csat', 'setup', 10n, 0.6, null],
      ['nps', null, 8n, null, 4n],
    ]);
    expect(data.cxTopics).toHaveLength(TOP_ROWS);
    expect(data.cxTopics![0]!.topic).toBe('topic 22'); // most responses first
    expect(data.cxTopics!.at(-1)!.topic).toBe('topic 03'); // 22 down to 3: the two smallest dropped
    expect(data.travelers!.map((t) => [t.stageIndex, t.milestoneId, t.exited, t.actions])).toEqual([
      [1, 'setup', 2n, 1.5],
      [2, 'paid', 0n, 0],
    ]);
    expect(data.paths).toBeUndefined();
    expect(data.journeys[0]!.flows).toEqual([]); // nor is the Sankey drawn from it
    expect(warnings.map((d) => d.message)).toEqual([
      'journey_paths has no column previous_id, next_id, actors: its part of the report is left out',
    ]);
    const page = renderReport(data);
    expect(page).toContain('<section id="cx">');
    expect(page).toContain('<section id="travelers">');
    expect(page).not.toContain('<h3>Steps of the paths');
  });

  it('leaves out an optional table without rows, as if it were absent', async () => {
    await w.run('CREATE OR REPLACE TABLE cx_topics AS SELECT * FROM cx_topics WHERE false');
    const { data } = await readReportData(w, project, T);
    expect(data.cxTopics).toBeUndefined();
    expect(data.cxMetrics).toHaveLength(2);
  });
});

/**
 * The funnel per breakdown value, computed for real: the same events as above
 * plus d and e, and an accounts file with a segment.
 *   a x        installed 01-01, paid 01-03  -> converted
 *   b x        installed 01-01              -> dropped
 *   c <b>&"'   installed 02-20, paid 02-21  -> converted
 *   d (none: not in accounts.csv) installed 01-05 -> dropped
 *   e x        installed 02-20 12:00        -> in progress (window open at T = 02-21 10:00)
 * x: entered 3, paid 1, in progress 1, overall 1 / (3 - 1) = 50%.
 * <b>&"': 1, 1, 0, 100%.   (missing): 1, 0, 0, 0%.
 * Order: x (3 entered), then the ties at 1 by value, missing last.
 */
describe('readReportData: conversion breakdowns', () => {
  const HOSTILE_SEGMENT = `<b>&"'`;
  let bdir: string;
  let bw: Warehouse;
  let bproject: Project;

  beforeAll(async () => {
    bdir = mkdtempSync(join(tmpdir(), 'milestones-report-breakdowns-'));
    const config = CONFIG.replace(
      '    columns: {ts: occurred_at, account_id: account, event: event_name}\n',
      '    columns: {ts: occurred_at, account_id: account, event: event_name}\n' +
        '  accounts:\n    path: accounts.csv\n    columns: {account_id: id}\n    properties: {segment: VARCHAR}\n',
    ).replace('    window: 10d\n', '    window: 10d\n    breakdown: [segment]\n');
    writeFileSync(join(bdir, 'milestones.yaml'), config);
    writeFileSync(
      join(bdir, 'events.csv'),
      EVENTS + '2026-01-05 10:00:00,d,app_installed\n2026-02-20 12:00:00,e,app_installed\n',
    );
    writeFileSync(join(bdir, 'accounts.csv'), `id,segment\na,x\nb,x\nc,"<b>&""'"\ne,x\n`);
    bproject = loadProject(join(bdir, 'milestones.yaml'));
    bw = await Warehouse.open(':memory:');
    await loadSources(bw, bproject);
    await ensureComputed(bw, bproject, { asOf: T, tables: await readTables(bw) });
  });

  afterAll(() => {
    bw.close();
    rmSync(bdir, { recursive: true, force: true });
  });

  it('reads each value reached per step, in progress and overall rate, most entered first, missing last', async () => {
    const { data } = await readReportData(bw, bproject, T);
    const trial = data.conversions[0]!;
    // Overall: 5 entered, a and c converted, e in progress: 2 / 4 settled.
    expect(trial.steps[1]!.overallRate).toBeCloseTo(0.5, 12);
    expect(trial.breakdowns).toEqual([
      {
        property: 'segment',
        total: 3n,
        values: [
          { value: 'x', reached: [3n, 1n], inProgress: 1n, overallRate: 0.5 }, // a of a, b (e in progress)
          { value: HOSTILE_SEGMENT, reached: [1n, 1n], inProgress: 0n, overallRate: 1 }, // c
          { value: null, reached: [1n, 0n], inProgress: 0n, overallRate: 0 }, // d
        ],
      },
    ]);
    const page = renderReport(data);
    expect(page).not.toContain('<b>&');
    expect(page).toContain('<td>&lt;b&gt;&amp;&quot;&#39;</td><td class="n">1</td><td class="n">1</td>');
    expect(page).toContain('<td>(missing)</td><td class="n">1</td><td class="n">0</td>');
  });

  it('keeps the BREAKDOWN_VALUES most entered values per property, ties by value, and counts them all', async () => {
    // Hand-made rows (2 steps): z entered 5 (2 reached step 2, overall 0.4); v01..v22 and NULL 4 each (1 reached step 2).
    await bw.run(`CREATE OR REPLACE TABLE conversion_steps AS
      SELECT 'trial' AS conversion_id, 'segment' AS breakdown, v AS value, s AS step, 'x' AS step_name,
        CAST(CASE WHEN s = 1 THEN n ELSE n - 3 END AS BIGINT) AS reached, CAST(0 AS BIGINT) AS in_progress,
        NULL AS step_rate, CASE WHEN s = 1 THEN 1.0 ELSE 0.4 END AS overall_rate
      FROM (SELECT 'z' AS v, 5 AS n UNION ALL SELECT NULL, 4
            UNION ALL SELECT 'v' || lpad(CAST(i AS VARCHAR), 2, '0'), 4 FROM range(1, 23) r(i)) AS vals,
        range(1, 3) AS st(s)`);
    const split = (await readBreakdowns(bw)).get('trial')!.get('segment')!;
    // 24 values: z (5 entered) first, then v01..v19 of the 23 ties at 4 (by value, NULL last): 20 in all.
    expect(split.total).toBe(24n);
    expect(split.values).toHaveLength(BREAKDOWN_VALUES);
    expect(split.values[0]).toEqual({ value: 'z', reached: [5n, 2n], inProgress: 0n, overallRate: 0.4 });
    expect(split.values.slice(1).map((v) => v.value)).toEqual(
      Array.from({ length: 19 }, (_, i) => `v${String(i + 1).padStart(2, '0')}`),
    );
    expect(split.values[1]!.reached).toEqual([4n, 1n]); // 4 entered, 4 - 3 reached step 2
  });
});
