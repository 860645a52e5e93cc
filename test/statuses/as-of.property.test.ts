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
import { compute, ev, hours, milestone, project, warehouseWith } from './harness.js';
import {
  bruteForce,
  isoSeconds,
  replay,
  type FullStatus,
  type HistoryEvent,
  type SimpleEvent,
} from './replay.js';

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

  it('direct = brute force = replayed history, for every actor, milestone and T', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { minLength: 4, maxLength: 30, size: 'max' }),
        // T on the grid (exactly at events and window exits) or anywhere.
        fc.oneof(
          fc.integer({ min: 0, max: 17 }).map((h) => h * 3 * 3600),
          fc.integer({ min: 0, max: 52 * 3600 }),
        ),
        async (events: SimpleEvent[], asOfSeconds) => {
          const w = await warehouseWith(
            events
              .map((e) => [isoSeconds(e.t), e.actor, e.contact, e.event, { amount: e.amount }] as const)
              .map((r) => [...r]),
          );
          try {
            const asOf = isoSeconds(asOfSeconds);
            await compute(w, p, { asOf: isoSeconds(72 * 3600) });
            const later = await readAll(w, TS);
            await compute(w, p, { asOf });
            const direct = (await readAll(w, TS)).status;
            expectReplayed(direct, later, asOf);
            const oracle = bruteForce(milestones, events, asOfSeconds);
            expect(direct.length).toBe(oracle.size);
            for (const row of direct) {
              const { status, progress, completed_at } = row;
              expect({ key: `${row.milestone_id}/${row.actor_id}`, status, progress, completed_at }).toEqual({
                key: `${row.milestone_id}/${row.actor_id}`,
                ...oracle.get(`${row.milestone_id}/${row.actor_id}`),
              });
            }
          } finally {
            w.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('on the fixtures', () => {
  it('direct = replayed history for random T and at every history instant', async () => {
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
        { numRuns: 25 },
      );
    } finally {
      w.close();
    }
  });
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
