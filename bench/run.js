#!/usr/bin/env node
/**
 * `npm run bench`: the statuses engine at scale. Generates N events with
 * bench/generate.js (once; reused when present), loads them, then times in
 * the same run, each in a child process under `/usr/bin/time -v`:
 *
 *   baseline  one plain pass: SELECT account_id, "event", count(*) FROM events GROUP BY ALL
 *   plan      the compiled statuses plan alone (every milestone, history, publish)
 *   compute   `milestones compute` as a user runs it (sources checked, plan, summary)
 *
 * and prints wall time, peak RSS and the ratios to the baseline.
 *
 * Each step runs twice, alternating, and the faster run counts (the first
 * run after loading pays for cold caches).
 *
 *   node bench/run.js [--events 10000000] [--out bench/out/data-10000000] [--threads N] [--keep-db]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const options = { events: 10_000_000, out: undefined, threads: undefined, keepDb: false };
  for (let k = 0; k < argv.length; k++) {
    const [flag, inline] = argv[k].split('=', 2);
    const value = () => inline ?? argv[++k];
    if (flag === '--events') options.events = Number(value());
    else if (flag === '--out') options.out = resolve(value());
    else if (flag === '--threads') options.threads = Number(value());
    else if (flag === '--keep-db') options.keepDb = true;
    else {
      console.error(
        `unknown argument ${argv[k]}\nusage: node bench/run.js [--events N] [--out DIR] [--threads N] [--keep-db]`,
      );
      process.exit(2);
    }
  }
  options.out ??= join(repo, 'bench', 'out', `data-${options.events}`);
  return options;
}

/** Runs a command under /usr/bin/time -v: wall seconds and peak RSS in MB. */
function measure(label, command, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-v', command, ...args], { cwd: repo, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    console.error(`${label} failed (exit ${result.status}):\n${result.stderr}`);
    process.exit(1);
  }
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  return { label, wall, rssMb: rss ? Number(rss[1]) / 1024 : NaN, stdout: result.stdout };
}

/** A child that opens the warehouse and runs one step, so its time and memory are its own. */
function childScript(step, db, config, threads) {
  const setThreads = threads ? `await w.run('SET threads = ${threads}');` : '';
  const body =
    step === 'baseline'
      ? `await w.run('CREATE TEMP TABLE counts AS SELECT account_id, "event", count(*) AS n FROM events GROUP BY ALL');`
      : `const { loadProject } = await import(${JSON.stringify(join(repo, 'dist/definitions/load-definitions.js'))});
         const { compilePlan } = await import(${JSON.stringify(join(repo, 'dist/compiler/statuses/plan.js'))});
         const { readTables, runPlan } = await import(${JSON.stringify(join(repo, 'dist/warehouse/run-plan.js'))});
         const project = loadProject(${JSON.stringify(config)});
         await runPlan(w, compilePlan(project, { tables: await readTables(w) }));`;
  return `const { Warehouse } = await import(${JSON.stringify(join(repo, 'dist/warehouse/session.js'))});
    const w = await Warehouse.open(${JSON.stringify(db)});
    ${setThreads}
    ${body}
    w.close();`;
}

const options = parseArgs(process.argv.slice(2));
const config = join(options.out, 'milestones.bench.yaml');
const db = join(options.out, 'bench.duckdb');

if (!existsSync(join(repo, 'dist', 'cli.js')))
  execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
if (!existsSync(config)) {
  console.error(`generating ${options.events} events into ${options.out} ...`);
  const gen = measure('generate', 'node', [
    join(repo, 'bench', 'generate.js'),
    '--events',
    String(options.events),
    '--out',
    options.out,
  ]);
  console.error(`  ${gen.wall.toFixed(1)} s`);
}
let load;
if (!options.keepDb || !existsSync(db)) {
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  console.error('loading ...');
  load = measure('load', 'node', [join(repo, 'bin', 'milestones.js'), 'load', '-c', config, '--db', db]);
}

const node = (step) =>
  measure(step, 'node', ['--input-type=module', '-e', childScript(step, db, config, options.threads)]);
const computeCli = () =>
  measure('compute', 'node', [
    join(repo, 'bin', 'milestones.js'),
    'compute',
    '-c',
    config,
    '--db',
    db,
    '--format',
    'csv',
  ]);
const runs = { baseline: [], plan: [], compute: [] };
for (let round = 0; round < 2; round++) {
  console.error(`round ${round + 1} ...`);
  runs.baseline.push(node('baseline'));
  runs.plan.push(node('plan'));
  runs.compute.push(computeCli());
}
const best = (list) => list.reduce((a, b) => (b.wall < a.wall ? b : a));
const baseline = best(runs.baseline);

const events = execFileSync(
  'node',
  [
    '--input-type=module',
    '-e',
    `const { Warehouse } = await import(${JSON.stringify(join(repo, 'dist/warehouse/session.js'))});
    const w = await Warehouse.open(${JSON.stringify(db)}, { readOnly: true });
    const r = await w.one('SELECT count(*) AS n, count(DISTINCT account_id) AS a FROM events');
    const h = await w.one('SELECT count(*) AS n FROM milestone_history');
    const s = await w.one('SELECT count(*) AS n FROM milestone_status');
    console.log(r.n + ' events, ' + r.a + ' accounts; ' + s.n + ' status rows, ' + h.n + ' history rows');
    w.close();`,
  ],
  { cwd: repo, encoding: 'utf8' },
).trim();

const cores = execFileSync('nproc', { encoding: 'utf8' }).trim();
console.log(
  `statuses bench: ${events}; ${cores} cores${options.threads ? `, ${options.threads} DuckDB threads` : ''}`,
);
if (load)
  console.log(`load (once, not compared): ${load.wall.toFixed(2)} s, peak RSS ${load.rssMb.toFixed(0)} MB`);
console.log('step      wall s   peak RSS MB   wall / baseline   (all runs, s)');
for (const list of Object.values(runs)) {
  const r = best(list);
  const all = list.map((x) => x.wall.toFixed(2)).join(', ');
  console.log(
    `${r.label.padEnd(9)} ${r.wall.toFixed(2).padStart(6)}   ${r.rssMb.toFixed(0).padStart(11)}   ${(r.wall / baseline.wall).toFixed(1).padStart(14)}x   (${all})`,
  );
}
