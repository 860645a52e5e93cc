/**
 * compileConversions: the project's conversions -> named SQL statements.
 * Pure and deterministic (same project and options, same SQL).
 *
 *   conversions: [{id: trial_to_customer, steps: [setup, customer], window: 60d, touchpoints: [...]}]
 *   -> SET VARIABLE cv_as_of = ...
 *      SET VARIABLE ms_known_at = ...                                          (only with knownAt)
 *      CREATE OR REPLACE TEMP TABLE "_cv_trial_to_customer__events" AS ...     (one scan of events)
 *      ... "__attempts", "__entries", "__steps", "__touches", "__touchpoints", "__paths"
 *      CREATE OR REPLACE TEMP TABLE "_cv_steps" AS ... (every conversion's rows, typed)
 *   publishStatements(...) then replaces "conversion_steps", ... in one transaction.
 */
import type { Conversion, Project } from '../../definitions/model.js';
import { ident, str } from '../quote.js';
import { declaredTables, type WarehouseTables } from '../columns.js';
import type { Plan, PlanStatement } from '../plan-types.js';
import { attemptsSql, cohortFloor, entriesSql } from './funnel.js';
import { actorKey } from './actor-key.js';
import { decaySql, pathsSql, stepsSql, touchesSql, touchpointsSql } from './metrics.js';
import { AS_OF, AS_OF_VARIABLE, conversionTable, MILESTONE_STATUS, RESULT_TABLES, SHARED } from './names.js';
import { eventScanSql, type ScanBounds } from './sources.js';
import { knownAtStatement } from '../statuses/known-at.js';
import {
  changedActorsSql,
  continuedTable,
  mergedEntriesSql,
  mergedTouchesSql,
  onlyChanged,
  previousAsOfStatement,
  rescanSql,
  retouchSql,
  TOUCHES_FROM,
  TOUCHES_FROM_VARIABLE,
  touchesFromSql,
} from './continued.js';
import { asOfStatement } from '../as-of.js';

export interface CompileConversionsOptions {
  /** T as naive UTC text (from parseAsOf); default: the latest event time. */
  asOf?: string;
  /** The input tables' columns; default: as declared by the project's sources. */
  tables?: WarehouseTables;
  /** Only these conversions; default all. */
  ids?: string[];
  /**
   * The table milestone steps read completions from; default
   * `milestone_status`. `compute` passes the statuses plan's staged table, so
   * that statuses and conversions are published in one transaction.
   */
  statusTable?: string;
  /**
   * `--known-at K` (naive UTC text from parseAsOf): only the events that had
   * arrived by K count (arrived_at, else ts), in the event scan and the value
   * sums, as in the statuses plan (statuses/known-at.ts); T defaults to K.
   * Milestone steps read `statusTable`, which must then hold the statuses
   * computed at K. Without it the SQL is unchanged.
   */
  knownAt?: string;
  /**
   * An incremental `compute`: these conversions recompute only the actors
   * whose answer can have changed since T0 (continued.ts; the statuses plan
   * ran incrementally before, so its rebuilt and touched actors exist).
   */
  continued?: { ids: string[]; previousAsOf: string };
}

type Columns = [string, string][];

export const STEPS_COLUMNS: Columns = [
  ['conversion_id', 'VARCHAR'],
  ['breakdown', 'VARCHAR'],
  ['value', 'VARCHAR'],
  ['step', 'INTEGER'],
  ['step_name', 'VARCHAR'],
  ['reached', 'BIGINT'],
  ['in_progress', 'BIGINT'],
  ['step_rate', 'DOUBLE'],
  ['overall_rate', 'DOUBLE'],
  ['seconds_mean', 'DOUBLE'],
  ['seconds_median', 'DOUBLE'],
  ['seconds_p90', 'DOUBLE'],
  ['from_previous_seconds_mean', 'DOUBLE'],
  ['from_previous_seconds_median', 'DOUBLE'],
  ['from_previous_seconds_p90', 'DOUBLE'],
];

