#!/usr/bin/env node
/**
 * Incremental against full `compute`, measured in the same run:
 *
 *   node bench/incremental.js [--events 1000000] [--out DIR] [--concentrated]
 *
 * Generates the data set (bench/generate.js) unless OUT has it, points a
 * copy of its config at a folder of event files (events/*.parquet), and runs
 * a first `compute` (load + full). Then appends 1% new events as a new file,
 * dated in the day after the latest event (so T advances by one day): by
 * default a random 1% of the events, spread over the usual accounts
 * (`--concentrated`: the events of about 1% of the accounts instead). The
 * warehouse is copied; one copy runs `compute` (incremental), the other
 * `compute --full`; both load the new file first. Prints both times, their
 * ratio, the actors the incremental run recomputed, and checks that both
 * published the same milestone_status and milestone_history. The warehouse
 * as it was before both runs stays in OUT/incremental/before.duckdb.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: node bench/incremental.js [--events N] [--out DIR] [--concentrated]';

function parseArgs(argv) {
  const options = { events: 1_000_000, out: undefined, concentrated: false };
  for (let k = 0; k < argv.length; k++) {
    const [flag, inline] = argv[k].split('=', 2);
    const value = () => inline ?? argv[++k];
    if (flag === '--events') options.events = Number(value());
    else if (flag === '--out') options.out = resolve(value());
    else if (flag === '--concentrated') options.concentrated = true;
    else {
      console.error(`unknown argument ${argv[k]}\n${USAGE}`);
      process.exit(2);
    }
  }
  options.out ??= join(repo, 'bench', 'out', `data-${options.events}`);
  return options;
}

const cli = join(repo, 'bin', 'milestones.js');

/** Runs a command; returns wall seconds and peak RSS (MB). */
function measure(label, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-v', 'node', ...args], { cwd: repo, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    console.error(`${label} failed (exit ${result.status}):\n${result.stderr}`);
    process.exit(1);
  }
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  return { wall, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

/** Runs SQL in a child with the project's DuckDB; prints the first row as JSON. */
function query(db, sql, readOnly = db !== ':memory:') {
  const script = `const { Warehouse } = await import(${JSON.stringify(join(repo, 'dist/warehouse/session.js'))});
    const w = await Warehouse.open(${JSON.stringify(db)}${readOnly ? ', { readOnly: true }' : ''});
    const rows = await w.allJson(${JSON.stringify(sql)});
    console.log(JSON.stringify(rows[0] ?? {}));
    w.close();`;
  return JSON.parse(
    execFileSync('node', ['--input-type=module', '-e', script], { cwd: repo, encoding: 'utf8' }),
  );
}

const options = parseArgs(process.argv.slice(2));
if (!existsSync(join(repo, 'dist', 'cli.js')))
  execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
const generated = join(options.out, 'milestones.bench.yaml');
if (!existsSync(generated)) {
  console.error(`generating ${options.events} events into ${options.out} ...`);
  execFileSync(
    'node',
    [join(repo, 'bench', 'generate.js'), '--events', String(options.events), '--out', options.out],
    {
      stdio: 'inherit',
    },
  );
}

// The data set's config, its events read from a folder of files, the other sources where they are.
const work = join(options.out, options.concentrated ? 'incremental-concentrated' : 'incremental');
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'events'), { recursive: true });
const doc = parseDocument(readFileSync(generated, 'utf8'));
for (const source of ['accounts', 'contacts', 'surveys']) {
  const path = doc.getIn(['sources', source, 'path']);
  if (typeof path === 'string') doc.setIn(['sources', source, 'path'], join(options.out, path));
}
doc.setIn(['sources', 'events', 'path'], 'events/*.parquet');
doc.delete('warehouse');
const config = join(work, 'milestones.yaml');
writeFileSync(config, String(doc));
linkSync(join(options.out, 'events.parquet'), join(work, 'events', 'part-0.parquet'));

const db = join(work, 'incremental.duckdb');
const fullDb = join(work, 'full.duckdb');
console.error('first compute (load + full) ...');
const first = measure('first compute', [cli, 'compute', '-c', config, '--db', db, '--format', 'csv']);

