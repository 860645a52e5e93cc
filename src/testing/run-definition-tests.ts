/**
 * Runs one definitions test (`milestones test`) in a fresh in-memory
 * warehouse: no file is written anywhere. The test's rows are inserted into
 * the canonical tables as the loaders would build them from the config's
 * sources (declared properties in typed columns, every other key in the
 * `properties` JSON, naive times read in the config's zone, contact-only
 * events given their contact's account, a survey response's respondent_id
 * read as `sources.surveys.respondent` says), every value a bound parameter.
 * Then the same plan as `milestones compute` runs (statuses, journeys,
 * conversions, CX, travelers), and the result rows are read back for
 * comparison (testing/compare.ts).
 *
 *   events: [{ts: 2026-01-02 10:00, account_id: acme, event: app_installed, channel: web}]
 *   -> CREATE TABLE "events" ("ts" TIMESTAMP, ..., "plan" VARCHAR, "properties" JSON, ...)
 *      INSERT INTO "events" ("ts", "account_id", "event", "properties", ...)
 *        VALUES (make_timestamp(epoch_us(CAST(? AS TIMESTAMPTZ))), CAST(? AS VARCHAR), ..., CAST(? AS JSON), ...)
 *      ... computeAll(...) ... SELECT ... FROM "milestone_status"
 */
import { ident } from '../compiler/quote.js';
import type { ColumnType, Project } from '../definitions/model.js';
import { InvalidInputError, type Diagnostic } from '../errors.js';
import type { DataRow, DefinitionTest } from './test-file.js';
import { INSTANT_FIELDS, type TestRun } from './compare.js';
import { refillAccounts } from '../warehouse/fill-accounts.js';
import { numberUnnumbered } from '../warehouse/actor-numbers.js';
import { computeAll } from '../compute/run-compute.js';
import { readTables } from '../warehouse/run-plan.js';
import { Warehouse, type Param } from '../warehouse/session.js';
import {
  ACCOUNT_FILL_COLUMN,
  LAYOUTS,
  LOAD_ID_COLUMN,
  PROPERTIES_COLUMN,
  createTableSql,
  tableColumns,
  type SourceName,
} from '../warehouse/table-layout.js';

type TableSource = Extract<SourceName, 'accounts' | 'contacts' | 'events' | 'surveys'>;

/** Dimensions first, so that contact-only events and responses can take their account (as the loaders do). */
const ORDER: TableSource[] = ['accounts', 'contacts', 'events', 'surveys'];

/** A row's values as stored, and whether its account comes from its contact (`_account_from_contact`). */
interface Stored {
  values: Record<string, unknown>;
  fromContact: boolean;
}

/**
 * A survey response as the loader stores it: respondent_id is the contact
 * (`respondent: contact`, the default) or the account; account_id and
 * contact_id the row gives itself win (test-file-checks.ts rejects a
 * respondent_id that disagrees). Without an account, it comes from contacts.
 *
 *   {respondent_id: u1} (respondent: contact) -> {respondent_id: u1, contact_id: u1}, account from contacts
 *   {account_id: acme}  (respondent: contact) -> {respondent_id: acme, account_id: acme}
 */
function surveyRow(values: Record<string, unknown>, respondent: 'contact' | 'account'): Stored {
  const out = { ...values };
  const column = respondent === 'contact' ? 'contact_id' : 'account_id';
  if (out[column] === undefined && out.respondent_id !== undefined) out[column] = out.respondent_id;
  if (out.respondent_id === undefined) out.respondent_id = out[column] ?? out.contact_id ?? out.account_id;
  return { values: out, fromContact: out.account_id === undefined };
}

function stored(source: TableSource, project: Project, row: DataRow): Stored {
  if (source === 'surveys') return surveyRow(row.values, project.sources.surveys?.respondent ?? 'contact');
  return { values: row.values, fromContact: row.values.account_id === undefined };
}

/** A typed column's value: times are read in the session zone (the config's) and stored as naive UTC. */
function valueSql(type: string): string {
  if (type === 'TIMESTAMP') return 'make_timestamp(epoch_us(CAST(? AS TIMESTAMPTZ)))';
  return `CAST(? AS ${type})`;
}

/**
 * An instant as DuckDB's TIMESTAMPTZ cast reads it: the test file allows
 * `2026-01-05T09:00Z` and `09:00+05:30`, which DuckDB refuses without
 * seconds (an internal error; found by review).
 */
