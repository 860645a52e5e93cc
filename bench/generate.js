#!/usr/bin/env node
/**
 * Generates a big synthetic data set for benchmarks, shaped like the small
 * fixtures (same columns, event names and properties), as Parquet:
 *
 *   node bench/generate.js --events 10000000 --out fixtures/generated [--seed 42] [--accounts N]
 *
 * writes OUT/events.parquet, OUT/accounts.parquet, OUT/contacts.parquet,
 * OUT/surveys.parquet (one survey response per 100 events, with the columns
 * of the fixtures' Qualtrics export) and OUT/milestones.bench.yaml (the
 * example's definitions pointed at them).
 *
 * Everything is computed inside DuckDB from `range()`; nothing row-sized goes
 * through JavaScript. Randomness is a hash of (row, stream, seed), never
 * `random()` (whose order depends on the threads): the same arguments give
 * the same data on any machine.
 *
 * Shape: accounts = max(1000, events / 1000). Activity per account is
 * heavy-tailed: an event picks account index floor(A * u^3), so index k gets
 * a share ~ k^(-2/3) (the top 1% of accounts have about a fifth of the
 * events). Low indexes also lean enterprise. Seats are Pareto for enterprise
 * accounts, contacts scale with seats, and timestamps run from each account's
 * sign-up to 2026-04-30 23:59:59 (a year), as naive local times. `props`
 * is JSON text in a VARCHAR column (fixtures/events_2026_05.parquet has the
 * JSON type, so loaders see both).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseDocument } from 'yaml';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = 'usage: node bench/generate.js --events N --out DIR [--seed S] [--accounts N]';

function parseArgs(argv) {
  const options = {
    events: 1_000_000,
    out: join(repo, 'fixtures', 'generated'),
    seed: 42,
    accounts: undefined,
  };
  for (let k = 0; k < argv.length; k++) {
    const [flag, inline] = argv[k].split('=', 2);
    const value = () => inline ?? argv[++k];
    if (flag === '--events') options.events = Number(value());
    else if (flag === '--out') options.out = resolve(value());
    else if (flag === '--seed') options.seed = Number(value());
    else if (flag === '--accounts') options.accounts = Number(value());
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown argument ${argv[k]}\n${USAGE}`);
      process.exit(2);
    }
  }
  for (const key of ['events', 'seed', 'accounts']) {
    const v = options[key];
    if (v !== undefined && !(Number.isSafeInteger(v) && v >= (key === 'seed' ? 0 : 1))) {
      console.error(`--${key} must be a whole number${key === 'seed' ? '' : ' >= 1'}\n${USAGE}`);
      process.exit(2);
    }
  }
  options.accounts ??= Math.max(1000, Math.floor(options.events / 1000));
  return options;
}

/** A SQL string literal. */
const str = (s) => `'${String(s).replaceAll("'", "''")}'`;

/** SQL for a list literal of strings. */
const list = (items) => `[${items.map(str).join(', ')}]`;

/** SQL picking one item of `items` with the uniform number `u` in [0, 1). */
const pick = (items, u) => `${list(items)}[1 + floor(${u} * ${items.length})::INTEGER]`;

// Event names with their share of all events (sums to 1), as in the fixtures.
const EVENT_MIX = [
  ['page_view', 0.47],
  ['report_created', 0.28],
  ['dashboard_shared', 0.06],
  ['support_ticket', 0.05],
  ['user_invited', 0.04],
  ['integration_connected', 0.03],
  ['demo_booked', 0.02],
  ['checkout_started', 0.025],
  ['app_installed', 0.01],
  ['subscription_started', 0.01],
  ['deal_lost', 0.005],
];

/** CASE expression choosing an event name from the uniform number `u`. */
function eventNameSql(u) {
  const total = EVENT_MIX.reduce((sum, [, share]) => sum + share, 0);
  if (Math.abs(total - 1) > 1e-9) throw new Error(`EVENT_MIX sums to ${total}, not 1`);
  let cumulative = 0;
  const arms = EVENT_MIX.slice(0, -1).map(([name, share]) => {
    cumulative += share;
    return `WHEN ${u} < ${cumulative.toFixed(4)} THEN ${str(name)}`;
  });
  return `CASE ${arms.join(' ')} ELSE ${str(EVENT_MIX.at(-1)[0])} END`;
}

const PATHS = [
  '/pricing',
  '/pricing/compare',
  '/pricing/enterprise',
  '/docs/getting-started',
  '/docs/reports',
  '/docs/dashboards',
  '/docs/api',
  '/docs/integrations',
  '/blog/customer-milestones',
  '/changelog',
];

