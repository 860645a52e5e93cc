/**
 * Text no SQL can carry: a NUL character (written `\0` in a double-quoted
 * YAML string, or a raw NUL byte) in any key or string value. DuckDB's SQL
 * text ends at a NUL, so `src/compiler/quote.ts` refuses it; the file is
 * rejected here instead, at the string's line:col.
 *
 *   event: "sign\0up"   ->  error[nul-character] at that value
 */
import { error, type Finding } from './findings.js';
import { isRecord } from './raw.js';
import type { Path } from './yaml-source.js';

const NUL = '\u0000';

function nulFinding(path: Path, what: 'key' | 'value'): Finding {
  return error(
    'nul-character',
    `this ${what} contains a NUL character (\\0)`,
    path,
    'remove the \\0: names and values cannot hold NUL characters',
    what === 'key' ? 'key' : undefined,
  );
}

/** Every key and string in the data; one finding per offending string. */
export function checkText(data: unknown, out: Finding[], path: Path = []): void {
  if (typeof data === 'string') {
    if (data.includes(NUL)) out.push(nulFinding(path, 'value'));
  } else if (Array.isArray(data)) {
    data.forEach((item, i) => checkText(item, out, [...path, i]));
  } else if (isRecord(data)) {
    for (const [key, value] of Object.entries(data)) {
      if (key.includes(NUL)) out.push(nulFinding([...path, key], 'key'));
      checkText(value, out, [...path, key]);
    }
  }
}
