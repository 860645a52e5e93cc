import { describe, expect, it } from 'vitest';
import { analyse, type AnalysisInput } from '../../src/calibrate/analyse.js';

const d = (n: number) => ({ seconds: n * 86_400, text: `${n}d` });

const base: AnalysisInput = {
  milestones: [{ id: 'activated', name: 'Activated', level: 'account' }],
  counts: [],
  candidates: [],
  windows: [d(7)],
  histograms: new Map(),
  sample: { rows: [], labels: [] },
  matrixAccounts: 0,
  included: 40,
  taken: { ids: ['activated'], names: ['Activated'] },
};

describe('analyse: milestones', () => {
  it('flags separated groups when the 95% intervals do not overlap', () => {
    // 20/20 vs 0/20: 0/20's upper end is 0.19208 / 1.19208 = 0.161130; 20/20's lower end mirrors it, 0.838870.
    const { milestones } = analyse({
      ...base,
      counts: [
        { milestoneId: 'activated', achievers: 20, achieversPositive: 20, others: 20, othersPositive: 0 },
      ],
    });
    const m = milestones[0]!;
    expect(m.separated).toBe(true);
    expect(m.others.interval!.high).toBeCloseTo(0.16113, 5);
    expect(m.achievers.interval!.low).toBeCloseTo(0.83887, 5);
  });

  it('does not flag close rates: 12/20 vs 8/20', () => {
    // 0.6 vs 0.4, n = 20: half-widths about 0.2 each, so the intervals overlap around 0.5.
    const { milestones } = analyse({
      ...base,
      counts: [
        { milestoneId: 'activated', achievers: 20, achieversPositive: 12, others: 20, othersPositive: 8 },
      ],
    });
    expect(milestones[0]!.separated).toBe(false);
    expect(milestones[0]!.difference).toBeCloseTo(0.2, 10);
  });
});

describe('analyse: candidates', () => {
  it('ranks by importance, leaves events without a split last, and suggests only those with one', () => {
    // Two events, one window. "good": 0 events 20 accounts (2 positive), >= 1: 20 (18 positive).
    // "flat": everybody has 0 events: no split. The forest sees "good" = the outcome, "flat" = 0.
    // Sample columns follow the candidates: [flat, good].
    const rows = Array.from({ length: 40 }, (_, i) => [0, i < 20 ? 0 : 1]);
    const labels = rows.map((r, i) => (r[1] === 1 ? (i < 38 ? 1 : 0) : i < 2 ? 1 : 0));
    const result = analyse({
      ...base,
      candidates: ['flat', 'good'],
      histograms: new Map([
        ['f_0_0', [{ value: 0, accounts: 40, positives: 20 }]],
        [
          'f_1_0',
          [
            { value: 0, accounts: 20, positives: 2 },
            { value: 1, accounts: 20, positives: 18 },
          ],
        ],
      ]),
      sample: { rows, labels },
      matrixAccounts: 40,
      forest: { trees: 10, maxDepth: 3, minSamplesSplit: 2, seed: 3 },
    });
    expect(result.candidates.map((c) => c.event)).toEqual(['good', 'flat']);
    const good = result.candidates[0]!;
    // 18/20 vs 2/20: lift 0.9 / 0.1 - 1 = 8; "flat" never varies, so all the importance is "good"'s.
    expect([good.threshold, good.lift, good.importance]).toEqual([1, 8, 1]);
    expect(result.candidates[1]).toMatchObject({
      event: 'flat',
      importance: 0,
      note: 'no threshold separates the outcome',
    });
    expect(result.snippet.match(/- id: /g)).toHaveLength(1);
    expect(result.snippet).toContain('- id: suggested_good\n');
  });

  it('skips the forest when every sampled account has the same outcome', () => {
    const result = analyse({
      ...base,
      candidates: ['x'],
      sample: { rows: [[1], [2]], labels: [1, 1] },
      matrixAccounts: 2,
    });
    expect(result.forest.skipped).toMatch(/same outcome/);
    expect(result.candidates[0]!.importance).toBeUndefined();
  });
});
