/**
 * `loadSources`: brings the warehouse up to date with the declared sources,
 * in one transaction. Each file is hashed; a file whose content is already
 * loaded is skipped (so a run where nothing changed only hashes), a changed
 * file replaces the rows it loaded before, a new file is added, and a file the
 * source no longer names leaves (`load TABLE PATH...` only adds). Any error —
 * a missing column, an unreadable file, a file with too many rejected rows
 * (reject-limits.ts), an id repeated in accounts or contacts (unique-ids.ts),
 * rejected rows under `strict` (strict-check.ts) — rolls back the whole run.
 */
import { repeatedRowsWarnings } from './repeated-rows.js';
import { refreshFirstSeen } from './first-seen-summaries.js';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import type { Project, Sources } from '../definitions/model.js';
import { ident } from '../compiler/quote.js';
import { EXIT_FAILURE, InvalidInputError, UserError } from '../errors.js';
import type { Diagnostic } from '../errors.js';
import type { AnySource } from './column-mapping.js';
import { checkSourceSettings } from './column-mapping.js';
import { NUMBER_COLUMN_LIST, withoutNumbers } from '../compiler/actor-numbers.js';
import { locateSettings } from '../definitions/setting-locations.js';
import { ensureNumberTables, numberUnnumbered } from './actor-numbers.js';
import { refillAccounts } from './fill-accounts.js';
import { loadFile } from './load-file.js';
import type { FileReport, LoadReport, TableReport } from './load-report.js';
import type { LoadedFile } from './loaded-files.js';
import {
  ensureLoadedFiles,
  forgetLoadedFile,
  forgetTable,
  LOADED_FILES,
  loadedFiles,
  markDeclared,
  nextLoadId,
  recordLoadedFile,
  rememberFileStat,
} from './loaded-files.js';
import type { RejectedRow } from './rejects.js';
import { firstExamples } from './rejects.js';
import { checkRejectedShare } from './reject-limits.js';
import type { Warehouse } from './session.js';
import { checkStrict } from './strict-check.js';
import { checkUniqueIds } from './unique-ids.js';
import type { SourceFile } from './source-files.js';
import { formatOf, identifyFile, resolveSourcePaths, type KnownFile } from './source-files.js';
import type { SourceName, TableColumn, TableLayout } from './table-layout.js';
import {
  LAYOUTS,
  LOAD_ID_COLUMN,
  SOURCE_ORDER,
  SURVEY_QUESTIONS,
  SURVEY_QUESTIONS_COLUMNS,
  createTableSql,
  tableColumns,
} from './table-layout.js';

export interface LoadOptions {
  /** Load only this source. */
  only?: keyof Sources;
  /** Files or globs (relative to the working directory) to load instead of the source's paths; needs `only`. */
  overridePaths?: string[];
  /** Fail, changing nothing, when any row is rejected. */
  strict?: boolean;
  progress?: LoadProgress;
}

/**
 * What loading needs of a progress display: output/progress.ts's `Progress`
 * fits it structurally, so warehouse/ does not import from output/.
 */
export interface LoadProgress {
  update(text: string): void;
}

/**
 * Bump when the loader's output for the same input changes: every table is
 * then reloaded. 3: ids written NULL are missing, CSV ids written 1002.0 are
 * 1002, spaces around ids go, Parquet INT96 times are UTC, packed properties'
 * keys are in name order, key=value folders add no column. 4: empty lines
 * before a CSV's header are skipped, whole DECIMAL ids and float ids up to
 * 2^53 are integers, packed '' and NaN or infinite floats are missing (a
 * warehouse loaded before kept the old rows; found by review).
 */
const LOADER_VERSION = 4;

interface SourcePlan {
  name: SourceName;
  source: AnySource;
  files: SourceFile[];
  /** `load TABLE PATH...`: adds or replaces these files, removes none. */
  adHoc: boolean;
}

