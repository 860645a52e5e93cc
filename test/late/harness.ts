/**
 * Tiny in-memory warehouses whose events carry an arrival time, for the
 * `--known-at` tests. The hand-worked data set below is shared by the
 * compiler test (known-at.test.ts) and the report test (run-late.test.ts).
 */
import { numberUnnumbered } from '../../src/warehouse/actor-numbers.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { ev, milestone, project } from '../statuses/harness.js';
import type { Project } from '../../src/definitions/model.js';

/** [ts, account, contact, event, arrived_at, properties?]; a NULL arrival: known at its own ts. */
export type ArrivingEvent = [string, string | null, string | null, string, string | null, object?];

/**
 * An events table as the loader builds it (with `arrived_at` and the actor
 * numbers: plans join by number), or without the arrivals (`arrivals: false`).
 */
export async function warehouseWithArrivals(
  events: ArrivingEvent[],
  options: { arrivals?: boolean } = {},
): Promise<Warehouse> {
  const arrivals = options.arrivals ?? true;
  const w = await Warehouse.open(':memory:');
  const arrival = arrivals ? ', arrived_at TIMESTAMP' : '';
  await w.run(
    `CREATE TABLE events (ts TIMESTAMP, account_id VARCHAR, contact_id VARCHAR, event VARCHAR${arrival}, properties JSON, _load_id BIGINT, ` +
      '_account_number INTEGER, _contact_number INTEGER)',
  );
  for (const [ts, account, contact, event, arrived, props] of events) {
    const columns = arrivals
      ? 'ts, account_id, contact_id, event, arrived_at'
      : 'ts, account_id, contact_id, event';
    const params = arrivals ? [ts, account, contact, event, arrived] : [ts, account, contact, event];
    await w.run(
      `INSERT INTO events (${columns}, properties) VALUES (${params.map(() => '?').join(', ')}, ?)`,
      [...params, JSON.stringify(props ?? {})],
    );
  }
  await numberUnnumbered(w);
  return w;
}

/** K of the shared data set: what was known at midnight UTC, March 2nd. */
export const K = '2026-03-02 00:00:00';

/**
 * All times UTC. "late" = occurred by K, arrived after it.
 *   a1: app_installed 03-01 09:00 (arrived 09:05), report_created 03-01 12:00 (arrived 03-03: late),
 *       login 03-01 13:00 (arrived exactly at K: known at K, not late)
 *   a2: signup 03-01 08:00 (arrived 03-05: late, and a2's first event), login 03-01 10:00 (no arrival: known at its ts)
 *   a3: app_installed 03-01 11:00 (arrived 03-04: late; a3's only event)
 *   a4: app_installed 03-01 07:00 (no arrival), report_created 03-03 09:00 (no arrival; after K)
 */
export const EVENTS: ArrivingEvent[] = [
  ['2026-03-01 09:00:00', 'a1', null, 'app_installed', '2026-03-01 09:05:00'],
  ['2026-03-01 12:00:00', 'a1', null, 'report_created', '2026-03-03 00:00:00'],
  ['2026-03-01 13:00:00', 'a1', null, 'login', '2026-03-02 00:00:00'],
  ['2026-03-01 08:00:00', 'a2', null, 'signup', '2026-03-05 00:00:00'],
  ['2026-03-01 10:00:00', 'a2', null, 'login', null],
  ['2026-03-01 11:00:00', 'a3', null, 'app_installed', '2026-03-04 00:00:00'],
  ['2026-03-01 07:00:00', 'a4', null, 'app_installed', null],
  ['2026-03-03 09:00:00', 'a4', null, 'report_created', null],
];

/** setup = {app_installed}; active = {app_installed, report_created}; signed_up = {signup}. Start: first_seen. */
export function lateProject(): Project {
  return project([
    milestone('setup', [ev('app_installed')]),
    milestone('active', [ev('app_installed'), ev('report_created')]),
    milestone('signed_up', [ev('signup')]),
  ]);
}
