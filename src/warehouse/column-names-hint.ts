/**
 * The "The file's columns: ..." part of a hint, shown only when the names
 * look like a header. A CSV's "header" is whatever its first line holds: for
 * `path: /etc/passwd` that is `root:x:0:0:root:/root:/bin/bash`, which a hint
 * would print into a CI log. So a CSV's names are listed only when every one
 * looks like a column name (letters, digits, `_`, spaces, `-`, `.`, brackets;
 * starting with a letter or `_`), each cut at 40 characters, at most 30.
 * Parquet names come from the file's schema and are listed (cut the same way).
 *
 *   ["occurred_at", "account"]             -> The file's columns: "occurred_at", "account"
 *   ["root:x:0:0:root:/root:/bin/bash"]    -> Its first line does not look like a header of column names (not shown)
 */
import type { FileShape } from './file-shape.js';

const MAX_NAMES = 30;
const MAX_NAME_LENGTH = 40;
const HEADER_NAME = /^[\p{L}_][\p{L}\p{N}_ .()[\]-]*$/u;

/** Whether a column name looks like one a person gave a column. */
export function looksLikeColumnName(name: string): boolean {
  return name.length <= 64 && HEADER_NAME.test(name);
}

export function fileColumnsHint(shape: FileShape): string {
  const { columns } = shape;
  if (shape.format !== 'parquet' && !columns.every(looksLikeColumnName)) {
    return "The file's first line does not look like a header of column names (not shown)";
  }
  const shown = columns.slice(0, MAX_NAMES).map((c) => JSON.stringify(cut(c)));
  const more = columns.length > MAX_NAMES ? `, ... (${columns.length} in all)` : '';
  return `The file's columns: ${shown.join(', ')}${more}`;
}

function cut(name: string): string {
  return name.length > MAX_NAME_LENGTH ? `${name.slice(0, MAX_NAME_LENGTH)}…` : name;
}
