/**
 * The memory limit, threads and spill folder reach DuckDB (read back from
 * its settings), the default limit is machine-memory.ts's, and running out
 * of memory is a user error (exit 2) with a hint, not an internal failure.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSize } from '../../src/definitions/sizes.js';
import { UserError } from '../../src/errors.js';
import {
  defaultMemoryLimit,
  duckdbMemoryLimit,
  readMachineMemory,
} from '../../src/warehouse/machine-memory.js';
import { Warehouse, withWarehouse } from '../../src/warehouse/session.js';
import { readError } from '../../src/warehouse/read-errors.js';
import { prepareTempDir } from '../../src/warehouse/temp-dir.js';

const dir = mkdtempSync(join(tmpdir(), 'milestones-resources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MiB = 2 ** 20;

describe('warehouse resources', () => {
  it('gives DuckDB its share of the memory budget, the threads and the spill folder', async () => {
    const spill = join(dir, 'spill');
    const warehouse = await Warehouse.open(':memory:', {
      settings: { memoryLimit: 200 * MiB, threads: 1, tempDir: spill },
    });
    try {
      // DuckDB gets 75% of the budget and prints it in binary units: 0.75 * 200 * 2^20 bytes is "150.0 MiB".
      expect(await warehouse.resources()).toEqual({
        memoryLimit: '150.0 MiB',
        threads: 1,
        tempDirectory: spill,
      });
    } finally {
      warehouse.close();
    }
  });

  it("sets the default limit (75% of a budget of 80% of memory), not DuckDB's 80%", async () => {
    const warehouse = await Warehouse.open(':memory:');
    try {
      const reported = parseSize((await warehouse.resources()).memoryLimit);
      const expected = duckdbMemoryLimit(defaultMemoryLimit(readMachineMemory()));
      // DuckDB cuts its text to 0.1 of a unit (less than 0.1 GiB off); its own 80% would be GBs away.
      expect(reported.ok && Math.abs(reported.bytes - expected)).toBeLessThan(0.1 * 2 ** 30);
    } finally {
      warehouse.close();
    }
  });

  it('says "out of memory" with a hint when a statement cannot fit under the limit', async () => {
    let caught: unknown;
    try {
      await withWarehouse(
        ':memory:',
        // One aggregate state of 20M numbers (160 MB): a list cannot spill.
        (w) => w.run('SELECT list("range") FROM range(20000000)'),
        { settings: { memoryLimit: 64e6, threads: 1, tempDir: join(dir, 'oom') } }, // DuckDB: 48 MB
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).message).toMatch(/^DuckDB ran out of memory: /);
    expect((caught as UserError).message).not.toMatch(/Possible solutions/);
    expect((caught as UserError).hint).toMatch(/--memory-limit/);
    expect((caught as UserError).exitCode).toBe(2);
  });
});

describe('out of memory while reading a source', () => {
  it("is the memory limit's fault (exit 2), not the file's (exit 1)", () => {
    // DuckDB's words when the CSV reader cannot get its 32 MB buffer (seen under a 40 MB limit).
    const duckdb = new Error(
      'Out of Memory Error: could not allocate block of size 30.5 MiB (10.2 MiB/38.1 MiB used)\n\nPossible solutions:\n* Reducing the number of threads (SET threads=X)',
    );
    const error = readError(duckdb, 'events.csv', 'csv');
    expect(error.message).toBe(
      'DuckDB ran out of memory: could not allocate block of size 30.5 MiB (10.2 MiB/38.1 MiB used)',
    );
    expect(error.exitCode).toBe(2);
    expect(error.hint).toMatch(/--memory-limit/);
  });
});

describe('the spill folder', () => {
  it('is made with its missing parents', () => {
    const deep = join(dir, 'a', 'b', 'c');
    expect(prepareTempDir(deep)).toBeUndefined();
    expect(existsSync(deep)).toBe(true);
  });

  it('cannot be made under a file, and says which file is in the way', () => {
    expect(prepareTempDir('/etc/hostname/spill/x')).toBe('/etc/hostname is a file, not a folder');
  });

  it('is refused where the file system makes no folders (without looping, as recursive mkdir does on /proc)', () => {
    expect(prepareTempDir('/proc/milestones-spill/x')).toBe('/proc/milestones-spill cannot be made here');
  });
});
