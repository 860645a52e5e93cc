/**
 * T, the latest event time, looked for after the last run's T first
 * (conversions/run-conversions.ts resolveAsOf): the same answer either way.
 */
import { expect, it } from 'vitest';
import { resolveAsOf } from '../../src/conversions/run-conversions.js';
import { Warehouse } from '../../src/warehouse/session.js';

it('finds the latest event after the floor, or among all events when none is after it', async () => {
  const w = await Warehouse.open(':memory:');
  try {
    await w.run(`CREATE TABLE events AS SELECT * FROM (VALUES
      (TIMESTAMP '2026-01-01 10:00:00'), (TIMESTAMP '2026-01-03 08:30:00.25'), (TIMESTAMP '2026-01-02 00:00:00')) AS t(ts)`);
    // The latest event is 01-03 08:30:00.25, whether or not a floor before it is given.
    expect(await resolveAsOf(w, undefined)).toBe('2026-01-03 08:30:00.25');
    expect(await resolveAsOf(w, undefined, '2026-01-02 12:00:00')).toBe('2026-01-03 08:30:00.25');
    // A floor after every event (the last run had a later --as-of): all events are read.
    expect(await resolveAsOf(w, undefined, '2026-02-01 00:00:00')).toBe('2026-01-03 08:30:00.25');
    // A given T wins.
    expect(await resolveAsOf(w, '2026-01-01 00:00:00', '2026-01-02 12:00:00')).toBe('2026-01-01 00:00:00');
  } finally {
    w.close();
  }
});
