/**
 * The result tables: every milestone's status and history in one table each,
 * the journeys' furthest stages, and the publishing statements that replace
 * `milestone_status`, `milestone_history` and `milestone_journey` (run in one
 * transaction, so a reader never sees half a run). The history is published
 * as a run (runs/publish.ts): rows keep the run that first published them.
 *
 *   milestones [setup, activated], journeys [{id: lifecycle, stages: [setup, activated]}]
 *   -> _ms_status_rows = _ms_setup__status UNION ALL _ms_activated__status
 *      _ms_status  = a view of _ms_status_rows (incremental runs by key: and of the stored rows kept)
 *      _ms_journey = furthest stage per account over _ms_status
 *      CREATE OR REPLACE TABLE "milestone_status" AS SELECT * FROM "_ms_status" ORDER BY ...
 */
import type { Milestone, Project } from '../../definitions/model.js';
import { ident, str } from '../quote.js';
import { AS_OF, milestoneTable, RESULT_TABLES, SHARED } from './names.js';
import { publishChangedRows } from '../publish-changes.js';
import type { PlanStatement } from '../plan-types.js';
import { fillTemplate } from '../template.js';
import { HISTORY_COLUMNS, publishRunStatements, type StoredHistory } from '../runs/publish.js';
import { changedHistoryRows } from './state.js';
import { replaceTableSql, type ColumnCompression, type Columns } from '../stored-columns.js';

/** The columns of the published `milestone_status`, in order (as_of last). */
export const STATUS_COLUMNS: Columns = [
  ['milestone_id', 'VARCHAR'],
  ['level', 'VARCHAR'],
  ['actor_id', 'VARCHAR'],
  ['account_id', 'VARCHAR'],
  ['status', 'VARCHAR'],
  ['completed_at', 'TIMESTAMP'],
  ['progress', 'DOUBLE'],
  ['evaluation_start', 'TIMESTAMP'],
  ['deadline', 'TIMESTAMP'],
  ['deadline_missed', 'BOOLEAN'],
  ['on_time', 'BOOLEAN'],
  ['as_of', 'TIMESTAMP'],
];

const JOURNEY_COLUMNS: Columns = [
  ['journey_id', 'VARCHAR'],
  ['account_id', 'VARCHAR'],
  ['stage_index', 'INTEGER'],
  ['stage', 'VARCHAR'],
  ['reached_at', 'TIMESTAMP'],
];

/** `SELECT CAST(x AS T) AS "x", ... FROM source` with the contract's column types. */
function typedSelect(columns: [string, string][], source: string): string {
  const list = columns.map(([name, type]) => `CAST(${ident(name)} AS ${type}) AS ${ident(name)}`);
  return `SELECT\n  ${list.join(',\n  ')}\n${source}`;
}

/** The parts, UNION ALL; no parts: an empty table with the contract's columns. */
function union(columns: [string, string][], parts: string[]): string {
  if (parts.length > 0) return parts.join('\nUNION ALL\n');
  const list = columns.map(([name, type]) => `CAST(NULL AS ${type}) AS ${ident(name)}`);
  return `SELECT\n  ${list.join(',\n  ')}\nWHERE FALSE`;
}

const build = (name: string, sql: string): PlanStatement => ({ name, sql, phase: 'build' });

const indent = (sql: string) => sql.replaceAll(/^(?=.)/gm, '  ');

/**
 * An incremental run's touched (milestone_id, actor_id) pairs (milestone.ts,
 * touchedSql), those matching `where` on the touched tables' columns; an
 * empty table with the same columns when there is no milestone.
 */
function touchedPairsSql(table: string, milestones: Milestone[], where = ''): string {
  const parts = milestones.map(
    (m) =>
      `SELECT ${str(m.id)} AS "milestone_id", "actor_id" FROM ${ident(milestoneTable.touched(m.id))}${where}`,
  );
  const none =
    'SELECT CAST(NULL AS VARCHAR) AS "milestone_id", CAST(NULL AS VARCHAR) AS "actor_id" WHERE FALSE';
  return `CREATE OR REPLACE TEMP TABLE ${ident(table)} AS\n${parts.length > 0 ? parts.join('\nUNION ALL\n') : none}`;
}

