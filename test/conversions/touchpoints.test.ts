/**
 * Touchpoint metrics, paths and attribution end to end on one hand-made
 * warehouse (signup -> paid, window 30 d, T 2026-03-01, touchpoints demo and
 * pricing = page_view with path /pricing). Worked out by hand:
 *
 *   a: signup 01-01, demo 01-02, pricing 01-03 00:00 and 01:00, demo 01-04, paid 01-10, demo 01-11 (after)
 *      -> converted in 9 d; touches demo, pricing, pricing, demo; path [demo, pricing, demo]
 *   b: pricing 12-31 (before), signup 01-01, pricing 01-05, paid 01-06 -> converted in 5 d; path [pricing]
 *   c: signup 01-01, demo 01-20, demo 02-05 (after its window, 01-31) -> not converted; path [demo]
 *   d: signup 01-01, paid 01-02 -> converted, no touch: (none)
 *   e: signup 01-01 -> not converted, no touch
 *   f: signup 02-20, demo 02-21 -> in progress: left out of touchpoints and paths
 *   Settled: converted a, b, d (3); not converted c, e (2).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConversionResult } from '../../src/conversions/run-conversions.js';
import type { Warehouse } from '../../src/warehouse/session.js';
import { conversion, credits, day, eq, event, run, touch, warehouseWith, type EventRow } from './harness.js';

const T = '2026-03-01 00:00:00';
const pricing = { path: '/pricing' };
const EVENTS: EventRow[] = [
  ['2026-01-01 00:00:00', 'a', null, 'signup'],
  ['2026-01-02 00:00:00', 'a', null, 'demo'],
  ['2026-01-03 00:00:00', 'a', null, 'page_view', pricing],
  ['2026-01-03 01:00:00', 'a', null, 'page_view', pricing],
  ['2026-01-03 02:00:00', 'a', null, 'page_view', { path: '/docs' }], // not a touchpoint
  ['2026-01-04 00:00:00', 'a', null, 'demo'],
  ['2026-01-10 00:00:00', 'a', null, 'paid', { amount: 100 }],
  ['2026-01-11 00:00:00', 'a', null, 'demo'],
  ['2025-12-31 00:00:00', 'b', null, 'page_view', pricing],
  ['2026-01-01 00:00:00', 'b', null, 'signup'],
  ['2026-01-05 00:00:00', 'b', null, 'page_view', pricing],
  ['2026-01-06 00:00:00', 'b', null, 'paid', { amount: 30 }],
  ['2026-01-01 00:00:00', 'c', null, 'signup'],
  ['2026-01-20 00:00:00', 'c', null, 'demo'],
  ['2026-02-05 00:00:00', 'c', null, 'demo'],
  ['2026-01-01 00:00:00', 'd', null, 'signup'],
  ['2026-01-02 00:00:00', 'd', null, 'paid', { amount: 5 }],
  ['2026-01-01 00:00:00', 'e', null, 'signup'],
  ['2026-02-20 00:00:00', 'f', null, 'signup'],
  ['2026-02-21 00:00:00', 'f', null, 'demo'],
];

const CONVERSION = conversion([event('signup'), event('paid')], {
  window: day(30),
  touchpoints: [touch('demo'), touch('pricing', 'page_view', [eq('path', '/pricing')])],
  value: 'amount',
});

let w: Warehouse;
let result: ConversionResult;
beforeAll(async () => {
  w = await warehouseWith({ events: EVENTS });
  [result] = (await run(w, CONVERSION, T)) as [ConversionResult];
});

describe('touchpoint metrics', () => {
  it('count converted and not converted actors with each touchpoint, rates with and without, lift', () => {
    const byId = Object.fromEntries(result.touchpoints.map((t) => [t.touchpoint as string, t]));
    // demo: converted with a (1), not converted with c (1): rate with 1/2; without: (3-1)/((3-1)+(2-1)) = 2/3;
    // lift 0.5 / (2/3) - 1 = -0.25. Time to convert with demo: a's 9 d = 777 600 s.
    expect(byId.demo).toMatchObject({ converted_with: 1n, not_converted_with: 1n, rate_with: 0.5 });
    expect(byId.demo!.rate_without).toBeCloseTo(2 / 3, 12);
    expect(byId.demo!.lift).toBeCloseTo(-0.25, 12);
    expect(byId.demo).toMatchObject({ seconds_mean: 777_600, seconds_median: 777_600 });
    // pricing: a and b converted (2), nobody else: rate with 1; without 1/(1+2) = 1/3; lift 2.
    // Times: a 777 600, b 5 d = 432 000: mean = median = 604 800.
    expect(byId.pricing).toMatchObject({ converted_with: 2n, not_converted_with: 0n, rate_with: 1 });
    expect(byId.pricing!.rate_without).toBeCloseTo(1 / 3, 12);
    expect(byId.pricing!.lift).toBeCloseTo(2, 12);
    expect(byId.pricing).toMatchObject({ seconds_mean: 604_800, seconds_median: 604_800 });
  });

  it('store the distinct paths, runs of one touchpoint collapsed, in progress left out', async () => {
    const rows = await w.all<{
      path: string;
      converted: bigint;
      not_converted: bigint;
      revenue: number | null;
    }>(
      "SELECT array_to_string(path, '>') AS path, converted, not_converted, revenue FROM conversion_paths ORDER BY ALL",
    );
    // a [demo, pricing, demo] revenue 100; b [pricing] 30; d and e [] (d converted, 5); c [demo] not converted.
    expect(rows).toEqual([
      { path: '', converted: 1n, not_converted: 1n, revenue: 5 },
      { path: 'demo', converted: 0n, not_converted: 1n, revenue: null },
      { path: 'demo>pricing>demo', converted: 1n, not_converted: 0n, revenue: 100 },
      { path: 'pricing', converted: 1n, not_converted: 0n, revenue: 30 },
    ]);
  });
});

describe('attribution', () => {
  it('gives every model the hand-computed credits', () => {
    const c = credits(result);
    // first touch: a -> demo, b -> pricing, d -> (none). last touch: a -> demo (its last), b -> pricing.
    expect(c.first_touch).toEqual({ demo: 1, pricing: 1, '(none)': 1 });
    expect(c.last_touch).toEqual({ demo: 1, pricing: 1, '(none)': 1 });
    // linear: a [demo, pricing, demo] -> demo 2/3, pricing 1/3; b -> pricing 1.
    expect(c.linear!.demo).toBeCloseTo(2 / 3, 12);
    expect(c.linear!.pricing).toBeCloseTo(4 / 3, 12);
    // position based: a (3 touches) -> demo 0.4 + 0.4, pricing 0.2; b (1 touch) -> pricing 1.
    expect(c.position_based!.demo).toBeCloseTo(0.8, 12);
    expect(c.position_based!.pricing).toBeCloseTo(1.2, 12);
    // Shapley: sets {demo, pricing}: 1 -> 1/2 each; {pricing}: 1.
    expect(c.shapley).toEqual({ demo: 0.5, pricing: 1.5, '(none)': 1 });
  });

  it('time decay weighs each touch 2^(-age / 7 d) at conversion; a run counts at its last time', () => {
    // a converts 01-10 00:00: demo 01-02 (age 8 d), pricing run ending 01-03 01:00 (6 d 23 h = 167/24 d),
    // demo 01-04 (6 d). b: pricing only (share 1).
    const w1 = 2 ** (-8 / 7);
    const w2 = 2 ** (-(167 / 24) / 7);
    const w3 = 2 ** (-6 / 7);
    const demo = (w1 + w3) / (w1 + w2 + w3); // 0.66684...
    const c = credits(result);
    expect(c.time_decay!.demo).toBeCloseTo(demo, 12);
    expect(c.time_decay!.pricing).toBeCloseTo(1 - demo + 1, 12);
    expect(c.time_decay!['(none)']).toBe(1);
  });

  it('Markov: removal effects of the chain solved by hand', () => {
    // Walks with a touch: a start>demo>pricing>demo>conv, b start>pricing>conv, c start>demo>null.
    // Counts: start->demo 2, start->pricing 1; demo->pricing 1, demo->conv 1, demo->null 1 (out 3);
    // pricing->demo 1, pricing->conv 1 (out 2).
    // x_demo = (1 + x_pricing) / 3, x_pricing = (1 + x_demo) / 2  =>  x_demo = 0.6, x_pricing = 0.8;
    // P = (2 x 0.6 + 0.8) / 3 = 2/3.
    // Without demo: x_pricing = 1/2, P = 0.5 / 3 = 1/6, effect 1 - (1/6)/(2/3) = 3/4.
    // Without pricing: x_demo = 1/3, P = (2/3) / 3 = 2/9, effect 1 - (2/9)/(2/3) = 2/3.
    // 2 conversions with a touch: demo 2 x (3/4) / (17/12) = 18/17, pricing 16/17; d -> (none) 1.
    const c = credits(result);
    expect(c.markov!.demo).toBeCloseTo(18 / 17, 12);
    expect(c.markov!.pricing).toBeCloseTo(16 / 17, 12);
    expect(c.markov!['(none)']).toBe(1);
  });

  it('credits revenue: the value summed over each converted actor from first to last step', () => {
    // Revenue: a 100 (the 01-10 payment), b 30, d 5 -> 135.
    const r = credits(result, 'revenue');
    // first touch: demo gets a's 100, pricing b's 30, (none) d's 5.
    expect(r.first_touch).toEqual({ demo: 100, pricing: 30, '(none)': 5 });
    // linear: demo 2/3 x 100, pricing 1/3 x 100 + 30.
    expect(r.linear!.demo).toBeCloseTo(200 / 3, 9);
    expect(r.linear!.pricing).toBeCloseTo(100 / 3 + 30, 9);
    for (const model of Object.keys(r)) {
      const total = Object.values(r[model]!).reduce((a, b) => a + b, 0);
      expect(total, model).toBeCloseTo(135, 9);
    }
  });

  it('adds up to the converted count in every model', () => {
    for (const [model, byTouchpoint] of Object.entries(credits(result))) {
      const total = Object.values(byTouchpoint).reduce((a, b) => a + b, 0);
      expect(total, model).toBeCloseTo(3, 12);
    }
  });
});

describe('value from an account property', () => {
  it("is the converted account's value when the property is not an events column", async () => {
    const w2 = await warehouseWith({
      events: [
        ['2026-01-01 00:00:00', 'a', null, 'signup'],
        ['2026-01-02 00:00:00', 'a', null, 'paid'],
        ['2026-01-01 00:00:00', 'b', null, 'signup'],
      ],
      accounts:
        "CREATE TABLE accounts AS SELECT * FROM (VALUES ('a', 1200.0), ('b', 99.0)) t(account_id, arr)",
    });
    const [r] = await run(w2, conversion([event('signup'), event('paid')], { value: 'arr' }), T);
    // Only a converted: its arr, 1200, all to (none) (no touchpoints).
    expect(credits(r!, 'revenue').linear).toEqual({ '(none)': 1200 });
  });
});

describe('one event, several touchpoints', () => {
  it('counts an event for every touchpoint whose event and filter it meets', async () => {
    // any_view = every page_view, pricing = page_view on /pricing. a: signup 01-01, /pricing view 01-02,
    // paid 01-05 -> converted, touched by both (one row each). b: signup 01-01, /docs view 01-02, window
    // (30 d) over at T -> not converted, touched by any_view only.
    const w2 = await warehouseWith({
      events: [
        ['2026-01-01 00:00:00', 'a', null, 'signup'],
        ['2026-01-02 00:00:00', 'a', null, 'page_view', pricing],
        ['2026-01-05 00:00:00', 'a', null, 'paid', { amount: 10 }],
        ['2026-01-01 00:00:00', 'b', null, 'signup'],
        ['2026-01-02 00:00:00', 'b', null, 'page_view', { path: '/docs' }],
      ],
    });
    const both = conversion([event('signup'), event('paid')], {
      window: day(30),
      touchpoints: [touch('any_view', 'page_view'), touch('pricing', 'page_view', [eq('path', '/pricing')])],
    });
    const [r] = (await run(w2, both, T)) as [ConversionResult];
    const byId = Object.fromEntries(r.touchpoints.map((t) => [t.touchpoint as string, t]));
    expect(byId.any_view).toMatchObject({ converted_with: 1n, not_converted_with: 1n });
    expect(byId.pricing).toMatchObject({ converted_with: 1n, not_converted_with: 0n });
    // a's two touches share an instant: ordered by touchpoint position.
    const paths = await w2.all<{ path: string; converted: bigint }>(
      "SELECT array_to_string(path, '>') AS path, converted FROM conversion_paths ORDER BY ALL",
    );
    expect(paths).toEqual([
      { path: 'any_view', converted: 0n },
      { path: 'any_view>pricing', converted: 1n },
    ]);
  });
});
