/**
 * Journey travelers and paths on hand-written statuses and events. T is
 * 2026-03-31 00:00; period {last: 30d} = (03-01 00:00, 03-31 00:00];
 * exited_within 7d = (03-24 00:00, 03-31 00:00].
 *
 *   acme:    s1 03-02, s2 03-11, s3 03-28
 *   globex:  s1 02-01 (before the period), s2 03-05
 *   initech: s2 03-10, then s1 03-15 (out of order), no s3
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Journey } from '../../src/definitions/model.js';
import type { Warehouse } from '../../src/warehouse/session.js';
import { computeCx, days, milestone, project, rows, warehouseWith, type StatusRow } from './harness.js';

const at = (date: string) => `2026-${date}:00`;
const reached = (stage: string, account: string, date: string): StatusRow => [
  stage,
  'account',
  account,
  account,
  at(date),
];

const journey: Journey = {
  id: 'life',
  name: 'life',
  stages: ['s1', 's2', 's3'],
  period: { kind: 'last', duration: days(30) },
  exitedWithin: days(7),
};

let w: Warehouse;
beforeAll(async () => {
  w = await warehouseWith({
    statuses: [
      reached('s1', 'acme', '03-02 00:00'),
      reached('s2', 'acme', '03-11 00:00'),
      reached('s3', 'acme', '03-28 00:00'),
      reached('s1', 'globex', '02-01 00:00'),
      reached('s2', 'globex', '03-05 00:00'),
      ['s3', 'account', 'globex', 'globex', null],
      reached('s2', 'initech', '03-10 00:00'),
      reached('s1', 'initech', '03-15 00:00'),
    ],
    events: [
      [at('02-20 00:00'), 'acme', null, 'x'], // before acme reached any stage
      [at('03-05 00:00'), 'acme', null, 'x'], // s1 stay [03-02, 03-11)
      [at('03-11 00:00'), 'acme', null, 'x'], // the instant it reached s2: s2's, not s1's
      [at('03-20 00:00'), 'acme', 'u1', 'x'], // s2
      [at('03-29 00:00'), 'acme', null, 'x'], // s3 (last stage: until T)
      [at('02-15 00:00'), 'globex', null, 'x'], // s1 stay, but before the period
      [at('03-04 00:00'), 'globex', null, 'x'], // s1 stay [02-01, 03-05), in the period
      [at('03-06 00:00'), 'globex', null, 'x'], // s2 stay [03-05, T]
      [at('03-12 00:00'), 'initech', null, 'x'], // s2 stay [03-10, T] (it never exits s2 through s3)
      [at('03-16 00:00'), 'initech', null, 'x'], // both s1 [03-15, T] and s2
    ],
  });
  const p = project({ milestones: ['s1', 's2', 's3'].map((id) => milestone(id)), journeys: [journey] });
  await computeCx(w, p, '2026-03-31 00:00:00');
});

describe('journey travelers', () => {
  it('entered, exited, time in milestone and actions per stage', async () => {
    expect(
      await rows(w, 'SELECT * EXCLUDE (as_of, journey_id) FROM journey_travelers ORDER BY stage_index'),
    ).toEqual([
      // s1: entered acme 03-02, initech 03-15 (globex's 02-01 is before the period) = 2.
      // Exited to s2 in the period: acme 03-11, globex 03-05 = 2; initech reached s2 first: no exit.
      // None of those exits is after 03-24: no time in milestone. Actions: acme 03-05, globex 03-04, initech 03-16 = 3.
      {
        stage_index: 1,
        milestone_id: 's1',
        entered: 2,
        exited: 2,
        exited_recent: 0,
        seconds_mean: null,
        seconds_median: null,
        actions: 3,
      },
      // s2: entered acme, globex, initech = 3; exited to s3: acme 03-28 (recent), after 17 days = 1,468,800 s.
      // Actions: acme 03-11, 03-20; globex 03-06; initech 03-12, 03-16 = 5.
      {
        stage_index: 2,
        milestone_id: 's2',
        entered: 3,
        exited: 1,
        exited_recent: 1,
        seconds_mean: 1_468_800,
        seconds_median: 1_468_800,
        actions: 5,
      },
      // s3: acme only; the last stage has no exit. Actions: acme 03-29 = 1.
      {
        stage_index: 3,
        milestone_id: 's3',
        entered: 1,
        exited: null,
        exited_recent: null,
        seconds_mean: null,
        seconds_median: null,
        actions: 1,
      },
    ]);
  });

  it('paths in the order each account reached the stages, for stages reached in the period', async () => {
    const paths = await rows(
      w,
      'SELECT previous_id, milestone_id, next_id, actors FROM journey_paths ORDER BY milestone_id, previous_id NULLS FIRST, next_id NULLS FIRST',
    );
    // acme s1 -> s2 -> s3; globex s1 (before the period: not counted) -> s2; initech s2 -> s1.
    expect(paths).toEqual([
      { previous_id: null, milestone_id: 's1', next_id: 's2', actors: 1 }, // acme
      { previous_id: 's2', milestone_id: 's1', next_id: null, actors: 1 }, // initech
      { previous_id: null, milestone_id: 's2', next_id: 's1', actors: 1 }, // initech
      { previous_id: 's1', milestone_id: 's2', next_id: null, actors: 1 }, // globex
      { previous_id: 's1', milestone_id: 's2', next_id: 's3', actors: 1 }, // acme
      { previous_id: 's2', milestone_id: 's3', next_id: null, actors: 1 }, // acme
    ]);
  });
});

describe('a contact-level journey', () => {
  it("follows contacts: each contact's own stages and its own events", async () => {
    // Contacts u1 and u2 of acme. u1: c1 01-01, c2 01-05; u2: c1 01-03 only. T = 01-10, all time.
    // Events: u1 01-02 (in c1 [01-01, 01-05)), u1 01-06 (c2), u2 01-04 (c1 [01-03, T]), an account-level
    // event with no contact 01-02 (nobody's stay).
    const contactStage = (stage: string, contact: string, date: string): StatusRow => [
      stage,
      'contact',
      contact,
      'acme',
      at(date),
    ];
    const cw = await warehouseWith({
      statuses: [
        contactStage('c1', 'u1', '01-01 00:00'),
        contactStage('c2', 'u1', '01-05 00:00'),
        contactStage('c1', 'u2', '01-03 00:00'),
      ],
      events: [
        [at('01-02 00:00'), 'acme', 'u1', 'x'],
        [at('01-06 00:00'), 'acme', 'u1', 'x'],
        [at('01-04 00:00'), 'acme', 'u2', 'x'],
        [at('01-02 00:00'), 'acme', null, 'x'],
      ],
    });
    const users: Journey = {
      id: 'users',
      name: 'users',
      stages: ['c1', 'c2'],
      period: { kind: 'all' },
      exitedWithin: days(7),
    };
    const p = project({
      milestones: [milestone('c1', 'contact'), milestone('c2', 'contact')],
      journeys: [users],
    });
    await computeCx(cw, p, '2026-01-10 00:00:00');
    // c1: entered u1, u2 = 2; exited u1 (c2 on 01-05, within 7d of T) after 4 days = 345,600 s; actions u1 01-02, u2 01-04.
    // c2: entered u1; last stage; actions u1 01-06.
    expect(
      await rows(
        cw,
        'SELECT milestone_id, entered, exited, exited_recent, seconds_mean, actions FROM journey_travelers ORDER BY stage_index',
      ),
    ).toEqual([
      { milestone_id: 'c1', entered: 2, exited: 1, exited_recent: 1, seconds_mean: 345_600, actions: 2 },
      { milestone_id: 'c2', entered: 1, exited: null, exited_recent: null, seconds_mean: null, actions: 1 },
    ]);
  });
});
