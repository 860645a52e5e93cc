/**
 * Giving back what a load that failed on a full disk wrote (issue 8, item 8).
 * The e2e test fills a real tmpfs (root only); this one fakes the leftover:
 * blocks appended past what the committed header counts.
 */
import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskFullError, diskFullOr, footprint, reclaimFailedGrowth } from '../../src/warehouse/disk-full.js';
import { Warehouse, withWarehouse } from '../../src/warehouse/session.js';
import { tempDir } from './helpers.js';

async function committedBlocks(path: string): Promise<{ blocks: bigint; blockSize: bigint }> {
  return withWarehouse(
    path,
    async (w) => {
      const row = await w.one<{ blocks: bigint; size: bigint }>(
        'SELECT total_blocks AS blocks, block_size AS size FROM pragma_database_size() WHERE database_name = current_database()',
      );
      return { blocks: BigInt(row?.blocks ?? 0), blockSize: BigInt(row?.size ?? 0) };
    },
    { readOnly: true },
  );
}

describe('a full disk', () => {
  it('is exit 2 naming the warehouse, whatever statement hit it', () => {
    const error = diskFullOr(
      new Error('IO Error: Could not write file "w.duckdb": No space left on device'),
      'w.duckdb',
    );
    expect(error).toBeInstanceOf(DiskFullError);
    expect((error as DiskFullError).exitCode).toBe(2);
    expect((error as DiskFullError).message).toContain('the disk is full');
    const other = new Error('Catalog Error');
    expect(diskFullOr(other, 'w.duckdb')).toBe(other);
  });

  it('cuts the blocks past the committed ones off the file, and the data stays', async () => {
    const path = join(tempDir(), 'w.duckdb');
    await withWarehouse(path, (w) => w.run('CREATE TABLE t AS SELECT range AS x FROM range(1000)'));
    const before = footprint(path);
    const size = statSync(path).size;
    appendFileSync(path, Buffer.alloc(3 * 262_144)); // three blocks a rolled-back INSERT wrote
    expect(reclaimFailedGrowth(before!, await committedBlocks(path))).toBe(true);
    expect(statSync(path).size).toBe(size);
    const warehouse = await Warehouse.open(path);
    // range(1000): 0 + 1 + ... + 999 = 999 * 1000 / 2 = 499500
    expect(await warehouse.one('SELECT sum(x) AS s, count(*) AS n FROM t')).toEqual({ s: 499500n, n: 1000n });
    warehouse.close();
  });

  it('leaves the file alone while a WAL is pending (it may refer to those blocks)', async () => {
    const path = join(tempDir(), 'w.duckdb');
    await withWarehouse(path, (w) => w.run('CREATE TABLE t AS SELECT 1 AS x'));
    const before = footprint(path);
    const blocks = await committedBlocks(path);
    appendFileSync(path, Buffer.alloc(262_144));
    writeFileSync(`${path}.wal`, 'pending');
    const grown = statSync(path).size;
    expect(reclaimFailedGrowth(before!, blocks)).toBe(false);
    expect(statSync(path).size).toBe(grown);
  });
});
