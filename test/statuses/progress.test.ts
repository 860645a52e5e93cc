/**
 * Progress: the share of top-level criteria holding; an `any` group holds when
 * one child does, an `all` group when every child does. Changes of progress
 * alone are `milestone_updated` history rows.
 */
import { expect, it } from 'vitest';
import { brief, compute, ev, history, milestone, project, statuses, warehouseWith } from './harness.js';

it('counts top-level criteria, with nested groups', async () => {
  // Criteria: [e1, any[e2, all[e3, e4]], e5]: three top-level criteria.
  //   01-01 e3: all[e3, e4] not yet: nothing top-level holds, no history row
  //   01-02 e1: 1 of 3 -> 33.33
  //   01-03 e4: all[e3, e4] holds, so the any group holds -> 2 of 3 -> 66.67
  //   01-04 e2: the any group already held -> no change, no history row
  //   01-05 e5: 3 of 3 -> completed
  const w = await warehouseWith([
    ['2026-01-01 00:00:00', 'a1', null, 'e3'],
    ['2026-01-02 00:00:00', 'a1', null, 'e1'],
    ['2026-01-03 00:00:00', 'a1', null, 'e4'],
    ['2026-01-04 00:00:00', 'a1', null, 'e2'],
    ['2026-01-05 00:00:00', 'a1', null, 'e5'],
  ]);
  const nested = milestone('m', [
    ev('e1'),
    {
      kind: 'any',
      id: '2',
      children: [ev('e2'), { kind: 'all', id: '2.2', children: [ev('e3'), ev('e4')] }],
    },
    ev('e5'),
  ]);
  await compute(w, project([nested]));
  expect(await history(w, 'm', 'a1')).toEqual([
    `2026-01-02 00:00:00 milestone_updated 0->${100 / 3}`,
    `2026-01-03 00:00:00 milestone_updated ${100 / 3}->${200 / 3}`,
    `2026-01-05 00:00:00 milestone_completed ${200 / 3}->100`,
  ]);
  // As of 01-03 12:00: 2 of 3.
  await compute(w, project([nested]), { asOf: '2026-01-03 12:00:00' });
  expect(brief((await statuses(w, 'm')).a1)).toBe('never_achieved 66.67');
  w.close();
});
