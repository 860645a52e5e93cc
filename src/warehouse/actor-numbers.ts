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
import { NUMBER_COLUMNS, NUMBER_TABLES, type ActorLevel } from '../compiler/actor-numbers.js';
import { ident } from '../compiler/quote.js';
import type { Warehouse } from './session.js';

const LEVELS: readonly ActorLevel[] = ['account', 'contact'];

export async function ensureNumberTables(warehouse: Warehouse): Promise<void> {
  for (const level of LEVELS)
    await warehouse.run(
      `CREATE TABLE IF NOT EXISTS ${ident(NUMBER_TABLES[level])} ("id" VARCHAR, "number" INTEGER)`,
    );
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
  try {
    const accounts = `SELECT "account_id" AS "id" FROM ${temp}`;
    await numberIds(warehouse, 'account', contacts ? `${accounts} UNION ALL ${CONTACTS_ACCOUNTS}` : accounts);
    await numberIds(warehouse, 'contact', `SELECT "contact_id" AS "id" FROM ${temp}`);
  } finally {
    await warehouse.run(`DROP TABLE IF EXISTS ${temp}`);
  }
}

/**
 * Numbers the rows of `table` that lack a number for an id they name, and
 * their ids: for rows written by other means than a file's INSERT (the
 * definitions tests' rows). An UPDATE of every such row: not for big loads.
 */
export async function numberUnnumbered(warehouse: Warehouse, table = 'events'): Promise<void> {
  await ensureNumberTables(warehouse);
  const t = ident(table);
  for (const level of LEVELS) {
    const id = ident(`${level}_id`);
    const column = ident(NUMBER_COLUMNS[level]);
    await numberIds(warehouse, level, `SELECT ${id} AS "id" FROM ${t} WHERE ${column} IS NULL`);
    await warehouse.run(
      `UPDATE ${t} SET ${column} = n."number" FROM ${ident(NUMBER_TABLES[level])} AS n ` +
        `WHERE n."id" = ${t}.${id} AND ${t}.${column} IS DISTINCT FROM n."number"`,
    );
  }
}

/**
 * Whether a plan may join the events by number: both dictionaries exist and
 * every row's numbers are its ids' (a row naming no account has no account
 * number). One pass joining the number columns back to the dictionaries; a
 * row inserted or edited by hand, or a warehouse a bug left half numbered,
 * makes the plan join by text instead, as before numbers existed.
 */
export async function numbersComplete(warehouse: Warehouse): Promise<boolean> {
  for (const level of LEVELS) if (!(await warehouse.tableExists(NUMBER_TABLES[level]))) return false;
  const joins = LEVELS.map(
    (level) =>
      `LEFT JOIN ${ident(NUMBER_TABLES[level])} AS n_${level} ON n_${level}."number" = e.${ident(NUMBER_COLUMNS[level])}`,
  ).join('\n');
  const differs = LEVELS.map((level) => `n_${level}."id" IS DISTINCT FROM e.${ident(`${level}_id`)}`).join(
    ' OR ',
  );
  const row = await warehouse.one<{ n: bigint }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM "events" AS e\n${joins}\nWHERE ${differs} LIMIT 1)`,
  );
  return (row?.n ?? 0n) === 0n;
}
