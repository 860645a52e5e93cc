/**
 * `milestones export` end to end: DuckDB's writers, atomic files, stable bytes.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');
const EXAMPLE = join(ROOT, 'milestones.example.yaml');

let dir: string;
let db: string;
const cli = (...args: string[]) => execa('node', [BIN, ...args], { cwd: dir, reject: false });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-export-'));
  db = join(dir, 'w.duckdb');
  const computed = await cli('compute', '-c', EXAMPLE, '--db', db, '--format', 'csv');
  expect(computed.exitCode, computed.stderr).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('milestones export', () => {
  it('writes CSV to stdout, sorted, the same bytes every time', async () => {
    const first = await cli('export', 'milestone_status', '--db', db);
    const second = await cli('export', 'milestone_status', '--db', db);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^milestone_id,level,actor_id,account_id,status,completed_at,progress/);
    // fixtures/README.md: 6 of the 8 accounts are achieving setup as of T.
    expect(lines.filter((l) => l.startsWith('setup,account,') && l.includes(',achieving,'))).toHaveLength(6);
  });

  it('writes a Parquet file atomically (no temp file left) and JSON as one array', async () => {
    const out = join(dir, 'history.parquet');
    const result = await cli('export', 'milestone_history', '--db', db, '-o', out);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 4).toString()).toBe('PAR1');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const json = await cli('export', 'milestone_journey', '--db', db, '--format', 'json');
    expect(Array.isArray(JSON.parse(json.stdout))).toBe(true);
  });

  it('writes an integer beyond 2^53 - 1 as a string in JSON, exactly, and smaller ones as numbers (found by review)', async () => {
    // DuckDB wrote 9007199254740993 as a bare number, which JavaScript reads as 9007199254740992.
    const small = mkdtempSync(join(tmpdir(), 'milestones-e2e-export-big-'));
    try {
      writeFileSync(
        join(small, 'events.csv'),
        'ts,account_id,event,big\n2026-01-01 00:00:00,a1,signup,9007199254740993\n' +
          '2026-01-02 00:00:00,a1,login,-9223372036854775807\n2026-01-03 00:00:00,a1,login,42\n',
      );
      writeFileSync(
        join(small, 'milestones.yaml'),
        'version: 1\ntimezone: UTC\nsources:\n  events: {path: events.csv, properties: {big: BIGINT}}\n' +
          'milestones:\n  - {id: signed, name: Signed, criteria: [{event: signup}]}\n',
      );
      const run = (...args: string[]) => execa('node', [BIN, ...args], { cwd: small, reject: false });
      expect((await run('compute', '--format', 'csv')).exitCode).toBe(0);
      const exported = await run('export', 'events', '--format', 'json');
      expect(exported.exitCode, exported.stderr).toBe(0);
      const rows = JSON.parse(exported.stdout) as { big: unknown }[];
      expect(rows.map((r) => r.big)).toEqual(['9007199254740993', '-9223372036854775807', 42]);
    } finally {
      rmSync(small, { recursive: true, force: true });
    }
  });

  it('rejects an unknown table with a suggestion, parquet to stdout, and a missing warehouse: exit 2', async () => {
    const typo = await cli('export', 'milestone_statu', '--db', db);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toMatch(/no table "milestone_statu"[^]*did you mean "milestone_status"/);
    const parquet = await cli('export', 'milestone_status', '--db', db, '--format', 'parquet');
    expect(parquet.exitCode).toBe(2);
    expect(parquet.stdout).toBe('');
    const missing = await cli('export', 'milestone_status', '--db', join(dir, 'nope.duckdb'));
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/no warehouse at/);
    expect(readdirSync(dir)).not.toContain('nope.duckdb');
  });

  it('quotes a hostile table name instead of running it', async () => {
    const result = await cli('export', `x"; DROP TABLE milestone_status; --`, '--db', db);
    expect(result.exitCode).toBe(2);
    const still = await cli('export', 'milestone_status', '--db', db);
    expect(still.exitCode).toBe(0);
  });
});
