/**
 * Incremental runs that once published another answer than `compute --full`
 * (found by review, 2026-12-05), each worked by hand.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { computeAll, type RunMode } from '../../src/compute/run-compute.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('milestones-regressions-');
  mkdirSync(join(dir, 'events'));
});

interface Step {
  /** Event files written before the run (name -> CSV). */
  files?: Record<string, string>;
  /** Event files removed before the run. */
  remove?: string[];
  asOf: string;
}

/** Runs each step's compute on one warehouse; the modes, then the last run's status and history. */
async function runs(config: string, steps: Step[], extra: Record<string, string> = {}) {
  writeFileSync(join(dir, 'milestones.yaml'), config);
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  try {
    const modes: RunMode[] = [];
    for (const step of steps) {
      for (const [name, text] of Object.entries(step.files ?? {}))
        writeFileSync(join(dir, 'events', name), text);
      for (const name of step.remove ?? []) rmSync(join(dir, 'events', name));
      await loadSources(w, project);
      await computeAll(w, project, {
        asOf: step.asOf,
        tables: await readTables(w),
        onMode: (m) => modes.push(m),
      });
    }
    const status = await w.allJson<Record<string, unknown>>(
      `SELECT actor_id, account_id, status, CAST(completed_at AS VARCHAR) AS completed_at FROM milestone_status ORDER BY actor_id`,
    );
    const history = await w.allJson<Record<string, unknown>>(
      `SELECT actor_id, CAST(ts AS VARCHAR) AS ts, type FROM milestone_history ORDER BY actor_id, ts`,
    );
    const retracted = (await w.tableExists('milestone_retractions'))
      ? await w.allJson<Record<string, unknown>>(
          `SELECT actor_id, type FROM milestone_retractions ORDER BY ALL`,
        )
      : [];
    return { modes, status, history, retracted };
  } finally {
    w.close();
  }
}

/** `runs` orders by actor (and time) only: rows of one actor in several milestones come in any order. */
const sorted = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).sort();

const HEAD = `version: 1
timezone: UTC
sources:
  events:
    path: events/*.csv
    columns: {ts: occurred_at, account_id: account, contact_id: user, event: event_name}
`;

it('a rolling sum whose threshold rounds to 0 is lost after T0 though no event of (T0 - D, T0] is left', async () => {
  // threshold 1 x 1e-10 seats rounds to 0. p +1 at 01-01 10:00: 1 >= 0, completed; it leaves
  // at 01-02 10:00 (0 >= 0 still holds). T0 = 01-05. p -10 at 01-06 10:00: -10 < 0, lost.
  // Read from T0 - 1d, the second run sees no row before 01-06 and compared it with "not held".
  const config =
    HEAD +
    `    properties: {amount: DOUBLE}
  accounts:
    path: accounts.csv
    columns: {account_id: account}
    properties: {seats: DOUBLE}
milestones:
  - id: solvent
    name: Solvent
    criteria: [{event: p, count: {sum: amount}, at_least: 1, per: seats, within: {last: 1d}}]
`;
  const head = 'occurred_at,account,user,event_name,amount\n';
  const r = await runs(
    config,
    [
      { files: { 'e0.csv': `${head}2026-01-01 10:00:00,a1,,p,1\n` }, asOf: '2026-01-05 00:00:00' },
      { files: { 'e1.csv': `${head}2026-01-06 10:00:00,a1,,p,-10\n` }, asOf: '2026-01-07 00:00:00' },
    ],
    { 'accounts.csv': 'account,seats\na1,0.0000000001\n' },
  );
  expect(r.modes[1]).toEqual({
    mode: 'incremental',
    actors: 0n,
    conversions: 'none',
    cx: 'none',
    journeys: 'none',
  });
  expect(r.status).toEqual([
    { actor_id: 'a1', account_id: 'a1', status: 'not_achieving', completed_at: '2026-01-01 10:00:00' },
  ]);
  expect(r.history).toEqual([
    { actor_id: 'a1', ts: '2026-01-01 10:00:00', type: 'milestone_completed' },
    { actor_id: 'a1', ts: '2026-01-06 10:00:00', type: 'milestone_lost' },
  ]);
});

