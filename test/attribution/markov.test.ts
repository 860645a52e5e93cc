/**
 * Markov-chain removal effects: a published worked example and a
 * three-touchpoint case solved by hand.
 */
import { describe, expect, it } from 'vitest';
import { markovShares, removalEffects } from '../../src/attribution/markov.js';
import { row } from './helpers.js';

describe('published example', () => {
  // Serhii Puzyrov, "Markov Chain Attribution – Simple Explanation Of Removal Effect" (2019),
  // https://serhiipuzyrov.com/2019/07/markov-chain-attribution-simple-explanation-of-removal-effect/
  // Paths: google ads (2 conversions), mailing (1), google ads > mailing (1), google ads (0: 1 null).
  // Transitions (as in the post): start > google ads 4/5, start > mailing 1/5; google ads > conv 2/4,
  // google ads > mailing 1/4, google ads > null 1/4; mailing > conv 2/2.
  // P(conv) = 0.8 x (0.5 + 0.25 x 1) + 0.2 x 1 = 0.8.
  // Without google ads: 0.2 x 1 = 0.2 -> removal effect 1 - 0.2/0.8 = 0.75.
  // Without mailing: 0.8 x 0.5 = 0.4 -> removal effect 1 - 0.4/0.8 = 0.5.
  // 4 conversions split 0.75 : 0.5 -> google ads 2.4, mailing 1.6.
  const names = ['google', 'mailing'];
  const paths = [row('google', 2, 1, names), row('mailing', 1, 0, names), row('google>mailing', 1, 0, names)];

  it('has the removal effects of the post', () => {
    const [google, mailing] = removalEffects(paths, 2);
    expect(google).toBeCloseTo(0.75, 12);
    expect(mailing).toBeCloseTo(0.5, 12);
  });

  it('credits google ads 2.4 and mailing 1.6 of the 4 conversions', () => {
    const { credit } = markovShares(paths, 2);
    expect(credit[0]).toBeCloseTo(2.4, 12);
    expect(credit[1]).toBeCloseTo(1.6, 12);
    expect(credit[2]).toBe(0); // (none)
  });
});

describe('three touchpoints, by hand', () => {
  // Paths: a>b>c converted 1; a not converted 1; b>c not converted 1.
  // Counts: start->a 2, start->b 1; a->b 1, a->null 1; b->c 2; c->conv 1, c->null 1.
  // x_c = 1/2, x_b = x_c = 1/2, x_a = x_b / 2 = 1/4; P = (2 x 1/4 + 1/2) / 3 = 1/3.
  // Without a: P = (1/2) / 3 = 1/6 -> effect 1/2. Without b: P = 0 -> effect 1. Without c: P = 0 -> 1.
  // One conversion split 1/2 : 1 : 1 -> a 0.2, b 0.4, c 0.4.
  const paths = [row('a>b>c', 1), row('a', 0, 1), row('b>c', 0, 1)];

  it('solves the chain exactly', () => {
    const effects = removalEffects(paths, 3);
    expect(effects[0]).toBeCloseTo(0.5, 12);
    expect(effects[1]).toBeCloseTo(1, 12);
    expect(effects[2]).toBeCloseTo(1, 12);
    const { credit } = markovShares(paths, 3);
    expect(credit.slice(0, 3).map((x) => Number(x.toFixed(12)))).toEqual([0.2, 0.4, 0.4]);
  });

  it('handles loops (a>b>a) and self-transitions, which do not change removal effects', () => {
    // a>a>b: the self-loop a->a only delays the walk: same chain as a>b.
    const looped = markovShares([row('a>a>b', 1), row('a', 0, 1)], 2).credit;
    const plain = markovShares([row('a>b', 1), row('a', 0, 1)], 2).credit;
    expect(looped[0]).toBeCloseTo(plain[0]!, 12);
    expect(looped[1]).toBeCloseTo(plain[1]!, 12);
  });
});

describe('edge cases', () => {
  it('conversions without a touch go to (none); none with a touch: nothing to split', () => {
    expect(markovShares([row('', 3, 1), row('a', 0, 2)], 2).credit).toEqual([0, 0, 3]);
  });

  it('a touchpoint on no path gets nothing', () => {
    const { credit } = markovShares([row('a', 2, 1)], 3);
    expect(credit).toEqual([2, 0, 0, 0]);
  });

  it('is reproducible: the same table gives the same bits', () => {
    const paths = [row('a>b>c', 3, 1), row('c>a', 2, 5), row('b', 1, 1), row('a>c>b>a', 1, 0)];
    expect(markovShares(paths, 3)).toEqual(markovShares(paths, 3));
  });
});
