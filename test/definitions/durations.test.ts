import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/definitions/durations.js';

describe('durations', () => {
  it.each([
    ['30s', 30],
    ['45min', 45 * 60],
    ['12h', 12 * 3600],
    ['30d', 30 * 86_400],
    ['2w', 14 * 86_400],
    ['1.5h', 5400], // 1.5 * 3600
    ['1.1h', 3960], // rounded to the millisecond, not 3960.0000000000005
  ])('%s is %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toEqual({ ok: true, duration: { seconds, text } });
  });

  it('rejects 1m with the hint to write 1min or 30d', () => {
    const result = parseDuration('1m');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.hint).toMatch(/write 1min or 30d/);
  });

  it.each(['3mo', '1y', '2 months', '1year'])('rejects months and years: %s', (text) => {
    const result = parseDuration(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.hint).toMatch(/no fixed length/);
  });

  it.each(['', 'd', '30', '-1d', '0d', '1e3s', 'thirty days', '30 d'])('rejects %j', (text) => {
    expect(parseDuration(text).ok).toBe(false);
  });

  it('rejects a duration that rounds to zero milliseconds instead of an empty window', () => {
    // 0.0001s = 0.1 ms -> 0 after rounding to the millisecond; 0.0005s rounds up to 1 ms and is kept.
    const result = parseDuration('0.0001s');
    expect(result).toMatchObject({
      ok: false,
      message: '"0.0001s": a duration must be at least 1 millisecond',
    });
    expect(parseDuration('0.0005s')).toEqual({ ok: true, duration: { seconds: 0.001, text: '0.0005s' } });
  });

  it('rejects a duration past 36500d (about 100 years), which would overflow timestamps at compute time', () => {
    // 99999999w is about 1.9 million years; 36500d is the longest accepted, 36501d is not.
    expect(parseDuration('99999999w')).toMatchObject({
      ok: false,
      message: '"99999999w": a duration must be at most 36500d (about 100 years)',
    });
    expect(parseDuration('36500d')).toEqual({
      ok: true,
      duration: { seconds: 36_500 * 86_400, text: '36500d' },
    });
    expect(parseDuration('36501d').ok).toBe(false);
  });

  it('suggests the short unit for a spelled-out one', () => {
    const result = parseDuration('3days');
    expect(result.ok ? '' : result.hint).toBe('write 3d');
  });
});
