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
import { EXIT_FAILURE, EXIT_OK, UserError, formatDiagnostic, type Diagnostic } from '../errors.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { startProgress } from '../output/progress.js';
import { renderReport } from '../report/render-report.js';
import type { ReportData } from '../report/types.js';
import { rejectDiagnostics } from '../warehouse/load-report.js';
import { loadSources } from '../warehouse/load-sources.js';
import { readReportData } from '../warehouse/report-data.js';
import { ensureComputed } from '../warehouse/run-compute.js';
import { resolveAsOf } from '../warehouse/run-conversions.js';
import { readTables } from '../warehouse/run-plan.js';
import { withWarehouse } from '../warehouse/session.js';

export interface ReportOptions {
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

async function gather(
  project: Project,
  database: string,
  asOf: string | undefined,
): Promise<{ data: ReportData; warnings: Diagnostic[] }> {
  const progress = startProgress('loading sources');
  try {
    const result = await withWarehouse(database, async (warehouse) => {
      const load = await loadSources(warehouse, project, { progress });
      const warnings = [...load.warnings, ...rejectDiagnostics(load)];
      const tables = await readTables(warehouse);
      const t = await resolveAsOf(warehouse, asOf);
      const computed = await ensureComputed(warehouse, project, {
        asOf: t,
        tables,
        onStatement: (s, i, n) => progress.update(`computing ${s.name} (${i + 1}/${n})`),
      });
      progress.update(computed ? 'computed; reading results' : 'results are current; reading them');
      const read = await readReportData(warehouse, project, t);
      return { data: read.data, warnings: [...warnings, ...read.warnings] };
    });
    progress.succeed(`report as of ${result.data.asOf}`);
    return result;
  } catch (error) {
    progress.fail('report failed');
    throw error;
  }
}

function write(target: string, content: string): void {
  try {
    writeFileAtomic(target, content);
  } catch (error) {
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
  const { data, warnings } = await gather(project, options.db ?? project.warehouse, asOf);
  for (const d of warnings) process.stderr.write(formatDiagnostic(d) + '\n');
  const content = renderReport(data);
  if (target === undefined) process.stdout.write(content);
  else {
    write(target, content);
    process.stderr.write(`wrote the report to ${target}\n`);
  }
  return EXIT_OK;
}
