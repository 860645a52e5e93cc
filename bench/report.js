#!/usr/bin/env node
/**
 * `milestones report` at scale (not a test). On the data of bench/generate.js,
 * runs the report once (loading and computing when the warehouse is new or
 * stale; not compared), then times in the same run, each in a child process
 * under `/usr/bin/time -v`, alternating:
 *
 *   baseline  one plain pass over the same warehouse:
 *             SELECT account_id, "event", count(*) FROM events GROUP BY ALL
 *   report    `milestones report -o FILE` as a user runs it on current results
 *             (sources checked, results found current, data read, charts drawn),
 *             with the header's totals stored by the report before
 *   counted   the same, the stored totals dropped first (as the first report
 *             after new data: the totals scan every event)
 *
 * and prints wall time, CPU time (user + system: DuckDB's threads included),
 * peak RSS, the load average when each run started (the machine may be
 * shared: wall time then says little, CPU time more), the ratios to the
 * baseline and the report's size. Each step runs --rounds times (default 3);
 * the fastest counts. The report's bytes must be the same in every round.
 *
 *   node bench/generate.js --events 10000000 --out /tmp/r10m
 *   node bench/report.js --dir /tmp/r10m [--db FILE] [--rounds 3]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: node bench/report.js --dir DIR [--db FILE] [--rounds N]';

function parseArgs(argv) {
  const options = { dir: undefined, db: undefined, rounds: 3 };
  for (let k = 0; k < argv.length; k++) {
    const [flag, inline] = argv[k].split('=', 2);
    const value = () => inline ?? argv[++k];
    if (flag === '--dir') options.dir = resolve(value());
    else if (flag === '--db') options.db = resolve(value());
    else if (flag === '--rounds') options.rounds = Number(value());
    else {
      console.error(`unknown argument ${argv[k]}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (options.dir === undefined || !(Number.isSafeInteger(options.rounds) && options.rounds >= 1)) {
    console.error(USAGE);
    process.exit(2);
  }
  options.db ??= join(options.dir, 'report-bench.duckdb');
  return options;
}

const seconds = (text, label) => Number(new RegExp(`${label} \\(seconds\\): ([\\d.]+)`).exec(text)?.[1]);

/** Runs a command under /usr/bin/time -v: wall and CPU seconds, peak RSS in MB, the 1-minute load before. */
function measure(label, command, args) {
  const load = loadavg()[0];
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-v', command, ...args], { cwd: repo, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    console.error(`${label} failed (exit ${result.status}):\n${result.stderr}`);
    process.exit(1);
  }
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  const cpu = seconds(result.stderr, 'User time') + seconds(result.stderr, 'System time');
  return { label, wall, cpu, load, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

const options = parseArgs(process.argv.slice(2));
const config = join(options.dir, 'milestones.bench.yaml');
const cli = join(repo, 'bin', 'milestones.js');
const out = join(options.dir, 'report-bench.html');
if (!existsSync(config)) {
  console.error(`${config} not found: run node bench/generate.js --out ${options.dir} first`);
  process.exit(2);
}
if (!existsSync(join(repo, 'dist', 'cli.js')))
  execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });

const report = () => measure('report', 'node', [cli, 'report', '-c', config, '--db', options.db, '-o', out]);
// Loads and computes when the warehouse is new or its results are stale; then the results are current.
console.error('first report (not compared) ...');
const first = report();

const baselineScript = `const { Warehouse } = await import(${JSON.stringify(join(repo, 'dist/warehouse/session.js'))});
  const w = await Warehouse.open(${JSON.stringify(options.db)});
  await w.run('CREATE TEMP TABLE counts AS SELECT account_id, "event", count(*) AS n FROM events GROUP BY ALL');
  w.close();`;
const baseline = () => measure('baseline', 'node', ['--input-type=module', '-e', baselineScript]);

const dropStoredTotals = () =>
  execFileSync(
    'node',
    [
      '--input-type=module',
      '-e',
      `const { Warehouse } = await import(${JSON.stringify(join(repo, 'dist/warehouse/session.js'))});
      const w = await Warehouse.open(${JSON.stringify(options.db)});
      await w.run('DROP TABLE IF EXISTS "_report_totals"');
      w.close();`,
    ],
    { cwd: repo },
  );
const counted = () => {
  dropStoredTotals();
  return { ...report(), label: 'counted' };
};

const runs = { baseline: [], report: [], counted: [] };
let bytes;
for (let round = 0; round < options.rounds; round++) {
  console.error(`round ${round + 1} ...`);
  runs.baseline.push(baseline());
  for (const [list, run] of [
    [runs.report, report],
    [runs.counted, counted],
  ]) {
    list.push(run());
    const content = readFileSync(out);
    if (bytes !== undefined && !bytes.equals(content)) {
      console.error('the report differs between two runs on the same warehouse');
      process.exit(1);
    }
    bytes = content;
  }
}
const best = (list) => list.reduce((a, b) => (b.wall < a.wall ? b : a));
const base = best(runs.baseline);

console.log(`report bench: ${config}; ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores`);
console.log(
  `first report (computes when stale; not compared): ${first.wall.toFixed(2)} s wall, ${first.cpu.toFixed(2)} s CPU`,
);
console.log(
  'step       wall s   CPU s   peak RSS MB   load   wall / baseline   CPU / baseline   (all runs: wall s @ load)',
);
for (const list of Object.values(runs)) {
  const r = best(list);
  const all = list.map((x) => `${x.wall.toFixed(2)} @ ${x.load.toFixed(1)}`).join(', ');
  console.log(
    `${r.label.padEnd(9)} ${r.wall.toFixed(2).padStart(7)} ${r.cpu.toFixed(2).padStart(7)} ${r.rssMb.toFixed(0).padStart(13)} ` +
      `${r.load.toFixed(1).padStart(6)} ${(r.wall / base.wall).toFixed(1).padStart(16)}x ${(r.cpu / base.cpu).toFixed(1).padStart(15)}x   (${all})`,
  );
}
console.log(`report file: ${statSync(out).size.toLocaleString('en-US')} bytes, the same in every round`);
