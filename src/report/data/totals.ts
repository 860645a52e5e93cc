/**
 * The header's totals: accounts and contacts (those in their tables plus
 * those seen in events, as the statuses count them), events and their time
 * range. Counting distinct ids scans every event, as costly as a plain
 * GROUP BY of the events table, the report's slowest read; so the totals are
 * stored with the fingerprint of the compute they go with (`_compute_inputs`,
 * which changes whenever the loaded files, table sizes, definitions or T
 * change) and read back while it is the same. The first report after new data
 * pays the scan; the next ones read one row.
 *
 *   await readTotals(w, catalog)
 *   -> { accounts: 10000n, contacts: 63656n, events: 10000000n, firstEvent: '2025-05-01T04:13:36Z', lastEvent: '…' }
 *   (and "_report_totals" holds them with the fingerprint)
 */
import { str } from '../../compiler/quote.js';
import { COMPUTE_INPUTS } from '../../warehouse/run-plan.js';
import type { Warehouse } from '../../warehouse/session.js';
import type { Totals } from '../types.js';
import type { Catalog } from './catalog.js';
import type { Row } from './row.js';
import { isoInstantSql } from '../../compiler/time.js';

/** The stored totals: one row, the fingerprint of the compute they were counted after. */
export const STORED_TOTALS = '_report_totals';

const ISO = isoInstantSql;

export function totalsSql(catalog: Catalog): string {
  const has = (t: string) => catalog.has(t);
  const distinct = (parts: string[]) =>
    parts.length === 0
      ? 'CAST(0 AS BIGINT)'
      : `(SELECT count(DISTINCT "id") FROM (${parts.join(' UNION ALL ')}) AS u("id"))`;
  const events = has('events');
  const accounts = [
    ...(has('accounts') ? ['SELECT "account_id" FROM "accounts"'] : []),
    ...(events ? ['SELECT "account_id" FROM "events"'] : []),
  ];
  const contacts = [
    ...(has('contacts') ? ['SELECT "contact_id" FROM "contacts"'] : []),
    ...(events ? ['SELECT "contact_id" FROM "events"'] : []),
  ];
  const eventStats = events
    ? `(SELECT count(*) FROM "events") AS events, (SELECT ${ISO('min("ts")')} FROM "events") AS first_event,
       (SELECT ${ISO('max("ts")')} FROM "events") AS last_event`
    : 'CAST(0 AS BIGINT) AS events, NULL AS first_event, NULL AS last_event';
  return `SELECT ${distinct(accounts)} AS accounts, ${distinct(contacts)} AS contacts, ${eventStats}`;
}

const toTotals = (row: Row): Totals => ({
  accounts: row.accounts as bigint,
  contacts: row.contacts as bigint,
  events: row.events as bigint,
  firstEvent: (row.first_event as string | null) ?? null,
  lastEvent: (row.last_event as string | null) ?? null,
});

async function computeFingerprint(w: Warehouse, catalog: Catalog): Promise<string | null> {
  if (!catalog.get(COMPUTE_INPUTS)?.has('fingerprint')) return null;
  const row = await w.one<{ fingerprint: string | null }>(`SELECT "fingerprint" FROM "${COMPUTE_INPUTS}"`);
  return row?.fingerprint ?? null;
}

const COLUMNS = ['fingerprint', 'accounts', 'contacts', 'events', 'first_event', 'last_event'];

async function readStored(w: Warehouse, catalog: Catalog, fingerprint: string): Promise<Totals | undefined> {
  const columns = catalog.get(STORED_TOTALS);
  if (!columns || !COLUMNS.every((c) => columns.has(c))) return undefined;
  const row = await w.one<Row>(
    `SELECT "accounts", "contacts", "events", "first_event", "last_event" FROM "${STORED_TOTALS}" WHERE "fingerprint" = ?`,
    [fingerprint],
  );
  return row === undefined ? undefined : toTotals(row);
}

async function store(w: Warehouse, fingerprint: string, t: Totals): Promise<void> {
  const text = (v: string | null) => (v === null ? 'CAST(NULL AS VARCHAR)' : `CAST(${str(v)} AS VARCHAR)`);
  await w.run(
    `CREATE OR REPLACE TABLE "${STORED_TOTALS}" AS SELECT CAST(${str(fingerprint)} AS VARCHAR) AS "fingerprint", ` +
      `CAST(${t.accounts} AS BIGINT) AS "accounts", CAST(${t.contacts} AS BIGINT) AS "contacts", ` +
      `CAST(${t.events} AS BIGINT) AS "events", ${text(t.firstEvent)} AS "first_event", ${text(t.lastEvent)} AS "last_event"`,
  );
}

/** The totals, stored ones when they go with the current compute; counted (and stored) otherwise. */
export async function readTotals(w: Warehouse, catalog: Catalog): Promise<Totals> {
  const fingerprint = await computeFingerprint(w, catalog);
  const stored = fingerprint === null ? undefined : await readStored(w, catalog, fingerprint);
  if (stored) return stored;
  const totals = toTotals((await w.one<Row>(totalsSql(catalog)))!);
  // A shortcut for the next report, not a result: a warehouse that cannot take it still gets its report.
  if (fingerprint !== null) await store(w, fingerprint, totals).catch(() => undefined);
  return totals;
}
