/**
 * `milestones calibrate` end to end: the built CLI on milestones.example.yaml
 * and fixtures/, copied to a temp folder. Outcome: subscription_started
 * within 60d after a 30d observation period, i.e. in [first_seen + 30d,
 * first_seen + 90d). Worked out by hand from fixtures/events.csv (New York
 * times; T = 2026-04-30 23:59:59 EDT):
 *
 *   account   first_seen    + 90d (over by T?)   subscription_started          outcome
 *   acme      01-05 09:10   04-05   yes          02-24 12:00 in [02-04, 04-05)  yes
 *   globex    01-12 10:15   04-12   yes          03-19 11:00 in [02-11, 04-12)  yes
 *   initech   01-08 09:30   04-08   yes          04-04 11:00 in [02-07, 04-08)  yes
 *   umbrella  01-19 10:10   04-19   yes          04-24 12:00 after 04-19        no
 *   hooli 02-13, wonka 02-09, stark 03-02: + 90d is in May: open.  wayne: no events.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../src/definitions/load-definitions.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');
const OUTCOME = ['--outcome', 'event:subscription_started:within=60d', '--observe', '30d'];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-calibrate-'));
  cpSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'), { recursive: true });
  cpSync(join(ROOT, 'milestones.example.yaml'), join(dir, 'milestones.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

type Json = Record<string, unknown>;
interface Report {
  population: Json;
  milestones: Json[];
  candidates: Json[];
  forest: Json;
  snippet: string;
}

describe('milestones calibrate', () => {
  let report: Report;
  let stdout: string;

  beforeAll(async () => {
    const result = await cli('calibrate', ...OUTCOME, '--format', 'json');
    expect(result.exitCode, result.stderr).toBe(0);
    stdout = result.stdout;
    report = JSON.parse(result.stdout) as Report;
  });

  it('compares every milestone, on the accounts whose outcome window is over', () => {
    // See the table above: 4 compared, 3 with the outcome; hooli, wonka, stark open; wayne unseen.
    expect(report.population).toEqual({ included: 4, positives: 3, open: 3, unknown: 0, unseen: 1 });
    const ids = report.milestones.map((m) => m.milestone_id);
    expect(ids).toEqual([
      'setup',
      'activated',
      'utilization',
      'maturity',
      'pql',
      'customer',
      'expansion',
      'user_activated',
    ]);
    const row = (id: string) => {
      const m = report.milestones.find((x) => x.milestone_id === id)!;
      return [m.achievers, m.achievers_with_outcome, m.non_achievers, m.non_achievers_with_outcome];
    };
    // setup completed before first_seen + 30d by all four (acme 01-06, globex 02-01 < 02-11,
    // initech 02-03 < 02-07, umbrella 01-19): 4 achievers, 3 subscribed.
    expect(row('setup')).toEqual([4, 3, 0, 0]);
    // customer is completed by subscribing, always after the 30d: no achiever; the milestone
    // cannot "predict" the outcome it is.
    expect(row('customer')).toEqual([0, 0, 4, 3]);
  });

  it('reports candidates with a window, a threshold and importances that sum to 1', () => {
    expect(report.candidates.length).toBeGreaterThan(0);
    const total = report.candidates.reduce((s, c) => s + ((c.importance as number | null) ?? 0), 0);
    expect(total).toBeCloseTo(1, 9);
    for (const c of report.candidates.filter((x) => x.at_least !== null)) {
      expect(['7d', '14d', '30d']).toContain(c.window);
      expect(c.above_rate as number).toBeGreaterThan(c.below_rate as number);
    }
    expect(report.forest).toMatchObject({ rows: 4, accounts: 4, trees: 100, seed: 42 });
  });

  it('suggests milestones that are valid in the definitions language', () => {
    expect(report.snippet).toMatch(/^# .*\n- id: suggested_/);
    const config = readFileSync(join(dir, 'milestones.yaml'), 'utf8');
    const indented = report.snippet.replaceAll(/^(?=.)/gm, '  ');
    // The example's milestones: list is followed by journeys:; paste the snippet at its end.
    const pasted = config.replace(/\njourneys:/, `\n${indented}\njourneys:`);
    const { project, diagnostics } = parseDefinitions(pasted, join(dir, 'milestones.yaml'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(project!.milestones.filter((m) => m.id.startsWith('suggested_')).length).toBeGreaterThan(0);
  });

  it('is reproducible: a second run prints the same bytes', async () => {
    const again = await cli('calibrate', ...OUTCOME, '--format', 'json');
    expect(again.stdout).toBe(stdout);
  });

  it('prints one CSV table on stdout (--table candidates: the other) and the notes and YAML on stderr', async () => {
    const result = await cli('calibrate', ...OUTCOME, '--format', 'csv');
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^milestone_id,level,achievers,/);
    expect(lines).toHaveLength(1 + 8);
    const candidates = await cli('calibrate', ...OUTCOME, '--format', 'csv', '--table', 'candidates');
    expect(candidates.stdout.split('\n')[0]).toMatch(/^event,window,/);
    expect(result.stderr).toMatch(/note: 4 accounts compared \(3 with the outcome, 75\.0%\)/);
    expect(result.stderr).toMatch(/- id: suggested_/);
  });

  it('prints tables, the forest line and the YAML on a terminal format', async () => {
    const result = await cli(
      'calibrate',
      ...OUTCOME,
      '--format',
      'table',
      '--candidates',
      'report_created,page_view',
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /outcome: subscription_started within 60d after the first 30d, as of 2026-05-01T03:59:59Z/,
    );
    expect(result.stdout).toMatch(/user_activated \(by account\)/);
    expect(result.stdout).toMatch(/random forest: 100 trees/);
    expect(result.stdout).not.toMatch(/dashboard_shared/);
  });

  it('exits 1 naming the flags when no account can be compared (the default 90d + 90d on the example)', async () => {
    // Default --observe 90d, within=90d: every account needs first_seen + 180d <= T (04-30). The
    // earliest first_seen is acme's 01-05, + 180d is in July: all 7 seen accounts are open, wayne unseen.
    const result = await cli('calibrate', '--outcome', 'event:subscription_started', '--format', 'csv');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /error: calibrate: 0 accounts can be compared \(7 whose outcome window is not over at T, 1 with no event by T\)/,
    );
    expect(result.stderr).toMatch(/hint: .*--observe .*within=.*--as-of/);
    expect(result.stderr).not.toMatch(/milestone_id|at .*\.js:\d+/);
  });

  it('refuses a bad --outcome or --observe with exit 2, and an unknown property with exit 1', async () => {
    // At once: the first three are refused before the warehouse is opened; only the last reads it.
    const [bad, missing, observe, property] = await Promise.all([
      cli('calibrate', '--outcome', 'retained'),
      cli('calibrate'),
      cli('calibrate', '--outcome', 'event:x', '--observe', '3m'),
      cli('calibrate', '--outcome', 'property:retained'),
    ]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/neither event:NAME nor property:NAME/);
    expect(missing.exitCode).toBe(2);
    expect(observe.exitCode).toBe(2);
    expect(observe.stderr).toMatch(/--observe/);
    expect(property.exitCode).toBe(1);
    expect(property.stderr).toMatch(/"retained" is missing or not boolean for every account/);
  });

  // A misspelt outcome used to compare everyone as "0 with the outcome", exit 0 (found by a review).
  it('refuses an outcome event that never occurs (exit 1, with a suggestion) and warns of such a candidate', async () => {
    const outcome = await cli('calibrate', '--outcome', 'event:subscription_strted');
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toContain('event "subscription_strted" never occurs in the events table');
    expect(outcome.stderr).toContain('did you mean "subscription_started"?');
    const candidate = await cli(
      'calibrate',
      ...OUTCOME,
      '--candidates',
      'report_created,reprot_created',
      '--format',
      'json',
    );
    expect(candidate.exitCode, candidate.stderr).toBe(0);
    expect(candidate.stderr).toContain(
      'warning[unknown-event]: candidate event "reprot_created" never occurs',
    );
    expect(candidate.stderr).not.toContain('"report_created" never occurs');
  });
});