/** The JSON text of `props` for each event name (streams u5..u7). */
function propsSql() {
  const q = (s) => `'"${s}":"' || `; // opens a string property
  const arms = {
    page_view: `'{' || ${q('referrer')}${pick(['google', 'direct', 'newsletter', 'partner'], 'u5')} || '","channel":"web"}'`,
    app_installed: `'{' || ${q('channel')}${pick(['web', 'web', 'mobile'], 'u5')} || '",' || ${q('version')}${pick(['3.1.4', '3.2.0', '3.3.0'], 'u6')} || '"}'`,
    integration_connected: `'{' || ${q('channel')}${pick(['web', 'api', 'mobile'], 'u5')} || '",' || ${q('provider')}${pick(['salesforce', 'hubspot', 'slack', 'zendesk', 'okta', 'jira'], 'u6')} || '"}'`,
    user_invited: `'{' || ${q('role')}${pick(['member', 'member', 'member', 'member', 'member', 'member', 'member', 'admin', 'admin', 'guest'], 'u5')} || '",' || ${q('email')}'invite' || floor(u6 * 100000)::BIGINT || '@' || account_id || '.example"}'`,
    report_created: `'{' || ${q('title')}${pick(['Weekly revenue', 'Pipeline by rep', 'Churn watch', 'Weekly support load', 'Board metrics'], 'u5')} || '",' || ${q('source')}CASE WHEN u6 < 0.15 THEN 'import' ELSE 'manual' END || '","charts":' || (1 + floor(u7 * 8)::INTEGER) || '}'`,
    dashboard_shared: `CASE WHEN u5 < 0.1 THEN '{"dashboard":"link copied"}' ELSE '{' || ${q('channel')}${pick(['slack', 'email'], 'u6')} || '","dashboard":"Exec"}' END`,
    demo_booked: `'{"channel":"web",' || ${q('rep')}${pick(['sam', 'kim', 'lee'], 'u5')} || '"}'`,
    checkout_started: `CASE WHEN u5 < 0.2 THEN '{"channel":"web","coupon":"SPRING20"}' ELSE '{"channel":"web"}' END`,
    subscription_started: `'{' || ${q('billing')}CASE WHEN u5 < 0.6 THEN 'annual' ELSE 'monthly' END || '"}'`,
    deal_lost: `'{' || ${q('reason')}${pick(['budget', 'competitor', 'timing'], 'u5')} || '"}'`,
    support_ticket: `'{"priority":' || (1 + floor(u5 * 4)::INTEGER) || ',' || ${q('topic')}${pick(['sso', 'billing', 'reports', 'integrations', 'api'], 'u6')} || '"}'`,
  };
  return `CASE event_name ${Object.entries(arms)
    .map(([name, sql]) => `WHEN ${str(name)} THEN ${sql}`)
    .join(' ')} END`;
}

/**
 * SQL macros for the pseudo-random numbers: u(row, stream) is uniform in
 * [0, 1). DuckDB's multi-argument hash() XORs the hashes of its arguments,
 * which makes hash(i, seed, 1) and hash(i, seed, 2) correlated; so one key per
 * (row, stream) is hashed, XOR-ed with a hash of the seed.
 */
function macrosSql(seed) {
  return `
    CREATE MACRO u(i, k) AS
      hash(xor((i * 64 + k)::UBIGINT, hash(${seed}::BIGINT)))::DOUBLE / 18446744073709551616.0;`;
}

/**
 * The accounts' columns as a chain of CTEs over `source` (a query with an
 * `idx` column). Every attribute is a pure function of the index, so the
 * events query computes them inline instead of joining (a parallel hash join
 * would not keep the rows in order, and the files would differ run to run).
 */
function accountCtes(source, accounts) {
  return `
    acct_u AS NOT MATERIALIZED (
      SELECT *, u(idx, 1) AS a1, u(idx, 2) AS a2, u(idx, 3) AS a3, u(idx, 4) AS a4,
             u(idx, 5) AS a5, u(idx, 6) AS a6
      FROM (${source})
    ), acct_seg AS NOT MATERIALIZED (
      SELECT *,
        -- low indexes (the busiest accounts) lean enterprise
        CASE WHEN 0.7 * a1 + 0.3 * idx / ${accounts} < 0.10 THEN 'enterprise'
             WHEN 0.7 * a1 + 0.3 * idx / ${accounts} < 0.40 THEN 'mid'
             ELSE 'smb' END AS segment,
        -- sign-ups over a year, more of them early on
        TIMESTAMP '2025-05-01 00:00:00'
          + to_seconds(floor(pow(a3, 1.5) * 350 * 86400)::BIGINT) AS signed_up_at
      FROM acct_u
    ), acct_size AS NOT MATERIALIZED (
      SELECT *,
        CASE segment
          WHEN 'smb' THEN 1 + floor(a2 * 5)
          WHEN 'mid' THEN 5 + floor(a2 * 26)
          ELSE least(2000, floor(20 * pow(1 - a2, -1 / 1.5)))  -- Pareto, alpha 1.5
        END::INTEGER AS seats
      FROM acct_seg
    ), acct AS NOT MATERIALIZED (
      SELECT *,
        printf('acct_%07d', idx) AS account_id,
        (signed_up_at + to_days(floor(a4 * 21)::INTEGER))::DATE AS contract_start,
        ${pick(['us-east', 'us-west', 'eu-west', 'apac'], 'a5')} AS region,
        CASE segment WHEN 'enterprise' THEN 'enterprise' WHEN 'mid' THEN 'pro'
          ELSE CASE WHEN a6 < 0.5 THEN 'starter' ELSE 'pro' END END AS account_plan,
        greatest(1, least(500, ceil(seats * (0.3 + 0.7 * a6))))::INTEGER AS n_contacts,
        epoch_us(signed_up_at) AS signed_up_us,
        epoch(TIMESTAMP '2026-04-30 23:59:59') - epoch(signed_up_at) AS span_s
      FROM acct_size
    )`;
}

