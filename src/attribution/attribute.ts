/**
 * Every attribution model over one conversion's distinct-paths table. Each
 * model's credits (the touchpoints plus `(none)`) add up to the converted
 * count, and their revenue to the converted revenue, up to floating point.
 *
 *   attribute(paths, 3, timeDecay) -> [{model: 'first_touch', touchpoint: 0, credit: 1, revenue: 24000}, ...,
 *                           {model: 'shapley', touchpoint: undefined, credit: 0, revenue: 0}]
 */
import { heuristicShares } from './heuristic.js';
import { markovShares } from './markov.js';
import {
  MODELS,
  type Credit,
  type Model,
  type PathRow,
  type Shares,
  type TouchShares,
} from './path-table.js';
import { shapleyShares } from './shapley.js';

export function modelShares(model: Model, paths: PathRow[], n: number, timeDecay: TouchShares): Shares {
  switch (model) {
    case 'markov':
      return markovShares(paths, n);
    case 'shapley':
      return shapleyShares(paths, n);
    default:
      return heuristicShares(model, paths, n, timeDecay);
  }
}

/** Credits of every model, for touchpoints 0..n-1 then `(none)`; time decay's touchpoint shares come from SQL. */
export function attribute(paths: PathRow[], n: number, timeDecay: TouchShares): Credit[] {
  return MODELS.flatMap((model) => {
    const shares = modelShares(model, paths, n, timeDecay);
    return shares.credit.map((credit, i): Credit => ({
      model,
      touchpoint: i < n ? i : undefined,
      credit,
      revenue: shares.revenue[i]!,
    }));
  });
}
