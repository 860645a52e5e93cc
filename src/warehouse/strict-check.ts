/**
 * `load --strict` judges what the tables hold, not only what this run read:
 * a file that an earlier `compute` (or a load without --strict) loaded with
 * rejected rows is skipped as unchanged, and would otherwise pass. Files the
 * run's sources name are loaded again when they had rejects (load-sources.ts),
 * so their rows show up here with line numbers; any other file of the touched
 * tables with rejects (one loaded ad hoc) is named from its record.
 */
import type { Diagnostic } from '../errors.js';
import { InvalidInputError } from '../errors.js';
import type { LoadReport } from './load-report.js';
import { rejectDiagnostics } from './load-report.js';
import { LOADED_FILES } from './loaded-files.js';
import type { Warehouse } from './session.js';

/** Throws (exit 1; the caller's transaction then rolls back) when a touched table holds rejected rows. */
export async function checkStrict(warehouse: Warehouse, report: LoadReport): Promise<void> {
  const earlier = await earlierRejects(warehouse, report);
  const total = report.rejected + earlier.reduce((sum, r) => sum + r.rejected, 0n);
  if (total === 0n) return;
  const diagnostics: Diagnostic[] = [
    ...rejectDiagnostics(report, 'error'),
    ...earlier.map((r): Diagnostic => ({
      severity: 'error',
      code: 'rejected-rows',
      message: `${r.path}: ${r.rejected} row${r.rejected === 1n ? ' was' : 's were'} rejected when it was loaded`,
    })),
  ];
  throw new InvalidInputError(
    `${total} row${total === 1n ? '' : 's'} rejected: nothing was loaded (--strict)`,
    diagnostics,
    'fix the rows in the files, or load without --strict to skip them',
  );
}

/** Records of files with rejects in the tables this run touched, that this run did not load. */
async function earlierRejects(
  warehouse: Warehouse,
  report: LoadReport,
): Promise<{ table_name: string; path: string; rejected: bigint }[]> {
  const tables = report.tables.map((t) => t.table);
  if (tables.length === 0) return [];
  const loadedNow = new Set(
    report.tables.flatMap((t) =>
      t.files
        .filter((f) => f.status === 'loaded' || f.status === 'replaced')
        .map((f) => `${t.table}/${f.path}`),
    ),
  );
  const records = await warehouse.all<{ table_name: string; path: string; rejected: bigint }>(
    `SELECT "table_name", "path", "rejected" FROM "${LOADED_FILES}" ` +
      `WHERE "rejected" > 0 AND "table_name" IN (${tables.map(() => '?').join(', ')}) ORDER BY "table_name", "path"`,
    tables,
  );
  return records.filter((r) => !loadedNow.has(`${r.table_name}/${r.path}`));
}
