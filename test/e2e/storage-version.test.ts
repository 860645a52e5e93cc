/**
 * A warehouse file in DuckDB's newer storage format (v1.3.0 and up, made by
 * another tool or a later default) refuses `USING COMPRESSION dictionary` and
 * `fsst`: the publish names no compression there (compiler/stored-columns.ts).
 * Found by review 2026-12-07: `compute` failed with exit 2 on such a file.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { columnCompression } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { BIN, tinyProject } from './helpers/tiny-project.js';

/** Makes `path` a warehouse file in storage format `version`, holding one marker table. */
async function warehouseFile(path: string, version: string): Promise<void> {
  const w = await Warehouse.open(':memory:');
  await w.run(`ATTACH '${path}' AS "made" (STORAGE_VERSION '${version}')`);
  await w.run('CREATE TABLE "made"."marker" AS SELECT 1 AS "x"');
  await w.run('DETACH "made"');
  w.close();
}

it('names compression only where the file takes it', async () => {
  const dir = await tinyProject('storage-kinds');
  const memory = await Warehouse.open(':memory:');
  expect(await columnCompression(memory)).toBe('named');
  memory.close();
  for (const [version, expected] of [
    ['v1.0.0', 'named'],
    ['v1.3.0', 'auto'],
  ] as const) {
    const path = join(dir, `${version}.duckdb`);
    await warehouseFile(path, version);
    const w = await Warehouse.open(path);
    expect(await columnCompression(w)).toBe(expected);
    w.close();
  }
});

it('computes, and computes again, on a warehouse in storage format v1.3.0', async () => {
  // a1 buys on 2026-01-01: bought holds from then (status achieving).
  const dir = await tinyProject('storage-v13');
  await warehouseFile(join(dir, 'milestones.duckdb'), 'v1.3.0');
  for (let run = 0; run < 2; run++) {
    const result = await execa('node', [BIN, 'compute', '--format', 'csv'], { cwd: dir, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
  }
  const w = await Warehouse.open(join(dir, 'milestones.duckdb'));
  expect(await w.all('SELECT actor_id, status FROM milestone_status')).toEqual([
    { actor_id: 'a1', status: 'achieving' },
  ]);
  w.close();
});
