/**
 * For the commands that show stored results (`cx`, `paths`, `report`,
 * `calibrate`): load new sources, recompute everything when the stored
 * results are stale for T (see ensureComputed), then read what the command
 * shows, all in one warehouse session. Load, data-check and CX warnings go to stderr.
 *
 * At the default T (the latest event) a recompute publishes a run, as
 * `compute` does. At a T the command was given (`--as-of`), it is computed
 * and read inside a transaction that is rolled back: the published results,
 * the runs and the feed stay as the last `compute` left them (a past
 * `report --as-of` used to publish that T, and the next feed retracted
 * everything completed since).
 */
import type { Project } from '../definitions/model.js';
import { formatDiagnostic, type Diagnostic } from '../errors.js';
import { isoFromNaiveUtc } from '../compiler/time.js';
import { startProgress } from '../output/progress.js';
import { computeStepCount, stepReporter } from '../output/step-progress.js';
import { computedWarnings } from './compute-warnings.js';
import { summarizeStatuses } from '../statuses/status-summary.js';
import { rejectDiagnostics } from '../warehouse/load-report.js';
import { loadSources } from '../warehouse/load-sources.js';
import { ensureComputed } from '../compute/run-compute.js';
import { readTables } from '../warehouse/run-plan.js';
import { withWarehouse, type Warehouse, type WarehouseTarget } from '../warehouse/session.js';

/** The note a command prints when it computed results at its own T and kept none of them. */
export const notPublishedNote = (asOf: string): string =>
  `note: results as of ${isoFromNaiveUtc(asOf)} were computed for this command only; nothing was published ` +
  `(\`milestones compute --as-of\` publishes a T)\n`;

export async function withCurrentResults<T>(
  project: Project,
  database: WarehouseTarget,
  asOf: string | undefined,
  read: (warehouse: Warehouse, asOf: string) => Promise<T>,
  /** Runs after the load, before anything is computed: throws to stop, returns warnings to print. */
  check?: (warehouse: Warehouse) => Promise<Diagnostic[]>,
): Promise<T> {
  const progress = startProgress('loading sources');
  try {
    const result = await withWarehouse(database, async (warehouse) => {
      const load = await loadSources(warehouse, project, { progress });
      const warnings = [...load.warnings, ...rejectDiagnostics(load), ...((await check?.(warehouse)) ?? [])];
      const tables = await readTables(warehouse);
      const current = async () => {
        const { computed, asOf: t } = await ensureComputed(warehouse, project, {
          ...(asOf !== undefined ? { asOf } : {}),
          tables,
          onStatement: stepReporter(progress, project, computeStepCount(project, tables)).onStatement,
        });
        if (computed) {
          // What `compute` says of the definitions against the data (a `value:` no column holds,
          // a filter no event matches...): said here too when this command computed (it had
          // not been: `report` showed a revenue of 0 without a word; found by review).
          const milestones = await summarizeStatuses(warehouse, project);
          warnings.push(...(await computedWarnings(warehouse, project, tables, milestones)));
        }
        for (const d of warnings) process.stderr.write(formatDiagnostic(d) + '\n');
        if (computed && asOf !== undefined) process.stderr.write(notPublishedNote(t));
        return read(warehouse, t);
      };
      return asOf === undefined ? current() : warehouse.discardingPublishes(current);
    });
    progress.succeed('results are current');
    return result;
  } catch (error) {
    progress.fail('failed');
    throw error;
  }
}
