/**
 * What the warehouse knows about events, for `validate`'s "never occurs"
 * warnings: every event name, and the property keys (typed columns plus the
 * keys of the `properties` JSON column, from a sample of rows so a large
 * warehouse stays quick). Opened READ_ONLY: validate never writes.
 */
import { existsSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface Catalog {
  events: string[];
  eventProperties: string[];
}

/** Columns of `events` that are not properties. */
const FIXED_COLUMNS = new Set([
  'ts',
  'account_id',
  'contact_id',
  'event',
  'properties',
  '_load_id',
  '_account_from_contact',
]);

/** Rows whose JSON keys are read; keys seen only beyond them may be reported as unknown (a warning). */
const JSON_SAMPLE_ROWS = 200_000;
const MAX_EVENT_NAMES = 100_000;

async function column(connection: DuckDBConnection, sql: string): Promise<string[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowsJS().map((row) => String(row[0]));
}

/** The catalog, or undefined when there is no warehouse file or no events table. */
export async function readCatalog(dbPath: string): Promise<Catalog | undefined> {
  if (dbPath === ':memory:' || !existsSync(dbPath)) return undefined;
  const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    try {
      return await readEvents(connection);
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

async function readEvents(connection: DuckDBConnection): Promise<Catalog | undefined> {
  const columns = await column(
    connection,
    `SELECT column_name AS "name" FROM information_schema.columns
     WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = 'events'
     ORDER BY ordinal_position`,
  );
  if (columns.length === 0 || !columns.includes('event')) return undefined;
  const events = await column(
    connection,
    `SELECT DISTINCT "event" AS "event" FROM "events" WHERE "event" IS NOT NULL ORDER BY 1 LIMIT ${MAX_EVENT_NAMES}`,
  );
  const jsonKeys = columns.includes('properties')
    ? await column(
        connection,
        `SELECT DISTINCT "key" FROM (
           SELECT unnest(json_keys("properties")) AS "key"
           FROM (SELECT "properties" FROM "events" WHERE "properties" IS NOT NULL LIMIT ${JSON_SAMPLE_ROWS}) AS "sample"
         ) AS "keys" ORDER BY 1`,
      )
    : [];
  const typed = columns.filter((name) => !FIXED_COLUMNS.has(name));
  return { events, eventProperties: [...new Set([...typed, ...jsonKeys])] };
}
