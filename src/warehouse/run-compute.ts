/**
 * `milestones compute`'s run: the statuses and the conversions are built
 * first (temp tables only; milestone steps read the staged `_ms_status`, not
 * `milestone_status`), then everything is published in ONE transaction, so
 * `milestone_status`, `milestone_history`, `milestone_journey` and the
 * `conversion_*` tables always hold the same T. A run that fails or is killed
 * anywhere changes nothing.
 *
 *   await computeAll(warehouse, project, { tables })
 *   -> SET VARIABLE ms_as_of = ...; CREATE OR REPLACE TEMP TABLE "_ms_..." ...   (statuses build)
 *      SET VARIABLE cv_as_of = <ms_as_of>; ... FROM "_ms_status" ...            (conversions build)
 *      BEGIN; CREATE OR REPLACE TABLE "milestone_status" ...; ... "conversion_steps" ...; COMMIT
 */
import type { WarehouseTables } from '../compiler/columns.js';
import { compileConversions } from '../compiler/conversions/plan.js';
import type { PlanStatement } from '../compiler/plan-types.js';
import { SHARED as STATUS_TABLES, VARIABLES } from '../compiler/statuses/names.js';
import { compilePlan } from '../compiler/statuses/plan.js';
import type { Project } from '../definitions/model.js';
import { buildConversions, readResults, type ConversionResult } from './run-conversions.js';
import { runStatement, type RunOptions } from './run-plan.js';
import type { Warehouse } from './session.js';

export interface ComputeAllOptions extends RunOptions {
  /** T as naive UTC text (from parseAsOf); default: the latest event time. */
  asOf?: string;
  /** The input tables' columns, as in the warehouse. */
  tables: WarehouseTables;
}

export async function computeAll(
  warehouse: Warehouse,
  project: Project,
  options: ComputeAllOptions,
): Promise<ConversionResult[]> {
  const statuses = compilePlan(project, {
    ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
    tables: options.tables,
  });
  // Progress counts the conversions' statements once they are compiled.
  let total = statuses.statements.length;
  let index = 0;
  const step = async (statement: PlanStatement): Promise<void> => {
    await options.onStatement?.(statement, index++, total);
    await runStatement(warehouse, statement);
  };
  const publish = statuses.statements.filter((s) => s.phase === 'publish');
  total -= publish.length;
  for (const statement of statuses.statements.filter((s) => s.phase === 'build')) await step(statement);
  if (project.conversions.length > 0) {
    // Conversions run at the same T as the statuses their milestone steps read.
    const row = await warehouse.one<{ t: string }>(
      `SELECT CAST(getvariable('${VARIABLES.asOf}') AS VARCHAR) AS t`,
    );
    const plan = compileConversions(project, {
      ...(row?.t !== undefined ? { asOf: row.t } : {}),
      tables: options.tables,
      statusTable: STATUS_TABLES.status,
    });
    const offset = index;
    total += plan.statements.length;
    const conversionsPublish = await buildConversions(warehouse, project, plan, {
      onStatement: async (s, i) => {
        index = offset + i + 1;
        await options.onStatement?.(s, offset + i, total);
      },
    });
    publish.push(...conversionsPublish);
  }
  total += publish.length;
  await warehouse.transaction(async () => {
    for (const statement of publish) await step(statement);
  });
  return project.conversions.length === 0 ? [] : readResults(warehouse, project);
}
