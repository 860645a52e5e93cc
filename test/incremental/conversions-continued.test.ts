/**
 * An incremental `compute` continues the conversions from the state the last
 * run kept (compiler/conversions/continued.ts): it recomputes only the actors
 * whose answer can have changed since T0 and keeps the others' entries and
 * touches. Each rule that finds such an actor has an actor here that only it
 * finds, worked by hand.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { computeAll, type RunMode } from '../../src/compute/run-compute.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { removeDir, tempDir } from '../helpers/temp-dir.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('milestones-cv-continued-');
  mkdirSync(join(dir, 'events'));
});
afterEach(() => removeDir(dir));

/** A config over events files with account and event name: milestone setup (on a), then `conversions`. */
const configWith = (conversions: string, properties = '') => `version: 1
timezone: UTC
sources:
  events:
    path: events/*.csv
    columns: {ts: occurred_at, account_id: account, event: event_name}${properties}
milestones:
  - id: setup
    name: Setup
    criteria: [{event: a}]
conversions:
${conversions}`;

const CONFIG = configWith(`  - id: trial
    name: Trial
    steps: [{event: a}, {event: b}]
    window: 2d
    touchpoints: [{id: wave, event: w}]
  - id: setup_to_b
    name: Setup to b
    steps: [setup, {event: b}]
    window: 2d
  - id: long
    name: Long
    steps: [{event: a}, {event: b}]
    window: 5d
  - id: recent
    name: Recent
    steps: [{event: a}, {event: b}]
    window: 1d
    cohort: {last: 3d}
`);

const HEAD = 'occurred_at,account,event_name\n';
// T0 = 01-05 00:00. x2 and x5 are in progress at T0 in trial and setup_to_b (windows end
// 01-06 10:00 and 12:00); x1, x3, x6 are settled.
const FIRST =
  '2026-01-01 10:00:00,x1,a\n2026-01-02 10:00:00,x1,w\n2026-01-02 12:00:00,x1,b\n' +
  '2026-01-04 10:00:00,x2,a\n2026-01-01 10:00:00,x3,a\n2026-01-04 12:00:00,x5,a\n2026-01-03 00:00:00,x6,a\n';
// After T0 (T = 01-08 00:00): x2 steps on and converts; x4 enters; x3 has a touchpoint event
// outside its closed window; x1 starts a second attempt.
const SECOND =
  '2026-01-05 09:00:00,x2,w\n2026-01-05 10:00:00,x2,b\n2026-01-06 10:00:00,x4,a\n' +
  '2026-01-06 12:00:00,x3,w\n2026-01-07 10:00:00,x1,a\n' +
  // Late: dated before T0, inside x3's closed window.
  '2026-01-02 11:00:00,x3,w\n';

const row = (
  conversion_id: string,
  actor_id: string,
  reached: number,
  converted: boolean,
  in_progress: boolean,
  seconds: number | null,
) => ({ conversion_id, actor_id, reached, converted, in_progress, seconds });

/** A run: an events file written (with `head`), every source loaded, compute at T. */
type Run = (file: string, text: string, asOf: string) => Promise<void>;

/**
 * One in-memory warehouse over `config` (events files in `dir/events`, emptied
 * first); `body` runs computes with `run` and reads `w`; the runs' modes are
 * collected. `full`: every compute with `--full`.
 */
async function withRuns<T>(
  config: string,
  head: string,
  body: (run: Run, w: Warehouse, modes: RunMode[]) => Promise<T>,
  full = false,
): Promise<T> {
  writeFileSync(join(dir, 'milestones.yaml'), config);
  rmSync(join(dir, 'events'), { recursive: true, force: true });
  mkdirSync(join(dir, 'events'));
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  try {
    const modes: RunMode[] = [];
    const run: Run = async (file, text, asOf) => {
      writeFileSync(join(dir, 'events', file), head + text);
      await loadSources(w, project);
      await computeAll(w, project, { asOf, tables: await readTables(w), full, onMode: (m) => modes.push(m) });
    };
    return await body(run, w, modes);
  } finally {
    w.close();
  }
}

