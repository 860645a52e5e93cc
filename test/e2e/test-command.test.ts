/**
 * `milestones test` end to end: the built CLI (`npm run build` first) on
 * milestones.example.yaml and the repository's milestones.tests.yaml, copied
 * to a temp folder WITHOUT fixtures/ or a warehouse: the tests need neither,
 * and must leave no DuckDB file behind.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-test-'));
  cpSync(join(ROOT, 'milestones.example.yaml'), join(dir, 'milestones.yaml'));
  cpSync(join(ROOT, 'milestones.tests.yaml'), join(dir, 'milestones.tests.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  execa('node', [BIN, 'test', ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

/** A test of setup on acme's install + integration + 2 invites (setup completes at 01-07 10:00). */
const ONE_TEST = (expectation: string) => `tests:
  - name: setup on acme
    events:
      - {ts: 2026-01-05 09:00, account_id: acme, event: app_installed}
      - {ts: 2026-01-05 10:00, account_id: acme, event: integration_connected, channel: web}
      - {ts: 2026-01-06 10:00, account_id: acme, event: user_invited, role: member}
      - {ts: 2026-01-07 10:00, account_id: acme, event: user_invited, role: member}
    expect:
      statuses:
        - ${expectation}
`;

describe('milestones test', () => {
  it('runs milestones.tests.yaml next to the config: all pass, exit 0, no warehouse file', async () => {
    const result = await cli();
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    // The repository's file holds 8 tests, every one hand-checked.
    expect(lines.filter((l) => l.startsWith('✓ '))).toHaveLength(8);
    expect(lines.at(-1)).toBe('8 passed, 0 failed');
    expect(result.stdout).not.toContain('\u001b[');
    expect(readdirSync(dir).filter((f) => /duckdb|\.wal$/.test(f))).toEqual([]);
    // Eight definition tests, each its own in-memory compute (8.6 s alone, 17 s on a busy machine).
  }, 120_000);

  it('fails with exit 1 and names the mismatch and where it was expected', async () => {
    writeFileSync(
      join(dir, 'failing.tests.yaml'),
      ONE_TEST('{milestone: setup, account: acme, status: never_achieved, completed_at: 2026-01-07 10:00}'),
    );
    const result = await cli('failing.tests.yaml');
    expect(result.exitCode).toBe(1);
    // Line 10 is the expectation; column 53 is its status value (after 8 spaces, '- {milestone: setup, account: acme, status: ').
    expect(result.stdout).toBe(
      '✗ setup on acme\n' +
        '    failing.tests.yaml:10:53 setup / acme: status expected never_achieved, got achieving\n' +
        '0 passed, 1 failed',
    );
  });

  it('prints JSON with --format json', async () => {
    writeFileSync(
      join(dir, 'json.tests.yaml'),
      ONE_TEST('{milestone: setup, account: acme, status: achieving, progress: 100}'),
    );
    const result = await cli('json.tests.yaml', '--format', 'json');
    expect(result.exitCode, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { passed: number; failed: number; tests: { name: string }[] };
    expect(json).toMatchObject({ passed: 1, failed: 0, errors: [] });
    expect(json.tests.map((t) => t.name)).toEqual(['setup on acme']);
  });

  it('expands globs and runs every file', async () => {
    // The one-test files written above: json.tests.yaml (by the glob) passes, failing.tests.yaml
    // fails. (The 8 tests of milestones.tests.yaml, run once above, would only add time here.)
    const result = await cli('json.tests.*', 'failing.tests.yaml');
    expect(result.stdout.trim().split('\n').at(-1)).toBe('1 passed, 1 failed');
  });

  it('rejects an invalid test file with exit 1 and file:line:col', async () => {
    writeFileSync(
      join(dir, 'bad.tests.yaml'),
      ONE_TEST('{milestone: setpu, account: acme, status: achieving}'),
    );
    const result = await cli('bad.tests.yaml');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    // `setpu` is on line 10, at column 23 (after 8 spaces and '- {milestone: ').
    expect(result.stderr).toContain(
      'bad.tests.yaml:10:23 error[unknown-milestone]: unknown milestone "setpu"',
    );
    expect(result.stderr).toContain('hint: did you mean "setup"?');
  });

  it('gives survey responses and checks cx_metrics, each mismatch at its value', async () => {
    // acme completes setup at 01-07 10:00; u1 (acme's, through contacts) answers the setup survey
    // with Q1 = 9 (a promoter: NPS 100) and Q2 = 3 (not satisfied: top-two-box 0). as_of: without
    // it T would be the latest event, 01-07 10:00, and the response would come after it.
    const file = (extra: string) => `tests:
  - name: cx on setup
    as_of: 2026-01-31
    contacts: [{contact_id: u1, account_id: acme}]
    events:
      - {ts: 2026-01-05 09:00, account_id: acme, event: app_installed}
      - {ts: 2026-01-05 10:00, account_id: acme, event: integration_connected, channel: web}
      - {ts: 2026-01-06 10:00, account_id: acme, event: user_invited, role: member}
      - {ts: 2026-01-07 10:00, account_id: acme, event: user_invited, role: member}
    surveys:
      - {ts: 2026-01-08 10:00, respondent_id: u1, Q1: 9, Q2: 3, milestone: setup}
    expect:
      cx:
        - {cx: nps, milestone: setup, responses: 1, nps: 100}
        - {cx: csat, milestone: setup, top_two_box: 1}
${extra}`;
    writeFileSync(join(dir, 'cx.tests.yaml'), file('        - {cx: npx, responses: 1}\n'));
    const invalid = await cli('cx.tests.yaml');
    expect(invalid.exitCode).toBe(1);
    expect(invalid.stdout).toBe('');
    // `npx` is on line 16, at column 16 (after 8 spaces and '- {cx: ').
    expect(invalid.stderr).toContain('cx.tests.yaml:16:16 error[unknown-cx]: unknown cx "npx"');
    expect(invalid.stderr).toContain('hint: did you mean "nps"?');

    writeFileSync(join(dir, 'cx.tests.yaml'), file(''));
    const result = await cli('cx.tests.yaml');
    expect(result.exitCode).toBe(1);
    // Line 15 is the csat expectation; column 53 its top_two_box value.
    expect(result.stdout).toBe(
      '✗ cx on setup\n' +
        '    cx.tests.yaml:15:53 csat / setup: top_two_box expected 1, got 0\n' +
        '0 passed, 1 failed',
    );
  });

  it('reports an invalid config in the format asked for, on stdout (found by review: JSON was empty)', async () => {
    writeFileSync(join(dir, 'broken.yaml'), 'version: 1\ntimezone: Mars/Olympus\nmilestones: []\n');
    writeFileSync(
      join(dir, 'one.tests.yaml'),
      ONE_TEST('{milestone: setup, account: acme, status: achieving}'),
    );
    const result = await cli('one.tests.yaml', '-c', 'broken.yaml', '--format', 'json');
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as { errors?: { code: string }[] };
    expect(JSON.stringify(report)).toMatch(/broken\.yaml/);
    expect(result.stdout).toMatch(/timezone|Mars/);
  });

  it('is a usage error (exit 2) when there is no test file', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'milestones-e2e-test-none-'));
    cpSync(join(ROOT, 'milestones.example.yaml'), join(empty, 'milestones.yaml'));
    const result = await execa('node', [BIN, 'test'], { cwd: empty, reject: false });
    rmSync(empty, { recursive: true, force: true });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('no test file');
  });
});
