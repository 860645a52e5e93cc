/**
 * Dependencies between milestones (completed, and `currently`), contact-level
 * milestones, and account criteria that count contacts.
 */
import { describe, expect, it } from 'vitest';
import type { ContactsCriterion, MilestoneCriterion } from '../../src/definitions/model.js';
import { brief, compute, day, ev, history, milestone, project, statuses, warehouseWith } from './harness.js';

const dep = (id: string, target: string, currently = false): MilestoneCriterion => ({
  kind: 'milestone',
  id,
  milestone: target,
  currently,
});

const contactsOf = (id: string, target: string, atLeast: number, currently = false): ContactsCriterion => ({
  kind: 'contacts',
  id,
  milestone: target,
  currently,
  threshold: { atLeast },
});

describe('dependency chains', () => {
  it('evaluates dependencies first and at the exact instant they complete', async () => {
    // a1: y 01-01 00:00 (first_seen), x 01-02 00:00.
    //   A = {x}: completed 01-02.
    //   B = {A, y}: y holds from 01-01 (50%), A from 01-02 -> completed 01-02.
    //   C = {B}: completed 01-02.
    //   D = {A}, start 01-05: A completed before D's start, so D holds from its start 01-05 00:00.
    // Declared in reverse order on purpose: the plan orders them.
    const w = await warehouseWith([
      ['2026-01-01 00:00:00', 'a1', null, 'y'],
      ['2026-01-02 00:00:00', 'a1', null, 'x'],
    ]);
    await compute(
      w,
      project([
        milestone('d', [dep('1', 'a')], {
          evaluation: { start: { kind: 'date', at: '2026-01-05' }, countHistory: false },
        }),
        milestone('c', [dep('1', 'b')]),
        milestone('b', [dep('1', 'a'), ev('y')]),
        milestone('a', [ev('x')]),
      ]),
      { asOf: '2026-01-06 00:00:00' },
    );
    const s = await statuses(w);
    expect(brief(s['a/a1'])).toBe('achieving 100 @2026-01-02 00:00:00');
    expect(brief(s['b/a1'])).toBe('achieving 100 @2026-01-02 00:00:00');
    expect(brief(s['c/a1'])).toBe('achieving 100 @2026-01-02 00:00:00');
    expect(brief(s['d/a1'])).toBe('achieving 100 @2026-01-05 00:00:00');
    expect(await history(w, 'b', 'a1')).toEqual([
      '2026-01-01 00:00:00 milestone_updated 0->50',
      '2026-01-02 00:00:00 milestone_completed 50->100',
    ]);
    w.close();
  });

  it('currently: holds while the dependency is achieving', async () => {
    // U = login at least 1 in the last 1d: a1 logs in 01-10 00:00 -> U holds [01-10, 01-11).
    // M = {U, currently}: completed 01-10, lost 01-11 00:00. N = {U}: completed 01-10, kept.
    const w = await warehouseWith([['2026-01-10 00:00:00', 'a1', null, 'login']]);
    await compute(
      w,
      project([
        milestone('u', [ev('login', { within: { kind: 'last', duration: day(1) } })]),
        milestone('m', [dep('1', 'u', true)]),
        milestone('n', [dep('1', 'u')]),
      ]),
      { asOf: '2026-01-12 00:00:00' },
    );
    const s = await statuses(w);
    expect(brief(s['u/a1'])).toBe('not_achieving 0 @2026-01-10 00:00:00');
    expect(brief(s['m/a1'])).toBe('not_achieving 0 @2026-01-10 00:00:00');
    expect(await history(w, 'm', 'a1')).toEqual([
      '2026-01-10 00:00:00 milestone_completed 0->100',
      '2026-01-11 00:00:00 milestone_lost 100->0',
    ]);
    expect(brief(s['n/a1'])).toBe('achieving 100 @2026-01-10 00:00:00');
    w.close();
  });

  it('a dependency the actor is not assigned never holds', async () => {
    // X is assigned to a2 only; Y = {X} for a1 never holds.
    const w = await warehouseWith([['2026-01-01 00:00:00', 'a1', null, 'x']]);
    await compute(
      w,
      project([
        milestone('x', [ev('x')], { assign: { where: [], ids: ['a2'] } }),
        milestone('y', [dep('1', 'x')]),
      ]),
    );
    expect(brief((await statuses(w))['y/a1'])).toBe('never_achieved 0');
    w.close();
  });
});

