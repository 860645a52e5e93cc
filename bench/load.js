#!/usr/bin/env node
/**
 * Loading at scale: `milestones load` next to the plainest DuckDB load of the
 * same events file, in the same run, each in a child process under
 * `/usr/bin/time -v` (wall time, CPU time and peak RSS, printed with their
 * ratio to the scan's):
 *
 *   scan     CREATE TABLE "t" AS SELECT * FROM read_parquet('DIR/events.parquet')   (a fresh database)
 *   load     milestones load -c DIR/milestones.bench.yaml                             (a fresh database)
 *   reload   the same load again: nothing changed, so it hashes the files and loads nothing
 *
 * With --csv, the same three steps for a CSV copy of the events (written once
 * with DuckDB's COPY, reused when present; the scan is then read_csv with its
 * defaults). Each step runs --rounds times, alternating, and the fastest run
 * counts: the machine may be busy with something else (CPU time, user +
 * system, is less sensitive to that than wall time).
 *
 *   node bench/generate.js --events 10000000 --out /tmp/gen
 *   node bench/load.js --dir /tmp/gen [--csv] [--rounds 2] [--keep-db] [--cli PATH]
 *
 * --cli times another build's bin/milestones.js (say, a `git archive` of an
 * older commit, built), for before/after figures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const duckdb = import.meta.resolve('@duckdb/node-api');
const USAGE = 'usage: node bench/load.js --dir DIR [--csv] [--rounds N] [--keep-db] [--cli PATH]';

function parseArgs(argv) {
  const options = {
    dir: undefined,
    csv: false,
    rounds: 2,
    keepDb: false,
    cli: join(repo, 'bin', 'milestones.js'),
  };
  for (let k = 0; k < argv.length; k++) {
    const [flag, inline] = argv[k].split('=', 2);
    const value = () => inline ?? argv[++k];
    if (flag === '--dir') options.dir = resolve(value());
    else if (flag === '--csv') options.csv = true;
    else if (flag === '--rounds') options.rounds = Number(value());
    else if (flag === '--keep-db') options.keepDb = true;
    else if (flag === '--cli') options.cli = resolve(value());
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown argument ${argv[k]}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (options.dir === undefined || !(Number.isSafeInteger(options.rounds) && options.rounds >= 1)) {
    console.error(USAGE);
    process.exit(2);
  }
  return options;
}

/** A SQL string literal. */
const str = (s) => `'${String(s).replaceAll("'", "''")}'`;

/** Runs a command under /usr/bin/time -v: wall seconds and peak RSS in MB. */
function measure(label, command, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-v', command, ...args], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    console.error(`${label} failed (exit ${result.status}):\n${result.stderr}`);
    process.exit(1);
  }
  const figure = (name) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(result.stderr)?.[1] ?? NaN);
  const cpu = figure('User time \\(seconds\\)') + figure('System time \\(seconds\\)');
  const rssMb = figure('Maximum resident set size \\(kbytes\\)') / 1024;
  return { label, wall, cpu, rssMb, stdout: result.stdout };
}

/** A child script: opens (creates) db with plain DuckDB, runs sql, prints the first row as JSON. */
function duckdbScript(db, sql) {
  return `const { DuckDBInstance } = await import(${JSON.stringify(duckdb)});
    const instance = await DuckDBInstance.create(${JSON.stringify(db)});
    const con = await instance.connect();
    const reader = await con.runAndReadAll(${JSON.stringify(sql)});
    console.log(JSON.stringify(reader.getRowObjectsJson()[0] ?? {}));
    con.closeSync();
    instance.closeSync();`;
}

function runDuckdb(label, db, sql) {
  return measure(label, process.execPath, ['--input-type=module', '-e', duckdbScript(db, sql)]);
}

function removeDb(db) {
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
}