function withSeconds(text: string): string {
  return text.replace(/^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2})(Z|[+-]\d{2}(?::?\d{2})?)$/i, '$1:00$2');
}

/** A YAML value as the text a CSV cell would hold (DuckDB casts it to the column's type). */
function cellParam(value: unknown, type: string): Param {
  if (value === null || value === undefined) return null;
  if (type === 'JSON' || typeof value === 'object') return JSON.stringify(value);
  return type === 'TIMESTAMP' ? withSeconds(String(value)) : String(value);
}

/** The INSERT of one row: canonical and typed columns it gives, the rest as JSON, the loader's bookkeeping. */
function insertSql(source: TableSource, properties: Record<string, ColumnType>, row: Stored) {
  const layout = LAYOUTS[source];
  const columns: string[] = [];
  const values: string[] = [];
  const params: Param[] = [];
  const rest: Record<string, unknown> = {};
  const typed = new Map<string, string>([
    ...layout.canonical.map((c): [string, string] => [c.name, c.type]),
    ...Object.entries(properties),
  ]);
  for (const [key, value] of Object.entries(row.values)) {
    const type = typed.get(key);
    if (type === undefined) {
      // Like the loader: NULLs are left out of the JSON.
      if (value !== null) rest[key] = value;
      continue;
    }
    columns.push(ident(key));
    values.push(valueSql(type));
    params.push(cellParam(value, type));
  }
  columns.push(ident(PROPERTIES_COLUMN), ident(LOAD_ID_COLUMN));
  values.push('CAST(? AS JSON)', '1');
  params.push(JSON.stringify(rest));
  if (layout.fillsAccount) {
    columns.push(ident(ACCOUNT_FILL_COLUMN));
    values.push(row.fromContact ? 'TRUE' : 'FALSE');
  }
  const sql = `INSERT INTO ${ident(layout.table)} (${columns.join(', ')}) VALUES (${values.join(', ')})`;
  return { sql, params };
}

function badRow(source: TableSource, row: DataRow, cause: unknown): InvalidInputError {
  const reason = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0];
  const diagnostic: Diagnostic = {
    severity: 'error',
    code: 'bad-row',
    message: `this ${source} row cannot be stored: ${reason}`,
    hint: `values of the config's typed columns (sources.${source}.properties) must read as their type`,
    location: row.location,
  };
  return new InvalidInputError(`a ${source} row of the test cannot be stored`, [diagnostic]);
}

/**
 * One row per id in accounts and contacts, as `load` requires (unique-ids.ts):
 * a test with `acme` twice ran and passed on data `compute` never sees
 * (found by review).
 */
function checkUniqueRows(source: TableSource, rows: DataRow[]): void {
  const key = source === 'accounts' ? 'account_id' : source === 'contacts' ? 'contact_id' : undefined;
  if (key === undefined) return;
  const seen = new Map<string, DataRow>();
  for (const row of rows) {
    const id = row.values[key];
    if (id === null || id === undefined) continue;
    const first = seen.get(String(id));
    if (first === undefined) {
      seen.set(String(id), row);
      continue;
    }
    throw new InvalidInputError(`the test's ${source} name ${key} "${String(id)}" twice`, [
      {
        severity: 'error',
        code: 'duplicate-id',
        message: `${key} "${String(id)}" is also at line ${first.location.line}: \`load\` refuses such data`,
        hint: `keep one row per ${key}`,
        location: row.location,
      },
    ]);
  }
}

/** Creates the tables the config declares (and any the test fills) and inserts the rows. */
async function insertData(warehouse: Warehouse, project: Project, test: DefinitionTest): Promise<void> {
  for (const source of ORDER) {
    const rows = test[source];
    checkUniqueRows(source, rows);
    const declared = project.sources[source];
    if (source !== 'events' && !declared && rows.length === 0) continue;
    const properties = declared?.properties ?? {};
    await warehouse.run(createTableSql(LAYOUTS[source].table, tableColumns(LAYOUTS[source], properties)));
    for (const row of rows) {
      const { sql, params } = insertSql(source, properties, stored(source, project, row));
      await warehouse.run(sql, params).catch((cause: unknown) => {
        throw badRow(source, row, cause);
      });
    }
  }
  await refillAccounts(warehouse);
  // The loader numbers the actors of each file it inserts; these rows came one by one.
  await numberUnnumbered(warehouse);
}

