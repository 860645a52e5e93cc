/**
 * Actor numbers (compiler/actor-numbers.ts, warehouse/actor-numbers.ts): the
 * loader numbers every account and contact the events name and stores the
 * numbers on each row; plans join events to actors by them. Joining by number
 * must give exactly the tables joining by text gives, a row the loader did not
 * number must make the plan join by text (never drop the row), and a contact
 * moving to another account must move its events' numbers too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NUMBER_COLUMNS } from '../../src/compiler/actor-numbers.js';
import { computeAll } from '../../src/compute/run-compute.js';
import { computeConversions } from '../../src/conversions/run-conversions.js';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { numbersComplete, numberUnnumbered } from '../../src/warehouse/actor-numbers.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { loadAndCompute } from '../helpers/load-and-compute.js';
import { removeDir, tempDir } from '../helpers/temp-dir.js';

/** The sources of this file's projects: events (some naming only a contact) and contacts. */
const sourcesYaml = (events: string) => `sources:
  events:
    path: ${events}
    columns: {ts: occurred_at, account_id: account, contact_id: user, event: event_name}
  contacts:
    path: contacts.csv
    columns: {contact_id: id, account_id: account}
`;

const byNumber = async (w: Warehouse) =>
  (await readTables(w)).events.some((c) => c.name === NUMBER_COLUMNS.account);

async function computeAt(w: Warehouse, project: ReturnType<typeof loadProject>, asOf: string) {
  await computeAll(w, project, { asOf, full: true, tables: await readTables(w) });
}

describe('joins by number', () => {
  // Every published table but the run bookkeeping (the run that published a history row).
  const TABLES: Record<string, string> = {
    status: 'SELECT * FROM milestone_status',
    history: 'SELECT * EXCLUDE (published_run) FROM milestone_history',
    journey: 'SELECT * FROM milestone_journey',
    steps: 'SELECT * FROM conversion_steps',
    touchpoints: 'SELECT * FROM conversion_touchpoints',
    paths: 'SELECT * FROM conversion_paths',
    attribution: 'SELECT * FROM conversion_attribution',
    actors: 'SELECT * FROM conversion_actors',
    travelers: 'SELECT * FROM journey_travelers',
    journeyPaths: 'SELECT * FROM journey_paths',
    metrics: 'SELECT * FROM cx_metrics',
    responses: 'SELECT * FROM cx_responses',
  };
  const read = async (w: Warehouse) => {
    const out: Record<string, unknown[]> = {};
    for (const [name, sql] of Object.entries(TABLES)) out[name] = await w.allJson(`${sql} ORDER BY ALL`);
    return out;
  };

  it('give the bundled example the same tables as joins by text', async () => {
    const project = loadProject('milestones.example.yaml');
    const numbered = await Warehouse.open(':memory:');
    const text = await Warehouse.open(':memory:');
    try {
      for (const w of [numbered, text]) await loadSources(w, project);
      // Without the columns the plan joins by text, as before numbers existed.
      for (const column of Object.values(NUMBER_COLUMNS))
        await text.run(`ALTER TABLE events DROP COLUMN "${column}"`);
      expect(await byNumber(numbered)).toBe(true);
      expect(await byNumber(text)).toBe(false);
      for (const w of [numbered, text]) await computeAt(w, project, '2026-04-30 00:00:00');
      const expected = await read(text);
      // The example reaches milestones, converts and has touches: the comparison compares something.
      expect(expected.history!.length).toBeGreaterThan(50);
      expect(expected.paths!.length).toBeGreaterThan(0);
      expect(expected.travelers!.length).toBeGreaterThan(0);
      expect(await read(numbered)).toEqual(expected);
    } finally {
      numbered.close();
      text.close();
    }
  });
});