export const TOUCHPOINT_COLUMNS: Columns = [
  ['conversion_id', 'VARCHAR'],
  ['position', 'INTEGER'],
  ['touchpoint', 'VARCHAR'],
  ['converted_with', 'BIGINT'],
  ['not_converted_with', 'BIGINT'],
  ['rate_with', 'DOUBLE'],
  ['rate_without', 'DOUBLE'],
  ['lift', 'DOUBLE'],
  ['seconds_mean', 'DOUBLE'],
  ['seconds_median', 'DOUBLE'],
];

export const PATH_COLUMNS: Columns = [
  ['conversion_id', 'VARCHAR'],
  ['path', 'VARCHAR[]'],
  ['converted', 'BIGINT'],
  ['not_converted', 'BIGINT'],
  ['revenue', 'DOUBLE'],
];

export const ACTOR_COLUMNS: Columns = [
  ['conversion_id', 'VARCHAR'],
  ['actor_id', 'VARCHAR'],
  ['account_id', 'VARCHAR'],
  ['entered_at', 'TIMESTAMP'],
  ['reached', 'INTEGER'],
  ['converted', 'BOOLEAN'],
  ['in_progress', 'BOOLEAN'],
  ['converted_at', 'TIMESTAMP'],
  ['seconds', 'DOUBLE'],
  ['revenue', 'DOUBLE'],
  ['step_times', 'TIMESTAMP[]'],
];

export const ATTRIBUTION_COLUMNS: Columns = [
  ['conversion_id', 'VARCHAR'],
  ['model', 'VARCHAR'],
  ['position', 'INTEGER'],
  ['touchpoint', 'VARCHAR'],
  ['credit', 'DOUBLE'],
  ['revenue', 'DOUBLE'],
];

/**
 * Sort keys of the small published tables: the same input gives the same row
 * order. The paths and actors are written as built (docs/FEED.md, "Row
 * order"): sorting 48K paths by their lists of touchpoint ids cost 0.4-0.6 s
 * of a 10-touchpoint conversion at 50M events; every reader sorts.
 */
const ORDER: Record<keyof typeof SHARED, string | undefined> = {
  steps: '"conversion_id", "breakdown" NULLS FIRST, "value" NULLS LAST, "step"',
  touchpoints: '"conversion_id", "position"',
  paths: undefined,
  actors: undefined,
  attribution: '"conversion_id", "model", "position" NULLS LAST',
};

/**
 * How each staged table is kept until the publish: the paths (one list of
 * touchpoint ids per distinct path, 2.4M ids at 50M) as a view the publish
 * reads once, since nothing else reads them (the attribution reads each
 * conversion's own table): a temp table copied them twice (0.26-0.35 s).
 */
const STAGED_AS: Record<Exclude<keyof typeof SHARED, 'attribution'>, 'TABLE' | 'VIEW'> = {
  steps: 'TABLE',
  touchpoints: 'TABLE',
  paths: 'VIEW',
  actors: 'TABLE',
};

const COLUMNS: Record<keyof typeof SHARED, Columns> = {
  steps: STEPS_COLUMNS,
  touchpoints: TOUCHPOINT_COLUMNS,
  paths: PATH_COLUMNS,
  actors: ACTOR_COLUMNS,
  attribution: ATTRIBUTION_COLUMNS,
};

const build = (name: string, sql: string): PlanStatement => ({ name, sql, phase: 'build' });

/** The conversions to compute, in the config's order; an unknown id is a bug upstream. */
export function selectConversions(project: Project, ids?: string[]): Conversion[] {
  if (!ids) return project.conversions;
  for (const id of ids) {
    if (!project.conversions.some((c) => c.id === id)) throw new Error(`no conversion "${id}"`);
  }
  return project.conversions.filter((c) => ids.includes(c.id));
}

const emptyTouches = (c: Conversion, tables: WarehouseTables, into = conversionTable.touches(c.id)) =>
  `CREATE OR REPLACE TEMP TABLE ${ident(into)} AS\n` +
  `SELECT CAST(NULL AS ${actorKey(c, tables).type}) AS "actor_key", CAST(NULL AS INTEGER) AS "touchpoint", ` +
  'CAST(NULL AS TIMESTAMP) AS "ts"\nWHERE FALSE';

/**
 * The statements of one conversion, in order. `continued`: an incremental
 * run's, which recomputes the changed actors only and merges them with the
 * stored rows of the others (continued.ts).
 */
