/**
 * Golden SQL of an incremental run's plan (docs/FEED.md "Incremental
 * compute"): one criterion of each way it continues from the stored state,
 * in test/golden/incremental.sql for review in diffs. What the plan computes
 * is checked by hand in test/incremental/carry.test.ts and against full
 * computes in test/incremental/incremental.property.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { declaredTables } from '../../src/compiler/columns.js';
import { compilePlan, renderPlan } from '../../src/compiler/statuses/plan.js';
import { day, ev, milestone, project } from '../statuses/harness.js';

const p = project([
  milestone('m', [
    ev('x', { atLeast: 3 }),
    ev('x', { aggregate: { fn: 'sum', property: 'amount' }, atLeast: 5 }),
    ev('x', { aggregate: { fn: 'distinct_contacts' }, atLeast: 2 }),
    ev('x', { atLeast: 2, within: { kind: 'last', duration: day(1) } }),
  ]),
]);
const declared = declaredTables(p);
const tables = { ...declared, events: [...declared.events, { name: '_load_id', type: 'BIGINT' }] };
const plan = compilePlan(p, {
  tables,
  asOf: '2026-01-03 00:00:00',
  incremental: { previousAsOf: '2026-01-02 00:00:00', addedLoads: ['2'], removedLoads: ['1'] },
});
const sql = (name: string) => plan.statements.find((s) => s.name === name)?.sql ?? '';

it('compiles an incremental run', async () => {
  await expect(renderPlan(plan)).toMatchFileSnapshot('../golden/incremental.sql');
});

it('reads events after T0, and T0 - D for a rolling window, plus the carry of criteria without one', () => {
  expect(sql('_ms_m__c1__deltas')).toContain(`e."ts" > getvariable('ms_previous_as_of')\n`);
  expect(sql('_ms_m__c1__deltas')).toContain('"_ms_state"."carry__m__c1"');
  expect(sql('_ms_m__c4__new')).toContain(`e."ts" > getvariable('ms_previous_as_of') - INTERVAL`);
  expect(sql('_ms_m__c4__new')).not.toContain('"_ms_state"."carry__m__c4"');
  // The universes are not narrowed to the rebuilt actors: everyone continues.
  expect(sql('_ms_account_actors')).not.toContain('_ms_affected');
});

it('keeps the state for the next run in its publish', () => {
  const names = plan.statements.filter((s) => s.phase === 'publish').map((s) => s.name);
  expect(names).toEqual(
    expect.arrayContaining([
      'state_flips',
      'state_carry__m__c1',
      'state_carry__m__c2',
      'state_carry__m__c3',
      'state_run',
    ]),
  );
  expect(names).not.toContain('state_carry__m__c4');
});

describe('an incremental run whose stored statuses are published by key', () => {
  const q = project([
    milestone('m', [ev('x', { atLeast: 2 })]),
    milestone('n', [{ kind: 'milestone', id: '1', milestone: 'm', currently: true }, ev('y')]),
    milestone('u', [ev('x')], { level: 'contact' }),
    milestone('team', [
      { kind: 'contacts', id: '1', milestone: 'u', currently: false, threshold: { atLeast: 2 } },
    ]),
  ]);
  const keyed = compilePlan(q, {
    tables: {
      ...declaredTables(q),
      events: [...declaredTables(q).events, { name: '_load_id', type: 'BIGINT' }],
    },
    asOf: '2026-01-03 00:00:00',
    incremental: { previousAsOf: '2026-01-02 00:00:00', addedLoads: ['2'], removedLoads: [] },
    statusByChanges: true,
  });
  const keyedSql = (name: string): string => {
    const statement = keyed.statements.find((s) => s.name === name);
    if (!statement) throw new Error(`no statement ${name}`); // a renamed one must not pass the not.toContain checks
    return statement.sql;
  };

  it('compiles', async () => {
    await expect(renderPlan(keyed)).toMatchFileSnapshot('../golden/incremental-by-key.sql');
  });

  it('computes only the touched actors, and a dependent reads the whole history through a view', () => {
    expect(keyedSql('_ms_m__status')).not.toContain('"milestone_status"');
    expect(keyedSql('_ms_m__history')).not.toContain('"milestone_history"');
    expect(keyedSql('_ms_m__history_all')).toContain('"milestone_history"');
    expect(keyedSql('_ms_n__c1')).toContain('"_ms_m__history_all"');
    expect(keyedSql('_ms_team__c1__deltas')).toContain('"_ms_u__status_all"');
  });

  it('publishes the status by the keys it replaced, never by comparing every row', () => {
    const names = keyed.statements.filter((s) => s.phase === 'publish').map((s) => s.name);
    expect(names).toContain('milestone_status__retire');
    expect(names).not.toContain('milestone_status__changes');
    expect(keyedSql('_ms_status')).toContain('ANTI JOIN "_ms_status_replaced"');
  });
});
