/**
 * Golden SQL: the compiled plan of one small project per construct, in
 * test/golden/<name>.sql for review in diffs; each plan is also run on a tiny
 * fixture and one hand-checked result asserted, so a golden file is never SQL
 * that merely looks right.
 */
import { describe, expect, it } from 'vitest';
import { compilePlan, renderPlan } from '../../src/compiler/statuses/plan.js';
import type { Criterion, Milestone, Project, SourceBase } from '../../src/definitions/model.js';
import {
  brief,
  compute,
  day,
  ev,
  milestone,
  project,
  statuses,
  warehouseWith,
  type EventRow,
} from '../statuses/harness.js';

const source = (properties: SourceBase['properties'] = {}): SourceBase => ({
  paths: [],
  format: 'csv',
  columns: {},
  properties,
});

const ACCOUNTS = `CREATE TABLE accounts AS SELECT * FROM (VALUES
  ('a1', 'enterprise', 2, DATE '2026-01-02', TIMESTAMP '2026-01-03 00:00:00', '{}'::JSON),
  ('a2', 'smb', 1, NULL, NULL, '{}'::JSON)) AS t(account_id, segment, seats, contract_start, signed_up_at, properties)`;
const WITH_ACCOUNTS: Partial<Project> = {
  sources: {
    accounts: source({
      segment: 'VARCHAR',
      seats: 'INTEGER',
      contract_start: 'DATE',
      signed_up_at: 'TIMESTAMP',
    }),
  },
};

// a1: x at 01-01 00:00, 01-02 00:00, 01-03 00:00 (contacts c1, c1, c2; amount 2, 3, 4); a2: x at 01-01 12:00 (c3, amount 1).
const EVENTS: EventRow[] = [
  ['2026-01-01 00:00:00', 'a1', 'c1', 'x', { amount: 2, plan: 'pro' }],
  ['2026-01-02 00:00:00', 'a1', 'c1', 'x', { amount: 3, plan: 'free' }],
  ['2026-01-03 00:00:00', 'a1', 'c2', 'x', { amount: 4, plan: 'pro' }],
  ['2026-01-01 12:00:00', 'a2', 'c3', 'x', { amount: 1 }],
];

interface Case {
  milestones: Milestone[];
  rest?: Partial<Project>;
  asOf?: string;
  /** milestone/actor -> expected brief status, worked out by hand. */
  expect: Record<string, string>;
}

const one = (criteria: Criterion[], rest: Partial<Milestone> = {}) => [milestone('m', criteria, rest)];

