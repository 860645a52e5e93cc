/**
 * User names and values reach the conversion SQL only through the quoting
 * helper: a hostile string in every slot (event names, filter values,
 * touchpoint ids, breakdown and value properties) runs and round-trips.
 */
import { describe, expect, it } from 'vitest';
import { conversion, credits, eq, event, run, stepLines, touch, warehouseWith } from './harness.js';

const EVIL = `"';DROP TABLE events;--`;
const EVIL_VALUE = `${EVIL} value`;

describe('quoting', () => {
  it('round-trips a hostile string in every slot', async () => {
    const w = await warehouseWith({
      events: [
        ['2026-01-01 00:00:00', 'a', null, EVIL],
        ['2026-01-02 00:00:00', 'a', null, 'touch', { [EVIL]: EVIL }],
        ['2026-01-02 12:00:00', 'a', null, EVIL_VALUE],
        ['2026-01-03 00:00:00', 'a', null, 'paid', { [EVIL_VALUE]: 7 }],
      ],
      accounts: `CREATE TABLE accounts AS SELECT 'a' AS account_id, '${EVIL.replaceAll("'", "''")}' AS "${EVIL.replaceAll('"', '""')}"`,
    });
    const c = conversion([event(EVIL), event('paid')], {
      touchpoints: [touch(EVIL, 'touch', [eq(EVIL, EVIL)]), touch('named', EVIL_VALUE)],
      exclusions: [{ event: EVIL, where: [eq(EVIL, EVIL)], between: [0, 1] }],
      breakdown: [EVIL],
      value: EVIL_VALUE,
    });
    const [result] = await run(w, c, '2026-03-01 00:00:00');
    // a converted; both touches count (the second by its hostile event name, last before paid); the
    // breakdown value and the property name come back intact.
    expect(result!.converted).toBe(1n);
    expect(stepLines(result!).find((s) => s.breakdown === EVIL)?.value).toBe(EVIL);
    expect(credits(result!).first_touch![EVIL]).toBe(1);
    expect(credits(result!).last_touch!.named).toBe(1);
    expect(credits(result!, 'revenue').first_touch![EVIL]).toBe(7);
    expect((await w.all('SELECT count(*) AS n FROM events'))[0]).toEqual({ n: 4n });
  });
});
