/**
 * Where a property lives. A name that is a column of the table (a typed
 * property or a canonical column) is read from the column; any other name is
 * read from the JSON `properties` column as text. The compiler is told the
 * tables' columns (the warehouse's real ones in `compute`, the declared ones
 * in `compile`), so it never guesses at run time.
 *
 *   sources.events.properties: {plan: VARCHAR}
 *   property "plan"   -> e."plan"                                   (VARCHAR)
 *   property "region" -> json_extract_string(e."properties", '/region')  (text)
 */
import type { Project, SourceBase } from '../definitions/model.js';
import { NUMBER_COLUMN_LIST } from './actor-numbers.js';
import { ident, jsonPath } from './quote.js';
import type { ColumnCompression } from './stored-columns.js';

export interface Column {
  name: string;
  type: string;
}

/** Columns of the input tables; a missing table is undefined. */
export interface WarehouseTables {
  events: Column[];
  accounts?: Column[];
  contacts?: Column[];
  /** survey_responses. */
  surveys?: Column[];
  /** Whether published tables name their text columns' compression (stored-columns.ts); default not. */
  compression?: ColumnCompression;
}

/** A property read as SQL, with the type of what is read ('TEXT' for a JSON value). */
export interface PropertyRef {
  sql: string;
  type: string;
  /** The JSON column's SQL when the property is read from it (filters.ts guards the read). */
  json?: string;
}

const CANONICAL = {
  events: [
    'ts TIMESTAMP',
    'account_id VARCHAR',
    'contact_id VARCHAR',
    'event VARCHAR',
    'arrived_at TIMESTAMP',
  ],
  accounts: ['account_id VARCHAR'],
  contacts: ['contact_id VARCHAR', 'account_id VARCHAR'],
  surveys: [
    'respondent_id VARCHAR',
    'account_id VARCHAR',
    'contact_id VARCHAR',
    'ts TIMESTAMP',
    'survey_id VARCHAR',
    'response_id VARCHAR',
    'question_id VARCHAR',
    'value DOUBLE',
    'text VARCHAR',
    'topics VARCHAR',
    'sentiment VARCHAR',
  ],
};

/** The loader's record of each survey row's place in its file (warehouse/row-places.ts). */
export const SURVEY_PLACE: Column[] = [
  { name: '_file', type: 'VARCHAR' },
  { name: '_line', type: 'BIGINT' },
  { name: '_row', type: 'BIGINT' },
];

function declared(canonical: string[], source: SourceBase | undefined): Column[] {
  const columns = canonical.map((c) => {
    const [name, type] = c.split(' ') as [string, string];
    return { name, type };
  });
  for (const [name, type] of Object.entries(source?.properties ?? {})) columns.push({ name, type });
  columns.push({ name: 'properties', type: 'JSON' });
  return columns;
}

/** The tables as the loaders build them from the project's declared sources. */
export function declaredTables(project: Project): WarehouseTables {
  const { sources } = project;
  return {
    events: [...declared(CANONICAL.events, sources.events), ...NUMBER_COLUMN_LIST],
    ...(sources.accounts ? { accounts: declared(CANONICAL.accounts, sources.accounts) } : {}),
    ...(sources.contacts ? { contacts: declared(CANONICAL.contacts, sources.contacts) } : {}),
    ...(sources.surveys
      ? { surveys: [...declared(CANONICAL.surveys, sources.surveys), ...SURVEY_PLACE] }
      : {}),
  };
}

const NULL_REF: PropertyRef = { sql: 'NULL', type: 'NULL' };

/** A property of a row of `table` aliased `alias`; NULL when the table is missing. */
export function propertyRef(table: Column[] | undefined, alias: string, name: string): PropertyRef {
  if (!table) return NULL_REF;
  const lower = name.toLowerCase();
  const column = table.find((c) => c.name.toLowerCase() === lower && lower !== 'properties');
  if (column) return { sql: `${alias}.${ident(column.name)}`, type: column.type.toUpperCase() };
  if (table.some((c) => c.name.toLowerCase() === 'properties')) {
    const json = `${alias}."properties"`;
    return { sql: `json_extract_string(${json}, ${jsonPath(name)})`, type: 'TEXT', json };
  }
  return NULL_REF;
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL.*|NUMERIC.*)$/;

export const isNumeric = (type: string) => NUMERIC.test(type);
export const isText = (type: string) => type === 'VARCHAR' || type === 'TEXT' || type === 'NULL';
export const isTemporal = (type: string) => /^(DATE|TIMESTAMP.*|TIME)$/.test(type);

/**
 * The property as a number (DOUBLE unless already numeric). Text that DuckDB
 * reads as NaN or infinity (`NaN`, `inf`, `1e400`) is no number, as the
 * loader reads a declared DOUBLE: a packed `NaN` had passed `gte: 1000`
 * (found by review). A typed column holds finite numbers only.
 */
export function asNumber(ref: PropertyRef): string {
  if (isNumeric(ref.type)) return ref.sql;
  const number = `TRY_CAST(${ref.sql} AS DOUBLE)`;
  return `CASE WHEN isfinite(${number}) THEN ${number} END`;
}

/** The property as text. */
export function asText(ref: PropertyRef): string {
  return isText(ref.type) ? ref.sql : `CAST(${ref.sql} AS VARCHAR)`;
}

/** The property as an exact decimal, for sums that must add up exactly. */
export function asDecimal(ref: PropertyRef): string {
  return `TRY_CAST(${ref.sql} AS DECIMAL(38, 9))`;
}
