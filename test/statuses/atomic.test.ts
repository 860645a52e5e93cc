/**
 * A failed compute leaves the previous result tables intact: the build steps
 * only write temp tables, and publishing replaces all result tables in one
 * transaction.
 */
import { expect, it } from 'vitest';
import { compilePlan } from '../../src/compiler/statuses/plan.js';
import { readTables, runPlan } from '../../src/warehouse/run-plan.js';
import { compute, ev, milestone, project, warehouseWith } from './harness.js';

const snapshot = async (w: Awaited<ReturnType<typeof warehouseWith>>) => ({
  status: await w.all(
    'SELECT milestone_id, actor_id, status, completed_at FROM milestone_status ORDER BY ALL',
  ),
  history: await w.all('SELECT milestone_id, actor_id, ts, type FROM milestone_history ORDER BY ALL'),
  runs: await w.all('SELECT run_id FROM milestone_runs ORDER BY ALL'),
  feed: await w.all('SELECT seq, change, actor_id FROM milestone_feed ORDER BY ALL'),
});

it('a step failing on bad data publishes nothing', async () => {
  // properties is VARCHAR here, so a malformed JSON value gets in; reading its `plan` fails mid-run.
  const w = await warehouseWith([['2026-01-01 00:00:00', 'a1', null, 'buy']]);
  const p = project([
    milestone('m', [ev('buy', { where: [{ property: 'plan', op: 'eq', value: 'pro', negate: false }] })]),
  ]);
  await compute(w, project([milestone('m', [ev('buy')])]));
  const before = await snapshot(w);
  expect(before.status).toHaveLength(1);
  await w.run('ALTER TABLE events ALTER properties TYPE VARCHAR');
  await w.run(
    `INSERT INTO events (ts, account_id, event, properties) VALUES ('2026-01-02', 'a2', 'buy', '{"plan": pro')`,
  );
  await expect(compute(w, p)).rejects.toThrow(/step "_ms_m__c1__top" failed: .*JSON/i);
  expect(await snapshot(w)).toEqual(before);
  w.close();
});

it('a failure while publishing rolls every result table back', async () => {
  const w = await warehouseWith([['2026-01-01 00:00:00', 'a1', null, 'buy']]);
  await compute(w, project([milestone('m', [ev('buy')])]));
  const before = await snapshot(w);
  await w.run(`INSERT INTO events (ts, account_id, event) VALUES ('2026-01-02', 'a2', 'buy')`);
  const plan = compilePlan(project([milestone('m', [ev('buy')])]), { tables: await readTables(w) });
  // milestone_status is replaced first, the feed appended; then the source of milestone_history
  // disappears, so its INSERT fails inside the transaction.
  const run = runPlan(w, plan, {
    onStatement: async (s) => {
      if (s.name === 'milestone_history') await w.run('DROP TABLE "_ms_history_published"');
    },
  });
  await expect(run).rejects.toThrow(/step "milestone_history" failed/);
  // a2 would be a new row: the replaced milestone_status, the appended feed and run 2 were rolled back.
  expect(before.runs).toEqual([{ run_id: 1n }]);
  expect(await snapshot(w)).toEqual(before);
  w.close();
});
