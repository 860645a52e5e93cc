/**
 * JSON output: counts are numbers, not strings, as long as a JSON number
 * holds them exactly; larger bigints stay strings so no digit is lost.
 */
import { describe, expect, it } from 'vitest';
import { cellText, renderJson } from '../../src/output/format.js';

describe('renderJson', () => {
  it('writes safe bigints as numbers and larger ones as exact strings', () => {
    const max = BigInt(Number.MAX_SAFE_INTEGER); // 9007199254740991
    const parsed = JSON.parse(
      renderJson({
        assigned: 8n,
        entered: 2n,
        zero: 0n,
        negative: -3n,
        max,
        above: max + 1n,
        below: -max - 2n,
      }),
    ) as Record<string, unknown>;
    expect(parsed).toEqual({
      assigned: 8,
      entered: 2,
      zero: 0,
      negative: -3,
      max: 9007199254740991,
      above: '9007199254740992',
      below: '-9007199254740993',
    });
  });

  it('converts nested bigints too and leaves other values alone', () => {
    const text = renderJson({
      rows: [{ n: 1n, rate: 0.5, name: 'x', at: new Date('2026-01-01T00:00:00Z') }],
    });
    expect(JSON.parse(text)).toEqual({
      rows: [{ n: 1, rate: 0.5, name: 'x', at: '2026-01-01T00:00:00.000Z' }],
    });
  });

  it('keeps CSV and table cells exact text', () => {
    expect(cellText(12345678901234567890n)).toBe('12345678901234567890');
  });
});
