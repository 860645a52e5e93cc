/**
 * `milestones load [TABLE PATH...]`: loads the declared sources (or TABLE
 * from PATHs, with the config's mapping for it) into the warehouse, then
 * prints a summary per table on stdout. Rejected rows are warnings on stderr;
 * with --strict they fail the load (exit 1) and nothing changes.
 */
import { resolve } from 'node:path';
import { didYouMean } from '../definitions/suggest.js';
import { loadProject } from '../definitions/load-definitions.js';
import type { Diagnostic } from '../errors.js';
import { EXIT_FAILURE, EXIT_OK, InvalidInputError, UserError, formatDiagnostic } from '../errors.js';
import { render, resolveFormat } from '../output/format.js';
import { startProgress } from '../output/progress.js';
import { rejectDiagnostics } from '../warehouse/load-report.js';
import type { LoadReport } from '../warehouse/load-report.js';
import { loadSources } from '../warehouse/load-sources.js';
import { summarizeLoad } from '../warehouse/load-summary.js';
import { withWarehouse } from '../warehouse/session.js';
import type { SourceName } from '../warehouse/table-layout.js';
import { SOURCE_ORDER } from '../warehouse/table-layout.js';
import { openOptions, type WarehouseFlags } from './warehouse-options.js';

export interface LoadCommandOptions extends WarehouseFlags {
  config?: string;
  db?: string;
  strict?: boolean;
  table?: string;
  paths?: string[];
}

export async function run(options: LoadCommandOptions): Promise<number> {
  const table = options.table === undefined ? undefined : sourceName(options.table);
  const project = loadProject(resolve(options.config ?? 'milestones.yaml'));
  if (table === undefined && SOURCE_ORDER.every((name) => !project.sources[name])) {
    throw new InvalidInputError(
      `${project.configPath} declares no sources: nothing to load`,
      [],
      'declare sources: (see docs/LANGUAGE.md), or name a table and files: milestones load events FILE...',
    );
  }
  const database = options.db ?? project.warehouse;
  const open = openOptions(options, project);
  const progress = startProgress('loading sources');
  let output: { report: LoadReport; text: string; warnings: Diagnostic[] };
  try {
    output = await withWarehouse({ path: database, ...open }, async (warehouse) => {
      const report = await loadSources(warehouse, project, {
        ...(table !== undefined ? { only: table } : {}),
        ...(options.paths && options.paths.length > 0 ? { overridePaths: options.paths } : {}),
        strict: options.strict === true,
        progress,
      });
      const summary = await summarizeLoad(warehouse, report);
      const text = render(summary.rows as unknown as Record<string, unknown>[], resolveFormat(undefined));
      return { report, text, warnings: summary.warnings };
    });
  } catch (error) {
    progress.fail('load failed');
    throw error;
  }
  const { report } = output;
  progress.succeed(report.changed ? `loaded into ${database}` : `${database} is up to date`);
  for (const d of [...report.warnings, ...rejectDiagnostics(report), ...output.warnings]) {
    process.stderr.write(formatDiagnostic(d) + '\n');
  }
  process.stdout.write(output.text);
  return EXIT_OK;
}

/** TABLE as given on the command line; anything else is a usage error (exit 2). */
function sourceName(table: string): SourceName {
  const known: readonly string[] = SOURCE_ORDER;
  if (known.includes(table)) return table as SourceName;
  const suggestion = didYouMean(table, known);
  throw new UserError(
    `unknown table "${table}"`,
    EXIT_FAILURE,
    `${suggestion ? `${suggestion} ` : ''}TABLE is one of: ${SOURCE_ORDER.join(', ')}`,
  );
}
