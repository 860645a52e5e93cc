import { describe, expect, it } from 'vitest';
import { solveLinear } from '../../src/attribution/linear-solve.js';

describe('solveLinear', () => {
  it('solves a system that needs a row swap', () => {
    // 0x + 2y = 4, 3x + y = 5  ->  y = 2, x = 1.
    expect(
      solveLinear(
        [
          [0, 2],
          [3, 1],
        ],
        [4, 5],
      ),
    ).toEqual([1, 2]);
  });

  it('solves a 3x3 system', () => {
    // x + y + z = 6, 2y + 5z = -4, 2x + 5y - z = 27  ->  (5, 3, -2).
    const x = solveLinear(
      [
        [1, 1, 1],
        [0, 2, 5],
        [2, 5, -1],
      ],
      [6, -4, 27],
    );
    expect(x.map((v) => Number(v.toFixed(12)))).toEqual([5, 3, -2]);
  });

  it('refuses a singular matrix', () => {
    expect(() =>
      solveLinear(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    ).toThrow(/singular/);
  });
});