const CASES: Record<string, Case> = {
  // Third x of a1 at 01-03; a2 has one.
  'count-threshold': {
    milestones: one([ev('x', { atLeast: 3 })]),
    expect: { 'm/a1': 'achieving 100 @2026-01-03 00:00:00', 'm/a2': 'never_achieved 0' },
  },
  // plan pro and amount >= 3 and amount in [3, 4] and no coupon: a1's 01-03 event only.
  filters: {
    milestones: one([
      ev('x', {
        where: [
          { property: 'plan', op: 'eq', value: 'pro', negate: false },
          { property: 'amount', op: 'gte', value: 3, negate: false },
          { property: 'amount', op: 'in', value: [3, 4], negate: false },
          { property: 'coupon', op: 'exists', value: false, negate: false },
          { property: 'plan', op: 'starts_with', value: 'fr', negate: true },
        ],
      }),
    ]),
    expect: { 'm/a1': 'achieving 100 @2026-01-03 00:00:00', 'm/a2': 'never_achieved 0' },
  },
  // a1: c1 then c2 at 01-03.
  'distinct-contacts': {
    milestones: one([ev('x', { aggregate: { fn: 'distinct_contacts' }, atLeast: 2 })]),
    expect: { 'm/a1': 'achieving 100 @2026-01-03 00:00:00' },
  },
  // plans pro (01-01), free (01-02).
  'distinct-values': {
    milestones: one([ev('x', { aggregate: { fn: 'distinct_values', property: 'plan' }, atLeast: 2 })]),
    expect: { 'm/a1': 'achieving 100 @2026-01-02 00:00:00' },
  },
  // 2 + 3 = 5 at 01-02.
  sum: {
    milestones: one([ev('x', { aggregate: { fn: 'sum', property: 'amount' }, atLeast: 5 })]),
    expect: { 'm/a1': 'achieving 100 @2026-01-02 00:00:00' },
  },
  // New York days: 01-01 00:00Z is 12-31 local; 01-02 00:00Z is 01-01 local: second day at 01-02 00:00Z.
  'active-days': {
    milestones: one([ev('x', { aggregate: { fn: 'active_days' }, atLeast: 2 })]),
    rest: { timezone: 'America/New_York' },
    expect: { 'm/a1': 'achieving 100 @2026-01-02 00:00:00' },
  },
  // [01-01, 01-03): the 01-03 event is outside: 2 < 3.
  'first-window': {
    milestones: one([ev('x', { atLeast: 3, within: { kind: 'first', duration: day(2) } })]),
    expect: { 'm/a1': 'never_achieved 0' },
  },
  // Last 1d, at least 2: 01-01 00:00 leaves at 01-02 00:00 when 01-02 arrives: never 2 at once.
  'last-window': {
    milestones: one([ev('x', { atLeast: 2, within: { kind: 'last', duration: day(1) } })]),
    expect: { 'm/a1': 'never_achieved 0' },
  },
  // Contacts in the last 2d: c1 [01-01, 01-04), c2 from 01-03: 2 at 01-03; as of 01-04 00:00 c1 has left.
  'last-window-distinct': {
    milestones: one([
      ev('x', {
        aggregate: { fn: 'distinct_contacts' },
        atLeast: 2,
        within: { kind: 'last', duration: day(2) },
      }),
    ]),
    asOf: '2026-01-04 00:00:00',
    expect: { 'm/a1': 'not_achieving 0 @2026-01-03 00:00:00' },
  },
  // base completes at 01-01 00:00 (a1's first x); m = {base, 3 x}: 01-03.
  dependency: {
    milestones: [
      milestone('base', [ev('x')]),
      milestone('m', [
        { kind: 'milestone', id: '1', milestone: 'base', currently: false },
        ev('x', { atLeast: 3 }),
      ]),
    ],
    expect: { 'm/a1': 'achieving 100 @2026-01-03 00:00:00' },
  },
  // recent = an x in the last 12h: a1 holds [01-01 00:00, 12:00), [01-02 00:00, 12:00), ...; as of 01-03 13:00 not.
  currently: {
    milestones: [
      milestone('recent', [
        ev('x', { within: { kind: 'last', duration: { seconds: 43_200, text: '12h' } } }),
      ]),
      milestone('m', [{ kind: 'milestone', id: '1', milestone: 'recent', currently: true }]),
    ],
    asOf: '2026-01-03 13:00:00',
    expect: { 'm/a1': 'not_achieving 0 @2026-01-01 00:00:00' },
  },
  // Contacts: c1 (2 x, 01-02) completes `user`; c2 one x. team = 1 contact with user: 01-02.
  'contacts-rollup': {
    milestones: [
      milestone('user', [ev('x', { atLeast: 2 })], { level: 'contact' }),
      milestone('m', [
        { kind: 'contacts', id: '1', milestone: 'user', currently: false, threshold: { atLeast: 1 } },
      ]),
    ],
    expect: {
      'user/c1': 'achieving 100 @2026-01-02 00:00:00',
      'user/c2': 'never_achieved 0',
      'm/a1': 'achieving 100 @2026-01-02 00:00:00',
    },
  },
  // start 2026-01-02 (UTC): the 01-01 x does not count; 2 x at 01-03.
  'start-date': {
    milestones: one([ev('x', { atLeast: 2 })], {
      evaluation: { start: { kind: 'date', at: '2026-01-02' }, countHistory: false },
    }),
    expect: { 'm/a1': 'achieving 100 @2026-01-03 00:00:00' },
  },
  // contract_start DATE 01-02 -> 01-02 00:00; a2 has none: not started.
  'start-property': {
    milestones: one([ev('x', { atLeast: 2 })], {
      evaluation: { start: { kind: 'property', property: 'contract_start' }, countHistory: false },
    }),
    rest: WITH_ACCOUNTS,
    expect: { 'm/a1': 'achieving 100 @2026-01-03 00:00:00', 'm/a2': 'not_started 0' },
  },
  // assign.at signed_up_at 01-03 00:00: one x from then.
  'start-assigned': {
    milestones: one([ev('x')], {
      evaluation: { start: { kind: 'assigned' }, countHistory: false },
      assign: { where: [], at: 'signed_up_at' },
    }),
    rest: WITH_ACCOUNTS,
    expect: { 'm/a1': 'achieving 100 @2026-01-03 00:00:00' },
  },
  'start-never': {
    milestones: one([ev('x')], { evaluation: { start: { kind: 'never' }, countHistory: false } }),
    expect: { 'm/a1': 'not_started 0' },
  },
  // start 01-02 (date) counting history: the 01-01 x counts, held at the start: completed 01-02 00:00.
  'count-history': {
    milestones: one([ev('x')], {
      evaluation: { start: { kind: 'date', at: '2026-01-02' }, countHistory: true },
    }),
    expect: { 'm/a2': 'achieving 100 @2026-01-02 00:00:00' },
  },
  // 3 x within 1d of first_seen: due 01-02 00:00; a1 completes 01-03: missed.
  deadline: {
    milestones: one([ev('x', { atLeast: 3 })], {
      evaluation: { start: { kind: 'first_seen' }, deadline: day(1), countHistory: false },
    }),
    expect: { 'm/a1': 'achieving 100 @2026-01-03 00:00:00' },
  },
  // enterprise accounts, and only a1 and a3 by id: a1.
  assignment: {
    milestones: one([ev('x')], {
      assign: {
        where: [{ property: 'segment', op: 'eq', value: 'enterprise', negate: false }],
        ids: ['a1', 'a3'],
      },
    }),
    rest: WITH_ACCOUNTS,
    expect: { 'm/a1': 'achieving 100 @2026-01-01 00:00:00' },
  },
  // Default 3 x. a2's copy: 1 x, start 01-01 00:00, deadline 12h: due 01-01 12:00, completed
  // exactly then (its x at 12:00): on time.
  overrides: {
    milestones: one([ev('x', { id: 'xs', atLeast: 3 })], {
      overrides: [
        {
          accounts: ['a2'],
          thresholds: { xs: 1 },
          deadline: { seconds: 43_200, text: '12h' },
          start: { kind: 'date', at: '2026-01-01' },
        },
      ],
    }),
    expect: { 'm/a1': 'achieving 100 @2026-01-03 00:00:00', 'm/a2': 'achieving 100 @2026-01-01 12:00:00' },
  },
  // 1 x per seat: a1 2 seats (01-02), a2 1 seat (01-01 12:00).
  'per-seat': {
    milestones: one([ev('x', { per: 'seats' })]),
    rest: WITH_ACCOUNTS,
    expect: { 'm/a1': 'achieving 100 @2026-01-02 00:00:00', 'm/a2': 'achieving 100 @2026-01-01 12:00:00' },
  },
  // [x, any[y, all[x 2, x 3]], y]: a1 has no y: 2 of 3 top-level criteria... x holds, any holds via all (01-03), y never: 66.67.
  'nested-groups': {
    milestones: one([
      ev('x'),
      {
        kind: 'any',
        id: '2',
        children: [
          ev('y'),
          { kind: 'all', id: '2.2', children: [ev('x', { atLeast: 2 }), ev('x', { atLeast: 3 })] },
        ],
      },
      ev('y'),
    ]),
    expect: { 'm/a1': 'never_achieved 66.67' },
  },
  // Journey [base, m]: stage per account from the statuses (checked in the statuses of both).
  journey: {
    milestones: [milestone('base', [ev('x')]), milestone('m', [ev('x', { atLeast: 3 })])],
    rest: { journeys: [{ id: 'life', name: 'Life', stages: ['base', 'm'] }] },
    expect: { 'base/a2': 'achieving 100 @2026-01-01 12:00:00', 'm/a1': 'achieving 100 @2026-01-03 00:00:00' },
  },
};