/** The pairs new to their milestone (no stored status row there): their history there is published whole. */
const newActorsSql = (milestones: Milestone[]) =>
  touchedPairsSql(SHARED.newActors, milestones, ' WHERE "new"');

/** The status rows this run computed (every actor's, or an incremental run's touched actors'). */
function statusRowsSql(milestones: Milestone[]): string {
  const parts = milestones.map((m) =>
    typedSelect(STATUS_COLUMNS, `FROM ${ident(milestoneTable.status(m.id))}`),
  );
  return `CREATE OR REPLACE TEMP TABLE ${ident(SHARED.statusRows)} AS\n${union(STATUS_COLUMNS, parts)}`;
}

/**
 * An incremental run that publishes `milestone_status` by key: the stored
 * rows it replaces or drops are its touched pairs (the actors it recomputed
 * and the stored ones no longer assigned). Every other stored row is the
 * answer as it stands, with the new as_of.
 *
 *   touched setup {acme}, activated {initech} -> ('setup', 'acme'), ('activated', 'initech')
 */
const statusReplacedSql = (milestones: Milestone[]) => touchedPairsSql(SHARED.statusReplaced, milestones);

/**
 * Every milestone's status rows, as a view: the rows this run computed and,
 * in an incremental run publishing by key (`keptStored`), the stored rows it
 * does not replace, with the new as_of. Always a view, so that a full and an
 * incremental run can follow each other in one session.
 */
function statusViewSql(keptStored: boolean): string {
  const rows = `SELECT * FROM ${ident(SHARED.statusRows)}`;
  if (!keptStored) return `CREATE OR REPLACE TEMP VIEW ${ident(SHARED.status)} AS\n${rows}`;
  const columns = STATUS_COLUMNS.filter(([name]) => name !== 'as_of').map(([name]) => `s.${ident(name)}`);
  return (
    `CREATE OR REPLACE TEMP VIEW ${ident(SHARED.status)} AS\n` +
    `SELECT ${columns.join(', ')}, ${AS_OF} AS "as_of"\nFROM ${ident(RESULT_TABLES.status)} AS s\n` +
    `ANTI JOIN ${ident(SHARED.statusReplaced)} AS r ON r."milestone_id" = s."milestone_id" AND r."actor_id" = s."actor_id"\n` +
    `UNION ALL\n${rows}`
  );
}

/** Every milestone's history; an incremental run's only the rows it can have changed (all its publish reads). */
function historySql(milestones: Milestone[], incremental: boolean): string {
  const parts = milestones.map((m) => {
    const changed = incremental ? `\n  WHERE ${changedHistoryRows('h.', str(m.id))}` : '';
    const source =
      `FROM (\n  SELECT ${str(m.id)} AS "milestone_id", ${str(m.level)} AS "level", a."account_id", h.*\n` +
      `  FROM ${ident(milestoneTable.history(m.id))} AS h\n` +
      `  JOIN ${ident(milestoneTable.actors(m.id))} AS a ON a."actor_id" = h."actor_id"${changed}\n)`;
    return typedSelect(HISTORY_COLUMNS, source);
  });
  return `CREATE OR REPLACE TEMP TABLE ${ident(SHARED.history)} AS\n${union(HISTORY_COLUMNS, parts)}`;
}

function journeySql(project: Project): string {
  const known = new Set(project.milestones.map((m) => m.id));
  const parts = project.journeys.map((journey) => {
    const stages = journey.stages
      .map((stage, i) => [i + 1, stage] as const)
      .filter(([, stage]) => known.has(stage))
      .map(([i, stage]) => `(${i}, ${str(stage)})`);
    const sql = fillTemplate('statuses/journey', {
      journey: str(journey.id),
      stages: stages.length > 0 ? stages.join(', ') : "(0, '')",
    });
    return typedSelect(JOURNEY_COLUMNS, `FROM (\n${indent(sql)}\n)`);
  });
  return `CREATE OR REPLACE TEMP TABLE ${ident(SHARED.journey)} AS\n${union(JOURNEY_COLUMNS, parts)}`;
}

