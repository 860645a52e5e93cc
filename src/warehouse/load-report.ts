/**
 * What a load did, per table and per file. Counts are bigint (row counts
 * come from DuckDB's BIGINT and are never squeezed through Number()).
 */
import type { Diagnostic, Severity } from '../errors.js';
import type { RejectedRow } from './rejects.js';
import { rejectDiagnostic } from './rejects.js';
import type { LoadedTable, SourceName } from './table-layout.js';

/**
 * loaded: new file; replaced: its content changed, its old rows were replaced;
 * unchanged: same path, same content, skipped; duplicate: this content is
 * already loaded from another path, skipped; empty: a 0-byte file; removed:
 * loaded before, no longer named by the source, its rows removed.
 */
export type FileStatus = 'loaded' | 'replaced' | 'unchanged' | 'duplicate' | 'empty' | 'removed';

export interface FileReport {
  path: string;
  sha256: string;
  status: FileStatus;
  /** Rows inserted from this file by this run. */
  rows: bigint;
  /** Rows of an earlier version of this file that this run removed. */
  removed: bigint;
  rejected: bigint;
}

export interface TableReport {
  source: SourceName;
  table: LoadedTable;
  files: FileReport[];
  rowsAdded: bigint;
  rowsRemoved: bigint;
  rejected: bigint;
  /** The first rejected rows (at most MAX_EXAMPLES). */
  rejects: RejectedRow[];
  /** The mapping (or time zone) changed since the last load: the table was emptied and reloaded. */
  rebuilt: boolean;
}

export interface LoadReport {
  tables: TableReport[];
  /** Whether any table changed. */
  changed: boolean;
  rejected: bigint;
  warnings: Diagnostic[];
}

/** Rejected rows as diagnostics (warnings after a load, errors for --strict), with a count line per table. */
export function rejectDiagnostics(report: LoadReport, severity: Severity = 'warning'): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const table of report.tables) {
    if (table.rejected === 0n) continue;
    const shown = table.rejects.length;
    out.push({
      severity,
      code: 'rejected-rows',
      message: `${table.table}: ${table.rejected} row${table.rejected === 1n ? '' : 's'} rejected${
        BigInt(shown) < table.rejected ? ` (the first ${shown} follow)` : ''
      }`,
    });
    for (const r of table.rejects) out.push(rejectDiagnostic(r, severity));
  }
  return out;
}