describe('contact level and roll-up', () => {
  // contacts: c1, c2, c3 of a1; c4 of a2 (no events).
  //   c1 reports 01-01 00:00, 01-02 00:00
  //   c2 reports 01-03 00:00
  //   c3 reports 01-01 12:00, 01-04 00:00
  const events: [string, string, string, string][] = [
    ['2026-01-01 00:00:00', 'a1', 'c1', 'report'],
    ['2026-01-01 12:00:00', 'a1', 'c3', 'report'],
    ['2026-01-02 00:00:00', 'a1', 'c1', 'report'],
    ['2026-01-03 00:00:00', 'a1', 'c2', 'report'],
    ['2026-01-04 00:00:00', 'a1', 'c3', 'report'],
  ];
  const contactsTable =
    "CREATE TABLE contacts AS SELECT * FROM (VALUES ('c1', 'a1'), ('c2', 'a1'), ('c3', 'a1'), ('c4', 'a2')) AS t(contact_id, account_id)";

  it('evaluates each contact on its own events and counts completed contacts per account', async () => {
    const w = await warehouseWith(events, { contacts: contactsTable });
    await compute(
      w,
      project([
        // Contact level: 2 reports. c1 at 01-02 00:00; c2 one report; c3 at 01-04 00:00; c4 no events.
        milestone('user', [ev('report', { atLeast: 2 })], { level: 'contact' }),
        // Account level: 2 contacts completed `user`: c1 (01-02), c3 (01-04) -> 01-04 00:00.
        milestone('team', [contactsOf('1', 'user', 2)]),
        milestone('team3', [contactsOf('1', 'user', 3)]),
      ]),
      { asOf: '2026-01-05 00:00:00' },
    );
    const s = await statuses(w);
    expect(brief(s['user/c1'])).toBe('achieving 100 @2026-01-02 00:00:00');
    expect(s['user/c1']?.account_id).toBe('a1');
    expect(brief(s['user/c2'])).toBe('never_achieved 0');
    expect(brief(s['user/c3'])).toBe('achieving 100 @2026-01-04 00:00:00');
    // c4 has no events: first_seen unknown.
    expect(brief(s['user/c4'])).toBe('not_started 0');
    expect(s['user/c4']?.account_id).toBe('a2');
    expect(brief(s['team/a1'])).toBe('achieving 100 @2026-01-04 00:00:00');
    expect(brief(s['team3/a1'])).toBe('never_achieved 0');
    w.close();
  });

  it('counts contacts currently achieving a contact milestone', async () => {
    // Contact level: a report in the last 1d. c1 holds [01-01 00:00, 01-02 00:00) then [01-02 00:00,
    // 01-03 00:00) (merged: [01-01, 01-03)); c3 holds [01-01 12:00, 01-02 12:00) and [01-04, 01-05).
    // c2 holds [01-03 00:00, 01-04 00:00).
    // Two contacts at once: 01-01 12:00 (c1, c3) until 01-02 12:00 (c3 leaves; c1 alone);
    // 01-03 00:00 c1 leaves and c2 arrives: 1. 01-04 00:00 c2 leaves, c3 arrives: 1.
    const w = await warehouseWith(events, { contacts: contactsTable });
    await compute(
      w,
      project([
        milestone('active', [ev('report', { within: { kind: 'last', duration: day(1) } })], {
          level: 'contact',
        }),
        milestone('busy', [contactsOf('1', 'active', 2, true)]),
      ]),
      { asOf: '2026-01-06 00:00:00' },
    );
    expect(await history(w, 'busy', 'a1')).toEqual([
      '2026-01-01 12:00:00 milestone_completed 0->100',
      '2026-01-02 12:00:00 milestone_lost 100->0',
    ]);
    w.close();
  });
});