/** Expected instants (naive in the config's zone, or with an offset) as UTC epoch microseconds. */
async function readInstants(warehouse: Warehouse, test: DefinitionTest): Promise<Map<string, bigint>> {
  const texts = new Set<string>();
  for (const e of [...test.statuses, ...test.journeys]) {
    for (const c of e.checks)
      if (INSTANT_FIELDS.has(c.field) && typeof c.expected === 'string') texts.add(c.expected);
  }
  const out = new Map<string, bigint>();
  for (const text of texts) {
    const row = await warehouse.one<{ us: bigint }>('SELECT epoch_us(CAST(? AS TIMESTAMPTZ)) AS "us"', [
      withSeconds(text),
    ]);
    out.set(text, row!.us);
  }
  return out;
}

const us = (column: string) => `epoch_us(${ident(column)}) AS ${ident(column)}`;

async function readResults(warehouse: Warehouse, project: Project): Promise<Omit<TestRun, 'instants'>> {
  const asOf = await warehouse.one<{ t: bigint }>(`SELECT epoch_us(getvariable('ms_as_of')) AS "t"`);
  const statuses = await warehouse.all<TestRun['statuses'][number]>(
    `SELECT "milestone_id", "level", "actor_id", "status", ${us('completed_at')}, "progress", ` +
      `${us('evaluation_start')}, ${us('deadline')}, "deadline_missed", "on_time" FROM "milestone_status"`,
  );
  const journeys = await warehouse.all<TestRun['journeys'][number]>(
    `SELECT "journey_id", "account_id", "stage_index", "stage", ${us('reached_at')} FROM "milestone_journey"`,
  );
  const steps =
    project.conversions.length === 0
      ? []
      : await warehouse.all<TestRun['steps'][number]>(
          `SELECT "conversion_id", "breakdown", "value", "step", "reached", "in_progress", "step_rate", ` +
            `"overall_rate", "seconds_mean", "seconds_median", "seconds_p90", "from_previous_seconds_mean", ` +
            `"from_previous_seconds_median", "from_previous_seconds_p90" FROM "conversion_steps"`,
        );
  const cx = await warehouse.all<TestRun['cx'][number]>(
    `SELECT "cx_id", "milestone_id", "responses", "rejected", "mean", "top_two_box", "promoters", "passives", ` +
      `"detractors", "nps", "positive", "neutral", "negative" FROM "cx_metrics"`,
  );
  const travelers = await warehouse.all<TestRun['travelers'][number]>(
    `SELECT "journey_id", "milestone_id", "entered", "exited", "exited_recent", "seconds_mean", ` +
      `"seconds_median", "actions" FROM "journey_travelers"`,
  );
  return { asOf: asOf!.t, statuses, journeys, steps, cx, travelers };
}

/** Runs one test's data through the definitions; the rows compare.ts checks. */
export async function runDefinitionTest(project: Project, test: DefinitionTest): Promise<TestRun> {
  const settings = project.warehouseSettings;
  const warehouse = await Warehouse.open(':memory:', settings ? { settings } : {});
  try {
    const instants = await warehouse.withTimeZone(project.timezone, async () => {
      await insertData(warehouse, project, test);
      return readInstants(warehouse, test);
    });
    await computeAll(warehouse, project, {
      ...(test.asOf !== undefined ? { asOf: test.asOf } : {}),
      tables: await readTables(warehouse),
    });
    return { ...(await readResults(warehouse, project)), instants };
  } finally {
    warehouse.close();
  }
}

/** Files matching the patterns (DuckDB's glob, as for sources), sorted; a pattern matching nothing is kept as is. */
export async function expandGlobs(patterns: string[]): Promise<string[]> {
  if (!patterns.some((p) => /[*?[\]{}]/.test(p))) return patterns;
  const warehouse = await Warehouse.open(':memory:');
  try {
    const out: string[] = [];
    for (const pattern of patterns) {
      const rows = await warehouse.all<{ file: string }>('SELECT "file" FROM glob(?) ORDER BY "file"', [
        pattern,
      ]);
      out.push(...(rows.length > 0 ? rows.map((r) => r.file) : [pattern]));
    }
    return [...new Set(out)];
  } finally {
    warehouse.close();
  }
}
