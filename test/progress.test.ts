import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silent, startProgress } from '../src/output/progress.js';

const stream = (isTTY: boolean, columns: number) => ({ isTTY, columns }) as unknown as NodeJS.WriteStream;

describe('startProgress', () => {
  // CI=true silences the spinner by itself; unset it so these tests test the terminal checks.
  let ci: string | undefined;
  beforeEach(() => {
    ci = process.env.CI;
    delete process.env.CI;
  });
  afterEach(() => {
    if (ci !== undefined) process.env.CI = ci;
  });

  it('is silent when stderr is not a terminal', () => {
    expect(startProgress('x', stream(false, 80))).toBe(silent);
  });

  it('is silent on a terminal with zero columns (regression: ora redrew forever, filling the disk)', () => {
    expect(startProgress('x', stream(true, 0))).toBe(silent);
  });
});
