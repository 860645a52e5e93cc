/**
 * Property: whatever the paths, every model's credits (touchpoints plus
 * `(none)`) add up to the converted count, and their revenue to the
 * converted revenue; no credit is negative.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribute } from '../../src/attribution/attribute.js';
import { MODELS } from '../../src/attribution/path-table.js';
import { pathTable } from './helpers.js';

describe('every model', () => {
  it('sums to the conversions and the revenue', () => {
    fc.assert(
      fc.property(pathTable, ({ n, paths, timeDecay }) => {
        const converted = paths.reduce((s, p) => s + p.converted, 0);
        const revenue = paths.reduce((s, p) => s + p.revenue, 0);
        const credits = attribute(paths, n, timeDecay);
        for (const model of MODELS) {
          const mine = credits.filter((c) => c.model === model);
          expect(mine).toHaveLength(n + 1);
          const credit = mine.reduce((s, c) => s + c.credit, 0);
          const money = mine.reduce((s, c) => s + c.revenue, 0);
          expect(Math.abs(credit - converted), `${model} credit`).toBeLessThan(1e-9 * Math.max(1, converted));
          expect(Math.abs(money - revenue), `${model} revenue`).toBeLessThan(1e-9 * Math.max(1, revenue));
          for (const c of mine) expect(c.credit, model).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
