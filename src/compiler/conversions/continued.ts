/**
 * Incremental conversions (docs/FEED.md, "Conversions continue from the
 * last run's entries and touches"): an incremental
 * `compute` recomputes a conversion's funnel only for the actors whose
 * answer can have changed since the last run's T (T0), and keeps every other
 * actor's entry and touches from the state that run stored. The aggregates
 * (steps, touchpoints, paths, attribution) are then computed again from all
 * entries and touches: they are small.
 *
 * An actor's answer at T depends on its own events and step completions up
 * to T only. Once its best attempt converted, or every window of its
 * attempts closed at or before T0 (not `in_progress`), only these change it:
 * - its past changed: it is among the statuses run's rebuilt actors
 *   (`_ms_affected`: late rows, removed files, moved contacts);
 * - a first-step event after T0 (a new attempt starts), or a later step's
 *   or an exclusion's when one of its attempts was still open at T0 (the
 *   entry's `open_until`: only such an attempt can step on or be voided);
 * - its completion of a milestone step was recomputed (the milestone's
 *   `__touched` actors: a deadline, a rolling window, any flip after T0).
 * An actor in progress at T0 that none of these finds has the same attempts
 * at T: only whether one is still open can change. It is recomputed when its
 * last window closes (its entry's `open_until`) at or before T, when it
 * settles and its touches are read; until then its stored entry is the
 * answer. A touchpoint event after T0 changes nothing for a settled actor:
 * its touches end at its conversion or at its window's end, both at or
 * before T0.
 *
 * With a cohort relative to T (`cohort: {last: 90d}`), an attempt leaves
 * the cohort as T moves, with no event at all: the actors with a first step
 * in (T0 - 90d, T - 90d] are recomputed too.
 *
 *   trial_to_customer continued, T0 = 2026-05-01
 *   -> _cv_trial_to_customer__changed:        the actor keys above (and whether rebuilt)
 *      _cv_trial_to_customer__events / __attempts: their rows only
 *      _cv_trial_to_customer__fresh:          their entries
 *      _cv_trial_to_customer__entries:        stored entries of the others + fresh
 *      _cv_trial_to_customer__retouch:        the changed actors whose touches are read
 *                                             again (retouchSql); __rescan: their entries
 *      _cv_trial_to_customer__touches_fresh:  their touches; __touches: stored + fresh
 *   publish: the state's entries of the changed actors and touches of the
 *   retouched ones replaced by the fresh rows
 */
import type { Conversion } from '../../definitions/model.js';
import { NUMBER_TABLES } from '../actor-numbers.js';
import type { WarehouseTables } from '../columns.js';
import type { PlanStatement } from '../plan-types.js';
import { ident, indentSql, str } from '../quote.js';
import { RUN_TABLES } from '../runs/names.js';
import { milestoneTable } from '../statuses/names.js';
import { AFFECTED } from '../statuses/scope.js';
import { STATE_SCHEMA } from '../statuses/state.js';
import { instantVariableStatement, intervalSql } from '../time.js';
import { actorKey, statusKeySelect } from './actor-key.js';
import { AS_OF, conversionTable } from './names.js';
import { scanEvents } from './sources.js';

/** The variable holding T0 in a plan that continues conversions. */
export const PREVIOUS_AS_OF_VARIABLE = 'cv_previous_as_of';
const PREVIOUS_AS_OF = `getvariable('${PREVIOUS_AS_OF_VARIABLE}')`;

const inState = (table: string) => `${ident(STATE_SCHEMA)}.${ident(table)}`;

/** The state's table names in STATE_SCHEMA, unquoted (existence checks read them). */
const stateNames = {
  entries: (id: string) => `cv__${id}__entries`,
  touches: (id: string) => `cv__${id}__touches`,
  run: 'cv_run',
};

/** What a run keeps for the next one to continue a conversion from. */
export const conversionState = {
  /** The entries (one row per entered actor), as the plan's `__entries` table. */
  entries: (id: string) => inState(stateNames.entries(id)),
  /** The settled entries' touches, as the plan's `__touches` table. */
  touches: (id: string) => inState(stateNames.touches(id)),
  /** Which conversions the state holds, for which compiled SQL, written by which run. */
  run: inState(stateNames.run),
  /** A conversion's tables' names in STATE_SCHEMA. */
  names: (id: string) => [stateNames.entries(id), stateNames.touches(id)],
  runName: stateNames.run,
};

