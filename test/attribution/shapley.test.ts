/**
 * Exact Shapley values (worth of S = conversions whose touchpoint set is a
 * subset of S), checked against published numbers, hand computation and the
 * textbook coalition formula.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PathRow } from '../../src/attribution/path-table.js';
import { shapleyShares } from '../../src/attribution/shapley.js';
import { pathTable, row } from './helpers.js';

/** The textbook definition: phi_i = sum over S without i of |S|! (n-|S|-1)! / n! (v(S+i) - v(S)). */
function coalitionShapley(paths: PathRow[], n: number): number[] {
  const worth = (mask: number) =>
    paths.reduce((sum, p) => {
      if (p.path.length === 0) return sum; // v(∅) = 0: untouched conversions are (none)
      const set = p.path.reduce((m, t) => m | (1 << t), 0);
      return (set & ~mask) === 0 ? sum + p.converted : sum;
    }, 0);
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const size = (mask: number) => mask.toString(2).split('1').length - 1;
  const phi = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let mask = 0; mask < 1 << n; mask++) {
      if (mask & (1 << i)) continue;
      const s = size(mask);
      phi[i]! +=
        ((factorial(s) * factorial(n - s - 1)) / factorial(n)) * (worth(mask | (1 << i)) - worth(mask));
    }
  }
  return phi;
}

describe('worked examples', () => {
  it('the fixtures README: {demo, pricing, shared}, {demo, pricing}, {pricing, shared} -> 5/6, 4/3, 5/6', () => {
    const names = ['demo', 'pricing', 'shared'];
    const paths = [
      row('shared>demo>pricing>shared', 1, 0, names),
      row('pricing>demo>pricing', 1, 0, names),
      row('shared>pricing', 1, 0, names),
    ];
    const { credit } = shapleyShares(paths, 3);
    expect(credit[0]).toBeCloseTo(5 / 6, 15);
    expect(credit[1]).toBeCloseTo(4 / 3, 15);
    expect(credit[2]).toBeCloseTo(5 / 6, 15);
  });

  it('a published question: (C1, C2) 20 conversions, (C1, C3, C4) 10', () => {
    // https://datascience.stackexchange.com/questions/85684 (the v of that blog post: conversions
    // of every subset). By the coalition formula: C1 = 20/2 + 10/3, C2 = 10, C3 = C4 = 10/3; sum 30.
    const paths = [row('a>b', 20), row('a>c>d', 10)];
    const { credit } = shapleyShares(paths, 4);
    expect(credit[0]).toBeCloseTo(10 + 10 / 3, 12);
    expect(credit[1]).toBeCloseTo(10, 12);
    expect(credit[2]).toBeCloseTo(10 / 3, 12);
    expect(credit[3]).toBeCloseTo(10 / 3, 12);
  });

  it("Puzyrov's paths: google 2 + 1/2, mailing 1 + 1/2", () => {
    const names = ['google', 'mailing'];
    const paths = [
      row('google', 2, 1, names),
      row('mailing', 1, 0, names),
      row('google>mailing', 1, 0, names),
    ];
    expect(shapleyShares(paths, 2).credit).toEqual([2.5, 1.5, 0]);
  });

  it('untouched conversions are (none), repeats in a path count once', () => {
    expect(shapleyShares([row('a>a>a', 2), row('', 3)], 1).credit).toEqual([2, 3]);
  });
});

describe('against the coalition formula', () => {
  it('matches on random path tables (up to 5 touchpoints)', () => {
    fc.assert(
      fc.property(pathTable, ({ n, paths }) => {
        const expected = coalitionShapley(paths, n);
        const { credit } = shapleyShares(paths, n);
        expected.forEach((value, i) => expect(credit[i]).toBeCloseTo(value, 9));
      }),
    );
  });
});
