/**
 * One file's rows into its canonical table, in one INSERT ... SELECT over the
 * reader. For `columns: {ts: occurred_at, account_id: account, event: name}`,
 * `properties: {amount: DOUBLE}` and a file with one more column, `browser`:
 *
 *   INSERT INTO "events" ("ts", "account_id", "contact_id", "event", "amount", "properties", "_load_id", ...)
 *   SELECT ... FROM (
 *     SELECT *, CASE WHEN "__r0" IS NOT NULL AND "__v0" IS NULL THEN json_object('code', 'timestamp', ...)
 *                    WHEN "__v3" IS NULL THEN json_object('code', 'missing', ...) END AS "__reject",
 *            json_merge_patch('{}', "__pk") AS "__props"
 *     FROM (SELECT CASE WHEN isfinite(TRY_CAST("occurred_at" AS TIMESTAMPTZ)) THEN ... END AS "__v0",
 *                  "occurred_at" AS "__r0", "account" AS "__v1", ..., json_object('browser', "browser") AS "__pk"
 *           FROM read_csv(...))
 *   ) AS "s" LEFT JOIN (contacts' account per contact) AS "c"
 *     ON "c"."contact_id" = CASE WHEN "s"."__v1" IS NULL THEN "s"."__v2" END
 *
 * Timestamps: the session TimeZone is the source's zone while this runs (see
 * load-file.ts), so casting to TIMESTAMPTZ reads a naive value in that zone and
 * an ISO value with an offset exactly; its epoch is stored as naive UTC.
 *
 * With a clock check (clock-changes.ts), each timestamp's UTC day is also
 * joined to the zone's clock-change days, and a row whose naive timestamp is
 * skipped or repeated there is inserted under a marker `_load_id`.
 *
 * A row that fails a check (unreadable timestamp or value, missing required
 * column, a properties_json that is not an object) is still inserted, but
 * with `_load_id = -loadId` and the reason as its `properties`, so that one
 * pass over the file both loads and finds them; load-file.ts counts, samples
 * and deletes them in the same transaction. Rows DuckDB's reader rejects
 * (malformed lines, type errors) never arrive: they are in its rejects table.
 */
import type { ColumnType } from '../definitions/model.js';
import { NUMBER_COLUMNS, NUMBER_TABLES, numberOrNone } from '../compiler/actor-numbers.js';
import { ident, str } from '../compiler/quote.js';
import type { ResolvedMapping } from './column-mapping.js';
import type { ClockCheck, ClockColumn } from './clock-changes.js';
import {
  clockFlagSql,
  clockJoins,
  clockMarkId,
  clockReasonSql,
  nearClockChangeSql,
} from './clock-changes.js';
import { CONTACT_ACCOUNTS } from './fill-accounts.js';
import { placeColumnsSql, recordColumnSql } from './row-places.js';
import type { FileShape } from './file-shape.js';
import type { TableLayout } from './table-layout.js';
import { ACCOUNT_FILL_COLUMN, LOAD_ID_COLUMN, PROPERTIES_COLUMN } from './table-layout.js';

export interface InsertPlan {
  layout: TableLayout;
  mapping: ResolvedMapping;
  shape: FileShape;
  /** The reader call (csvReadSql or parquetReadSql). */
  read: string;
  loadId: bigint;
  timestampFormat?: string;
  respondent: 'contact' | 'account';
  /** Whether a contacts table exists to take account ids from. */
  contacts: boolean;
  /** survey_id when the file has none: the file name without extension. */
  surveyId: string;
  /** The file's path as loaded: a source that keeps places stores it with each row (row-places.ts). */
  filePath: string;
  /** Flag naive timestamps in a clock change of the zone (clock-changes.ts). */
  clock?: ClockCheck;
}

/** Reason codes stored with a quarantined row. */
export type RejectCode = 'timestamp' | 'value' | 'missing' | 'json';

