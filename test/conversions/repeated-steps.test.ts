/**
 * Repeated event steps (`steps: [signup, pageview, pageview]`) and the time
 * from the previous step, on tiny hand-made warehouses. A repeat needs its
 * own, later event: one event fills at most one step of an attempt (PostHog's
 * semantics); equal timestamps still count as in order. Expected numbers are
 * worked out by hand beside each assertion.
 */
import { describe, expect, it } from 'vitest';
import { actors, conversion, day, eq, event, run, stepLines, warehouseWith } from './harness.js';

const T = '2026-03-01 00:00:00';

describe('repeated event steps', () => {
  it('need one event each: [signup, pv, pv, pv]', async () => {
    const w = await warehouseWith({
      events: [
        // a: three pageviews after the signup: all four steps, one event each.
        ['2026-01-01 00:00:00', 'a', null, 'signup'],
        ['2026-01-02 00:00:00', 'a', null, 'pv'],
        ['2026-01-03 00:00:00', 'a', null, 'pv'],
        ['2026-01-04 00:00:00', 'a', null, 'pv'],
        // b: two pageviews at one instant are two events: steps 2 and 3, not 4.
        ['2026-01-01 00:00:00', 'b', null, 'signup'],
        ['2026-01-02 00:00:00', 'b', null, 'pv'],
        ['2026-01-02 00:00:00', 'b', null, 'pv'],
        // c: one pageview fills step 2 only (it used to fill 2, 3 and 4 at once).
        ['2026-01-01 00:00:00', 'c', null, 'signup'],
        ['2026-01-05 00:00:00', 'c', null, 'pv'],
        // d: a pageview before the signup does not count: one pageview after it.
        ['2026-01-01 00:00:00', 'd', null, 'pv'],
        ['2026-01-02 00:00:00', 'd', null, 'signup'],
        ['2026-01-03 00:00:00', 'd', null, 'pv'],
      ],
    });
    const [result] = await run(w, conversion([event('signup'), event('pv'), event('pv'), event('pv')]), T);
    expect(await actors(w)).toEqual({
      a: 'reached 4 converted [01-01 00:00:00 01-02 00:00:00 01-03 00:00:00 01-04 00:00:00]',
      b: 'reached 3 [01-01 00:00:00 01-02 00:00:00 01-02 00:00:00 -]',
      c: 'reached 2 [01-01 00:00:00 01-05 00:00:00 - -]',
      d: 'reached 2 [01-02 00:00:00 01-03 00:00:00 - -]',
    });
    // Reached: step 1 all 4; step 2 all 4; step 3 a, b = 2; step 4 a = 1.
    expect(stepLines(result!).map((s) => s.reached)).toEqual([4, 4, 2, 1]);
  });

  it('a repeat may come back after another step: [pv, signup, pv]', async () => {
    const w = await warehouseWith({
      events: [
        // e: one pageview, then a signup at the same instant: the pageview cannot be step 3 too.
        ['2026-01-01 00:00:00', 'e', null, 'pv'],
        ['2026-01-01 00:00:00', 'e', null, 'signup'],
        // f: a second pageview at the signup's instant is a later step, in order (equal times).
        ['2026-01-01 00:00:00', 'f', null, 'pv'],
        ['2026-01-02 10:00:00', 'f', null, 'signup'],
        ['2026-01-02 10:00:00', 'f', null, 'pv'],
      ],
    });
    await run(w, conversion([event('pv'), event('signup'), event('pv')]), T);
    expect(await actors(w)).toEqual({
      e: 'reached 2 [01-01 00:00:00 01-01 00:00:00 -]',
      f: 'reached 3 converted [01-01 00:00:00 01-02 10:00:00 01-02 10:00:00]',
    });
  });

  it('overlapping steps take distinct events: [signup, pv, pv where path = /pricing]', async () => {
    const w = await warehouseWith({
      events: [
        // h: one pricing pageview could be either step, but fills only one: step 2.
        ['2026-01-01 00:00:00', 'h', null, 'signup'],
        ['2026-01-02 00:00:00', 'h', null, 'pv', { path: '/pricing' }],
        // i: a home and a pricing pageview at one instant: home is step 2, pricing step 3.
        ['2026-01-01 00:00:00', 'i', null, 'signup'],
        ['2026-01-02 10:00:00', 'i', null, 'pv', { path: '/pricing' }],
        ['2026-01-02 10:00:00', 'i', null, 'pv', { path: '/home' }],
        // j: pricing first, then home: home cannot be step 3, no later pricing: step 2.
        ['2026-01-01 00:00:00', 'j', null, 'signup'],
        ['2026-01-02 00:00:00', 'j', null, 'pv', { path: '/pricing' }],
        ['2026-01-03 00:00:00', 'j', null, 'pv', { path: '/home' }],
      ],
    });
    await run(w, conversion([event('signup'), event('pv'), event('pv', [eq('path', '/pricing')])]), T);
    expect(await actors(w)).toEqual({
      h: 'reached 2 [01-01 00:00:00 01-02 00:00:00 -]',
      i: 'reached 3 converted [01-01 00:00:00 01-02 10:00:00 01-02 10:00:00]',
      j: 'reached 2 [01-01 00:00:00 01-02 00:00:00 -]',
    });
  });

  it('keeps the window: a repeat after t1 + window does not count', async () => {
    const w = await warehouseWith({
      events: [
        ['2026-01-01 00:00:00', 'k', null, 'signup'],
        ['2026-01-05 00:00:00', 'k', null, 'pv'],
        ['2026-01-12 00:00:00', 'k', null, 'pv'], // 11 days after the signup: outside 10d
      ],
    });
    await run(w, conversion([event('signup'), event('pv'), event('pv')], { window: day(10) }), T);
    expect(await actors(w)).toEqual({ k: 'reached 2 [01-01 00:00:00 01-05 00:00:00 -]' });
  });
});

