/**
 * As-of consistency, property-based: the status computed directly as of any
 * T equals the one read back from the history of a later run (status,
 * progress, completed_at, deadline flags), on random data and on the
 * fixtures. On random data both also equal a brute-force evaluator.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadProject } from '../../src/definitions/load-definitions.js';
import type { Milestone, Project } from '../../src/definitions/model.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { compute, ev, hours, milestone, project } from './harness.js';
import {
  bruteForce,
  isoSeconds,
  replay,
  type Outcome,
  type FullStatus,
  type HistoryEvent,
  type SimpleEvent,
} from './replay.js';

/**
 * FULL=1 (nightly) runs many more cases; the default keeps the file at a
 * few seconds on a busy 2-core CI machine (docs/TESTING.md). A `compute` costs
 * about a second there whatever the data size, so the random-data test puts
 * CASES_PER_RUN independent cases into one warehouse: each case's actors and
 * contacts get their own prefix, and its events are moved in time so that
 * its own T falls on the one T of the run. Every milestone here reads only
 * its actor's events and absolute windows (UTC, no day boundaries), so a
 * moved case has the same answers, moved (a failing key `r7-a1/m2` is case 7).
 * Default: one run of 30 to 60 cases, and 2 T's on the fixtures (a compute
 * each); FULL=1: 20 runs (600 to 1,200 cases) and 60 T's on the fixtures.
 */
const FULL = process.env.FULL === '1';
const CASES_PER_RUN = 60;
const TIMEOUT = FULL ? 900_000 : 60_000;
/** Each case's T lands here: its events move by SHARED_AS_OF - T (0..52h), never before the epoch. */
const SHARED_AS_OF = 52 * 3600;

const EVENTS_TABLE =
  'CREATE TABLE events (ts TIMESTAMP, account_id VARCHAR, contact_id VARCHAR, event VARCHAR, properties JSON, _load_id VARCHAR)';

/** A case's event with its actor and contact renamed for case i and its time moved by `shift` seconds. */
function inCase(e: SimpleEvent, i: number, shift: number): SimpleEvent {
  return {
    ...e,
    t: e.t + shift,
    actor: `r${i}-${e.actor}`,
    contact: e.contact === null ? null : `r${i}-${e.contact}`,
  };
}

/** The events table holds exactly these (one INSERT: a few hundred rows one by one take seconds). */
async function replaceEvents(w: Warehouse, events: SimpleEvent[]): Promise<void> {
  await w.run('DELETE FROM events');
  const values = events.map(() => '(CAST(? AS TIMESTAMP), ?, ?, ?, CAST(? AS JSON))').join(', ');
  const params = events.flatMap((e) => [
    isoSeconds(e.t),
    e.actor,
    e.contact,
    e.event,
    JSON.stringify({ amount: e.amount }),
  ]);
  await w.run(`INSERT INTO events (ts, account_id, contact_id, event, properties) VALUES ${values}`, params);
}

const TS = (c: string) => `strftime(${c}, '%Y-%m-%d %H:%M:%S') AS ${c}`;
const TSU = (c: string) => `strftime(${c}, '%Y-%m-%d %H:%M:%S.%f') AS ${c}`;

interface Row extends FullStatus {
  status: string;
  progress: number;
  completed_at: string | null;
  deadline_missed: boolean;
  on_time: boolean | null;
}

async function readAll(w: Warehouse, fmt: (c: string) => string) {
  const status = await w.all<Row>(
    `SELECT milestone_id, actor_id, status, progress, ${fmt('completed_at')}, ${fmt('evaluation_start')},
       ${fmt('deadline')}, deadline_missed, on_time FROM milestone_status`,
  );
  const history = await w.all<HistoryEvent & { milestone_id: string; actor_id: string }>(
    `SELECT milestone_id, actor_id, ${fmt('ts')}, type, holds, progress FROM milestone_history ORDER BY ts`,
  );
  return { status, history };
}

/** Checks every row computed as of T against the later run's history. */
function expectReplayed(direct: Row[], later: Awaited<ReturnType<typeof readAll>>, asOf: string): void {
  const byKey = new Map(later.status.map((r) => [`${r.milestone_id}/${r.actor_id}`, r]));
  for (const row of direct) {
    const full = byKey.get(`${row.milestone_id}/${row.actor_id}`);
    expect(full, `${row.milestone_id}/${row.actor_id} exists later`).toBeDefined();
    const events = later.history.filter(
      (h) => h.milestone_id === row.milestone_id && h.actor_id === row.actor_id,
    );
    const expected = replay(full!, events, asOf);
    const { status, progress, completed_at, deadline_missed, on_time } = row;
    expect({
      key: `${row.milestone_id}/${row.actor_id}`,
      status,
      progress,
      completed_at,
      deadline_missed,
      on_time,
    }).toEqual({
      key: `${row.milestone_id}/${row.actor_id}`,
      ...expected,
    });
  }
}

