/**
 * `milestones late --known-at K [--as-of T]`: what late-arriving events
 * changed. As of T (default K), the statuses as they were knowable at K (only
 * events that had arrived by then) against the statuses known now (every
 * loaded event up to T): per milestone how the aggregates move, the actors
 * whose published status row differs (status, progress, completion, start,
 * deadline, deadline flags; the first
 * --limit), and the late events per event name. The warehouse is opened
 * read-only: nothing is loaded or published. See docs/KNOWN-AT.md.
 */
import { resolve } from 'node:path';
import { parseAsOf } from '../definitions/as-of.js';
import { loadProject } from '../definitions/load-definitions.js';
import { EXIT_FAILURE, EXIT_OK, UserError } from '../errors.js';
import {
  cellText,
  render,
  renderJson,
  resolveFormat,
  type OutputFormat,
  type Row,
} from '../output/format.js';
import { fitText } from '../output/fit-table.js';
import { startProgress } from '../output/progress.js';
import { stepReporter } from '../output/step-progress.js';
import { chooseTable, renderChosen, type TableName } from '../output/table-choice.js';
import { lateStatuses, type LateResult } from '../late/run-late.js';
import { withWarehouse } from '../warehouse/session.js';
import {
  ARROW,
  changeColumns,
  changedSummary,
  changeRows,
  existingWarehouse,
  milestoneMoveRows,
  parseLimit,
} from './status-moves.js';
import { openOptions, type WarehouseFlags } from './warehouse-options.js';

export interface LateOptions extends WarehouseFlags {
  config?: string;
  db?: string;
  knownAt?: string;
  asOf?: string;
  format?: string;
  limit?: string;
  table?: string;
}

const SIDES = { base: 'known', head: 'now' };

/** `--known-at`: read like `--as-of` (a date alone is the end of that day in the config's zone). */
export function parseKnownAt(text: string, timeZone: string): string {
  try {
    return parseAsOf(text, timeZone);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(
      `--known-at "${text}" is not a date or timestamp`,
      EXIT_FAILURE,
      'write an ISO date or time, e.g. 2026-04-30, "2026-04-30 18:00" or 2026-04-30T18:00:00Z',
    );
  }
}

/** Timestamps as ISO text in every format. */
function lateEventRows(result: LateResult): Row[] {
  return result.lateEvents.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? cellText(v) : v])),
  );
}

const LATE_COLUMNS = ['event', 'late_events', 'accounts', 'first_ts', 'last_ts', 'last_arrived_at'];

function caption(result: LateResult): string {
  const what = changedSummary(result);
  const late = `${result.lateTotal} late event${result.lateTotal === 1n ? '' : 's'}`;
  return `known at ${result.knownAt} ${ARROW} now, as of ${result.asOf}: ${late}, ${what}\n`;
}

function print(result: LateResult, format: OutputFormat, table?: TableName<'late'>): void {
  const milestones = milestoneMoveRows(result.milestones, format, SIDES);
  const changes = changeRows(result.changes, format, SIDES);
  const late = lateEventRows(result);
  const hidden = result.changedTotal - BigInt(result.changes.length);
  if (format === 'json') {
    process.stdout.write(
      renderJson({
        known_at: result.knownAt,
        as_of: result.asOf,
        late_total: result.lateTotal,
        events_with_arrival: result.arrivals,
        milestones,
        changes,
        changed_total: result.changedTotal,
        not_shown: hidden,
        late_events: late,
      }),
    );
    return;
  }
  if (format === 'csv' || table !== undefined) {
    // One table per stream: the milestones, or the table --table names.
    const tables = {
      milestones: { rows: milestones },
      changes: { rows: changes, ...(format === 'csv' ? { columns: changeColumns(SIDES) } : {}) },
      late_events: { rows: late, columns: LATE_COLUMNS },
    };
    process.stdout.write(renderChosen('late', tables, table, format));
    if (hidden > 0n) process.stderr.write(`note: ${hidden} more changed actor rows not shown (--limit)\n`);
    return;
  }
  const parts = [fitText(caption(result)), render(milestones, format)];
  if (changes.length > 0) parts.push(render(changes, format));
  if (hidden > 0n) parts.push(`… and ${hidden} more (raise --limit to see them)\n`);
  if (late.length > 0) parts.push(render(late, format, LATE_COLUMNS));
  process.stdout.write(parts.join(''));
}

export async function run(options: LateOptions): Promise<number> {
  const project = loadProject(resolve(options.config ?? 'milestones.yaml'));
  // Checked before any work: bad options are usage errors (exit 2).
  if (options.knownAt === undefined) {
    throw new UserError('late needs --known-at', EXIT_FAILURE, 'e.g. milestones late --known-at 2026-03-31');
  }
  const knownAt = parseKnownAt(options.knownAt, project.timezone);
  const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf, project.timezone);
  const format = resolveFormat(options.format);
  const table = chooseTable('late', options.table);
  const limit = parseLimit(options.limit);
  const open = openOptions(options, project);
  const database = existingWarehouse(options.db ?? project.warehouse, 'look at');
  const progress = startProgress('comparing');
  let result: LateResult;
  try {
    result = await withWarehouse(
      database,
      (warehouse) =>
        lateStatuses(warehouse, project, {
          knownAt,
          ...(asOf !== undefined ? { asOf } : {}),
          limit,
          onStatement: stepReporter(progress, project).onStatement,
        }),
      // Read-only: the published results cannot change, and other readers are not blocked.
      { ...open, readOnly: database !== ':memory:' },
    );
    progress.succeed(`compared what was known at ${result.knownAt} with what is known now`);
  } catch (error) {
    progress.fail('late failed');
    throw error;
  }
  if (result.arrivals === 0n) {
    process.stderr.write(
      'note: no event carries an arrival time (sources.events.columns.arrived_at), so every event counts as known at its own time\n',
    );
  }
  print(result, format, table);
  return EXIT_OK;
}
