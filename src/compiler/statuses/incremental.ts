/**
 * Incremental compute (docs/FEED.md): every event criterion continues from
 * the last run's state (state.ts) with the events after its T (T0), except
 * for the actors whose past changed, rebuilt from their start. The runner
 * (src/incremental/) decides whether an incremental run is possible and
 * passes what changed; this module is pure.
 *
 *   { previousAsOf: '2026-03-01 00:00:00', addedLoads: ['7'], removedLoads: ['3'] }
 *   -> CREATE TEMP TABLE "_ms_affected_direct" AS ... (late rows of file 7, actors of file 3, ...)
 *      CREATE TEMP TABLE "_ms_affected" AS ...        (accounts with all their contacts)
 *      criteria: events after T0 (T0 - D for `last: D`), every event of "_ms_affected",
 *      the stored carry of the others; flips merged with the stored ones up to T0
 */
import type { Project } from '../../definitions/model.js';
import type { WarehouseTables } from '../columns.js';
import type { PlanStatement } from '../plan-types.js';
import { ident, str } from '../quote.js';
import { createTableSql, type ColumnCompression } from '../stored-columns.js';
import { fillTemplate } from '../template.js';
import { SHARED } from './names.js';
import { AFFECTED, AFFECTED_DIRECT } from './scope.js';

export interface IncrementalInputs {
  /** T of the last run, naive UTC text. */
  previousAsOf: string;
  /** `_load_id`s of the events files added or replaced since the last run. */
  addedLoads: string[];
  /** `_load_id`s of the events files the last run read that are gone (replaced or removed). */
  removedLoads: string[];
}

/** Which events files each account and contact came from, kept up to date by every run. */
export const LOAD_ACTORS = '_ms_load_actors';
export const LOAD_ID = '_load_id';

/** Whether the events table records which file each row came from (the loaders' `_load_id`). */
export const tracksLoads = (tables: WarehouseTables) =>
  tables.events.some((c) => c.name.toLowerCase() === LOAD_ID);

const list = (ids: string[]) => (ids.length > 0 ? ids.map(str).join(', ') : 'NULL');

/**
 * The actors an incremental run rebuilds from their start (`_ms_affected`,
 * sql/statuses/affected*.sql); every other actor continues from the stored
 * state (state.ts).
 */
export function affectedStatements(
  project: Project,
  tables: WarehouseTables,
  inputs: IncrementalInputs,
): PlanStatement[] {
  const contacts = tables.contacts !== undefined;
  // Only these count events before the start: elsewhere a start arriving after T0 counts events after it.
  const countingHistory = project.milestones.filter((m) => m.evaluation.countHistory).map((m) => m.id);
  return [
    {
      name: AFFECTED_DIRECT,
      phase: 'build',
      sql: fillTemplate('statuses/affected-direct', {
        added_loads: list(inputs.addedLoads),
        removed_loads: list(inputs.removedLoads),
        counting_history: list(countingHistory),
        moved_contacts: project.milestones.some((m) => m.level === 'contact')
          ? '  UNION ALL\n  SELECT c."actor_id" AS "id"\n' +
            `  FROM "${SHARED.contactActors}" AS c\n` +
            `  JOIN (SELECT DISTINCT "actor_id", "account_id" FROM "milestone_status" WHERE "level" = 'contact') AS s\n` +
            '    ON s."actor_id" = c."actor_id"\n' +
            '  WHERE c."account_id" IS DISTINCT FROM s."account_id"'
          : '',
      }),
    },
    {
      name: AFFECTED,
      phase: 'build',
      sql: fillTemplate('statuses/affected', {
        contact_accounts: contacts
          ? '\n  UNION\n  SELECT CAST("account_id" AS VARCHAR) FROM "contacts"\n' +
            '  WHERE CAST("contact_id" AS VARCHAR) IN (SELECT "id" FROM "_ms_affected_direct")'
          : '',
        account_contacts: contacts
          ? '\nUNION\nSELECT CAST("contact_id" AS VARCHAR) FROM "contacts"\n' +
            'WHERE CAST("account_id" AS VARCHAR) IN (SELECT "id" FROM accounts) AND "contact_id" IS NOT NULL'
          : '',
      }),
    },
  ];
}

/**
 * Publish phase: `_ms_load_actors` forgets the files that are gone and learns
 * the new ones (one DISTINCT over their rows only), so that the next run
 * knows whom a replaced or removed file concerned.
 */
export function loadActorsStatements(compression: ColumnCompression = 'auto'): PlanStatement[] {
  const load = `CAST("${LOAD_ID}" AS VARCHAR)`;
  return [
    {
      name: LOAD_ACTORS,
      phase: 'publish',
      sql: createTableSql(
        ident(LOAD_ACTORS),
        [
          ['load_id', 'VARCHAR'],
          ['account_id', 'VARCHAR'],
          ['contact_id', 'VARCHAR'],
        ],
        'if-not-exists',
        compression,
      ),
    },
    {
      name: 'load_actors_forget',
      phase: 'publish',
      sql: `DELETE FROM "${LOAD_ACTORS}"\nWHERE "load_id" NOT IN (SELECT DISTINCT ${load} FROM "events" WHERE "${LOAD_ID}" IS NOT NULL)`,
    },
    {
      name: 'load_actors_learn',
      phase: 'publish',
      // From the per-file summaries (first-seen.ts), not another scan of the events.
      sql:
        `INSERT INTO "${LOAD_ACTORS}"\n` +
        `SELECT DISTINCT "load_id", "account_id", "contact_id"\n` +
        `FROM "${SHARED.actorFirstSeen}"\n` +
        `WHERE "load_id" IS NOT NULL AND "load_id" NOT IN (SELECT "load_id" FROM "${LOAD_ACTORS}")`,
    },
  ];
}
