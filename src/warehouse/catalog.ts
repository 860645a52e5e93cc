/**
 * What the warehouse knows, for `validate`'s "never occurs" warnings: every
 * event name and event property key, and for accounts and contacts their
 * property keys (typed columns plus the keys of the `properties` JSON column,
 * from a sample of rows so a large warehouse stays quick), which typed
 * columns are numeric, and which of the ids the definitions name exist.
 * Opened READ_ONLY: validate never writes.
 */
import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, str } from '../compiler/quote.js';
import type { ActorCatalog, TextNumbers } from '../definitions/warehouse-checks.js';
import { createInstance } from './duckdb-instance.js';
import { BOOKKEEPING_COLUMNS, PROPERTIES_COLUMN } from './table-layout.js';

// The catalog's shape is the definitions checks' input; declared there, filled here.
export type { ActorCatalog } from '../definitions/warehouse-checks.js';

export interface Catalog {
  events: string[];
  eventProperties: string[];
  textNumbers?: Record<string, Record<string, TextNumbers>>;
  accounts: ActorCatalog;
  contacts: ActorCatalog;
}

/** Ids the definitions name, checked for existence. */
export interface WantedIds {
  accounts: string[];
  contacts: string[];
}

/**
 * Columns of `events` a definition cannot name. The canonical ones (`ts`,
 * `account_id`, `contact_id`, `event`, `arrived_at`) it can, as `compute`
 * reads them: `where: {contact_id: {exists: true}}` had been an
 * `unknown-property` warning, failing `validate --strict` (found by review).
 */
const FIXED_COLUMNS = new Set([PROPERTIES_COLUMN, ...BOOKKEEPING_COLUMNS]);

/** Rows whose JSON keys are read; keys seen only beyond them may be reported as unknown (a warning). */
const JSON_SAMPLE_ROWS = 200_000;
const MAX_EVENT_NAMES = 100_000;
/** Ids read for suggestions only; existence is checked exactly for the ids asked. */
const ID_SAMPLE = 10_000;

const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)\b/i;

const ACTOR_FIXED = new Set([PROPERTIES_COLUMN, ...BOOKKEEPING_COLUMNS]);

async function column(connection: DuckDBConnection, sql: string): Promise<string[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowsJS().map((row) => String(row[0]));
}

