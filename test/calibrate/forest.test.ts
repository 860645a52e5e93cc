import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom, trainForest, type ForestOptions } from '../../src/calibrate/forest.js';

const small: ForestOptions = { trees: 30, maxDepth: 4, minSamplesSplit: 2, seed: 7 };

/** n rows: feature 0 is the outcome itself (0/1 count), features 1..noise are PRNG noise counts 0-9. */
function data(n: number, noise: number, seed: number): { rows: number[][]; labels: number[] } {
  const random = seededRandom(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = i % 2;
    rows.push([y * 3, ...Array.from({ length: noise }, () => Math.floor(random() * 10))]);
    labels.push(y);
  }
  return { rows, labels };
}

describe('trainForest', () => {
  it('gives a feature that is the outcome nearly all the importance, noise next to none', () => {
    // Feature 0 splits the root perfectly (Gini 0.5 -> 0 + 0): whenever it is among the features tried,
    // it wins, and nothing is left to split below it. Noise only gets splits in trees that missed it.
    const { rows, labels } = data(200, 3, 1);
    const { importances, oobAccuracy } = trainForest(rows, labels, { ...small, trees: 50 });
    expect(importances[0]).toBeGreaterThan(0.8);
    for (const noise of importances.slice(1)) expect(noise).toBeLessThan(0.1);
    // Out of bag, a perfect predictor is always right.
    expect(oobAccuracy).toBeGreaterThan(0.95);
  });

  it('gives a constant feature no importance', () => {
    // Feature 1 never varies: no split on it exists.
    const rows = [
      [0, 5],
      [1, 5],
      [0, 5],
      [1, 5],
      [0, 5],
      [1, 5],
    ];
    const labels = [0, 1, 0, 1, 0, 1];
    const { importances } = trainForest(rows, labels, small);
    expect(importances).toEqual([1, 0]);
  });

  it('is deterministic: the same rows and seed give the same importances', () => {
    const { rows, labels } = data(100, 4, 3);
    expect(trainForest(rows, labels, small)).toEqual(trainForest(rows, labels, small));
  });

  it('returns zeros when no split helps (one outcome only)', () => {
    const { importances, oobAccuracy } = trainForest([[1], [2], [3]], [1, 1, 1], small);
    expect(importances).toEqual([0]);
    // Every out-of-bag row is predicted right: all leaves say 1.
    expect(oobAccuracy === undefined || oobAccuracy === 1).toBe(true);
  });

  it('importances are >= 0 and sum to 1 (or are all 0) on any data', () => {
    const row = (features: number) =>
      fc.array(fc.integer({ min: 0, max: 20 }), { minLength: features, maxLength: features });
    const input = fc.integer({ min: 1, max: 5 }).chain((features) =>
      fc.record({
        rows: fc.array(row(features), { minLength: 1, maxLength: 40 }),
        labels: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 40, maxLength: 40 }),
        seed: fc.integer(),
      }),
    );
    fc.assert(
      fc.property(input, ({ rows, labels, seed }) => {
        const { importances } = trainForest(rows, labels.slice(0, rows.length), {
          ...small,
          trees: 10,
          seed,
        });
        const sum = importances.reduce((s, x) => s + x, 0);
        expect(importances.every((x) => x >= 0)).toBe(true);
        expect(Math.abs(sum - 1) < 1e-9 || sum === 0).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('sums to exactly 1 whenever a feature equals the outcome', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 4, maxLength: 30 }),
        fc.integer(),
        (labels, seed) => {
          fc.pre(labels.includes(0) && labels.includes(1));
          const rows = labels.map((y, i) => [y, i % 3]);
          const sum = trainForest(rows, labels, { ...small, seed }).importances.reduce((s, x) => s + x, 0);
          expect(sum).toBeCloseTo(1, 9);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('bins features with many distinct values and still finds the signal', () => {
    // 300 distinct values (more than the 64 bins): the outcome is value >= 150.
    const rows = Array.from({ length: 300 }, (_, i) => [i, (i * 7919) % 13]);
    const labels = rows.map((r) => ((r[0] as number) >= 150 ? 1 : 0));
    const { importances } = trainForest(rows, labels, small);
    expect(importances[0]).toBeGreaterThan(importances[1] as number);
  });
});

describe('seededRandom', () => {
  it('repeats for a seed, stays in [0, 1)', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(6)()).not.toBe(xs[0]);
  });
});