/** Types for read_csv's `columns`: declared properties keep their type; timestamps arrive as text. */
export function csvColumnTypes(
  layout: TableLayout,
  mapping: ResolvedMapping,
  shape: FileShape,
): [string, string][] {
  const declared = new Map<string, ColumnType>(mapping.properties.map((p) => [p.name, p.type]));
  const canonicalTypes = new Map<string, string>();
  for (const column of layout.read) {
    const source = mapping.canonical.get(column.name);
    if (source !== undefined && column.type === 'DOUBLE') canonicalTypes.set(source, 'DOUBLE');
  }
  return shape.columns.map((name): [string, string] => {
    if (name === mapping.propertiesJson) return [name, 'JSON'];
    const type = declared.get(name) ?? canonicalTypes.get(name) ?? 'VARCHAR';
    // Times and whole numbers are read as text and converted by convert(): the CSV reader's
    // own INTEGER rounded "4.5" to 5 and read "0x5".
    return [name, type === 'TIMESTAMP' || type === 'INTEGER' || type === 'BIGINT' ? 'VARCHAR' : type];
  });
}

interface Converted {
  /** Expression over the reader's columns. */
  value: string;
  /** When set, a check: rows where `raw IS NOT NULL AND value IS NULL` are rejected with this code. */
  raw?: string;
  code?: RejectCode;
  label?: string;
}

const FLOATS = new Set(['DOUBLE', 'FLOAT', 'REAL']);
const INTEGERS = new Set([
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'HUGEINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
]);
const isDecimal = (type: string) => type.startsWith('DECIMAL');

/** 2^53: every whole double up to it is exactly one integer. */
const EXACT_DOUBLE = '9007199254740992';

/**
 * A number as a whole-number target: text must be an integer as written
 * (DuckDB's cast rounded "4.5" to 5 and read "0x5"), a float or decimal must
 * have no fraction; anything else fails the conversion (a rejected row).
 */
function wholeNumber(src: string, readType: string, target: string): string {
  if (readType === 'VARCHAR')
    return `CASE WHEN regexp_full_match(trim(${src}), '[+-]?[0-9]+') THEN TRY_CAST(trim(${src}) AS ${target}) END`;
  if (FLOATS.has(readType) || isDecimal(readType))
    return `CASE WHEN ${src} = trunc(${src}) THEN TRY_CAST(${src} AS ${target}) END`;
  return `TRY_CAST(${src} AS ${target})`;
}

/**
 * A file column as a value of the target type, with a check when the
 * conversion can fail. Found by a review of loading real exports:
 * - an empty text is a missing value, as DuckDB's CSV reader reads it (a
 *   Parquet file written from text columns kept "": an account named "");
 * - a DOUBLE is a finite number: "NaN" and "inf" are rejected rows (NaN
 *   passed `gte: 1000`, and sums dropped it);
 * - whole numbers are not rounded (wholeNumber);
 * - a float or decimal that is a whole number reads as text without ".0"
 *   (pandas writes integer ids with nulls as float64: 1002.0 matched no
 *   account 1002; an untyped Oracle NUMBER comes as DECIMAL(38,10):
 *   "1002.0000000000"); every double up to 2^53 is exact, so a 16-digit id
 *   is read whole too (the bound had been 1e15; both found by review).
 */
function convert(
  column: string,
  readType: string,
  target: string,
  timestampFormat?: string,
  isId = false,
): Converted {
  if (readType === 'BLOB') return fromBytes(column, target, timestampFormat, isId);
  return convertFrom(ident(column), readType, target, timestampFormat, isId);
}

/**
 * A Parquet byte column read as UTF-8 text, then converted as text is. Older,
 * Go and Impala writers store text without the UTF-8 tag; DuckDB reads it as
 * BLOB, and a cast to text escapes every non-ASCII byte (`Zürich AG` became
 * `Z\xC3\xBCrich AG`, an account apart from the accounts file's; found by
 * review). Bytes that are not UTF-8 reject their row, shown escaped.
 */
function fromBytes(
  column: string,
  target: string,
  timestampFormat: string | undefined,
  isId: boolean,
): Converted {
  const decoded = `try(decode(${ident(column)}))`;
  const c = convertFrom(decoded, 'VARCHAR', target, timestampFormat, isId);
  return {
    value: c.value,
    raw: `CASE WHEN ${decoded} IS NULL THEN CAST(${ident(column)} AS VARCHAR) ELSE ${c.raw ?? 'NULL'} END`,
    code: c.code ?? 'value',
    label: c.label ?? 'UTF-8 text',
  };
}

