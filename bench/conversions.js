#!/usr/bin/env node
/**
 * Conversion benchmark (not a test): a funnel with an exclusion, two
 * breakdowns, revenue and 10 touchpoints on the data of bench/generate.js,
 * plus the example's milestone funnels. Prints the time of each phase and the
 * size of what reaches TypeScript (the distinct paths). Run after
 * `npm run build`:
 *
 *   node bench/generate.js --events 10000000 --out fixtures/generated
 *   node bench/conversions.js --dir fixtures/generated
 */
import { resolve, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadProject } from '../dist/definitions/load-definitions.js';
import { loadSources } from '../dist/warehouse/load-sources.js';
import { computeConversions, ensureStatuses, resolveAsOf } from '../dist/conversions/run-conversions.js';
import { readTables } from '../dist/warehouse/run-plan.js';
import { Warehouse } from '../dist/warehouse/session.js';

const USAGE =
  'usage: node bench/conversions.js --dir DIR [--db FILE] [--steps]\n' +
  '  DIR: the output folder of bench/generate.js; FILE: a warehouse kept between runs (loading is skipped\n' +
  '  when the files are already in it); --steps: the time of every SQL statement';

function parseArgs(argv) {
  const value = (flag) => {
    const k = argv.indexOf(flag);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  const dir = value('--dir');
  if (!dir) {
    console.error(USAGE);
    process.exit(2);
  }
  return { dir: resolve(dir), db: value('--db') ?? ':memory:', steps: argv.includes('--steps') };
}

/** With --steps: prints how long each statement took (a statement ends when the next starts). */
function stepTimer(enabled) {
  let last;
  const flush = () => {
    if (last)
      console.log(
        `    ${last.name.padEnd(44)} ${((performance.now() - last.start) / 1000).toFixed(2).padStart(7)} s`,
      );
    last = undefined;
  };
  return {
    onStatement: enabled
      ? (statement) => {
          flush();
          last = { name: statement.name, start: performance.now() };
        }
      : undefined,
    flush,
  };
}

const day = (n) => ({ seconds: n * 86_400, text: `${n}d` });
const event = (name, where = []) => ({ kind: 'event', event: name, where });
const is = (property, value) => ({ property, op: 'eq', value, negate: false });

/** installed -> checkout -> subscribed, 10 touchpoints, deal_lost voids between checkout and subscription. */
const FUNNEL = {
  id: 'bench_funnel',
  name: 'Bench funnel (10 touchpoints)',
  steps: [event('app_installed'), event('checkout_started'), event('subscription_started')],
  window: day(90),
  cohort: { kind: 'all' },
  exclusions: [{ event: 'deal_lost', where: [], between: [1, 2] }],
  touchpoints: [
    ...['google', 'direct', 'newsletter', 'partner'].map((r) => ({
      id: `visit_${r}`,
      event: 'page_view',
      where: [is('referrer', r)],
    })),
    ...[
      'report_created',
      'dashboard_shared',
      'support_ticket',
      'user_invited',
      'integration_connected',
      'demo_booked',
    ].map((e) => ({ id: e, event: e, where: [] })),
  ],
  breakdown: ['segment', 'region'],
  unit: 'account',
  value: 'amount',
  halfLife: day(7),
};

async function timed(label, fn) {
  const start = performance.now();
  const result = await fn();
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label.padEnd(34)} ${seconds.toFixed(2).padStart(8)} s`);
  return result;
}

async function main() {
  const { dir, db, steps } = parseArgs(process.argv.slice(2));
  const timer = stepTimer(steps);
  const project = loadProject(join(dir, 'milestones.bench.yaml'), { onWarnings: () => {} });
  project.conversions.push(FUNNEL);
  const warehouse = await Warehouse.open(db);
  try {
    await timed('load sources', () => loadSources(warehouse, project));
    const events = await warehouse.one('SELECT count(*) AS n FROM events');
    console.log(`${'events'.padEnd(34)} ${String(events.n).padStart(8)}`);
    const tables = await readTables(warehouse);
    const asOf = await resolveAsOf(warehouse, undefined);
    await timed('milestone statuses (all milestones)', () =>
      ensureStatuses(warehouse, project, { asOf, tables }),
    );
    await timed('conversions: bench_funnel', async () => {
      const result = await computeConversions(warehouse, project, {
        asOf,
        tables,
        ids: ['bench_funnel'],
        ...(timer.onStatement ? { onStatement: timer.onStatement } : {}),
      });
      timer.flush();
      return result;
    });
    const paths = await warehouse.one(
      "SELECT count(*) AS n, sum(converted) AS c, sum(not_converted) AS nc FROM conversion_paths WHERE conversion_id = 'bench_funnel'",
    );
    console.log(`${'  distinct paths to TypeScript'.padEnd(34)} ${String(paths.n).padStart(8)}`);
    console.log(`${'  converted / not converted'.padEnd(34)} ${`${paths.c} / ${paths.nc}`.padStart(8)}`);
    const other = project.conversions.filter((c) => c.id !== 'bench_funnel').map((c) => c.id);
    await timed(`conversions: ${other.join(', ')}`, () =>
      computeConversions(warehouse, project, { asOf, tables, ids: other }),
    );
  } finally {
    warehouse.close();
  }
}

await main();
