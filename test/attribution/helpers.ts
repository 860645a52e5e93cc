/**
 * Path tables written by hand (`row('a>b', 2, 1)`) and at random (fast-check),
 * for the attribution models.
 */
import fc from 'fast-check';
import type { PathRow, TouchShares } from '../../src/attribution/path-table.js';

/** 'a>b>a' over touchpoints ['a', 'b', ...] -> [0, 1, 0]; '' -> []. */
export function row(
  path: string,
  converted: number,
  notConverted = 0,
  names: string[] = ['a', 'b', 'c', 'd'],
  revenue = 0,
): PathRow {
  const indexes = path === '' ? [] : path.split('>').map((name) => names.indexOf(name));
  if (indexes.includes(-1)) throw new Error(`unknown touchpoint in ${path}`);
  return { path: indexes, converted, notConverted, revenue };
}

/**
 * A random path table over n touchpoints, with time-decay shares per
 * touchpoint as SQL sums them: each converted path's random weights,
 * normalised to its conversions (and revenue), added to its touchpoints.
 */
export const pathTable = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc
    .array(
      fc.record({
        path: fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 6 }),
        converted: fc.integer({ min: 0, max: 20 }),
        notConverted: fc.integer({ min: 0, max: 20 }),
        price: fc.double({ min: 0, max: 1e6, noNaN: true }),
        weights: fc.array(fc.double({ min: 1e-3, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
      }),
      { maxLength: 12 },
    )
    .map((rows) => {
      const timeDecay: TouchShares = {
        credit: new Array<number>(n).fill(0),
        revenue: new Array<number>(n).fill(0),
      };
      const paths = rows.map((r): PathRow => {
        const weights = r.weights.slice(0, r.path.length);
        const total = weights.reduce((a, b) => a + b, 0);
        const revenue = r.converted * r.price;
        r.path.forEach((touchpoint, k) => {
          timeDecay.credit[touchpoint]! += (weights[k]! / total) * r.converted;
          timeDecay.revenue[touchpoint]! += (weights[k]! / total) * revenue;
        });
        return { path: r.path, converted: r.converted, notConverted: r.notConverted, revenue };
      });
      return { n, paths, timeDecay };
    }),
);
