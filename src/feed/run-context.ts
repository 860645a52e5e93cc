/**
 * What a publishing run records about itself (milestone_runs, docs/FEED.md),
 * set as DuckDB variables before the publish transaction reads them: a
 * fingerprint of the definitions the statuses depend on, the loaded files
 * the run read, and whether it recomputed everything.
 *
 *   await setRunContext(warehouse, project, { mode: 'full' })
 *   -> SET VARIABLE ms_run_definitions = '3b1f...'; SET VARIABLE ms_run_files = '[{"table":"events",...}]'
 */
import { createHash } from 'node:crypto';
import { RUN_VARIABLES } from '../compiler/runs/names.js';
import { str } from '../compiler/quote.js';
import type { Project } from '../definitions/model.js';
import { loadedFileList } from '../warehouse/loaded-files.js';
import type { Warehouse } from '../warehouse/session.js';

export interface RunContext {
  mode: 'full' | 'incremental';
  /** Incremental runs: the number of actors recomputed. */
  actors?: bigint;
}

/** The definitions statuses and history depend on: the milestones and the zones. */
export function definitionsFingerprint(project: Project): string {
  const inputs = {
    milestones: project.milestones,
    timezone: project.timezone,
    timezoneProperty: project.timezoneProperty ?? null,
  };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}

export async function setRunContext(
  warehouse: Warehouse,
  project: Project,
  context: RunContext,
): Promise<void> {
  const files = await loadedFileList(warehouse);
  const text = (value: string) => `CAST(${str(value)} AS VARCHAR)`;
  const actors = context.actors === undefined ? 'CAST(NULL AS BIGINT)' : `CAST(${context.actors} AS BIGINT)`;
  await warehouse.run(`SET VARIABLE ${RUN_VARIABLES.definitions} = ${text(definitionsFingerprint(project))}`);
  await warehouse.run(`SET VARIABLE ${RUN_VARIABLES.files} = ${text(JSON.stringify(files))}`);
  await warehouse.run(`SET VARIABLE ${RUN_VARIABLES.mode} = ${text(context.mode)}`);
  await warehouse.run(`SET VARIABLE ${RUN_VARIABLES.actors} = ${actors}`);
}