function accountsSql(accounts) {
  return `
    CREATE TABLE gen_accounts AS
    WITH ${accountCtes(`SELECT range AS idx FROM range(${accounts})`, accounts)}
    SELECT idx, account_id AS id, printf('Account %d', idx) AS name, seats, segment, signed_up_at,
      contract_start, region, n_contacts, span_s
    FROM acct
    ORDER BY idx`;
}

function contactsSql() {
  return `
    SELECT
      a.id || '-c' || j AS id,
      a.id AS account,
      'user' || j || '@' || a.id || '.example' AS email,
      CASE WHEN j = 0 OR u(a.idx * 4096 + j, 9) < 0.1 THEN 'admin' ELSE 'member' END AS role,
      a.signed_up_at
        + to_seconds(floor(u(a.idx * 4096 + j, 10) * least(a.span_s, 120 * 86400))::BIGINT) AS created_at
    FROM (SELECT *, unnest(range(n_contacts)) AS j FROM gen_accounts) a
    ORDER BY a.idx, j`;
}

function eventsSql(events, accounts) {
  const rows = `
    SELECT i, u(i, 2) AS u_event, u(i, 3) AS u_ts, u(i, 4) AS u_contact, u(i, 8) AS u_null,
      u(i, 5) AS u5, u(i, 6) AS u6, u(i, 7) AS u7,
      floor(${accounts} * pow(u(i, 1), 3))::BIGINT AS idx
    FROM gen_rows`;
  return `
    WITH ${accountCtes(rows, accounts)}, e AS NOT MATERIALIZED (
      SELECT *,
        ${eventNameSql('u_event')} AS event_name,
        make_timestamp(signed_up_us + floor(u_ts * span_s)::BIGINT * 1000000) AS occurred_at
      FROM acct
    )
    SELECT
      occurred_at,
      account_id AS account,
      CASE WHEN event_name IN ('subscription_started', 'deal_lost') OR u_null < 0.08 THEN NULL
           ELSE account_id || '-c' || floor(u_contact * n_contacts)::INTEGER END AS user_id,
      event_name,
      CASE WHEN event_name IN ('checkout_started', 'subscription_started') THEN account_plan
           WHEN occurred_at < contract_start THEN 'trial' ELSE account_plan END AS plan,
      CASE WHEN event_name = 'subscription_started'
           THEN seats * CASE account_plan WHEN 'starter' THEN 10 WHEN 'pro' THEN 40 ELSE 90 END
                * CASE WHEN u5 < 0.6 THEN 12 ELSE 1 END
      END::DOUBLE AS amount,
      CASE WHEN event_name = 'page_view' THEN ${pick(PATHS, 'u7')} END AS path,
      -- JSON text in a VARCHAR column: casting 10M strings to JSON would double the time
      ${propsSql()} AS props
    FROM e`;
}

const TOPICS = ['Onboarding', 'Integrations', 'Reporting', 'Pricing', 'Performance', 'Billing', 'Security'];

/**
 * Survey responses shaped like fixtures/survey_qualtrics.csv: a contact of an
 * account picked with the events' skew answers at a time in the account's
 * span; NPS 0-10 (0.5% out of scale: 11), CSAT 1-5, CES 1-7, one or two Text
 * iQ topics, a sentiment, and half of them name the milestone they were sent for.
 */
