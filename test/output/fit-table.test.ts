/**
 * Terminal tables fit the width: boxed when the natural widths fit, wrapped
 * columns without borders when the longest words fit, one block per row
 * otherwise. No line is ever wider than the width.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fitTable, fitText, terminalWidth, wrapText } from '../../src/output/fit-table.js';

const longest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

// The shape of `conversions`' touchpoint table: ten columns, about 140 characters boxed.
const HEAD = [
  'touchpoint',
  'markov',
  'markov revenue',
  'shapley',
  'shapley revenue',
  'rate with',
  'rate without',
  'lift',
  'not converted with',
  'mean time',
];
const BODY = [
  ['pricing (3)', '1.28', '13309.84', '1.33', '11600.00', '75.0%', '0.0%', '—', '1', '51d 17h 8min'],
  ['shared (2)', '1.18', '12286.01', '0.84', '8600.00', '66.7%', '50.0%', '+33.3%', '1', '54d 12h 57min'],
  ['(none)', '0.00', '0.00', '0.00', '0.00', '—', '—', '—', '', '—'],
];

describe('fitTable', () => {
  it('draws the usual grid, without row separators, when it fits', () => {
    const text = fitTable(
      ['a', 'bb'],
      [
        ['1', '2'],
        ['3', '4'],
      ],
      100,
    );
    // │ a │ bb │ : 1 + (1 + 2) + (2 + 2) + 3 = 11 characters.
    expect(text.split('\n')).toEqual([
      '┌───┬────┐',
      '│ a │ bb │',
      '├───┼────┤',
      '│ 1 │ 2  │',
      '│ 3 │ 4  │',
      '└───┴────┘',
    ]);
  });

  it.each([80, 100, 60, 40])('keeps every line of a wide table within %i characters', (width) => {
    const text = fitTable(HEAD, BODY, width);
    expect(longest(text)).toBeLessThanOrEqual(width);
    // No value is lost: every cell's words are still there.
    for (const word of ['13309.84', '+33.3%', '57min', 'shared']) expect(text).toContain(word);
  });

  it('at 100 columns wraps headers rather than stacking the touchpoint table', () => {
    const text = fitTable(HEAD, BODY, 100);
    // Boxed it needs 31 border characters + the widths (> 100); unboxed it fits, one line per row.
    expect(text).not.toContain('│');
    expect(text.split('\n').find((l) => l.startsWith('pricing (3)'))).toContain('51d 17h 8min');
  });

  it('stacks the rows when even the longest words do not fit side by side', () => {
    const text = fitTable(HEAD, BODY, 40);
    expect(text).toMatch(/^─ 1 /m);
    expect(text).toMatch(/^markov revenue\s+13309\.84$/m);
  });
});

describe('wrapText and fitText', () => {
  it('breaks at spaces and cuts words longer than the width', () => {
    expect(wrapText('49d 1h 55min', 7)).toEqual(['49d 1h', '55min']);
    expect(wrapText('checkout_started', 8)).toEqual(['checkout', '_started']);
    expect(fitText('one two three\n', 7)).toBe('one two\nthree\n');
  });
});

describe('terminalWidth', () => {
  const saved = process.env.COLUMNS;
  afterEach(() => {
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
  });
  const piped = { isTTY: false, columns: 0 } as unknown as NodeJS.WriteStream;
  it('is the terminal width on a TTY, else $COLUMNS, else 100', () => {
    expect(terminalWidth({ isTTY: true, columns: 132 } as unknown as NodeJS.WriteStream)).toBe(132);
    process.env.COLUMNS = '72';
    expect(terminalWidth(piped)).toBe(72);
    delete process.env.COLUMNS;
    expect(terminalWidth(piped)).toBe(100);
  });
});