describe('joins by number, contact level', () => {
  // Contact milestones, a journey and conversions (milestone steps and event steps, repeated,
  // with an exclusion; by contact and by account) over events of which some name
  // only a contact (their account comes from contacts), then a second file and a later T: an
  // incremental run (counted-since.sql, the affected actors) on both sides.
  const CONTACT_CONFIG = `version: 1
timezone: UTC
${sourcesYaml('events/*.csv')}milestones:
  - id: joined
    name: Joined
    level: contact
    criteria: [{event: login}]
  - id: engaged
    name: Engaged
    level: contact
    criteria: [{event: report, at_least: 2}]
  - id: busy
    name: Busy
    criteria: [{event: report, at_least: 3, within: {last: 10d}}]
journeys:
  - id: path
    name: Path
    stages: [joined, engaged]
conversions:
  - id: join_to_engage
    name: Join to engage
    steps: [joined, engaged]
    window: 30d
    touchpoints:
      - {id: demo, event: demo}
    unit: contact
  - id: report_twice
    name: Report twice
    steps: [{event: login}, {event: report}, {event: report}]
    window: 10d
    exclusions: [{event: demo, between: [0, 1]}]
    touchpoints: [{id: demo, event: demo}]
    unit: contact
  - id: login_to_report
    name: Login to report
    steps: [{event: login}, {event: report}]
    window: 5d
    touchpoints: [{id: demo, event: demo}]
`;
  const USERS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
  // Day d, user USERS[i]: a deterministic mix of events; every third row names no account.
  const rows = (days: number[]) =>
    days
      .flatMap((d) =>
        USERS.map((u, i) => {
          const event = ['login', 'report', 'demo', 'report'][(d + i) % 4];
          const account = (d + i) % 3 === 0 ? '' : `a${(i % 3) + 1}`;
          return (d * i) % 5 === 4
            ? ''
            : `2026-01-${String(d).padStart(2, '0')} 0${i}:00:00,${account},${u},${event}\n`;
        }),
      )
      .join('');
  const HEAD = 'occurred_at,account,user,event_name\n';
  const TABLES = [
    'SELECT * FROM milestone_status',
    'SELECT * EXCLUDE (published_run) FROM milestone_history',
    'SELECT * FROM conversion_steps',
    'SELECT * FROM conversion_touchpoints',
    'SELECT * FROM conversion_paths',
    'SELECT * FROM conversion_actors',
    'SELECT * FROM journey_travelers',
    'SELECT * FROM journey_paths',
  ];
  const read = async (w: Warehouse) => Promise.all(TABLES.map((sql) => w.allJson(`${sql} ORDER BY ALL`)));

  it('give the same tables as joins by text, in a full and an incremental run', async () => {
    const dir = tempDir('milestones-numbers-contacts-');
    mkdirSync(join(dir, 'events'), { recursive: true });
    writeFileSync(join(dir, 'milestones.yaml'), CONTACT_CONFIG);
    writeFileSync(
      join(dir, 'contacts.csv'),
      `id,account\n${USERS.map((u, i) => `${u},a${(i % 3) + 1}`).join('\n')}\n`,
    );
    writeFileSync(join(dir, 'events', 'e1.csv'), HEAD + rows([2, 3, 4, 5, 6, 7, 8]));
    const project = loadProject(join(dir, 'milestones.yaml'));
    const numbered = await Warehouse.open(':memory:');
    const text = await Warehouse.open(':memory:');
    // One row without its number: the text side's plans join by text (the loader never mends it).
    const breakNumbers = () =>
      text.run('UPDATE events SET _contact_number = NULL WHERE rowid = (SELECT min(rowid) FROM events)');
    const modes: string[] = [];
    try {
      for (const w of [numbered, text]) await loadSources(w, project);
      await breakNumbers();
      for (const w of [numbered, text]) await computeAt(w, project, '2026-01-09 00:00:00');
      expect(await byNumber(numbered)).toBe(true);
      expect(await byNumber(text)).toBe(false);
      const first = await read(text);
      // Something to compare: contacts reached both milestones, converted, and travelled.
      expect(first[1]!.length).toBeGreaterThan(10);
      expect(first[5]!.length).toBeGreaterThan(0);
      // Each conversion has actors who converted and touches on their paths.
      const converted = `SELECT conversion_id, count(*) FILTER (WHERE converted) > 0 AS converted
        FROM conversion_actors GROUP BY ALL ORDER BY ALL`;
      expect(await text.allJson(converted)).toEqual(
        ['join_to_engage', 'login_to_report', 'report_twice'].map((id) => ({
          conversion_id: id,
          converted: true,
        })),
      );
      const touched = `SELECT DISTINCT conversion_id FROM conversion_paths WHERE len(path) > 0 ORDER BY ALL`;
      expect((await text.allJson(touched)).length).toBe(3);
      expect(await read(numbered)).toEqual(first);

      writeFileSync(join(dir, 'events', 'e2.csv'), HEAD + rows([9, 10, 11, 12]));
      for (const w of [numbered, text])
        await loadAndCompute(w, project, '2026-01-13 00:00:00', {
          onMode: (mode) => void modes.push(mode.mode),
        });
      expect(modes).toEqual(['incremental', 'incremental']);
      expect(await byNumber(numbered)).toBe(true);
      expect(await read(numbered)).toEqual(await read(text));
    } finally {
      numbered.close();
      text.close();
      removeDir(dir);
    }
  });
});

