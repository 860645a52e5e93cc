/**
 * `milestones diff --base REF`: the statuses of the same data under two
 * versions of the definitions, for reviewing a pull request. Per milestone,
 * how the aggregates move (counts per status, completions, deadline misses,
 * mean progress) and whether the definition changed; then the actors whose
 * published status row differs (status, progress, completion, start,
 * deadline, deadline flags; the first
 * --limit of them); then how each conversion's entered, in progress,
 * converted and rate move. The warehouse is opened read-only: nothing is loaded or
 * published. Exit 0 whether or not anything differs, unless --exit-code.
 */
import { resolve } from 'node:path';
import { parseAsOf } from '../definitions/as-of.js';
import { parseBase, readBaseFile, readConfigAtRef, type BaseSource } from '../definitions/base-config.js';
import { loadProject } from '../definitions/load-definitions.js';
import { EXIT_FAILURE, EXIT_OK, UserError } from '../errors.js';
import { render, renderJson, resolveFormat, type OutputFormat } from '../output/format.js';
import { fitText } from '../output/fit-table.js';
import { startProgress } from '../output/progress.js';
import { stepReporter } from '../output/step-progress.js';
import { chooseTable, renderChosen, type TableName } from '../output/table-choice.js';
import type { DiffResult } from '../diff/run-diff.js';
import { conversionMoved, diffStatuses } from '../diff/run-diff.js';
import { withWarehouse } from '../warehouse/session.js';
import {
  ARROW,
  changeColumns,
  changedSummary,
  changeRows,
  conversionColumns,
  conversionMoveRows,
  existingWarehouse,
  milestoneMoveRows,
  parseLimit,
} from './status-moves.js';
import { openOptions, type WarehouseFlags } from './warehouse-options.js';

export interface DiffOptions extends WarehouseFlags {
  config?: string;
  db?: string;
  base?: string;
  baseFile?: string;
  asOf?: string;
  format?: string;
  limit?: string;
  exitCode?: boolean;
  table?: string;
}

/** `--exit-code`, as `git diff --exit-code`: 1 when anything differs. */
const EXIT_DIFFERS = 1;

const SIDES = { base: 'base', head: 'head' };

async function readBase(options: DiffOptions, configPath: string): Promise<BaseSource> {
  if ((options.base === undefined) === (options.baseFile === undefined)) {
    throw new UserError(
      'diff needs exactly one of --base REF and --base-file FILE',
      EXIT_FAILURE,
      'e.g. milestones diff --base main (the config as committed on main)',
    );
  }
  return options.base !== undefined
    ? readConfigAtRef(options.base, configPath)
    : readBaseFile(options.baseFile!);
}

const CSV_CHANGE_COLUMNS = changeColumns(SIDES);
const CSV_CONVERSION_COLUMNS = conversionColumns(SIDES);

function caption(result: DiffResult, baseLabel: string, headLabel: string): string {
  const what = changedSummary(result);
  const zone = result.timezone;
  const tz = zone.base === zone.head ? '' : `\ntimezone: ${zone.base} ${ARROW} ${zone.head}`;
  return `${baseLabel} ${ARROW} ${headLabel}, as of ${result.asOf}: ${what}${tz}\n`;
}

function more(result: DiffResult): bigint {
  return result.changedTotal - BigInt(result.changes.length);
}

function print(
  result: DiffResult,
  format: OutputFormat,
  labels: { base: string; head: string },
  table?: TableName<'diff'>,
): void {
  const milestones = milestoneMoveRows(result.milestones, format, SIDES, true);
  const changes = changeRows(result.changes, format, SIDES);
  const conversions = conversionMoveRows(result.conversions, format, SIDES);
  const hidden = more(result);
  if (format === 'json') {
    process.stdout.write(
      renderJson({
        base: labels.base,
        head: labels.head,
        as_of: result.asOf,
        timezone: result.timezone,
        milestones,
        changes,
        changed_total: result.changedTotal,
        not_shown: hidden,
        conversions,
      }),
    );
    return;
  }
  if (format === 'csv' || table !== undefined) {
    // One table per stream: the milestones, or the table --table names.
    const csv = format === 'csv';
    const tables = {
      milestones: { rows: milestones },
      changes: { rows: changes, ...(csv ? { columns: CSV_CHANGE_COLUMNS } : {}) },
      conversions: { rows: conversions, ...(csv ? { columns: CSV_CONVERSION_COLUMNS } : {}) },
    };
    process.stdout.write(renderChosen('diff', tables, table, format));
    if (hidden > 0n) process.stderr.write(`note: ${hidden} more changed actor rows not shown (--limit)\n`);
    return;
  }
  const parts = [fitText(caption(result, labels.base, labels.head)), render(milestones, format)];
  if (changes.length > 0) parts.push(render(changes, format));
  if (hidden > 0n) parts.push(`… and ${hidden} more (raise --limit to see them)\n`);
  if (conversions.length > 0) parts.push(render(conversions, format));
  process.stdout.write(parts.join(''));
}

/** Anything to review: an actor moved, a milestone was added or removed, or a conversion's counts moved. */
function differs(result: DiffResult): boolean {
  return (
    result.changedTotal > 0n ||
    result.milestones.some((m) => m.definition === 'added' || m.definition === 'removed') ||
    result.conversions.some(conversionMoved)
  );
}

export async function run(options: DiffOptions): Promise<number> {
  const configPath = resolve(options.config ?? 'milestones.yaml');
  const head = loadProject(configPath);
  // Checked before any work: bad options are usage errors (exit 2).
  const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf, head.timezone);
  const format = resolveFormat(options.format);
  const table = chooseTable('diff', options.table);
  const limit = parseLimit(options.limit);
  const open = openOptions(options, head);
  const source = await readBase(options, configPath);
  const base = parseBase(source, configPath);
  const database = existingWarehouse(options.db ?? head.warehouse, 'compare on');
  const progress = startProgress('comparing');
  let result: DiffResult;
  try {
    result = await withWarehouse(
      database,
      (warehouse) =>
        diffStatuses(warehouse, base, head, {
          ...(asOf !== undefined ? { asOf } : {}),
          limit,
          onStatement: stepReporter(progress, head).onStatement,
        }),
      // Read-only: the published results cannot change, and other readers are not blocked.
      { ...open, readOnly: database !== ':memory:' },
    );
    progress.succeed(`compared ${source.label} with ${options.config ?? 'milestones.yaml'}`);
  } catch (error) {
    progress.fail('diff failed');
    throw error;
  }
  print(result, format, { base: source.label, head: options.config ?? 'milestones.yaml' }, table);
  return options.exitCode && differs(result) ? EXIT_DIFFERS : EXIT_OK;
}