it('a contact whose account changes through a row already loaded but dated after T0 is rebuilt', async () => {
  // No contacts table: c1's account is the smallest account of its events up to T. At T0 =
  // 01-02 only (a2, 01-01) counts: a2, threshold 3, one x: never achieved. At 01-04 the row
  // (a1, 01-03) counts too: a1, whose override makes the threshold 1, so c1 holds from its
  // first x at 01-01 10:00. Continued from its carry it stayed never achieved.
  const config =
    HEAD +
    `milestones:
  - id: user_on
    name: User on
    level: contact
    criteria: [{id: x3, event: x, at_least: 3}]
    overrides: [{accounts: [a1], thresholds: {x3: 1}}]
`;
  const head = 'occurred_at,account,user,event_name\n';
  const r = await runs(config, [
    {
      files: { 'e0.csv': `${head}2026-01-01 10:00:00,a2,c1,x\n2026-01-03 10:00:00,a1,c1,x\n` },
      asOf: '2026-01-02 00:00:00',
    },
    { asOf: '2026-01-04 00:00:00' },
  ]);
  // c1 rebuilt, with its accounts a1 and a2 (an account is rebuilt with all its contacts).
  expect(r.modes[1]).toEqual({
    mode: 'incremental',
    actors: 3n,
    conversions: 'none',
    cx: 'none',
    journeys: 'none',
  });
  expect(r.status).toEqual([
    { actor_id: 'c1', account_id: 'a1', status: 'achieving', completed_at: '2026-01-01 10:00:00' },
  ]);
});

it('contact events without an account rebuild nobody', async () => {
  // c1 (of a1 by its signup) has x at 01-01 11:00, 01-03 10:00 and 01-05 10:00 without an
  // account: its account stays a1, so no run after the first rebuilds it; the third x at
  // 01-05 10:00 completes at_least 3.
  const config =
    HEAD +
    `milestones:
  - id: user_on
    name: User on
    level: contact
    criteria: [{event: x, at_least: 3}]
`;
  const head = 'occurred_at,account,user,event_name\n';
  const r = await runs(config, [
    {
      files: { 'e0.csv': `${head}2026-01-01 10:00:00,a1,c1,signup\n2026-01-01 11:00:00,,c1,x\n` },
      asOf: '2026-01-02 00:00:00',
    },
    { files: { 'e1.csv': `${head}2026-01-03 10:00:00,,c1,x\n` }, asOf: '2026-01-04 00:00:00' },
    { files: { 'e2.csv': `${head}2026-01-05 10:00:00,,c1,x\n` }, asOf: '2026-01-06 00:00:00' },
  ]);
  expect(r.modes.slice(1)).toEqual([
    { mode: 'incremental', actors: 0n, conversions: 'none', cx: 'none', journeys: 'none' },
    { mode: 'incremental', actors: 0n, conversions: 'none', cx: 'none', journeys: 'none' },
  ]);
  expect(r.status).toEqual([
    { actor_id: 'c1', account_id: 'a1', status: 'achieving', completed_at: '2026-01-05 10:00:00' },
  ]);
});

it('a reloaded contacts file with another mapping (same bytes) makes the run full', async () => {
  // c1's event carries no account: the contacts file gives it, acme under `account` and globex
  // under `account2`. Remapping reloads the same file and moves the event to globex; the run
  // compared files by path and checksum only, stayed incremental and kept acme's completion.
  const config = (column: string) =>
    HEAD.replace('account_id: account, ', '') +
    `  contacts:
    path: contacts.csv
    columns: {contact_id: contact, account_id: ${column}}
milestones:
  - id: setup
    name: Setup
    criteria: [{event: a}]
`;
  writeFileSync(join(dir, 'contacts.csv'), 'contact,account,account2\nc1,acme,globex\n');
  writeFileSync(join(dir, 'events', 'e1.csv'), 'occurred_at,user,event_name\n2026-01-02 00:00:00,c1,a\n');
  const w = await Warehouse.open(':memory:');
  const modes: RunMode[] = [];
  try {
    for (const [column, asOf] of [
      ['account', '2026-01-10 00:00:00'],
      ['account2', '2026-01-15 00:00:00'],
    ] as const) {
      writeFileSync(join(dir, 'milestones.yaml'), config(column));
      const project = loadProject(join(dir, 'milestones.yaml'));
      await loadSources(w, project);
      await computeAll(w, project, { asOf, tables: await readTables(w), onMode: (m) => modes.push(m) });
    }
    expect(modes[1]).toMatchObject({ mode: 'full' });
    // The one event is globex's now: setup completed on 01-02 for globex, acme gone.
    expect(
      await w.allJson(
        `SELECT actor_id, status, CAST(completed_at AS VARCHAR) AS completed_at FROM milestone_status`,
      ),
    ).toEqual([{ actor_id: 'globex', status: 'achieving', completed_at: '2026-01-02 00:00:00' }]);
  } finally {
    w.close();
  }
});

