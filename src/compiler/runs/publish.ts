/**
 * The run-aware publish of `milestone_history` (docs/FEED.md): instead of
 * replacing the table, the new history is compared with the stored one by
 * each row's whole identity. Rows that still hold keep the run that first
 * published them; rows that no longer hold become retractions; both go to the
 * append-only feed log; the run gets its row. Every write to a published
 * table is in the publish phase, so it all happens in the one transaction
 * that replaces `milestone_status` and the other results; the comparison is
 * staged in temp tables, before that transaction when it can be.
 *
 *   _ms_history (new) + milestone_history (stored, run 1)
 *   -> _ms_history_published (new rows, published_run kept, or NULL: this run's)
 *      _ms_history_retracted (stored rows absent from the new history)
 *      _ms_feed_changes (this run's changes as feed rows, numbered from 1)
 *      CREATE TABLE IF NOT EXISTS "milestone_runs" ...; SET VARIABLE ms_run_id = max + 1
 *      INSERT INTO "milestone_retractions" / "milestone_feed"; DELETE the retracted rows from
 *      "milestone_history" and INSERT the rows this run published
 *      INSERT INTO "milestone_runs" (run 2)
 */
import { sameRowSql } from '../publish-changes.js';
import { ident, str } from '../quote.js';
import type { PlanStatement } from '../plan-types.js';
import { AS_OF, RESULT_TABLES, SHARED } from '../statuses/names.js';
import { changedHistoryRows } from '../statuses/state.js';
import { createTableSql, type ColumnCompression, type Columns } from '../stored-columns.js';
import { fillTemplate } from '../template.js';
import { CHANGES, RUN_STAGED, RUN_TABLES, RUN_VARIABLES, runVariable } from './names.js';

/** milestone_history's columns before published_run: together, a row's identity. */
export const HISTORY_COLUMNS: Columns = [
  ['milestone_id', 'VARCHAR'],
  ['level', 'VARCHAR'],
  ['actor_id', 'VARCHAR'],
  ['account_id', 'VARCHAR'],
  ['ts', 'TIMESTAMP'],
  ['type', 'VARCHAR'],
  ['holds', 'BOOLEAN'],
  ['progress', 'DOUBLE'],
  ['previous_progress', 'DOUBLE'],
];

const RUN_COLUMNS: Columns = [
  ['run_id', 'BIGINT'],
  ['started_at', 'TIMESTAMP'],
  ['finished_at', 'TIMESTAMP'],
  ['as_of', 'TIMESTAMP'],
  ['mode', 'VARCHAR'],
  ['actors_recomputed', 'BIGINT'],
  ['definitions', 'VARCHAR'],
  ['loaded_files', 'VARCHAR'],
  ['published', 'BIGINT'],
  ['retracted', 'BIGINT'],
];

const RUN_ID = runVariable('id');

/** Null-safe equality of every identity column of `o` and `n` (account_id may be NULL). */
const identitySql = (): string => sameRowSql(HISTORY_COLUMNS);

const publish = (name: string, sql: string): PlanStatement => ({ name, sql, phase: 'publish' });

/** The tables runs write to, created on a warehouse's first run (and published_run added to an older history). */
function tableStatements(compression: ColumnCompression): PlanStatement[] {
  const history = ident(RESULT_TABLES.history);
  return [
    publish(
      RUN_TABLES.runs,
      createTableSql(ident(RUN_TABLES.runs), RUN_COLUMNS, 'if-not-exists', compression),
    ),
    publish(
      RUN_TABLES.identity,
      `CREATE TABLE IF NOT EXISTS ${ident(RUN_TABLES.identity)} AS SELECT CAST(uuid() AS VARCHAR) AS "warehouse_id"`,
    ),
    publish(
      'history_table',
      createTableSql(
        history,
        [...HISTORY_COLUMNS, ['published_run', 'BIGINT']],
        'if-not-exists',
        compression,
      ),
    ),
    publish(
      'history_published_run',
      `ALTER TABLE ${history} ADD COLUMN IF NOT EXISTS "published_run" BIGINT`,
    ),
    publish(
      RUN_TABLES.retractions,
      createTableSql(
        ident(RUN_TABLES.retractions),
        [...HISTORY_COLUMNS, ['published_run', 'BIGINT'], ['retracted_run', 'BIGINT']],
        'if-not-exists',
        compression,
      ),
    ),
    publish(
      RUN_TABLES.feed,
      createTableSql(
        ident(RUN_TABLES.feed),
        [
          ['seq', 'BIGINT'],
          ['run_id', 'BIGINT'],
          ['change', 'VARCHAR'],
          ...HISTORY_COLUMNS,
          ['published_run', 'BIGINT'],
        ],
        'if-not-exists',
        compression,
      ),
    ),
  ];
}

/** An incremental run compares, retracts and replaces only the rows it can have changed (statuses/state.ts). */
const CHANGED_ROWS = `WHERE ${changedHistoryRows()}`;

/**
 * The stored `milestone_history` when the plan is compiled (compute/stored-status.ts):
 * none yet, one with `published_run` last (the current layout), or an older one.
 */
export type StoredHistory = 'absent' | 'current' | 'legacy';

/**
 * The statements that publish `_ms_history` as a run (replacing the plain
 * history publish); `incremental`: only the rows an incremental run can have
 * changed are compared and replaced (DELETE + INSERT instead of rewriting the table).
 *
 * The comparison with the stored history and the feed's numbering are staged
 * before the publish transaction when the stored history is absent or has the
 * current layout: reading a table made inside a transaction is slower, and at
 * 50M events the feed's append and the history's insert took 0.7-1.0 s more
 * that way (docs/SCALING.md). An older history gets `published_run` inside the
 * transaction first, so it is compared there.
 */
