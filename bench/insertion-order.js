#!/usr/bin/env node
/**
 * Would `SET preserve_insertion_order = false` for the whole compute save
 * memory or time, and are the results the same? (docs/SCALING.md#memory)
 * On a warehouse loaded by bench/memory.js, runs the full plan twice in
 * child processes under `/usr/bin/time -v` (setting kept, setting off), each
 * on its own copy, under the same memory limit; prints wall, CPU and peak RSS,
 * then compares every result table of the two copies row for row (EXCEPT ALL
 * both ways).
 *
 *   node bench/memory.js --data /tmp/b10m --limits none
 *   node bench/insertion-order.js --data /tmp/b10m [--memory-limit 1GB] [--off-first]
 *
 * milestone_runs differs by design (it records when each run happened).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const data = resolve(option('--data', join(repo, 'bench', 'out', 'data-10000000')));
const limit = option('--memory-limit', '1GB');
const loaded = join(data, 'memory-bench.duckdb');
if (!existsSync(loaded)) {
  console.error(`no loaded warehouse ${loaded}: run node bench/memory.js --data ${data} first`);
  process.exit(2);
}

/** The child: the full plan (no load: the copy is loaded), with the setting on or off. */
const CHILD = `
import { loadProject } from '${repo}/dist/definitions/load-definitions.js';
import { parseMemoryLimit } from '${repo}/dist/definitions/sizes.js';
import { computeAll } from '${repo}/dist/compute/run-compute.js';
import { readTables } from '${repo}/dist/warehouse/run-plan.js';
import { withWarehouse } from '${repo}/dist/warehouse/session.js';
const [config, db, limit, order] = process.argv.slice(2);
const project = loadProject(config, { onWarnings: () => {} });
await withWarehouse(db, async (w) => {
  if (order === 'off') await w.run('SET preserve_insertion_order = false');
  await computeAll(w, project, { tables: await readTables(w), full: true });
}, { settings: { memoryLimit: parseMemoryLimit(limit).bytes } });
`;
const child = join(data, 'insertion-order-child.mjs');
writeFileSync(child, CHILD);

function run(order) {
  const db = join(data, `insertion-order-${order}.duckdb`);
  copyFileSync(loaded, db);
  const started = process.hrtime.bigint();
  const result = spawnSync(
    '/usr/bin/time',
    ['-v', 'node', child, join(data, 'milestones.bench.yaml'), db, limit, order],
    { encoding: 'utf8' },
  );
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    console.error(`run with preserve_insertion_order ${order} failed:\n${result.stderr}`);
    process.exit(1);
  }
  const figure = (name) => Number(new RegExp(`${name}: ([0-9.]+)`).exec(result.stderr)?.[1] ?? NaN);
  const cpu = figure('User time \\(seconds\\)') + figure('System time \\(seconds\\)');
  const rssMb = (figure('Maximum resident set size \\(kbytes\\)') * 1024) / 1e6;
  console.log(
    `preserve_insertion_order ${order.padEnd(4)} ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU, peak RSS ${rssMb.toFixed(0)} MB (memory limit ${limit})`,
  );
  return db;
}

// --off-first: the other order, to see what the order of the runs does to the figures.
const offFirst = args.includes('--off-first');
const off0 = offFirst ? run('off') : undefined;
const kept = run('kept');
const off = off0 ?? run('off');

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`ATTACH '${kept}' AS a (READ_ONLY); ATTACH '${off}' AS b (READ_ONLY)`);
const tables = (
  await connection.runAndReadAll(
    "SELECT table_name FROM duckdb_tables() WHERE database_name = 'a' AND schema_name = 'main' AND NOT starts_with(table_name, '_') AND table_name NOT IN ('events', 'accounts', 'contacts', 'survey_responses') ORDER BY 1",
  )
)
  .getRowObjectsJS()
  .map((r) => r.table_name);
let differing = 0;
for (const table of tables) {
  const q = `"${table.replaceAll('"', '""')}"`;
  const reader = await connection.runAndReadAll(
    `SELECT (SELECT count(*) FROM a.${q}) AS n, (SELECT count(*) FROM (FROM a.${q} EXCEPT ALL FROM b.${q})) AS only_kept, (SELECT count(*) FROM (FROM b.${q} EXCEPT ALL FROM a.${q})) AS only_off`,
  );
  const [row] = reader.getRowObjectsJS();
  if (row.only_kept !== 0n || row.only_off !== 0n) differing += 1;
  console.log(
    `  ${table}: ${row.n} rows, ${row.only_kept} only with the setting kept, ${row.only_off} only with it off`,
  );
}
console.log(differing === 0 ? 'every result table is identical' : `${differing} tables differ`);
connection.closeSync();
instance.closeSync();
for (const db of [kept, off, child]) rmSync(db, { force: true });
