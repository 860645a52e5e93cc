/**
 * The fixture of the differential flips tests (switch-on-flips,
 * rolling-count-flips): GROUPS independent groups of five accounts whose
 * seats are 3, 1, 0, missing and 2, events stamped on whole hours (many
 * ties, exact window boundaries), in one in-memory warehouse.
 *
 *   const w = await seatGroupsWarehouse([eventRow(5, 'g0-a1', 'x')]);
 *   await compute(w, withSeats(milestones));
 */
import type { Milestone, Project } from '../../src/definitions/model.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { project } from './harness.js';

export const GROUPS = 6;
export const SEATS = [3, 1, 0, null, 2];

/** The five account ids of group g: g0-a1 ... g0-a5. */
export const accountsOf = (g: number) => SEATS.map((_, i) => `g${g}-a${i + 1}`);

/** The second account of every group (1 seat): the one the tests override. */
export const overriddenAccounts = () => Array.from({ length: GROUPS }, (_, g) => `g${g}-a2`);

/** Hour 0..30 after 2026-01-01 00:00, as naive timestamp text. */
export const ts = (hour: number) =>
  `2026-01-0${1 + Math.floor(hour / 24)} ${String(hour % 24).padStart(2, '0')}:00:00`;

/** One events row as SQL VALUES text; contact is SQL text ('NULL' or a quoted id). */
export const eventRow = (hour: number, account: string, name: string, contact = 'NULL') =>
  `(TIMESTAMP '${ts(hour)}', '${account}', ${contact}, '${name}', '{}')`;

/** A warehouse with every group's accounts (and seats) and these events rows. */
export async function seatGroupsWarehouse(rows: string[]): Promise<Warehouse> {
  const accounts = Array.from({ length: GROUPS }, (_, g) =>
    accountsOf(g).map((a, i) => `('${a}', ${SEATS[i] ?? 'NULL'})`),
  ).flat();
  const w = await Warehouse.open(':memory:');
  try {
    await w.run(
      `CREATE TABLE accounts AS SELECT * FROM (VALUES ${accounts.join(', ')}) AS t(account_id, seats)`,
    );
    await w.run(
      `CREATE TABLE events AS SELECT * FROM (VALUES ${rows.join(', ')})
         AS t(ts, account_id, contact_id, event, properties)`,
    );
  } catch (error) {
    w.close();
    throw error;
  }
  return w;
}

/** A project of these milestones whose accounts table declares `seats`. */
export const withSeats = (milestones: Milestone[]): Project =>
  project(milestones, {
    sources: { accounts: { paths: [], format: 'csv', columns: {}, properties: { seats: 'INTEGER' } } },
  });