describe('golden SQL', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, async () => {
      const p = project(c.milestones, c.rest ?? {});
      await expect(renderPlan(compilePlan(p, c.asOf ? { asOf: c.asOf } : {}))).toMatchFileSnapshot(
        `../golden/${name}.sql`,
      );
      const w = await warehouseWith(EVENTS, p.sources.accounts ? { accounts: ACCOUNTS } : {});
      try {
        await compute(w, p, c.asOf ? { asOf: c.asOf } : {});
        const s = await statuses(w);
        for (const [key, expected] of Object.entries(c.expect))
          expect([key, brief(s[key])]).toEqual([key, expected]);
        if (name === 'journey') {
          // a1 reached m (stage 2), a2 base (stage 1).
          const rows = await w.all('SELECT account_id, stage_index, stage FROM milestone_journey ORDER BY 1');
          expect(rows).toEqual([
            { account_id: 'a1', stage_index: 2, stage: 'm' },
            { account_id: 'a2', stage_index: 1, stage: 'base' },
          ]);
        }
        if (name === 'deadline')
          expect([s['m/a1']?.deadline_missed, s['m/a1']?.on_time]).toEqual([true, false]);
        if (name === 'overrides')
          expect([s['m/a2']?.deadline_missed, s['m/a2']?.on_time]).toEqual([false, true]);
      } finally {
        w.close();
      }
    });
  }
});