const CONFIG = `version: 1
timezone: UTC
${sourcesYaml('events.csv')}milestones:
  - id: active
    name: Active
    criteria: [{event: a, at_least: 2}]
`;

async function setUp(events: string, contacts: string) {
  const dir = tempDir('milestones-numbers-');
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  writeFileSync(join(dir, 'events.csv'), `occurred_at,account,user,event_name\n${events}`);
  writeFileSync(join(dir, 'contacts.csv'), `id,account\n${contacts}`);
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  const status = async () => w.allJson(`SELECT actor_id, status FROM milestone_status ORDER BY actor_id`);
  const close = () => {
    w.close();
    removeDir(dir);
  };
  return { dir, project, w, status, close };
}

describe('the loader', () => {
  it('numbers new ids after the last number and keeps the old ones', async () => {
    const { dir, project, w, close } = await setUp('2026-01-02 00:00:00,globex,,a\n', 'u1,acme\n');
    try {
      await loadSources(w, project);
      // contacts' accounts are numbered with the file's (contact-only rows take them): acme 1, globex 2 (id order).
      const numbers = () => w.allJson('SELECT id, number FROM _account_numbers ORDER BY number');
      expect(await numbers()).toEqual([
        { id: 'acme', number: 1 },
        { id: 'globex', number: 2 },
      ]);
      writeFileSync(
        join(dir, 'events.csv'),
        'occurred_at,account,user,event_name\n2026-01-02 00:00:00,globex,,a\n2026-01-03 00:00:00,initech,,a\n',
      );
      await loadSources(w, project);
      // The replaced file brings initech: 3; globex keeps 2.
      expect(await numbers()).toEqual([
        { id: 'acme', number: 1 },
        { id: 'globex', number: 2 },
        { id: 'initech', number: 3 },
      ]);
      // No contact: the number 0, which no contact has (a NULL number means a row the loader did not write).
      const rows = 'SELECT account_id, _account_number, _contact_number FROM events ORDER BY ALL';
      expect(await w.allJson(rows)).toEqual([
        { account_id: 'globex', _account_number: 2, _contact_number: 0 },
        { account_id: 'initech', _account_number: 3, _contact_number: 0 },
      ]);
      expect(await numbersComplete(w)).toBe(true);
    } finally {
      close();
    }
  });

  it('gives a contact-only row its account whether or not the file before it had one', async () => {
    // A file whose rows all name an account, then one with a contact-only row, which must still
    // take u1's account from contacts.
    const { dir, project, w, close } = await setUp('2026-01-02 00:00:00,globex,u1,a\n', 'u1,acme\n');
    const rows = () =>
      w.allJson(
        'SELECT e.ts, e.account_id, e._account_from_contact AS filled, n.id AS numbered ' +
          'FROM events AS e LEFT JOIN _account_numbers AS n ON n.number = e._account_number ORDER BY e.ts',
      );
    try {
      await loadSources(w, project);
      // The row names globex itself: it keeps globex although contacts put u1 in acme.
      expect(await rows()).toEqual([
        { ts: '2026-01-02 00:00:00', account_id: 'globex', filled: false, numbered: 'globex' },
      ]);
      writeFileSync(
        join(dir, 'events.csv'),
        'occurred_at,account,user,event_name\n2026-01-02 00:00:00,globex,u1,a\n2026-01-03 00:00:00,,u1,a\n',
      );
      await loadSources(w, project);
      // The second row names only u1: acme, from contacts, with acme's number.
      expect(await rows()).toEqual([
        { ts: '2026-01-02 00:00:00', account_id: 'globex', filled: false, numbered: 'globex' },
        { ts: '2026-01-03 00:00:00', account_id: 'acme', filled: true, numbered: 'acme' },
      ]);
    } finally {
      close();
    }
  });

  it('moves the numbers of a contact-only row when its contact moves to another account', async () => {
    // u1's two `a` events name no account: they take u1's account, acme, then globex.
    const events = '2026-01-02 00:00:00,,u1,a\n2026-01-03 00:00:00,,u1,a\n';
    const { dir, project, w, status, close } = await setUp(events, 'u1,acme\n');
    try {
      await loadSources(w, project);
      await computeAt(w, project, '2026-01-10 00:00:00');
      // acme has u1's 2 events: achieving (at_least 2).
      expect(await status()).toEqual([{ actor_id: 'acme', status: 'achieving' }]);
      writeFileSync(join(dir, 'contacts.csv'), 'id,account\nu1,globex\n');
      await loadSources(w, project);
      // The plan still joins by number: the refill moved the numbers with the account.
      expect(await byNumber(w)).toBe(true);
      await computeAt(w, project, '2026-01-10 00:00:00');
      // Both events are globex's now; acme (no longer seen anywhere) leaves the universe.
      expect(await status()).toEqual([{ actor_id: 'globex', status: 'achieving' }]);
      // u1 leaves contacts: its events name no account (number 0), still joined by number.
      writeFileSync(join(dir, 'contacts.csv'), 'id,account\nu2,globex\n');
      await loadSources(w, project);
      expect(await w.allJson('SELECT DISTINCT account_id, _account_number FROM events')).toEqual([
        { account_id: null, _account_number: 0 },
      ]);
      expect(await byNumber(w)).toBe(true);
    } finally {
      close();
    }
  });
});