describe('time from the previous step', () => {
  it('is t_k - t_(k-1) beside t_k - t_1, mean, median and p90 over the actors that reached the step', async () => {
    const w = await warehouseWith({
      events: [
        // a: demo 1d after signup, paid 3d after the demo (4d after signup).
        ['2026-01-01 00:00:00', 'a', null, 'signup'],
        ['2026-01-02 00:00:00', 'a', null, 'demo'],
        ['2026-01-05 00:00:00', 'a', null, 'paid'],
        // b: demo after 3d, paid 2d later (5d after signup).
        ['2026-01-01 00:00:00', 'b', null, 'signup'],
        ['2026-01-04 00:00:00', 'b', null, 'demo'],
        ['2026-01-06 00:00:00', 'b', null, 'paid'],
        // c: demo after 2d, never paid (window over at T).
        ['2026-01-01 00:00:00', 'c', null, 'signup'],
        ['2026-01-03 00:00:00', 'c', null, 'demo'],
      ],
    });
    const [result] = await run(w, conversion([event('signup'), event('demo'), event('paid')]), T);
    const D = 86_400;
    const [signup, demo, paid] = stepLines(result!);
    // Step 1 has no time.
    expect(signup).toMatchObject({ seconds_mean: null, from_previous_seconds_mean: null });
    // Step 2: a 1d, b 3d, c 2d, from the first and from the previous step alike (step 1 is both):
    // mean 2d, median 2d, p90 = 2d + 0.8 * (3d - 2d) = 2.8d (interpolated at 0.9 * (3 - 1) = 1.8).
    expect(demo).toMatchObject({
      seconds_mean: 2 * D,
      seconds_median: 2 * D,
      from_previous_seconds_mean: 2 * D,
      from_previous_seconds_median: 2 * D,
    });
    expect(demo!.seconds_p90).toBeCloseTo(2.8 * D, 3);
    expect(demo!.from_previous_seconds_p90).toBeCloseTo(2.8 * D, 3);
    // Step 3: from the first step a 4d, b 5d: mean 4.5d, median 4.5d, p90 4d + 0.9d = 4.9d;
    // from the demo a 3d, b 2d: mean 2.5d, median 2.5d, p90 2d + 0.9d = 2.9d.
    expect(paid).toMatchObject({
      seconds_mean: 4.5 * D,
      seconds_median: 4.5 * D,
      from_previous_seconds_mean: 2.5 * D,
      from_previous_seconds_median: 2.5 * D,
    });
    expect(paid!.seconds_p90).toBeCloseTo(4.9 * D, 3);
    expect(paid!.from_previous_seconds_p90).toBeCloseTo(2.9 * D, 3);
  });
});
