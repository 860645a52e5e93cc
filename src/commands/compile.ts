/**
 * `milestones compile [--milestone ID]`: prints the statuses plan's SQL (then the
 * conversions plan's and the CX and journeys plan's, for the whole job; with --milestone, only what builds
 * that milestone's tables: shared scans, actors and its dependencies too), as
 * one script the DuckDB shell can run against the warehouse (`-- name`
 * headers between statements; publishing in one transaction). Pure: it
 * never opens the warehouse, so the tables are the ones the config declares.
 */
import { resolve } from 'node:path';
import { declaredTables } from '../compiler/columns.js';
import { compileConversions, publishStatements } from '../compiler/conversions/plan.js';
import { compileCx, publishCxStatements } from '../compiler/cx/plan.js';
import { compilePlan, milestonePlan, renderPlan } from '../compiler/statuses/plan.js';
import { loadProject } from '../definitions/load-definitions.js';
import { requireMilestone } from './milestone-option.js';
import { EXIT_OK } from '../errors.js';

export interface CompileCommandOptions {
  config?: string;
  db?: string;
  milestone?: string;
}

export async function run(options: CompileCommandOptions): Promise<number> {
  const project = loadProject(resolve(options.config ?? 'milestones.yaml'));
  requireMilestone(project, options.milestone);
  const plan = compilePlan(project);
  // One milestone: its statements plus everything they need, so the script runs on its own.
  process.stdout.write(
    renderPlan(options.milestone === undefined ? plan : milestonePlan(plan, project, options.milestone)),
  );
  // The whole job: conversions read the statuses the plan above publishes.
  if (options.milestone === undefined && project.conversions.length > 0) {
    const conversions = compileConversions(project);
    process.stdout.write(
      '\n-- Conversions. conversion_attribution is published empty here: its credits (Markov,\n' +
        '-- Shapley, ...) are computed by milestones from the conversion_paths table.\n' +
        renderPlan({ statements: [...conversions.statements, ...publishStatements()] }),
    );
  }
  // CX metrics and journey travelers/paths read the published statuses too.
  if (options.milestone === undefined && (project.cx.length > 0 || project.journeys.length > 0)) {
    const cx = compileCx(project, { tables: declaredTables(project) });
    process.stdout.write(
      '\n-- CX metrics, journey travelers and paths.\n' +
        renderPlan({ statements: [...cx.statements, ...publishCxStatements()] }),
    );
  }
  return EXIT_OK;
}