describe('a warehouse loaded before numbers existed', () => {
  it('gets them in place on the next load, keeping files added by hand', async () => {
    const { dir, project, w, status, close } = await setUp('2026-01-02 00:00:00,acme,,a\n', '');
    try {
      await loadSources(w, project);
      // A second acme `a` from a file added with `load events extra.csv` (not in the config).
      writeFileSync(
        join(dir, 'extra.csv'),
        'occurred_at,account,user,event_name\n2026-01-03 00:00:00,acme,,a\n',
      );
      await loadSources(w, project, { only: 'events', overridePaths: [join(dir, 'extra.csv')] });
      // The layout of older versions: no number columns, no dictionaries.
      for (const column of Object.values(NUMBER_COLUMNS))
        await w.run(`ALTER TABLE events DROP COLUMN "${column}"`);
      await w.run('DROP TABLE _account_numbers');
      await w.run('DROP TABLE _contact_numbers');
      await loadSources(w, project);
      // Both rows are still there, numbered (acme 1; no contact: 0), and the plan joins by number.
      const rows = 'SELECT account_id, _account_number, _contact_number FROM events';
      expect(await w.allJson(rows)).toEqual([
        { account_id: 'acme', _account_number: 1, _contact_number: 0 },
        { account_id: 'acme', _account_number: 1, _contact_number: 0 },
      ]);
      expect(await byNumber(w)).toBe(true);
      await computeAt(w, project, '2026-01-10 00:00:00');
      // acme's 2 events (one from each file) reach at_least 2.
      expect(await status()).toEqual([{ actor_id: 'acme', status: 'achieving' }]);
    } finally {
      close();
    }
  });
});

