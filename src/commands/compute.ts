/**
 * `milestones compute`: loads new or changed sources, builds the statuses
 * and the conversions, publishes `milestone_status`, `milestone_history`,
 * `milestone_journey`, the `conversion_*`, `cx_*` and `journey_*` tables in
 * one transaction (see compute/run-compute.ts), then prints per milestone
 * the count and share of accounts in each status, per journey the accounts
 * at each stage, a line per conversion and per CX metric (a table on a
 * terminal, CSV when piped, or --format).
 */
import { computeDataWarnings } from '../statuses/data-checks.js';
import { computedWarnings } from './compute-warnings.js';
import { resolve } from 'node:path';
import { parseAsOf } from '../definitions/as-of.js';
import { loadProject } from '../definitions/load-definitions.js';
import type { Project } from '../definitions/model.js';
import { EXIT_OK, formatDiagnostic, type Diagnostic } from '../errors.js';
import { render, renderJson, resolveFormat, type OutputFormat, type Row } from '../output/format.js';
import { loadSummaryLines } from '../output/load-lines.js';
import { startProgress } from '../output/progress.js';
import { computeStepCount, stepReporter } from '../output/step-progress.js';
import { chooseTable, renderChosen } from '../output/table-choice.js';
import { rejectDiagnostics } from '../warehouse/load-report.js';
import { loadSources } from '../warehouse/load-sources.js';
import { readCxMetrics, type ResultRow } from '../cx/cx-results.js';
import { computeAll } from '../compute/run-compute.js';
import { computeKnownAt } from '../late/run-late.js';
import type { ConversionResult } from '../conversions/run-conversions.js';
import { readTables } from '../warehouse/run-plan.js';
import { withWarehouse, type OpenOptions } from '../warehouse/session.js';
import { metricRows } from './cx-view.js';
import { parseKnownAt } from './late.js';
import { openOptions, type WarehouseFlags } from './warehouse-options.js';
import {
  STATUSES,
  summarizeJourneys,
  summarizeStatuses,
  type MilestoneSummary,
  type StageSummary,
} from '../statuses/status-summary.js';
import { isoInstantSql } from '../compiler/time.js';

export interface ComputeOptions extends WarehouseFlags {
  config?: string;
  db?: string;
  asOf?: string;
  knownAt?: string;
  format?: string;
  table?: string;
  full?: boolean;
}

interface Computed {
  asOf: string;
  /** `--known-at`: K, ISO UTC; statuses and conversions were computed from the events known then, and not published. */
  knownAt?: string;
  milestones: MilestoneSummary[];
  journeys: StageSummary[];
  conversions: ConversionResult[];
  /** The overall row of each CX metric. */
  cx: ResultRow[];
  warnings: Diagnostic[];
}

async function compute(
  project: Project,
  database: string,
  asOf: string | undefined,
  knownAt: string | undefined,
  full: boolean,
  open: OpenOptions,
): Promise<Computed> {
  let how = '';
  const progress = startProgress('loading sources');
  try {
    const result = await withWarehouse({ path: database, ...open }, async (warehouse): Promise<Computed> => {
      const load = await loadSources(warehouse, project, { progress });
      process.stderr.write(loadSummaryLines(load));
      const warnings = [...load.warnings, ...rejectDiagnostics(load)];
      const tables = await readTables(warehouse);
      // A fixed total, human step names and (--verbose) timings: output/step-progress.ts.
      const steps = stepReporter(
        progress,
        project,
        knownAt === undefined ? computeStepCount(project, tables) : undefined,
      );
      if (knownAt !== undefined) {
        // A view of the past: statuses, journeys and conversions (no CX), nothing published (docs/KNOWN-AT.md).
        const known = await computeKnownAt(warehouse, project, {
          knownAt,
          ...(asOf !== undefined ? { asOf } : {}),
          tables,
          onStatement: steps.onStatement,
        });
        steps.finish();
        warnings.push(...(await computeDataWarnings(warehouse, project, tables, known.milestones)));
        return { ...known, cx: [], warnings };
      }
      // Statuses and conversions are built, then published in one transaction.
      const conversions = await computeAll(warehouse, project, {
        ...(asOf !== undefined ? { asOf } : {}),
        tables,
        full,
        onMode: (m) => {
          how =
            m.mode === 'incremental'
              ? `, incremental: ${m.actors} actors recomputed` +
                (m.conversions === 'full' ? ', conversions in full' : '') +
                (m.cx === 'full' ? ', CX in full' : '')
              : `, full (${m.reason})`;
        },
        onStatement: steps.onStatement,
      });
      steps.finish();
      const milestones = await summarizeStatuses(warehouse, project);
      warnings.push(...(await computedWarnings(warehouse, project, tables, milestones)));
      const row = await warehouse.one<{ as_of: string }>(
        `SELECT ${isoInstantSql("getvariable('ms_as_of')")} AS as_of`,
      );
      return {
        asOf: row?.as_of ?? '',
        milestones,
        journeys: await summarizeJourneys(warehouse, project),
        conversions,
        cx: (await readCxMetrics(warehouse, project)).filter((r) => r.milestone_id === null),
        warnings,
      };
    });
    const known = result.knownAt === undefined ? '' : `, known at ${result.knownAt} (not published)`;
    progress.succeed(`computed ${project.milestones.length} milestones as of ${result.asOf}${known}${how}`);
    return result;
  } catch (error) {
    progress.fail('compute failed');
    throw error;
  }
}

