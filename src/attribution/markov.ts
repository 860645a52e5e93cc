/**
 * First-order Markov-chain attribution by removal effect. Every path with at
 * least one touch is a walk start -> touches -> conversion or null; the
 * transition counts give a chain whose probability of ending in conversion is
 * solved exactly (a linear system, no simulation). Removing a touchpoint
 * sends every transition into it to null; its removal effect is
 * 1 - P(conversion without it) / P(conversion). Credits are the removal
 * effects normalised to the conversions that had a touch (and their
 * revenue); conversions without a touch go to `(none)`.
 *
 *   paths: google (2 conv, 1 not), mailing (1 conv), google > mailing (1 conv)
 *   -> P = 0.8, without google 0.2 (effect 0.75), without mailing 0.4 (effect 0.5)
 *   -> google 4 * 0.75 / 1.25 = 2.4, mailing 1.6
 */
import { solveLinear } from './linear-solve.js';
import { emptyShares, type PathRow, type Shares } from './path-table.js';

interface Chain {
  /** Walks starting at each touchpoint. */
  start: number[];
  /** Transitions touchpoint -> touchpoint. */
  next: number[][];
  /** Transitions touchpoint -> conversion. */
  conversion: number[];
  /** All transitions out of each touchpoint (to touchpoints, conversion or null). */
  out: number[];
}

function countTransitions(paths: PathRow[], n: number): Chain {
  const chain: Chain = {
    start: new Array<number>(n).fill(0),
    next: Array.from({ length: n }, () => new Array<number>(n).fill(0)),
    conversion: new Array<number>(n).fill(0),
    out: new Array<number>(n).fill(0),
  };
  for (const row of paths) {
    const walks = row.converted + row.notConverted;
    if (row.path.length === 0 || walks === 0) continue;
    chain.start[row.path[0]!]! += walks;
    for (let k = 0; k + 1 < row.path.length; k++) {
      chain.next[row.path[k]!]![row.path[k + 1]!]! += walks;
      chain.out[row.path[k]!]! += walks;
    }
    const last = row.path[row.path.length - 1]!;
    chain.conversion[last]! += row.converted;
    chain.out[last]! += walks;
  }
  return chain;
}

/**
 * P(start reaches conversion) with `removed` taken out (its incoming
 * transitions go to null). For each remaining state s:
 *   out[s] x_s - sum_t next[s][t] x_t = conversion[s]
 */
function conversionProbability(chain: Chain, removed: number | undefined): number {
  const states = chain.out.flatMap((out, s) => (out > 0 && s !== removed ? [s] : []));
  const walks = chain.start.reduce((a, b) => a + b, 0);
  if (states.length === 0 || walks === 0) return 0;
  const matrix = states.map((s) => states.map((t) => (s === t ? chain.out[s]! : 0) - chain.next[s]![t]!));
  const x = solveLinear(
    matrix,
    states.map((s) => chain.conversion[s]!),
  );
  return states.reduce((sum, s, i) => sum + chain.start[s]! * x[i]!, 0) / walks;
}

/** Removal effect of each touchpoint (0 for touchpoints on no path). */
export function removalEffects(paths: PathRow[], n: number): number[] {
  const chain = countTransitions(paths, n);
  const total = conversionProbability(chain, undefined);
  return chain.out.map((out, s) => {
    if (out === 0 || total === 0) return 0;
    // Removing a state can only lower the probability; clamp rounding noise.
    return Math.max(0, 1 - conversionProbability(chain, s) / total);
  });
}

export function markovShares(paths: PathRow[], n: number): Shares {
  const shares = emptyShares(n);
  let touchedConversions = 0;
  let touchedRevenue = 0;
  for (const row of paths) {
    if (row.path.length === 0) {
      shares.credit[n]! += row.converted;
      shares.revenue[n]! += row.revenue;
    } else {
      touchedConversions += row.converted;
      touchedRevenue += row.revenue;
    }
  }
  if (touchedConversions === 0) return shares;
  const effects = removalEffects(paths, n);
  const sum = effects.reduce((a, b) => a + b, 0);
  effects.forEach((effect, s) => {
    shares.credit[s] = (effect / sum) * touchedConversions;
    shares.revenue[s] = (effect / sum) * touchedRevenue;
  });
  return shares;
}
