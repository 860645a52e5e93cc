/**
 * Whether `compute` can run incrementally, and what changed since the last
 * run (docs/FEED.md "Incremental compute"). A few small reads; the
 * recomputation itself is set-based SQL (compiler/statuses/incremental.ts).
 * Full when: `--full`; no previous run (or one from the `compile` script, or
 * one that kept no state);
 * the definitions or time zones changed; T moved backwards; the accounts,
 * contacts or survey files changed, or were reloaded with another mapping;
 * events rows that no loader wrote (no `_load_id`).
 *
 *   await decideIncremental(warehouse, project, tables, '2026-03-02 00:00:00')
 *   -> { inputs: { previousAsOf: '2026-03-01 00:00:00', addedLoads: ['7'], removedLoads: [] } }
 *   -> { reason: 'the definitions changed since run 4' }
 */
import type { WarehouseTables } from '../compiler/columns.js';
import { RUN_TABLES } from '../compiler/runs/names.js';
import {
  LOAD_ACTORS,
  LOAD_ID,
  tracksLoads,
  type IncrementalInputs,
} from '../compiler/statuses/incremental.js';
import { RESULT_TABLES } from '../compiler/statuses/names.js';
import { STATE_FORMAT, STATE_SCHEMA, stateTable } from '../compiler/statuses/state.js';
import type { Project } from '../definitions/model.js';
import { definitionsFingerprint } from '../feed/run-context.js';
import { loadedFileList, type LoadedFileRef } from '../warehouse/loaded-files.js';
import type { Warehouse } from '../warehouse/session.js';

export type Decision =
  { inputs: IncrementalInputs; reason?: undefined } | { inputs?: undefined; reason: string };

/**
 * A file as loaded: its load id too, since the loader reloads the same bytes
 * under a new id when its mapping changes (another account column, another
 * time column), and the rows then differ.
 */
const key = (f: LoadedFileRef) => `${f.table}\u0000${f.path}\u0000${f.sha256}\u0000${f.load_id}`;

export async function decideIncremental(
  warehouse: Warehouse,
  project: Project,
  tables: WarehouseTables,
  asOf: string,
): Promise<Decision> {
  if (!tracksLoads(tables))
    return { reason: 'the events table has no _load_id (not written by the loaders)' };
  for (const table of [RUN_TABLES.runs, RESULT_TABLES.status, RESULT_TABLES.history, LOAD_ACTORS])
    if (!(await warehouse.tableExists(table))) return { reason: `no ${table} from an earlier run` };
  const last = await warehouse.one<{
    run_id: bigint;
    as_of: string;
    definitions: string | null;
    files: string | null;
    later: boolean;
  }>(
    `SELECT "run_id", CAST("as_of" AS VARCHAR) AS "as_of", "definitions", "loaded_files" AS "files",
       CAST(? AS TIMESTAMP) >= "as_of" AS "later"
     FROM ${'"' + RUN_TABLES.runs + '"'} ORDER BY "run_id" DESC LIMIT 1`,
    [asOf],
  );
  if (!last) return { reason: 'no earlier run' };
  const run = `run ${last.run_id}`;
  if (last.files === null || last.definitions === null) return { reason: `${run} did not record its inputs` };
  if (last.definitions !== definitionsFingerprint(project))
    return { reason: `the definitions changed since ${run}` };
  if (!last.later) return { reason: `T moved backwards from ${run}'s` };
  // The state the run continues from must be the last run's (state.ts): a run that kept none, or a
  // plan run from the `compile` script, leaves an older one or none.
  const state = (await warehouse.schemaTableExists(STATE_SCHEMA, 'run'))
    ? await warehouse.one<{ run_id: bigint | null }>(
        `SELECT max("run_id") AS "run_id" FROM ${stateTable.run} WHERE "format" = ${STATE_FORMAT}`,
      )
    : undefined;
  if (state?.run_id !== last.run_id) return { reason: `${run} kept no state to continue from` };
  const before = (JSON.parse(last.files) as LoadedFileRef[]).map((f) => ({
    ...f,
    load_id: String(f.load_id),
  }));
  const now = await loadedFileList(warehouse);
  const others = (files: LoadedFileRef[]) => new Set(files.filter((f) => f.table !== 'events').map(key));
  const [a, b] = [others(before), others(now)];
  if (a.size !== b.size || [...a].some((k) => !b.has(k)))
    return { reason: `the accounts, contacts or survey files (or how they are read) changed since ${run}` };
  const loads = (files: LoadedFileRef[]) =>
    new Set(files.filter((f) => f.table === 'events').map((f) => f.load_id));
  const [was, is] = [loads(before), loads(now)];
  const stray = await warehouse.one<{ n: bigint }>(
    `SELECT count(*) AS n FROM "events" WHERE "${LOAD_ID}" IS NULL`,
  );
  if ((stray?.n ?? 0n) > 0n) return { reason: 'events rows were written without the loaders' };
  return {
    inputs: {
      previousAsOf: last.as_of,
      addedLoads: [...is].filter((id) => !was.has(id)).sort(),
      removedLoads: [...was].filter((id) => !is.has(id)).sort(),
    },
  };
}