it('continues every conversion and recomputes exactly the actors whose answer changed', async () => {
  await withRuns(CONFIG, HEAD, async (run, w, modes) => {
    await run('e0.csv', FIRST, '2026-01-05 00:00:00');
    await run('e1.csv', SECOND, '2026-01-08 00:00:00');
    expect(modes[1]).toMatchObject({ mode: 'incremental', conversions: 'continued' });

    const actors = await w.allJson(
      `SELECT conversion_id, actor_id, reached, converted, in_progress, seconds
       FROM conversion_actors ORDER BY conversion_id, actor_id`,
    );
    // trial (a -> b within 2d) and setup_to_b (setup = the first a, -> b) give the same answers:
    // x1: a 01-01 10:00, b 01-02 12:00: converted in 26 h = 93,600 s (its second attempt,
    //     01-07 10:00, reached 1: the converted one stays the best; not in progress).
    // x2: in progress at T0 (found by that rule, and by its events after T0): a 01-04 10:00,
    //     b 01-05 10:00: converted in 24 h = 86,400 s.
    // x3: a 01-01 10:00, window closed 01-03 10:00 (its w of 01-06 changes nothing).
    // x4: a 01-06 10:00, window open until 01-08 10:00 > T: in progress. New since T0: found by its
    //     a after T0 in trial, and only as setup's touched actor in setup_to_b (its scan reads b).
    // x5: in progress at T0 with no event since: its window closed 01-06 12:00 <= T; only the
    //     in-progress rule finds it.
    // x6: a 01-03 00:00, settled at T0.
    const funnel = (c: string) => [
      row(c, 'x1', 2, true, false, 93600),
      row(c, 'x2', 2, true, false, 86400),
      row(c, 'x3', 1, false, false, null),
      row(c, 'x4', 1, false, true, null),
      row(c, 'x5', 1, false, false, null),
      row(c, 'x6', 1, false, false, null),
    ];
    expect(actors).toEqual([
      // long (a -> b within 5d): x1, x2 converted as above (x2's attempt is open until 01-09
      // 10:00, after T: only its b after T0, a later step of an attempt open at T0, finds it);
      // x3's window closed 01-06 10:00 and
      // x6's at 01-08 00:00 = T (not open: a window is open while its end is after T), both open
      // at T0: recomputed because they closed by T. x5 (open until 01-09 12:00) is still in
      // progress with no event since T0: its stored entry is kept.
      row('long', 'x1', 2, true, false, 93600),
      row('long', 'x2', 2, true, false, 86400),
      row('long', 'x3', 1, false, false, null),
      row('long', 'x4', 1, false, true, null),
      row('long', 'x5', 1, false, true, null),
      row('long', 'x6', 1, false, false, null),
      // recent (last 3d: first steps after 01-05 00:00): x1's 01-07 10:00 (window open until
      // 01-08 10:00) and x4's 01-06 10:00 (closed 01-07 10:00). x6 (01-03 00:00) was entered at T0
      // and settled; its attempt left the cohort, and only that rule finds it.
      row('recent', 'x1', 1, false, true, null),
      row('recent', 'x4', 1, false, false, null),
      ...funnel('setup_to_b'),
      ...funnel('trial'),
    ]);

    // trial's touches: x1's w 01-02 10:00 and x2's w 01-05 09:00 fall inside their converting
    // attempts, x3's late w of 01-02 11:00 inside its window (its w of 01-06 is after it).
    // x1 keeps its stored touch (recomputed for its a after T0, to the same entry); x3, rebuilt,
    // is read again though its entry is the same; x2 settled since T0.
    // Settled: x1, x2 converted; x3, x5, x6 not. With wave: 2 converted, 1 not:
    // rate_with 2/3, rate_without (2 - 2) / (5 - 3) = 0, lift 1/0: none.
    const touchpoints = await w.allJson(
      `SELECT touchpoint, CAST(converted_with AS INTEGER) AS converted_with,
         CAST(not_converted_with AS INTEGER) AS not_converted_with, rate_with, rate_without, lift
       FROM conversion_touchpoints WHERE conversion_id = 'trial'`,
    );
    expect(touchpoints).toEqual([
      {
        touchpoint: 'wave',
        converted_with: 2,
        not_converted_with: 1,
        rate_with: 2 / 3,
        rate_without: 0,
        lift: null,
      },
    ]);
  });
});

