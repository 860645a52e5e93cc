#!/usr/bin/env node
/**
 * Counts the DuckDB-specific constructs in compiled plans (docs/SCALING.md,
 * "Other engines"): runs `milestones compile` on each config and counts each
 * pattern below in the SQL, comments left out.
 *
 *   node bench/sql-census.js milestones.example.yaml bench/out/data-1000000/milestones.bench-funnel.yaml
 *
 * Prints a Markdown table: one row per construct, one column per config.
 * The patterns are textual: they count what a dialect layer would have to
 * rewrite, not what DuckDB would parse.
 */
import { execFileSync } from 'node:child_process';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** [label, pattern]: the label is what docs/SCALING.md calls the construct. */
export const CONSTRUCTS = [
  ['statements (`-- name` headers)', /^-- [_a-z][\w]*$/gm],
  ['`SET VARIABLE`', /\bSET VARIABLE\b/g],
  ['`getvariable(...)`', /\bgetvariable\(/g],
  ['`CREATE OR REPLACE TEMP TABLE … AS`', /\bCREATE OR REPLACE TEMP TABLE\b/g],
  ['`CREATE OR REPLACE TEMP VIEW … AS`', /\bCREATE OR REPLACE TEMP VIEW\b/g],
  ['`CREATE OR REPLACE TABLE … AS` (publish)', /\bCREATE OR REPLACE TABLE\b/g],
  ['`CREATE TABLE IF NOT EXISTS`, `ADD COLUMN IF NOT EXISTS`', /\bIF NOT EXISTS\b/g],
  ['`QUALIFY`', /\bQUALIFY\b/g],
  ['`ASOF LEFT JOIN`', /\bASOF (?:LEFT )?JOIN\b/g],
  ['`ANTI JOIN`', /\bANTI JOIN\b/g],
  ['CTE `AS MATERIALIZED`', /\bAS MATERIALIZED\b/g],
  ['`HUGEINT`', /\bHUGEINT\b/g],
  ['`FULL OUTER JOIN`', /\bFULL OUTER JOIN\b/g],
  ['`IS NOT DISTINCT FROM`', /\bIS NOT DISTINCT FROM\b/g],
  ['aggregate `FILTER (WHERE …)`', /\bFILTER \(WHERE\b/g],
  ['`last_value(… IGNORE NULLS)`', /\bIGNORE NULLS\b/g],
  ['`lag(x, 1, default)`', /\blag\([^()]*,\s*\d+,\s*[^()]+\)/g],
  ['named `WINDOW w AS (…)`', /\bWINDOW \w+ AS \(/g],
  [
    '`RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`',
    /\bRANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW\b/g,
  ],
  ['`RANGE BETWEEN INTERVAL … PRECEDING` (interval frames)', /\bRANGE BETWEEN INTERVAL\b/g],
  ['`ROWS BETWEEN …`', /\bROWS BETWEEN\b/g],
  ['`GROUPING SETS` / `grouping()`', /\bGROUPING SETS\b|\bgrouping\(/g],
  ['`GROUP BY ALL`', /\bGROUP BY ALL\b/g],
  ['`arg_max(x, by)`', /\barg_max\(/g],
  ['`any_value(x)`', /\bany_value\(/g],
  ['`list(x ORDER BY …)` aggregate', /\blist\(/g],
  ['list literal `[a, b]`, empty `[]`, `INTEGER[]`', /(?<!["\]\w])\[/g],
  ['list subscript `x[i]` (1-based)', /["\]]\[/g],
  ['`len(list)`', /\blen\(/g],
  ['`list_filter` / `list_transform` with a lambda `x -> …`', /\blist_(?:filter|transform)\(/g],
  ['`unnest(...)`', /\bunnest\(/g],
  ['`range(start, stop, INTERVAL …)`', /\brange\(/g],
  ['`time_bucket(INTERVAL 15 MINUTE, ts)`', /\btime_bucket\(/g],
  ['`timezone(zone, ts)`', /\btimezone\(/g],
  ['`epoch_us(ts)`', /\bepoch_us\(/g],
  ['`ts + INTERVAL n DAY/MINUTE`', /\bINTERVAL \d+ [A-Z]+\b/g],
  ["`TIMESTAMP '…'` literal", /\bTIMESTAMP '/g],
  ["`json_extract_string(props, '/key')`", /\bjson_extract_string\(/g],
  ['`TRY_CAST`', /\bTRY_CAST\(/gi],
  ['`median(x)`', /\bmedian\(/g],
  ['`quantile_cont(x, p)`', /\bquantile_cont\(/g],
  ['`greatest(a, b)` (NULLs skipped)', /\bgreatest\(/g],
  ['`string_split_regex`', /\bstring_split_regex\(/g],
  ['`starts_with` / `contains`', /\b(?:starts_with|contains)\(/g],
  ['`FROM (VALUES …) AS t(a, b)`', /\(VALUES\b/g],
  ['`uuid()`', /\buuid\(\)/g],
  ['`now()` / `current_timestamp`', /\bnow\(\)|\bcurrent_timestamp\b/g],
];

function compile(config) {
  return execFileSync(
    process.execPath,
    [join(repo, 'bin', 'milestones.js'), 'compile', '-c', config, '--db', ':memory:'],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
}

/** Comment lines out, except the `-- name` header of each statement (counted as statements). */
function census(sql) {
  const code = sql
    .split('\n')
    .filter((line) => !line.startsWith('--') || /^-- [_a-z]\w*$/.test(line))
    .join('\n');
  return CONSTRUCTS.map(([, pattern]) => (code.match(pattern) ?? []).length);
}

const configs = process.argv.slice(2);
if (configs.length === 0) {
  console.error('usage: node bench/sql-census.js CONFIG...');
  process.exit(2);
}
const counts = configs.map((c) => census(compile(resolve(c))));
console.log(`| construct | ${configs.map((c) => `\`${basename(c)}\``).join(' | ')} |`);
console.log(`|---|${configs.map(() => '---:|').join('')}`);
CONSTRUCTS.forEach(([label], k) => console.log(`| ${label} | ${counts.map((c) => c[k]).join(' | ')} |`));
