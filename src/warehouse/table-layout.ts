/**
 * The canonical warehouse tables the loaders fill (docs/LANGUAGE.md, "The
 * warehouse"). A source (`sources.events` in YAML) becomes one table:
 *
 *   sources.events.properties: {plan: VARCHAR}
 *   ->  events(ts TIMESTAMP, account_id VARCHAR, contact_id VARCHAR, event VARCHAR,
 *              plan VARCHAR, properties JSON, _load_id BIGINT, _account_from_contact BOOLEAN)
 *
 * Canonical columns come first with fixed types, then the declared property
 * columns under their own names and types, then `properties` (everything
 * else, as JSON) and the loader's bookkeeping columns.
 */
import type { ColumnType, Sources } from '../definitions/model.js';
import { NUMBER_COLUMN_LIST } from '../compiler/actor-numbers.js';
import { ident } from '../compiler/quote.js';

export type SourceName = keyof Sources;
export type LoadedTable = 'events' | 'accounts' | 'contacts' | 'survey_responses';

/** The order sources load in: dimensions first, so events can take account ids from contacts. */
export const SOURCE_ORDER: readonly SourceName[] = ['accounts', 'contacts', 'events', 'surveys'];

export const TABLE_OF: Record<SourceName, LoadedTable> = {
  events: 'events',
  accounts: 'accounts',
  contacts: 'contacts',
  surveys: 'survey_responses',
};

export interface CanonicalColumn {
  name: string;
  type: 'VARCHAR' | 'TIMESTAMP' | 'DOUBLE';
  /** A row without a value here is rejected. */
  required: boolean;
}

export interface TableLayout {
  source: SourceName;
  table: LoadedTable;
  /** Canonical columns read from the file (via `columns:` or a column of the same name). */
  read: CanonicalColumn[];
  /** The table's canonical columns, in order (read ones plus those the loader derives). */
  canonical: { name: string; type: string }[];
  /** Whether the table has `_account_from_contact` (account ids filled from contacts). */
  fillsAccount: boolean;
  /** Whether each row carries its account's and contact's numbers (compiler/actor-numbers.ts). */
  numbersActors: boolean;
  /** Whether each row keeps its place in its file (`_file`, `_line`, `_row`: row-places.ts). */
  keepsPlace: boolean;
  /**
   * Canonical columns each file's rows are sorted by as they are inserted
   * (insert-sql.ts), so that a filter on them skips whole row groups by
   * their min/max. Events: by name, then time (every criterion reads one
   * event name; measured at 10M events: compute 12.0-12.6 s -> 9.7-9.8 s).
   */
  clusteredBy?: readonly string[];
}

const id = (name: string, required = false): CanonicalColumn => ({ name, type: 'VARCHAR', required });
const ts: CanonicalColumn = { name: 'ts', type: 'TIMESTAMP', required: true };
/** When the event reached the warehouse's source (docs/KNOWN-AT.md); NULL: known at its own `ts`. */
const arrivedAt: CanonicalColumn = { name: 'arrived_at', type: 'TIMESTAMP', required: false };

