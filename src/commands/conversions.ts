/**
 * `milestones conversions [ID]`: brings the warehouse up to date (new source
 * files are loaded; milestone statuses are recomputed when a milestone step
 * needs them and they are stale), computes the conversions as of T, stores
 * them (not with `--as-of`: then nothing is published), and prints per
 * conversion the funnel, then the touchpoints with their attribution credit
 * (a table on a terminal, CSV when piped, or --format). Nobody entered: an empty result and the reason, on stderr.
 */
import { resolve } from 'node:path';
import { isModel, MODELS, type Model } from '../attribution/path-table.js';
import { parseAsOf } from '../definitions/as-of.js';
import { loadProject } from '../definitions/load-definitions.js';
import type { Project } from '../definitions/model.js';
import { didYouMean } from '../definitions/suggest.js';
import { EXIT_FAILURE, EXIT_OK, UserError, formatDiagnostic } from '../errors.js';
import { render, renderJson, resolveFormat, type OutputFormat, type Row } from '../output/format.js';
import { fitText } from '../output/fit-table.js';
import { startProgress } from '../output/progress.js';
import { stepReporter } from '../output/step-progress.js';
import { chooseTable, renderChosen, type TableName } from '../output/table-choice.js';
import { rejectDiagnostics } from '../warehouse/load-report.js';
import { loadSources } from '../warehouse/load-sources.js';
import { computeConversions, resolveAsOf, type ConversionResult } from '../conversions/run-conversions.js';
import { readTables } from '../warehouse/run-plan.js';
import { withWarehouse, type WarehouseTarget } from '../warehouse/session.js';
import { ensureStatuses } from '../compute/run-compute.js';
import { valuePropertyWarnings } from '../conversions/value-property.js';
import { chooseId } from './choose-id.js';
import { notPublishedNote } from './stored-results.js';
import { caption, FUNNEL_COLUMNS, funnelRows, touchpointRows, type Mode } from './conversions-view.js';
import { warehouseTarget, type WarehouseFlags } from './warehouse-options.js';

export interface ConversionsOptions extends WarehouseFlags {
  config?: string;
  db?: string;
  id?: string;
  asOf?: string;
  mode?: string;
  model?: string;
  format?: string;
  table?: string;
}

const MODES: Mode[] = ['data-driven', 'mean', 'median'];

function parseMode(mode: string | undefined): Mode {
  if (mode === undefined) return 'data-driven';
  if ((MODES as string[]).includes(mode)) return mode as Mode;
  throw new UserError(`--mode "${mode}" is not a mode`, EXIT_FAILURE, `use one of: ${MODES.join(', ')}`);
}

function parseModel(model: string | undefined): Model | undefined {
  if (model === undefined) return undefined;
  if (isModel(model)) return model;
  const suggestion = didYouMean(model, MODELS);
  throw new UserError(
    `--model "${model}" is not an attribution model${suggestion ? `: ${suggestion}` : ''}`,
    EXIT_FAILURE,
    `use one of: ${MODELS.join(', ')}`,
  );
}

function chooseIds(project: Project, id: string | undefined): string[] | undefined {
  const known = project.conversions.map((c) => c.id);
  if (known.length === 0) {
    throw new UserError(
      `${project.configPath} declares no conversions`,
      EXIT_FAILURE,
      'add a conversions: section (docs/LANGUAGE.md)',
    );
  }
  return chooseId('conversion', id, known, project.configPath);
}

