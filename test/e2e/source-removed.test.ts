/**
 * A source section deleted from the config takes its rows with it, as a file
 * its path no longer names does: the warehouse then computes what a fresh
 * one does. Before, the old contacts (and the accounts events took from
 * them) or accounts stayed, and every compute, even `--full`, read them
 * (found by a review). Files loaded by hand (`load TABLE PATH`) stay.
 */
import { expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliIn, projectDir } from './helpers/tiny-project.js';

const EVENTS_SOURCE = `  events: {path: events.csv, columns: {ts: ts, account_id: account, contact_id: contact, event: event}}\n`;
const ACCOUNTS_SOURCE = `  accounts: {path: accounts.csv, columns: {account_id: id}, properties: {segment: VARCHAR}}\n`;
const CONTACTS_SOURCE = `  contacts: {path: contacts.csv, columns: {contact_id: id, account_id: account}}\n`;
// setup: one app_installed, for accounts of segment ent.
const MILESTONES = `milestones:
  - id: setup
    criteria: [{event: app_installed}]
    assign: {where: {segment: ent}}
`;
const config = (...sources: string[]) => `version: 1\nsources:\n${sources.join('')}${MILESTONES}`;

let dir = '';
function project(): void {
  dir = projectDir('source-removed', {
    'accounts.csv': 'id,segment\na1,ent\na2,ent\n',
    'contacts.csv': 'id,account\nc1,a1\nc2,a2\n',
    // a1's event names only its contact c1: its account comes from contacts.
    'events.csv':
      'ts,account,contact,event\n2026-01-01 10:00:00,,c1,app_installed\n2026-01-02 10:00:00,a2,c2,app_installed\n',
  });
}

const cli = (args: string[]) => cliIn(dir, args);

async function statuses(db: string): Promise<string> {
  const compute = await cli(['compute', '--db', db, '--format', 'csv', '--quiet']);
  expect(compute.exitCode, compute.stderr).toBe(0);
  const r = await cli(['export', 'milestone_status', '--db', db, '--format', 'csv']);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => l.split(',').slice(0, 6).join(','))
    .join('\n');
}

it('contacts removed: the event of a1 (contact c1 only) has no account any more, as in a fresh warehouse', async () => {
  project();
  writeFileSync(join(dir, 'milestones.yaml'), config(EVENTS_SOURCE, ACCOUNTS_SOURCE, CONTACTS_SOURCE));
  // With contacts: a1 installed on 01-01 through c1, a2 on 01-02: both achieving.
  expect(await statuses('kept.duckdb')).toContain('setup,account,a1,a1,achieving,2026-01-01T10:00:00Z');
  writeFileSync(join(dir, 'milestones.yaml'), config(EVENTS_SOURCE, ACCOUNTS_SOURCE));
  const kept = await statuses('kept.duckdb');
  // Without contacts a1 (from accounts.csv) has no event: not_started; a2 keeps its own.
  expect(kept).toContain('setup,account,a1,a1,not_started,');
  expect(kept).toContain('setup,account,a2,a2,achieving,2026-01-02T10:00:00Z');
  expect(kept).toBe(await statuses('fresh.duckdb'));
}, 90_000);

it('accounts removed: nobody is of segment ent any more, as in a fresh warehouse', async () => {
  project();
  writeFileSync(join(dir, 'milestones.yaml'), config(EVENTS_SOURCE, ACCOUNTS_SOURCE, CONTACTS_SOURCE));
  expect(await statuses('kept.duckdb')).toContain('setup,account,a2,a2,achieving');
  writeFileSync(join(dir, 'milestones.yaml'), config(EVENTS_SOURCE, CONTACTS_SOURCE));
  const compute = await cli(['compute', '--db', 'kept.duckdb', '--format', 'csv']);
  expect(compute.stderr).toContain('warning[source-removed]: sources.accounts is no longer declared');
  // No account has a segment: none assigned, so no status row at all.
  const kept = await statuses('kept.duckdb');
  expect(kept).toBe('milestone_id,level,actor_id,account_id,status,completed_at');
  expect(kept).toBe(await statuses('fresh.duckdb'));
}, 90_000);

it('load alone takes a dropped source away too, and prints its summary (it crashed reading the dropped table)', async () => {
  project();
  writeFileSync(join(dir, 'milestones.yaml'), config(EVENTS_SOURCE, ACCOUNTS_SOURCE, CONTACTS_SOURCE));
  expect((await cli(['load', '--db', 'w.duckdb'])).exitCode).toBe(0);
  writeFileSync(join(dir, 'milestones.yaml'), config(EVENTS_SOURCE, ACCOUNTS_SOURCE));
  const load = await cli(['load', '--db', 'w.duckdb']);
  expect(load.exitCode, load.stderr).toBe(0);
  expect(load.stderr).toContain(
    'warning[source-removed]: sources.contacts is no longer declared: the 2 rows',
  );
  // contacts: no file loaded, its 2 rows removed, nothing left.
  expect(load.stdout).toMatch(/^contacts,0,0,0,2,0,0,/m);
}, 60_000);
