/**
 * A number written as text against a number column compares as that number
 * (compiler/filters.ts): `gte: "10"` had compared as text, so an amount of 9
 * passed ("9" > "10"; found by review). A whole one is exact, so an id
 * beyond 2^53, quoted because YAML rounds such numbers, is the id written.
 */
import { expect, it } from 'vitest';
import { achievingByMilestone } from './achieving.js';

const CONFIG = `version: 1
timezone: UTC
sources:
  events:
    path: events.csv
    properties: {amount: DOUBLE, n: BIGINT}
milestones:
  - id: big
    criteria: [{event: buy, where: {amount: {gte: "10"}}}]
  - id: exact
    criteria: [{event: buy, where: {n: '9007199254740993'}}]
`;

it('compares quoted numbers as numbers against number columns, whole ones exactly', async () => {
  // a: amount 9, n 2^53 + 1; b: amount 10, n 2^53; c: amount 100.
  const achieving = await achievingByMilestone(
    CONFIG,
    {
      'events.csv':
        'ts,account_id,event,amount,n\n' +
        '2026-01-01 10:00:00,a,buy,9,9007199254740993\n' +
        '2026-01-01 10:00:00,b,buy,10,9007199254740992\n' +
        '2026-01-01 10:00:00,c,buy,100,1\n',
    },
    '2026-02-01 00:00:00',
  );
  // big: 10 and 100 are at least 10; 9 is not (as text, all three are: "9", "10", "100" >= "10").
  // exact: only a's n is 9007199254740993 (b's differs by one; a double could not tell them apart).
  expect(achieving).toEqual({ big: 'b,c', exact: 'a' });
});
