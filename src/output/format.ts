/**
 * Rendering of small result sets: a table on a terminal, plain CSV or JSON
 * when piped or asked for. Values are printed exactly (bigint in full: a JSON
 * number when it is a safe integer, else a string; timestamps as ISO UTC) so that the same input gives byte-identical output.
 */
import { visible } from '../errors.js';
import { fitTable, terminalWidth } from './fit-table.js';

export type OutputFormat = 'table' | 'csv' | 'json';

export type Row = Record<string, unknown>;

/** `--format` when given; otherwise a table on a TTY and CSV when piped. */
export function resolveFormat(requested: unknown, stream: NodeJS.WriteStream = process.stdout): OutputFormat {
  if (requested === 'table' || requested === 'csv' || requested === 'json') return requested;
  return stream.isTTY ? 'table' : 'csv';
}

/** One cell as text: ISO timestamps without milliseconds noise, numbers rounded for display only by callers. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().replace('.000Z', 'Z');
  if (typeof value === 'object') return JSON.stringify(value, jsonReplacer);
  return String(value);
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** A table that fits the terminal (output/fit-table.ts); `width` for tests. */
export function renderTable(
  rows: Row[],
  columns: string[] = columnsOf(rows),
  width = terminalWidth(),
): string {
  const useColor = !process.env.NO_COLOR && process.stdout.isTTY;
  const style = useColor
    ? { head: (t: string) => `\u001b[36m${t}\u001b[39m`, border: (t: string) => `\u001b[90m${t}\u001b[39m` }
    : {};
  // Shown, not obeyed: cells hold ids and names from the data (an ESC in an account id; found by review).
  const body = rows.map((row) => columns.map((c) => visible(cellText(row[c]))));
  return fitTable(columns, body, width, style) + '\n';
}

const needsQuotes = /[",\n\r]/;

function csvCell(value: unknown): string {
  const text = cellText(value);
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function renderCsv(rows: Row[], columns: string[] = columnsOf(rows)): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return lines.join('\n') + '\n';
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** In JSON output a count is a number; a bigint beyond 2^53 - 1 stays a string so no digit is lost. */
function jsonNumberReplacer(_key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value.toString();
}

export function renderJson(value: unknown): string {
  return JSON.stringify(value, jsonNumberReplacer, 2) + '\n';
}

export function render(rows: Row[], format: OutputFormat, columns?: string[]): string {
  if (format === 'json') return renderJson(rows);
  if (format === 'csv') return renderCsv(rows, columns);
  return renderTable(rows, columns);
}

function columnsOf(rows: Row[]): string[] {
  return rows.length > 0 ? Object.keys(rows[0] as Row) : [];
}
