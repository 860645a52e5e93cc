/**
 * The smallest project the fault tests start from: one milestone, `bought`
 * on a `buy` event, in UTC, over an events.csv with one buy per account a day
 * apart from 2026-01-01 (a1, then a2, ...), in a fresh temp folder; loaded or
 * computed by the built CLI when asked (`npm run build` first).
 *
 *   await tinyProject('pipe', { buyers: ['a1', 'a2'], run: 'compute' })
 *   -> /tmp/milestones-e2e-pipe-XXXX with milestones.yaml, events.csv, milestones.duckdb
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import { tempDir } from '../../helpers/temp-dir.js';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const BIN = join(ROOT, 'bin', 'milestones.js');

export const TINY_CONFIG = `version: 1
timezone: UTC
sources:
  events:
    path: events.csv
milestones:
  - id: bought
    name: Bought
    criteria:
      - event: buy
`;

export interface TinyProjectOptions {
  /** Accounts that buy, on 2026-01-01, 01-02, ... in this order; default a1. */
  buyers?: string[];
  /** A CLI command run once in the folder (it must exit 0): the warehouse then exists. */
  run?: 'load' | 'compute';
}

/** The events file: `ts,account_id,event`, then one buy per buyer. */
export function tinyEvents(buyers: string[]): string {
  const rows = buyers.map((id, i) => `2026-01-${String(i + 1).padStart(2, '0')}T00:00:00Z,${id},buy\n`);
  return `ts,account_id,event\n${rows.join('')}`;
}

/** A new temp folder `milestones-e2e-<name>-*` holding the project, removed when the test file ends. */
export async function tinyProject(name: string, options: TinyProjectOptions = {}): Promise<string> {
  const dir = tempDir(`milestones-e2e-${name}-`);
  writeFileSync(join(dir, 'milestones.yaml'), TINY_CONFIG);
  writeFileSync(join(dir, 'events.csv'), tinyEvents(options.buyers ?? ['a1']));
  if (options.run) {
    const result = await execa('node', [BIN, options.run], { cwd: dir, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
  }
  return dir;
}

/** A new temp folder `milestones-e2e-<name>-*` holding these files (name -> text), removed when the test file ends. */
export function projectDir(name: string, files: Record<string, string>): string {
  const dir = tempDir(`milestones-e2e-${name}-`);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

/** The built CLI run in `dir`, without colours; never throws on a non-zero exit. */
export const cliIn = (dir: string, args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });
