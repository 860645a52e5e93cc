/**
 * The loader's side of actor numbers (compiler/actor-numbers.ts): every
 * account id and contact id an events row names gets a dense INTEGER in a
 * dictionary table, and the row stores it. Before a file's INSERT, its ids
 * (and every contact's account, which contact-only rows take) are numbered;
 * the INSERT then looks each row's numbers up (insert-sql.ts). A number is
 * never reused or changed: ids of removed files keep theirs.
 *
 *   file with accounts acme, globex; dictionary {acme: 1}
 *   -> INSERT INTO "_account_numbers" VALUES ('globex', 2)
 *   -> each row: "_account_number" = 1 (acme) or 2 (globex)
 */
import { NO_ACTOR, NUMBER_COLUMNS, NUMBER_TABLES, type ActorLevel } from '../compiler/actor-numbers.js';
import { ident } from '../compiler/quote.js';
import type { Warehouse } from './session.js';

const LEVELS: readonly ActorLevel[] = ['account', 'contact'];

/**
 * Creates the dictionaries that are missing. A dictionary missing beside
 * events that carry its numbers (dropped by hand) leaves those numbers
 * meaning nothing: new ids would take them again and join other actors'
 * rows. The level's numbers are then given again to every row.
 */
export async function ensureNumberTables(warehouse: Warehouse): Promise<void> {
  for (const level of LEVELS) {
    const table = NUMBER_TABLES[level];
    if (await warehouse.tableExists(table)) continue;
    await warehouse.run(`CREATE TABLE ${ident(table)} ("id" VARCHAR, "number" INTEGER)`);
    if (!(await carriesNumbers(warehouse, 'events', level))) continue;
    await warehouse.run(`UPDATE "events" SET ${ident(NUMBER_COLUMNS[level])} = NULL`);
    await numberRows(warehouse, 'events', level);
  }
}

/** Whether `table` exists with the level's number column (one loaded before numbers existed has none). */
export async function carriesNumbers(
  warehouse: Warehouse,
  table: string,
  level: ActorLevel,
): Promise<boolean> {
  if (!(await warehouse.tableExists(table))) return false;
  return (await warehouse.columns(table)).some((c) => c.name === NUMBER_COLUMNS[level]);
}

/**
 * Numbers the ids `ids` (a query with one column, "id") that have none yet,
 * after the largest number given, in id order (the same data numbers the
 * same way; nothing depends on it but a reader's eye).
 */
export async function numberIds(warehouse: Warehouse, level: ActorLevel, ids: string): Promise<void> {
  const table = ident(NUMBER_TABLES[level]);
  await warehouse.run(
    `INSERT INTO ${table} ("id", "number")\n` +
      `SELECT n."id", (SELECT coalesce(max("number"), 0) FROM ${table}) + CAST(row_number() OVER (ORDER BY n."id") AS INTEGER)\n` +
      `FROM (SELECT DISTINCT CAST("id" AS VARCHAR) AS "id" FROM (${ids}) AS i WHERE "id" IS NOT NULL) AS n\n` +
      `ANTI JOIN ${table} AS k ON k."id" = n."id"`,
  );
}

/** Every account a contact names: contact-only events take one of them (fill-accounts.ts). */
export const CONTACTS_ACCOUNTS = 'SELECT "account_id" AS "id" FROM "contacts"';

/**
 * Numbers the ids a file's rows name before they are inserted: `pairs` is a
 * query of the file's distinct ("account_id", "contact_id") (insert-sql.ts
 * buildActorIdsSql), read once into a temp table.
 */
export async function numberFileIds(
  warehouse: Warehouse,
  pairs: string,
  loadId: bigint,
  contacts: boolean,
): Promise<void> {
  const temp = ident(`_load_ids_${loadId}`);
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${temp} AS ${pairs}`);
  const accounts = `SELECT "account_id" AS "id" FROM ${temp}`;
  await numberIds(warehouse, 'account', contacts ? `${accounts} UNION ALL ${CONTACTS_ACCOUNTS}` : accounts);
  await numberIds(warehouse, 'contact', `SELECT "contact_id" AS "id" FROM ${temp}`);
  // After a failure the load's rollback drops it (a DROP in an aborted transaction would fail).
  await warehouse.run(`DROP TABLE IF EXISTS ${temp}`);
}

/**
 * Numbers the rows of `table` that lack their numbers, and their ids: for
 * rows written by other means than a file's INSERT (the definitions tests'
 * rows). An UPDATE of every such row: not for big loads.
 */
export async function numberUnnumbered(warehouse: Warehouse, table = 'events'): Promise<void> {
  await ensureNumberTables(warehouse);
  for (const level of LEVELS) await numberRows(warehouse, table, level);
}

/** One level of numberUnnumbered: the rows without the level's number get it (0 for no id). */
async function numberRows(warehouse: Warehouse, table: string, level: ActorLevel): Promise<void> {
  const t = ident(table);
  const id = ident(`${level}_id`);
  const column = ident(NUMBER_COLUMNS[level]);
  const rows = `SELECT ${id} AS "id" FROM ${t} WHERE ${column} IS NULL`;
  // As a file's numbering does: a contact's account (contact-only rows take it, contacts: criteria count it).
  const contacts = level === 'account' && (await warehouse.tableExists('contacts'));
  await numberIds(warehouse, level, contacts ? `${rows} UNION ALL ${CONTACTS_ACCOUNTS}` : rows);
  await warehouse.run(`UPDATE ${t} SET ${column} = ${NO_ACTOR} WHERE ${id} IS NULL AND ${column} IS NULL`);
  await warehouse.run(
    `UPDATE ${t} SET ${column} = n."number" FROM ${ident(NUMBER_TABLES[level])} AS n ` +
      `WHERE n."id" = ${t}.${id} AND ${t}.${column} IS NULL`,
  );
}

/**
 * Whether a plan may join the events by number: both dictionaries exist and
 * no row lacks a number (the loader gives every row both, 0 for an absent
 * id). DuckDB skips every row group whose statistics show no NULL there:
 * 2-6 ms at 50M events, where comparing every row's numbers with its ids
 * took 3.4 s. A row inserted by hand has none, and the plan joins by text.
 * A row whose id was changed by hand keeps its old number and is not caught
 * here, no more than by the loader's other bookkeeping (the per-file
 * first-seen summaries, incremental runs): the events table is the loader's.
 */
export async function numbersComplete(warehouse: Warehouse): Promise<boolean> {
  for (const level of LEVELS) if (!(await warehouse.tableExists(NUMBER_TABLES[level]))) return false;
  for (const level of LEVELS) {
    const row = await warehouse.one<{ n: bigint }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM "events" WHERE ${ident(NUMBER_COLUMNS[level])} IS NULL LIMIT 1)`,
    );
    if ((row?.n ?? 0n) > 0n) return false;
  }
  return true;
}