it('a state written by an older build (another format) makes the run full instead of failing', async () => {
  // The state of a build before `_ms_state.cx` had split_responses: its format was 1, and
  // reading the missing column failed the run (found by review, 2026-12-06).
  const config =
    HEAD +
    `milestones:
  - id: setup
    name: Setup
    criteria: [{event: a}]
`;
  writeFileSync(join(dir, 'milestones.yaml'), config);
  writeFileSync(
    join(dir, 'events', 'e1.csv'),
    'occurred_at,account,user,event_name\n2026-01-02 00:00:00,acme,,a\n',
  );
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  const modes: RunMode[] = [];
  try {
    const run = async (asOf: string) => {
      await loadSources(w, project);
      await computeAll(w, project, { asOf, tables: await readTables(w), onMode: (m) => modes.push(m) });
    };
    await run('2026-01-10 00:00:00');
    await w.run('UPDATE "_ms_state"."run" SET "format" = 1');
    writeFileSync(
      join(dir, 'events', 'e2.csv'),
      'occurred_at,account,user,event_name\n2026-01-12 00:00:00,globex,,a\n',
    );
    await run('2026-01-15 00:00:00');
    expect(modes[1]).toMatchObject({ mode: 'full' });
    // Then the state is this build's again: the next run continues.
    await run('2026-01-16 00:00:00');
    expect(modes[2]).toMatchObject({ mode: 'incremental' });
  } finally {
    w.close();
  }
});

it('an account first seen after T0 whose contacts completed before it publishes those rows (found by review, 2026-12-06)', async () => {
  // contacts.csv puts c1 in acme; c1's x of 01-02 names globex, so acme has no event until 01-06.
  // cm: c1 completes at 01-02. team (start 01-01): acme holds from 01-02 through c1. m2 (start 01-01,
  // deadline 7d = 01-08): team currently holds.
  // Run 1, T0 = 01-05: acme is no actor. Run 2, T = 01-07: acme's event of 01-06 makes it one; its
  // team and m2 completions at 01-02 are before T0, acme is not rebuilt, yet they are new rows.
  // Run 3, T = 01-09, nothing new: m2's deadline passes, so acme's m2 is recomputed from team's
  // history, which must hold the 01-02 completion: m2 achieving since 01-02, on time.
  const config = `version: 1
timezone: UTC
sources:
  events:
    path: events/*.csv
    columns: {ts: occurred_at, account_id: account, contact_id: user, event: event_name}
  contacts:
    path: contacts.csv
    columns: {contact_id: contact, account_id: account}
milestones:
  - id: cm
    name: CM
    level: contact
    criteria: [{event: x}]
  - id: team
    name: Team
    criteria: [{contacts: {milestone: cm}}]
    evaluation: {start: 2026-01-01}
  - id: m2
    name: M2
    criteria: [{milestone: team, currently: true}]
    evaluation: {start: 2026-01-01, deadline: 7d}
`;
  writeFileSync(join(dir, 'milestones.yaml'), config);
  writeFileSync(join(dir, 'contacts.csv'), 'contact,account\nc1,acme\n');
  const head = 'occurred_at,account,user,event_name\n';
  const files: [string, string, string][] = [
    ['e1.csv', `${head}2026-01-02 00:00:00,globex,c1,x\n`, '2026-01-05 00:00:00'],
    ['e2.csv', `${head}2026-01-06 00:00:00,acme,,y\n`, '2026-01-07 00:00:00'],
    ['', '', '2026-01-09 00:00:00'],
  ];
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  const full = await Warehouse.open(':memory:');
  const modes: string[] = [];
  const STATUS = `SELECT milestone_id, actor_id, status, CAST(completed_at AS VARCHAR) AS completed_at, on_time
    FROM milestone_status WHERE actor_id = 'acme' ORDER BY milestone_id`;
  const HISTORY = `SELECT * EXCLUDE (published_run) FROM milestone_history ORDER BY ALL`;
  try {
    for (const [name, text, asOf] of files) {
      if (name) writeFileSync(join(dir, 'events', name), text);
      await loadSources(w, project);
      await computeAll(w, project, { asOf, tables: await readTables(w), onMode: (m) => modes.push(m.mode) });
    }
    expect(modes).toEqual(['full', 'incremental', 'incremental']);
    expect(await w.allJson(STATUS)).toEqual([
      {
        milestone_id: 'm2',
        actor_id: 'acme',
        status: 'achieving',
        completed_at: '2026-01-02 00:00:00',
        on_time: true,
      },
      {
        milestone_id: 'team',
        actor_id: 'acme',
        status: 'achieving',
        completed_at: '2026-01-02 00:00:00',
        on_time: null,
      },
    ]);
    await loadSources(full, project);
    await computeAll(full, project, {
      asOf: '2026-01-09 00:00:00',
      full: true,
      tables: await readTables(full),
    });
    expect(await w.allJson(HISTORY)).toEqual(await full.allJson(HISTORY));
  } finally {
    w.close();
    full.close();
  }
});