/** The temp tables of a continued conversion, beside those of names.ts. */
export const continuedTable = {
  /** The actor keys recomputed. */
  changed: (id: string) => `_cv_${id}__changed`,
  /** Their entries, before they join the stored ones in `__entries`. */
  fresh: (id: string) => `_cv_${id}__fresh`,
  /** The changed actors whose touches are read again (retouchSql). */
  retouch: (id: string) => `_cv_${id}__retouch`,
  /** Their fresh entries, which the touches' scan reads. */
  rescan: (id: string) => `_cv_${id}__rescan`,
  /** Their touches, before they join the stored ones in `__touches`. */
  freshTouches: (id: string) => `_cv_${id}__touches_fresh`,
};

export const previousAsOfStatement = (previousAsOf: string): PlanStatement =>
  instantVariableStatement(PREVIOUS_AS_OF_VARIABLE, previousAsOf);

/** An id column as the conversion's actor key: its number (ids without one have no event), or itself. */
function keyOf(c: Conversion, tables: WarehouseTables, table: string, id: string): string {
  if (!actorKey(c, tables).byNumber) return `SELECT ${id} AS "actor_key" FROM ${table}`;
  const numbers = ident(NUMBER_TABLES[c.unit]);
  return `SELECT n."number" AS "actor_key" FROM ${table} JOIN ${numbers} AS n ON n."id" = ${id}`;
}

/** The keys of the actors with one of `events` in (from, to]; `where`: more conditions on row `e`. */
function eventKeysSql(
  c: Conversion,
  tables: WarehouseTables,
  events: string[],
  from: string,
  to: string,
  where = '',
) {
  const key = actorKey(c, tables);
  return (
    `SELECT ${key.event} AS "actor_key" FROM "events" AS e\n` +
    `WHERE e."ts" > ${from} AND e."ts" <= ${to}\n` +
    `  AND e."event" IN (${events.map(str).join(', ')}) AND ${key.eventHasActor}${where}`
  );
}

/**
 * With a cohort of the last D, the actors with a first-step occurrence in
 * (T0 - D, T - D]: their attempts that began then left the cohort.
 */
function leftCohortSql(c: Conversion, tables: WarehouseTables, statusTable: string): string | undefined {
  if (c.cohort.kind !== 'last') return undefined;
  const d = intervalSql(c.cohort.duration);
  const [from, to] = [`${PREVIOUS_AS_OF} - ${d}`, `${AS_OF} - ${d}`];
  const first = c.steps[0]!;
  if (first.kind === 'event') return eventKeysSql(c, tables, [first.event], from, to);
  const where =
    `s."milestone_id" = ${str(first.milestone)}\n` +
    `  AND s."completed_at" > ${from} AND s."completed_at" <= ${to}`;
  return `SELECT "actor_key" FROM (\n${statusKeySelect(c, actorKey(c, tables), statusTable, where)}\n)`;
}