function surveysSql(responses, accounts) {
  const rows = `
    SELECT i, u(i, 21) AS s1, u(i, 22) AS s2, u(i, 23) AS s3, u(i, 24) AS s4, u(i, 25) AS s5,
      u(i, 26) AS s6, u(i, 27) AS s7, u(i, 28) AS s8, u(i, 29) AS u_ts,
      floor(${accounts} * pow(u(i, 20), 3))::BIGINT AS idx
    FROM range(${responses}) AS r(i)`;
  return `
    WITH ${accountCtes(rows, accounts)}
    SELECT
      make_timestamp(signed_up_us + floor(u_ts * span_s)::BIGINT * 1000000) AS EndDate,
      'R_' || i AS ResponseId,
      account_id || '-c' || floor(s1 * n_contacts)::INTEGER AS ExternalReference,
      CASE WHEN s2 < 0.005 THEN 11 ELSE floor(s2 * 11)::INTEGER END AS Q1,
      1 + floor(s3 * 5)::INTEGER AS Q2,
      1 + floor(s4 * 7)::INTEGER AS Q3,
      ${pick(['Works well', 'Setup took a while', 'Reports are slow', 'Great support', ''], 's6')} AS Q4,
      ${pick(TOPICS, 's5')} || CASE WHEN s6 < 0.4 THEN ';' || ${pick(TOPICS, 's7')} ELSE '' END AS Q4_Topics,
      ${pick(['Positive', 'Positive', 'Neutral', 'Negative', 'Mixed'], 's7')} AS Q4_Sentiment,
      CASE WHEN s8 < 0.5 THEN ${pick(['setup', 'activated', 'customer'], 's8 * 2')} END AS milestone,
      'SV_bench' AS SurveyID
    FROM acct
    ORDER BY i`;
}

/** The example's definitions, with sources pointed at the generated files. */
function writeBenchConfig(out) {
  const doc = parseDocument(readFileSync(join(repo, 'milestones.example.yaml'), 'utf8'));
  const schema = relative(out, join(repo, 'schema', 'milestones.schema.json'));
  doc.commentBefore =
    ` yaml-language-server: $schema=${schema}\n` +
    ' Generated by bench/generate.js: the definitions of milestones.example.yaml\n' +
    ' over the generated Parquet files. Do not edit; regenerate.';
  doc.set('warehouse', 'bench.duckdb');
  const sources = doc.get('sources');
  const events = sources.get('events');
  events.set('path', 'events.parquet');
  events.set('format', 'parquet');
  events.delete('timestamp_format');
  events.delete('delimiter');
  for (const table of ['accounts', 'contacts']) {
    sources.get(table).set('path', `${table}.parquet`);
    sources.get(table).set('format', 'parquet');
  }
  const surveys = sources.get('surveys');
  surveys.set('path', 'surveys.parquet');
  surveys.set('format', 'parquet');
  // A Qualtrics export's ResponseId is found by name; a plain file maps it.
  surveys.get('columns').set('response_id', 'ResponseId');
  const file = join(out, 'milestones.bench.yaml');
  writeFileSync(`${file}.tmp`, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
  renameSync(`${file}.tmp`, file);
  return file;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const { events, accounts, seed, out } = options;
  mkdirSync(out, { recursive: true });
  const started = performance.now();
  const seconds = (t0) => ((performance.now() - t0) / 1000).toFixed(1);

  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(macrosSql(seed));

  const copy = async (name, select) => {
    const t0 = performance.now();
    const tmp = join(out, `${name}.parquet.tmp`);
    await con.run(
      `COPY (${select}) TO ${str(tmp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
    );
    renameSync(tmp, join(out, `${name}.parquet`));
    const reader = await con.runAndReadAll(
      `SELECT count(*)::VARCHAR AS n FROM read_parquet(${str(join(out, `${name}.parquet`))})`,
    );
    const rows = reader.getRowObjectsJS()[0].n;
    console.error(`  ${name}.parquet: ${rows} rows in ${seconds(t0)} s`);
    return rows;
  };

  console.error(`generating ${events} events over ${accounts} accounts (seed ${seed}) into ${out}`);
  await con.run(accountsSql(accounts));
  // range() is scanned by one thread; a materialised table is scanned by all.
  await con.run(`CREATE TABLE gen_rows AS SELECT range AS i FROM range(${events})`);
  const accountRows = await copy(
    'accounts',
    'SELECT id, name, seats, segment, signed_up_at, contract_start, region FROM gen_accounts ORDER BY idx',
  );
  const contactRows = await copy('contacts', contactsSql());
  const eventRows = await copy('events', eventsSql(events, accounts));
  const surveyRows = await copy('surveys', surveysSql(Math.max(100, Math.floor(events / 100)), accounts));
  const config = writeBenchConfig(out);
  con.closeSync();

  console.log(`events\t${eventRows}`);
  console.log(`accounts\t${accountRows}`);
  console.log(`contacts\t${contactRows}`);
  console.log(`surveys\t${surveyRows}`);
  console.log(`seconds\t${seconds(started)}`);
  console.error(`  ${relative(process.cwd(), config)}`);
}

await main();
