/**
 * The count threshold that best separates the outcome, from a histogram of
 * one (event, window) feature: for each observed count k >= 1, accounts with
 * at least k events ("above") against the rest ("below"). The measure is the
 * information gain of the split (entropy of the outcome minus the weighted
 * entropy of the two groups): it rewards a big difference in rate AND big
 * groups, so one lucky account cannot win the way it can on a bare
 * difference of rates. Only splits where the above group does better, and
 * where both groups hold at least `minGroup` accounts, are considered: a
 * suggestion reads "at least k", so it must point the right way.
 *
 *   bins [{value 0: 4 accounts, 1 positive}, {1: 2, 1}, {3: 4, 4}]
 *   -> k = 3: above 4 (4 positive), below 6 (2 positive), gain 0.420
 */

export interface Bin {
  /** The count of events in the window. */
  value: number;
  accounts: number;
  /** Accounts with the outcome. */
  positives: number;
}

export interface Group {
  accounts: number;
  positives: number;
}

export interface Split {
  /** at_least: accounts with value >= threshold are above. */
  threshold: number;
  above: Group;
  below: Group;
  /** Information gain in bits. */
  gain: number;
}

/** Share of the population each side must hold at least (and never under 1 account). */
export const MIN_GROUP_SHARE = 0.05;

export const minGroupSize = (accounts: number): number => Math.max(1, Math.ceil(accounts * MIN_GROUP_SHARE));

/** Binary entropy in bits of `positives` out of `accounts`. */
export function entropy(positives: number, accounts: number): number {
  if (accounts === 0) return 0;
  const p = positives / accounts;
  const term = (q: number) => (q <= 0 ? 0 : -q * Math.log2(q));
  return term(p) + term(1 - p);
}

export function informationGain(above: Group, below: Group): number {
  const n = above.accounts + below.accounts;
  if (n === 0) return 0;
  const total = entropy(above.positives + below.positives, n);
  const parts =
    (above.accounts / n) * entropy(above.positives, above.accounts) +
    (below.accounts / n) * entropy(below.positives, below.accounts);
  // Never negative in exact arithmetic; rounding can leave -1e-17.
  return Math.max(0, total - parts);
}

/** Gains closer than this are a tie (rounding must not pick the winner). */
const TIE = 1e-12;

const rate = (g: Group) => (g.accounts === 0 ? 0 : g.positives / g.accounts);

/** The best split of the bins (any order), or undefined when none is allowed. Ties: the smaller k. */
export function bestThreshold(bins: Bin[], minGroup: number): Split | undefined {
  const sorted = [...bins].filter((b) => b.accounts > 0).sort((a, b) => a.value - b.value);
  const total: Group = {
    accounts: sorted.reduce((s, b) => s + b.accounts, 0),
    positives: sorted.reduce((s, b) => s + b.positives, 0),
  };
  let below: Group = { accounts: 0, positives: 0 };
  let best: Split | undefined;
  for (const bin of sorted) {
    // Splitting at this bin's value puts every earlier bin below.
    if (bin.value >= 1 && below.accounts > 0) {
      const above = {
        accounts: total.accounts - below.accounts,
        positives: total.positives - below.positives,
      };
      const allowed = above.accounts >= minGroup && below.accounts >= minGroup && rate(above) > rate(below);
      const gain = informationGain(above, below);
      if (allowed && (best === undefined || gain > best.gain + TIE)) {
        best = { threshold: bin.value, above, below: { ...below }, gain };
      }
    }
    below = { accounts: below.accounts + bin.accounts, positives: below.positives + bin.positives };
  }
  return best;
}

export interface WindowSplit<W> {
  window: W;
  split: Split;
}

/** The window whose best split has the highest gain; ties: the earlier (shorter) window in the list. */
export function bestWindow<W>(
  candidates: { window: W; split: Split | undefined }[],
): WindowSplit<W> | undefined {
  let best: WindowSplit<W> | undefined;
  for (const { window, split } of candidates) {
    if (split !== undefined && (best === undefined || split.gain > best.split.gain + TIE))
      best = { window, split };
  }
  return best;
}