/** The actors whose answer can have changed since T0 (see the module comment). */
export function changedActorsSql(c: Conversion, tables: WarehouseTables, statusTable: string): string {
  const key = actorKey(c, tables);
  const rebuilt = keyOf(c, tables, `${ident(AFFECTED)} AS a`, 'a."id"');
  const parts = [
    `SELECT "actor_key" FROM ${conversionState.entries(c.id)} WHERE "in_progress" AND "open_until" <= ${AS_OF}`,
  ];
  const after = (events: string[], where = '') =>
    eventKeysSql(c, tables, events, PREVIOUS_AS_OF, AS_OF, where);
  // A first step after T0 starts an attempt for anyone; a later step or an exclusion changes
  // only an attempt still open at T0.
  const first = c.steps[0]!;
  if (first.kind === 'event') parts.push(after([first.event]));
  const later = scanEvents(c).filter((e) => first.kind !== 'event' || e !== first.event);
  if (later.length > 0)
    parts.push(
      after(
        later,
        `\n  AND ${key.event} IN (SELECT "actor_key" FROM ${conversionState.entries(c.id)} WHERE "open_until" > ${PREVIOUS_AS_OF})`,
      ),
    );
  const milestones = [...new Set(c.steps.flatMap((s) => (s.kind === 'milestone' ? [s.milestone] : [])))];
  for (const m of milestones.sort())
    parts.push(keyOf(c, tables, `${ident(milestoneTable.touched(m))} AS t`, 't."actor_id"'));
  const left = leftCohortSql(c, tables, statusTable);
  if (left) parts.push(left);
  const others = indentSql(parts.join('\nUNION ALL\n'), '    ');
  return (
    `CREATE OR REPLACE TEMP TABLE ${ident(continuedTable.changed(c.id))} AS\n` +
    `SELECT "actor_key", bool_or("rebuilt") AS "rebuilt"\nFROM (\n` +
    `  SELECT "actor_key", TRUE AS "rebuilt" FROM (\n    ${rebuilt}\n  )\n  UNION ALL\n` +
    `  SELECT "actor_key", FALSE AS "rebuilt" FROM (\n    ${others}\n  )\n)\n` +
    `WHERE "actor_key" IS NOT NULL\nGROUP BY "actor_key"`
  );
}

/**
 * The changed actors whose touches are read again: a settled entry's
 * touches are the touchpoint events in its window, all at or before T0 when
 * it was settled then; so an actor whose recomputed entry is settled and the
 * same as its stored settled one (same steps' times, same outcome) keeps its
 * stored touches, unless it is rebuilt (its events before T0 changed). On the
 * 50M-event bench most changed actors keep theirs (a milestone step
 * recomputed, an event after T0 that stepped nothing); the others mostly
 * settled or converted in (T0, T], so began at most a window before T0, and
 * the touches' scan starts at the earliest of them (touchesFromSql). A
 * rebuilt actor, one whose older attempt became the best, or one that left
 * a cohort can start earlier: the scan then reads from there.
 *   -> "_cv_x__retouch": actor keys; "_cv_x__rescan": their fresh entries
 */
export function retouchSql(c: Conversion): string {
  const [changed, fresh] = [ident(continuedTable.changed(c.id)), ident(continuedTable.fresh(c.id))];
  return (
    `CREATE OR REPLACE TEMP TABLE ${ident(continuedTable.retouch(c.id))} AS\n` +
    `SELECT x."actor_key"\nFROM ${changed} AS x\nLEFT JOIN (\n` +
    `  SELECT f."actor_key"\n  FROM ${fresh} AS f\n` +
    `  JOIN ${conversionState.entries(c.id)} AS k ON k."actor_key" = f."actor_key"\n` +
    `  WHERE NOT f."in_progress" AND NOT k."in_progress" AND f."converted" = k."converted"\n` +
    // Same step times, same window (its end is the first step's time plus the window).
    `    AND f."times" IS NOT DISTINCT FROM k."times"\n` +
    `) AS same ON same."actor_key" = x."actor_key"\n` +
    `WHERE x."rebuilt" OR same."actor_key" IS NULL`
  );
}

export const rescanSql = (c: Conversion): string =>
  `CREATE OR REPLACE TEMP TABLE ${ident(continuedTable.rescan(c.id))} AS\n` +
  `SELECT f.* FROM ${ident(continuedTable.fresh(c.id))} AS f\n` +
  `SEMI JOIN ${ident(continuedTable.retouch(c.id))} AS r ON r."actor_key" = f."actor_key"`;

/** The variable holding where the fresh touches start (touchesFromSql). */
export const TOUCHES_FROM_VARIABLE = 'cv_touches_from';
export const TOUCHES_FROM = `getvariable('${TOUCHES_FROM_VARIABLE}')`;

/**
 * The first instant a rescanned settled entry's touches can have: a constant
 * lower bound for the touches' scan, so that DuckDB skips the row groups
 * before it (events are loaded sorted by event name and time). Entries that
 * settled or converted in (T0, T] began at most a window before T0; one
 * older entry (see retouchSql) moves the bound back to it. NULL without
 * any: no row passes.
 */
export const touchesFromSql = (c: Conversion): string =>
  `SET VARIABLE ${TOUCHES_FROM_VARIABLE} = (SELECT min("times"[1]) FROM ${ident(continuedTable.rescan(c.id))} WHERE NOT "in_progress")`;