export async function loadSources(
  warehouse: Warehouse,
  project: Project,
  options: LoadOptions = {},
): Promise<LoadReport> {
  try {
    const plans = await planSources(warehouse, project, options);
    if (plans.length === 0) return { tables: [], changed: false, rejected: 0n, warnings: [] };
    const report = await loadPlans(warehouse, project, plans, options);
    // After the load's commit, in a transaction of its own: DuckDB reads rows written in the
    // same transaction more slowly (50M events: 8.3 s inside the load's, 3.4 s after it). A run
    // stopped in between leaves a file without its summary, which `compute` makes itself
    // (compiler/statuses/first-seen.ts) and the next load stores.
    await warehouse.transaction(() => refreshFirstSeen(warehouse));
    return report;
  } catch (error) {
    // A failed statement aborts the transaction before Warehouse.unordered can set this back.
    await warehouse.run('RESET preserve_insertion_order').catch(() => undefined);
    await warehouse.restoreMemoryLimit().catch(() => undefined);
    // A problem with a source's settings points at them in the config (setting-locations.ts).
    throw error instanceof UserError ? locateSettings(project, error) : error;
  }
}

async function loadPlans(
  warehouse: Warehouse,
  project: Project,
  plans: SourcePlan[],
  options: LoadOptions,
): Promise<LoadReport> {
  return warehouse.transaction(async () => {
    await ensureLoadedFiles(warehouse);
    await ensureNumberTables(warehouse);
    const warnings: Diagnostic[] = [];
    // A whole-config load (`compute`, `load`) also takes away the sources the config dropped.
    const dropped = options.only === undefined ? await removeUndeclared(warehouse, project, warnings) : [];
    const tables: TableReport[] = [...dropped];
    for (const plan of plans) {
      const table = await loadTable(warehouse, project, plan, warnings, options);
      tables.push(table);
      // A table this run did not add rows to was checked when they came (a GROUP BY over every id).
      if (table.rebuilt || table.rowsAdded > 0n) await checkUniqueIds(warehouse, plan.name, plan.source);
    }
    const changed = tables.some((t) => t.rebuilt || t.rowsAdded > 0n || t.rowsRemoved > 0n);
    if (tables.some((t) => t.source === 'contacts' && (t.rebuilt || t.files.some(fileChanged)))) {
      await refillAccounts(warehouse);
    }
    for (const table of dropped) await dropIfUnused(warehouse, LAYOUTS[table.source]);
    const rejected = tables.reduce((sum, t) => sum + t.rejected, 0n);
    const report: LoadReport = { tables, changed, rejected, warnings };
    if (options.strict) await checkStrict(warehouse, report);
    return report;
  });
}

/** Which sources to load, with their files found and hashed (before any write). */
async function planSources(
  warehouse: Warehouse,
  project: Project,
  options: LoadOptions,
): Promise<SourcePlan[]> {
  const { only, overridePaths } = options;
  if (overridePaths && overridePaths.length > 0 && only === undefined) {
    throw new Error('loadSources: overridePaths needs `only`');
  }
  const names = only === undefined ? SOURCE_ORDER.filter((n) => project.sources[n]) : [only];
  const plans: SourcePlan[] = [];
  for (const name of names) {
    const declared = project.sources[name] as AnySource | undefined;
    const adHoc = overridePaths !== undefined && overridePaths.length > 0;
    if (!declared && !adHoc) {
      throw new InvalidInputError(
        `sources.${name} is not declared in ${project.configPath}`,
        [],
        `declare it under sources:, or name the files: milestones load ${name} FILE...`,
      );
    }
    const source: AnySource = declared ?? { paths: [], format: 'csv', columns: {}, properties: {} };
    checkSourceSettings(LAYOUTS[name], source);
    const patterns = adHoc ? overridePaths : source.paths;
    const baseDir = adHoc ? process.cwd() : dirname(project.configPath);
    options.progress?.update(`${name}: finding files`);
    const paths = await resolveSourcePaths(
      warehouse,
      patterns,
      baseDir,
      `sources.${name}`,
      adHoc ? undefined : `sources.${name}.path`,
    );
    const known = await knownFiles(warehouse, LAYOUTS[name].table);
    const files: SourceFile[] = [];
    for (const path of paths) {
      options.progress?.update(`${name}: checking ${path}`);
      const identity = await identifyFile(path, known.get(path));
      files.push({ path, ...identity, format: formatOf(path, source.format) });
    }
    plans.push({ name, source, files, adHoc });
  }
  return plans;
}

