/**
 * Thresholds and property filters. Each expectation is worked out by hand in
 * the comment beside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Filter } from '../../src/definitions/model.js';
import type { Warehouse } from '../../src/warehouse/session.js';
import { brief, compute, ev, milestone, project, statuses, warehouseWith } from './harness.js';

describe('thresholds', () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await warehouseWith([
      ['2026-01-01 10:00:00', 'a1', null, 'login'],
      ['2026-01-02 10:00:00', 'a1', null, 'login'],
      ['2026-01-03 10:00:00', 'a1', null, 'login'],
      ['2026-01-01 09:00:00', 'a2', null, 'login'],
    ]);
    await compute(
      w,
      project([
        milestone('once', [ev('login')]),
        milestone('three', [ev('login', { atLeast: 3 })]),
        milestone('fractional', [ev('login', { atLeast: 2.5 })]),
        milestone('four', [ev('login', { atLeast: 4 })]),
      ]),
    );
  });
  afterAll(() => w.close());

  it('counts events up to the threshold', async () => {
    const s = await statuses(w);
    // at_least defaults to 1: the first login completes it.
    expect(brief(s['once/a1'])).toBe('achieving 100 @2026-01-01 10:00:00');
    expect(brief(s['once/a2'])).toBe('achieving 100 @2026-01-01 09:00:00');
    // a1's third login is 01-03 10:00; a2 has one login.
    expect(brief(s['three/a1'])).toBe('achieving 100 @2026-01-03 10:00:00');
    expect(brief(s['three/a2'])).toBe('never_achieved 0');
    // 2.5 logins means 3: count >= 2.5 first at the third login.
    expect(brief(s['fractional/a1'])).toBe('achieving 100 @2026-01-03 10:00:00');
    // only 3 logins exist for a1.
    expect(brief(s['four/a1'])).toBe('never_achieved 0');
  });
});

describe('property filters', () => {
  let w: Warehouse;
  // One `buy` event per account; `plan` and `amount` are typed columns, the rest is JSON.
  //   x1: plan pro,        amount 10,   {title: 'weekly sales', tier: 2, beta: true, source: web}
  //   x2: plan enterprise, amount 9.5,  {title: 'Monthly', tier: 10, beta: false, coupon: X, source: import}
  //   x3: plan free,       amount NULL, {tier: '3' (a string), source: api}
  //   x4: plan NULL,       amount 20,   {}
  beforeAll(async () => {
    w = await warehouseWith([], { eventColumns: 'plan VARCHAR, amount DOUBLE' });
    const rows: [string, string | null, number | null, object][] = [
      ['x1', 'pro', 10, { title: 'weekly sales', tier: 2, beta: true, source: 'web' }],
      ['x2', 'enterprise', 9.5, { title: 'Monthly', tier: 10, beta: false, coupon: 'X', source: 'import' }],
      ['x3', 'free', null, { tier: '3', source: 'api' }],
      ['x4', null, 20, {}],
    ];
    for (const [account, plan, amount, props] of rows) {
      await w.run(
        "INSERT INTO events (ts, account_id, event, plan, amount, properties) VALUES ('2026-01-01 10:00', ?, 'buy', ?, ?, ?)",
        [account, plan, amount, JSON.stringify(props)],
      );
    }
  });
  afterAll(() => w.close());

  const f = (property: string, op: Filter['op'], value: Filter['value'], negate = false): Filter => ({
    property,
    op,
    value,
    negate,
  });

  const cases: [string, Filter[], string[]][] = [
    ['eq', [f('plan', 'eq', 'pro')], ['x1']],
    ['in', [f('plan', 'in', ['pro', 'enterprise'])], ['x1', 'x2']],
    // not_in passes a missing value (x4 has no plan).
    ['not_in', [f('plan', 'not_in', ['pro'])], ['x2', 'x3', 'x4']],
    // 10 >= 10 yes, 9.5 no, NULL no, 20 yes.
    ['gte on a typed column', [f('amount', 'gte', 10)], ['x1', 'x4']],
    ['lt', [f('amount', 'lt', 10)], ['x2']],
    // Numbers compare numerically even in JSON: 10 > 2 (as text '10' < '2'), '3' reads as 3.
    ['gt on JSON', [f('tier', 'gt', 2)], ['x2', 'x3']],
    ['lte on JSON', [f('tier', 'lte', 2)], ['x1']],
    ['in with numbers', [f('tier', 'in', [2, 3])], ['x1', 'x3']],
    ['contains', [f('title', 'contains', 'week')], ['x1']],
    ['starts_with', [f('title', 'starts_with', 'Month')], ['x2']],
    ['exists', [f('coupon', 'exists', true)], ['x2']],
    ['exists false', [f('coupon', 'exists', false)], ['x1', 'x3', 'x4']],
    ['boolean true', [f('beta', 'eq', true)], ['x1']],
    ['boolean false', [f('beta', 'eq', false)], ['x2']],
    // not eq import: x2 is import; x4 has no source and passes the negation.
    ['negated eq', [f('source', 'eq', 'import', true)], ['x1', 'x3', 'x4']],
    // NOT (amount > 9.5): x1 10 no, x2 9.5 yes, x3 NULL yes (missing passes), x4 20 no.
    ['negated gt', [f('amount', 'gt', 9.5, true)], ['x2', 'x3']],
    // AND of filters: pro/enterprise with tier >= 10 is x2 only.
    ['and', [f('plan', 'in', ['pro', 'enterprise']), f('tier', 'gte', 10)], ['x2']],
  ];

  it.each(cases)('%s', async (_name, where, expected) => {
    await compute(w, project([milestone('m', [ev('buy', { where })])]));
    const s = await statuses(w, 'm');
    const achieving = Object.values(s)
      .filter((r) => r.status === 'achieving')
      .map((r) => r.actor_id)
      .sort();
    expect(achieving).toEqual(expected);
  });
});
