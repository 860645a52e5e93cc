/**
 * Source settings that would only fail at load or compute time, caught by
 * `validate` at their line:col instead:
 *
 *   sources.events.properties: {ts: TIMESTAMP}     -> reserved-property (a column of events already)
 *   sources.events.properties: {Plan: X, plan: Y}  -> duplicate-property (DuckDB names ignore case)
 *   delimiter: '"'  or  "\n"  or  'abcde'          -> bad-delimiter
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
