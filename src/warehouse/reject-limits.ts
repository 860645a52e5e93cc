/**
 * How many of a file's rows a load may reject before it fails. A wrong
 * `timestamp_format` or delimiter rejects every row; loading what is left
 * would replace the table with (almost) nothing and turn every status into
 * not_started with exit 0. So a file whose every row is rejected, or more
 * than `sources.<name>.max_rejected_share` of them (default half), fails
 * the load: exit 1, and the transaction leaves every table as it was.
 *
 *   events.csv: 221 of 221 rows rejected  ->  error, nothing loaded
 *   events.csv: 3 of 221 rows rejected    ->  warnings, 218 rows loaded
 */
import { InvalidInputError } from '../errors.js';
import type { RejectedRow } from './rejects.js';
import { rejectDiagnostic } from './rejects.js';
import type { SourceName } from './table-layout.js';

export const DEFAULT_MAX_REJECTED_SHARE = 0.5;

export interface FileOutcome {
  path: string;
  /** Rows loaded. */
  rows: bigint;
  rejected: bigint;
  /** The first rejected rows. */
  examples: RejectedRow[];
}

/** Throws when the file rejected every row, or more than the source's share. */
export function checkRejectedShare(source: SourceName, outcome: FileOutcome, maxShare?: number): void {
  const { path, rows, rejected } = outcome;
  if (rejected === 0n) return;
  const total = rows + rejected;
  const setting = `sources.${source}.max_rejected_share`;
  const diagnostics = outcome.examples.map((r) => rejectDiagnostic(r, 'error'));
  if (rows === 0n) {
    throw new InvalidInputError(
      `${path}: all ${total} row${total === 1n ? '' : 's'} rejected: nothing was loaded, the tables are unchanged`,
      diagnostics,
      `check sources.${source} (columns, timestamp_format, delimiter) against the file: the first rejected rows are above`,
    );
  }
  const max = maxShare ?? DEFAULT_MAX_REJECTED_SHARE;
  // Compared in integers: rejected / total > max, with max in millionths.
  const millionths = BigInt(Math.round(max * 1_000_000));
  if (rejected * 1_000_000n <= millionths * total) return;
  throw new InvalidInputError(
    `${path}: ${rejected} of ${total} rows rejected (${percent(rejected, total)}, more than ${setting} ` +
      `${percent(millionths, 1_000_000n)}): nothing was loaded, the tables are unchanged`,
    diagnostics,
    `fix the rows (the first are above), or raise ${setting} to load the readable ones`,
  );
}

/** 2/3 -> "66.7%" (rounded to a tenth, half up). */
function percent(part: bigint, whole: bigint): string {
  const tenths = Number((part * 2000n) / whole + 1n) / 2;
  return `${Math.floor(tenths) / 10}%`;
}
