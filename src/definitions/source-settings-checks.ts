/**
 * Source settings that would only fail at load or compute time, caught by
 * `validate` at their line:col instead:
 *
 *   sources.events.properties: {ts: TIMESTAMP}     -> reserved-property (a column of events already)
 *   sources.events.properties: {Plan: X, plan: Y}  -> duplicate-property (DuckDB names ignore case)
 *   delimiter: '"'  or  "\n"  or  'abcde'          -> bad-delimiter
 *   timestamp_format: '%d/%m/%Y %k'  or  '%H:%M'    -> bad-timestamp-format
 *   where: {_load_id: 3}                           -> reserved-property (the loader's bookkeeping)
 *
 * The reserved names are the loader's (`warehouse/table-layout.ts`, a pure
 * module): one list, so validate and the loader never disagree.
 */
import { LAYOUTS, reservedNames, BOOKKEEPING_COLUMNS } from '../warehouse/table-layout.js';
import { error, type Finding } from './findings.js';
import { isRecord } from './raw.js';
import { actorUses, eventUses } from './warehouse-checks.js';
import type { Path } from './yaml-source.js';

const KINDS = ['events', 'accounts', 'contacts', 'surveys'] as const;

export function checkSourceSettings(data: unknown, out: Finding[]): void {
  const sources = isRecord(data) ? data.sources : undefined;
  if (isRecord(sources)) {
    for (const kind of KINDS) {
      const source = sources[kind];
      if (!isRecord(source)) continue;
      checkProperties(kind, source.properties, ['sources', kind, 'properties'], out);
      checkDialect(source, ['sources', kind], out);
      checkTimestampFormat(source.timestamp_format, ['sources', kind, 'timestamp_format'], out);
    }
  }
  checkBookkeepingReferences(data, out);
}

function checkProperties(kind: (typeof KINDS)[number], properties: unknown, path: Path, out: Finding[]) {
  if (!isRecord(properties)) return;
  const layout = LAYOUTS[kind];
  const reserved = reservedNames(layout);
  const seen = new Map<string, string>();
  for (const name of Object.keys(properties)) {
    const lower = name.toLowerCase();
    const at = [...path, name];
    if (name === '') {
      out.push(error('empty-property', 'a property column needs a name', at, 'name the file column', 'key'));
      continue;
    }
    if (reserved.has(lower)) {
      out.push(
        error(
          'reserved-property',
          `"${name}" is a column of ${layout.table} already; it cannot be a property`,
          at,
          lower === 'properties' || lower.startsWith('_')
            ? 'the loader keeps this column for itself: rename the column in the file'
            : `remove it from properties: ${lower} is read from the file's column of that name, or the one mapped under columns:`,
          'key',
        ),
      );
    }
    const earlier = seen.get(lower);
    if (earlier !== undefined) {
      out.push(
        error(
          'duplicate-property',
          `"${name}" and "${earlier}" name the same column (column names ignore case)`,
          at,
          'declare the property once',
          'key',
        ),
      );
    }
    seen.set(lower, name);
  }
}

/** Bytes DuckDB's CSV reader allows in a delimiter. */
const MAX_DELIMITER_BYTES = 4;
const DEFAULT_QUOTE = '"';

/**
 * The CSV dialect DuckDB can read: a delimiter of 1 to 4 bytes without a
 * line break, and neither the quote nor the escape character inside it
 * (DuckDB refuses "QUOTE must not appear in the DELIMITER"). The quote and
 * escape are `"` unless set.
 */
