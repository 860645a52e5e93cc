/**
 * Exact Shapley values for the game whose worth v(S) is the number of
 * conversions whose touchpoint SET is a subset of S (and, for revenue, their
 * revenue). That game is a sum of unanimity games, one per distinct set T
 * with c(T) conversions, and the Shapley value of a unanimity game gives
 * c(T) / |T| to each member of T. So the exact value needs one pass over the
 * distinct sets instead of 2^n coalitions (Zhao, Mahboobi & Bagheri 2018,
 * "Shapley Value Methods for Attribution Modeling in Online Advertising",
 * arXiv:1804.05327, the simplified formula). Conversions without a touch
 * (the empty set, v(∅) would not be 0) go to `(none)`.
 *
 *   sets {demo, pricing, shared}: 1, {demo, pricing}: 1, {pricing, shared}: 1
 *   -> demo 1/3 + 1/2 = 5/6, pricing 1/3 + 1/2 + 1/2 = 4/3, shared 5/6
 */
import { emptyShares, type PathRow, type Shares } from './path-table.js';

export function shapleyShares(paths: PathRow[], n: number): Shares {
  const shares = emptyShares(n);
  // The path that last put each touchpoint in `members`: a set per path without allocating one.
  const seenIn = new Int32Array(n).fill(-1);
  const members: number[] = [];
  paths.forEach((row, r) => {
    if (row.converted === 0) return;
    members.length = 0;
    for (const touchpoint of row.path) {
      if (seenIn[touchpoint] === r) continue;
      seenIn[touchpoint] = r;
      members.push(touchpoint);
    }
    if (members.length === 0) {
      shares.credit[n]! += row.converted;
      shares.revenue[n]! += row.revenue;
      return;
    }
    for (const touchpoint of members) {
      shares.credit[touchpoint]! += row.converted / members.length;
      shares.revenue[touchpoint]! += row.revenue / members.length;
    }
  });
  return shares;
}