/** convert() of an expression (a column, or a column's decoded text). */
function convertFrom(
  column: string,
  readType: string,
  target: string,
  timestampFormat?: string,
  isId = false,
): Converted {
  const src = readType !== 'VARCHAR' ? column : isId ? idText(column) : `nullif(${column}, '')`;
  if (FLOATS.has(target)) {
    const value = readType === target ? src : `TRY_CAST(${src} AS ${target})`;
    return {
      value: `CASE WHEN isfinite(${value}) THEN ${value} END`,
      raw: src,
      code: 'value',
      label: `a finite ${target}`,
    };
  }
  if (INTEGERS.has(target) && readType !== target)
    return { value: wholeNumber(src, readType, target), raw: src, code: 'value', label: `a whole ${target}` };
  if (target === 'VARCHAR' && FLOATS.has(readType))
    return {
      // NaN and infinities are missing, as in a DOUBLE column: as text they were ids "nan" and "inf",
      // one account for every row that had none (found by review).
      value:
        `CASE WHEN NOT isfinite(${src}) THEN NULL ` +
        `WHEN ${src} = trunc(${src}) AND abs(${src}) <= ${EXACT_DOUBLE} ` +
        `THEN CAST(CAST(${src} AS BIGINT) AS VARCHAR) ELSE CAST(${src} AS VARCHAR) END`,
    };
  if (target === 'VARCHAR' && isDecimal(readType))
    return {
      value: `CASE WHEN ${src} = trunc(${src}) THEN CAST(CAST(${src} AS HUGEINT) AS VARCHAR) ELSE CAST(${src} AS VARCHAR) END`,
    };
  if (target === 'TIMESTAMP') {
    const parsed =
      timestampFormat !== undefined && readType === 'VARCHAR'
        ? `CAST(try_strptime(${src}, ${str(timestampFormat)}) AS TIMESTAMPTZ)`
        : readType === 'VARCHAR'
          ? textInstant(src)
          : `TRY_CAST(${src} AS TIMESTAMPTZ)`;
    return { value: utcTimestamp(parsed), raw: src, code: 'timestamp', label: 'a timestamp' };
  }
  if (readType === target) return { value: src };
  if (target === 'VARCHAR') return { value: `CAST(${src} AS VARCHAR)` };
  return { value: `TRY_CAST(${src} AS ${target})`, raw: src, code: 'value', label: target };
}

/**
 * The id columns: what SQL exports write for a missing value (SQL Server and
 * MySQL `NULL`, pandas `null`, MySQL and Postgres text `\N`) names no account
 * or contact, as dbt's seeds and pandas read it. Read as an id, `NULL` became
 * an account of its own that took the events of contacts whose account the
 * contacts table knows (found by a review of loading real exports).
 */
const NULL_ID_TEXTS = ['NULL', 'null', 'Null', '\\N'] as const;

function idText(column: string): string {
  // Spaces around an id are a spreadsheet's, not the id's: `"a1 "` was an account apart from `a1`.
  const c = `trim(${column})`;
  // pandas writes an integer id column that has blanks as floats: `1002.0` in a CSV is `1002`,
  // as a Parquet float id is (convert); it split account 1002 in two (found by a review).
  const wholeFloat = `suffix(${c}, '0') AND contains(${c}, '.') AND regexp_full_match(${c}, '-?[0-9]+[.]0+')`;
  return (
    `CASE WHEN ${c} IN (${NULL_ID_TEXTS.map(str).join(', ')}) THEN NULL ` +
    `WHEN ${wholeFloat} THEN split_part(${c}, '.', 1) ELSE nullif(${c}, '') END`
  );
}

/** Canonical columns that hold ids (idText). */
const ID_COLUMNS = new Set(['account_id', 'contact_id', 'respondent_id', 'response_id']);

/**
 * A text time as TIMESTAMPTZ. A trailing ` UTC` (BigQuery's exports) is
 * `+00:00`; any other zone name is not read, so the row is rejected with its
 * line: DuckDB 1.5's cast keeps the last named zone it met for the following
 * rows of a batch, so one `… Europe/Paris` made the naive times after it
 * Paris times, silently (found by a review). A zone name is any letter but
 * the `T` between date and time and a `Z` (`… UTC+01:00`, `… Etc/GMT-5` and
 * `… Europe/Paris ` with a trailing space passed a test of the last
 * character only, found by a later review). Offsets (`+02:00`) and `Z` are
 * read as they are.
 */
