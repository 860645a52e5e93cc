/**
 * Conversions name actors by their number when the events carry numbers
 * (compiler/conversions/actor-key.ts), by their id otherwise. Both must give
 * the same rows; an edited dictionary must stop the run, never drop an
 * actor.
 */
import { describe, expect, it } from 'vitest';
import { actors, conversion, day, event, run, warehouseWith, type EventRow } from './harness.js';

const T = '2026-03-01 00:00:00';

// a: signup, pageview, pageview: converted (the repeat takes the later pageview).
// b: signup, one pageview: reached 2. c: signup, churned, pageview, pageview: voided.
const EVENTS: EventRow[] = [
  ['2026-01-01 00:00:00', 'a', null, 'signup'],
  ['2026-01-02 00:00:00', 'a', null, 'pageview'],
  ['2026-01-03 00:00:00', 'a', null, 'pageview'],
  ['2026-01-01 00:00:00', 'b', null, 'signup'],
  ['2026-01-02 00:00:00', 'b', null, 'pageview'],
  ['2026-01-01 00:00:00', 'c', null, 'signup'],
  ['2026-01-01 12:00:00', 'c', null, 'churned'],
  ['2026-01-02 00:00:00', 'c', null, 'pageview'],
  ['2026-01-03 00:00:00', 'c', null, 'pageview'],
];
const twoViews = () =>
  conversion([event('signup'), event('pageview'), event('pageview')], {
    window: day(10),
    exclusions: [{ event: 'churned', where: [], between: [0, 1] }],
  });

describe('conversion actors by number', () => {
  it('are the actors by id, worked out by hand', async () => {
    const expected = {
      a: 'reached 3 converted [01-01 00:00:00 01-02 00:00:00 01-03 00:00:00]',
      b: 'reached 2 [01-01 00:00:00 01-02 00:00:00 -]',
      // c's only attempt is voided by churned between signup and the first pageview: not entered.
    };
    for (const numbers of [true, false]) {
      const w = await warehouseWith({ events: EVENTS, numbers });
      await run(w, twoViews(), T);
      expect(await actors(w)).toEqual(expected);
    }
  });

  it('stop the run when an entry has a number and no id, instead of dropping it', async () => {
    const w = await warehouseWith({ events: EVENTS });
    // By hand: a's number gone from the dictionary; its events keep it.
    await w.run(`DELETE FROM _account_numbers WHERE id = 'a'`);
    await expect(run(w, twoViews(), T)).rejects.toThrow(
      /the actor number \d+ has no id \(the table _account_numbers was edited\): drop the table _account_numbers/,
    );
  });
});