async function compute(
  project: Project,
  database: WarehouseTarget,
  asOf: string | undefined,
  ids: string[] | undefined,
): Promise<ConversionResult[]> {
  const progress = startProgress('loading sources');
  const { onStatement } = stepReporter(progress, project);
  try {
    const results = await withWarehouse(database, async (warehouse) => {
      const load = await loadSources(warehouse, project, { progress });
      for (const d of [...load.warnings, ...rejectDiagnostics(load)])
        process.stderr.write(formatDiagnostic(d) + '\n');
      const tables = await readTables(warehouse);
      const t = await resolveAsOf(warehouse, asOf);
      const run = async () => {
        // Stale statuses: a whole compute, which computed these conversions too.
        const computed = await ensureStatuses(warehouse, project, {
          asOf: t,
          tables,
          onStatement,
          ...(ids ? { ids } : {}),
        });
        if (computed) return computed;
        return computeConversions(warehouse, project, {
          asOf: t,
          tables,
          onStatement,
          ...(ids ? { ids } : {}),
        });
      };
      // A value: that names nothing gives zeros in every model: said here as compute says it.
      for (const d of await valuePropertyWarnings(warehouse, project, tables, ids))
        process.stderr.write(formatDiagnostic(d) + '\n');
      if (asOf === undefined) return run();
      // At a T of its own nothing is published (see stored-results.ts): no run, no feed rows.
      const results = await warehouse.discardingPublishes(run);
      process.stderr.write(notPublishedNote(t));
      return results;
    });
    progress.succeed(`computed ${results.length} conversion${results.length === 1 ? '' : 's'}`);
    return results;
  } catch (error) {
    progress.fail('conversions failed');
    throw error;
  }
}

function print(
  results: ConversionResult[],
  mode: Mode,
  model: Model | undefined,
  format: OutputFormat,
  table?: TableName<'conversions'>,
): void {
  if (format === 'json') {
    const conversions = results.map((r) => ({
      id: r.id,
      name: r.name,
      unit: r.unit,
      as_of: r.asOf,
      entered: r.entered,
      in_progress: r.inProgress,
      converted: r.converted,
      ...(r.note ? { note: r.note } : {}),
      funnel: funnelRows(r, format),
      touchpoints: touchpointRows(r, mode, model, format),
      attribution: r.attribution.map(({ as_of: _asOf, ...rest }) => rest),
    }));
    process.stdout.write(renderJson({ conversions }));
    return;
  }
  if (format === 'csv' || table !== undefined) {
    // One table per stream: every conversion's funnel, or the table --table names. On a terminal the
    // rows of several conversions name theirs (CSV rows carry conversion_id): two "(none)" rows
    // of two conversions could not be told apart (found by review).
    const named = (r: ConversionResult, rows: Row[]) =>
      format === 'table' && results.length > 1 ? rows.map((row) => ({ conversion: r.id, ...row })) : rows;
    const tables = {
      funnel: {
        rows: results.flatMap((r) => named(r, funnelRows(r, format))),
        ...(format === 'csv' ? { columns: FUNNEL_COLUMNS } : {}),
      },
      touchpoints: { rows: results.flatMap((r) => named(r, touchpointRows(r, mode, model, format))) },
      attribution: { rows: results.flatMap((r) => r.attribution.map(({ as_of: _asOf, ...rest }) => rest)) },
    };
    process.stdout.write(renderChosen('conversions', tables, table, format));
    return;
  }
  const parts = results.map((r) => {
    const funnel = funnelRows(r, format);
    const touchpoints = touchpointRows(r, mode, model, format);
    return (
      fitText(caption(r)) +
      (funnel.length > 0 ? render(funnel, format) : '') +
      (touchpoints.length > 0 ? render(touchpoints, format) : '')
    );
  });
  process.stdout.write(parts.join('\n'));
}

export async function run(options: ConversionsOptions): Promise<number> {
  const project = loadProject(resolve(options.config ?? 'milestones.yaml'));
  // Checked before any work: bad options are usage errors (exit 2) that change nothing.
  const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf, project.timezone);
  const mode = parseMode(options.mode);
  const model = parseModel(options.model);
  const ids = chooseIds(project, options.id);
  const format = resolveFormat(options.format);
  const table = chooseTable('conversions', options.table);
  const database = warehouseTarget(options, project);
  const results = await compute(project, database, asOf, ids);
  for (const r of results) if (r.note) process.stderr.write(`note: ${r.note}\n`);
  print(results, mode, model, format, table);
  return EXIT_OK;
}
