import { describe, expect, it } from 'vitest';
import { parseAsOf } from '../src/definitions/as-of.js';

describe('parseAsOf', () => {
  it('reads zoned timestamps as given', () => {
    expect(parseAsOf('2026-04-30T18:00:00Z', 'America/New_York')).toBe('2026-04-30 18:00:00.000');
    // Digits past the millisecond are kept (they were cut: a JS Date holds milliseconds only).
    expect(parseAsOf('2026-04-30T18:00:00.750250Z', 'America/New_York')).toBe('2026-04-30 18:00:00.750250');
    expect(parseAsOf('2026-04-30T18:00:00.7502+02:00', 'UTC')).toBe('2026-04-30 16:00:00.750200');
    // Naive, in New York (EDT, UTC-4): 14:00:00.000001 local -> 18:00:00.000001Z.
    expect(parseAsOf('2026-04-30 14:00:00.000001', 'America/New_York')).toBe('2026-04-30 18:00:00.000001');
    expect(parseAsOf('2026-04-30T18:00:00+02:00', 'UTC')).toBe('2026-04-30 16:00:00.000');
  });

  it('reads naive timestamps in the config zone', () => {
    // New York is UTC-4 in April (EDT): 18:00 local = 22:00 UTC.
    expect(parseAsOf('2026-04-30 18:00', 'America/New_York')).toBe('2026-04-30 22:00:00.000');
    // and UTC-5 in January (EST).
    expect(parseAsOf('2026-01-15T08:30:00', 'America/New_York')).toBe('2026-01-15 13:30:00.000');
  });

  it('takes a bare date as the end of that day in the zone', () => {
    // 2026-04-30 23:59:59.999999 EDT = 2026-05-01 03:59:59.999999 UTC: the day's last microsecond
    // (it was .999, which left out an event at 23:59:59.9995; found by review).
    expect(parseAsOf('2026-04-30', 'America/New_York')).toBe('2026-05-01 03:59:59.999999');
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

describe('parseAsOf at clock changes reads a wall time as the loader reads an event time', () => {
  it('a time the clock skipped is read with the offset before the change (moved forward), with a warning', () => {
    // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT. 02:30 read at EST (-5h) = 07:30Z,
    // the instant the loader stores for an event stamped 02:30 (before the fix: 06:30Z).
    const warnings: string[] = [];
    expect(parseAsOf('2026-03-08 02:30', 'America/New_York', (w) => warnings.push(w))).toBe(
      '2026-03-08 07:30:00.000',
    );
    expect(warnings).toEqual([
      expect.stringContaining(
        '"2026-03-08 02:30" does not exist in America/New_York: read as 2026-03-08T07:30:00Z',
      ),
    ]);
    // An ordinary time says nothing.
    parseAsOf('2026-03-08 04:30', 'America/New_York', (w) => warnings.push(w));
    expect(warnings).toHaveLength(1);
  });

  it('a time the clock showed twice is the later of the two', () => {
    // New York, 2026-11-01: 01:30 EDT (05:30Z), then 01:30 EST (06:30Z); the loader takes 06:30Z.
    const warnings: string[] = [];
    expect(parseAsOf('2026-11-01 01:30', 'America/New_York', (w) => warnings.push(w))).toBe(
      '2026-11-01 06:30:00.000',
    );
    expect(warnings).toEqual([
      expect.stringContaining('happens twice in America/New_York: read as 2026-11-01T06:30:00Z'),
    ]);
    // An hour either side is unambiguous: 00:30 EDT = 04:30Z, 02:30 EST = 07:30Z.
    expect(parseAsOf('2026-11-01 00:30', 'America/New_York')).toBe('2026-11-01 04:30:00.000');
    expect(parseAsOf('2026-11-01 02:30', 'America/New_York')).toBe('2026-11-01 07:30:00.000');
  });

  it('agrees with DuckDB cast of the same text, in zones with whole, half-hour and southern changes', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const cases: [string, string][] = [
      ['America/New_York', '2026-03-08 02:30'],
      ['America/New_York', '2026-11-01 01:30'],
      ['Europe/London', '2026-03-29 01:30'],
      ['Europe/London', '2026-10-25 01:30'],
      ['Australia/Lord_Howe', '2026-04-05 01:45'],
      ['Australia/Lord_Howe', '2026-10-04 02:15'],
      ['Australia/Sydney', '2026-04-05 02:30'],
      ['Australia/Sydney', '2026-10-04 02:30'],
    ];
    for (const [zone, text] of cases) {
      await connection.run(`SET TimeZone = '${zone}'`);
      const reader = await connection.runAndReadAll(
        `SELECT strftime(make_timestamp(epoch_us(CAST('${text}' AS TIMESTAMPTZ))), '%Y-%m-%d %H:%M:%S.%g') AS t`,
      );
      expect(
        parseAsOf(text, zone, () => undefined),
        `${zone} ${text}`,
      ).toBe(reader.getRowObjectsJson()[0]!.t);
    }
    connection.closeSync();
    db.closeSync();
  });
});
