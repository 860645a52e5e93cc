/**
 * The rule-based models on paths worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { heuristicShares, positionWeight, type PositionModel } from '../../src/attribution/heuristic.js';

/** Every position's weight in a path of `length` touches. */
const positionWeights = (model: PositionModel, length: number): number[] =>
  Array.from({ length }, (_v, k) => positionWeight(model, length, k));
import { row } from './helpers.js';

describe('positionWeights', () => {
  it('position based: one touch 100%, two 50/50, then 40/20/40 with the 20 shared by the middle', () => {
    expect(positionWeights('position_based', 1)).toEqual([1]);
    expect(positionWeights('position_based', 2)).toEqual([0.5, 0.5]);
    expect(positionWeights('position_based', 3)).toEqual([0.4, 0.2, 0.4]);
    // 5 touches: the 3 middle ones share 20%: 0.2 / 3 each.
    const five = positionWeights('position_based', 5);
    expect(five[0]).toBe(0.4);
    expect(five[4]).toBe(0.4);
    for (const w of five.slice(1, 4)) expect(w).toBeCloseTo(0.2 / 3, 15);
  });

  it('first, last and linear', () => {
    expect(positionWeights('first_touch', 3)).toEqual([1, 0, 0]);
    expect(positionWeights('last_touch', 3)).toEqual([0, 0, 1]);
    expect(positionWeights('linear', 4)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});

describe('heuristicShares', () => {
  // Touchpoints a, b, c (indexes 0, 1, 2); index 3 is (none).
  // a>b>c 2 conversions (revenue 300), b>a 1 (revenue 50), c 1, '' 1 (revenue 10); b>c never converted.
  const paths = [
    row('a>b>c', 2, 0, undefined, 300),
    row('b>a', 1, 0, undefined, 50),
    row('c', 1, 0),
    row('', 1, 4, undefined, 10),
    row('b>c', 0, 7),
  ];

  it('first touch: a 2, b 1, c 1, (none) 1', () => {
    expect(heuristicShares('first_touch', paths, 3).credit).toEqual([2, 1, 1, 1]);
  });

  it('last touch: c 2 + 1, a 1, (none) 1', () => {
    expect(heuristicShares('last_touch', paths, 3).credit).toEqual([1, 0, 3, 1]);
  });

  it('linear: a 2/3 + 1/2, b 2/3 + 1/2, c 2/3 + 1', () => {
    const { credit } = heuristicShares('linear', paths, 3);
    expect(credit[0]).toBeCloseTo(7 / 6, 15);
    expect(credit[1]).toBeCloseTo(7 / 6, 15);
    expect(credit[2]).toBeCloseTo(5 / 3, 15);
    expect(credit[3]).toBe(1);
  });

  it('position based: a 0.8 + 0.5, b 0.4 + 0.5, c 0.8 + 1', () => {
    const { credit } = heuristicShares('position_based', paths, 3);
    expect(credit[0]).toBeCloseTo(1.3, 15);
    expect(credit[1]).toBeCloseTo(0.9, 15);
    expect(credit[2]).toBeCloseTo(1.8, 15);
  });

  it('revenue follows the same weights: linear a 100 + 25, b 100 + 25, c 100, (none) 10', () => {
    const { revenue } = heuristicShares('linear', paths, 3);
    expect(revenue[0]).toBeCloseTo(125, 12);
    expect(revenue[1]).toBeCloseTo(125, 12);
    expect(revenue[2]).toBeCloseTo(100, 12);
    expect(revenue[3]).toBe(10);
  });

  it('time decay takes the touchpoint shares SQL summed, and gives untouched conversions to (none)', () => {
    // a>b converted twice (its shares come from SQL: a 0.5, b 1.5, revenue 10 and 30);
    // '' converted once with revenue 7 -> (none) 1 and 7; a>b not converted adds nothing.
    const paths = [row('a>b', 2), row('', 1, 0, undefined, 7), row('a>b', 0, 3)];
    const shares = heuristicShares('time_decay', paths, 2, { credit: [0.5, 1.5], revenue: [10, 30] });
    expect(shares.credit).toEqual([0.5, 1.5, 1]);
    expect(shares.revenue).toEqual([10, 30, 7]);
  });
});
