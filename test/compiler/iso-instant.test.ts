/** isoFromNaiveUtc: naive UTC text as the CLI prints instants (compiler/time.ts). */
import { expect, it } from 'vitest';
import { isoFromNaiveUtc } from '../../src/compiler/time.js';

it('keeps a fraction of a second, in milliseconds when whole, else microseconds', () => {
  expect(isoFromNaiveUtc('2026-05-01 03:59:59')).toBe('2026-05-01T03:59:59Z');
  expect(isoFromNaiveUtc('2026-05-01 03:59:59.000')).toBe('2026-05-01T03:59:59Z');
  expect(isoFromNaiveUtc('2026-05-01 03:59:59.999')).toBe('2026-05-01T03:59:59.999Z');
  // .5 s is 500 ms.
  expect(isoFromNaiveUtc('2026-05-01 03:59:59.5')).toBe('2026-05-01T03:59:59.500Z');
  expect(isoFromNaiveUtc('2026-05-01 03:59:59.250125')).toBe('2026-05-01T03:59:59.250125Z');
  expect(isoFromNaiveUtc('2026-05-01T03:59:59.999999')).toBe('2026-05-01T03:59:59.999999Z');
});
