/**
 * explain: each criterion's value against its threshold at T, whether it
 * holds and since when, and the reason for the status, from the same plan as
 * compute filtered to one actor (its id bound as a parameter).
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { why } from '../../src/output/explain-report.js';
import { explainActor, type ActorFacts } from '../../src/explain/explain-actor.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { compute, day, ev, milestone, project, warehouseWith } from './harness.js';

let w: Warehouse;
const p = project([
  milestone('setup', [ev('install')]),
  milestone('engaged', [
    { kind: 'milestone', id: 'set_up', milestone: 'setup', currently: false },
    ev('report', { id: 'reports', atLeast: 3, within: { kind: 'last', duration: day(30) } }),
    {
      kind: 'any',
      id: 'reach',
      children: [ev('share', { id: 'shares', atLeast: 2 }), ev('invite', { id: 'invites', atLeast: 2 })],
    },
  ]),
]);

// acme: install 01-01, reports 02-01, 02-02, 02-03 (3 in 30 days: holds from 02-03),
// one share 02-04, invites 02-05 and 02-06; the reports leave 03-03, 03-04, 03-05 (30 days
// later): 2 < 3 from 03-03 00:00, and 0 by 03-05.
// The other account's events must not leak into acme's explanation.
beforeAll(async () => {
  w = await warehouseWith([
    ['2026-01-01 00:00:00', 'acme', null, 'install'],
    ['2026-02-01 00:00:00', 'acme', null, 'report'],
    ['2026-02-02 00:00:00', 'acme', null, 'report'],
    ['2026-02-03 00:00:00', 'acme', null, 'report'],
    ['2026-02-04 00:00:00', 'acme', null, 'share'],
    ['2026-02-05 00:00:00', 'acme', null, 'invite'],
    ['2026-02-06 00:00:00', 'acme', null, 'invite'],
    ['2026-02-01 00:00:00', 'other', null, 'report'],
  ]);
});
afterAll(() => w.close());

async function explain(id: string, asOf: string): Promise<ActorFacts> {
  await compute(w, p, { asOf, scope: id });
  return explainActor(w, p, id);
}

it('reports values, thresholds, since when, and why', async () => {
  const facts = await explain('acme', '2026-03-10 00:00:00');
  const engaged = facts.milestones.find((m) => m.milestone.id === 'engaged')!;
  const rows = engaged.nodes.map((n) => [n.node.criterion.id, n.value, n.threshold, n.holds, n.since]);
  expect(rows).toEqual([
    // completed 01-01 00:00 (the install); a dependency has no value of its own.
    ['set_up', null, null, true, '2026-01-01T00:00:00Z'],
    // Value 0 at T (03-10); it stopped holding when 02-01 left, 03-03 00:00.
    ['reports', '0', 3, false, '2026-03-03T00:00:00Z'],
    // shares 1 < 2 but invites 2 >= 2 (02-06): the any group holds from 02-06.
    ['reach', null, null, true, '2026-02-06T00:00:00Z'],
    ['shares', '1', 2, false, '2026-01-01T00:00:00Z'],
    ['invites', '2', 2, true, '2026-02-06T00:00:00Z'],
  ]);
  // reports held 02-03..03-03, then stopped: "since" is when it stopped. shares never reached 2
  // (one share, 02-04): its since is only the evaluation start, so it must not read as a change.
  expect(engaged.nodes.map((n) => [n.node.criterion.id, n.everHeld])).toEqual([
    ['set_up', true],
    ['reports', true],
    ['reach', true],
    ['shares', false],
    ['invites', true],
  ]);
  expect(engaged.status?.status).toBe('not_achieving');
  expect(why(engaged, facts.asOf)).toBe(
    'not_achieving since 2026-03-03T00:00:00Z: criterion reports (report, last 30d) is 0 < 3 since 2026-03-03T00:00:00Z',
  );
});

it('explains as of an earlier T with the same plan', async () => {
  // As of 02-05 12:00: reports 3 (holds since 02-03), shares 1, invites 1: reach fails, and
  // neither shares nor invites has held yet (invites reaches 2 only on 02-06).
  const facts = await explain('acme', '2026-02-05 12:00:00');
  const engaged = facts.milestones.find((m) => m.milestone.id === 'engaged')!;
  expect(why(engaged, facts.asOf)).toBe(
    'never_achieved: criterion reach (any of 2) holds for none of: ' +
      'criterion shares (share) is 1 < 2, never held; ' +
      'criterion invites (invite) is 1 < 2, never held',
  );
});

it('only the requested actor is evaluated', async () => {
  const facts = await explain('other', '2026-03-10 00:00:00');
  const setup = facts.milestones.find((m) => m.milestone.id === 'setup')!;
  // other has a report but no install; acme's install does not count for it: never held (not
  // "since 02-01", other's first event, which would read as a change on that day).
  expect(why(setup, facts.asOf)).toBe('never_achieved: criterion install (install) is 0 < 1, never held');
  const rows = await w.all('SELECT DISTINCT actor_id FROM _ms_engaged__actors');
  expect(rows).toEqual([{ actor_id: 'other' }]);
  expect((await explain('nobody', '2026-03-10 00:00:00')).levels).toEqual([]);
});

describe('the plan filtered to one id gives that id the same statuses as the full plan (fixtures)', () => {
  // The example loaded and computed once; then, one test per level, a plan filtered to each of
  // its ids (37 computes in all), each compared with that id's rows of the full plan.
  const example = loadProject(resolve('milestones.example.yaml'));
  const columns = `milestone_id, actor_id, status, progress, completed_at, evaluation_start, deadline, deadline_missed, on_time`;
  const key = (r: unknown) => JSON.stringify(r);
  let fx: Warehouse;
  let full: Record<string, unknown>[];
  let idsByLevel: { level: string; id: string }[];
  beforeAll(async () => {
    fx = await Warehouse.open(':memory:');
    await loadSources(fx, example);
    await compute(fx, example);
    full = await fx.all(`SELECT ${columns} FROM milestone_status ORDER BY ALL`);
    idsByLevel = await fx.all<{ level: string; id: string }>(
      'SELECT DISTINCT level, actor_id AS id FROM milestone_status ORDER BY 1, 2',
    );
  });
  afterAll(() => fx.close());

  it('every id is an account or a contact', () => {
    expect(new Set(idsByLevel.map((r) => r.level))).toEqual(new Set(['account', 'contact']));
  });

  it.each(['account', 'contact'])(
    'the %s ids',
    async (level) => {
      const ids = idsByLevel.filter((r) => r.level === level).map((r) => r.id);
      expect(ids.length).toBeGreaterThan(0);
      const scoped: unknown[] = [];
      for (const id of ids) {
        await compute(fx, example, { scope: id });
        const parts = example.milestones.map(
          (m) => `SELECT ${columns} FROM "_ms_${m.id}__status" WHERE actor_id = $1`,
        );
        scoped.push(...(await fx.all(parts.join(' UNION ALL '), [id])));
      }
      const mine = full.filter((r) => ids.includes(r.actor_id as string));
      expect(scoped.map(key).sort()).toEqual(mine.map(key).sort());
      // One compute per id (the contacts: 8 s alone, 25 s beside another suite on 2 cores).
    },
    180_000,
  );
});