it('computes a conversion in full when the actor numbers were made again (found by review)', async () => {
  // The state is keyed by actor numbers. Dropping `_account_numbers` (what the number guard's
  // message says to do) makes the next load number every id again, in id order: acme 1, beta 2,
  // zeta 3 instead of acme 1, zeta 2, beta 3. Continued on the old keys, zeta's stored entry
  // became beta's and zeta vanished.
  const config = configWith(`  - id: trial
    name: Trial
    steps: [{event: a}, {event: b}]
    window: 2d
`);
  await withRuns(config, HEAD, async (run, w, modes) => {
    await run(
      'e0.csv',
      '2026-01-01 10:00:00,zeta,a\n2026-01-01 11:00:00,zeta,b\n2026-01-01 10:00:00,acme,a\n',
      '2026-01-02 00:00:00',
    );
    await run('e1.csv', '2026-01-02 10:00:00,beta,a\n', '2026-01-05 00:00:00');
    await w.run('DROP TABLE "_account_numbers"');
    await run('e2.csv', '2026-01-06 10:00:00,beta,a\n', '2026-01-06 12:00:00');
    expect(modes.map((m) => (m.mode === 'incremental' ? m.conversions : m.mode))).toEqual([
      'full',
      'continued',
      'full',
    ]);
    // T = 01-06 12:00. acme: a 01-01 10:00, window closed 01-03 10:00. beta: attempts 01-02 10:00
    // (closed) and 01-06 10:00 (open until 01-08 10:00): equal steps, the later one is the best,
    // in progress. zeta: a 10:00, b 11:00 on 01-01: converted in 3,600 s.
    expect(
      await w.allJson(
        `SELECT actor_id, reached, converted, in_progress, CAST(entered_at AS VARCHAR) AS entered_at, seconds
         FROM conversion_actors ORDER BY actor_id`,
      ),
    ).toEqual([
      {
        actor_id: 'acme',
        reached: 1,
        converted: false,
        in_progress: false,
        entered_at: '2026-01-01 10:00:00',
        seconds: null,
      },
      {
        actor_id: 'beta',
        reached: 1,
        converted: false,
        in_progress: true,
        entered_at: '2026-01-06 10:00:00',
        seconds: null,
      },
      {
        actor_id: 'zeta',
        reached: 2,
        converted: true,
        in_progress: false,
        entered_at: '2026-01-01 10:00:00',
        seconds: 3600,
      },
    ]);
  });
});

it('adds a path revenue to the same bits in an incremental and a full run (found by review)', async () => {
  // x0..x5 enter with a on 01-01 10:00 and convert with b carrying the value: x0, x2, x4 by T0
  // (0.1, 0.2, 1.1), x1, x3, x5 after it (0.7, 0.3, 0.6). No touchpoint: one path [], 6 converted,
  // revenue 0.1 + 0.2 + 1.1 + 0.7 + 0.3 + 0.6 = 3. As plain doubles, the incremental run's order
  // (stored actors first) gave 3 and a full run's 3.0000000000000004.
  const config = configWith(
    `  - id: trial
    name: Trial
    steps: [{event: a}, {event: b}]
    window: 2d
    value: amount
    touchpoints: [{id: wave, event: w}]
`,
    '\n    properties: {amount: DOUBLE}',
  );
  const head = 'occurred_at,account,event_name,amount\n';
  const values = [0.1, 0.7, 0.2, 0.3, 1.1, 0.6];
  const first = values.map(
    (v, i) => `2026-01-01 10:00:00,x${i},a,\n` + (i % 2 === 0 ? `2026-01-01 11:00:00,x${i},b,${v}\n` : ''),
  );
  const second = values.flatMap((v, i) => (i % 2 === 1 ? [`2026-01-02 11:00:00,x${i},b,${v}\n`] : []));
  const paths: unknown[] = [];
  for (const full of [false, true]) {
    const rows = await withRuns(
      config,
      head,
      async (run, w) => {
        await run('e0.csv', first.join(''), '2026-01-02 00:00:00');
        await run('e1.csv', second.join(''), '2026-01-05 00:00:00');
        return w.allJson(
          'SELECT path, CAST(converted AS INTEGER) AS converted, revenue FROM conversion_paths',
        );
      },
      full,
    );
    paths.push(rows);
  }
  expect(paths).toEqual([[{ path: [], converted: 6, revenue: 3 }], [{ path: [], converted: 6, revenue: 3 }]]);
});