describe('on random data', () => {
  // Rolling and first windows, distinct contacts, sums with negative amounts, an any group,
  // and a `currently` dependency: everything the brute-force evaluator knows.
  const milestones: Milestone[] = [
    milestone('m1', [
      ev('x', { atLeast: 2, within: { kind: 'last', duration: hours(6) } }),
      {
        kind: 'any',
        id: '2',
        children: [
          ev('y', {
            aggregate: { fn: 'distinct_contacts' },
            atLeast: 2,
            within: { kind: 'first', duration: hours(12) },
          }),
          ev('z', { aggregate: { fn: 'sum', property: 'amount' }, atLeast: 5 }),
        ],
      },
    ]),
    milestone('m2', [ev('x', { atLeast: 3 }), ev('y', { within: { kind: 'last', duration: hours(12) } })]),
    milestone('m3', [{ kind: 'milestone', id: '1', milestone: 'm1', currently: true }, ev('z')]),
    milestone('m4', [ev('y', { atLeast: 2, within: { kind: 'first', duration: hours(12) } })]),
  ];
  const p: Project = project(milestones);

  // A 3-hour grid, so that events often fall exactly on window edges (6h, 12h) and on each other.
  const event = fc.record({
    t: fc.integer({ min: 0, max: 16 }).map((h) => h * 3 * 3600),
    actor: fc.constantFrom('a1', 'a2'),
    contact: fc.constantFrom('c1', 'c2', 'c3', null),
    event: fc.constantFrom('x', 'y', 'z'),
    amount: fc.integer({ min: -2, max: 5 }),
  });
  // One case: events over 48 hours, and T on the grid (exactly at events and window exits) or anywhere.
  const scenario = fc.record({
    events: fc.array(event, { minLength: 4, maxLength: 30, size: 'max' }),
    asOf: fc.oneof(
      fc.integer({ min: 0, max: 17 }).map((h) => h * 3 * 3600),
      fc.integer({ min: 0, max: 52 * 3600 }),
    ),
  });

  it(
    'direct = brute force = replayed history, for every actor, milestone and T',
    { timeout: TIMEOUT },
    async () => {
      const w = await Warehouse.open(':memory:');
      await w.run(EVENTS_TABLE);
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.array(scenario, { minLength: CASES_PER_RUN / 2, maxLength: CASES_PER_RUN }),
            async (cases) => {
              // Every case is moved so that its own T falls on the shared one (see CASES_PER_RUN).
              const moved = cases.map((c, i) => c.events.map((e) => inCase(e, i, SHARED_AS_OF - c.asOf)));
              await replaceEvents(w, moved.flat());
              const asOf = isoSeconds(SHARED_AS_OF);
              // Later than every case's last event plus its longest window (12h).
              await compute(w, p, { asOf: isoSeconds(SHARED_AS_OF + 72 * 3600) });
              const later = await readAll(w, TS);
              await compute(w, p, { asOf });
              const direct = (await readAll(w, TS)).status;
              // The rows of each case are checked apart, so that a failure names its case (no shrinking).
              cases.forEach((c, i) => {
                const rows = direct.filter((r) => r.actor_id.startsWith(`r${i}-`));
                try {
                  expectReplayed(rows, later, asOf);
                  expectOracle(rows, bruteForce(milestones, moved[i] ?? [], SHARED_AS_OF));
                } catch (error) {
                  const events = JSON.stringify(c.events);
                  throw new Error(`case ${i}, T = ${c.asOf}s, events ${events}:\n${String(error)}`);
                }
              });
            },
          ),
          // A failure names its case and stops: shrinking would compute hundreds of times.
          { numRuns: FULL ? 20 : 1, endOnFailure: true },
        );
      } finally {
        w.close();
      }
    },
  );
});

/** Each row equals the brute-force outcome, and the oracle has no row the SQL lacks. */
function expectOracle(direct: Row[], oracle: Map<string, Outcome>): void {
  expect(direct.length).toBe(oracle.size);
  for (const row of direct) {
    const key = `${row.milestone_id}/${row.actor_id}`;
    const { status, progress, completed_at } = row;
    expect({ key, status, progress, completed_at }).toEqual({ key, ...oracle.get(key) });
  }
}

describe('on the fixtures', () => {
  it(
    'direct = replayed history for random T and at every history instant',
    { timeout: TIMEOUT },
    async () => {
      const example = loadProject(resolve('milestones.example.yaml'));
      const w = await Warehouse.open(':memory:');
      try {
        await loadSources(w, example);
        // Later than every window exit and deadline of the fixtures.
        await compute(w, example, { asOf: '2026-07-01 00:00:00' });
        const later = await readAll(w, TSU);
        const instants = [...new Set(later.history.map((h) => h.ts))];
        const start = Date.UTC(2026, 0, 1);
        const span = Date.UTC(2026, 6, 1) - start;
        const random = fc.integer({ min: 0, max: span / 1000 }).map((s) => isoMicros(start + s * 1000));
        // A history instant, or one microsecond before it.
        const edge = fc
          .tuple(fc.constantFrom(...instants), fc.boolean())
          .map(([t, before]) => (before ? minusMicro(t) : t));
        await fc.assert(
          fc.asyncProperty(fc.oneof(random, edge), async (asOf) => {
            await compute(w, example, { asOf });
            expectReplayed((await readAll(w, TSU)).status, later, asOf);
          }),
          { numRuns: FULL ? 60 : 2, endOnFailure: true },
        );
      } finally {
        w.close();
      }
    },
  );
});

function isoMicros(millis: number): string {
  return new Date(millis).toISOString().replace('T', ' ').replace('Z', '000');
}

function minusMicro(ts: string): string {
  const [whole, micros] = ts.split('.') as [string, string];
  const us = Number(micros);
  if (us > 0) return `${whole}.${String(us - 1).padStart(6, '0')}`;
  return isoMicros(Date.parse(`${whole.replace(' ', 'T')}Z`) - 1).replace(/\.(\d{3})000$/, '.$1999');
}