/** The catalog, or undefined when there is no warehouse file or no events table. */
export async function readCatalog(
  dbPath: string,
  wanted: WantedIds = { accounts: [], contacts: [] },
): Promise<Catalog | undefined> {
  if (dbPath === ':memory:' || !existsSync(dbPath)) return undefined;
  const instance = await createInstance(dbPath, { readOnly: true });
  try {
    const connection = await instance.connect();
    try {
      const events = await readEvents(connection);
      if (!events) return undefined;
      return {
        ...events,
        accounts: await readActors(connection, 'accounts', 'account_id', wanted.accounts),
        contacts: await readActors(connection, 'contacts', 'contact_id', wanted.contacts),
      };
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

async function tableColumns(connection: DuckDBConnection, table: string): Promise<[string, string][]> {
  const reader = await connection.runAndReadAll(
    `SELECT column_name AS "name", data_type AS "type" FROM information_schema.columns
     WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = ${str(table)}
     ORDER BY ordinal_position`,
  );
  return reader.getRowsJS().map((row) => [String(row[0]), String(row[1])]);
}

async function jsonKeys(connection: DuckDBConnection, table: string): Promise<string[]> {
  return column(
    connection,
    `SELECT DISTINCT "key" FROM (
       SELECT unnest(json_keys("properties")) AS "key"
       FROM (SELECT "properties" FROM ${ident(table)} WHERE "properties" IS NOT NULL LIMIT ${JSON_SAMPLE_ROWS}) AS "sample"
     ) AS "keys" ORDER BY 1`,
  );
}

/** Properties, numeric columns and ids of accounts or contacts; ids also come from events. */
async function readActors(
  connection: DuckDBConnection,
  table: 'accounts' | 'contacts',
  idColumn: 'account_id' | 'contact_id',
  wanted: string[],
): Promise<ActorCatalog> {
  const columns = await tableColumns(connection, table);
  const loaded = columns.some(([name]) => name === idColumn);
  const typed = loaded ? columns.filter(([name]) => !ACTOR_FIXED.has(name)) : [];
  const keys =
    loaded && columns.some(([name]) => name === 'properties') ? await jsonKeys(connection, table) : [];
  const sources = [
    ...(loaded ? [`SELECT ${ident(idColumn)} AS "id" FROM ${ident(table)}`] : []),
    `SELECT ${ident(idColumn)} AS "id" FROM "events"`,
  ].join(' UNION ');
  const asked = wanted.length === 0 ? 'FALSE' : `"id" IN (${[...new Set(wanted)].map(str).join(', ')})`;
  const ids = await column(
    connection,
    `WITH "ids" AS (SELECT DISTINCT "id" FROM (${sources}) AS "all_ids" WHERE "id" IS NOT NULL)
     SELECT "id" FROM "ids" WHERE ${asked}
     UNION
     SELECT "id" FROM (SELECT "id" FROM "ids" ORDER BY 1 LIMIT ${ID_SAMPLE}) AS "sample"
     ORDER BY 1`,
  );
  return {
    loaded,
    properties: [...new Set([...typed.map(([name]) => name), ...keys])],
    numeric: typed.filter(([, type]) => NUMERIC_TYPE.test(type)).map(([name]) => name),
    types: Object.fromEntries(typed),
    ids,
  };
}

/**
 * The events' JSON property keys, and per event name the keys whose values
 * include text that is not a number (`"1,234.50"`, `"web"`): where a
 * definition compares one with a number or sums it, those rows count as
 * missing (warehouse-checks.ts). One read of the sampled rows for both.
 */
async function eventJsonSample(
  connection: DuckDBConnection,
): Promise<{ keys: string[]; textNumbers: Record<string, Record<string, TextNumbers>> }> {
  const text = `json_type(k."value") = 'VARCHAR' AND TRY_CAST(k."value" ->> '$' AS DOUBLE) IS NULL`;
  const reader = await connection.runAndReadAll(
    `SELECT "sample"."event", k."key", count(*) FILTER (WHERE ${text}) AS "count",
       min(k."value" ->> '$') FILTER (WHERE ${text}) AS "example"
     FROM (SELECT "event", "properties" FROM "events" WHERE "properties" IS NOT NULL LIMIT ${JSON_SAMPLE_ROWS}) AS "sample",
       json_each("sample"."properties") AS k
     GROUP BY ALL`,
  );
  const keys = new Set<string>();
  const textNumbers: Record<string, Record<string, TextNumbers>> = {};
  for (const [event, key, count, example] of reader.getRowsJS()) {
    keys.add(String(key));
    if (Number(count) > 0)
      (textNumbers[String(event)] ??= {})[String(key)] = { count: Number(count), example: String(example) };
  }
  return { keys: [...keys].sort(), textNumbers };
}

async function readEvents(
  connection: DuckDBConnection,
): Promise<Pick<Catalog, 'events' | 'eventProperties' | 'textNumbers'> | undefined> {
  const columns = (await tableColumns(connection, 'events')).map(([name]) => name);
  if (columns.length === 0 || !columns.includes('event')) return undefined;
  const events = await column(
    connection,
    `SELECT DISTINCT "event" AS "event" FROM "events" WHERE "event" IS NOT NULL ORDER BY 1 LIMIT ${MAX_EVENT_NAMES}`,
  );
  const json = columns.includes('properties') ? await eventJsonSample(connection) : undefined;
  const typed = columns.filter((name) => !FIXED_COLUMNS.has(name));
  return {
    events,
    eventProperties: [...new Set([...typed, ...(json?.keys ?? [])])],
    ...(json ? { textNumbers: json.textNumbers } : {}),
  };
}
