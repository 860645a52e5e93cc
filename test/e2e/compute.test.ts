/**
 * `milestones compute` end to end: the built CLI (`npm run build` first) on
 * milestones.example.yaml and fixtures/, copied to a temp folder. Expected
 * numbers are the hand-checked ones of fixtures/README.md.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonTables } from './json-tables.js';
import { withWarehouse } from '../../src/warehouse/session.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-compute-'));
  cpSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'), { recursive: true });
  cpSync(join(ROOT, 'milestones.example.yaml'), join(dir, 'milestones.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

describe('compute on the example', () => {
  it('prints the counts per status and the journey stages of fixtures/README.md', async () => {
    const result = await cli('compute', '--format', 'json');
    expect(result.exitCode, result.stderr).toBe(0);
    const [milestones, stages] = jsonTables(result.stdout, ['milestones', 'journeys']);
    const counts = Object.fromEntries(
      (milestones ?? []).map((r) => [
        r.milestone,
        [r.assigned, r.achieving, r.not_achieving, r.never_achieved, r.not_started, r.deadline_missed].join(
          ' ',
        ),
      ]),
    );
    // fixtures/README.md, "Aggregates per milestone": assigned, achieving, not_achieving, never, not_started, missed.
    expect(counts).toEqual({
      setup: '8 6 0 1 1 2',
      activated: '8 4 0 3 1 0',
      utilization: '5 3 1 0 1 0',
      maturity: '2 1 1 0 0 0',
      pql: '7 5 0 2 0 0',
      customer: '8 3 0 4 1 0',
      expansion: '2 0 0 0 2 0',
      user_activated: '29 9 0 19 1 0',
    });
    // 6 of 8 achieving setup is 75%.
    expect(milestones?.[0]?.achieving_pct).toBe('75');
    // lifecycle: none stark, wayne; setup initech, wonka; utilization globex, umbrella; maturity acme, hooli.
    expect((stages ?? []).map((r) => `${r.stage}=${r.accounts}`)).toEqual([
      '(none)=2',
      'setup=2',
      'activated=0',
      'utilization=2',
      'maturity=2',
    ]);
  });

  it('stores statuses and history with the hand-checked instants', async () => {
    const rows = await withWarehouse(join(dir, 'milestones.duckdb'), (w) =>
      w.all<{ milestone_id: string; actor_id: string; status: string; completed_at: string }>(
        `SELECT milestone_id, actor_id, status, strftime(completed_at, '%m-%d %H:%M') AS completed_at
         FROM milestone_status WHERE actor_id IN ('hooli', 'initech') AND milestone_id IN ('utilization', 'activated', 'setup')
         ORDER BY ALL`,
      ),
    );
    // README: hooli activated 02-20 16:00Z, setup 02-16 14:31Z, utilization not_achieving 03-12 14:00Z;
    // initech activated never_achieved (the 3rd report is exactly at the window end), setup 02-03 15:00Z.
    expect(rows.map((r) => `${r.milestone_id}/${r.actor_id} ${r.status} ${r.completed_at ?? '-'}`)).toEqual([
      'activated/hooli achieving 02-20 16:00',
      'activated/initech never_achieved -',
      'setup/hooli achieving 02-16 14:31',
      'setup/initech achieving 02-03 15:00',
      'utilization/hooli not_achieving 03-12 14:00',
    ]);
    const history = await withWarehouse(join(dir, 'milestones.duckdb'), (w) =>
      w.all<{ line: string }>(
        `SELECT strftime(ts, '%m-%d %H:%M') || ' ' || type AS line FROM milestone_history
         WHERE milestone_id = 'utilization' AND actor_id = 'umbrella' AND type <> 'milestone_updated' ORDER BY ts`,
      ),
    );
    // README: completed 02-05 16:00Z, lost 03-01 16:00Z, regained 04-11 15:00Z.
    expect(history.map((r) => r.line)).toEqual([
      '02-05 16:00 milestone_completed',
      '03-01 16:00 milestone_lost',
      '04-11 15:00 milestone_regained',
    ]);
  });

  it('as of an earlier date, and JSON output', async () => {
    // As of 2026-03-31 (New York): umbrella lost utilization (03-01) and regains only 04-11.
    const result = await cli('compute', '--as-of', '2026-03-31', '--format', 'json');
    expect(result.exitCode, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as {
      as_of: string;
      milestones: { milestone: string; not_achieving: number }[];
    };
    // End of 03-31 in New York (EDT) = 04-01 03:59:59.999999Z, printed with its fraction (it once dropped it).
    expect(out.as_of).toBe('2026-04-01T03:59:59.999999Z');
    const utilization = out.milestones.find((m) => m.milestone === 'utilization');
    // umbrella not_achieving then; hooli still achieving (lost 04-08).
    expect(utilization?.not_achieving).toBe(1); // a JSON number, not "1"
  });

  it('a bad --as-of exits 2 and changes nothing', async () => {
    const before = readFileSync(join(dir, 'milestones.duckdb'));
    const result = await cli('compute', '--as-of', 'yesterday-ish');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--as-of "yesterday-ish" is not a date or timestamp/);
    expect(result.stdout).toBe('');
    expect(readFileSync(join(dir, 'milestones.duckdb')).equals(before)).toBe(true);
  });
});

describe('compute on a milestone whose event never occurs', () => {
  it('computes it (never_achieved) and warns on stderr', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'milestones-e2e-compute-'));
    try {
      writeFileSync(
        join(folder, 'events.csv'),
        'ts,account_id,event\n2026-01-01 10:00:00,a1,login\n2026-01-02 10:00:00,a2,login\n',
      );
      writeFileSync(
        join(folder, 'milestones.yaml'),
        'version: 1\nsources:\n  events:\n    path: events.csv\nmilestones:\n  - id: ghost\n    criteria:\n      - event: sign_in\n',
      );
      const result = await execa('node', [BIN, 'compute', '--db', ':memory:', '--format', 'json'], {
        cwd: folder,
        reject: false,
      });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stderr).toMatch(
        /warning\[unknown-event\]: milestone "ghost", criterion 1: event "sign_in" never occurs/,
      );
      const [milestones] = jsonTables(result.stdout, ['milestones']);
      expect(milestones?.[0]).toMatchObject({ milestone: 'ghost', assigned: '2', never_achieved: '2' });
      expect(existsSync(join(folder, 'milestones.duckdb'))).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
