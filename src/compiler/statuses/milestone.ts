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
import { milestoneActorsSql } from './actors.js';
import type { WarehouseTables } from '../columns.js';
import { criterionStatements, FROM_EVENTS, type CriteriaMode } from './criteria.js';
import type { EventScan } from './event-scan.js';
import { milestoneTable } from './names.js';
import type { PlanStatement } from '../plan-types.js';
import { fillTemplate } from '../template.js';
import {
  holdsExpression,
  leafNodes,
  milestoneHoldsExpression,
  progressExpression,
  treeNodes,
} from './tree.js';

function statesSql(m: Milestone): string {
  const actors = ident(milestoneTable.actors(m.id));
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
  return [
    build(milestoneTable.actors(m.id), milestoneActorsSql(m, project, tables)),
    ...leafNodes(m.criteria).flatMap((node) => criterionStatements(m, node, scan, mode)),
    build(states, statesSql(m)),
    build(
      history,
      fillTemplate('statuses/milestone-history', { history: ident(history), states: ident(states) }),
    ),
    build(
      status,
      fillTemplate('statuses/milestone-status', {
        status: ident(status),
        milestone: str(m.id),
        level: str(m.level),
        actors: ident(milestoneTable.actors(m.id)),
        history: ident(history),
      }),
    ),
  ];
}
