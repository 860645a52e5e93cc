/**
 * `milestones load` end to end: the built CLI (`npm run build` first) in temp
 * folders with a small YAML and CSVs written here.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withWarehouse } from '../../src/warehouse/session.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

const CONFIG = `version: 1
timezone: America/New_York
warehouse: warehouse.duckdb
sources:
  events:
    path: events.csv
    columns: {ts: occurred_at, account_id: account, event: event_name}
    properties: {amount: DOUBLE}
  accounts:
    path: accounts.csv
    columns: {account_id: id}
    properties: {seats: INTEGER}
`;

// Three events, two accounts, two event names; 09:00 New York (EST) = 14:00 UTC.
const EVENTS =
  'occurred_at,account,event_name,amount\n' +
  '2026-01-15 09:00:00,acme,signup,10\n' +
  '2026-01-16 09:00:00,acme,report_created,2\n' +
  '2026-01-17 09:00:00,globex,signup,5\n';
const ACCOUNTS = 'id,seats\nacme,10\nglobex,3\n';

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-load-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries({ 'milestones.yaml': CONFIG, ...files })) {
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const cli = (dir: string, ...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

/** The summary CSV as {table: {column: value}}. */
function summary(stdout: string): Record<string, Record<string, string>> {
  const [header, ...lines] = stdout.trim().split('\n');
  const names = (header ?? '').split(',');
  const out: Record<string, Record<string, string>> = {};
  for (const line of lines) {
    const cells = line.split(',');
    out[cells[0] ?? ''] = Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  }
  return out;
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('run `npm run build` before the e2e tests');
});