/** The condition that keeps a scan's rows to the changed actors: ` AND <key> IN (...)`. */
export const onlyChanged = (c: Conversion, column: string): string =>
  ` AND ${column} IN (SELECT "actor_key" FROM ${ident(continuedTable.changed(c.id))})`;

/** A plan table of all actors: the stored rows of the actors not `replaced` and the fresh rows. */
function mergedSql(table: string, stored: string, replaced: string, fresh: string): string {
  return (
    `CREATE OR REPLACE TEMP TABLE ${ident(table)} AS\n` +
    `SELECT k.* FROM ${stored} AS k\n` +
    `ANTI JOIN ${ident(replaced)} AS x ON x."actor_key" = k."actor_key"\n` +
    `UNION ALL BY NAME\nSELECT * FROM ${ident(fresh)}`
  );
}

export const mergedEntriesSql = (c: Conversion): string =>
  mergedSql(
    conversionTable.entries(c.id),
    conversionState.entries(c.id),
    continuedTable.changed(c.id),
    continuedTable.fresh(c.id),
  );

export const mergedTouchesSql = (c: Conversion): string =>
  mergedSql(
    conversionTable.touches(c.id),
    conversionState.touches(c.id),
    continuedTable.retouch(c.id),
    continuedTable.freshTouches(c.id),
  );

/** One conversion's state to keep: `continued` ones replace their changed actors' rows only. */
export interface KeptConversion {
  id: string;
  /** The conversion's compiled SQL's fingerprint: the next run continues only from the same. */
  fingerprint: string;
  continued: boolean;
}

/**
 * Publish phase: the state the next incremental run continues from. A
 * conversion computed in full writes its tables whole; a continued one
 * deletes its changed actors' rows and inserts their fresh ones (the
 * 50M-event bench: 10% of the actors).
 */
export function conversionStateStatements(kept: KeptConversion[]): PlanStatement[] {
  const publish = (name: string, sql: string): PlanStatement => ({ name, phase: 'publish', sql });
  const statements = [publish('cv_state_schema', `CREATE SCHEMA IF NOT EXISTS ${ident(STATE_SCHEMA)}`)];
  for (const k of kept) {
    // [what, stored table, the rows of a full run, a continued run's fresh rows, whose rows they replace]
    const tables: [string, string, string, string, string][] = [
      [
        'entries',
        conversionState.entries(k.id),
        conversionTable.entries(k.id),
        continuedTable.fresh(k.id),
        continuedTable.changed(k.id),
      ],
      [
        'touches',
        conversionState.touches(k.id),
        conversionTable.touches(k.id),
        continuedTable.freshTouches(k.id),
        continuedTable.retouch(k.id),
      ],
    ];
    for (const [what, stored, all, fresh, replaced] of tables) {
      const name = `cv_state__${k.id}__${what}`;
      if (!k.continued) {
        statements.push(publish(name, `CREATE OR REPLACE TABLE ${stored} AS\nSELECT * FROM ${ident(all)}`));
        continue;
      }
      statements.push(
        publish(
          `${name}_retired`,
          `DELETE FROM ${stored}\nWHERE "actor_key" IN (SELECT "actor_key" FROM ${ident(replaced)})`,
        ),
        publish(name, `INSERT INTO ${stored} BY NAME\nSELECT * FROM ${ident(fresh)}`),
      );
    }
  }
  const rows = kept.map((k) => `(${str(k.id)}, ${str(k.fingerprint)})`);
  const source =
    rows.length > 0
      ? `(VALUES ${rows.join(', ')}) AS v("conversion_id", "fingerprint")`
      : '(SELECT CAST(NULL AS VARCHAR) AS "conversion_id", CAST(NULL AS VARCHAR) AS "fingerprint" WHERE FALSE)';
  statements.push(
    publish(
      'cv_state_run',
      `CREATE OR REPLACE TABLE ${conversionState.run} AS\n` +
        `SELECT "conversion_id", "fingerprint", (SELECT max("run_id") FROM ${ident(RUN_TABLES.runs)}) AS "run_id"\n` +
        `FROM ${source}`,
    ),
  );
  return statements;
}
