#!/usr/bin/env node
/**
 * Peak memory of `milestones compute` under `--memory-limit` (docs/SCALING.md#memory).
 * Loads the generated data once, then for each limit copies the loaded
 * warehouse and runs `compute --full` on the copy under `/usr/bin/time -v`,
 * spilling to a fresh folder; prints wall time, CPU time, peak RSS, the
 * peak RSS over the limit, and the spill folder's peak size.
 *
 *   node bench/generate.js --events 10000000 --out /tmp/b10m
 *   node bench/memory.js --data /tmp/b10m [--limits none,2GB,1GB] [--threads N]
 *
 * "none" runs without the flag (the default limit: 75% of memory minus 300 MB).
 * Runs one after the other; nothing else heavy should run meanwhile.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { clearInterval, setInterval } from 'node:timers';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'bin', 'milestones.js');
const USAGE = 'usage: node bench/memory.js --data DIR [--limits none,2GB,1GB] [--threads N]';

function parseArgs(argv) {
  const options = { data: undefined, limits: ['none', '2GB', '1GB'], threads: undefined };
  for (let k = 0; k < argv.length; k++) {
    const [flag, inline] = argv[k].split('=', 2);
    const value = () => inline ?? argv[++k];
    if (flag === '--data') options.data = resolve(value());
    else if (flag === '--limits') options.limits = value().split(',');
    else if (flag === '--threads') options.threads = value();
    else {
      console.error(`unknown argument ${argv[k]}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (!options.data || !existsSync(join(options.data, 'milestones.bench.yaml'))) {
    console.error(`no generated data (milestones.bench.yaml) in ${options.data}\n${USAGE}`);
    process.exit(2);
  }
  return options;
}

/** Bytes of the files in a folder now. */
function folderBytes(dir) {
  try {
    return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  } catch {
    return 0; // gone, or a file vanished while counting
  }
}

/**
 * Runs the CLI under /usr/bin/time -v: wall and CPU seconds, peak RSS in MB
 * (10^6 bytes), stderr, and the peak size of the spill folder, sampled every
 * 200 ms (DuckDB removes its spill files when done).
 */
function measure(args, spill) {
  return new Promise((done) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-v', 'node', bin, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let spillPeak = 0;
    const timer = setInterval(() => (spillPeak = Math.max(spillPeak, spill ? folderBytes(spill) : 0)), 200);
    child.on('close', (status) => {
      clearInterval(timer);
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      if (status !== 0) {
        console.error(`milestones ${args.join(' ')} failed (exit ${status}):\n${stderr}`);
        process.exit(1);
      }
      const figure = (name) => Number(new RegExp(`${name}: ([0-9.]+)`).exec(stderr)?.[1] ?? NaN);
      done({
        wall,
        cpu: figure('User time \\(seconds\\)') + figure('System time \\(seconds\\)'),
        rssMb: (figure('Maximum resident set size \\(kbytes\\)') * 1024) / 1e6,
        spillMb: spillPeak / 1e6,
        stderr,
      });
    });
  });
}

const options = parseArgs(process.argv.slice(2));
const config = join(options.data, 'milestones.bench.yaml');
const loaded = join(options.data, 'memory-bench.duckdb');
if (!existsSync(loaded)) {
  const load = await measure(['load', '-c', config, '--db', loaded, '--quiet']);
  console.log(`load (once): ${load.wall.toFixed(1)} s, peak RSS ${load.rssMb.toFixed(0)} MB`);
}

console.log(
  `load average before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log('limit     wall s   CPU s   peak RSS MB   RSS - limit MB   peak spill MB   (--verbose line)');
for (const limit of options.limits) {
  const db = join(options.data, `memory-bench-${limit}.duckdb`);
  const spill = join(options.data, `spill-${limit}`);
  rmSync(spill, { recursive: true, force: true });
  mkdirSync(spill);
  copyFileSync(loaded, db);
  const args = ['compute', '-c', config, '--db', db, '--full', '--format', 'csv', '--verbose'];
  args.push('--temp-dir', spill);
  if (limit !== 'none') args.push('--memory-limit', limit);
  if (options.threads) args.push('--threads', options.threads);
  const run = await measure(args, spill);
  const line = /warehouse: (memory limit [^\n]*)/.exec(run.stderr)?.[1] ?? '?';
  const [, amount, unit] = /memory limit ([0-9.]+) ([MG])B/.exec(line) ?? [];
  const limitMb = Number(amount ?? NaN) * (unit === 'G' ? 1000 : 1);
  console.log(
    `${limit.padEnd(8)} ${run.wall.toFixed(1).padStart(7)} ${run.cpu.toFixed(1).padStart(7)}   ${run.rssMb.toFixed(0).padStart(11)}   ${(run.rssMb - limitMb).toFixed(0).padStart(14)}   ${run.spillMb.toFixed(0).padStart(13)}   (${line})`,
  );
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  rmSync(spill, { recursive: true, force: true });
}
console.log(
  `load average after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
