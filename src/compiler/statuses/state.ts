/**
 * The state an incremental run continues from (docs/FEED.md "Incremental
 * compute"): every event criterion's flips up to the last run's T, and for
 * each criterion without a rolling window what it carries past T (the values
 * counted so far by actors it has not switched on yet, or a sum's total).
 * Kept in the schema "_ms_state", which every publishing run over loaded
 * files writes in its transaction (a full run replaces it, an incremental
 * one only what changed), with the id of the run it belongs to. CX and the
 * journeys keep theirs there too (compiler/cx/incremental.ts).
 *
 *   criteria [{event: report_created, at_least: 3}] of "activated"
 *   -> "_ms_state"."flips"                    (milestone_id, leaf, actor_id, ts, holds)
 *      "_ms_state"."carry__activated__c1"      (actor_id, value)
 *      "_ms_state"."run"                       (run_id, format)
 *      "_ms_state"."cx", "_ms_state"."journeys" (fingerprints)
 */
import type { EventCriterion, Milestone } from '../../definitions/model.js';
import type { PlanStatement } from '../plan-types.js';
import { ident, str } from '../quote.js';
import { RUN_TABLES } from '../runs/names.js';
import { createTableSql, type ColumnCompression, type Columns } from '../stored-columns.js';
import { milestoneTable, SHARED } from './names.js';
import { rebuilt } from './scope.js';
import { instantVariableStatement } from '../time.js';
import { leafNodes, type LeafNode } from './tree.js';

export const STATE_SCHEMA = '_ms_state';
/**
 * The state's layout, every table of the schema included (the CX and
 * journey ones too); a run finding another continues from nothing (a full
 * run). Bump it with any change of a state table's columns: a later build
 * reading an older table would fail on a column it lacks (2: `_ms_state.cx`
 * got `split_responses`, found by review 2026-12-06), and with any change of
 * what the same definitions compute, so that the next run is full (3:
 * `where:` dates against TIMESTAMP properties in the config's zone, untyped
 * NaN and infinities no number; an incremental run had kept the old answer
 * for actors without new events, found by review 2026-12-07).
 */
export const STATE_FORMAT = 3;

/** The publish statement that records which run kept the state (present when a plan keeps one). */
export const STATE_RUN = 'state_run';

const inState = (table: string) => `${ident(STATE_SCHEMA)}.${ident(table)}`;

/** The columns of `_ms_state.flips`: each event leaf's flips, by milestone and leaf. */
const FLIP_COLUMNS: Columns = [
  ['milestone_id', 'VARCHAR'],
  ['leaf', 'VARCHAR'],
  ['actor_id', 'VARCHAR'],
  ['ts', 'TIMESTAMP'],
  ['holds', 'BOOLEAN'],
];

export const stateTable = {
  flips: inState('flips'),
  run: inState('run'),
  carry: (milestone: string, column: string) => inState(`carry__${milestone}__${column}`),
};

/** The variable holding T0, the last run's T, in an incremental run. */
export const PREVIOUS_AS_OF_VARIABLE = 'ms_previous_as_of';
export const PREVIOUS_AS_OF = `getvariable('${PREVIOUS_AS_OF_VARIABLE}')`;

/**
 * The history rows an incremental run can have changed: those after T0,
 * those of the actors it rebuilt, and those of actors new to a milestone
 * (no stored status row there: an account first seen after T0 can have
 * rows before it through its contacts, which no run published yet; found by
 * review 2026-12-06), in that milestone only: an account and a contact may
 * share an id, and the contact's rows in a contact milestone it did not
 * touch are not recomputed (found by review, second 2026-12-06 round). Every
 * other row comes from the same flips up to T0, so it is the stored one.
 * `prefix`: the table's alias and a dot; `milestone`: the row's milestone
 * (SQL), for a table of one milestone without the column.
 */
export const changedHistoryRows = (prefix = '', milestone = `${prefix}"milestone_id"`) =>
  `${prefix}"ts" > ${PREVIOUS_AS_OF} OR ${rebuilt(`${prefix}"actor_id"`)} OR ` +
  `(${milestone}, ${prefix}"actor_id") IN (SELECT "milestone_id", "actor_id" FROM "${SHARED.newActors}")`;