export function textInstant(src: string): string {
  const text = `trim(${src})`;
  return (
    `CASE WHEN suffix(${text}, ' UTC') THEN TRY_CAST(left(${text}, length(${text}) - 4) || '+00:00' AS TIMESTAMPTZ) ` +
    // No regular expression for the commonest shape, `2026-01-15 09:00:00`: letters there fail the cast.
    `WHEN NOT (length(${text}) = 19 AND ${text} LIKE '____-__-_____:__:__') ` +
    `AND regexp_matches(${text}, '[A-SU-Ya-su-y]') THEN NULL ` +
    `ELSE TRY_CAST(${text} AS TIMESTAMPTZ) END`
  );
}

/**
 * The naive UTC timestamp of a TIMESTAMPTZ: its epoch microseconds, which is
 * what `timezone('UTC', t)` returns too, but that goes through ICU's calendar
 * for every row (almost as much time again as reading the timestamp in its zone).
 * Infinities have no epoch; their cast does not depend on the zone. DuckDB
 * computes the repeated `t` once.
 */
function utcTimestamp(t: string): string {
  return `CASE WHEN isfinite(${t}) THEN make_timestamp(epoch_us(${t})) ELSE CAST(${t} AS TIMESTAMP) END`;
}

export function buildInsertSql(plan: InsertPlan): string {
  const { middle, valueOf, timestamps } = checkedRows(plan);
  const clock = plan.clock && timestamps.length > 0 ? plan.clock : undefined;
  const flag = clock ? clockFlagSql(clock, timestamps, plan.timestampFormat) : undefined;
  const outer = outerColumns(plan, valueOf, flag);
  const join =
    (outer.join ? ` LEFT JOIN ${outer.join}` : '') +
    (outer.numbers ?? '') +
    (clock ? clockJoins(clock, timestamps) : '');
  return (
    `INSERT INTO ${ident(plan.layout.table)} (${outer.columns.map(([name]) => ident(name)).join(', ')}) ` +
    `SELECT ${outer.columns.map(([, expr]) => expr).join(', ')} FROM (${middle}) AS "s"${join}` +
    clusterOrder(plan.layout, outer.columns)
  );
}

/** ` ORDER BY 4, 1`: the layout's clustering columns, by their place in the INSERT's column list. */
function clusterOrder(layout: TableLayout, columns: [string, string][]): string {
  const places = (layout.clusteredBy ?? [])
    .map((name) => columns.findIndex(([column]) => column === name) + 1)
    .filter((place) => place > 0);
  return places.length > 0 ? ` ORDER BY ${places.join(', ')}` : '';
}

/**
 * The file's rows in file order, numbered from 1, with the reason of each row
 * the INSERT would quarantine (NULL for good rows): load-file.ts re-reads a
 * CSV with it for the line numbers of those rows, which the parallel INSERT
 * cannot give. Needs `preserve_insertion_order` on (DuckDB's default): then
 * `row_number() OVER ()` is a streaming window over the reader's order.
 */
export function buildRowChecksSql(plan: InsertPlan): string {
  const { middle } = checkedRows(plan);
  return (
    `SELECT row_number() OVER () AS "record", "__reject" ->> 'reason' AS "reason", ` +
    `"__reject" ->> 'column' AS "column" FROM (${middle}) AS "s"`
  );
}

/**
 * The same numbering as buildRowChecksSql, with one canonical column's value
 * and whether the row would load (`ok`): unique-ids.ts finds the lines of a
 * repeated id with it. `row` is the Parquet row number (NULL for a CSV).
 */
export function buildRowValuesSql(plan: InsertPlan, canonical: string): string {
  const { middle, valueOf } = checkedRows(plan);
  const value = valueOf.get(`canonical:${canonical}`) ?? 'NULL';
  return (
    `SELECT row_number() OVER () AS "record", "__row" AS "row", CAST(${value} AS VARCHAR) AS "value", ` +
    `"__reject" IS NULL AS "ok" FROM (${middle}) AS "s"`
  );
}

/**
 * The first rows (at most `limit`, in file order) with a naive timestamp in a
 * clock change, with the reason: "record" numbers a CSV's rows as
 * buildRowChecksSql does, a Parquet row is its row number. The numbering is
 * done before the join to the clock days, so it stays the file's order.
 */