/**
 * What the last loads recorded of the table's files, by path: nothing for a
 * new warehouse (planning creates nothing: a failed load leaves no trace), no
 * size or time for rows recorded before those columns existed.
 */
async function knownFiles(warehouse: Warehouse, table: string): Promise<Map<string, KnownFile>> {
  if (!(await warehouse.tableExists(LOADED_FILES))) return new Map();
  const rows = await loadedFiles(warehouse, table);
  return new Map(
    rows.map((r) => [r.path, { sha256: r.sha256, bytes: r.bytes ?? null, mtimeNs: r.mtime_ns ?? null }]),
  );
}

/** The rows this file loaded (and its record) leave the table: it is no longer in the source's paths. */
async function removeGoneFile(
  warehouse: Warehouse,
  name: SourceName,
  before: LoadedFile,
): Promise<FileReport> {
  await removeLoad(warehouse, LAYOUTS[name], before);
  return removedReport(before);
}

/** The report of a file whose rows left the table. */
function removedReport(before: LoadedFile): FileReport {
  return {
    path: before.path,
    sha256: before.sha256,
    status: 'removed',
    rows: 0n,
    removed: before.rows,
    rejected: 0n,
  };
}

function goneWarning(name: SourceName, before: LoadedFile): Diagnostic {
  return {
    severity: 'warning',
    code: 'file-removed',
    message: `${before.path} is no longer in sources.${name}: its ${before.rows} row${before.rows === 1n ? '' : 's'} were removed`,
  };
}

/**
 * `load TABLE PATH` when the table must be rebuilt (its source's mapping,
 * columns or the loader changed): the rebuild would load this file alone and drop the
 * declared files' rows, which only a plain `load` reads again (a partial
 * table until the next compute; found by review). Refused; the transaction
 * rolls back, so nothing changes.
 */
function adHocRebuildError(name: SourceName): UserError {
  return new UserError(
    `the ${name} table must be rebuilt from its declared files first (sources.${name} or the loader changed since it was loaded)`,
    EXIT_FAILURE,
    `run milestones load, then load this file again: milestones load ${name} PATH`,
  );
}

/**
 * A file loaded with `load TABLE PATH` that a rebuilt table (its columns or
 * mapping changed) no longer holds: the declared files load again, this one
 * cannot (its rows had left with no word and `rows_removed 0`; found by
 * review). Counted as removed, and said.
 */
function droppedAdHocFile(name: SourceName, before: LoadedFile): { report: FileReport; warning: Diagnostic } {
  const rows = `${before.rows} row${before.rows === 1n ? '' : 's'}`;
  return {
    report: removedReport(before),
    warning: {
      severity: 'warning',
      code: 'file-removed',
      message: `${before.path} was loaded with \`load ${name} PATH\`: sources.${name} changed, so the table was rebuilt without its ${rows}`,
      hint: `load it again: milestones load ${name} ${before.path}`,
    },
  };
}

function fileChanged(file: FileReport): boolean {
  return file.rows > 0n || file.removed > 0n;
}

