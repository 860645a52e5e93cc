/**
 * A load that fills the disk (issue 8, item 8): the warehouse lives on a 2 MiB
 * tmpfs and a ~3 MB CSV of incompressible values is loaded into it. It used
 * to be blamed on the input ("check that the file is CSV", exit 1) and left
 * the warehouse file grown to fill the disk. Mounting a tmpfs needs root: without
 * it the test is skipped, and says so.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { withWarehouse } from '../../src/warehouse/session.js';
import { eventSource, project } from '../warehouse/helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

const CONFIG = `version: 1
warehouse: small/warehouse.duckdb
sources:
  events:
    path: events.csv
    columns: {ts: occurred_at, account_id: account, event: event_name}
milestones:
  - id: activated
    criteria:
      - event: signup
`;
const COLUMNS = { ts: 'occurred_at', account_id: 'account', event: 'event_name' };
const EVENTS =
  'occurred_at,account,event_name\n2026-01-15 09:00:00,acme,signup\n2026-01-16 09:00:00,globex,signup\n';

const dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-disk-full-'));
const small = join(dir, 'small');

/** Mounts a 2 MiB tmpfs at small/; the reason it could not, or undefined. */
function mountSmallDisk(): string | undefined {
  if (process.platform !== 'linux') return 'tmpfs mounts need Linux';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  spawnSync('mkdir', ['-p', small]);
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', small], { encoding: 'utf8' });
  return mount.status === 0 ? undefined : `mount -t tmpfs failed: ${(mount.stderr || '').trim()}`;
}

const skipReason = mountSmallDisk();
if (skipReason !== undefined) {
  process.stderr.write(`SKIPPED load-disk-full.test.ts: ${skipReason} (the disk-full load is not tested)\n`);
}

afterAll(() => {
  if (skipReason === undefined) spawnSync('umount', [small]);
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

/** ~3 MB of rows whose 32-hex-digit values DuckDB cannot compress much. */
function writeBigCsv(path: string): void {
  const lines = ['occurred_at,account,event_name,blob'];
  for (let i = 0; i < 50_000; i++) {
    lines.push(
      `2026-01-${String((i % 28) + 1).padStart(2, '0')} 09:00:00,acc${i},ev${i % 500},${randomBytes(16).toString('hex')}`,
    );
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

describe('load on a full disk', () => {
  it.skipIf(skipReason !== undefined)(
    `says the disk is full (exit 2) and gives the space back${skipReason ? ` [skipped: ${skipReason}]` : ''}`,
    { timeout: 60_000 },
    async () => {
      writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
      writeFileSync(join(dir, 'events.csv'), EVENTS);
      const database = join(small, 'warehouse.duckdb');
      // The first load in-process (one CLI start less on a busy machine): two events.
      const events = project(dir, { events: eventSource(['events.csv'], { columns: COLUMNS }) });
      await withWarehouse(database, (w) => loadSources(w, events));
      const before = statSync(database).size;

      writeBigCsv(join(dir, 'big.csv'));
      const full = await cli('load', 'events', 'big.csv');
      expect(full.exitCode, full.stderr).toBe(2);
      expect(full.stderr).toContain('the disk is full');
      expect(full.stderr).toContain('warehouse.duckdb');
      expect(full.stderr).not.toMatch(/check that the file|big\.csv|internal error|^\s+at /m);
      // The rolled-back rows' blocks are cut off again: the file is as big as before the load.
      expect(statSync(database).size).toBe(before);

      // The warehouse still holds the first load's two rows.
      const left = await withWarehouse(database, (w) =>
        w.one<{ n: bigint }>('SELECT count(*) AS n FROM "events"'),
      );
      expect(left?.n).toBe(2n);
    },
  );
});
