/**
 * A contact that the events place under two accounts, with no contacts row
 * to say which, is placed in the first by id (sql/statuses/contact-actors.sql)
 * and `compute` says so (src/statuses/contact-accounts.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { computeAll } from '../../src/compute/run-compute.js';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { contactAccountWarnings } from '../../src/statuses/contact-accounts.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { tempDir } from '../helpers/temp-dir.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'milestones.js');

const config = (contacts: boolean, contactMilestone: boolean) => `version: 1
timezone: UTC
sources:
  events:
    path: events.csv
    columns: {ts: ts, account_id: account, contact_id: user, event: event}
${contacts ? '  contacts:\n    path: contacts.csv\n    columns: {contact_id: id, account_id: account}\n' : ''}milestones:
  - id: used
    name: Used
${contactMilestone ? '    level: contact\n' : ''}    criteria: [{event: x}]
    evaluation: {start: 2026-01-01}
`;

// Contact 1 acts in a2 and in a1; contact 2 only in a1; contact 3 in b1 and b2.
const EVENTS =
  'ts,account,user,event\n' +
  '2026-01-02 10:00:00,a2,1,x\n' +
  '2026-01-03 10:00:00,a1,1,x\n' +
  '2026-01-03 11:00:00,a1,2,x\n' +
  '2026-01-04 10:00:00,b2,3,x\n' +
  '2026-01-05 10:00:00,b1,3,x\n';

async function warningsFor(contacts: boolean, contactMilestone: boolean, asOf = '2026-02-01 00:00:00') {
  const dir = tempDir('milestones-contact-accounts-');
  writeFileSync(join(dir, 'events.csv'), EVENTS);
  // Says contact 1 is a2's; contact 3's row names no account, so its events decide.
  writeFileSync(join(dir, 'contacts.csv'), 'id,account\n1,a2\n3,\n');
  writeFileSync(join(dir, 'milestones.yaml'), config(contacts, contactMilestone));
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  try {
    await loadSources(w, project);
    await computeAll(w, project, { asOf, tables: await readTables(w), full: true });
    return await contactAccountWarnings(w, project);
  } finally {
    w.close();
  }
}

it('names the contacts the events place under two accounts, in the account they count in', async () => {
  const [warning, ...rest] = await warningsFor(false, true);
  expect(rest).toEqual([]);
  // Contacts 1 (a1, a2) and 3 (b1, b2); contact 2 is only a1's.
  expect(warning?.code).toBe('contact-in-accounts');
  expect(warning?.message).toMatch(/^2 contacts appear under more than one account/);
  expect(warning?.message).toMatch(/contact "1" \(a1, a2\); contact "3" \(b1, b2\)$/);
});

it('says nothing of a contact the contacts table places, or without contact milestones', async () => {
  // With the contacts table, contact 1 is a2's: only contact 3 is left to warn about.
  const [warning] = await warningsFor(true, true);
  expect(warning?.message).toMatch(
    /^1 contact appears under more than one account.*: contact "3" \(b1, b2\)$/,
  );
  // Account milestones only: a contact's account does not matter.
  expect(await warningsFor(false, false)).toEqual([]);
});

it('counts the events up to T only, as the placement does', async () => {
  // At 01-04 10:00 contact 3 has acted for b2 only (its b1 event is on 01-05); contact 1 for a2 and a1.
  const [warning, ...rest] = await warningsFor(false, true, '2026-01-04 10:00:00');
  expect(rest).toEqual([]);
  expect(warning?.message).toMatch(/^1 contact appears .*: contact "1" \(a1, a2\)$/);
});

it('compute --known-at says it too, of the events known then', async () => {
  const dir = tempDir('milestones-contact-accounts-known-at-');
  writeFileSync(join(dir, 'events.csv'), EVENTS);
  writeFileSync(join(dir, 'milestones.yaml'), config(false, true));
  const run = (knownAt: string) =>
    execa(
      'node',
      [BIN, 'compute', '--db', ':memory:', '--known-at', knownAt, '--as-of', knownAt, '--format', 'csv'],
      { cwd: dir, reject: false },
    );
  // Known at the end of 01-04: contact 1 under a2 and a1; contact 3 under b2 only (its b1 event is 01-05).
  const early = await run('2026-01-04');
  expect(early.exitCode, early.stderr).toBe(0);
  expect(early.stderr).toMatch(
    /warning\[contact-in-accounts\]: 1 contact appears .*: contact "1" \(a1, a2\)/,
  );
  // By 02-01 both.
  expect((await run('2026-02-01')).stderr).toMatch(/2 contacts appear under more than one account/);
});
