/**
 * One table per CSV stream. A command that has several result tables prints
 * its main one (the first name below) with `--format csv` (and when piped);
 * `--table NAME` picks another, in CSV and in a terminal table; `--format
 * json` carries every table in one document and ignores `--table`.
 *
 *   milestones conversions --format csv                      -> the funnel
 *   milestones conversions --format csv --table touchpoints  -> the touchpoints
 */
import { UserError, EXIT_FAILURE } from '../errors.js';
import { render, type OutputFormat, type Row } from './format.js';

/** Each command's tables; the first is the main one. */
export const COMMAND_TABLES = {
  compute: ['milestones', 'journeys', 'conversions', 'cx'],
  conversions: ['funnel', 'touchpoints', 'attribution'],
  cx: ['metrics', 'topics', 'travelers'],
  diff: ['milestones', 'changes', 'conversions'],
  late: ['milestones', 'changes', 'late_events'],
  calibrate: ['milestones', 'candidates'],
} as const satisfies Record<string, readonly string[]>;

export type TableCommand = keyof typeof COMMAND_TABLES;
export type TableName<C extends TableCommand> = (typeof COMMAND_TABLES)[C][number];

export interface TableData {
  rows: Row[];
  /** The columns, in order (default: the first row's keys). */
  columns?: string[];
  /** The header when there are no rows and no columns: an empty CSV table still has its header. */
  header?: string[];
}

/** `--table` help text (commander lists the choices after it). */
export function tableHelp(command: TableCommand): string {
  return `the one table to print as csv or table (default: ${COMMAND_TABLES[command][0]}; json prints them all)`;
}

/** The table `--table` names, checked (a usage error, exit 2, lists the names); undefined when not given. */
export function chooseTable<C extends TableCommand>(
  command: C,
  requested: unknown,
): TableName<C> | undefined {
  if (requested === undefined) return undefined;
  const names: readonly string[] = COMMAND_TABLES[command];
  if (typeof requested === 'string' && names.includes(requested)) return requested as TableName<C>;
  throw new UserError(
    `--table "${String(requested)}" is not a table of ${command}`,
    EXIT_FAILURE,
    `use one of: ${names.join(', ')}`,
  );
}

/** Renders one table: the chosen one, else the command's main one. */
export function renderChosen<C extends TableCommand>(
  command: C,
  tables: Record<TableName<C>, TableData>,
  chosen: TableName<C> | undefined,
  format: Exclude<OutputFormat, 'json'>,
): string {
  const name = chosen ?? (COMMAND_TABLES[command][0] as TableName<C>);
  const table = tables[name];
  const columns = table.columns ?? (table.rows[0] ? Object.keys(table.rows[0]) : table.header);
  if (columns === undefined) return '';
  return render(table.rows, format, columns);
}
