/**
 * One journey's statements: the stays (when each actor reached each stage and
 * reached the next), then travelers per stage and the paths actors took. See
 * sql/journeys/*.sql.
 *
 *   {id: lifecycle, stages: [setup, activated], period: {last: 90d}, exitedWithin: 7d}
 *   -> _jr_lifecycle__stays, _jr_lifecycle__travelers, _jr_lifecycle__paths
 */
import { NUMBER_COLUMNS, numberJoin } from '../actor-numbers.js';
import type { Journey, Project } from '../../definitions/model.js';
import type { PlanStatement } from '../plan-types.js';
import { ident, str } from '../quote.js';
import { fillTemplate } from '../template.js';
import { intervalSql, periodCondition } from '../time.js';
import { AS_OF, journeyTable, PREVIOUS_AS_OF, RESULT_TABLES } from './names.js';

const build = (name: string, sql: string): PlanStatement => ({ name, sql, phase: 'build' });

const stagesList = (journey: Journey) => journey.stages.map((s, i) => `(${i + 1}, ${str(s)})`).join(', ');

/**
 * The per-stage pieces of actions.sql: each stay's reach and exit instants as
 * columns of its actor's row, and a count per stage of the events inside.
 *
 *   stages [setup, activated] -> r_1, x_1, r_2, x_2; a_1, a_2
 */
function stagePivot(journey: Journey): Record<string, string> {
  const indexes = journey.stages.map((_, i) => i + 1);
  const stay = (column: string, i: number) => `max(${column}) FILTER (WHERE s."stage_index" = ${i})`;
  return {
    stage_indexes: indexes.join(', '),
    stage_counts: indexes.map((i) => `"a_${i}"`).join(', '),
    bounds: indexes
      .map(
        (i) =>
          `${stay('s."reached_at"', i)} AS "r_${i}",\n` +
          `${stay(`coalesce(s."exited_at", ${AS_OF} + INTERVAL 1 MICROSECOND)`, i)} AS "x_${i}"`,
      )
      .join(',\n'),
    counts: indexes
      .map((i) => `sum(CASE WHEN e."ts" >= w."r_${i}" AND e."ts" < w."x_${i}" THEN 1 ELSE 0 END) AS "a_${i}"`)
      .join(',\n'),
  };
}

/** Whether an incremental run can add the events after T0 to the last run's actions (actions-continued.sql). */
export const continuesActions = (journey: Journey) => journey.period.kind !== 'last';

/**
 * `continued`: an incremental run that rebuilt no actor and kept the last
 * run's journey rows (compiler/cx/incremental.ts); the actions of a journey
 * whose period does not move with T are then the last run's plus the events
 * after T0 (the full count reads every event of the period: 0.55-0.58 s at 50M).
 */
export function journeyStatements(
  journey: Journey,
  project: Project,
  statusTable: string,
  continued: boolean,
  byNumber = false,
): PlanStatement[] {
  const stays = ident(journeyTable.stays(journey.id));
  const level = project.milestones.find((m) => m.id === journey.stages[0])?.level ?? 'account';
  const within = (column: string) => periodCondition(journey.period, project.timezone, column, AS_OF);
  // With actor numbers (compiler/actor-numbers.ts) the stays (continued) or each actor's
  // pivoted row of stays (actions.sql) meet the events on the actor's number.
  const actionValues = {
    stays,
    numbers: byNumber ? numberJoin(level, 's."actor_id"', 'n') : '',
    stay_key: byNumber ? 'n."number"' : 's."actor_id"',
    actor: byNumber ? ident(NUMBER_COLUMNS[level]) : ident(`${level}_id`),
    as_of: AS_OF,
    event_in_period: within('e."ts"'),
  };
  const actions =
    continued && continuesActions(journey)
      ? fillTemplate('journeys/actions-continued', {
          ...actionValues,
          stages: stagesList(journey),
          published: ident(RESULT_TABLES.travelers),
          journey: str(journey.id),
          previous_as_of: PREVIOUS_AS_OF,
        })
      : fillTemplate('journeys/actions', { ...actionValues, ...stagePivot(journey) });
  return [
    build(
      journeyTable.stays(journey.id),
      fillTemplate('journeys/stays', {
        table: stays,
        status: ident(statusTable),
        stages: stagesList(journey),
      }),
    ),
    build(
      journeyTable.travelers(journey.id),
      fillTemplate('journeys/travelers', {
        table: ident(journeyTable.travelers(journey.id)),
        actions,
        stays,
        as_of: AS_OF,
        exited_within: intervalSql(journey.exitedWithin),
        journey: str(journey.id),
        reached_in_period: within('s."reached_at"'),
        exited_in_period: `s."exited_at" IS NOT NULL AND ${within('s."exited_at"')}`,
        last: String(journey.stages.length),
        stages: stagesList(journey),
      }),
    ),
    build(
      journeyTable.paths(journey.id),
      fillTemplate('journeys/paths', {
        table: ident(journeyTable.paths(journey.id)),
        journey: str(journey.id),
        stays,
        reached_in_period: within('"reached_at"'),
      }),
    ),
  ];
}