async function loadTable(
  warehouse: Warehouse,
  project: Project,
  plan: SourcePlan,
  warnings: Diagnostic[],
  options: LoadOptions,
): Promise<TableReport> {
  const { progress, strict = false } = options;
  const layout = LAYOUTS[plan.name];
  const fingerprint = mappingFingerprint(plan, project.timezone);
  const { rebuilt, loaded, forgotten } = await prepareTable(warehouse, layout, plan.source, fingerprint);
  if (plan.adHoc && forgotten.some((f) => !f.ad_hoc)) throw adHocRebuildError(plan.name);
  const byPath = new Map(loaded.map((f) => [f.path, f]));
  const shas = new Set(loaded.map((f) => f.sha256));
  const contacts = await warehouse.tableExists('contacts');
  const reports = new Map<string, FileReport>();
  const rejects: RejectedRow[][] = [];
  const loadIds: bigint[] = [];
  let done = 0;

  const load = async (file: SourceFile, status: FileReport['status'], removed: bigint) => {
    progress?.update(`${plan.name}: loading ${file.path} (${++done}/${plan.files.length})`);
    const loadId = await nextLoadId(warehouse);
    loadIds.push(loadId);
    const base = { layout, source: plan.source, file, loadId, timezone: project.timezone, contacts };
    const started = Date.now();
    const result = await loadFile(warehouse, base);
    // Rows and rows/s of the file just loaded: on long files the spinner shows the pace.
    const perSecond = Math.round(Number(result.rows) / Math.max(0.001, (Date.now() - started) / 1000));
    progress?.update(
      `${plan.name}: ${file.path}: ${result.rows} rows (${perSecond.toLocaleString('en-US')} rows/s)`,
    );
    const outcome = { path: file.path, rows: result.rows, rejected: result.rejects.count };
    checkRejectedShare(
      plan.name,
      { ...outcome, examples: result.rejects.examples },
      plan.source.maxRejectedShare,
    );
    await recordLoadedFile(warehouse, {
      table_name: layout.table,
      path: file.path,
      sha256: file.sha256,
      rows: result.rows,
      rejected: result.rejects.count,
      load_id: loadId,
      mapping: fingerprint,
      ad_hoc: plan.adHoc,
      bytes: BigInt(file.bytes),
      mtime_ns: file.mtimeNs,
    });
    shas.add(file.sha256);
    warnings.push(...result.warnings);
    rejects.push(result.rejects.examples);
    const fileStatus = file.bytes === 0 ? 'empty' : status;
    const report = { path: file.path, sha256: file.sha256, status: fileStatus, removed };
    reports.set(file.path, { ...report, rows: result.rows, rejected: result.rejects.count });
  };
  const skip = (file: SourceFile, status: FileReport['status'], removed = 0n) =>
    reports.set(file.path, { path: file.path, sha256: file.sha256, status, rows: 0n, removed, rejected: 0n });

  // Files the source no longer names leave first (a moved path replaces the source's rows), then
  // changed files: their old content leaves, so a file now holding it elsewhere is not a duplicate.
  const named = new Set(plan.files.map((f) => f.path));
  const gone = plan.adHoc ? [] : loaded.filter((f) => !f.ad_hoc && !named.has(f.path));
  const removed: FileReport[] = [];
  for (const before of forgotten.filter((f) => f.ad_hoc && !named.has(f.path))) {
    const dropped = droppedAdHocFile(plan.name, before);
    removed.push(dropped.report);
    warnings.push(dropped.warning);
  }
  for (const before of gone) {
    removed.push(await removeGoneFile(warehouse, plan.name, before));
    shas.delete(before.sha256);
    warnings.push(goneWarning(plan.name, before));
  }
  // --strict judges what the table holds: a file that had rejects loads again, to show them.
  const reload = (before: LoadedFile, file: SourceFile) =>
    before.sha256 !== file.sha256 || (strict && before.rejected > 0n);
  for (const file of plan.files) {
    const before = byPath.get(file.path);
    if (!before || !reload(before, file)) continue;
    await removeLoad(warehouse, layout, before);
    shas.delete(before.sha256);
    if (shas.has(file.sha256)) skip(file, 'duplicate', before.rows);
    else await load(file, 'replaced', before.rows);
  }
  for (const file of plan.files) {
    const before = byPath.get(file.path);
    if (before) {
      if (reload(before, file)) continue;
      skip(file, 'unchanged');
      if (before.bytes !== BigInt(file.bytes) || before.mtime_ns !== file.mtimeNs)
        await rememberFileStat(warehouse, layout.table, before.load_id, {
          bytes: BigInt(file.bytes),
          mtimeNs: file.mtimeNs,
        });
      if (before.ad_hoc && !plan.adHoc) await markDeclared(warehouse, layout.table, before.load_id);
    } else if (shas.has(file.sha256)) skip(file, 'duplicate');
    else await load(file, 'loaded', 0n);
  }

  if (layout.source === 'events')
    warnings.push(...(await repeatedRowsWarnings(warehouse, layout.table, loadIds)));
  const current = plan.files.map((f) => reports.get(f.path)).filter((r): r is FileReport => r !== undefined);
  const files = [...removed, ...current];
  return {
    source: plan.name,
    table: layout.table,
    files,
    rowsAdded: files.reduce((sum, f) => sum + f.rows, 0n),
    rowsRemoved: files.reduce((sum, f) => sum + f.removed, 0n),
    rejected: files.reduce((sum, f) => sum + f.rejected, 0n),
    rejects: firstExamples(...rejects),
    rebuilt,
  };
}

