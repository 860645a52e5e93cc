/**
 * `milestones compile` end to end: the SQL of the example's plan, readable
 * and runnable as one script against a loaded warehouse.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { Warehouse } from '../../src/warehouse/session.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');
const EXAMPLE = join(ROOT, 'milestones.example.yaml');

const cli = (...args: string[]) => execa('node', [BIN, ...args], { cwd: ROOT, reject: false });

it('prints a script the DuckDB shell can run, which publishes the same statuses', async () => {
  const result = await cli('compile', '-c', EXAMPLE);
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/^-- as_of\nSET VARIABLE ms_as_of = /);
  expect(result.stdout).toMatch(/\n-- _ms_events__1\nCREATE OR REPLACE TEMP (TABLE|VIEW) "_ms_events__1" AS/);
  expect(result.stdout).toMatch(/BEGIN TRANSACTION;\n\n-- milestone_status\n[^]*COMMIT;\n/);
  // Then the conversions plan, which reads the statuses published above.
  expect(result.stdout).toMatch(/\n-- conversion_steps\n[^]*$/);
  const dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-compile-'));
  const w = await Warehouse.open(join(dir, 'w.duckdb'));
  try {
    await loadSources(w, loadProject(EXAMPLE));
    await w.run(result.stdout);
    // fixtures/README.md: 6 accounts achieving setup, 9 contacts achieving user_activated.
    const rows = await w.all<{ milestone_id: string; n: bigint }>(
      "SELECT milestone_id, count(*) AS n FROM milestone_status WHERE status = 'achieving' GROUP BY ALL ORDER BY ALL",
    );
    expect(Object.fromEntries(rows.map((r) => [r.milestone_id, Number(r.n)]))).toMatchObject({
      setup: 6,
      user_activated: 9,
    });
    // fixtures/README.md, conversions as of T: trial_to_customer has 5 entered, 3 converted.
    const funnel = await w.all<{ step: number; reached: bigint }>(
      "SELECT step, reached FROM conversion_steps WHERE conversion_id = 'trial_to_customer' AND breakdown IS NULL ORDER BY step",
    );
    expect(funnel.map((r) => Number(r.reached))).toEqual([5, 4, 3]);
  } finally {
    w.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('prints one milestone with everything it needs, and suggests a close id for an unknown one', async () => {
  const one = await cli('compile', '-c', EXAMPLE, '--milestone', 'utilization');
  expect(one.exitCode).toBe(0);
  // The as-of variable and the shared tables it reads come first, then its own statements.
  expect(one.stdout).toMatch(/^-- as_of\nSET VARIABLE ms_as_of = /);
  expect(one.stdout).toMatch(/\n-- _ms_account_actors\n[^]*\n-- _ms_utilization__actors\n/);
  // utilization depends on no milestone: nothing of setup, nothing published.
  expect(one.stdout).not.toMatch(/_ms_setup__/);
  expect(one.stdout).not.toMatch(/BEGIN TRANSACTION|milestone_status/);
  const bad = await cli('compile', '-c', EXAMPLE, '--milestone', 'utilisation');
  expect(bad.exitCode).toBe(2);
  expect(bad.stderr).toMatch(/unknown milestone "utilisation"[^]*did you mean "utilization"/);
});

it('prints a milestone script that runs on its own, statement by statement, dependencies included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-compile-'));
  const file = join(dir, 'w.duckdb');
  const loader = await Warehouse.open(file);
  await loadSources(loader, loadProject(EXAMPLE)).finally(() => loader.close());
  // Temp tables live in one connection: each script runs in a fresh session, so it cannot
  // lean on tables another script built.
  let w = await Warehouse.open(file);
  try {
    const statements = async (id: string): Promise<string[]> => {
      const result = await cli('compile', '-c', EXAMPLE, '--milestone', id);
      expect(result.exitCode, result.stderr).toBe(0);
      return result.stdout.split(/\n\n(?=-- )/);
    };
    // maturity depends on utilization (currently: true); nothing else ran before in this session.
    const maturity = await statements('maturity');
    expect(maturity.some((s) => s.startsWith('-- _ms_utilization__status\n'))).toBe(true);
    for (const sql of maturity) await w.run(sql);
    // fixtures/README.md: maturity is assigned to acme and hooli (segment enterprise);
    // acme achieving since 02-18 16:00 EST (21:00Z); hooli completed 03-13 14:00 EDT (18:00Z), not achieving at T.
    const rows = await w.all<{ actor_id: string; status: string; completed_at: Date }>(
      'SELECT actor_id, status, completed_at FROM "_ms_maturity__status" ORDER BY actor_id',
    );
    expect(rows.map((r) => [r.actor_id, r.status, r.completed_at.toISOString()])).toEqual([
      ['acme', 'achieving', '2026-02-18T21:00:00.000Z'],
      ['hooli', 'not_achieving', '2026-03-13T18:00:00.000Z'],
    ]);

    w.close();
    w = await Warehouse.open(file);
    // activated depends on setup and, through contacts:, on the contact milestone user_activated.
    const activated = await statements('activated');
    const heads = activated.map((s) => s.split('\n')[0]);
    expect(heads).toEqual(
      expect.arrayContaining([
        '-- _ms_contact_actors',
        '-- _ms_setup__status',
        '-- _ms_user_activated__status',
      ]),
    );
    for (const sql of activated) await w.run(sql);
    // fixtures/README.md summary: activated has 8 assigned: 4 achieving, 3 never_achieved, 1 not_started.
    const counts = await w.all<{ status: string; n: bigint }>(
      'SELECT status, count(*) AS n FROM "_ms_activated__status" GROUP BY ALL ORDER BY ALL',
    );
    expect(Object.fromEntries(counts.map((r) => [r.status, Number(r.n)]))).toEqual({
      achieving: 4,
      never_achieved: 3,
      not_started: 1,
    });
  } finally {
    w.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
