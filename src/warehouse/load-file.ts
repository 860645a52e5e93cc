/**
 * Loads one file into its canonical table under a fresh load id: find its
 * columns, match the mapping, run one INSERT ... SELECT over DuckDB's reader
 * (in the source's time zone), then collect what was rejected. Runs inside
 * the caller's transaction; any error leaves the rollback to it.
 */
import { ident, str } from '../compiler/quote.js';
import { InvalidInputError, type Diagnostic } from '../errors.js';
import type { AnySource, ResolvedMapping } from './column-mapping.js';
import { repeatedPackedWarnings, resolveMapping } from './column-mapping.js';
import type { FileShape } from './file-shape.js';
import { describeFile, firstDataLine, linesBeforeData, unreadable } from './file-shape.js';
import type { InsertPlan } from './insert-sql.js';
import {
  buildActorIdsSql,
  buildClockLinesSql,
  buildInsertSql,
  buildRowChecksSql,
  csvColumnTypes,
} from './insert-sql.js';
import { numberFileIds } from './actor-numbers.js';
import { csvReadSql, parquetReadSql } from './read-sql.js';
import { numbersRecords, stepLinesPastRejects } from './row-places.js';
import { explainReaderReject } from './reader-reject-reasons.js';
import type { RejectedRow, Rejects } from './rejects.js';
import {
  MAX_EXAMPLES,
  deleteQuarantined,
  firstExamples,
  quarantineLines,
  quarantinedRows,
  readerRejects,
  rejectDiagnostic,
} from './rejects.js';
import type { ClockCheck } from './clock-changes.js';
import { dropClockCheck, prepareClockCheck, takeClockMarks } from './clock-changes.js';
import type { Warehouse } from './session.js';
import type { SourceFile } from './source-files.js';
import { fileStem } from './source-files.js';
import type { TableLayout } from './table-layout.js';
import { LOAD_ID_COLUMN, SURVEY_QUESTIONS } from './table-layout.js';

export interface FileLoad {
  layout: TableLayout;
  source: AnySource;
  file: SourceFile;
  loadId: bigint;
  /** The project's zone: naive timestamps are read in it. */
  timezone: string;
  /** Whether a contacts table exists to take account ids from. */
  contacts: boolean;
}

export interface FileResult {
  rows: bigint;
  rejects: Rejects;
  warnings: Diagnostic[];
}

export async function loadFile(warehouse: Warehouse, load: FileLoad): Promise<FileResult> {
  const { layout, source, file } = load;
  if (file.bytes === 0) {
    const warning = `${file.path} is empty: no header, no rows`;
    return { rows: 0n, rejects: { count: 0n, examples: [] }, warnings: [loadWarning('empty-file', warning)] };
  }
  const shape = await describeFile(warehouse, file.path, file.format, source.delimiter);
  const mapping = resolveMapping(layout, source, shape, file.path);
  const warnings: Diagnostic[] = [...repeatedPackedWarnings(shape, mapping, file.path)];
  const zone = await fileZone(warehouse, load, shape, mapping, warnings);
  const names = { table: `_rejects_${load.loadId}`, scan: `_reject_scans_${load.loadId}` };
  const plan = insertPlan(load, shape, mapping, readSql(load, shape, mapping, names));
  const clock = readsTimestamps(layout, mapping)
    ? await prepareClockCheck(warehouse, zone, load.loadId)
    : undefined;
  if (clock) plan.clock = clock;
  let inserted: bigint;
  try {
    if (layout.numbersActors) await numberActors(warehouse, load, shape, mapping, plan, zone);
    const insert = () => insertRows(warehouse, buildInsertSql(plan), !numbersRecords(plan));
    inserted = await warehouse.withTimeZone(zone, () =>
      layout.clusteredBy ? warehouse.withMemoryCap(SORTED_INSERT_MEMORY, insert) : insert(),
    );
  } catch (error) {
    throw (
      badTimestampFormat(error, load) ?? (await unreadable(error, file.path, file.format, warehouse.path))
    );
  }
  if (clock) {
    warnings.push(...(await clockWarnings(warehouse, load, plan, clock)));
    await dropClockCheck(warehouse, clock);
  }

  const csv = shape.format !== 'parquet';
  if (numbersRecords(plan))
    await stepLinesPastRejects(warehouse, layout.table, load.loadId, names.table, firstDataLine(shape));
  const fromReader = csv ? await readerRejects(warehouse, names.table, file.path) : undefined;
  const quarantine = await quarantinedRows(warehouse, layout.table, load.loadId, file.path);
  const examples =
    csv && quarantine.count > 0n
      ? await warehouse.withTimeZone(zone, () => quarantinedLines(warehouse, load, shape, mapping, plan))
      : quarantine.examples;
  if (quarantine.count > 0n) await deleteQuarantined(warehouse, layout.table, load.loadId);
  if (csv) await dropTemp(warehouse, [names.table, names.scan]);

  if (shape.qualtrics) await insertQuestions(warehouse, load, shape, mapping);
  const count = (fromReader?.count ?? 0n) + quarantine.count;
  return {
    // The INSERT's count includes the quarantined rows, deleted since.
    rows: inserted - quarantine.count,
    rejects: { count, examples: firstExamples(readerExamples(fromReader, load, shape), examples) },
    warnings,
  };
}

