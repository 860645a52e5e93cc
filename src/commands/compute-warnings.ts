/**
 * What a command that computed says of the definitions against the data (a
 * `value:` no column holds, a filter no event matches...) and of the survey
 * answers: `compute`, and `cx`, `paths`, `report` and `calibrate` when they
 * compute (stored-results.ts).
 */
import type { WarehouseTables } from '../compiler/columns.js';
import { cxWarnings } from '../cx/cx-results.js';
import type { Project } from '../definitions/model.js';
import type { Diagnostic } from '../errors.js';
import { computeDataWarnings } from '../statuses/data-checks.js';
import type { MilestoneSummary } from '../statuses/status-summary.js';
import type { Warehouse } from '../warehouse/session.js';

export async function computedWarnings(
  warehouse: Warehouse,
  project: Project,
  tables: WarehouseTables,
  milestones: MilestoneSummary[],
): Promise<Diagnostic[]> {
  return [
    ...(await computeDataWarnings(warehouse, project, tables, milestones)),
    ...(await cxWarnings(warehouse, project)),
  ];
}