/**
 * A source the config no longer declares (its `contacts:` section deleted)
 * loses the rows of the files it named, as a file its path no longer names
 * does; files loaded by `load TABLE PATH...` stay. Before, the table stayed
 * as it was, and every compute (even `--full`) kept reading the old
 * contacts, accounts or survey responses (found by a review). Events are
 * always declared.
 */
async function removeUndeclared(
  warehouse: Warehouse,
  project: Project,
  warnings: Diagnostic[],
): Promise<TableReport[]> {
  const reports: TableReport[] = [];
  for (const name of SOURCE_ORDER) {
    if (name === 'events' || project.sources[name]) continue;
    const layout = LAYOUTS[name];
    const gone = (await loadedFiles(warehouse, layout.table)).filter((f) => !f.ad_hoc);
    if (gone.length === 0) continue;
    const files: FileReport[] = [];
    for (const before of gone) files.push(await removeGoneFile(warehouse, name, before));
    const rows = files.reduce((sum, f) => sum + f.removed, 0n);
    warnings.push({
      severity: 'warning',
      code: 'source-removed',
      message: `sources.${name} is no longer declared: the ${rows} row${rows === 1n ? '' : 's'} its files loaded into ${layout.table} were removed`,
      hint: `to keep them without declaring the source, load the files by hand: milestones load ${name} FILE...`,
    });
    const none: RejectedRow[] = [];
    reports.push({
      source: name,
      table: layout.table,
      files,
      rowsAdded: 0n,
      rowsRemoved: rows,
      rejected: 0n,
      rejects: none,
      rebuilt: false,
    });
  }
  return reports;
}

/**
 * A table left without any loaded file goes (after contacts' removal has
 * cleared the accounts events took from them: fill-accounts.ts), so that the
 * warehouse reads as one where the source was never declared.
 */
async function dropIfUnused(warehouse: Warehouse, layout: TableLayout): Promise<void> {
  if ((await loadedFiles(warehouse, layout.table)).length > 0) return;
  await warehouse.run(`DROP TABLE IF EXISTS ${ident(layout.table)}`);
  if (layout.source === 'surveys') await warehouse.run(`DROP TABLE IF EXISTS ${ident(SURVEY_QUESTIONS)}`);
  await forgetTable(warehouse, layout.table);
}

/** Deletes the rows an earlier version of a file loaded, and its record. */
async function removeLoad(warehouse: Warehouse, layout: TableLayout, before: LoadedFile): Promise<void> {
  const where = `WHERE ${ident(LOAD_ID_COLUMN)} = ${before.load_id}`;
  await warehouse.run(`DELETE FROM ${ident(layout.table)} ${where}`);
  if (layout.source === 'surveys') await warehouse.run(`DELETE FROM ${ident(SURVEY_QUESTIONS)} ${where}`);
  await forgetLoadedFile(warehouse, layout.table, before.load_id);
}