export const LAYOUTS: Record<SourceName, TableLayout> = {
  events: {
    source: 'events',
    table: 'events',
    read: [ts, id('account_id'), id('contact_id'), id('event', true), arrivedAt],
    clusteredBy: ['event', 'ts'],
    canonical: [
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'account_id', type: 'VARCHAR' },
      { name: 'contact_id', type: 'VARCHAR' },
      { name: 'event', type: 'VARCHAR' },
      { name: 'arrived_at', type: 'TIMESTAMP' },
    ],
    fillsAccount: true,
    numbersActors: true,
    keepsPlace: false,
  },
  accounts: {
    source: 'accounts',
    table: 'accounts',
    read: [id('account_id', true)],
    canonical: [{ name: 'account_id', type: 'VARCHAR' }],
    fillsAccount: false,
    numbersActors: false,
    keepsPlace: false,
  },
  contacts: {
    source: 'contacts',
    table: 'contacts',
    read: [id('contact_id', true), id('account_id')],
    canonical: [
      { name: 'contact_id', type: 'VARCHAR' },
      { name: 'account_id', type: 'VARCHAR' },
    ],
    fillsAccount: false,
    numbersActors: false,
    keepsPlace: false,
  },
  surveys: {
    source: 'surveys',
    table: 'survey_responses',
    read: [
      id('respondent_id', true),
      ts,
      id('survey_id'),
      id('response_id'),
      id('question_id'),
      { name: 'value', type: 'DOUBLE', required: false },
      id('text'),
      id('topics'),
      id('sentiment'),
    ],
    canonical: [
      { name: 'respondent_id', type: 'VARCHAR' },
      { name: 'account_id', type: 'VARCHAR' },
      { name: 'contact_id', type: 'VARCHAR' },
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'survey_id', type: 'VARCHAR' },
      { name: 'response_id', type: 'VARCHAR' },
      { name: 'question_id', type: 'VARCHAR' },
      { name: 'value', type: 'DOUBLE' },
      { name: 'text', type: 'VARCHAR' },
      { name: 'topics', type: 'VARCHAR' },
      { name: 'sentiment', type: 'VARCHAR' },
    ],
    fillsAccount: true,
    numbersActors: false,
    // CX warnings name the line of an answer off the scale, long after the load.
    keepsPlace: true,
  },
};

/** Columns the loader adds after the declared properties. */
export const PROPERTIES_COLUMN = 'properties';
export const LOAD_ID_COLUMN = '_load_id';
export const ACCOUNT_FILL_COLUMN = '_account_from_contact';
/**
 * The loader's bookkeeping columns a definition may not read as properties
 * (validate, the tests' rows, declared property names): one list for all.
 */
export const BOOKKEEPING_COLUMNS: readonly string[] = [
  LOAD_ID_COLUMN,
  ACCOUNT_FILL_COLUMN,
  ...NUMBER_COLUMN_LIST.map((c) => c.name),
];
/** A row's place in its file: the path as loaded, a CSV's line (header = 1), a Parquet file's row (from 1). */
export const PLACE_COLUMNS: readonly TableColumn[] = [
  { name: '_file', type: 'VARCHAR' },
  { name: '_line', type: 'BIGINT' },
  { name: '_row', type: 'BIGINT' },
];

export interface TableColumn {
  name: string;
  type: string;
}

/** Every column of the table, in order, for a source with these declared properties. */
export function tableColumns(layout: TableLayout, properties: Record<string, ColumnType>): TableColumn[] {
  const columns: TableColumn[] = [...layout.canonical];
  for (const [name, type] of Object.entries(properties)) columns.push({ name, type });
  columns.push({ name: PROPERTIES_COLUMN, type: 'JSON' }, { name: LOAD_ID_COLUMN, type: 'BIGINT' });
  if (layout.fillsAccount) columns.push({ name: ACCOUNT_FILL_COLUMN, type: 'BOOLEAN' });
  if (layout.numbersActors) columns.push(...NUMBER_COLUMN_LIST);
  if (layout.keepsPlace) columns.push(...PLACE_COLUMNS);
  return columns;
}

export function createTableSql(table: string, columns: TableColumn[]): string {
  const body = columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ');
  return `CREATE TABLE ${ident(table)} (${body})`;
}

/** Names the loader owns: a declared property may not take one (DuckDB names are case-insensitive). */
export function reservedNames(layout: TableLayout): Set<string> {
  const names = layout.canonical.map((c) => c.name);
  names.push(PROPERTIES_COLUMN, ...BOOKKEEPING_COLUMNS);
  if (layout.keepsPlace) names.push(...PLACE_COLUMNS.map((c) => c.name));
  return new Set(names.map((n) => n.toLowerCase()));
}

/** Question texts of Qualtrics exports (row 2) with their ImportIds (row 3). */
export const SURVEY_QUESTIONS = 'survey_questions';

export const SURVEY_QUESTIONS_COLUMNS: TableColumn[] = [
  { name: 'survey_id', type: 'VARCHAR' },
  { name: 'question_id', type: 'VARCHAR' },
  { name: 'text', type: 'VARCHAR' },
  { name: 'import_id', type: 'VARCHAR' },
  { name: LOAD_ID_COLUMN, type: 'BIGINT' },
];
