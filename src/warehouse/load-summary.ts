/**
 * The figures `milestones load` prints per table: what this run did (files,
 * rows added, removed, rejected) next to what the table now holds (rows,
 * time range, distinct accounts, contacts and event names). Small aggregates only.
 */
import { ident } from '../compiler/quote.js';
import { DISTINCT_ACTORS_SQL } from '../compiler/statuses/first-seen.js';
import type { Diagnostic } from '../errors.js';
import type { LoadReport, TableReport } from './load-report.js';
import type { Warehouse } from './session.js';
import type { LoadedTable } from './table-layout.js';
import { isoInstantSql } from '../compiler/time.js';

export interface TableSummary {
  table: LoadedTable;
  files_loaded: number;
  /** Unchanged, or the same content as a file already loaded. */
  files_skipped: number;
  rows_added: bigint;
  rows_removed: bigint;
  rows_rejected: bigint;
  total_rows: bigint;
  /** ISO 8601 with `Z`, its fraction kept (compiler/time.ts). */
  first_ts: string | null;
  last_ts: string | null;
  accounts: bigint | null;
  contacts: bigint | null;
  event_names: bigint | null;
}

interface TableStats {
  total_rows: bigint;
  /** ISO 8601 with `Z`, its fraction kept (compiler/time.ts). */
  first_ts: string | null;
  last_ts: string | null;
  accounts: bigint | null;
  contacts: bigint | null;
  event_names: bigint | null;
  no_account: bigint | null;
}

/** Instants as the CLI prints them, fraction kept (a JS Date holds milliseconds only). */
const ISO = isoInstantSql;

const NO_TABLE: TableStats = {
  total_rows: 0n,
  first_ts: null,
  last_ts: null,
  accounts: null,
  contacts: null,
  event_names: null,
  no_account: null,
};

const STATS: Record<LoadedTable, string> = {
  // Distinct accounts and contacts come from the per-file summaries (eventsActors).
  events:
    `count(*) AS total_rows, ${ISO('min("ts")')} AS first_ts, ${ISO('max("ts")')} AS last_ts, NULL AS accounts, ` +
    'NULL AS contacts, count(DISTINCT "event") AS event_names, ' +
    'count(*) FILTER (WHERE "account_id" IS NULL) AS no_account',
  accounts:
    'count(*) AS total_rows, NULL AS first_ts, NULL AS last_ts, count(DISTINCT "account_id") AS accounts, ' +
    'NULL AS contacts, NULL AS event_names, NULL AS no_account',
  contacts:
    'count(*) AS total_rows, NULL AS first_ts, NULL AS last_ts, count(DISTINCT "account_id") AS accounts, ' +
    'count(DISTINCT "contact_id") AS contacts, NULL AS event_names, NULL AS no_account',
  survey_responses:
    `count(*) AS total_rows, ${ISO('min("ts")')} AS first_ts, ${ISO('max("ts")')} AS last_ts, count(DISTINCT "account_id") AS accounts, ` +
    'count(DISTINCT "contact_id") AS contacts, NULL AS event_names, ' +
    'count(*) FILTER (WHERE "account_id" IS NULL) AS no_account',
};

export async function summarizeLoad(
  warehouse: Warehouse,
  report: LoadReport,
): Promise<{ rows: TableSummary[]; warnings: Diagnostic[] }> {
  const rows: TableSummary[] = [];
  const warnings: Diagnostic[] = [];
  for (const table of report.tables) {
    // A source the config dropped leaves no table (load-sources.ts, dropIfUnused): it holds nothing.
    if (!(await warehouse.tableExists(table.table))) {
      rows.push(summaryRow(table, NO_TABLE));
      continue;
    }
    const stats = await warehouse.one<TableStats>(`SELECT ${STATS[table.table]} FROM ${ident(table.table)}`);
    if (!stats) continue;
    if (table.table === 'events') Object.assign(stats, await eventsActors(warehouse));
    rows.push(summaryRow(table, stats));
    if (stats.no_account !== null && stats.no_account > 0n) {
      warnings.push({
        severity: 'warning',
        code: 'no-account',
        message: `${table.table}: ${stats.no_account} row${stats.no_account === 1n ? ' has' : 's have'} no account_id (a contact that is not in contacts)`,
        hint: 'load contacts with those contact ids, or map account_id; account-level analyses leave these rows out',
      });
    }
  }
  return { rows, warnings };
}

function summaryRow(table: TableReport, stats: TableStats): TableSummary {
  const count = (statuses: string[]) => table.files.filter((f) => statuses.includes(f.status)).length;
  return {
    table: table.table,
    files_loaded: count(['loaded', 'replaced', 'empty']),
    files_skipped: count(['unchanged', 'duplicate']),
    rows_added: table.rowsAdded,
    rows_removed: table.rowsRemoved,
    rows_rejected: table.rejected,
    total_rows: stats.total_rows,
    first_ts: stats.first_ts,
    last_ts: stats.last_ts,
    accounts: stats.accounts,
    contacts: stats.contacts,
    event_names: stats.event_names,
  };
}

/**
 * Distinct accounts and contacts of the events: from the per-file summaries
 * the loader keeps, which this load just refreshed (first-seen-summaries.ts),
 * plus the rows no loader wrote.
 */
async function eventsActors(warehouse: Warehouse): Promise<{ accounts: bigint; contacts: bigint }> {
  return (await warehouse.one<{ accounts: bigint; contacts: bigint }>(DISTINCT_ACTORS_SQL))!;
}