/**
 * DuckDB memory for an INSERT that sorts a file's rows (table-layout.ts
 * `clusteredBy`): the sort spills past it, and is faster for it. Measured on
 * 50M events (one file): with the whole default budget (DuckDB 14 GiB) the
 * load took 207 s and peaked at 14.6 GB; with 1.5 GB 176 s and 1.85 GB;
 * with 0.75 GB 171.5 s and 1.07 GB. At 10M: 36-37 s and 2.6 GB, 30.5 s and
 * 1.69 GB, 27.4 s and 0.98 GB. A lower budget than this stays.
 */
const SORTED_INSERT_MEMORY = 0.75e9;

/**
 * Runs the INSERT with DuckDB's `preserve_insertion_order` off, so that every
 * thread inserts: kept on, an INSERT that joins (the contacts, for the account
 * of contact-only rows) runs on one thread. The table's rows are then not in
 * the file's order, which nothing relies on. Only this statement: the
 * loader's other reads (a CSV's header rows: `LIMIT 3`) need the order. A
 * file whose rows keep their lines (survey responses, small) is inserted in
 * order (`parallel` false): its record numbers need the reader's order.
 */
async function insertRows(warehouse: Warehouse, sql: string, parallel: boolean): Promise<bigint> {
  const insert = async () => (await warehouse.one<{ Count: bigint }>(sql))?.Count ?? 0n;
  return parallel ? warehouse.unordered(insert) : insert();
}

/**
 * A `timestamp_format:` DuckDB does not know (`%K`): the setting's error, at
 * its line (it had been the file's, with a hint about delimiters; found by
 * review).
 */
function badTimestampFormat(error: unknown, load: FileLoad): InvalidInputError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const detail = /Unrecognized format for strftime\/strptime: (\S+)/.exec(message)?.[1];
  if (detail === undefined || load.source.timestampFormat === undefined) return undefined;
  const problem = new InvalidInputError(
    `timestamp_format "${load.source.timestampFormat}": DuckDB knows no ${detail}`,
    [],
    'use DuckDB\'s strptime specifiers, e.g. "%d/%m/%Y %H:%M:%S" (%Y %m %d %H %M %S %f %z %p %b...)',
  );
  problem.setting = `sources.${load.layout.source}.timestamp_format`;
  return problem;
}

/** What buildInsertSql (and the re-reads that number rows) need to know about this file. */
export function insertPlan(
  load: FileLoad,
  shape: FileShape,
  mapping: ResolvedMapping,
  read: string,
): InsertPlan {
  const { source } = load;
  return {
    layout: load.layout,
    mapping,
    shape,
    read,
    loadId: load.loadId,
    ...(source.timestampFormat !== undefined ? { timestampFormat: source.timestampFormat } : {}),
    respondent: source.respondent ?? 'contact',
    contacts: load.contacts,
    surveyId: fileStem(load.file.path),
    filePath: load.file.path,
  };
}