function checkDialect(source: Record<string, unknown>, path: Path, out: Finding[]): void {
  const lineBreak = /[\r\n]/;
  for (const key of ['quote', 'escape'] as const) {
    const value = source[key];
    if (typeof value === 'string' && lineBreak.test(value)) {
      out.push(error(`bad-${key}`, `a line break cannot be the ${key} character`, [...path, key]));
    }
  }
  const delimiter = source.delimiter;
  if (typeof delimiter !== 'string' || delimiter === '') return;
  const at = [...path, 'delimiter'];
  const bad = (message: string, hint: string) => out.push(error('bad-delimiter', message, at, hint));
  if (lineBreak.test(delimiter)) {
    bad('a line break cannot be the delimiter', "write the character between values, e.g. ',' or '\\t'");
    return;
  }
  if (Buffer.byteLength(delimiter, 'utf8') > MAX_DELIMITER_BYTES) {
    bad(
      `the delimiter "${delimiter}" is longer than ${MAX_DELIMITER_BYTES} bytes`,
      'use a shorter delimiter (one character, usually)',
    );
    return;
  }
  const quote = typeof source.quote === 'string' ? source.quote : DEFAULT_QUOTE;
  const escape = typeof source.escape === 'string' ? source.escape : DEFAULT_QUOTE;
  const roles = [
    { key: 'quote', char: quote },
    ...(escape !== quote ? [{ key: 'escape', char: escape }] : []),
  ].filter((r) => r.char !== '' && delimiter.includes(r.char));
  for (const { key, char } of roles) {
    const role = key === 'quote' && escape === quote ? 'quote (and escape)' : key;
    const given = typeof source[key] === 'string';
    bad(
      `the delimiter ${JSON.stringify(delimiter)} contains the ${role} character ${char}${given ? '' : ' (the default)'}`,
      given
        ? `choose a ${key} character the delimiter does not use`
        : `a file delimited by ${char} needs another quote character: set quote: (and escape:), e.g. quote: "'"`,
    );
  }
}

/**
 * The specifiers DuckDB's strptime takes (probed on DuckDB 1.5: every
 * letter after `%` and `%-`); any other is an error at load time, where
 * `compute` had named no line of the config before (found by review).
 */
const SPECIFIERS = new Set('abcdfghjmnpuwxyzABGHIMSTUVWXYZ%');
const NO_PADDING_SPECIFIERS = new Set('djmyHIMS');
/** Specifiers that give the year: without one every time would be in 1900. */
const YEAR_SPECIFIERS = new Set('yYGcx');

/**
 * A `timestamp_format` DuckDB can parse with, that reads a year:
 *   '%d/%m/%Y %H:%M'  -> ok
 *   '%d/%m/%Y %k'     -> bad-timestamp-format: DuckDB knows no %k
 *   '%H:%M'           -> bad-timestamp-format: no year (every event in 1900)
 */
function checkTimestampFormat(format: unknown, at: Path, out: Finding[]): void {
  if (typeof format !== 'string' || format === '') return;
  const bad = (
    message: string,
    hint = 'use DuckDB\'s strptime specifiers, e.g. "%d/%m/%Y %H:%M:%S" (%Y %m %d %H %M %S %f %z %p %b...)',
  ) => out.push(error('bad-timestamp-format', `timestamp_format "${format}": ${message}`, at, hint));
  let year = false;
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    const dash = format[i + 1] === '-';
    const letter = format[i + (dash ? 2 : 1)];
    const known = letter !== undefined && (dash ? NO_PADDING_SPECIFIERS : SPECIFIERS).has(letter);
    if (!known) {
      bad(letter === undefined ? 'it ends with a lone %' : `DuckDB knows no %${dash ? '-' : ''}${letter}`);
      return;
    }
    if (YEAR_SPECIFIERS.has(letter)) year = true;
    i += dash ? 2 : 1;
  }
  if (!year) bad('it reads no year, so every time would fall in 1900', 'add the year, e.g. "%d/%m/%Y %H:%M"');
}

const BOOKKEEPING = new Set(BOOKKEEPING_COLUMNS.map((n) => n.toLowerCase()));

/** A property reference to the loader's bookkeeping columns would read them, not the user's data. */
function checkBookkeepingReferences(data: unknown, out: Finding[]): void {
  const references = [...eventUses(data).properties, ...actorUses(data).properties];
  for (const { value, path, anchor } of references) {
    if (!BOOKKEEPING.has(value.toLowerCase())) continue;
    out.push(
      error(
        'reserved-property',
        `"${value}" is the loader's bookkeeping column, not a property`,
        path,
        'filter on a property of your data; a file column of this name cannot be read as a property',
        anchor,
      ),
    );
  }
}
