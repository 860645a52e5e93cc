/**
 * `milestones compute` publishes statuses and conversions in ONE transaction
 * (the built CLI, `npm run build` first). The config declares no sources, so
 * the test writes `events` itself; a conversion reading a malformed JSON
 * property fails at run time on data, after the statuses were built: nothing
 * may change, neither `milestone_status` nor `conversion_*`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withWarehouse } from '../../src/warehouse/session.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

// `pay` is read only by the conversion (its `plan` property), `buy` by the milestone.
const CONFIG = `version: 1
timezone: UTC
milestones:
  - id: bought
    name: Bought
    criteria:
      - event: buy
conversions:
  - id: buy_to_pay
    name: Buy to pay
    steps:
      - bought
      - event: pay
        where:
          plan: pro
    window: 30d
`;

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-atomic-'));
  db = join(dir, 'milestones.duckdb');
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

/** Every stored row of the result tables, timestamps as text. */
const stored = () =>
  withWarehouse(db, async (w) => ({
    status: await w.allJson(
      `SELECT milestone_id, actor_id, status, CAST(completed_at AS VARCHAR) AS completed_at,
         CAST(as_of AS VARCHAR) AS as_of FROM milestone_status ORDER BY ALL`,
    ),
    steps: await w.allJson(
      'SELECT conversion_id, step, reached, CAST(as_of AS VARCHAR) AS as_of FROM conversion_steps ORDER BY ALL',
    ),
    actors: await w.allJson(
      `SELECT conversion_id, actor_id, converted, CAST(as_of AS VARCHAR) AS as_of
       FROM conversion_actors ORDER BY ALL`,
    ),
    inputs: await w.allJson('SELECT fingerprint FROM _conversion_inputs'),
  }));

it('a conversion failing on data changes neither the statuses nor the conversions', async () => {
  await withWarehouse(db, async (w) => {
    await w.run(
      'CREATE TABLE events (ts TIMESTAMP, account_id VARCHAR, contact_id VARCHAR, event VARCHAR, properties VARCHAR)',
    );
    await w.run(
      `INSERT INTO events VALUES ('2026-01-01 00:00:00', 'a1', NULL, 'buy', '{}'),
         ('2026-01-02 00:00:00', 'a1', NULL, 'pay', '{"plan": "pro"}')`,
    );
  });
  const first = await cli('compute', '--format', 'json');
  expect(first.exitCode, first.stderr).toBe(0);
  const before = await stored();
  // T is the latest event, 01-02; a1 bought on 01-01 and paid on 01-02: entered and converted.
  expect(before.status).toEqual([
    {
      milestone_id: 'bought',
      actor_id: 'a1',
      status: 'achieving',
      completed_at: '2026-01-01 00:00:00',
      as_of: '2026-01-02 00:00:00',
    },
  ]);
  expect(before.actors).toEqual([
    { conversion_id: 'buy_to_pay', actor_id: 'a1', converted: true, as_of: '2026-01-02 00:00:00' },
  ]);

  // a2 buys (the statuses build fine), then pays with malformed JSON: the conversion's scan fails.
  await withWarehouse(db, (w) =>
    w.run(
      `INSERT INTO events VALUES ('2026-01-03 00:00:00', 'a2', NULL, 'buy', '{}'),
         ('2026-01-04 00:00:00', 'a2', NULL, 'pay', '{"plan": pro')`,
    ),
  );
  const failed = await cli('compute', '--format', 'json');
  expect(failed.exitCode).toBe(2);
  expect(failed.stderr).toMatch(/step "_cv_buy_to_pay__events" failed: .*JSON/i);
  expect(failed.stdout).toBe('');
  expect(await stored()).toEqual(before);

  // Fixed data: both are replaced, at the same T (the latest event, 01-04).
  await withWarehouse(db, (w) =>
    w.run(`UPDATE events SET properties = '{"plan": "pro"}' WHERE account_id = 'a2' AND event = 'pay'`),
  );
  const fixed = await cli('compute', '--format', 'json');
  expect(fixed.exitCode, fixed.stderr).toBe(0);
  const after = await stored();
  expect(after.status.map((r) => `${r.actor_id} ${r.completed_at} ${r.as_of}`)).toEqual([
    'a1 2026-01-01 00:00:00 2026-01-04 00:00:00',
    'a2 2026-01-03 00:00:00 2026-01-04 00:00:00',
  ]);
  expect(after.actors.map((r) => `${r.actor_id} ${r.converted} ${r.as_of}`)).toEqual([
    'a1 true 2026-01-04 00:00:00',
    'a2 true 2026-01-04 00:00:00',
  ]);
  // The fingerprint now records the new T (and data), so `conversions` will not recompute the statuses.
  expect(after.inputs).not.toEqual(before.inputs);
});
