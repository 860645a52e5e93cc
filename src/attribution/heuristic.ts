/**
 * The rule-based models: each converted path's credit (1 per conversion) is
 * split over its positions by fixed weights that sum to 1.
 *
 *   path [shared, demo, pricing, shared], 1 conversion
 *   first_touch    [1, 0, 0, 0]        -> shared 1
 *   last_touch     [0, 0, 0, 1]        -> shared 1
 *   linear         [.25, .25, .25, .25] -> shared .5, demo .25, pricing .25
 *   position_based [.4, .1, .1, .4]    -> shared .8, demo .1, pricing .1
 *   time_decay     the shares computed in SQL from each touch's age at conversion,
 *                  summed per touchpoint there (sql/conversion-decay.sql)
 */
import { emptyShares, type Model, type PathRow, type Shares, type TouchShares } from './path-table.js';

export type HeuristicModel = Exclude<Model, 'markov' | 'shapley'>;

export type PositionModel = Exclude<HeuristicModel, 'time_decay'>;

/** The weight of position `k` (0-based) in a path of `length` touches (length >= 1). */
export function positionWeight(model: PositionModel, length: number, k: number): number {
  switch (model) {
    case 'first_touch':
      return k === 0 ? 1 : 0;
    case 'last_touch':
      return k === length - 1 ? 1 : 0;
    case 'linear':
      return 1 / length;
    case 'position_based':
      // 40% first, 40% last, 20% over the middle; two touches 50/50; one touch 100%.
      if (length === 1) return 1;
      if (length === 2) return 0.5;
      return k === 0 || k === length - 1 ? 0.4 : 0.2 / (length - 2);
  }
}

/**
 * Credits of a rule-based model; converted paths without a touch go to
 * `(none)` (index n). Time decay takes its touchpoints' credits from
 * `timeDecay`. The weights are computed in place, not as an array per path:
 * 43K paths of 55 touches on average, seven models (docs/SCALING.md).
 */
export function heuristicShares(
  model: HeuristicModel,
  paths: PathRow[],
  n: number,
  timeDecay?: TouchShares,
): Shares {
  const shares = emptyShares(n);
  if (model === 'time_decay') {
    if (!timeDecay) throw new Error('time_decay needs the per-touchpoint shares from SQL');
    for (let i = 0; i < n; i++) {
      shares.credit[i] = timeDecay.credit[i] ?? 0;
      shares.revenue[i] = timeDecay.revenue[i] ?? 0;
    }
  }
  for (const row of paths) {
    if (row.converted === 0) continue;
    const length = row.path.length;
    if (length === 0) {
      shares.credit[n]! += row.converted;
      shares.revenue[n]! += row.revenue;
      continue;
    }
    if (model === 'time_decay') continue;
    for (let k = 0; k < length; k++) {
      const weight = positionWeight(model, length, k);
      // A zero weight adds nothing (first and last touch): skipping it keeps every sum's bits.
      if (weight === 0) continue;
      const touchpoint = row.path[k]!;
      shares.credit[touchpoint]! += weight * row.converted;
      shares.revenue[touchpoint]! += weight * row.revenue;
    }
  }
  return shares;
}
