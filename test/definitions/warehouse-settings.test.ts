/**
 * `warehouse:` as a file name (as before) or as a mapping with the DuckDB
 * settings; flags over config (commands/warehouse-options.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resourcesLine, warehouseSettings } from '../../src/commands/warehouse-options.js';
import { parseDefinitions } from '../../src/definitions/load-definitions.js';
import type { Project } from '../../src/definitions/model.js';
import { InvalidInputError, UserError } from '../../src/errors.js';
import { MINIMAL, brief, check } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'milestones-warehouse-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function project(text: string, file = '/cfg/m.yaml'): Project {
  const { project, diagnostics } = parseDefinitions(text, file);
  if (!project) throw new Error(JSON.stringify(diagnostics));
  return project;
}

describe('warehouse: in the config', () => {
  it('still takes a file name, with no settings', () => {
    const p = project(`warehouse: w.duckdb\n${MINIMAL}`);
    expect(p.warehouse).toBe('/cfg/w.duckdb');
    expect(p.warehouseSettings).toBeUndefined();
  });

  it('takes a mapping: the path and the settings, folders relative to the config', () => {
    const p = project(
      `warehouse: {path: w.duckdb, memory_limit: 1.5GB, threads: 2, temp_dir: spill}\n${MINIMAL}`,
    );
    expect(p.warehouse).toBe('/cfg/w.duckdb');
    // 1.5 GB = 1.5 * 10^9 bytes
    expect(p.warehouseSettings).toEqual({ memoryLimit: 1.5e9, threads: 2, tempDir: '/cfg/spill' });
  });

  it('keeps the default file when the mapping has no path', () => {
    expect(project(`warehouse: {threads: 1}\n${MINIMAL}`).warehouse).toBe('/cfg/milestones.duckdb');
  });

  it('points at each bad setting', () => {
    const text = `warehouse:\n  memory_limit: 2 gigs\n  threads: 0\n  temp: x\n${MINIMAL}`;
    expect(brief(check(text))).toEqual([
      '2:17 error bad-size',
      '3:12 error bad-value',
      '4:3 error unknown-key',
    ]);
  });

  it('refuses a size without a unit, and a fraction of a thread', () => {
    const text = `warehouse: {memory_limit: 2048, threads: 1.5}\n${MINIMAL}`;
    const messages = check(text).map((d) => d.message);
    expect(messages).toEqual([
      'memory_limit must be a size like 2GB, found 2048',
      'threads must be a whole number of threads (1 or more), found 1.5',
    ]);
  });
});

describe('flags over the config', () => {
  const configured = project(
    `warehouse: {memory_limit: 1GB, threads: 2, temp_dir: ${join(dir, 'config-spill')}}\n${MINIMAL}`,
    join(dir, 'm.yaml'),
  );

  it('takes the config when no flag is given, and makes its spill folder', () => {
    expect(warehouseSettings({}, configured)).toEqual({
      memoryLimit: 1e9,
      threads: 2,
      tempDir: join(dir, 'config-spill'),
    });
  });

  it('lets each flag override its setting alone', () => {
    expect(warehouseSettings({ memoryLimit: '512MiB' }, configured)).toMatchObject({
      memoryLimit: 536_870_912, // 512 * 2^20
      threads: 2,
    });
    expect(warehouseSettings({ threads: '1', tempDir: join(dir, 'flag-spill') }, configured)).toEqual({
      memoryLimit: 1e9,
      threads: 1,
      tempDir: join(dir, 'flag-spill'),
    });
  });

  it('sets nothing when neither says anything (the defaults apply when DuckDB opens)', () => {
    expect(warehouseSettings({})).toEqual({});
  });

  it('fails a bad flag as a usage error (exit 2)', () => {
    for (const flags of [
      { memoryLimit: '2 gigs' },
      { threads: '0' },
      { threads: '2x' },
      { threads: '2000' },
    ]) {
      let caught: unknown;
      try {
        warehouseSettings(flags, configured);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UserError);
      expect((caught as UserError).exitCode).toBe(2);
    }
  });

  it("fails the config's temp_dir that cannot be made at its line and column (exit 1)", () => {
    writeFileSync(join(dir, 'afile'), 'x');
    const file = join(dir, 'bad.yaml');
    const text = `version: 1\nwarehouse:\n  temp_dir: afile/spill\n${MINIMAL}`;
    writeFileSync(file, text);
    let caught: unknown;
    try {
      warehouseSettings({}, project(text, file));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    expect((caught as InvalidInputError).diagnostics[0]?.location).toEqual({ file, line: 3, col: 13 });
  });
});

describe('the --verbose line', () => {
  it('says the limit as given and as DuckDB reads it, the threads and the spill folder', () => {
    const line = resourcesLine(
      { memoryLimit: '1.3 GiB', threads: 1, tempDirectory: '/tmp/x' },
      { limit: 2e9, machine: 25_276_157_952 },
      'flag',
    );
    // 2 * 10^9 bytes = 2.0 GB (DuckDB's 75%: 1.5e9 bytes = 1.397 GiB, cut to 1.3); 25 276 157 952 bytes = 25.3 GB
    expect(line).toBe(
      'memory limit 2.0 GB (DuckDB: 1.3 GiB) of 25.3 GB (--memory-limit), 1 thread, spill to /tmp/x',
    );
  });
});
