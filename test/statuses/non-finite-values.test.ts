/**
 * Untyped (packed JSON) values that DuckDB's cast reads as NaN or infinity
 * are no number, as the loader reads a declared DOUBLE (compiler/columns.ts
 * asNumber): a `NaN` amount had passed `gte: 1000` (found by review).
 */
import { afterEach, expect, it } from 'vitest';
import type { Warehouse } from '../../src/warehouse/session.js';
import { compute, ev, milestone, project, statuses, warehouseWith } from './harness.js';

let w: Warehouse | undefined;
afterEach(() => w?.close());

it('a where: on an untyped number ignores NaN, infinities and overflow', async () => {
  const buy = (account: string, amount: string) =>
    ['2026-01-01 10:00:00', account, null, 'buy', { amount }] as const;
  w = await warehouseWith([
    [...buy('nan', 'NaN')],
    [...buy('inf', 'inf')],
    [...buy('infinity', '-Infinity')],
    [...buy('overflow', '1e400')],
    [...buy('small', '5')],
    [...buy('big', '2000')],
    [...buy('text', '2000 USD')],
  ]);
  const big = { property: 'amount', op: 'gte', value: 1000, negate: false } as const;
  const low = { property: 'amount', op: 'lt', value: 1000, negate: true } as const;
  await compute(
    w,
    project([
      milestone('big', [ev('buy', { where: [big] })]),
      milestone('not_low', [ev('buy', { where: [low] })]),
    ]),
    { asOf: '2026-02-01 00:00:00' },
  );
  const rows = await statuses(w);
  const achieving = (m: string) =>
    Object.values(rows)
      .filter((r) => r.milestone_id === m && r.status === 'achieving')
      .map((r) => r.actor_id)
      .sort();
  // Only 2000 is a number of at least 1000 ("2000 USD" is no number at all).
  expect(achieving('big')).toEqual(['big']);
  // not (amount < 1000) holds where the amount is missing or no number, and for 2000.
  expect(achieving('not_low')).toEqual(['big', 'inf', 'infinity', 'nan', 'overflow', 'text']);
});