/** The reader call for this file; a CSV's rejected lines go to `rejects`. */
export function readSql(
  load: FileLoad,
  shape: FileShape,
  mapping: ResolvedMapping,
  rejects: { table: string; scan: string },
): string {
  if (shape.format === 'parquet') return parquetReadSql(load.file.path, true, shape.utcTimestamps);
  const qualtrics = shape.format === 'qualtrics';
  return csvReadSql(load.file.path, {
    header: !qualtrics,
    skip: linesBeforeData(shape),
    ...(qualtrics ? { qualtrics } : {}),
    columns: csvColumnTypes(load.layout, mapping, shape),
    delimiter: shape.delimiter ?? load.source.delimiter,
    ...(load.source.quote !== undefined ? { quote: load.source.quote } : {}),
    ...(load.source.escape !== undefined ? { escape: load.source.escape } : {}),
    rejects,
  });
}

/**
 * Numbers the account and contact ids of the file's rows before they are
 * inserted (actor-numbers.ts): a read of those two columns. A CSV's read
 * keeps its rejected lines apart, so that the INSERT's read counts them once.
 * Measured at 10M events (Parquet): 0.45 s of a 40 s load.
 */
async function numberActors(
  warehouse: Warehouse,
  load: FileLoad,
  shape: FileShape,
  mapping: ResolvedMapping,
  plan: InsertPlan,
  zone: string,
): Promise<void> {
  const names = { table: `_rejects_${load.loadId}_n`, scan: `_reject_scans_${load.loadId}_n` };
  const csv = shape.format !== 'parquet';
  // Every column of a CSV stays read: DuckDB 1.5 fails with an internal error ("Attempted to access
  // index 1 within vector of size 1", which invalidates the database) when a read that keeps its
  // rejects has columns pruned and meets a line that is not UTF-8 (test/bad-inputs, not-utf8-line-after-sample).
  const read = csv
    ? `(SELECT * FROM ${readSql(load, shape, mapping, names)} WHERE hash(COLUMNS(*)) IS NOT NULL)`
    : readSql(load, shape, mapping, names);
  await warehouse.withTimeZone(zone, () =>
    numberFileIds(warehouse, buildActorIdsSql({ ...plan, read }), load.loadId, load.contacts),
  );
  // Not in a `finally`: after a failed read the transaction is aborted and refuses the DROP, whose
  // error would hide the read's (disk full, memory); the rollback removes the rejects tables then.
  if (csv) await dropTemp(warehouse, [names.table, names.scan]);
}

/**
 * The quarantined rows of a CSV with their line numbers: a second, ordered
 * read of the file (only when some row was quarantined). Its reader rejects
 * go to their own table, so that the numbering can step over them.
 */
async function quarantinedLines(
  warehouse: Warehouse,
  load: FileLoad,
  shape: FileShape,
  mapping: ResolvedMapping,
  plan: InsertPlan,
): Promise<RejectedRow[]> {
  const names = { table: `_rejects_${load.loadId}_q`, scan: `_reject_scans_${load.loadId}_q` };
  const read = readSql(load, shape, mapping, names);
  const firstLine = firstDataLine(shape);
  try {
    return await quarantineLines(
      warehouse,
      buildRowChecksSql({ ...plan, read }),
      names.table,
      firstLine,
      load.file.path,
    );
  } finally {
    await dropTemp(warehouse, [names.table, names.scan]);
  }
}

/**
 * The zone naive timestamps of this file are read in: the project's, except
 * for a Qualtrics export whose ts column's ImportId JSON names one.
 */
async function fileZone(
  warehouse: Warehouse,
  load: FileLoad,
  shape: FileShape,
  mapping: ResolvedMapping,
  warnings: Diagnostic[],
): Promise<string> {
  const tsColumn = mapping.canonical.get('ts');
  const declared = shape.qualtrics?.find((q) => q.id === tsColumn)?.timeZone;
  if (declared === undefined) return load.timezone;
  const zone = /^(z|utc|gmt)$/i.test(declared) ? 'UTC' : declared;
  const known = await warehouse.one<{ n: bigint }>(
    'SELECT count(*) AS n FROM pg_timezone_names() WHERE name = ?',
    [zone],
  );
  if ((known?.n ?? 0n) > 0n) return zone;
  warnings.push(
    loadWarning(
      'unknown-time-zone',
      `${load.file.path}: unknown time zone "${declared}" in the ImportId of column ${tsColumn}; using ${load.timezone}`,
    ),
  );
  return load.timezone;
}

