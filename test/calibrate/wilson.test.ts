import { describe, expect, it } from 'vitest';
import { overlaps, wilson } from '../../src/calibrate/wilson.js';

describe('wilson', () => {
  it('5 of 10: symmetric around 0.5', () => {
    // z = 1.96, z²/n = 0.38416, denominator 1.38416; centre (0.5 + 0.19208) / 1.38416 = 0.5;
    // half = 1.96 / 1.38416 × sqrt(0.025 + 3.8416/400) = 1.41602 × 0.186021 = 0.263409.
    const i = wilson(5, 10)!;
    expect(i.low).toBeCloseTo(0.236591, 5);
    expect(i.high).toBeCloseTo(0.763409, 5);
  });

  it('0 of 10: the lower end is 0, the upper z²/n / (1 + z²/n)', () => {
    // 0.38416 / 1.38416 = 0.277540
    const i = wilson(0, 10)!;
    expect(i.low).toBe(0);
    expect(i.high).toBeCloseTo(0.27754, 5);
  });

  it('3 of 3: the upper end is 1', () => {
    // centre (1 + 3.8416/6) / (1 + 3.8416/3) = 1.640267 / 2.280533 = 0.719251;
    // half = 1.96 / 2.280533 × sqrt(3.8416/36) = 0.859448 × 0.326667 = 0.280753; low 0.438498.
    const i = wilson(3, 3)!;
    expect(i.low).toBeCloseTo(0.438498, 5);
    expect(i.high).toBe(1);
  });

  it('has no interval without trials', () => {
    expect(wilson(0, 0)).toBeUndefined();
  });

  it('overlap: touching intervals overlap, disjoint ones do not, a missing one always does', () => {
    expect(overlaps({ low: 0, high: 0.5 }, { low: 0.5, high: 1 })).toBe(true);
    expect(overlaps({ low: 0, high: 0.4 }, { low: 0.5, high: 1 })).toBe(false);
    expect(overlaps({ low: 0.6, high: 0.9 }, { low: 0.1, high: 0.5 })).toBe(false);
    expect(overlaps(undefined, { low: 0.5, high: 1 })).toBe(true);
  });
});