/** `keptStored`: an incremental run whose milestone tables hold only the touched actors' rows (milestone.ts). */
export function resultStatements(
  project: Project,
  ordered: Milestone[],
  incremental = false,
  keptStored = false,
): PlanStatement[] {
  return [
    ...(incremental ? [build(SHARED.newActors, newActorsSql(ordered))] : []),
    build(SHARED.statusRows, statusRowsSql(ordered)),
    ...(keptStored ? [build(SHARED.statusReplaced, statusReplacedSql(ordered))] : []),
    build(SHARED.status, statusViewSql(keptStored)),
    build(SHARED.history, historySql(ordered, incremental)),
    build(SHARED.journey, journeySql(project)),
  ];
}

/** How the statuses plan publishes (each default: false, 'legacy', 'auto'). */
export interface PublishOptions {
  /** The history publish compares and replaces only the rows the run can have changed. */
  incremental?: boolean;
  /**
   * The stored `milestone_status` has the published columns and one row per
   * (milestone, actor) (compute checks), so it is published by its changed
   * rows instead of rewritten.
   */
  statusByChanges?: boolean;
  /** An incremental run's, with those checks: published by the keys it replaced. */
  keptStored?: boolean;
  /** What the stored history is (runs/publish.ts). */
  storedHistory?: StoredHistory;
  /** Whether tables written whole name their columns' compression (stored-columns.ts). */
  compression?: ColumnCompression;
}

export function publishStatements(options: PublishOptions = {}): PlanStatement[] {
  const { incremental = false, statusByChanges = false, keptStored = false } = options;
  const compression = options.compression ?? 'auto';
  const publish = (table: string, columns: Columns, source: string, order: string[]): PlanStatement => ({
    name: table,
    phase: 'publish',
    sql: replaceTableSql(ident(table), columns, ident(source), order.map(ident).join(', '), compression),
  });
  const statusOrder = ['milestone_id', 'actor_id'];
  const statusPublish = keptStored
    ? publishReplacedStatus(statusOrder)
    : statusByChanges
      ? publishChangedRows({
          table: RESULT_TABLES.status,
          staged: SHARED.status,
          compared: STATUS_COLUMNS.filter(([name]) => name !== 'as_of'),
          present: 'milestone_id',
          order: statusOrder.map(ident).join(', '),
          asOf: AS_OF,
        })
      : [publish(RESULT_TABLES.status, STATUS_COLUMNS, SHARED.status, statusOrder)];
  return [
    ...statusPublish,
    // The history is published as a run: compared with the stored one, retractions recorded, the feed appended.
    ...publishRunStatements(incremental, options.storedHistory, compression),
    publish(RESULT_TABLES.journey, JOURNEY_COLUMNS, SHARED.journey, ['journey_id', 'account_id']),
  ];
}

/**
 * An incremental run's status publish by key: the stored rows of the pairs
 * it replaced or dropped (`_ms_status_replaced`) go, every row gets the new
 * as_of, the touched actors' rows go in. The stored table has one row per
 * (milestone, actor) (compute checks), so nothing else can differ.
 */
function publishReplacedStatus(order: string[]): PlanStatement[] {
  const table = ident(RESULT_TABLES.status);
  const publish = (name: string, sql: string): PlanStatement => ({ name, phase: 'publish', sql });
  return [
    publish(
      `${RESULT_TABLES.status}__retire`,
      `DELETE FROM ${table}\nWHERE rowid IN (\n  SELECT s.rowid FROM ${table} AS s\n` +
        `  SEMI JOIN ${ident(SHARED.statusReplaced)} AS r ON r."milestone_id" = s."milestone_id" AND r."actor_id" = s."actor_id"\n)`,
    ),
    publish(`${RESULT_TABLES.status}__as_of`, `UPDATE ${table} SET "as_of" = ${AS_OF}`),
    publish(
      RESULT_TABLES.status,
      `INSERT INTO ${table}\nSELECT * FROM ${ident(SHARED.statusRows)}\nORDER BY ${order.map(ident).join(', ')}`,
    ),
  ];
}