export function buildClockLinesSql(plan: InsertPlan, limit: number): string {
  const { middle, timestamps } = checkedRows(plan);
  if (!plan.clock || timestamps.length === 0) throw new Error('buildClockLinesSql: no clock check');
  const reason = clockReasonSql(plan.clock, timestamps, plan.timestampFormat);
  if (plan.shape.format === 'parquet') return parquetClockLinesSql(plan, timestamps, reason, limit);
  const record = 'row_number() OVER ()';
  return (
    `SELECT "s"."record", ${reason} AS "reason" FROM (SELECT ${record} AS "record", * FROM (${middle}) AS "m") AS "s"` +
    `${clockJoins(plan.clock, timestamps)} WHERE "s"."__reject" IS NULL AND ${reason} IS NOT NULL ORDER BY "s"."record" LIMIT ${limit}`
  );
}

/**
 * buildClockLinesSql for a Parquet file, whose row numbers need no ordered
 * read: only the rows near a clock change are read on (nearClockChangeSql),
 * and only their timestamp columns are converted again. A row the INSERT
 * quarantined is still in the table (load-file.ts deletes it after the
 * warnings), its row number in its reason (`properties`), so it is left out
 * by that number instead of by checking every row again. Checking every row
 * (`"__reject" IS NULL`) cost 12 s of a 35 s load of 10M events with naive
 * times in America/New_York: DuckDB pushed the check into the scan as one
 * expression that converted each timestamp a dozen times.
 */
function parquetClockLinesSql(
  plan: InsertPlan,
  timestamps: ClockColumn[],
  reason: string,
  limit: number,
): string {
  const near = nearClockChangeSql(plan.clock!, timestamps, plan.timestampFormat);
  const { middle } = checkedRows({ ...plan, read: `(SELECT * FROM ${plan.read} WHERE ${near})` });
  const kept = timestamps.flatMap((c) => [ident(c.raw), ident(c.utc)]).join(', ');
  const row = `TRY_CAST(${ident(PROPERTIES_COLUMN)} ->> 'row' AS BIGINT)`;
  const quarantined =
    `SELECT ${row} FROM ${ident(plan.layout.table)} ` +
    `WHERE ${ident(LOAD_ID_COLUMN)} = ${-plan.loadId} AND ${row} IS NOT NULL`;
  return (
    `SELECT "s"."record", ${reason} AS "reason" FROM (SELECT "__row" AS "record", ${kept} FROM (${middle}) AS "m") AS "s"` +
    `${clockJoins(plan.clock!, timestamps)} WHERE ${reason} IS NOT NULL AND "s"."record" NOT IN (${quarantined}) ` +
    `ORDER BY "s"."record" LIMIT ${limit}`
  );
}

