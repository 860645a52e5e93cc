/**
 * `--memory-limit`, `--threads` and `--temp-dir` end to end: compute on the
 * example under a small limit works, gives the hand-checked counts, and the
 * --verbose line (read back from DuckDB's settings) shows the settings
 * reached DuckDB; the config's `warehouse:` settings apply, and flags win.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonTables } from './json-tables.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-memory-'));
  cpSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'), { recursive: true });
  cpSync(join(ROOT, 'milestones.example.yaml'), join(dir, 'milestones.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

/** The example's config with `warehouse: FILE` replaced by the given mapping. */
function configWith(warehouse: string, name: string): string {
  const text = readFileSync(join(dir, 'milestones.yaml'), 'utf8').replace(/^warehouse: .*$/m, warehouse);
  writeFileSync(join(dir, name), text);
  return name;
}

describe('memory, threads and spill folder', () => {
  it('computes the example under 200MB, one thread, spilling to a given folder', async () => {
    const spill = join(dir, 'spill', 'here');
    const result = await cli(
      'compute',
      '--memory-limit',
      '200MB',
      '--threads',
      '1',
      '--temp-dir',
      spill,
      '--verbose',
      '--format',
      'json',
    );
    expect(result.exitCode, result.stderr).toBe(0);
    // 200MB = 2 * 10^8 bytes is the budget; DuckDB gets 75% of it, 1.5 * 10^8 bytes,
    // which it reads back as 143.0 MiB (1.5e8 / 2^20 = 143.05, cut to 0.1).
    expect(result.stderr).toMatch(
      new RegExp(
        `warehouse: memory limit 200\\.0 MB \\(DuckDB: 143\\.0 MiB\\) of [0-9.]+ GB \\(--memory-limit\\), 1 thread, spill to ${spill}$`,
        'm',
      ),
    );
    expect(existsSync(spill)).toBe(true);
    const [milestones] = jsonTables(result.stdout, ['milestones']);
    // fixtures/README.md: setup is achieved by 6 of the 8 accounts.
    expect(milestones?.find((m) => m.milestone === 'setup')?.achieving).toBe('6');
  });

  it('takes the settings from warehouse: in the config, and the flags over them', async () => {
    const config = configWith(
      'warehouse: {path: settings.duckdb, memory_limit: 300MB, threads: 1, temp_dir: config-spill}',
      'settings.yaml',
    );
    const fromConfig = await cli('compute', '-c', config, '--verbose', '--format', 'csv');
    expect(fromConfig.exitCode, fromConfig.stderr).toBe(0);
    // 0.75 * 300 MB = 2.25e8 bytes = 214.58 MiB, cut to 214.5
    expect(fromConfig.stderr).toContain('memory limit 300.0 MB (DuckDB: 214.5 MiB) of');
    expect(fromConfig.stderr).toMatch(/\(warehouse: memory_limit\), 1 thread, spill to .*config-spill$/m);
    expect(existsSync(join(dir, 'settings.duckdb'))).toBe(true);

    const overridden = await cli(
      'explain',
      'acme',
      '-c',
      config,
      '--verbose',
      '--memory-limit',
      '250MB',
      '--threads',
      '2',
    );
    expect(overridden.exitCode, overridden.stderr).toBe(0);
    expect(overridden.stderr).toMatch(
      // 0.75 * 250 MB = 1.875e8 bytes = 178.81 MiB
      /memory limit 250\.0 MB \(DuckDB: 178\.8 MiB\) of [0-9.]+ GB \(--memory-limit\), 2 threads, spill to .*config-spill$/m,
    );
  });
});