export function publishRunStatements(
  incremental = false,
  storedHistory: StoredHistory = 'legacy',
  compression: ColumnCompression = 'auto',
): PlanStatement[] {
  const scoped = (table: string) =>
    incremental
      ? `(SELECT * FROM ${table}
${CHANGED_ROWS})`
      : table;
  const staged = scoped(ident(SHARED.history));
  const stored =
    storedHistory === 'absent'
      ? `(SELECT *, CAST(NULL AS BIGINT) AS "published_run" FROM ${ident(SHARED.history)} WHERE FALSE)`
      : scoped(ident(RESULT_TABLES.history));
  const stage = (name: string, sql: string): PlanStatement => ({
    name,
    sql,
    phase: storedHistory === 'legacy' ? 'publish' : 'build',
  });
  const published = ident(RUN_STAGED.published);
  const retracted = ident(RUN_STAGED.retracted);
  const changes = ident(RUN_STAGED.feedChanges);
  const history = ident(RESULT_TABLES.history);
  const names = HISTORY_COLUMNS.map(([name]) => ident(name)).join(', ');
  const columns = `${names}, "published_run"`;
  const changeColumns = HISTORY_COLUMNS.map(([name]) => `c.${ident(name)}`).join(', ');
  // A published row without a run is this run's (history-published.sql).
  const publishedRows = `SELECT ${names}, coalesce("published_run", ${RUN_ID}) FROM ${published}`;
  const staging = [
    stage(
      RUN_STAGED.published,
      fillTemplate('runs/history-published', {
        published,
        history: staged,
        stored,
        identity: identitySql(),
      }),
    ),
    stage(
      RUN_STAGED.retracted,
      fillTemplate('runs/history-retracted', { retracted, stored, history: staged, identity: identitySql() }),
    ),
    stage(
      RUN_STAGED.feedChanges,
      fillTemplate('runs/feed-changes', {
        changes,
        columns: changeColumns,
        retracted_change: str(CHANGES.retracted),
        retracted,
        published_change: str(CHANGES.published),
        published,
      }),
    ),
  ];
  return [
    ...(storedHistory === 'legacy' ? [] : staging),
    ...tableStatements(compression),
    publish(
      'run_id',
      // Past every run the history and the feed name too: a history kept while milestone_runs
      // was emptied must not hold this run's id (the full publish inserts the rows published by
      // this run), nor the feed two runs under one id.
      `SET VARIABLE ${RUN_VARIABLES.id} = greatest(\n` +
        `  (SELECT coalesce(max("run_id"), 0) FROM ${ident(RUN_TABLES.runs)}),\n` +
        `  (SELECT coalesce(max("published_run"), 0) FROM ${history}),\n` +
        `  (SELECT coalesce(max("run_id"), 0) FROM ${ident(RUN_TABLES.feed)})\n) + 1`,
    ),
    ...(storedHistory === 'legacy' ? staging : []),
    publish(
      'retractions_append',
      `INSERT INTO ${ident(RUN_TABLES.retractions)}\nSELECT *, ${RUN_ID} AS "retracted_run" FROM ${retracted}`,
    ),
    publish(
      'feed_append',
      fillTemplate('runs/feed-append', {
        changes,
        feed: ident(RUN_TABLES.feed),
        run: RUN_ID,
        columns: changeColumns,
      }),
    ),
    ...(incremental
      ? [
          publish('history_delete_changed', `DELETE FROM ${history}\n${CHANGED_ROWS}`),
          publish(RESULT_TABLES.history, `INSERT INTO ${history} (${columns})\n${publishedRows}`),
        ]
      : [
          // A full run changes the stored rows it retracts and adds the rows it publishes;
          // every other row is stored already (same identity, same run), so the table is
          // not rewritten (734,547 rows at 50M events: 0.8 s). Rows stored before runs
          // existed (no published_run) are published again, so they go too. The rows go in
          // unsorted: a first run inserts every row (sorting them cost 0.4-0.5 s at 50M),
          // later runs append anyway; readers sort (docs/FEED.md).
          publish(
            'history_delete_retracted',
            `DELETE FROM ${history}\nWHERE "published_run" IS NULL\n  OR rowid IN (SELECT o.rowid FROM ${history} AS o SEMI JOIN ${retracted} AS n ON ${identitySql()})`,
          ),
          publish(
            RESULT_TABLES.history,
            `INSERT INTO ${history} (${columns})\n${publishedRows}\nWHERE "published_run" IS NULL`,
          ),
        ]),
    publish(
      'run_row',
      fillTemplate('runs/run-row', {
        runs: ident(RUN_TABLES.runs),
        run: RUN_ID,
        started: runVariable('started'),
        as_of: AS_OF,
        mode: runVariable('mode'),
        actors: runVariable('actors'),
        definitions: runVariable('definitions'),
        files: runVariable('files'),
        published,
        retracted,
      }),
    ),
  ];
}

/** The plan's first statements, unscoped: the run starts now (UTC; the session zone is UTC). */
export function runStartedStatement(): PlanStatement {
  return {
    name: 'run_started',
    phase: 'build',
    sql: `SET VARIABLE ${RUN_VARIABLES.started} = CAST(now() AS TIMESTAMP)`,
  };
}