describe('a conversion over stored statuses', () => {
  // A conversion keys its milestone steps' actors by number (compiler/conversions/actor-key.ts).
  it('stop a conversion whose milestone step names an actor without a number, instead of dropping it', async () => {
    const project = loadProject('milestones.example.yaml');
    const w = await Warehouse.open(':memory:');
    try {
      await loadSources(w, project);
      await computeAt(w, project, '2026-04-30 00:00:00');
      // trial_to_customer starts at setup, which acme completed.
      const setup = `SELECT count(*) AS n FROM milestone_status WHERE actor_id = 'acme' AND milestone_id = 'setup' AND completed_at IS NOT NULL`;
      expect(await w.allJson(setup)).toEqual([{ n: '1' }]);
      // By hand: acme's number gone from the dictionary; its events keep it.
      await w.run(`DELETE FROM _account_numbers WHERE id = 'acme'`);
      expect(await byNumber(w)).toBe(true);
      await expect(computeConversions(w, project, { ids: ['trial_to_customer'] })).rejects.toThrow(
        /milestone_status names acme, which has no number \(the table _account_numbers was edited\)/,
      );
    } finally {
      w.close();
    }
  });
});

describe('a dictionary dropped by hand', () => {
  it('numbers every row again before new ids take the old numbers', async () => {
    const events = '2026-01-02 00:00:00,acme,,a\n2026-01-03 00:00:00,acme,,a\n';
    const { dir, project, w, status, close } = await setUp(events, '');
    try {
      await loadSources(w, project);
      await w.run('DROP TABLE _account_numbers');
      // A file added by hand brings globex; a fresh dictionary would give it acme's old number 1.
      writeFileSync(
        join(dir, 'extra.csv'),
        'occurred_at,account,user,event_name\n2026-01-04 00:00:00,globex,,a\n',
      );
      await loadSources(w, project, { only: 'events', overridePaths: [join(dir, 'extra.csv')] });
      expect(await byNumber(w)).toBe(true);
      await computeAt(w, project, '2026-01-10 00:00:00');
      // acme's 2 events reach at_least 2; globex's 1 does not: no row joined to another actor.
      expect(await status()).toEqual([
        { actor_id: 'acme', status: 'achieving' },
        { actor_id: 'globex', status: 'never_achieved' },
      ]);
    } finally {
      close();
    }
  });
});

describe('numbering every row again', () => {
  // A contact's account that no event names (u1's initech) can complete a `contacts:` criterion:
  // like a file's numbering, numbering every row again numbers it too.
  const numbered = (w: Warehouse) => w.allJson('SELECT id FROM _account_numbers ORDER BY id');

  it("after a dropped dictionary numbers the contacts' accounts too", async () => {
    const { project, w, close } = await setUp('2026-01-02 00:00:00,acme,u1,a\n', 'u1,initech\n');
    try {
      await loadSources(w, project);
      expect(await numbered(w)).toEqual([{ id: 'acme' }, { id: 'initech' }]);
      await w.run('DROP TABLE _account_numbers');
      await loadSources(w, project);
      expect(await numbered(w)).toEqual([{ id: 'acme' }, { id: 'initech' }]);
    } finally {
      close();
    }
  });

  it("for rows written by hand numbers the contacts' accounts too", async () => {
    const { project, w, close } = await setUp('2026-01-02 00:00:00,acme,u1,a\n', 'u1,initech\n');
    try {
      await loadSources(w, project);
      await w.run(`DELETE FROM _account_numbers WHERE id = 'initech'`);
      await w.run('UPDATE events SET _account_number = NULL');
      await numberUnnumbered(w);
      expect(await numbered(w)).toEqual([{ id: 'acme' }, { id: 'initech' }]);
      expect(await numbersComplete(w)).toBe(true);
    } finally {
      close();
    }
  });
});

describe('a plan over rows the loader did not number', () => {
  it('joins by text, so a row inserted by hand counts', async () => {
    const { project, w, status, close } = await setUp('2026-01-02 00:00:00,acme,,a\n', '');
    try {
      await loadSources(w, project);
      // One loaded `a` for acme, one inserted by hand (no numbers): 2 events, achieving.
      await w.run(
        `INSERT INTO events (ts, account_id, event, _load_id) VALUES (TIMESTAMP '2026-01-03 00:00:00', 'acme', 'a', 1)`,
      );
      expect(await numbersComplete(w)).toBe(false);
      expect(await byNumber(w)).toBe(false);
      await computeAt(w, project, '2026-01-10 00:00:00');
      expect(await status()).toEqual([{ actor_id: 'acme', status: 'achieving' }]);
    } finally {
      close();
    }
  });
});