it('an account whose only events were in a removed file loses its status row, as in a full compute', async () => {
  // e1: acme x 01-02; e2: globex x 01-03. Run 1 (T 01-05): setup achieving for both.
  // e2 removed, e3 adds acme y 01-06. Run 2 (T 01-07), incremental: globex has no event left, so
  // it is no actor of setup; its stored status row goes and its history is retracted. The
  // incremental run no longer copies untouched actors' rows: globex is found by joining the
  // stored statuses with the actors, not by what the run recomputed.
  const config = `${HEAD}milestones:
  - id: setup
    name: Setup
    criteria: [{event: x}]
`;
  const head = 'occurred_at,account,user,event_name\n';
  const r = await runs(config, [
    {
      files: {
        'e1.csv': `${head}2026-01-02 00:00:00,acme,,x\n`,
        'e2.csv': `${head}2026-01-03 00:00:00,globex,,x\n`,
      },
      asOf: '2026-01-05 00:00:00',
    },
    {
      files: { 'e3.csv': `${head}2026-01-06 00:00:00,acme,,y\n` },
      remove: ['e2.csv'],
      asOf: '2026-01-07 00:00:00',
    },
  ]);
  expect(r.modes.map((m) => m.mode)).toEqual(['full', 'incremental']);
  expect(r.status).toEqual([
    { actor_id: 'acme', account_id: 'acme', status: 'achieving', completed_at: '2026-01-02 00:00:00' },
  ]);
  expect(r.history).toEqual([{ actor_id: 'acme', ts: '2026-01-02 00:00:00', type: 'milestone_completed' }]);
  expect(r.retracted).toEqual([{ actor_id: 'globex', type: 'milestone_completed' }]);
});

it('an account new to a milestone keeps the history of a contact with the same id (found by review, second 2026-12-06 round)', async () => {
  // setup (account, x), user_on (contact, x), power (contact: user_on currently, and z).
  // Run 1, T 01-05: a1/u1 x 01-02 -> setup a1 and user_on u1 completed 01-02; power u1 not (no z).
  // Run 2, T 01-07: account u1 (no contact) y 01-06 -> u1 is new to setup (never achieved there);
  //   contact u1's user_on row of 01-02 is untouched and must stay published, not be retracted.
  // Run 3, T 01-09: a1/u1 z 01-08 -> power u1: user_on holds since 01-02, z at 01-08: completed 01-08.
  // "New to a milestone" was kept by id alone: the history publish compared contact u1's stored
  // rows (which no longer come back from the run) and retracted them; power then read no user_on.
  const config = `${HEAD}milestones:
  - id: setup
    name: Setup
    criteria: [{event: x}]
  - id: user_on
    name: User on
    level: contact
    criteria: [{event: x}]
  - id: power
    name: Power
    level: contact
    criteria: [{milestone: user_on, currently: true}, {event: z}]
`;
  const head = 'occurred_at,account,user,event_name\n';
  const r = await runs(config, [
    { files: { 'e1.csv': `${head}2026-01-02 00:00:00,a1,u1,x\n` }, asOf: '2026-01-05 00:00:00' },
    { files: { 'e2.csv': `${head}2026-01-06 00:00:00,u1,,y\n` }, asOf: '2026-01-07 00:00:00' },
    { files: { 'e3.csv': `${head}2026-01-08 00:00:00,a1,u1,z\n` }, asOf: '2026-01-09 00:00:00' },
  ]);
  expect(r.modes.map((m) => m.mode)).toEqual(['full', 'incremental', 'incremental']);
  expect(sorted(r.history)).toEqual(
    sorted([
      { actor_id: 'a1', ts: '2026-01-02 00:00:00', type: 'milestone_completed' }, // setup
      { actor_id: 'u1', ts: '2026-01-02 00:00:00', type: 'milestone_completed' }, // user_on
      { actor_id: 'u1', ts: '2026-01-02 00:00:00', type: 'milestone_updated' }, // power 0 -> 50%
      { actor_id: 'u1', ts: '2026-01-08 00:00:00', type: 'milestone_completed' }, // power
    ]),
  );
  expect(sorted(r.status)).toEqual(
    sorted([
      { actor_id: 'a1', account_id: 'a1', status: 'achieving', completed_at: '2026-01-02 00:00:00' },
      { actor_id: 'u1', account_id: 'a1', status: 'achieving', completed_at: '2026-01-02 00:00:00' },
      { actor_id: 'u1', account_id: 'a1', status: 'achieving', completed_at: '2026-01-08 00:00:00' },
      { actor_id: 'u1', account_id: 'u1', status: 'never_achieved', completed_at: null },
    ]),
  );
});