/** The reader's rows with their converted values (`valueOf`) and, per row, the reason to quarantine it. */
function checkedRows(plan: InsertPlan): {
  middle: string;
  valueOf: Map<string, string>;
  timestamps: ClockColumn[];
} {
  const { layout, mapping, shape } = plan;
  const readTypes = readerTypes(plan);
  const inner: string[] = [];
  const checks: string[] = [];
  const valueOf = new Map<string, string>();
  const timestamps: ClockColumn[] = [];
  let n = 0;
  const add = (key: string, column: string, target: string) => {
    const readType = readTypes.get(column) ?? 'VARCHAR';
    const isId = key.startsWith('canonical:') && ID_COLUMNS.has(key.slice('canonical:'.length));
    const c = convert(column, readType, target, plan.timestampFormat, isId);
    if (target === 'TIMESTAMP') timestamps.push({ column, readType, raw: `__r${n}`, utc: `__v${n}` });
    const alias = `__v${n}`;
    inner.push(`${c.value} AS ${ident(alias)}`);
    if (c.raw !== undefined) {
      inner.push(`${c.raw} AS ${ident(`__r${n}`)}`);
      const reason = `concat('column ', ${str(JSON.stringify(column))}, ': cannot read "', CAST(${ident(`__r${n}`)} AS VARCHAR), '" as ${c.label}')`;
      checks.push(
        `WHEN ${ident(`__r${n}`)} IS NOT NULL AND ${ident(alias)} IS NULL THEN ${rejectJson(c.code ?? 'value', reason, column)}`,
      );
    }
    if (layout.source === 'events' && EVENT_TIMES.has(key))
      checks.push(outOfRangeCheck(column, alias, `__r${n}`));
    valueOf.set(key, ident(alias));
    n++;
  };
  for (const column of layout.read) {
    const source = mapping.canonical.get(column.name);
    if (source !== undefined) add(`canonical:${column.name}`, source, column.type);
  }
  for (const property of mapping.properties) add(`property:${property.name}`, property.name, property.type);
  const props = propertiesJsonSql(plan, readTypes, inner, checks);
  inner.push(`${shape.format === 'parquet' ? '"file_row_number" + 1' : 'NULL'} AS "__row"`);
  inner.push(...recordColumnSql(plan));

  for (const column of layout.read) {
    const value = valueOf.get(`canonical:${column.name}`);
    if (column.required && value !== undefined) {
      const source = mapping.canonical.get(column.name) ?? column.name;
      const empty = ID_COLUMNS.has(column.name) ? 'is empty or NULL' : 'is empty';
      const reason = str(`missing ${column.name} (column ${JSON.stringify(source)} ${empty})`);
      checks.push(`WHEN ${value} IS NULL THEN ${rejectJson('missing', reason)}`);
    }
  }
  if (layout.source === 'events') {
    const account = valueOf.get('canonical:account_id') ?? 'NULL';
    const contact = valueOf.get('canonical:contact_id') ?? 'NULL';
    const reason = str('missing account_id and contact_id: the row names no account or contact');
    checks.push(`WHEN ${account} IS NULL AND ${contact} IS NULL THEN ${rejectJson('missing', reason)}`);
  }
  const reject = checks.length > 0 ? `CASE ${checks.join(' ')} END` : 'CAST(NULL AS JSON)';
  let read = `SELECT ${inner.join(', ')} FROM ${plan.read}`;
  // The JSON column's type, once per row: both the check and the properties use it.
  if (plan.mapping.propertiesJson !== undefined)
    read = `SELECT *, json_type("__pj") AS "__pjt" FROM (${read}) AS "j"`;
  const middle = `SELECT *, ${reject} AS "__reject", ${props} AS "__props" FROM (${read}) AS "r"`;
  return { middle, valueOf, timestamps };
}

/** The events' own times, read only within EVENT_YEARS. */
const EVENT_TIMES = new Set(['canonical:ts', 'canonical:arrived_at']);

/**
 * Event times from 1900 up to 2200 (exclusive), as a reject check: a typo
 * like 0001-01-01 made every later compute build local days across 2,000
 * years (100 s and 1.5 GB instead of 2 s), and a year past 275760 cannot be
 * shown at all (the load summary failed after the rows were in). Infinities
 * are outside too. docs/LANGUAGE.md, "Timestamps and clock changes".
 */
export const EVENT_YEARS = { from: '1900-01-01', until: '2200-01-01' };

function outOfRangeCheck(column: string, alias: string, raw: string): string {
  const value = ident(alias);
  const reason =
    `concat('column ', ${str(JSON.stringify(column))}, ': "', CAST(${ident(raw)} AS VARCHAR), ` +
    `'" is outside the years ${EVENT_YEARS.from.slice(0, 4)} to ${Number(EVENT_YEARS.until.slice(0, 4)) - 1}')`;
  return (
    `WHEN ${value} < TIMESTAMP ${str(EVENT_YEARS.from)} OR ${value} >= TIMESTAMP ${str(EVENT_YEARS.until)} ` +
    `THEN ${rejectJson('timestamp', reason)}`
  );
}

/** A quarantined row's reason; `column`: the file column it could not read. */
function rejectJson(code: RejectCode, reason: string, column?: string): string {
  const named = column === undefined ? '' : `, 'column', ${str(column)}`;
  return `json_object('code', ${str(code)}, 'reason', ${reason}, 'row', "__row"${named})`;
}

/** The type of each file column as the reader delivers it. */
function readerTypes(plan: InsertPlan): Map<string, string> {
  if (plan.shape.format === 'parquet') return new Map(Object.entries(plan.shape.types));
  return new Map(csvColumnTypes(plan.layout, plan.mapping, plan.shape));
}