export function conversionStatements(
  c: Conversion,
  project: Project,
  tables: WarehouseTables,
  statusTable: string = MILESTONE_STATUS,
  knownAt = false,
  continued = false,
): PlanStatement[] {
  const statements: PlanStatement[] = [];
  const bounds: ScanBounds = {
    knownAt,
    floor: cohortFloor(c, project.timezone),
    ...(continued ? { only: (key: string) => onlyChanged(c, key) } : {}),
  };
  if (continued)
    statements.push(build(continuedTable.changed(c.id), changedActorsSql(c, tables, statusTable)));
  const scan = eventScanSql(c, tables, project.timezone, bounds);
  if (scan) statements.push(build(conversionTable.events(c.id), scan));
  statements.push(
    build(conversionTable.attempts(c.id), attemptsSql(c, tables, project.timezone, statusTable, bounds.only)),
  );
  if (continued) {
    const fresh = continuedTable.fresh(c.id);
    statements.push(build(fresh, entriesSql(c, tables, bounds, fresh)));
    statements.push(build(conversionTable.entries(c.id), mergedEntriesSql(c)));
  } else {
    statements.push(build(conversionTable.entries(c.id), entriesSql(c, tables, bounds)));
  }
  statements.push(build(conversionTable.steps(c.id), stepsSql(c, tables)));
  const hasTouchpoints = c.touchpoints.length > 0;
  if (continued) {
    const [from, into] = [continuedTable.rescan(c.id), continuedTable.freshTouches(c.id)];
    statements.push(build(continuedTable.retouch(c.id), retouchSql(c)));
    if (hasTouchpoints) {
      statements.push(build(from, rescanSql(c)));
      statements.push(build(`${TOUCHES_FROM_VARIABLE}__${c.id}`, touchesFromSql(c)));
      const narrowed = { ...bounds, floor: `${bounds.floor} AND e."ts" >= ${TOUCHES_FROM}` };
      statements.push(build(into, touchesSql(c, tables, project.timezone, narrowed, from, into)));
    } else {
      statements.push(build(into, emptyTouches(c, tables, into)));
    }
    statements.push(build(conversionTable.touches(c.id), mergedTouchesSql(c)));
  } else {
    statements.push(
      build(
        conversionTable.touches(c.id),
        hasTouchpoints ? touchesSql(c, tables, project.timezone, bounds) : emptyTouches(c, tables),
      ),
    );
  }
  if (hasTouchpoints) statements.push(build(conversionTable.touchpoints(c.id), touchpointsSql(c)));
  statements.push(build(conversionTable.paths(c.id), pathsSql(c)));
  statements.push(build(conversionTable.decay(c.id), decaySql(c)));
  return statements;
}

/** `SELECT CAST(x AS T) AS "x", ... FROM source` with the result's column types. */
function typedSelect(columns: Columns, source: string): string {
  const list = columns.map(([name, type]) => `CAST(${ident(name)} AS ${type}) AS ${ident(name)}`);
  return `SELECT\n  ${list.join(',\n  ')},\n  ${AS_OF} AS "as_of"\n${source}`;
}

function union(columns: Columns, parts: string[]): string {
  if (parts.length > 0) return parts.join('\nUNION ALL\n');
  const list = columns.map(([name, type]) => `CAST(NULL AS ${type}) AS ${ident(name)}`);
  return `SELECT\n  ${list.join(',\n  ')},\n  ${AS_OF} AS "as_of"\nWHERE FALSE`;
}

function actorsSource(c: Conversion): string {
  const n = c.steps.length;
  return (
    `FROM (\n  SELECT ${str(c.id)} AS "conversion_id", "actor_id", "account_id", "times"[1] AS "entered_at", "reached",\n` +
    `    "converted", "in_progress", CASE WHEN "converted" THEN "times"[${n}] END AS "converted_at", "seconds",\n` +
    `    "revenue", "times" AS "step_times"\n  FROM ${ident(conversionTable.entries(c.id))}\n)`
  );
}

/**
 * A path's touchpoint positions as ids. A CASE, not a list literal indexed
 * in the lambda: the literal is built again for every element (50M events,
 * 2.4M positions: 0.57 s -> 0.23 s).
 */
