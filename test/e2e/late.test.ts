/**
 * `--known-at` end to end: the built CLI (`npm run build` first) in a temp
 * folder holding a small config and an events file whose `ingested_at` is
 * mapped to `arrived_at`. The data is harness.ts's of test/late, so the
 * expected numbers are the ones worked out by hand there.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from 'execa';
import { jsonTables } from './json-tables.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');
const K = '2026-03-02T00:00:00Z';

const CONFIG = `version: 1
timezone: UTC
sources:
  events:
    path: events.csv
    columns: { ts: occurred_at, account_id: account, event: event_name, arrived_at: ingested_at }
milestones:
  - id: setup
    criteria: [{ event: app_installed }]
  - id: active
    criteria: [{ event: app_installed }, { event: report_created }]
  - id: signed_up
    criteria: [{ event: signup }]
conversions:
  - id: install_to_report
    steps: [{ event: app_installed }, { event: report_created }]
    window: 7d
  - id: setup_to_active
    steps: [setup, active]
    window: 7d
`;

// Late (occurred by K, arrived after it): a1's report, a2's signup, a3's install (a3's only event).
const EVENTS = `occurred_at,account,event_name,ingested_at
2026-03-01 09:00:00,a1,app_installed,2026-03-01 09:05:00
2026-03-01 12:00:00.000250,a1,report_created,2026-03-03 00:00:00
2026-03-01 13:00:00,a1,login,2026-03-02 00:00:00
2026-03-01 08:00:00,a2,signup,2026-03-05 00:00:00
2026-03-01 10:00:00,a2,login,
2026-03-01 11:00:00,a3,app_installed,2026-03-04 00:00:00
2026-03-01 07:00:00,a4,app_installed,
2026-03-03 09:00:00,a4,report_created,
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-late-'));
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  writeFileSync(join(dir, 'events.csv'), EVENTS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

describe('--known-at', () => {
  it('late without a warehouse: nothing to look at (exit 1)', async () => {
    const result = await cli('late', '--known-at', K);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('milestones load');
  });

  it('loads the arrival column', async () => {
    const load = await cli('load');
    expect(load.exitCode, load.stderr).toBe(0);
  });

  describe('against what is known now', () => {
    // What is known now, as of K, published once for the tests below (after the load above).
    let now: Result;
    beforeAll(async () => {
      now = await cli('compute', '--as-of', K, '--format', 'json');
    });

    it('compute --known-at prints the statuses knowable at K and publishes nothing', async () => {
      expect(now.exitCode, now.stderr).toBe(0);
      const before = await cli('export', 'milestone_status', '--format', 'csv');
      const result = await cli('compute', '--known-at', K, '--format', 'json');
      expect(result.exitCode, result.stderr).toBe(0);
      const [milestones] = jsonTables(result.stdout, ['milestones']);
      // At K: setup a1, a4 achieving, a2 never (a3 unknown); active nobody of 3; signed_up nobody of 3.
      expect(
        milestones?.map((m) => `${m.milestone} ${m.assigned} ${m.achieving} ${m.never_achieved}`),
      ).toEqual(['setup 3 2 1', 'active 3 0 3', 'signed_up 3 0 3']);
      expect(result.stderr).toContain('nothing was published');
      // The published statuses (known now) are the same bytes as before.
      expect((await cli('export', 'milestone_status', '--format', 'csv')).stdout).toBe(before.stdout);
    });

    it('compute --known-at prints the conversions knowable at K and publishes none', async () => {
      // Two readers at once: export opens the warehouse read-only.
      const published = async () => {
        const [actors, steps] = await Promise.all([
          cli('export', 'conversion_actors', '--format', 'csv'),
          cli('export', 'conversion_steps', '--format', 'csv'),
        ]);
        return { actors: actors.stdout, steps: steps.stdout };
      };
      // Known now, as of K:
      // install_to_report: a1 (install 09:00, report 12:00) converted; a3 (install 11:00) and a4 (install 07:00,
      // report 03-03 after T) entered, windows open until 03-08: in progress -> 3 entered, 2 in progress, 1 converted.
      // setup_to_active: setup a1, a3, a4; active a1 at 12:00 -> converted; a3, a4 in progress.
      expect(now.exitCode, now.stderr).toBe(0);
      const [nowConversions] = jsonTables(String(now.stdout), ['conversions']);
      expect(
        nowConversions?.map((c) => `${c.conversion} ${c.entered} ${c.in_progress} ${c.converted}`),
      ).toEqual(['install_to_report 3 2 1', 'setup_to_active 3 2 1']);
      const before = await published();
      const result = await cli('compute', '--known-at', K, '--format', 'json');
      expect(result.exitCode, result.stderr).toBe(0);
      const output = JSON.parse(result.stdout) as {
        known_at: string;
        conversions: Record<string, unknown>[];
      };
      expect(output.known_at).toBe(K);
      // At K: a3's install arrived 03-04 (not entered); a1's report arrived 03-03 (not converted). a1 and a4
      // entered, both windows open at K: 2 entered, 2 in progress, 0 converted, no rate (nobody settled).
      // setup_to_active reads the statuses at K: setup a1, a4; active nobody -> the same counts.
      expect(output.conversions).toEqual([
        { conversion: 'install_to_report', entered: 2, in_progress: 2, converted: 0, rate: null },
        { conversion: 'setup_to_active', entered: 2, in_progress: 2, converted: 0, rate: null },
      ]);
      expect(result.stderr).toContain('nothing was published');
      // The published conversions (known now) are the same bytes as before.
      expect(await published()).toEqual(before);
    });
  });

  it('late --known-at lists what the late events changed, in JSON', async () => {
    const result = await cli('late', '--known-at', K, '--format', 'json');
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      known_at: string;
      as_of: string;
      late_total: number;
      changed_total: number;
      changes: Record<string, unknown>[];
      late_events: Record<string, unknown>[];
      milestones: Record<string, unknown>[];
    };
    expect([report.known_at, report.as_of]).toEqual([K, K]);
    // 7 actor rows (test/late/run-late.test.ts): a2's late signup moves its start (first_seen)
    // in setup and active too; a move of the start alone sorts after the status changes.
    expect(report.changed_total).toBe(7);
    expect(report.changes.map((c) => `${String(c.milestone_id)}/${String(c.actor_id)}`)).toEqual([
      'setup/a3',
      'setup/a2',
      'active/a1',
      'active/a3',
      'active/a2',
      'signed_up/a2',
      'signed_up/a3',
    ]);
    expect(report.changes[1]).toMatchObject({
      known_evaluation_start: '2026-03-01T10:00:00Z',
      now_evaluation_start: '2026-03-01T08:00:00Z',
      known_status: 'never_achieved',
      now_status: 'never_achieved',
    });
    expect(report.changes[2]).toMatchObject({
      known_status: 'never_achieved',
      now_status: 'achieving',
      known_progress: 50,
      now_progress: 100,
      known_completed_at: null,
      now_completed_at: '2026-03-01T12:00:00.000250Z',
    });
    // setup: 2 -> 3 achieving of 3 -> 4 assigned.
    expect(report.milestones[0]).toMatchObject({
      milestone: 'setup',
      known_achieving: 2,
      now_achieving: 3,
      delta_achieving: 1,
    });
    // One late event each: a3's install, a1's report, a2's signup (a1's login arrived exactly at K).
    expect(report.late_total).toBe(3);
    expect(report.late_events.map((e) => `${String(e.event)} ${String(e.late_events)}`)).toEqual([
      'app_installed 1',
      'report_created 1',
      'signup 1',
    ]);
    // Instants keep their microseconds, as every output does (a1's report at 12:00:00.000250 had
    // been cut to 12:00:00Z, an instant before the event; found by review).
    expect(report.late_events[1]).toMatchObject({
      first_ts: '2026-03-01T12:00:00.000250Z',
      last_ts: '2026-03-01T12:00:00.000250Z',
      last_arrived_at: '2026-03-03T00:00:00Z',
    });
  });

  it('late --known-at as CSV: milestones, changes, late events; --as-of moves T', async () => {
    const result = await cli('late', '--known-at', K, '--as-of', '2026-03-10', '--format', 'json');
    expect(result.exitCode, result.stderr).toBe(0);
    const [milestones, changes, late] = jsonTables(result.stdout, ['milestones', 'changes', 'late_events']);
    expect(milestones?.map((m) => m.milestone)).toEqual(['setup', 'active', 'signed_up']);
    // As of 03-10, a4's report (03-03, after K) completes active now too: 8 changed rows.
    expect(changes).toHaveLength(8);
    expect(changes?.find((c) => c.milestone_id === 'active' && c.actor_id === 'a4')).toMatchObject({
      known_status: 'never_achieved',
      now_status: 'achieving',
      now_completed_at: '2026-03-03T09:00:00Z',
    });
    expect(late?.map((e) => `${e.event} ${e.late_events}`)).toEqual([
      'report_created 2',
      'app_installed 1',
      'signup 1',
    ]);
  });

  it('explain --known-at shows one account as knowable at K', async () => {
    const result = await cli('explain', 'a1', '--milestone', 'active', '--known-at', K, '--format', 'json');
    expect(result.exitCode, result.stderr).toBe(0);
    const facts = JSON.parse(result.stdout) as { milestones: { status: string; progress: number }[] };
    // a1's report arrived after K: 1 of 2 criteria.
    expect(facts.milestones[0]).toMatchObject({ status: 'never_achieved', progress: 50 });
  });

  it('a bad or missing --known-at is a usage error (exit 2)', async () => {
    const runs = [
      ['late', '--known-at', 'yesterday'],
      ['compute', '--known-at', '2026-02-30'],
      ['explain', 'a1', '--known-at', 'soon'],
      ['late'],
    ];
    // At once: each is refused before it opens the warehouse.
    const results = await Promise.all(runs.map((args) => cli(...args)));
    for (const [i, result] of results.entries()) {
      const args = runs[i]!;
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain('--known-at');
    }
  });
});
