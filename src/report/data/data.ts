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
 */
import { basename } from 'node:path';
import type { Project } from '../../definitions/model.js';
import type { Diagnostic } from '../../errors.js';
import type { ReportData, Totals } from '../types.js';
import { readConversions } from './conversions.js';
import { readCxAndTravelers } from './cx.js';
import { readJourneys } from './journeys.js';
import { readHistoryUnit, readMilestones } from './milestones.js';
import type { Row } from './row.js';
import type { Warehouse } from '../../warehouse/session.js';

const ISO = (sql: string) => `strftime(${sql}, '%Y-%m-%dT%H:%M:%SZ')`;

/** Accounts and contacts are those in their tables plus those seen in events, as the statuses count them. */
async function readTotals(w: Warehouse): Promise<Totals> {
  const has = async (t: string) => w.tableExists(t);
  const distinct = (parts: string[]) =>
    parts.length === 0
      ? 'CAST(0 AS BIGINT)'
      : `(SELECT count(DISTINCT "id") FROM (${parts.join(' UNION ALL ')}) AS u("id"))`;
  const events = await has('events');
  const accounts = [
    ...((await has('accounts')) ? ['SELECT "account_id" FROM "accounts"'] : []),
    ...(events ? ['SELECT "account_id" FROM "events"'] : []),
  ];
  const contacts = [
    ...((await has('contacts')) ? ['SELECT "contact_id" FROM "contacts"'] : []),
    ...(events ? ['SELECT "contact_id" FROM "events"'] : []),
  ];
  const eventStats = events
    ? `(SELECT count(*) FROM "events") AS events, (SELECT ${ISO('min("ts")')} FROM "events") AS first_event,
       (SELECT ${ISO('max("ts")')} FROM "events") AS last_event`
    : 'CAST(0 AS BIGINT) AS events, NULL AS first_event, NULL AS last_event';
  const row = (await w.one<Row>(
    `SELECT ${distinct(accounts)} AS accounts, ${distinct(contacts)} AS contacts, ${eventStats}`,
  ))!;
  return {
    accounts: row.accounts as bigint,
    contacts: row.contacts as bigint,
    events: row.events as bigint,
    firstEvent: (row.first_event as string | null) ?? null,
    lastEvent: (row.last_event as string | null) ?? null,
  };
}

async function readAsOf(w: Warehouse, project: Project, asOf: string): Promise<string> {
  const stored = project.milestones.length > 0 ? `(SELECT max("as_of") FROM "milestone_status")` : 'NULL';
  const row = await w.one<{ t: string }>(`SELECT ${ISO(`coalesce(${stored}, CAST(? AS TIMESTAMP))`)} AS t`, [
    asOf,
  ]);
  return row!.t;
}

/** Everything the report shows, read from current result tables (see ensureComputed in run-compute.ts). */
export async function readReportData(
  w: Warehouse,
  project: Project,
  asOf: string,
): Promise<{ data: ReportData; warnings: Diagnostic[] }> {
  const warnings: Diagnostic[] = [];
  const historyUnit = project.milestones.length > 0 ? await readHistoryUnit(w) : 'month';
  const data: ReportData = {
    project: basename(project.configPath),
    asOf: await readAsOf(w, project, asOf),
    timezone: project.timezone,
    totals: await readTotals(w),
    historyUnit,
    milestones: await readMilestones(w, project, historyUnit),
    journeys: await readJourneys(w, project),
    conversions: await readConversions(w, project),
    ...(await readCxAndTravelers(w, project, warnings)),
  };
  return { data, warnings };
}
