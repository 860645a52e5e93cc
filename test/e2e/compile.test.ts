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

it('prints one milestone, and suggests a close id for an unknown one', async () => {
  const one = await cli('compile', '-c', EXAMPLE, '--milestone', 'utilization');
  expect(one.exitCode).toBe(0);
  expect(one.stdout).toMatch(/^-- _ms_utilization__actors\n/);
  expect(one.stdout).not.toMatch(/_ms_setup__/);
  const bad = await cli('compile', '-c', EXAMPLE, '--milestone', 'utilisation');
  expect(bad.exitCode).toBe(2);
  expect(bad.stderr).toMatch(/unknown milestone "utilisation"[^]*did you mean "utilization"/);
});