/**
 * The `properties` JSON: the properties_json object with every other column of
 * the file merged over it (a column wins over a JSON key of the same name).
 * NULLs are left out: merging onto '{}' drops null members (RFC 7396).
 * The file's columns are turned into JSON in the innermost SELECT ("__pj",
 * "__pk"); the returned expression is evaluated a layer above, over those and
 * "__pjt", the JSON's type: each JSON function parses its text again, so the
 * properties_json column is cast and typed once per row, not once per use.
 */
/**
 * An unmapped column's value in `properties`, missing where a declared
 * column's would be (convert): an empty text (a Parquet file's "" had stayed
 * a value: a distinct count counted it), a NaN or infinite float (stored as
 * the JSON `NaN`, which no JSON reader takes, and passed `gte: 1000`). Both
 * found by review.
 */
function packedValue(column: string, readType: string): string {
  const src = ident(column);
  if (readType === 'VARCHAR') return `nullif(${src}, '')`;
  // Text without Parquet's UTF-8 tag (fromBytes); bytes that are not text stay escaped.
  if (readType === 'BLOB') return `nullif(coalesce(try(decode(${src})), CAST(${src} AS VARCHAR)), '')`;
  if (FLOATS.has(readType)) return `CASE WHEN isfinite(${src}) THEN ${src} END`;
  return src;
}

function propertiesJsonSql(
  plan: InsertPlan,
  readTypes: Map<string, string>,
  inner: string[],
  checks: string[],
): string {
  const { packed, propertiesJson } = plan.mapping;
  const parts: string[] = [];
  if (propertiesJson !== undefined) {
    const src = ident(propertiesJson);
    const type = readTypes.get(propertiesJson) ?? 'VARCHAR';
    const json =
      type === 'JSON'
        ? src
        : type === 'VARCHAR'
          ? `TRY_CAST(${src} AS JSON)`
          : type === 'BLOB'
            ? `TRY_CAST(try(decode(${src})) AS JSON)`
            : `to_json(${src})`;
    inner.push(`${json} AS "__pj"`, `${src} AS "__pjr"`);
    const label = str(`column ${JSON.stringify(propertiesJson)} is not a JSON object`);
    checks.unshift(
      `WHEN "__pjr" IS NOT NULL AND coalesce("__pjt", '') <> 'OBJECT' THEN ${rejectJson('json', label)}`,
    );
    parts.push(`CASE WHEN "__pjt" = 'OBJECT' THEN "__pj" ELSE '{}' END`);
  }
  if (packed.length > 0) {
    // Keys by name, not by the file's column order: the same row under another header order is the
    // same JSON (repeated-rows.ts compares rows by every column).
    const members = [...packed]
      .sort()
      .map((c) => `${str(c)}, ${packedValue(c, readTypes.get(c) ?? 'VARCHAR')}`)
      .join(', ');
    inner.push(`json_object(${members}) AS "__pk"`);
    // Alone it is stripped below; after properties_json it is stripped first, so a NULL column removes no key.
    parts.push(parts.length === 0 ? '"__pk"' : `json_merge_patch('{}', "__pk")`);
  }
  if (parts.length === 0) return `CAST('{}' AS JSON)`;
  return `json_merge_patch('{}', ${parts.join(', ')})`;
}

/**
 * The file's distinct (account_id, contact_id) pairs as read, for numbering
 * them before the INSERT (actor-numbers.ts): only those columns are read, and
 * rows the INSERT will reject count too (a number too many is harmless).
 */
export function buildActorIdsSql(plan: InsertPlan): string {
  const { middle, valueOf } = checkedRows(plan);
  const value = (name: string) => {
    const v = valueOf.get(`canonical:${name}`);
    return v === undefined ? 'CAST(NULL AS VARCHAR)' : `CAST("s".${v} AS VARCHAR)`;
  };
  return `SELECT DISTINCT ${value('account_id')} AS "account_id", ${value('contact_id')} AS "contact_id" FROM (${middle}) AS "s"`;
}

/**
 * Each row's numbers (compiler/actor-numbers.ts), looked up by the ids it
 * stores, after the contacts join: numberFileIds numbered them all before.
 * No id: 0 (NO_ACTOR); an id without a number (a bug) stays NULL, which
 * makes compute join by text.
 */
