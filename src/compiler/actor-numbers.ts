/**
 * Actor numbers: the loader gives every account id and contact id the events
 * name a dense INTEGER (`_account_numbers`, `_contact_numbers`: id -> number,
 * warehouse/actor-numbers.ts) and stores it on each event row
 * (`_account_number`, `_contact_number`). Joins of events to actors then
 * hash and compare integers instead of text: measured at 50M events, a
 * rerun's statuses build 17.0 s -> 13.2-14.0 s, the journey's actions
 * 2.0-2.1 s -> 1.1-1.35 s (docs/SCALING.md, "Ninth session's changes").
 * A conversion names its actors by number all through
 * (conversions/actor-key.ts).
 *
 * The numbers are only join keys: no result depends on their values or
 * order. A row that names no account (or no contact) has the number 0, which
 * no actor has, so that a NULL number always means a row the loader did not
 * write: a plan joins by number only when the events table has both columns
 * and no NULL number (warehouse/actor-numbers.ts numbersComplete, a check
 * DuckDB answers from each row group's statistics); otherwise, e.g. after
 * rows were inserted by hand, it joins by text as before.
 *
 *   numberJoin('account', 's."actor_id"', 'n')
 *   -> ' JOIN "_account_numbers" AS n ON n."id" = s."actor_id"'
 */
import type { Column, WarehouseTables } from './columns.js';
import { ident } from './quote.js';

export type ActorLevel = 'account' | 'contact';

export const NUMBER_TABLES: Record<ActorLevel, string> = {
  account: '_account_numbers',
  contact: '_contact_numbers',
};

/** The number of an absent id (a row naming no account or no contact); dictionary numbers start at 1. */
export const NO_ACTOR = 0;

/** A row's number: NO_ACTOR when it names no id, else `number` (the dictionary's, NULL if missing). */
export const numberOrNone = (id: string, number: string) =>
  `CASE WHEN ${id} IS NULL THEN ${NO_ACTOR} ELSE ${number} END`;

/** The events' columns holding the numbers. */
export const NUMBER_COLUMNS: Record<ActorLevel, string> = {
  account: '_account_number',
  contact: '_contact_number',
};

/** The events' number columns with their type, after the loader's other bookkeeping columns. */
export const NUMBER_COLUMN_LIST: readonly Column[] = Object.values(NUMBER_COLUMNS).map((name) => ({
  name,
  type: 'INTEGER',
}));

/** Whether the plan joins events to actors by number (see above). */
export function joinsByNumber(tables: WarehouseTables): boolean {
  const names = new Set(tables.events.map((c) => c.name.toLowerCase()));
  return Object.values(NUMBER_COLUMNS).every((name) => names.has(name));
}

/** The events table without its number columns: a plan compiled from it joins by text. */
export function withoutNumbers(tables: WarehouseTables): WarehouseTables {
  const numbers = new Set(Object.values(NUMBER_COLUMNS));
  return { ...tables, events: tables.events.filter((c) => !numbers.has(c.name.toLowerCase())) };
}

/** `JOIN "_account_numbers" AS n ON n."id" = <id>`: the number of each row's actor (rows without one drop). */
export function numberJoin(level: ActorLevel, id: string, alias: string, kind = 'JOIN'): string {
  return ` ${kind} ${ident(NUMBER_TABLES[level])} AS ${alias} ON ${alias}."id" = ${id}`;
}

/** The events column of a level's number, qualified: `e."_account_number"`. */
export const eventNumber = (level: ActorLevel, alias: string) => `${alias}.${ident(NUMBER_COLUMNS[level])}`;
