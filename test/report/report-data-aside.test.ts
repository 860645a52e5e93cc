/**
 * startReportData reads the totals (the one read that scans every event) on
 * a second connection while the other reads run. Whichever side fails, the
 * failure reaches the caller, nothing is left running on the second
 * connection, and the warehouse stays usable (no unhandled rejection, which
 * vitest would report as an error).
 *
 * Events: a installs 01-01 and pays 01-03, b installs 01-02: 2 accounts, no contacts, 3 events.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/definitions/load-definitions.js';
import type { Project } from '../../src/definitions/model.js';
import { startReportData } from '../../src/report/data/data.js';
import { STORED_TOTALS } from '../../src/report/data/totals.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { ensureComputed } from '../../src/compute/run-compute.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';

const CONFIG = `version: 1
timezone: UTC
sources:
  events:
    path: events.csv
    columns: {ts: occurred_at, account_id: account, event: event_name}
milestones:
  - id: setup
    criteria: [{event: app_installed}]
`;

const EVENTS = `occurred_at,account,event_name
2026-01-01 10:00:00,a,app_installed
2026-01-03 10:00:00,a,paid
2026-01-02 10:00:00,b,app_installed
`;

const T = '2026-01-03 10:00:00';
let dir: string;
let project: Project;
let w: Warehouse;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-report-aside-'));
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  writeFileSync(join(dir, 'events.csv'), EVENTS);
  project = loadProject(join(dir, 'milestones.yaml'));
  w = await Warehouse.open(join(dir, 'w.duckdb'));
  await loadSources(w, project);
  await ensureComputed(w, project, { asOf: T, tables: await readTables(w) });
});

afterAll(() => {
  w.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('startReportData', () => {
  it('returns the sections data, then the totals read aside', async () => {
    const read = await startReportData(w, project, T);
    expect(read.data.milestones.map((m) => m.counts.achieving)).toEqual([2n]); // a and b installed
    // a and b; no contacts table and no contact ids; 3 events from 01-01 10:00 to 01-03 10:00.
    expect(await read.totals).toEqual({
      accounts: 2n,
      contacts: 0n,
      events: 3n,
      firstEvent: '2026-01-01T10:00:00Z',
      lastEvent: '2026-01-03T10:00:00Z',
    });
  });

  it('fails when a section read fails, once the totals are done, and leaves the warehouse usable', async () => {
    await w.run('ALTER TABLE "milestone_history" RENAME TO "history_aside"');
    try {
      await expect(startReportData(w, project, T)).rejects.toThrow(/milestone_history/);
    } finally {
      await w.run('ALTER TABLE "history_aside" RENAME TO "milestone_history"');
    }
    expect((await w.one<{ n: bigint }>('SELECT count(*) AS n FROM "events"'))?.n).toBe(3n);
  });

  it('hands a failed totals read to the caller, who awaits it', async () => {
    // Only the totals read contacts: a view that fails when read fails them alone (when not stored).
    await w.run(`DROP TABLE IF EXISTS "${STORED_TOTALS}"`);
    await w.run(`CREATE VIEW "contacts" AS SELECT CAST('not a number' AS INTEGER) AS "contact_id"`);
    try {
      const read = await startReportData(w, project, T);
      expect(read.data.milestones).toHaveLength(1);
      await expect(read.totals).rejects.toThrow(/not a number/);
    } finally {
      await w.run('DROP VIEW "contacts"');
    }
  });
});

describe('stored totals', () => {
  const tamper = () => w.run(`UPDATE "${STORED_TOTALS}" SET "accounts" = 99`);
  const accounts = async () => (await (await startReportData(w, project, T)).totals).accounts;

  it('are read back while the compute is the same, and counted again after another compute', async () => {
    expect(await accounts()).toBe(2n); // counted (a, b) and stored
    // A changed stored row comes back: the second report reads the store, not the events.
    await tamper();
    expect(await accounts()).toBe(99n);
    // Another T is another compute (another fingerprint): counted again, 2 accounts.
    await ensureComputed(w, project, { asOf: '2026-01-02 12:00:00', tables: await readTables(w) });
    expect(await accounts()).toBe(2n);
    await tamper();
    await ensureComputed(w, project, { asOf: T, tables: await readTables(w) });
    expect(await accounts()).toBe(2n);
  });

  it('are counted, not stored, when no compute fingerprint is kept', async () => {
    const saved = (await w.one<{ f: string }>('SELECT "fingerprint" AS f FROM "_compute_inputs"'))!.f;
    await w.run('DROP TABLE "_compute_inputs"');
    try {
      await tamper();
      expect(await accounts()).toBe(2n);
      expect((await w.one<{ a: bigint }>(`SELECT "accounts" AS a FROM "${STORED_TOTALS}"`))?.a).toBe(99n);
    } finally {
      await w.run(`CREATE TABLE "_compute_inputs" AS SELECT '${saved}' AS "fingerprint"`);
    }
  });
});
