/**
 * What `milestones report` needs from the warehouse: first the results are
 * made current (computed by computeAll unless they already match the
 * definitions, data and T), then small aggregates are read with SQL into the
 * plain objects of src/report/types.ts. Nothing per event is read. This
 * module reads the header (T, totals) and puts the sections' reads together:
 * milestones.ts, journeys.ts, conversions.ts (with breakdowns.ts) and cx.ts
 * (the optional CX and traveler tables). The only part of src/report/ that
 * touches the warehouse; the renderers around it are pure.
 *
 *   await ensureComputed(w, project, { asOf: "2026-05-01 03:59:59", tables })  -> false (already current)
 *   await readReportData(w, project, '2026-05-01 03:59:59')
 *   -> { project: 'milestones.yaml', asOf: '2026-05-01T03:59:59Z', milestones: [...], ... }
 *   await startReportData(w, project, '2026-05-01 03:59:59')
 *   -> { data: {...all but totals}, totals: Promise<Totals>, warnings: [] }   (the totals read aside)
 */
import { basename } from 'node:path';
import type { Project } from '../../definitions/model.js';
import type { Diagnostic } from '../../errors.js';
import type { ReportData, Totals } from '../types.js';
import { readTotals } from './totals.js';
import { readCatalog, type Catalog } from './catalog.js';
import { readConversions } from './conversions.js';
import { readCxAndTravelers } from './cx.js';
import { readJourneys } from './journeys.js';
import { readHistoryUnit, readMilestones } from './milestones.js';
import type { Warehouse } from '../../warehouse/session.js';
import { isoInstantSql } from '../../compiler/time.js';

const ISO = isoInstantSql;

async function readAsOf(w: Warehouse, project: Project, asOf: string): Promise<string> {
  const stored = project.milestones.length > 0 ? `(SELECT max("as_of") FROM "milestone_status")` : 'NULL';
  const row = await w.one<{ t: string }>(
    `SELECT ${ISO('"i"')} AS t FROM (SELECT coalesce(${stored}, CAST(? AS TIMESTAMP)) AS "i")`,
    [asOf],
  );
  return row!.t;
}

/** The totals, read on a second connection (see startReportData); it is closed once they are read. */
async function readTotalsAside(w: Warehouse, catalog: Catalog): Promise<Totals> {
  const aside = await w.connectAgain();
  try {
    return await readTotals(aside, catalog);
  } finally {
    aside.close();
  }
}

/** The report's data but its totals, which are still being read. */
export interface ReportRead {
  data: Omit<ReportData, 'totals'>;
  /**
   * Settles before the warehouse may close: await it (also when drawing fails),
   * so that no statement is left running on the second connection.
   */
  totals: Promise<Totals>;
  warnings: Diagnostic[];
}

/**
 * Starts the totals on a second connection (when they are not stored, the
 * one read that scans every event, as slow as a plain GROUP BY of the events:
 * see totals.ts), reads the small aggregates meanwhile, and returns without
 * waiting for the totals: the caller draws the charts while DuckDB's threads
 * finish them.
 */
export async function startReportData(w: Warehouse, project: Project, asOf: string): Promise<ReportRead> {
  const catalog = await readCatalog(w);
  // Inside a transaction (a report at its own T, discarded afterwards) a second connection
  // would not see the results computed for it: the totals are read first, on this one.
  const totals = w.transactionOpen
    ? Promise.resolve(await readTotals(w, catalog))
    : readTotalsAside(w, catalog);
  // Handled when awaited; until then a failure must not count as an unhandled rejection.
  totals.catch(() => undefined);
  try {
    const warnings: Diagnostic[] = [];
    const historyUnit = project.milestones.length > 0 ? await readHistoryUnit(w) : 'month';
    const data: Omit<ReportData, 'totals'> = {
      project: basename(project.configPath),
      asOf: await readAsOf(w, project, asOf),
      timezone: project.timezone,
      historyUnit,
      milestones: await readMilestones(w, project, historyUnit),
      journeys: await readJourneys(w, project, catalog),
      conversions: await readConversions(w, project, catalog),
      ...(await readCxAndTravelers(w, project, catalog, warnings)),
    };
    return { data, totals, warnings };
  } catch (error) {
    await totals.catch(() => undefined);
    throw error;
  }
}

/** Everything the report shows, read from current result tables (see ensureComputed in run-compute.ts). */
export async function readReportData(
  w: Warehouse,
  project: Project,
  asOf: string,
): Promise<{ data: ReportData; warnings: Diagnostic[] }> {
  const read = await startReportData(w, project, asOf);
  return { data: { ...read.data, totals: await read.totals }, warnings: read.warnings };
}