it('a milestone touched after T0 reads the stored history and status of a dependency the run did not touch', async () => {
  // setup (x); activated ([setup, y]); engaged ([setup currently, y]).
  // Run 1, T 01-05: a1 x 01-02 -> setup completed 01-02; activated and engaged at 50% from 01-02.
  // Run 2, T 01-07: a1 y 01-06 -> activated and engaged touched (a flip after T0), setup not: they
  // must read setup's completion of 01-02 from the stored rows (`_all` views) -> completed 01-06.
  const config = `${HEAD}milestones:
  - id: setup
    name: Setup
    criteria: [{event: x}]
  - id: activated
    name: Activated
    criteria: [{milestone: setup}, {event: y}]
  - id: engaged
    name: Engaged
    criteria: [{milestone: setup, currently: true}, {event: y}]
`;
  const head = 'occurred_at,account,user,event_name\n';
  const r = await runs(config, [
    { files: { 'e1.csv': `${head}2026-01-02 00:00:00,a1,,x\n` }, asOf: '2026-01-05 00:00:00' },
    { files: { 'e2.csv': `${head}2026-01-06 00:00:00,a1,,y\n` }, asOf: '2026-01-07 00:00:00' },
  ]);
  expect(r.modes.map((m) => m.mode)).toEqual(['full', 'incremental']);
  expect(sorted(r.status)).toEqual(
    sorted([
      { actor_id: 'a1', account_id: 'a1', status: 'achieving', completed_at: '2026-01-02 00:00:00' },
      { actor_id: 'a1', account_id: 'a1', status: 'achieving', completed_at: '2026-01-06 00:00:00' },
      { actor_id: 'a1', account_id: 'a1', status: 'achieving', completed_at: '2026-01-06 00:00:00' },
    ]),
  );
  expect(sorted(r.history)).toEqual(
    sorted([
      { actor_id: 'a1', ts: '2026-01-02 00:00:00', type: 'milestone_completed' }, // setup
      { actor_id: 'a1', ts: '2026-01-02 00:00:00', type: 'milestone_updated' }, // activated 0 -> 50%
      { actor_id: 'a1', ts: '2026-01-06 00:00:00', type: 'milestone_completed' }, // activated
      { actor_id: 'a1', ts: '2026-01-02 00:00:00', type: 'milestone_updated' }, // engaged 0 -> 50%
      { actor_id: 'a1', ts: '2026-01-06 00:00:00', type: 'milestone_completed' }, // engaged
    ]),
  );
});

it('a late event inside a rolling window rebuilds its actor though nothing else moves (found while narrowing the rolling reads)', async () => {
  // busy: 2 p within the last 2 days. T0 = 01-10 00:00: a1 has p at 01-09 10:00, one only.
  // The second file brings a late p dated 01-09 20:00 (before T0): two p in 2 days from
  // 01-09 20:00, completed then; the first leaves the window at 01-11 10:00, after T = 01-10
  // 12:00. a1 has no event after T0 and none leaving the window in (T0, T]: only being rebuilt
  // makes the run read its rows after T0 - 2d.
  const config =
    HEAD +
    `milestones:
  - id: busy
    name: Busy
    criteria: [{event: p, at_least: 2, within: {last: 2d}}]
`;
  const head = 'occurred_at,account,user,event_name\n';
  const r = await runs(config, [
    { files: { 'e0.csv': `${head}2026-01-09 10:00:00,a1,,p\n` }, asOf: '2026-01-10 00:00:00' },
    { files: { 'e1.csv': `${head}2026-01-09 20:00:00,a1,,p\n` }, asOf: '2026-01-10 12:00:00' },
  ]);
  expect(r.modes[1]).toMatchObject({ mode: 'incremental', actors: 1n });
  expect(r.status).toEqual([
    { actor_id: 'a1', account_id: 'a1', status: 'achieving', completed_at: '2026-01-09 20:00:00' },
  ]);
  expect(r.history).toEqual([{ actor_id: 'a1', ts: '2026-01-09 20:00:00', type: 'milestone_completed' }]);
});
