/**
 * How a conversion's statements name an actor: the "actor_key" column of its
 * scan, attempts, entries and touches. With actor numbers
 * (compiler/actor-numbers.ts) it is the actor's INTEGER number, so that the
 * ASOF joins of the attempts, the revenue join, the touches' range join and
 * the paths' grouping hash and compare integers; the entries take the id
 * back from the dictionary (one lookup per entered actor). Without numbers
 * it is the id itself.
 *
 * Measured at 50M events (`conversions bench_funnel`, 10 touchpoints;
 * docs/SCALING.md, "Tenth session's changes"): attempts 1.33 s -> 0.73 s,
 * entries (with the revenue join) 0.65-0.73 s -> 0.14-0.23 s, the command
 * 10.0-10.1 s -> 8.3-8.7 s, identical rows.
 *
 * A milestone step reads `milestone_status`, whose rows name ids: each takes
 * its number from the dictionary. Every actor with a completion has one: a
 * milestone is completed only by events (every criterion counts events
 * against a positive threshold) or, for a `contacts:` criterion, by an
 * account's contacts; the loader numbers every id the events name and every
 * account a contact names (warehouse/actor-numbers.ts), and a number is
 * never removed. Numbering every id of the accounts and contacts tables too
 * was measured and dropped: 0.27 s at every run (50K accounts, 300K
 * contacts) for actors that cannot complete anything. A
 * status row naming an id without a number, or an entry whose number has no
 * id (the dictionary edited by hand), stops the run instead of dropping the
 * actor.
 *
 * (Not the statuses' "actor_key", which is each milestone's own row number
 * for its actors: sql/statuses/milestone-actors.sql.)
 *
 *   unit: account, numbered -> e."_account_number"; a status row: n."number"
 *   unit: contact, by text  -> CAST(e."contact_id" AS VARCHAR); a status row: s."actor_id"
 */
import { eventNumber, joinsByNumber, NO_ACTOR, NUMBER_TABLES, numberJoin } from '../actor-numbers.js';
import type { Conversion } from '../../definitions/model.js';
import type { WarehouseTables } from '../columns.js';
import { ident, str } from '../quote.js';

export interface ActorKey {
  /** Whether the key is the actor's number. */
  byNumber: boolean;
  /** The SQL type of "actor_key". */
  type: 'INTEGER' | 'VARCHAR';
  /** The key of events row `e`. */
  event: string;
  /** Whether events row `e` names an actor of the conversion's unit. */
  eventHasActor: string;
}

/** The actor id of events row `e`: its account, or its contact for `unit: contact`. */
const actorIdColumn = (conversion: Conversion): string =>
  `CAST(e.${ident(`${conversion.unit}_id`)} AS VARCHAR)`;

export function actorKey(conversion: Conversion, tables: WarehouseTables): ActorKey {
  if (!joinsByNumber(tables)) {
    const id = actorIdColumn(conversion);
    return { byNumber: false, type: 'VARCHAR', event: id, eventHasActor: `${id} IS NOT NULL` };
  }
  const number = eventNumber(conversion.unit, 'e');
  return { byNumber: true, type: 'INTEGER', event: number, eventHasActor: `${number} <> ${NO_ACTOR}` };
}

/**
 * `value`, or an error when it is NULL: an id without a number or a number
 * without an id, which only a dictionary edited by hand leaves. Dropping the
 * dictionary makes the next load or compute number every event again
 * (warehouse/actor-numbers.ts ensureNumberTables).
 */
function guarded(conversion: Conversion, value: string, subject: string, says: string): string {
  const table = NUMBER_TABLES[conversion.unit];
  const fix = `${says} (the table ${table} was edited): drop the table ${table} and run \`milestones compute\``;
  return `CASE WHEN ${value} IS NULL THEN error(${subject} || ${str(fix)}) ELSE ${value} END`;
}

/**
 * A milestone step's occurrences from `statusTable` (rows `s`), keyed.
 *   -> SELECT n."number" AS "actor_key", ... FROM "milestone_status" AS s LEFT JOIN "_account_numbers" AS n ...
 */
export function statusKeySelect(
  conversion: Conversion,
  key: ActorKey,
  statusTable: string,
  where: string,
): string {
  const actor = key.byNumber
    ? guarded(conversion, 'n."number"', `'milestone_status names ' || s."actor_id"`, ', which has no number')
    : 's."actor_id"';
  const join = key.byNumber
    ? `\n${numberJoin(conversion.unit, 's."actor_id"', 'n', 'LEFT JOIN').trimStart()}`
    : '';
  return (
    `SELECT ${actor} AS "actor_key", s."account_id", s."completed_at" AS "ts"\n` +
    `FROM ${ident(statusTable)} AS s${join}\nWHERE ${where}`
  );
}

/**
 * The entries' actor id from the best attempt `b`: the dictionary's id for
 * its number (a lookup that never drops an entry), or the key itself.
 */
export function entryActorId(conversion: Conversion, key: ActorKey): { id: string; join: string } {
  if (!key.byNumber) return { id: 'b."actor_key"', join: '' };
  return {
    id: guarded(conversion, 'd."id"', `'the actor number ' || b."actor_key"`, ' has no id'),
    join: `\nLEFT JOIN ${ident(NUMBER_TABLES[conversion.unit])} AS d ON d."number" = b."actor_key"`,
  };
}
