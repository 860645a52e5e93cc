import { describe, expect, it } from 'vitest';
import { bestThreshold, bestWindow, entropy, minGroupSize } from '../../src/calibrate/threshold.js';

// 10 accounts: 4 with no event (1 with the outcome), 2 with one (1), 4 with three (4). P = 6.
const bins = [
  { value: 3, accounts: 4, positives: 4 },
  { value: 0, accounts: 4, positives: 1 },
  { value: 1, accounts: 2, positives: 1 },
];

describe('bestThreshold', () => {
  it('picks the split with the highest information gain', () => {
    // H(6/10) = 0.970951.
    // k = 1: above 6 (5 pos), below 4 (1 pos): 0.6 × H(5/6) + 0.4 × H(1/4) = 0.6 × 0.650022 + 0.4 × 0.811278 = 0.714525; gain 0.256426.
    // k = 3: above 4 (4 pos), below 6 (2 pos): 0.4 × 0 + 0.6 × H(1/3) = 0.6 × 0.918296 = 0.550978; gain 0.419973.
    const split = bestThreshold(bins, 1)!;
    expect(split.threshold).toBe(3);
    expect(split.above).toEqual({ accounts: 4, positives: 4 });
    expect(split.below).toEqual({ accounts: 6, positives: 2 });
    expect(split.gain).toBeCloseTo(0.419973, 5);
  });

  it('respects the minimum group size', () => {
    // min 5: k = 1 leaves 4 below, k = 3 leaves 4 above: nothing allowed.
    expect(bestThreshold(bins, 5)).toBeUndefined();
    // min 4: only k = 3 (4 above, 6 below) is allowed... and so is k = 1 (6 above, 4 below); k = 3 still wins.
    expect(bestThreshold(bins, 4)!.threshold).toBe(3);
  });

  it('only suggests splits where more events mean more outcome', () => {
    // Accounts with the event do WORSE: 0 events 3/3, 2 events 0/3. No "at least" split points the right way.
    expect(
      bestThreshold(
        [
          { value: 0, accounts: 3, positives: 3 },
          { value: 2, accounts: 3, positives: 0 },
        ],
        1,
      ),
    ).toBeUndefined();
  });

  it('needs accounts below: when everyone has the event at least once, k = 1 is no split', () => {
    // values 1 (2 acc, 0 pos) and 2 (2 acc, 2 pos): k = 1 puts nobody below; k = 2 is a perfect split, gain H(1/2) = 1.
    const split = bestThreshold(
      [
        { value: 1, accounts: 2, positives: 0 },
        { value: 2, accounts: 2, positives: 2 },
      ],
      1,
    )!;
    expect(split.threshold).toBe(2);
    expect(split.gain).toBeCloseTo(1, 10);
  });

  it('ignores empty bins', () => {
    // values 0 (2 acc, 0 pos), 5 (2 acc, 2 pos), 7 (no account): k = 5 is the only split.
    const split = bestThreshold(
      [
        { value: 0, accounts: 2, positives: 0 },
        { value: 5, accounts: 2, positives: 2 },
        { value: 7, accounts: 0, positives: 0 },
      ],
      1,
    )!;
    expect(split.threshold).toBe(5);
  });

  it('breaks ties by the smaller threshold', () => {
    // 0 (1 acc, 0 pos), 1 (2 acc, 1 pos), 2 (1 acc, 1 pos); H(2/4) = 1.
    // k = 1: above 3 (2 pos), below 1 (0): 0.75 × H(2/3) = 0.75 × 0.918296 = 0.688722; gain 0.311278.
    // k = 2: above 1 (1 pos), below 3 (1 pos): 0.75 × H(1/3) = 0.688722; the same gain. k = 1 wins.
    const tie = bestThreshold(
      [
        { value: 0, accounts: 1, positives: 0 },
        { value: 1, accounts: 2, positives: 1 },
        { value: 2, accounts: 1, positives: 1 },
      ],
      1,
    )!;
    expect(tie.threshold).toBe(1);
    expect(tie.gain).toBeCloseTo(0.311278, 5);
  });
});

describe('helpers', () => {
  it('entropy of a fair coin is one bit; of a sure thing zero', () => {
    expect(entropy(5, 10)).toBe(1);
    expect(entropy(0, 10)).toBe(0);
    expect(entropy(10, 10)).toBe(0);
  });

  it('minimum group: 5% of the accounts, at least 1', () => {
    expect(minGroupSize(4)).toBe(1); // ceil(0.2) = 1
    expect(minGroupSize(100)).toBe(5);
    expect(minGroupSize(101)).toBe(6); // ceil(5.05)
  });

  it('bestWindow: the highest gain, the earlier window on a tie', () => {
    const split = (gain: number) => ({
      threshold: 1,
      above: { accounts: 1, positives: 1 },
      below: { accounts: 1, positives: 0 },
      gain,
    });
    expect(
      bestWindow([
        { window: '7d', split: split(0.2) },
        { window: '14d', split: split(0.3) },
      ])!.window,
    ).toBe('14d');
    expect(
      bestWindow([
        { window: '7d', split: split(0.3) },
        { window: '14d', split: split(0.3) },
      ])!.window,
    ).toBe('7d');
    expect(bestWindow([{ window: '7d', split: undefined }])).toBeUndefined();
  });
});
