/**
 * One `compute` as the CLI runs it, for tests over files in a temp dir: load
 * the config's sources into the warehouse, then compute (incremental when it
 * can be, or `full`) at `asOf`, telling `onMode` how it ran.
 */
import { computeAll, type RunMode } from '../../src/compute/run-compute.js';
import type { Project } from '../../src/definitions/model.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import type { Warehouse } from '../../src/warehouse/session.js';

export async function loadAndCompute(
  warehouse: Warehouse,
  project: Project,
  asOf: string,
  options: { full?: boolean; onMode?: (mode: RunMode) => void } = {},
): Promise<void> {
  await loadSources(warehouse, project);
  await computeAll(warehouse, project, {
    asOf,
    tables: await readTables(warehouse),
    ...(options.full ? { full: true } : {}),
    ...(options.onMode ? { onMode: options.onMode } : {}),
  });
}
