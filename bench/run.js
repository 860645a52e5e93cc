#!/usr/bin/env node
/**
 * `npm run bench`: what computing costs, as ratios to the plainest DuckDB work
 * on the same data, at several sizes in one run so that the growth shows:
 *
 *   node bench/run.js [--events 1M,10M,50M] [--repeat 3] [--steps LIST]
 *
 * (default: --events 1M,10M --repeat 3, every step). Results: docs/SCALING.md.
 *
 * For each size, the data of bench/generate.js (seed 42) in
 * bench/out/data-N/ (generated once, reused when present). Every step is a
 * child process under `/usr/bin/time -v` (wall time, CPU time, peak RSS):
 *
 *   scan        SELECT account_id, "event", count(*) FROM events GROUP BY ALL, in a
 *               DuckDB opened as the CLI opens it (warehouse/session.ts), into a temp table
 *   first       milestones compute --full --verbose on a warehouse that was only
 *               loaded: the first compute, which writes every result table whole
 *   compute     the same on a warehouse already computed once: the rerun a daily
 *               `--full` job pays. Its per-statement times (stderr) are summed into
 *               statuses build, conversions build, CX and journeys, and publish;
 *               the phases are parts of this one run
 *   statuses    milestones compute --full with the milestones alone (bench/configs.js):
 *               the statuses plan and its publish, with its own peak RSS
 *   conversion  milestones conversions bench_funnel: 10 touchpoints (bench/configs.js)
 *   ctas        CREATE TABLE AS SELECT * FROM read_parquet(...) of every source file, a fresh database
 *   load        milestones load into a fresh database (round 1's becomes bench.duckdb)
 *
 * Every computing step runs on its own copy of one warehouse state (loaded
 * only for `first`; loaded and computed once, unmeasured, at the start of the
 * run for the others), so that no step publishes over another's tables and
 * every round measures the same work.
 *
 * Runs are paired and interleaved: round 1 runs every step once, then round
 * 2, and so on (--repeat, default 3). A ratio is taken within each round
 * (load / ctas, everything else / scan) and the median over rounds is
 * printed, with the median wall time, the largest peak RSS, and the 1-minute
 * load average read when each run started (the machine is shared: a ratio
 * is only comparable with ratios taken at a similar load).
 *
 * At the end: one Markdown table (steps by size) and one JSON line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUNNEL_ID, plainCtasSql, writeDerivedConfigs } from './configs.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'bin', 'milestones.js');
const STEPS = ['ctas', 'load', 'scan', 'first', 'compute', 'statuses', 'conversion'];
const USAGE =
  'usage: node bench/run.js [--events N[,N...]] [--repeat N] [--steps ' +
  `${STEPS.join(',')}]\n  N may be written 1M, 10M, 50M`;

function count(text) {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text);
  if (!m) return NaN;
  return Number(m[1]) * { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[m[2]];
}

function parseArgs(argv) {
  const options = { events: [1_000_000, 10_000_000], repeat: 3, steps: STEPS };
  for (let k = 0; k < argv.length; k++) {
    const [flag, inline] = argv[k].split('=', 2);
    const value = () => inline ?? argv[++k] ?? '';
    if (flag === '--events') options.events = value().split(',').map(count);
    else if (flag === '--repeat') options.repeat = Number(value());
    else if (flag === '--steps') options.steps = value().split(',');
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown argument ${argv[k]}\n${USAGE}`);
      process.exit(2);
    }
  }
  const bad =
    !options.events.every((n) => Number.isSafeInteger(n) && n >= 1) ||
    !(Number.isSafeInteger(options.repeat) && options.repeat >= 1) ||
    !options.steps.every((s) => STEPS.includes(s));
  if (bad) {
    console.error(USAGE);
    process.exit(2);
  }
  // Ratios need their denominators.
  const steps = new Set(options.steps);
  if (steps.has('load')) steps.add('ctas');
  if ([...steps].some((s) => !['load', 'ctas'].includes(s))) steps.add('scan');
  options.steps = STEPS.filter((s) => steps.has(s));
  return options;
}

/** Runs a command under /usr/bin/time -v: wall and CPU seconds, peak RSS in MB, the 1-minute load before. */
function measure(label, args) {
  const load = loadavg()[0];
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    console.error(`${label} failed (exit ${result.status}):\n${result.stderr}`);
    process.exit(1);
  }
  const figure = (name) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(result.stderr)?.[1] ?? NaN);
  return {
    wall,
    cpu: figure('User time \\(seconds\\)') + figure('System time \\(seconds\\)'),
    rssMb: figure('Maximum resident set size \\(kbytes\\)') / 1024,
    load,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

/** A child that opens db as the CLI does (warehouse/session.ts) and runs statements. */
function warehouseScript(db, statements) {
  const session = JSON.stringify(join(repo, 'dist', 'warehouse', 'session.js'));
  return `const { Warehouse } = await import(${session});
    const w = await Warehouse.open(${JSON.stringify(db)});
    const t0 = process.hrtime.bigint();
    for (const sql of ${JSON.stringify(statements)}) await w.run(sql);
    console.log(JSON.stringify({ seconds: Number(process.hrtime.bigint() - t0) / 1e9 }));
    w.close();`;
}

/** Runs statements in a child; `sql` is their own time, without Node's start and DuckDB's open. */
function inWarehouse(label, db, statements) {
  const r = measure(label, ['--input-type=module', '-e', warehouseScript(db, statements)]);
  return { ...r, sql: JSON.parse(r.stdout).seconds };
}

function removeDb(db) {
  for (const suffix of ['', '.wal', '.tmp']) rmSync(`${db}${suffix}`, { force: true, recursive: true });
}

/** A copy of a closed warehouse (its WAL too, when one was left), flushed to disk before any step is timed. */
function copyDb(from, to) {
  removeDb(to);
  copyFileSync(from, to);
  if (existsSync(`${from}.wal`)) copyFileSync(`${from}.wal`, `${to}.wal`);
  execFileSync('sync');
}

/** Whether a warehouse holds published results (a compute ran on it). */
function hasResults(db) {
  const api = JSON.stringify(join(repo, 'node_modules', '@duckdb', 'node-api', 'lib', 'index.js'));
  const check = `const { DuckDBInstance } = await import(${api});
    const c = await (await DuckDBInstance.create(${JSON.stringify(db)}, { access_mode: 'READ_ONLY' })).connect();
    const r = await c.runAndReadAll("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'milestone_runs'");
    console.log(String(r.getRows()[0][0]));`;
  return (
    execFileSync(process.execPath, ['--input-type=module', '-e', check], {
      cwd: repo,
      encoding: 'utf8',
    }).trim() !== '0'
  );
}

/**
 * `--verbose` prints "   123 ms  label [name]" when each statement ends
 * (output/step-progress.ts). In `compute`'s order: the statuses build
 * (`_ms_*`, with `as_of` and `run_started`), the conversions (`_cv_*`), CX
 * and journeys (`cx_as_of`, `_cx_*`, `_jr_*`), then the publish, which
 * starts with the first other name (`milestone_status`).
 */
function phaseSeconds(stderr) {
  const phases = { statuses: 0, conversions: 0, cx: 0, publish: 0, sql: 0 };
  let phase = 'statuses';
  for (const [, ms, name] of stderr.matchAll(/^\s*(\d+) ms {2}.* \[([^\]]+)\]$/gm)) {
    if (phase !== 'publish') {
      if (name.startsWith('_cv_')) phase = 'conversions';
      else if (/^(_cx_|_jr_|cx_as_of$)/.test(name)) phase = 'cx';
      else if (!/^(_ms_|_cv_|as_of$|run_started$)/.test(name)) phase = 'publish';
    }
    phases[phase] += Number(ms) / 1000;
    phases.sql += Number(ms) / 1000;
  }
  return phases;
}