/** "6 (75%)" on a terminal; separate numeric columns in CSV and JSON. */
function milestoneRows(summary: MilestoneSummary[], format: OutputFormat): Row[] {
  return summary.map((m) => {
    const row: Row = { milestone: m.milestone, level: m.level, assigned: m.assigned };
    for (const s of STATUSES) {
      if (format === 'table') row[s] = m.percents[s] === null ? '0' : `${m.counts[s]} (${m.percents[s]}%)`;
      else {
        row[s] = m.counts[s];
        row[`${s}_pct`] = m.percents[s];
      }
    }
    row.deadline_missed = m.deadline_missed;
    return row;
  });
}

function stageRows(stages: StageSummary[], format: OutputFormat): Row[] {
  return stages.map((s) => ({
    journey: s.journey,
    stage_index: s.stage_index,
    stage: s.stage,
    accounts: format === 'table' && s.percent !== null ? `${s.accounts} (${s.percent}%)` : s.accounts,
    ...(format === 'table' ? {} : { percent: s.percent }),
  }));
}

/** One line per conversion; `milestones conversions` shows the detail. */
function conversionRows(results: ConversionResult[], format: OutputFormat): Row[] {
  return results.map((c) => {
    const settled = c.entered - c.inProgress;
    const rate = settled > 0n ? Math.round((Number(c.converted) / Number(settled)) * 1000) / 10 : null;
    return {
      conversion: c.id,
      entered: c.entered,
      in_progress: c.inProgress,
      converted: c.converted,
      rate: format === 'table' ? (rate === null ? '—' : `${rate}%`) : rate,
    };
  });
}

export async function run(options: ComputeOptions): Promise<number> {
  const project = loadProject(resolve(options.config ?? 'milestones.yaml'));
  // Parsed before any work: a bad --as-of is a usage error (exit 2) that changes nothing.
  const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf, project.timezone);
  const knownAt = options.knownAt === undefined ? undefined : parseKnownAt(options.knownAt, project.timezone);
  const format = resolveFormat(options.format);
  const table = chooseTable('compute', options.table);
  const open = openOptions(options, project);
  const result = await compute(
    project,
    options.db ?? project.warehouse,
    asOf,
    knownAt,
    options.full === true,
    open,
  );
  for (const d of result.warnings) process.stderr.write(formatDiagnostic(d) + '\n');
  if (result.knownAt !== undefined) {
    process.stderr.write(
      `note: statuses and conversions as knowable at ${result.knownAt} (events that arrived later are left out; CX is not computed); nothing was published\n`,
    );
  }
  const milestones = milestoneRows(result.milestones, format);
  const journeys = stageRows(result.journeys, format);
  const conversions = conversionRows(result.conversions, format);
  const cx = metricRows(result.cx, format);
  if (format === 'json') {
    const known = result.knownAt === undefined ? {} : { known_at: result.knownAt };
    process.stdout.write(renderJson({ as_of: result.asOf, ...known, milestones, journeys, conversions, cx }));
  } else if (format === 'csv' || table !== undefined) {
    // One table per stream: the milestones, or the one --table names (output/table-choice.ts).
    const tables = {
      milestones: { rows: milestones },
      journeys: { rows: journeys, header: ['journey', 'stage_index', 'stage', 'accounts', 'percent'] },
      conversions: {
        rows: conversions,
        header: ['conversion', 'entered', 'in_progress', 'converted', 'rate'],
      },
      cx: { rows: cx },
    };
    process.stdout.write(renderChosen('compute', tables, table, format));
  } else {
    const parts = [render(milestones, format)];
    if (journeys.length > 0) parts.push(render(journeys, format));
    if (conversions.length > 0) parts.push(render(conversions, format));
    if (cx.length > 0) parts.push(render(cx, format));
    process.stdout.write(parts.join('\n'));
  }
  return EXIT_OK;
}