// 1% new events in the day after the latest one (T advances one day).
const part0 = join(work, 'events', 'part-0.parquet');
const part1 = join(work, 'events', 'part-1.parquet');
let pick = `hash(file_row_number, 'pick') % 100 = 0`;
if (options.concentrated) {
  // About 1% of the accounts, sampled so that the new file is still about 1% of the events.
  const c = query(
    ':memory:',
    `SELECT count(*) AS n, count(*) FILTER (WHERE hash("account") % 100 = 0) AS picked FROM read_parquet('${part0}')`,
  );
  const share = Math.min(1, (0.01 * Number(c.n)) / Math.max(1, Number(c.picked)));
  pick = `hash("account") % 100 = 0 AND hash(file_row_number, 'pick') % 1000000 < ${Math.round(share * 1e6)}`;
}
query(
  ':memory:',
  `COPY (
     SELECT * EXCLUDE (file_row_number) REPLACE (
       (SELECT max("occurred_at") FROM read_parquet('${part0}')) + INTERVAL 1 SECOND
         + to_seconds(CAST(hash(file_row_number, 'ts') % 86399 AS BIGINT)) AS "occurred_at")
     FROM read_parquet('${part0}', file_row_number = true)
     WHERE ${pick}
   ) TO '${part1}' (FORMAT parquet)`,
  false,
);
const added = query(
  ':memory:',
  `SELECT count(*) AS n, count(DISTINCT "account") AS accounts FROM read_parquet('${part1}')`,
);
copyFileSync(db, fullDb);
// Kept for profiling the incremental run again (`compute --verbose` on a copy of it).
copyFileSync(db, join(work, 'before.duckdb'));
// The copies' pages written back before either run: a run's first fsync would otherwise wait for
// the writeback of gigabytes the bench itself wrote (0.7-0.9 s at 50M events), as bench/run.js does.
execFileSync('sync');

console.error('incremental compute ...');
const incremental = measure('incremental', [cli, 'compute', '-c', config, '--db', db, '--format', 'csv']);
console.error('full compute ...');
const full = measure('full', [cli, 'compute', '-c', config, '--db', fullDb, '--format', 'csv', '--full']);

const run = query(
  db,
  'SELECT mode, actors_recomputed, published, retracted FROM milestone_runs ORDER BY run_id DESC LIMIT 1',
);
const actors = query(db, 'SELECT count(DISTINCT actor_id) AS n FROM milestone_status');
// Every published analysis, row for row (history without the run that published it).
const COMPARED = {
  status: 'milestone_status',
  history: 'milestone_history',
  cx_responses: 'cx_responses',
  cx_metrics: 'cx_metrics',
  cx_topics: 'cx_topics',
  journey_travelers: 'journey_travelers',
  conversion_steps: 'conversion_steps',
  conversion_actors: 'conversion_actors',
  conversion_touchpoints: 'conversion_touchpoints',
  conversion_paths: 'conversion_paths',
  conversion_attribution: 'conversion_attribution',
};
const rowsOf = (db, table) =>
  `SELECT * ${table === 'milestone_history' ? 'EXCLUDE (published_run) ' : ''}FROM ${db}.${table}`;
const same = query(
  ':memory:',
  `ATTACH '${db}' AS i (READ_ONLY); ATTACH '${fullDb}' AS f (READ_ONLY);
   SELECT ${Object.entries(COMPARED)
     .map(
       ([name, table]) =>
         `(SELECT count(*) FROM (${rowsOf('i', table)} EXCEPT ALL ${rowsOf('f', table)})) +
          (SELECT count(*) FROM (${rowsOf('f', table)} EXCEPT ALL ${rowsOf('i', table)})) AS ${name}`,
     )
     .join(',\n')}`,
  false,
);

const s = (x) => `${x.wall.toFixed(1)} s, ${Math.round(x.rssMb)} MB`;
console.log(
  `events: ${options.events} + ${added.n} new (${added.accounts} accounts; ${options.concentrated ? 'concentrated' : 'spread'})`,
);
console.log(`first compute (load + full): ${s(first)}`);
console.log(
  `incremental compute: ${s(incremental)} (${run.mode}, ${run.actors_recomputed ?? 'all'} of ${actors.n} actors recomputed; ${run.published} history rows published, ${run.retracted} retracted)`,
);
console.log(`full compute:        ${s(full)}`);
console.log(`incremental / full:  ${(incremental.wall / full.wall).toFixed(2)}`);
console.log(
  `rows differing from the full compute: ${Object.entries(same)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ')}`,
);