function pathsSource(c: Conversion): string {
  const names = c.touchpoints.map((t, i) => ` WHEN ${i + 1} THEN ${str(t.id)}`).join('');
  const path =
    c.touchpoints.length > 0 ? `list_transform("path", i -> CASE i${names} END)` : 'CAST([] AS VARCHAR[])';
  return (
    `FROM (\n  SELECT "conversion_id", ${path} AS "path", "converted", "not_converted", "revenue"\n` +
    `  FROM ${ident(conversionTable.paths(c.id))}\n)`
  );
}

/** The temp tables holding every computed conversion's rows (attribution is added by the runner). */
export function resultStatements(conversions: Conversion[]): PlanStatement[] {
  const table = (name: keyof typeof STAGED_AS, parts: string[]) =>
    build(
      SHARED[name],
      `CREATE OR REPLACE TEMP ${STAGED_AS[name]} ${ident(SHARED[name])} AS\n${union(COLUMNS[name], parts)}`,
    );
  const from = (t: string) => `FROM ${ident(t)}`;
  return [
    table(
      'steps',
      conversions.map((c) => typedSelect(STEPS_COLUMNS, from(conversionTable.steps(c.id)))),
    ),
    table(
      'touchpoints',
      conversions
        .filter((c) => c.touchpoints.length > 0)
        .map((c) => typedSelect(TOUCHPOINT_COLUMNS, from(conversionTable.touchpoints(c.id)))),
    ),
    table(
      'paths',
      conversions.map((c) => typedSelect(PATH_COLUMNS, pathsSource(c))),
    ),
    table(
      'actors',
      conversions.map((c) => typedSelect(ACTOR_COLUMNS, actorsSource(c))),
    ),
  ];
}

/** The empty attribution table the runner fills from TypeScript. */
export function attributionTableSql(): string {
  return `CREATE OR REPLACE TEMP TABLE ${ident(SHARED.attribution)} AS\n${union(ATTRIBUTION_COLUMNS, [])}`;
}

/**
 * Statements that replace the result tables, to run in one transaction.
 * `replacing` undefined: every conversion was computed, the tables are
 * rebuilt from scratch (dropping conversions no longer defined). Otherwise
 * only the rows of those conversions are replaced; the others are kept.
 */
export function publishStatements(replacing?: string[]): PlanStatement[] {
  return (Object.keys(SHARED) as (keyof typeof SHARED)[]).map((name) => {
    const target = ident(RESULT_TABLES[name]);
    const source = ident(SHARED[name]);
    const rows =
      replacing === undefined
        ? `SELECT * FROM ${source}`
        : `SELECT * FROM ${target} WHERE "conversion_id" NOT IN (${replacing.map(str).join(', ')})\n` +
          `UNION ALL BY NAME\nSELECT * FROM ${source}`;
    const order = ORDER[name];
    const replace = `CREATE OR REPLACE TABLE ${target} AS\nSELECT * FROM (\n${rows}\n)${order ? `\nORDER BY ${order}` : ''}`;
    const sql =
      replacing === undefined
        ? replace
        : `CREATE TABLE IF NOT EXISTS ${target} AS SELECT * FROM ${source} LIMIT 0;\n${replace}`;
    return { name: RESULT_TABLES[name], sql, phase: 'publish' as const };
  });
}

export function compileConversions(project: Project, options: CompileConversionsOptions = {}): Plan {
  const tables = options.tables ?? declaredTables(project);
  const conversions = selectConversions(project, options.ids);
  const statements: PlanStatement[] = [
    asOfStatement('as_of', AS_OF_VARIABLE, options.asOf ?? options.knownAt),
  ];
  const knownAt = options.knownAt !== undefined;
  if (knownAt) statements.push(knownAtStatement(options.knownAt!));
  const statusTable = options.statusTable ?? MILESTONE_STATUS;
  const continued = new Set(options.continued?.ids ?? []);
  if (options.continued && continued.size > 0)
    statements.push(previousAsOfStatement(options.continued.previousAsOf));
  for (const c of conversions) {
    statements.push(...conversionStatements(c, project, tables, statusTable, knownAt, continued.has(c.id)));
  }
  statements.push(...resultStatements(conversions));
  statements.push(build(SHARED.attribution, attributionTableSql()));
  return { statements };
}
