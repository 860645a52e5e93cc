/**
 * For the commands that show stored results (`cx`, `paths`, `report`): load new
 * sources, recompute everything when the stored results are stale for T (see
 * ensureComputed), then read what the command shows, all in one warehouse
 * session. Load and CX warnings go to stderr.
 */
import type { Project } from '../definitions/model.js';
import { formatDiagnostic } from '../errors.js';
import { startProgress } from '../output/progress.js';
import { computeStepCount, stepReporter } from '../output/step-progress.js';
import { cxWarnings } from '../cx/cx-results.js';
import { rejectDiagnostics } from '../warehouse/load-report.js';
import { loadSources } from '../warehouse/load-sources.js';
import { ensureComputed } from '../compute/run-compute.js';
import { readTables } from '../warehouse/run-plan.js';
import { withWarehouse, type Warehouse, type WarehouseTarget } from '../warehouse/session.js';

export async function withCurrentResults<T>(
  project: Project,
  database: WarehouseTarget,
  asOf: string | undefined,
  read: (warehouse: Warehouse, asOf: string) => Promise<T>,
): Promise<T> {
  const progress = startProgress('loading sources');
  try {
    const result = await withWarehouse(database, async (warehouse) => {
      const load = await loadSources(warehouse, project, { progress });
      const warnings = [...load.warnings, ...rejectDiagnostics(load)];
      const tables = await readTables(warehouse);
      const { computed, asOf: t } = await ensureComputed(warehouse, project, {
        ...(asOf !== undefined ? { asOf } : {}),
        tables,
        onStatement: stepReporter(progress, project, computeStepCount(project, tables)).onStatement,
      });
      if (computed) warnings.push(...(await cxWarnings(warehouse, project)));
      for (const d of warnings) process.stderr.write(formatDiagnostic(d) + '\n');
      return read(warehouse, t);
    });
    progress.succeed('results are current');
    return result;
  } catch (error) {
    progress.fail('failed');
    throw error;
  }
}
