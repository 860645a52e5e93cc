/**
 * One journey's statements: the stays (when each actor reached each stage and
 * reached the next), then travelers per stage and the paths actors took. See
 * sql/journeys/*.sql.
 *
 *   {id: lifecycle, stages: [setup, activated], period: {last: 90d}, exitedWithin: 7d}
 *   -> _jr_lifecycle__stays, _jr_lifecycle__travelers, _jr_lifecycle__paths
 */
import type { Journey, Project } from '../../definitions/model.js';
import type { PlanStatement } from '../plan-types.js';
import { ident, str } from '../quote.js';
import { fillTemplate } from '../template.js';
import { intervalSql, periodCondition } from '../time.js';
import { AS_OF, journeyTable } from './names.js';

const build = (name: string, sql: string): PlanStatement => ({ name, sql, phase: 'build' });

const stagesList = (journey: Journey) => journey.stages.map((s, i) => `(${i + 1}, ${str(s)})`).join(', ');

export function journeyStatements(journey: Journey, project: Project, statusTable: string): PlanStatement[] {
  const stays = ident(journeyTable.stays(journey.id));
  const contact = project.milestones.find((m) => m.id === journey.stages[0])?.level === 'contact';
  const within = (column: string) => periodCondition(journey.period, project.timezone, column, AS_OF);
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
        stays,
        actor: contact ? '"contact_id"' : '"account_id"',
        as_of: AS_OF,
        event_in_period: within('e."ts"'),
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
