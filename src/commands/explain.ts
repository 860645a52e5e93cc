/**
 * `milestones explain ID [--milestone M] [--as-of T]`: why an account (or a
 * contact) has the status it has. Runs the same compiled plan as `compute`,
 * filtered to this id's data (the id is a bound parameter), and nothing is
 * published; then reports each criterion's value against its threshold, since
 * when it holds or not, and the reason for the status.
 */
import { resolve } from 'node:path';
import { compilePlan } from '../compiler/statuses/plan.js';
import { parseAsOf } from '../definitions/as-of.js';
import { loadProject } from '../definitions/load-definitions.js';
import { parseKnownAt } from './late.js';
import { requireMilestone } from './milestone-option.js';
import { didYouMean } from '../definitions/suggest.js';
import { EXIT_FAILURE, EXIT_OK, UserError, formatDiagnostic } from '../errors.js';
import { renderExplainJson, renderExplainText } from '../output/explain-report.js';
import { explainActor, knownIds, type ActorFacts } from '../explain/explain-actor.js';
import { rejectDiagnostics } from '../warehouse/load-report.js';
import { loadSources } from '../warehouse/load-sources.js';
import { readTables, runPlan } from '../warehouse/run-plan.js';
import { withWarehouse } from '../warehouse/session.js';
import { openOptions, type WarehouseFlags } from './warehouse-options.js';
import { resolveAsOf } from '../conversions/run-conversions.js';

export interface ExplainOptions extends WarehouseFlags {
  config?: string;
  db?: string;
  id?: string;
  milestone?: string;
  asOf?: string;
  knownAt?: string;
  format?: string;
}

/** "an account", "a contact", "an account and a contact": the article follows the noun. */
export function levelNouns(levels: readonly string[]): string {
  return levels.map((level) => `${/^[aeiou]/.test(level) ? 'an' : 'a'} ${level}`).join(' and ');
}

export async function run(options: ExplainOptions): Promise<number> {
  const id = String(options.id ?? '');
  const project = loadProject(resolve(options.config ?? 'milestones.yaml'));
  const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf, project.timezone);
  const knownAt = options.knownAt === undefined ? undefined : parseKnownAt(options.knownAt, project.timezone);
  requireMilestone(project, options.milestone);
  const open = openOptions(options, project);
  const facts = await withWarehouse(
    options.db ?? project.warehouse,
    async (warehouse): Promise<ActorFacts> => {
      const load = await loadSources(warehouse, project);
      for (const d of [...load.warnings, ...rejectDiagnostics(load)])
        process.stderr.write(formatDiagnostic(d) + '\n');
      const tables = await readTables(warehouse);
      // T as compute takes it (the latest event, else the latest load), not the plan's own fallback
      // to the clock: without events, explain had judged deadlines at another T (found by review).
      const t = asOf ?? (knownAt === undefined ? await resolveAsOf(warehouse, undefined) : undefined);
      const plan = compilePlan(project, {
        ...(t !== undefined ? { asOf: t } : {}),
        ...(knownAt !== undefined ? { knownAt } : {}),
        tables,
        scope: id,
      });
      await runPlan(warehouse, plan);
      const found = await explainActor(warehouse, project, id, options.milestone);
      if (found.levels.length === 0) {
        const hint = didYouMean(id, await knownIds(warehouse));
        throw new UserError(
          `no account or contact "${id}" in the warehouse (as of ${found.asOf})`,
          EXIT_FAILURE,
          hint ?? 'pass an account_id or a contact_id as it appears in the data',
        );
      }
      return found;
    },
    open,
  );
  if (options.milestone !== undefined && facts.milestones.length === 0) {
    throw new UserError(
      `"${id}" is ${levelNouns(facts.levels)}; milestone "${options.milestone}" is for another level`,
      EXIT_FAILURE,
    );
  }
  const json = options.format === 'json' || (options.format === undefined && !process.stdout.isTTY);
  process.stdout.write(json ? renderExplainJson(facts) : renderExplainText(facts));
  return EXIT_OK;
}