/**
 * Creates the table, or empties it when the mapping it was loaded with (or
 * its columns) differ from the current ones: its files then all load again.
 */
async function prepareTable(
  warehouse: Warehouse,
  layout: TableLayout,
  source: AnySource,
  fingerprint: string,
): Promise<{ rebuilt: boolean; loaded: LoadedFile[]; forgotten: LoadedFile[] }> {
  const columns = tableColumns(layout, source.properties);
  let loaded = await loadedFiles(warehouse, layout.table);
  let forgotten: LoadedFile[] = [];
  let rebuilt = false;
  if (await warehouse.tableExists(layout.table)) {
    const stale = loaded.some((f) => f.mapping !== fingerprint);
    const actual = await warehouse.columns(layout.table);
    if (!stale && layout.numbersActors && sameColumns(actual, withoutNumbers({ events: columns }).events)) {
      await addNumbers(warehouse, layout.table);
    } else if (stale || !sameColumns(actual, columns)) {
      await warehouse.run(`DROP TABLE ${ident(layout.table)}`);
      if (layout.source === 'surveys' && (await warehouse.tableExists(SURVEY_QUESTIONS))) {
        await warehouse.run(`DELETE FROM ${ident(SURVEY_QUESTIONS)}`);
      }
      rebuilt = true;
    }
  }
  if (rebuilt || !(await warehouse.tableExists(layout.table))) {
    if (loaded.length > 0) await forgetTable(warehouse, layout.table);
    forgotten = loaded;
    loaded = [];
    await warehouse.run(createTableSql(layout.table, columns));
  }
  if (layout.source === 'surveys' && !(await warehouse.tableExists(SURVEY_QUESTIONS))) {
    await warehouse.run(createTableSql(SURVEY_QUESTIONS, SURVEY_QUESTIONS_COLUMNS));
  }
  return { rebuilt, loaded, forgotten };
}

/**
 * An events table loaded before actor numbers existed gets their columns and
 * every row its numbers, in place (one UPDATE of every row, once): dropping it
 * to load its files again would lose the files added by `load events FILE`.
 */
async function addNumbers(warehouse: Warehouse, table: string): Promise<void> {
  for (const column of NUMBER_COLUMN_LIST)
    await warehouse.run(`ALTER TABLE ${ident(table)} ADD COLUMN ${ident(column.name)} ${column.type}`);
  await numberUnnumbered(warehouse, table);
}

function sameColumns(actual: { name: string; type: string }[], expected: TableColumn[]): boolean {
  return (
    actual.length === expected.length &&
    actual.every((a, i) => {
      const e = expected[i];
      return e !== undefined && a.name.toLowerCase() === e.name.toLowerCase() && a.type === e.type;
    })
  );
}

/** A hash of everything that decides how a file's rows come out: a change reloads the table. */
function mappingFingerprint(plan: SourcePlan, timezone: string): string {
  const s = plan.source;
  const settings = {
    loader: LOADER_VERSION,
    source: plan.name,
    format: s.format,
    columns: Object.entries(s.columns).sort(([a], [b]) => a.localeCompare(b)),
    properties: Object.entries(s.properties),
    propertiesJson: s.propertiesJson ?? null,
    delimiter: s.delimiter ?? null,
    quote: s.quote ?? null,
    escape: s.escape ?? null,
    timestampFormat: s.timestampFormat ?? null,
    respondent: s.respondent ?? null,
    timezone,
    // Only when set (so that warehouses loaded before it existed are not rebuilt): a changed share re-judges the files.
    ...(s.maxRejectedShare !== undefined ? { maxRejectedShare: s.maxRejectedShare } : {}),
  };
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex');
}
