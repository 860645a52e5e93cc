/** jsonValue: a criterion's exact value text as explain's JSON shows it (README: counts are numbers). */
import { expect, it } from 'vitest';
import { jsonValue } from '../../src/output/explain-report.js';

it('is a number when it prints back the same, else the exact text', () => {
  expect(jsonValue('2')).toBe(2);
  expect(jsonValue('12.5')).toBe(12.5);
  expect(jsonValue('-3')).toBe(-3);
  expect(jsonValue(null)).toBe(null);
  // 2^53 + 1 has no double: kept exact.
  expect(jsonValue('9007199254740993')).toBe('9007199254740993');
  // More digits than a double holds.
  expect(jsonValue('0.12345678901234567890')).toBe('0.12345678901234567890');
});
