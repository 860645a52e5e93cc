/**
 * Storing results: tables replaced in one transaction (a failed run leaves
 * the previous results), a run of some conversions keeps the others' rows,
 * and milestone statuses are recomputed only when their inputs changed.
 */
import { describe, expect, it } from 'vitest';
import type { Milestone } from '../../src/definitions/model.js';
import { ensureStatuses } from '../../src/compute/run-compute.js';
import { computeConversions } from '../../src/conversions/run-conversions.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { conversion, event, ms, projectWith, run, warehouseWith } from './harness.js';

const T = '2026-03-01 00:00:00';

/** Whether ensureStatuses computed (it returns the conversions' results then). */
const stale = async (...args: Parameters<typeof ensureStatuses>) =>
  (await ensureStatuses(...args)) !== undefined;

async function storedCounts(w: Awaited<ReturnType<typeof warehouseWith>>) {
  return w.all<{ conversion_id: string; step: number; reached: bigint }>(
    'SELECT conversion_id, step, reached FROM conversion_steps ORDER BY ALL',
  );
}

describe('publishing', () => {
  it('replaces only the rows of the conversions computed, and every table on a full run', async () => {
    const w = await warehouseWith({
      events: [
        ['2026-01-01 00:00:00', 'a', null, 'signup'],
        ['2026-01-02 00:00:00', 'a', null, 'paid'],
      ],
    });
    const one = conversion([event('signup'), event('paid')], { id: 'one' });
    const two = conversion([event('signup'), event('paid')], { id: 'two' });
    await run(w, [one, two], T);
    await w.run(
      "INSERT INTO events (ts, account_id, contact_id, event, properties, _load_id) VALUES ('2026-01-01 00:00:00', 'b', NULL, 'signup', '{}', NULL)",
    );
    // Only "one" again: b enters "one" (2 entered); "two" keeps its stored 1.
    await computeConversions(w, projectWith([one, two]), { asOf: T, ids: ['one'] });
    expect(await storedCounts(w)).toEqual([
      { conversion_id: 'one', step: 1, reached: 2n },
      { conversion_id: 'one', step: 2, reached: 1n },
      { conversion_id: 'two', step: 1, reached: 1n },
      { conversion_id: 'two', step: 2, reached: 1n },
    ]);
    // A full run of only "one" defined drops "two" everywhere.
    await run(w, [one], T);
    for (const table of [
      'conversion_steps',
      'conversion_touchpoints',
      'conversion_attribution',
      'conversion_paths',
      'conversion_actors',
    ]) {
      const rows = await w.all<{ id: string }>(`SELECT DISTINCT conversion_id AS id FROM ${table}`);
      expect(
        rows.every((r) => r.id === 'one'),
        table,
      ).toBe(true);
    }
  });

  it('leaves the previous results when a run fails, in the build or in the publish phase', async () => {
    const w = await warehouseWith({
      events: [
        ['2026-01-01 00:00:00', 'a', null, 'signup'],
        ['2026-01-02 00:00:00', 'a', null, 'paid'],
      ],
    });
    const c = conversion([event('signup'), event('paid')]);
    await run(w, c, T);
    const before = await storedCounts(w);
    await w.run(
      "INSERT INTO events (ts, account_id, contact_id, event, properties, _load_id) VALUES ('2026-01-01 00:00:00', 'b', NULL, 'signup', '{}', NULL)",
    );
    // Publish: conversion_steps is replaced first, then conversion_paths fails (it is now a view): all rolled back.
    await w.run('DROP TABLE conversion_paths');
    await w.run('CREATE VIEW conversion_paths AS SELECT 1 AS x');
    await expect(run(w, c, T)).rejects.toThrow();
    expect(await storedCounts(w)).toEqual(before);
    // Build: a "ts" that is not a time fails the first statement; nothing is published.
    await w.run(
      "CREATE OR REPLACE TABLE events AS SELECT 'x' AS ts, 'b' AS account_id, NULL AS contact_id, 'signup' AS event",
    );
    await expect(run(w, c, T)).rejects.toThrow();
    expect(await storedCounts(w)).toEqual(before);
  });
});

const setup: Milestone = {
  id: 'setup',
  name: 'setup',
  level: 'account',
  criteria: [
    {
      kind: 'event',
      id: '1',
      event: 'app_installed',
      where: [],
      aggregate: { fn: 'count' },
      threshold: { atLeast: 1 },
    },
  ],
  evaluation: { start: { kind: 'first_seen' }, countHistory: false },
  assign: { where: [] },
  overrides: [],
};

describe('milestone statuses', () => {
  it('are computed when missing, reused when current, recomputed when the definitions change', async () => {
    const w = await warehouseWith({
      events: [
        ['2026-01-01 00:00:00', 'a', null, 'app_installed'],
        ['2026-01-05 00:00:00', 'a', null, 'paid'],
      ],
    });
    const c = conversion([ms('setup'), event('paid')]);
    const project = projectWith([c], { milestones: [setup] });
    const tables = await readTables(w);
    // No milestone_status yet: computed (a set up on 01-01).
    expect(await stale(w, project, { asOf: T, tables })).toBe(true);
    const [first] = await computeConversions(w, project, { asOf: T, tables });
    expect(first!.converted).toBe(1n);
    // Same definitions, data and T: reused.
    expect(await stale(w, project, { asOf: T, tables })).toBe(false);
    // Another T: recomputed.
    expect(await stale(w, project, { asOf: '2026-02-01 00:00:00', tables })).toBe(true);
    await computeConversions(w, project, { asOf: '2026-02-01 00:00:00', tables });
    // The milestone now needs another event: recomputed, and a no longer enters.
    const changed = projectWith([c], {
      milestones: [
        { ...setup, criteria: [{ ...setup.criteria[0]!, event: 'other' } as Milestone['criteria'][number]] },
      ],
    });
    expect(await stale(w, changed, { asOf: T, tables })).toBe(true);
    const [second] = await computeConversions(w, changed, { asOf: T, tables });
    expect(second!.entered).toBe(0n);
  });

  it('are not needed by conversions of events only', async () => {
    const w = await warehouseWith({ events: [['2026-01-01 00:00:00', 'a', null, 'signup']] });
    const project = projectWith([conversion([event('signup'), event('paid')])], { milestones: [setup] });
    expect(await stale(w, project, { asOf: T, tables: await readTables(w) })).toBe(false);
    expect(await w.tableExists('milestone_status')).toBe(false);
  });
});

describe('milestone statuses and data written by hand', () => {
  it('are recomputed when the events change, even without the loaders', async () => {
    const w = await warehouseWith({ events: [['2026-01-01 00:00:00', 'a', null, 'app_installed']] });
    const project = projectWith([conversion([ms('setup'), event('paid')])], { milestones: [setup] });
    const tables = await readTables(w);
    expect(await stale(w, project, { asOf: T, tables })).toBe(true);
    await computeConversions(w, project, { asOf: T, tables });
    expect(await stale(w, project, { asOf: T, tables })).toBe(false);
    await w.run(
      "INSERT INTO events (ts, account_id, contact_id, event, properties, _load_id) VALUES ('2026-01-02 00:00:00', 'b', NULL, 'app_installed', '{}', NULL)",
    );
    expect(await stale(w, project, { asOf: T, tables })).toBe(true);
  });
});
