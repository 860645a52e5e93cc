/** Durations and numbers as the report prints them: locale-free, fixed decimals. */
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/report/durations.js';
import { formatCount, formatNumber, formatPercent, formatRate, share } from '../../src/report/numbers.js';

describe('formatDuration', () => {
  it('uses one unit with one decimal, dropping ".0"', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(90)).toBe('1.5 min'); // 90 / 60
    expect(formatDuration(5_400)).toBe('1.5 h'); // 5400 / 3600
    expect(formatDuration(276_480)).toBe('3.2 d'); // 3.2 x 86400
    expect(formatDuration(864_000)).toBe('10 d'); // 10 x 86400
    expect(formatDuration(129_600)).toBe('1.5 d'); // 1.5 x 86400
  });

  it('moves up a unit where rounding would print 60 min or 24 h', () => {
    expect(formatDuration(59.6)).toBe('1 min'); // 0.993 min rounds to 1.0
    expect(formatDuration(3_599)).toBe('1 h'); // 59.98 min
    expect(formatDuration(86_399)).toBe('1 d');
  });

  it('stays in the smaller unit below one whole of the next (found by review: 23 h was "1 d")', () => {
    expect(formatDuration(82_800)).toBe('23 h'); // 0.958 d
    expect(formatDuration(3_420)).toBe('57 min'); // 0.95 h
    expect(formatDuration(57)).toBe('57 s'); // 0.95 min
    expect(formatDuration(85_980)).toBe('23.9 h'); // 23.883 h
    expect(formatDuration(-82_800)).toBe('−23 h');
  });

  it('prints a dash for missing or non-finite values', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('numbers', () => {
  it('groups thousands exactly, also beyond 2^53', () => {
    expect(formatCount(0n)).toBe('0');
    expect(formatCount(1_234_567n)).toBe('1,234,567');
    expect(formatCount(9_007_199_254_740_993n)).toBe('9,007,199,254,740,993');
  });

  it('percentages have one decimal; nothing of nothing is a dash', () => {
    expect(formatPercent(1n, 8n)).toBe('12.5%');
    expect(formatPercent(2n, 3n)).toBe('66.7%');
    expect(formatPercent(0n, 0n)).toBe('—');
    expect(formatRate(0.6)).toBe('60.0%');
    expect(formatRate(1 / 3, true)).toBe('+33.3%');
    expect(formatRate(-0.5, true)).toBe('-50.0%');
    expect(formatRate(null)).toBe('—');
  });

  it('formats measures without a negative zero, and shares of zero as 0', () => {
    expect(formatNumber(4.333, 2)).toBe('4.33');
    expect(formatNumber(-0.01, 1)).toBe('0.0');
    expect(share(3n, 0n)).toBe(0);
    expect(share(3n, 4n)).toBe(0.75);
  });
});
