/**
 * The terminal rendering helpers of `milestones conversions`.
 */
import { describe, expect, it } from 'vitest';
import { humanDuration, percent, roundToTotal } from '../../src/commands/conversions-view.js';

describe('humanDuration', () => {
  it('shows days, hours and minutes, seconds only under an hour', () => {
    expect(humanDuration(4_240_500)).toBe('49d 1h 55min'); // 49 x 86 400 + 3 600 + 55 x 60
    expect(humanDuration(864_000)).toBe('10d');
    expect(humanDuration(75)).toBe('1min 15s');
    expect(humanDuration(3_661)).toBe('1h 1min'); // the second is dropped past an hour
    expect(humanDuration(0)).toBe('0s');
    expect(humanDuration(null)).toBe('—');
  });
});

describe('percent', () => {
  it('has one decimal, a sign when asked, a dash when undefined', () => {
    expect(percent(2 / 3)).toBe('66.7%');
    expect(percent(1 / 3, true)).toBe('+33.3%');
    expect(percent(-0.25, true)).toBe('-25.0%');
    expect(percent(null)).toBe('—');
  });
});

describe('roundToTotal', () => {
  it('keeps the rounded column summing to the rounded total', () => {
    // 5/6 + 4/3 + 5/6 = 3: plain rounding gives 0.83 + 1.33 + 0.83 = 2.99; one cent goes to a largest remainder.
    const shown = roundToTotal([5 / 6, 4 / 3, 5 / 6]);
    expect(shown.reduce((s, v) => s + Math.round(Number(v) * 100), 0)).toBe(300);
    expect(roundToTotal([0.2, 0.4, 0.4])).toEqual(['0.20', '0.40', '0.40']);
    expect(roundToTotal([1 / 3, 1 / 3, 1 / 3])).toEqual(['0.34', '0.33', '0.33']);
  });

  it('gives a tie to the same touchpoint whatever order a view lists them in', () => {
    // Touchpoints at positions 1 and 2 with 0.835 each (1.67 in all): one of them shows 0.84, the
    // other 0.83; by position, position 1 takes the cent, listed first or second. A float-noise
    // difference (0.835 from two sums) is still a tie.
    const a = 0.835;
    const b = 0.835 + Number.EPSILON; // 0.8350000000000001: larger by float noise only
    expect(roundToTotal([a, b], 2, [1, 2])).toEqual(['0.84', '0.83']);
    expect(roundToTotal([b, a], 2, [2, 1])).toEqual(['0.83', '0.84']);
  });
});