function numberColumns(columns: [string, string][]): { columns: [string, string][]; joins: string } {
  const value = (name: string) => columns.find(([column]) => column === name)?.[1] ?? 'NULL';
  const levels = [
    ['account', '"na"', value('account_id')],
    ['contact', '"nc"', value('contact_id')],
  ] as const;
  return {
    columns: levels.map(([level, alias, id]) => [
      NUMBER_COLUMNS[level],
      numberOrNone(id, `${alias}."number"`),
    ]),
    joins: levels
      .map(
        ([level, alias, id]) =>
          ` LEFT JOIN ${ident(NUMBER_TABLES[level])} AS ${alias} ON ${alias}."id" = ${id}`,
      )
      .join(''),
  };
}

/** Final (table column, expression over "s") pairs, and the contacts join when account ids come from it. */
function outerColumns(
  plan: InsertPlan,
  valueOf: Map<string, string>,
  clockFlag?: string,
): { columns: [string, string][]; join?: string; numbers?: string } {
  const { layout, mapping } = plan;
  const s = (key: string) => {
    const value = valueOf.get(key);
    return value === undefined ? 'NULL' : `"s".${value}`;
  };
  const ok = `"s"."__reject" IS NULL`;
  const columns: [string, string][] = [];
  let join: string | undefined;
  // A pure equi-join, so DuckDB builds a hash table of the contacts and probes it once per row.
  // `ON <row test> AND "c"."contact_id" = ...` would not be one: a LEFT JOIN whose condition
  // tests only the left side becomes a nested-loop join over every (row, contact) pair.
  // A row that needs no account gets a NULL key instead, which matches nothing.
  const contactsJoin = (contact: string, when?: string) =>
    plan.contacts
      ? `(${CONTACT_ACCOUNTS}) AS "c" ON "c"."contact_id" = ${when === undefined ? contact : `CASE WHEN ${when} THEN ${contact} END`}`
      : undefined;
  const fromContacts = plan.contacts ? `"c"."account_id"` : 'NULL';

  for (const { name } of layout.canonical) {
    let expr = s(`canonical:${name}`);
    if (layout.source === 'events' && name === 'account_id' && valueOf.has('canonical:contact_id')) {
      join = contactsJoin(s('canonical:contact_id'), `${expr} IS NULL`);
      expr = `coalesce(${expr}, ${fromContacts})`;
    } else if (layout.source === 'surveys') {
      const respondent = s('canonical:respondent_id');
      if (name === 'account_id') {
        if (plan.respondent === 'account') expr = respondent;
        else {
          join = contactsJoin(respondent);
          expr = fromContacts;
        }
      } else if (name === 'contact_id') expr = plan.respondent === 'contact' ? respondent : 'NULL';
      else if (name === 'survey_id') expr = `coalesce(${expr}, ${str(plan.surveyId)})`;
    }
    columns.push([name, expr]);
  }
  for (const { name } of mapping.properties) columns.push([name, s(`property:${name}`)]);
  columns.push([PROPERTIES_COLUMN, `CASE WHEN ${ok} THEN "s"."__props" ELSE "s"."__reject" END`]);
  const loadId = clockFlag
    ? `CASE WHEN NOT (${ok}) THEN ${-plan.loadId} WHEN ${clockFlag} THEN ${clockMarkId(plan.loadId)} ELSE ${plan.loadId} END`
    : `CASE WHEN ${ok} THEN ${plan.loadId} ELSE ${-plan.loadId} END`;
  columns.push([LOAD_ID_COLUMN, loadId]);
  if (layout.source === 'events') columns.push([ACCOUNT_FILL_COLUMN, `${s('canonical:account_id')} IS NULL`]);
  if (layout.source === 'surveys')
    columns.push([ACCOUNT_FILL_COLUMN, plan.respondent === 'contact' ? 'TRUE' : 'FALSE']);
  let numbers: string | undefined;
  if (layout.numbersActors) {
    const numbered = numberColumns(columns);
    columns.push(...numbered.columns);
    numbers = numbered.joins;
  }
  columns.push(...placeColumnsSql(plan));
  return { columns, ...(join === undefined ? {} : { join }), ...(numbers === undefined ? {} : { numbers }) };
}
