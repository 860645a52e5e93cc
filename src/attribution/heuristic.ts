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

/** Position weights for a path of `length` touches (length >= 1); they sum to 1. */
export function positionWeights(model: Exclude<HeuristicModel, 'time_decay'>, length: number): number[] {
  const weights = new Array<number>(length).fill(0);
  switch (model) {
    case 'first_touch':
      weights[0] = 1;
      return weights;
    case 'last_touch':
      weights[length - 1] = 1;
      return weights;
    case 'linear':
      return weights.fill(1 / length);
    case 'position_based':
      // 40% first, 40% last, 20% over the middle; two touches 50/50; one touch 100%.
      if (length === 1) return [1];
      if (length === 2) return [0.5, 0.5];
      weights.fill(0.2 / (length - 2));
      weights[0] = 0.4;
      weights[length - 1] = 0.4;
      return weights;
  }
}

/**
 * Credits of a rule-based model; converted paths without a touch go to
 * `(none)` (index n). Time decay takes its touchpoints' credits from
 * `timeDecay`.
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
    if (row.path.length === 0) {
      shares.credit[n]! += row.converted;
      shares.revenue[n]! += row.revenue;
      continue;
    }
    if (model === 'time_decay') continue;
    positionWeights(model, row.path.length).forEach((weight, k) => {
      const touchpoint = row.path[k]!;
      shares.credit[touchpoint]! += weight * row.converted;
      shares.revenue[touchpoint]! += weight * row.revenue;
    });
  }
  return shares;
}
