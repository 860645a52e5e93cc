/**
 * `milestones report [-o FILE]`: one self-contained HTML file (inline CSS and
 * SVG, no script) an analyst can mail or open offline. Like `conversions`, it
 * first brings the warehouse up to date (new sources loaded; statuses and
 * conversions computed when the stored ones are stale or missing), then reads
 * small aggregates and renders them. Written atomically; `-o -` prints it.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseAsOf } from '../definitions/as-of.js';
import { loadProject } from '../definitions/load-definitions.js';
import type { Project } from '../definitions/model.js';
import { EXIT_FAILURE, EXIT_OK, UserError, formatDiagnostic } from '../errors.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { checkNotConfig, checkNotWarehouse } from '../output/write-errors.js';
import { startReportData } from '../report/data/data.js';
import type { WarehouseTarget } from '../warehouse/session.js';
import { withCurrentResults } from './stored-results.js';
import { warehouseTarget, type WarehouseFlags } from './warehouse-options.js';

export interface ReportOptions extends WarehouseFlags {
  config?: string;
  db?: string;
  asOf?: string;
  out?: string;
}

export const DEFAULT_REPORT = 'milestones-report.html';

/** Where the report goes: stdout for "-", else a file whose folder must exist (checked before any work). */
export function reportTarget(out: string | undefined, configPath: string): string | undefined {
  if (out === '-') return undefined;
  const target = out === undefined ? join(dirname(configPath), DEFAULT_REPORT) : resolve(out);
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UserError(
      `cannot write the report to ${target}: the folder ${folder} does not exist`,
      EXIT_FAILURE,
      'create the folder, or pass -o with another path (-o - prints to stdout)',
    );
  }
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new UserError(
      `cannot write the report to ${target}: it is a folder`,
      EXIT_FAILURE,
      'pass -o with a file name, e.g. -o report.html',
    );
  }
  return target;
}

type Renderer = typeof import('../report/render-report.js');

/**
 * The report, read once the stored results are current (computed first when
 * stale) and drawn in the same session: the charts are drawn while DuckDB
 * reads the totals (startReportData).
 */
async function build(
  project: Project,
  database: WarehouseTarget,
  asOf: string | undefined,
  renderer: Promise<Renderer>,
): Promise<string> {
  const built = await withCurrentResults(project, database, asOf, async (warehouse, t) => {
    const read = await startReportData(warehouse, project, t);
    try {
      const { renderReport, renderSections } = await renderer;
      const sections = renderSections(read.data);
      return { content: renderReport({ ...read.data, totals: await read.totals }, sections), read };
    } finally {
      await read.totals.catch(() => undefined);
    }
  });
  for (const d of built.read.warnings) process.stderr.write(formatDiagnostic(d) + '\n');
  return built.content;
}

function write(target: string, content: string): void {
  try {
    writeFileAtomic(target, content);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      `cannot write the report to ${target}: ${reason}`,
      EXIT_FAILURE,
      'check the folder exists and is writable, or pass -o',
    );
  }
}

export async function run(options: ReportOptions): Promise<number> {
  const project = loadProject(resolve(options.config ?? 'milestones.yaml'));
  // Checked before any work: a bad --as-of or output folder changes nothing.
  const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf, project.timezone);
  const target = reportTarget(options.out, project.configPath);
  // ECharts (a large module) loads while the warehouse is checked and read.
  const renderer = import('../report/render-report.js');
  renderer.catch(() => undefined);
  const database = warehouseTarget(options, project);
  if (target !== undefined) {
    checkNotWarehouse(target, database.path);
    checkNotConfig(target, options.config);
  }
  const content = await build(project, database, asOf, renderer);
  if (target === undefined) process.stdout.write(content);
  else {
    write(target, content);
    process.stderr.write(`wrote the report to ${target}\n`);
  }
  return EXIT_OK;
}