/** The CSV copy of the events and a config that loads it instead of the Parquet file. */
function prepareCsv(dir) {
  const csv = join(dir, 'events.csv');
  if (!existsSync(csv)) {
    console.error('writing events.csv from events.parquet ...');
    const copy = runDuckdb(
      'copy',
      ':memory:',
      `COPY (SELECT * FROM read_parquet(${str(join(dir, 'events.parquet'))})) TO ${str(`${csv}.tmp`)} (FORMAT csv, HEADER)`,
    );
    renameSync(`${csv}.tmp`, csv);
    console.error(`  ${copy.wall.toFixed(1)} s`);
  }
  const doc = parseDocument(readFileSync(join(dir, 'milestones.bench.yaml'), 'utf8'));
  const events = doc.get('sources').get('events');
  events.set('path', 'events.csv');
  events.set('format', 'csv');
  const config = join(dir, 'milestones.bench-csv.yaml');
  writeFileSync(config, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
  return { file: csv, config, scan: `read_csv(${str(csv)})` };
}

const options = parseArgs(process.argv.slice(2));
const { dir } = options;
const parquetConfig = join(dir, 'milestones.bench.yaml');
if (!existsSync(parquetConfig) || !existsSync(join(dir, 'events.parquet'))) {
  console.error(`${dir} holds no generated data: node bench/generate.js --events 10000000 --out ${dir}`);
  process.exit(2);
}
if (!existsSync(join(dirname(options.cli), '..', 'dist', 'cli.js'))) {
  console.error(`${options.cli}: its dist/ is missing (npm run build)`);
  process.exit(2);
}

const formats = [
  {
    name: 'parquet',
    file: join(dir, 'events.parquet'),
    config: parquetConfig,
    scan: `read_parquet(${str(join(dir, 'events.parquet'))})`,
  },
];
if (options.csv) formats.push({ name: 'csv', ...prepareCsv(dir) });

const { cli } = options;
const results = [];
for (const format of formats) {
  const scanDb = join(dir, `bench-scan-${format.name}.duckdb`);
  const loadDb = join(dir, `bench-load-${format.name}.duckdb`);
  const runs = { scan: [], load: [], reload: [] };
  for (let round = 1; round <= options.rounds; round++) {
    console.error(`${format.name}, round ${round} of ${options.rounds} ...`);
    removeDb(scanDb);
    runs.scan.push(runDuckdb('scan', scanDb, `CREATE TABLE "t" AS SELECT * FROM ${format.scan}`));
    removeDb(scanDb);
    removeDb(loadDb);
    const load = ['load', '-c', format.config, '--db', loadDb];
    runs.load.push(measure('load', process.execPath, [cli, ...load]));
    runs.reload.push(measure('reload', process.execPath, [cli, ...load]));
  }
  const rows = runDuckdb('count', loadDb, 'SELECT count(*) AS n FROM "events"');
  if (!options.keepDb) removeDb(loadDb);
  results.push({ format, runs, events: JSON.parse(rows.stdout).n });
}

const best = (list) => list.reduce((a, b) => (b.wall < a.wall ? b : a));
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0);
console.log(`load bench: ${cli}; ${availableParallelism()} cores; fastest of ${options.rounds} runs`);
for (const { format, runs, events } of results) {
  const scan = best(runs.scan);
  const size = statSync(format.file).size;
  console.log(`\n${format.name}: ${events} events in ${format.file} (${mb(size)} MB)`);
  console.log('step      wall s   CPU s   peak RSS MB   wall / scan   CPU / scan   (all runs: wall s)');
  for (const list of Object.values(runs)) {
    const r = best(list);
    const all = list.map((x) => x.wall.toFixed(2)).join(', ');
    console.log(
      `${r.label.padEnd(8)} ${r.wall.toFixed(2).padStart(7)} ${r.cpu.toFixed(1).padStart(7)}   ${r.rssMb.toFixed(0).padStart(11)}   ${(r.wall / scan.wall).toFixed(2).padStart(10)}x   ${(r.cpu / scan.cpu).toFixed(2).padStart(9)}x   (${all})`,
    );
  }
}
