/**
 * Every instant that leaves the program says it is UTC: `export` writes
 * ISO 8601 with Z in CSV and JSON and TIMESTAMPTZ (isAdjustedToUTC) in
 * Parquet, so a time copied from an export into a test file is the same
 * instant (test files read naive times in the config's zone).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

const CONFIG = `timezone: America/New_York
sources:
  events:
    path: events.csv
    columns: {ts: ts, account_id: account_id, event: event}
milestones:
  - id: setup
    name: Setup
    criteria:
      - event: app_installed
      - event: user_invited
        at_least: 2
`;

// Naive times, read in America/New_York (EST, UTC-5, in January).
const EVENTS = `ts,account_id,event
2026-01-05 09:00:00,acme,app_installed
2026-01-06 10:00:00,acme,user_invited
2026-01-07 10:30:00,acme,user_invited
`;

const testFile = (completedAt: string) => `tests:
  - name: setup on acme, with the time an export gave
    events:
      - {ts: 2026-01-05 09:00, account_id: acme, event: app_installed}
      - {ts: 2026-01-06 10:00, account_id: acme, event: user_invited}
      - {ts: 2026-01-07 10:30, account_id: acme, event: user_invited}
    expect:
      statuses:
        - {milestone: setup, account: acme, status: achieving, completed_at: ${completedAt}}
`;

let dir: string;
let exportedCsv: string;
const cli = (...args: string[]) =>
  execa('node', [BIN, ...args, '-c', 'milestones.yaml'], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-times-'));
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  writeFileSync(join(dir, 'events.csv'), EVENTS);
  const computed = await cli('compute', '--quiet');
  expect(computed.exitCode, computed.stderr).toBe(0);
  const csv = await cli('export', 'milestone_status');
  expect(csv.exitCode, csv.stderr).toBe(0);
  exportedCsv = csv.stdout;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The completed_at of setup/acme in a CSV export. */
function csvCompletedAt(csv: string): string {
  const [header, ...rows] = csv
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const at = (header ?? []).indexOf('completed_at');
  const row = rows.find((r) => r[0] === 'setup' && r[2] === 'acme');
  return row?.[at] ?? '';
}

describe('instants leaving the program', () => {
  it('export CSV and JSON write ISO 8601 with Z', async () => {
    // Completed at the second invite: 2026-01-07 10:30 EST = 15:30 UTC.
    expect(csvCompletedAt(exportedCsv)).toBe('2026-01-07T15:30:00Z');
    const json = await cli('export', 'events', '--format', 'json');
    const events = JSON.parse(json.stdout) as { ts: string }[];
    // The first event, 09:00 EST = 14:00 UTC.
    expect(events.map((e) => e.ts)).toContain('2026-01-05T14:00:00Z');
    expect(events.every((e) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(e.ts))).toBe(true);
  });

  it('a time pasted from an export into a test file is the same instant', async () => {
    const exported = csvCompletedAt(exportedCsv);
    writeFileSync(join(dir, 'pasted.tests.yaml'), testFile(exported));
    const pasted = await cli('test', 'pasted.tests.yaml');
    expect(pasted.stdout + pasted.stderr).toMatch(/1 passed, 0 failed/);
    expect(pasted.exitCode).toBe(0);
    // The same digits without the zone are read in New York: 5 hours later, a mismatch.
    writeFileSync(join(dir, 'naive.tests.yaml'), testFile(exported.replace('T', ' ').replace('Z', '')));
    const naive = await cli('test', 'naive.tests.yaml');
    expect(naive.exitCode).toBe(1);
  });

  it('Parquet keeps a timestamp type, marked as UTC (TIMESTAMPTZ)', async () => {
    const out = join(dir, 'status.parquet');
    const written = await cli('export', 'milestone_status', '-o', out);
    expect(written.exitCode, written.stderr).toBe(0);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const schema = await connection.runAndReadAll(
      `SELECT logical_type FROM parquet_schema('${out.replaceAll("'", "''")}') WHERE name = 'completed_at'`,
    );
    expect(String(schema.getRowObjectsJson()[0]?.logical_type)).toMatch(/TimestampType\(isAdjustedToUTC=1/);
    const value = await connection.runAndReadAll(
      `SELECT strftime(completed_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M') AS t FROM '${out.replaceAll("'", "''")}' WHERE actor_id = 'acme'`,
    );
    expect(value.getRowObjectsJson()[0]?.t).toBe('2026-01-07 15:30');
    connection.closeSync();
    instance.closeSync();
  });
});
