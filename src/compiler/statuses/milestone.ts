/**
 * One milestone, compiled: its actors, each criterion's timeline, then the
 * states, history and status tables. Milestones are compiled in dependency
 * order, so a dependency's history and status tables exist when read.
 *
 *   - id: activated
 *     criteria: [{event: report_created, at_least: 3}, {milestone: setup}]
 *   -> _ms_activated__actors, _ms_activated__c1__deltas, _ms_activated__c1,
 *      _ms_activated__c2, _ms_activated__states, _ms_activated__history,
 *      _ms_activated__status
 */
import type { Milestone, Project } from '../../definitions/model.js';
import { ident, str } from '../quote.js';
import { AS_OF, milestoneTable, RESULT_TABLES } from './names.js';
import { rebuilt } from './scope.js';
import { PREVIOUS_AS_OF } from './state.js';
import { milestoneActorsSql } from './actors.js';
import type { WarehouseTables } from '../columns.js';
import { criterionStatements, FROM_EVENTS, type CriteriaMode } from './criteria.js';
import type { EventScan } from './event-scan.js';
import type { PlanStatement } from '../plan-types.js';
import { fillTemplate } from '../template.js';
import {
  holdsExpression,
  leafNodes,
  milestoneHoldsExpression,
  progressExpression,
  treeNodes,
} from './tree.js';

/**
 * An incremental run recomputes the states, history and status of the actors
 * whose answer can have changed since T0 only: a flip after T0 in any leaf,
 * rebuilt from their start, an evaluation start or a deadline in (T0, T], or
 * no stored status row in this milestone. Any other actor's state has not
 * changed since T0 (no leaf changed, no start or deadline passed), and its
 * history up to T0 comes from the same flips: its stored history rows and
 * status row (with the new as_of) are the answer.
 * `new`: the actor had no stored status row here (NEW_ACTORS: its history
 * rows at or before T0 were never published, so the publish takes them too).
 *
 *   -> _ms_activated__touched: actors with a flip after T0 in c1..c3_2, rebuilt, ...
 */
function touchedSql(m: Milestone): string {
  const actors = ident(milestoneTable.actors(m.id));
  const flipsAfter = leafNodes(m.criteria).map(
    (node) =>
      `SELECT "actor_id", FALSE AS "new" FROM ${ident(milestoneTable.flips(m.id, node.column))} WHERE "ts" > ${PREVIOUS_AS_OF}`,
  );
  const stored = `SELECT "actor_id" FROM ${ident(RESULT_TABLES.status)} WHERE "milestone_id" = ${str(m.id)}`;
  const rules =
    `SELECT "actor_id", "actor_id" NOT IN (${stored}) AS "new"\nFROM ${actors}\nWHERE ${rebuilt('"actor_id"')}\n` +
    `  OR ("start_at" > ${PREVIOUS_AS_OF} AND "start_at" <= ${AS_OF})\n` +
    `  OR ("deadline_at" > ${PREVIOUS_AS_OF} AND "deadline_at" <= ${AS_OF})\n` +
    `  OR "actor_id" NOT IN (${stored})`;
  return (
    `CREATE OR REPLACE TEMP TABLE ${ident(milestoneTable.touched(m.id))} AS\n` +
    `SELECT "actor_id", bool_or("new") AS "new"\nFROM (\n${[...flipsAfter, rules].join('\nUNION ALL\n')}\n)\nGROUP BY "actor_id"`
  );
}

/** The stored rows of the actors an incremental run did not touch (touchedSql), as `kept` rows of a template. */
function keptSql(m: Milestone, table: string, columns: string): string {
  const touched = ident(milestoneTable.touched(m.id));
  const actors = ident(milestoneTable.actors(m.id));
  return (
    `\nUNION ALL\nSELECT ${columns}\nFROM ${ident(table)}\nWHERE "milestone_id" = ${str(m.id)}\n` +
    `  AND "actor_id" IN (SELECT "actor_id" FROM ${actors})\n` +
    `  AND "actor_id" NOT IN (SELECT "actor_id" FROM ${touched})`
  );
}

