/**
 * What `compute` says on stderr: its load summary (as `load` reports it),
 * nothing but errors under --quiet, each statement's time under --verbose.
 * stdout carries the data in every case.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

// `upgraded` never occurs in the events: every compute warns about it (warning[unknown-event]).
const CONFIG = `timezone: UTC
sources:
  events:
    path: events.csv
    columns: {ts: ts, account_id: account_id, event: event}
milestones:
  - id: setup
    name: Setup
    criteria:
      - event: app_installed
  - id: upgrade
    name: Upgrade
    criteria:
      - event: upgraded
`;

// Three good rows and one with an unreadable time (rejected).
const EVENTS = `ts,account_id,event
2026-01-05 09:00:00,acme,app_installed
2026-01-06 10:00:00,globex,app_installed
2026-01-07 10:30:00,acme,page_view
not a time,acme,page_view
`;

let dir: string;
const compute = (...args: string[]) =>
  execa('node', [BIN, 'compute', '-c', 'milestones.yaml', '--format', 'csv', ...args], {
    cwd: dir,
    reject: false,
    env: { NO_COLOR: '1' },
  });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-progress-'));
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  writeFileSync(join(dir, 'events.csv'), EVENTS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('compute on stderr', () => {
  it('prints its load summary, as load does, then up to date; --quiet prints nothing but errors', async () => {
    const first = await compute();
    expect(first.exitCode, first.stderr).toBe(0);
    // 4 data lines, one unreadable: 3 added, 1 rejected.
    expect(first.stderr).toMatch(/^loaded events: 1 file, 3 rows added, 0 removed, 1 rejected$/m);
    expect(first.stderr).toMatch(/warning\[unknown-event\]/);
    const quiet = await compute('--quiet');
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stderr).toBe('');
    // setup: acme and globex installed, 2 of 2 achieving.
    expect(quiet.stdout).toMatch(/^setup,account,2,2,100,/m);
    const failing = await compute('--quiet', '--as-of', 'soon');
    expect(failing.exitCode).toBe(2);
    expect(failing.stderr).toMatch(/error: --as-of "soon" is not a date/);
  });

  it('--verbose prints each statement with its time and a human name', async () => {
    const verbose = await compute('--verbose');
    expect(verbose.exitCode, verbose.stderr).toBe(0);
    expect(verbose.stderr).toMatch(/^sources up to date \(1 file unchanged\)$/m);
    expect(verbose.stderr).toMatch(/^ +\d+ ms {2}milestone setup: status \[_ms_setup__status\]$/m);
  });
});
