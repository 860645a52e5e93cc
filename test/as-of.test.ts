import { describe, expect, it } from 'vitest';
import { parseAsOf } from '../src/definitions/as-of.js';

describe('parseAsOf', () => {
  it('reads zoned timestamps as given', () => {
    expect(parseAsOf('2026-04-30T18:00:00Z', 'America/New_York')).toBe('2026-04-30 18:00:00.000');
    expect(parseAsOf('2026-04-30T18:00:00+02:00', 'UTC')).toBe('2026-04-30 16:00:00.000');
  });

  it('reads naive timestamps in the config zone', () => {
    // New York is UTC-4 in April (EDT): 18:00 local = 22:00 UTC.
    expect(parseAsOf('2026-04-30 18:00', 'America/New_York')).toBe('2026-04-30 22:00:00.000');
    // and UTC-5 in January (EST).
    expect(parseAsOf('2026-01-15T08:30:00', 'America/New_York')).toBe('2026-01-15 13:30:00.000');
  });

  it('takes a bare date as the end of that day in the zone', () => {
    // 2026-04-30 23:59:59.999 EDT = 2026-05-01 03:59:59.999 UTC
    expect(parseAsOf('2026-04-30', 'America/New_York')).toBe('2026-05-01 03:59:59.999');
  });

  it('rejects text that is not a time, with exit code 2', () => {
    expect(() => parseAsOf('yesterday', 'UTC')).toThrow(/not a date/);
    try {
      parseAsOf('2026-13-45', 'UTC');
    } catch (e) {
      expect((e as { exitCode: number }).exitCode).toBe(2);
      return;
    }
    throw new Error('expected a UserError');
  });
});

describe('parseAsOf on impossible dates (regression: 2026-02-30 rolled over to March 2nd)', () => {
  it.each(['2026-02-30', '2026-02-29', '2026-04-31 10:00', '2026-06-31T00:00:00Z'])('rejects %s', (text) => {
    expect(() => parseAsOf(text, 'UTC')).toThrow(/not a date/);
  });

  it('still accepts a leap day', () => {
    expect(parseAsOf('2028-02-29T12:00:00Z', 'UTC')).toBe('2028-02-29 12:00:00.000');
  });
});
