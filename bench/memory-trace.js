#!/usr/bin/env node
/**
 * Where the peak RSS of a compute under a memory limit comes from
 * (docs/SCALING.md#memory). Runs the full plan in this process on a copy of
 * the warehouse bench/memory.js loaded, sampling every 50 ms the process RSS
 * and V8's heap, and at each statement's start DuckDB's own accounting
 * (`duckdb_memory()`: buffer-managed memory and temporary storage). Prints
 * the peak RSS, the statement running then, and the peaks of each part.
 *
 *   node bench/memory-trace.js --data /tmp/b10m [--memory-limit 500MB] [--threads N] [--sql "SET x = y"]
 *
 * --sql runs a statement first (to try a DuckDB setting).
 */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { loadProject } = await import(join(repo, 'dist/definitions/load-definitions.js'));
const { parseMemoryLimit } = await import(join(repo, 'dist/definitions/sizes.js'));
const { computeAll } = await import(join(repo, 'dist/compute/run-compute.js'));
const { readTables } = await import(join(repo, 'dist/warehouse/run-plan.js'));
const { withWarehouse } = await import(join(repo, 'dist/warehouse/session.js'));

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const data = resolve(option('--data', join(repo, 'bench', 'out', 'data-10000000')));
const limit = option('--memory-limit', '500MB');
const threads = option('--threads', undefined);
const sql = option('--sql', undefined);
const loaded = join(data, 'memory-bench.duckdb');
if (!existsSync(loaded)) {
  console.error(`no loaded warehouse ${loaded}: run node bench/memory.js --data ${data} first`);
  process.exit(2);
}
const db = join(data, 'memory-trace.duckdb');
const spill = join(data, 'spill-trace');
copyFileSync(loaded, db);

const MB = 1e6;
const peak = { rss: 0, heap: 0, external: 0, duckdb: 0, temp: 0, at: '' };
let current = '(opening)';
const timer = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > peak.rss) Object.assign(peak, { rss: m.rss, at: current });
  peak.heap = Math.max(peak.heap, m.heapTotal);
  peak.external = Math.max(peak.external, m.external + m.arrayBuffers);
}, 50);

const project = loadProject(join(data, 'milestones.bench.yaml'), { onWarnings: () => {} });
const started = Date.now();
await withWarehouse(
  db,
  async (w) => {
    if (sql) await w.run(sql);
    await computeAll(w, project, {
      tables: await readTables(w),
      full: true,
      onStatement: async (statement) => {
        const [row] = await w.all(
          'SELECT sum(memory_usage_bytes) AS used, sum(temporary_storage_bytes) AS temp FROM duckdb_memory()',
        );
        peak.duckdb = Math.max(peak.duckdb, Number(row.used));
        peak.temp = Math.max(peak.temp, Number(row.temp));
        current = statement.name;
      },
    });
  },
  {
    settings: {
      memoryLimit: parseMemoryLimit(limit).bytes,
      tempDir: spill,
      ...(threads ? { threads: Number(threads) } : {}),
    },
  },
);
clearInterval(timer);
const f = (bytes) => `${(bytes / MB).toFixed(0)} MB`;
console.log(`memory limit ${limit}${sql ? `, ${sql}` : ''}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`peak RSS ${f(peak.rss)} (sampled every 50 ms), during ${peak.at}`);
console.log(`peak V8 heap ${f(peak.heap)}, peak external + array buffers ${f(peak.external)}`);
console.log(
  `peak DuckDB buffer-managed memory at statement starts ${f(peak.duckdb)}, temporary storage ${f(peak.temp)}`,
);
for (const file of [db, `${db}.wal`, spill]) rmSync(file, { recursive: true, force: true });