function prepare(events) {
  const dir = join(repo, 'bench', 'out', `data-${events}`);
  if (!existsSync(join(dir, 'milestones.bench.yaml')) || !existsSync(join(dir, 'events.parquet'))) {
    console.error(`generating ${events} events into ${dir} ...`);
    const gen = measure('generate', [
      join(repo, 'bench', 'generate.js'),
      '--events',
      String(events),
      '--out',
      dir,
    ]);
    console.error(`  ${gen.wall.toFixed(1)} s`);
  }
  return {
    dir,
    config: join(dir, 'milestones.bench.yaml'),
    db: join(dir, 'bench.duckdb'),
    ...writeDerivedConfigs(dir),
  };
}

/** Every step of one round, in order; returns { step: measurement }. */
function runRound(data, steps, round) {
  const { dir, config, db } = data;
  const ctasDb = join(dir, 'bench-ctas.duckdb');
  const loadDb = join(dir, 'bench-load.duckdb');
  const out = {};
  const run = (step, fn) => {
    if (!steps.includes(step)) return;
    out[step] = fn();
    console.error(
      `  ${step.padEnd(10)} ${out[step].wall.toFixed(2).padStart(8)} s ${out[step].rssMb.toFixed(0).padStart(6)} MB  (load ${out[step].load.toFixed(2)})`,
    );
  };
  run('ctas', () => {
    removeDb(ctasDb);
    const r = inWarehouse('ctas', ctasDb, plainCtasSql(dir));
    removeDb(ctasDb);
    return r;
  });
  run('load', () => {
    removeDb(loadDb);
    const r = measure('load', [cli, 'load', '-c', config, '--db', loadDb, '--quiet']);
    // The first round's fresh load is the warehouse every other step reads.
    if (round === 0) {
      removeDb(db);
      renameSync(loadDb, db);
    } else removeDb(loadDb);
    return r;
  });
  if (!existsSync(db) || hasResults(db)) {
    // Older versions of this bench computed on bench.duckdb itself; `first` needs a loaded-only one.
    console.error('  loading bench.duckdb (not measured) ...');
    removeDb(db);
    measure('load', [cli, 'load', '-c', config, '--db', db, '--quiet']);
  } else if (round === 0) {
    // A warehouse loaded by an older loader reloads on its next load: here, not inside `first`,
    // whose figure had included a whole reload (222 s for a 25 s compute). Fresh: 3 s, all skipped.
    console.error('  bringing bench.duckdb up to date (load, not measured) ...');
    measure('load', [cli, 'load', '-c', config, '--db', db, '--quiet']);
  }
  const computedDb = join(dir, 'bench-computed.duckdb');
  if (round === 0 && steps.some((s) => ['compute', 'statuses', 'conversion'].includes(s))) {
    console.error('  computing bench-computed.duckdb once (not measured) ...');
    copyDb(db, computedDb);
    measure('computed', [
      cli,
      'compute',
      '--full',
      '--quiet',
      '--format',
      'csv',
      '-c',
      config,
      '--db',
      computedDb,
    ]);
  }
  run('scan', () =>
    inWarehouse('scan', db, [
      'CREATE TEMP TABLE "counts" AS SELECT account_id, "event", count(*) AS n FROM events GROUP BY ALL',
    ]),
  );
  // Each step on its own copy of a warehouse state: no step publishes over another's tables.
  const stepDb = join(dir, 'bench-step.duckdb');
  const onCopy = (from, fn) => {
    copyDb(from, stepDb);
    try {
      return fn();
    } finally {
      removeDb(stepDb);
    }
  };
  const compute = (label, file, from) =>
    onCopy(from, () => {
      const r = measure(label, [
        cli,
        'compute',
        '--full',
        '--verbose',
        '--format',
        'csv',
        '-c',
        file,
        '--db',
        stepDb,
      ]);
      return { ...r, phases: phaseSeconds(r.stderr) };
    });
  run('first', () => compute('first', config, db));
  run('compute', () => compute('compute', config, computedDb));
  run('statuses', () => compute('statuses', data.statuses, computedDb));
  run('conversion', () =>
    onCopy(computedDb, () => {
      const args = [
        'conversions',
        FUNNEL_ID,
        '--verbose',
        '--format',
        'csv',
        '-c',
        data.funnel,
        '--db',
        stepDb,
      ];
      const r = measure('conversion', [cli, ...args]);
      return { ...r, phases: phaseSeconds(r.stderr) };
    }),
  );
  for (const r of Object.values(out)) {
    delete r.stdout;
    delete r.stderr;
  }
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const BASE = { load: 'ctas', ctas: undefined, scan: undefined };

/**
 * Medians over rounds: wall, CPU, the paired ratio (to the scan's process, or
 * the CTAS's for load); the largest RSS; the loads seen. A step's SQL phases
 * (--verbose) are compared with the scan's own SQL time: both without Node's
 * start and DuckDB's open.
 */
function summarize(rounds, steps) {
  const summary = {};
  for (const step of steps) {
    const runs = rounds.map((r) => r[step]);
    const base = step in BASE ? BASE[step] : 'scan';
    const s = {
      wall: median(runs.map((r) => r.wall)),
      cpu: median(runs.map((r) => r.cpu)),
      rssMb: Math.max(...runs.map((r) => r.rssMb)),
      load: runs.map((r) => Number(r.load.toFixed(2))),
      walls: runs.map((r) => Number(r.wall.toFixed(2))),
      ...(base ? { base, ratio: median(rounds.map((r) => r[step].wall / r[base].wall)) } : {}),
      ...(runs[0].sql !== undefined ? { sql: median(runs.map((r) => r.sql)) } : {}),
    };
    if (runs[0].phases) {
      s.phases = {};
      for (const phase of Object.keys(runs[0].phases)) {
        s.phases[phase] = {
          wall: median(runs.map((r) => r.phases[phase])),
          ratio: median(rounds.map((r) => r[step].phases[phase] / r.scan.sql)),
        };
      }
      s.phases.other = {
        wall: median(runs.map((r) => r.wall - r.phases.sql)),
        ratio: median(rounds.map((r) => (r[step].wall - r[step].phases.sql) / r.scan.sql)),
      };
    }
    summary[step] = s;
  }
  return summary;
}

const LABELS = {
  scan: 'scan: `GROUP BY account_id, event` (process; its SQL alone)',
  first: '`compute --full`, first (a warehouse only loaded)',
  'first.publish': '… publish',
  compute: '`compute --full`, rerun (a warehouse computed once)',
  'compute.statuses': '… statuses build',
  'compute.conversions': '… conversions build (2 conversions, 3 touchpoints)',
  'compute.cx': '… CX and journeys',
  'compute.publish': '… publish',
  'compute.other': '… outside SQL (Node, load check, summary)',
  statuses: 'statuses plan (`compute --full`, milestones only)',
  'statuses.statuses': '… statuses build',
  'statuses.publish': '… publish',
  conversion: '`conversions bench_funnel` (10 touchpoints)',
  'conversion.conversions': '… conversion build',
  ctas: 'plain CTAS of the 4 source files',
  load: '`load` of the same files (fresh database)',
};

const PHASES = {
  first: ['publish'],
  compute: ['statuses', 'conversions', 'cx', 'publish', 'other'],
  statuses: ['statuses', 'publish'],
  conversion: ['conversions'],
};

const mb = (x) => (x >= 1024 ? `${(x / 1024).toFixed(2)} GB` : `${x.toFixed(0)} MB`);
const loads = (xs) =>
  Math.min(...xs) === Math.max(...xs)
    ? `load ${xs[0].toFixed(1)}`
    : `load ${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;

function cell(s) {
  const ratio = s.ratio === undefined ? '' : `**${s.ratio.toFixed(2)}x** ${s.base}; `;
  const sql = s.sql === undefined ? '' : `; SQL ${s.sql.toFixed(2)} s`;
  return `${ratio}${s.wall.toFixed(2)} s, ${mb(s.rssMb)}${sql} (${loads(s.load)})`;
}

function table(results) {
  const sizes = results.map((r) => r.events);
  const label = (n) => (n % 1e6 === 0 ? `${n / 1e6}M events` : `${n} events`);
  const lines = [`| step | ${sizes.map(label).join(' | ')} |`, `|---|${sizes.map(() => '---|').join('')}`];
  for (const step of ['scan', 'first', 'compute', 'statuses', 'conversion', 'ctas', 'load']) {
    if (!results.some((r) => r.summary[step])) continue;
    lines.push(
      `| ${LABELS[step]} | ${results.map(({ summary }) => (summary[step] ? cell(summary[step]) : '')).join(' | ')} |`,
    );
    for (const phase of PHASES[step] ?? []) {
      const cells = results.map(({ summary }) => {
        const p = summary[step]?.phases[phase];
        return p ? `**${p.ratio.toFixed(2)}x** scan SQL; ${p.wall.toFixed(2)} s` : '';
      });
      lines.push(`| ${LABELS[`${step}.${phase}`]} | ${cells.join(' | ')} |`);
    }
  }
  return lines.join('\n');
}

const options = parseArgs(process.argv.slice(2));
if (!existsSync(join(repo, 'dist', 'cli.js')))
  execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
const started = Date.now();
const results = [];
for (const events of options.events) {
  const data = prepare(events);
  const rounds = [];
  for (let round = 0; round < options.repeat; round++) {
    console.error(`${events} events, round ${round + 1} of ${options.repeat}:`);
    rounds.push(runRound(data, options.steps, round));
  }
  removeDb(join(data.dir, 'bench-computed.duckdb'));
  results.push({ events, summary: summarize(rounds, options.steps), rounds });
}

const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(
  `bench: ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}; ` +
    `median of ${options.repeat} paired rounds (largest peak RSS; 1-minute load average at each run's start); ${minutes} min`,
);
console.log();
console.log(table(results));
console.log();
console.log(
  JSON.stringify({
    bench: 'milestones',
    cores: availableParallelism(),
    memoryGb: Number((totalmem() / 2 ** 30).toFixed(1)),
    repeat: options.repeat,
    minutes: Number(minutes),
    sizes: results.map(({ events, summary }) => ({ events, steps: summary })),
  }),
);
