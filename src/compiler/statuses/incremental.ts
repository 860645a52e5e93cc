/**
 * Incremental compute (docs/FEED.md): the plan recomputes only the actors
 * whose answer can have changed since the last run, and every other actor
 * keeps its stored status (with the new as_of) and history. The runner
 * (src/incremental/) decides whether an incremental run is possible and
 * passes what changed; this module is pure.
 *
 *   { previousAsOf: '2026-03-01 00:00:00', addedLoads: ['7'], removedLoads: ['3'] }
 *   -> CREATE TEMP TABLE "_ms_affected_direct" AS ... (one scan of events, stored statuses)
 *      CREATE TEMP TABLE "_ms_affected" AS ...        (accounts with all their contacts)
 *      actors and event scans: ... AND CAST("account_id" AS VARCHAR) IN (SELECT "id" FROM "_ms_affected")
 *      _ms_status = stored rows of the others (as_of = T) UNION ALL the recomputed ones
 */
import type { Project } from '../../definitions/model.js';
import type { WarehouseTables } from '../columns.js';
import type { PlanStatement } from '../plan-types.js';
import { str } from '../quote.js';
import { fillTemplate } from '../template.js';
import { intervalSql } from '../time.js';
import { SHARED } from './names.js';
import { AFFECTED, AFFECTED_DIRECT } from './scope.js';
import { eventCriteria } from './tree.js';

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

/** Every rolling window (`within: {last: D}`) of any milestone: the events it counts (by name; a superset of its `where`), per D. */
function rollingWindows(project: Project): Map<number, Set<string>> {
  const windows = new Map<number, Set<string>>();
  for (const m of project.milestones)
    for (const c of eventCriteria(m.criteria)) {
      if (c.within?.kind !== 'last') continue;
      const names = windows.get(c.within.duration.seconds) ?? new Set<string>();
      windows.set(c.within.duration.seconds, names.add(c.event));
    }
  return windows;
}

/** Events leaving a rolling window in (T0, T1]: those dated in (T0 - D, T1 - D]. */
function leavingSql(project: Project, t0: string, t1: string): string[] {
  return [...rollingWindows(project)]
    .sort(([a], [b]) => a - b)
    .map(([seconds, names]) => {
      const d = intervalSql({ seconds, text: `${seconds}s` });
      const events = [...names].sort().map(str).join(', ');
      return `("event" IN (${events}) AND "ts" > ${t0} - ${d} AND "ts" <= ${t1} - ${d})`;
    });
}

export function affectedStatements(
  project: Project,
  tables: WarehouseTables,
  inputs: IncrementalInputs,
): PlanStatement[] {
  const t0 = `CAST(${str(inputs.previousAsOf)} AS TIMESTAMP)`;
  const t1 = "getvariable('ms_as_of')";
  const changed = [
    `CAST("${LOAD_ID}" AS VARCHAR) IN (${list(inputs.addedLoads)})`,
    `("ts" > ${t0} AND "ts" <= ${t1})`,
    ...leavingSql(project, t0, t1),
  ];
  const contacts = tables.contacts !== undefined;
  return [
    {
      name: AFFECTED_DIRECT,
      phase: 'build',
      sql: fillTemplate('statuses/affected-direct', {
        changed_events: changed.join('\n  OR '),
        removed_loads: list(inputs.removedLoads),
        t0,
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
            'WHERE CAST("account_id" AS VARCHAR) IN (SELECT "id" FROM accounts)'
          : '',
      }),
    },
  ];
}

/** The stored rows an incremental run keeps: those of actors it does not recompute. */
export function keptCondition(): string {
  const affected = `(SELECT "id" FROM "${AFFECTED}")`;
  return (
    `WHERE "actor_id" NOT IN ${affected}\n` +
    `  AND NOT ("level" = 'contact' AND coalesce("account_id" IN ${affected}, FALSE))`
  );
}

/**
 * Publish phase: `_ms_load_actors` forgets the files that are gone and learns
 * the new ones (one DISTINCT over their rows only), so that the next run
 * knows whom a replaced or removed file concerned.
 */
export function loadActorsStatements(): PlanStatement[] {
  const load = `CAST("${LOAD_ID}" AS VARCHAR)`;
  return [
    {
      name: LOAD_ACTORS,
      phase: 'publish',
      sql: `CREATE TABLE IF NOT EXISTS "${LOAD_ACTORS}" ("load_id" VARCHAR, "account_id" VARCHAR, "contact_id" VARCHAR)`,
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