const KEPT_HISTORY = '"actor_id", "ts", "type", "holds", "progress", "previous_progress"';
const KEPT_STATUS =
  '"milestone_id", "level", "actor_id", "account_id", "status", "completed_at", "progress", ' +
  `"evaluation_start", "deadline", "deadline_missed", "on_time", ${AS_OF} AS "as_of"`;

/** The milestone's actors, or only those an incremental run touched (touchedSql). */
function actorsOf(m: Milestone, touchedOnly: boolean): string {
  const actors = ident(milestoneTable.actors(m.id));
  return touchedOnly
    ? `(SELECT * FROM ${actors} WHERE "actor_id" IN (SELECT "actor_id" FROM ${ident(milestoneTable.touched(m.id))}))`
    : actors;
}

function statesSql(m: Milestone, touchedOnly: boolean): string {
  const actors = actorsOf(m, touchedOnly);
  const leaves = leafNodes(m.criteria);
  const leafChanges = leaves.map(
    (node, i) =>
      `\nUNION ALL\nSELECT f."actor_id", greatest(f."ts", a."start_at") AS "ts", f."ts" AS "raw_ts", ${i + 1} AS "leaf", f."holds"\n` +
      `FROM ${ident(milestoneTable.flips(m.id, node.column))} AS f\n` +
      `JOIN ${actors} AS a ON a."actor_id" = f."actor_id"`,
  );
  const carried = leaves.map(
    (node, i) =>
      `coalesce(last_value(CASE WHEN "leaf" = ${i + 1} THEN "holds" END IGNORE NULLS) OVER w, FALSE) AS ${ident(node.column)}`,
  );
  const columns = treeNodes(m.criteria).map((node) => {
    const expression = holdsExpression(node.criterion, node.path);
    const column = ident(node.column);
    return expression === column ? column : `${expression} AS ${column}`;
  });
  return fillTemplate('statuses/milestone-states', {
    states: ident(milestoneTable.states(m.id)),
    actors,
    leaf_changes: leafChanges.join(''),
    carried: carried.length > 0 ? carried.join(',\n') : 'NULL AS "no_criteria"',
    columns: columns.length > 0 ? columns.join(',\n') : '"no_criteria"',
    holds: milestoneHoldsExpression(m.criteria),
    progress: progressExpression(m.criteria),
  });
}

export function milestoneStatements(
  m: Milestone,
  project: Project,
  tables: WarehouseTables,
  scan: EventScan,
  mode: CriteriaMode = FROM_EVENTS,
): PlanStatement[] {
  const build = (name: string, sql: string): PlanStatement => ({
    name,
    sql,
    phase: 'build',
    milestone: m.id,
  });
  const history = milestoneTable.history(m.id);
  const states = milestoneTable.states(m.id);
  const status = milestoneTable.status(m.id);
  // An incremental run (mode.extend) recomputes only the touched actors' states.
  const touchedOnly = mode.extend;
  return [
    build(milestoneTable.actors(m.id), milestoneActorsSql(m, project, tables)),
    ...leafNodes(m.criteria).flatMap((node) => criterionStatements(m, node, scan, mode)),
    ...(touchedOnly ? [build(milestoneTable.touched(m.id), touchedSql(m))] : []),
    build(states, statesSql(m, touchedOnly)),
    build(
      history,
      fillTemplate('statuses/milestone-history', {
        history: ident(history),
        states: ident(states),
        kept: touchedOnly ? keptSql(m, RESULT_TABLES.history, KEPT_HISTORY) : '',
      }),
    ),
    build(
      status,
      fillTemplate('statuses/milestone-status', {
        status: ident(status),
        milestone: str(m.id),
        level: str(m.level),
        actors: actorsOf(m, touchedOnly),
        history: ident(history),
        kept: touchedOnly ? keptSql(m, RESULT_TABLES.status, KEPT_STATUS) : '',
      }),
    ),
  ];
}
