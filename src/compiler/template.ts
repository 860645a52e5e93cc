/**
 * SQL templates from `sql/`: a file opens with a comment (an example, for
 * readers), then the body with `{{placeholders}}`. The header is dropped, every
 * placeholder must be filled and every value used, so a typo fails loudly.
 *
 *   sql/statuses/x.sql:  -- example ...\n\nCREATE TABLE {{name}} AS SELECT {{columns}}
 *   fillTemplate('statuses/x', {name: '"t"', columns: '1'}) -> 'CREATE TABLE "t" AS SELECT 1'
 */
import { readFileSync } from 'node:fs';
import { indentSql } from './quote.js';

const SQL_ROOT = new URL('../../sql/', import.meta.url);
const cache = new Map<string, string>();

function templateBody(name: string): string {
  let body = cache.get(name);
  if (body === undefined) {
    const text = readFileSync(new URL(`${name}.sql`, SQL_ROOT), 'utf8');
    const lines = text.split('\n');
    const first = lines.findIndex((line) => line.trim() !== '' && !line.trimStart().startsWith('--'));
    body = lines.slice(first).join('\n').trimEnd();
    cache.set(name, body);
  }
  return body;
}

/** Fills `{{key}}` placeholders; multi-line values are indented like the placeholder's line (outside quotes). */
export function fillTemplate(name: string, values: Record<string, string>): string {
  const used = new Set<string>();
  const filled = templateBody(name)
    .split('\n')
    .map((line) => {
      const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
      return line.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
        const value = values[key];
        if (value === undefined) throw new Error(`template ${name}: no value for {{${key}}}`);
        used.add(key);
        return indentSql(value, indent);
      });
    })
    .join('\n');
  const unused = Object.keys(values).filter((key) => !used.has(key));
  if (unused.length > 0) throw new Error(`template ${name}: unused values ${unused.join(', ')}`);
  return filled;
}
