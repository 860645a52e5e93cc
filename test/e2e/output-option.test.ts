/**
 * One spelling for the output file: `-o, --output` on report, export, schema
 * and init; `--out`, report's old spelling, still works (hidden). The built
 * CLI (`npm run build` first) in a temp folder, on a tiny config.
 */
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

let dir: string;
beforeAll(() => {
  dir = tempDir('milestones-e2e-output-');
  writeFileSync(
    join(dir, 'milestones.yaml'),
    'sources:\n  events:\n    path: events.csv\nmilestones:\n  - id: setup\n    criteria: [{event: signup}]\n',
  );
  writeFileSync(join(dir, 'events.csv'), 'ts,account_id,event\n2026-01-01 00:00:00,a,signup\n');
});

const cli = (...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

describe('-o, --output', () => {
  it('report takes --output, and --out as a hidden alias', async () => {
    const long = await cli('report', '--output', 'a.html');
    expect(long.exitCode, long.stderr).toBe(0);
    expect(readFileSync(join(dir, 'a.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    const old = await cli('report', '--out', 'b.html');
    expect(old.exitCode, old.stderr).toBe(0);
    expect(existsSync(join(dir, 'b.html'))).toBe(true);
    const help = await cli('report', '--help');
    expect(help.stdout).toContain('-o, --output <file>');
    expect(help.stdout).not.toContain('--out <file>');
  });

  it('export takes --out too', async () => {
    const result = await cli('export', 'milestone_status', '--out', 'status.csv');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(join(dir, 'status.csv'), 'utf8')).toMatch(/^milestone_id,/);
  });

  it('schema -o writes what schema prints; a missing folder is exit 2 without a stack', async () => {
    const printed = await cli('schema');
    const written = await cli('schema', '-o', 'schema.json');
    expect(written.exitCode, written.stderr).toBe(0);
    expect(readFileSync(join(dir, 'schema.json'), 'utf8')).toBe(printed.stdout + '\n');
    const bad = await cli('schema', '--output', 'no/such/folder/schema.json');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('cannot write the schema');
    expect(bad.stderr).not.toContain('    at ');
  });

  // The warehouse (milestones.duckdb next to the config, made by the report above) is never an
  // output: export, report and feed used to replace it with the file they wrote, exit 0.
  it('refuses the warehouse, its WAL or a link to it as the output, and leaves it whole', async () => {
    const db = join(dir, 'milestones.duckdb');
    const size = readFileSync(db).length;
    symlinkSync(db, join(dir, 'link.csv'));
    symlinkSync(dir, join(dir, 'here'));
    for (const args of [
      ['export', 'milestone_status', '-o', 'milestones.duckdb'],
      ['export', 'milestone_status', '-o', 'link.csv'],
      // The WAL (not there) through a link to the warehouse's folder.
      ['export', 'milestone_status', '-o', 'here/milestones.duckdb.wal'],
      ['report', '-o', 'milestones.duckdb'],
      ['feed', '--cursor', 'cursor.json', '-o', 'milestones.duckdb.wal'],
    ]) {
      const result = await cli(...args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('it is the warehouse');
    }
    expect(readFileSync(db).length).toBe(size);
    expect(existsSync(join(dir, 'milestones.duckdb.wal'))).toBe(false);
    const status = await cli('export', 'milestone_status');
    expect(status.exitCode, status.stderr).toBe(0);
  });
});