describe('milestones load', () => {
  it('loads the sources and prints a summary; a second run skips every file', async () => {
    const dir = project({ 'events.csv': EVENTS, 'accounts.csv': ACCOUNTS });
    const first = await cli(dir, 'load', '-c', 'milestones.yaml');
    expect(first.exitCode).toBe(0);
    const tables = summary(first.stdout);
    expect(tables.events).toMatchObject({
      files_loaded: '1',
      rows_added: '3',
      total_rows: '3',
      first_ts: '2026-01-15T14:00:00Z',
      last_ts: '2026-01-17T14:00:00Z',
      accounts: '2',
      event_names: '2',
      rows_rejected: '0',
    });
    expect(tables.accounts).toMatchObject({ rows_added: '2', total_rows: '2' });

    const second = await cli(dir, 'load', '-c', 'milestones.yaml');
    expect(second.exitCode).toBe(0);
    expect(summary(second.stdout).events).toMatchObject({
      files_loaded: '0',
      files_skipped: '1',
      rows_added: '0',
      total_rows: '3',
      accounts: '2', // from the stored per-file summaries now
    });

    // The file replaced by one with a single account (initech): its old summary (acme,
    // globex) is forgotten, so 1 account, not 3.
    writeFileSync(
      join(dir, 'events.csv'),
      'occurred_at,account,event_name,amount\n2026-02-01 09:00:00,initech,signup,1\n',
    );
    const third = await cli(dir, 'load', '-c', 'milestones.yaml');
    expect(third.exitCode).toBe(0);
    expect(summary(third.stdout).events).toMatchObject({ rows_added: '1', total_rows: '1', accounts: '1' });
  });

  it('warns about rejected rows with file:line and loads the rest', async () => {
    // Line 3: amount "lots" is not a DOUBLE.
    const events = EVENTS.replace('report_created,2', 'report_created,lots');
    const dir = project({ 'events.csv': events, 'accounts.csv': ACCOUNTS });
    const result = await cli(dir, 'load', '-c', 'milestones.yaml');
    expect(result.exitCode).toBe(0);
    expect(summary(result.stdout).events).toMatchObject({ rows_added: '2', rows_rejected: '1' });
    expect(result.stderr).toContain('warning[rejected-rows]: events: 1 row rejected');
    expect(result.stderr).toContain(`${join(dir, 'events.csv')}:3:1 warning[rejected-row]:`);
  });

  it('--strict: exit 1 and no table changed', async () => {
    const events = EVENTS.replace('report_created,2', 'report_created,lots');
    const dir = project({ 'events.csv': events, 'accounts.csv': ACCOUNTS });
    const result = await cli(dir, 'load', '-c', 'milestones.yaml', '--strict');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error: 1 row rejected: nothing was loaded (--strict)');
    // The warehouse did not exist before: a failed first load leaves no file at all
    // (regression: an empty .duckdb was left behind).
    expect(existsSync(join(dir, 'warehouse.duckdb'))).toBe(false);
    expect(existsSync(join(dir, 'warehouse.duckdb.wal'))).toBe(false);
  });

  it('--strict on an existing warehouse: exit 1 and no table changed', async () => {
    const dir = project({ 'events.csv': EVENTS, 'accounts.csv': ACCOUNTS });
    expect((await cli(dir, 'load', '-c', 'milestones.yaml')).exitCode).toBe(0);
    writeFileSync(join(dir, 'events.csv'), EVENTS + '2026-01-18 09:00:00,acme,signup,lots\n');
    const result = await cli(dir, 'load', '-c', 'milestones.yaml', '--strict');
    expect(result.exitCode).toBe(1);
    // Still the first load's 3 events: the changed file's rows were not replaced.
    const rows = await withWarehouse(join(dir, 'warehouse.duckdb'), (w) =>
      w.all<{ n: bigint }>('SELECT count(*) AS n FROM events'),
    );
    expect(rows[0]?.n).toBe(3n);
  });

  it('loads TABLE from PATHs with the config mapping, into --db', async () => {
    const dir = project({
      'events.csv': EVENTS,
      'accounts.csv': ACCOUNTS,
      'more.csv': 'occurred_at,account,event_name,amount\n2026-02-01 09:00:00,initech,signup,1\n',
    });
    const result = await cli(
      dir,
      'load',
      '-c',
      'milestones.yaml',
      '--db',
      'other.duckdb',
      'events',
      'more.csv',
    );
    expect(result.exitCode).toBe(0);
    // Only the events table, only more.csv: one row.
    expect(Object.keys(summary(result.stdout))).toEqual(['events']);
    expect(summary(result.stdout).events).toMatchObject({ rows_added: '1', total_rows: '1', accounts: '1' });
    expect(existsSync(join(dir, 'other.duckdb'))).toBe(true);
    expect(existsSync(join(dir, 'warehouse.duckdb'))).toBe(false);
  });

  it('unknown TABLE: usage error, exit 2', async () => {
    const dir = project({ 'events.csv': EVENTS, 'accounts.csv': ACCOUNTS });
    const result = await cli(dir, 'load', '-c', 'milestones.yaml', 'event', 'x.csv');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error: unknown table "event"');
    expect(result.stderr).toContain('did you mean "events"?');
  });

  it('a missing file: exit 1, naming it', async () => {
    const dir = project({ 'events.csv': EVENTS });
    const result = await cli(dir, 'load', '-c', 'milestones.yaml');
    expect(result.exitCode).toBe(1);
    // At the setting in the config (line 10, `accounts.csv` at column 11), as validate points;
    // before, no location.
    expect(result.stderr).toContain('milestones.yaml:10:11 error: sources.accounts: file');
    expect(result.stderr).toContain('accounts.csv" does not exist');
  });

  it('a mapped column missing from the file: exit 1 with the columns and a suggestion', async () => {
    const dir = project({
      'events.csv': EVENTS.replace('event_name', 'eventname'),
      'accounts.csv': ACCOUNTS,
    });
    const result = await cli(dir, 'load', '-c', 'milestones.yaml');
    expect(result.exitCode).toBe(1);
    // Line 7, `event_name` at column 60 of `    columns: {ts: occurred_at, account_id: account, event: event_name}`.
    expect(result.stderr).toContain(
      'milestones.yaml:7:60 error: sources.events.columns.event: column "event_name" (mapped to event) is not in',
    );
    expect(result.stderr).toContain('hint: did you mean "eventname"?');
    // accounts loaded first, then events failed: the whole run rolled back, and the
    // warehouse this run created is gone too.
    expect(existsSync(join(dir, 'warehouse.duckdb'))).toBe(false);
  });
});