export const previousAsOfStatement = (previousAsOf: string): PlanStatement =>
  instantVariableStatement(PREVIOUS_AS_OF_VARIABLE, previousAsOf, 'previous_as_of');

/** An event criterion's leaf: the criteria whose flips are stored. */
export type EventLeaf = LeafNode & { criterion: EventCriterion };

export const eventLeaves = (m: Milestone): EventLeaf[] =>
  leafNodes(m.criteria).filter((n): n is EventLeaf => n.criterion.kind === 'event');

/** Whether the criterion carries values past T (no rolling window: old events still count). */
export const carries = (c: EventCriterion) => c.within?.kind !== 'last';

/**
 * Publish phase: the state replaced by this run's. A plan that does not keep
 * state (events written without the loaders) drops it, so that no later run
 * continues from a state older than the results. An incremental run
 * (`continued`) keeps the schema and replaces only the flips that can differ
 * from the stored ones, those after T0 and those of the rebuilt actors
 * (every other flip of its merged tables is a stored one: flips-merged.sql;
 * rewriting all 720K flips at 50M events took 0.4-0.5 s).
 */
export function statePublishStatements(
  ordered: Milestone[],
  keep: boolean,
  continued = false,
  compression: ColumnCompression = 'auto',
): PlanStatement[] {
  const publish = (name: string, sql: string): PlanStatement => ({ name, phase: 'publish', sql });
  const drop = publish('state_drop', `DROP SCHEMA IF EXISTS ${ident(STATE_SCHEMA)} CASCADE`);
  if (!keep) return [drop];
  const changed = (m: Milestone) => (continued ? `\nWHERE ${changedHistoryRows('', str(m.id))}` : '');
  const flips = ordered.flatMap((m) =>
    eventLeaves(m).map(
      (node) =>
        `SELECT ${str(m.id)} AS "milestone_id", ${str(node.column)} AS "leaf", "actor_id", "ts", "holds"\n` +
        `FROM ${ident(milestoneTable.flips(m.id, node.column))}${changed(m)}`,
    ),
  );
  const empty =
    'SELECT CAST(NULL AS VARCHAR) AS "milestone_id", CAST(NULL AS VARCHAR) AS "leaf", ' +
    'CAST(NULL AS VARCHAR) AS "actor_id", CAST(NULL AS TIMESTAMP) AS "ts", CAST(NULL AS BOOLEAN) AS "holds" WHERE FALSE';
  const allFlips = flips.length > 0 ? flips.join('\nUNION ALL\n') : empty;
  const create = continued ? 'CREATE OR REPLACE TABLE' : 'CREATE TABLE';
  const carry = ordered.flatMap((m) =>
    eventLeaves(m)
      .filter((node) => carries(node.criterion))
      .map((node) =>
        publish(
          `state_carry__${m.id}__${node.column}`,
          `${create} ${stateTable.carry(m.id, node.column)} AS\n` +
            `SELECT * FROM ${ident(milestoneTable.carry(m.id, node.column))}`,
        ),
      ),
  );
  const flipsStatements = continued
    ? [
        publish('state_flips_retired', `DELETE FROM ${stateTable.flips}\nWHERE ${changedHistoryRows()}`),
        publish('state_flips', `INSERT INTO ${stateTable.flips}\n${allFlips}`),
      ]
    : [
        drop,
        publish('state_schema', `CREATE SCHEMA ${ident(STATE_SCHEMA)}`),
        publish(
          'state_flips',
          `${createTableSql(stateTable.flips, FLIP_COLUMNS, 'new', compression)};\nINSERT INTO ${stateTable.flips}\n${allFlips}`,
        ),
      ];
  return [
    ...flipsStatements,
    ...carry,
    publish(
      STATE_RUN,
      `${create} ${stateTable.run} AS\nSELECT max("run_id") AS "run_id", ${STATE_FORMAT} AS "format" FROM ${ident(RUN_TABLES.runs)}`,
    ),
  ];
}