/** Row 2 (question text) and row 3 (ImportId) of a Qualtrics export, per survey in the file. */
async function insertQuestions(
  warehouse: Warehouse,
  load: FileLoad,
  shape: FileShape,
  mapping: ResolvedMapping,
): Promise<void> {
  const columns = shape.qualtrics ?? [];
  if (columns.length === 0) return;
  const values = columns.map(() => '(?, ?, ?)').join(', ');
  const params = columns.flatMap((c) => [c.id, c.text, c.importId]);
  const surveyIds = mapping.canonical.has('survey_id')
    ? `(SELECT DISTINCT "survey_id" FROM "survey_responses" WHERE ${ident(LOAD_ID_COLUMN)} = ${load.loadId})`
    : `(SELECT ${str(fileStem(load.file.path))} AS "survey_id")`;
  await warehouse.run(
    `INSERT INTO ${ident(SURVEY_QUESTIONS)} SELECT "s"."survey_id", "q"."question_id", "q"."text", "q"."import_id", ${load.loadId} ` +
      `FROM ${surveyIds} AS "s", (VALUES ${values}) AS "q"("question_id", "text", "import_id")`,
    params,
  );
}

/** The reader's rejects reworded for the file (reader-reject-reasons.ts). */
function readerExamples(fromReader: Rejects | undefined, load: FileLoad, shape: FileShape): RejectedRow[] {
  const dialect = {
    width: shape.columns.length,
    delimiter: shape.delimiter ?? load.source.delimiter ?? ',',
    quote: load.source.quote ?? '"',
    escape: load.source.escape ?? '"',
  };
  return (fromReader?.examples ?? []).map((row) => explainReaderReject(row, dialect));
}

/** Whether any column of the file is read as a timestamp (the clock check has something to check). */
function readsTimestamps(layout: TableLayout, mapping: ResolvedMapping): boolean {
  const canonical = layout.read.some((c) => c.type === 'TIMESTAMP' && mapping.canonical.has(c.name));
  return canonical || mapping.properties.some((p) => p.type === 'TIMESTAMP');
}

/**
 * Naive timestamps in a clock change (clock-changes.ts): a count, then the
 * first few lines, found by a second, ordered read made only when there are some.
 */
async function clockWarnings(
  warehouse: Warehouse,
  load: FileLoad,
  plan: InsertPlan,
  clock: ClockCheck,
): Promise<Diagnostic[]> {
  const count = await takeClockMarks(warehouse, load.layout.table, load.loadId);
  if (count === 0n) return [];
  const path = load.file.path;
  let rows: RejectedRow[];
  if (plan.shape.format === 'parquet') {
    const found = await warehouse.withTimeZone(clock.zone, () =>
      warehouse.all<{ record: bigint; reason: string }>(buildClockLinesSql(plan, MAX_EXAMPLES)),
    );
    rows = found.map((r) => ({ file: path, row: Number(r.record), reason: r.reason }));
  } else {
    const names = { table: `_rejects_${load.loadId}_c`, scan: `_reject_scans_${load.loadId}_c` };
    const read = readSql(load, plan.shape, plan.mapping, names);
    const firstLine = firstDataLine(plan.shape);
    try {
      rows = await warehouse.withTimeZone(clock.zone, () =>
        quarantineLines(
          warehouse,
          buildClockLinesSql({ ...plan, read }, MAX_EXAMPLES),
          names.table,
          firstLine,
          path,
        ),
      );
    } finally {
      await dropTemp(warehouse, [names.table, names.scan]);
    }
  }
  const shown = rows.length;
  const summary = loadWarning(
    'clock-change',
    `${path}: ${count} naive timestamp${count === 1n ? '' : 's'} fall${count === 1n ? 's' : ''} in a clock change of ${clock.zone}` +
      `${BigInt(shown) < count ? ` (the first ${shown} follow)` : ''}`,
  );
  summary.hint =
    'a skipped time is moved forward by the gap, a repeated one is read as the later of the two (the offset after the change); write an offset (e.g. -04:00) to say which';
  return [summary, ...rows.map((r) => ({ ...rejectDiagnostic(r, 'warning'), code: 'clock-change' }))];
}

export async function dropTemp(warehouse: Warehouse, tables: string[]): Promise<void> {
  for (const table of tables) await warehouse.run(`DROP TABLE IF EXISTS ${ident(table)}`);
}

export function loadWarning(code: string, message: string): Diagnostic {
  return { severity: 'warning', code, message };
}
