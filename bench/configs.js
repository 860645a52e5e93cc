/**
 * The configs bench/run.js derives from the one bench/generate.js writes
 * (DIR/milestones.bench.yaml), next to it so that their sources resolve to
 * the same files:
 *
 *   milestones.bench-statuses.yaml  the milestones alone (no journeys, conversions or CX):
 *                                   `compute --full` with it runs the statuses plan and its publish
 *   milestones.bench-funnel.yaml    plus `bench_funnel`, the conversion of bench/conversions.js
 *                                   (3 event steps, an exclusion, 2 breakdowns, revenue,
 *                                   10 touchpoints): `milestones conversions bench_funnel`
 *
 * and the plain `CREATE TABLE AS SELECT` of every declared source file, the
 * floor that `milestones load` is compared with.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';

export const FUNNEL_ID = 'bench_funnel';

/** bench/conversions.js's FUNNEL, in the definitions language. */
const FUNNEL_YAML = `
id: ${FUNNEL_ID}
name: Bench funnel (10 touchpoints)
steps:
  - { event: app_installed }
  - { event: checkout_started }
  - { event: subscription_started }
window: 90d
exclusions:
  - { event: deal_lost, between: [1, 2] }
touchpoints:
  - { id: visit_google, event: page_view, where: { referrer: google } }
  - { id: visit_direct, event: page_view, where: { referrer: direct } }
  - { id: visit_newsletter, event: page_view, where: { referrer: newsletter } }
  - { id: visit_partner, event: page_view, where: { referrer: partner } }
  - { id: report_created, event: report_created }
  - { id: dashboard_shared, event: dashboard_shared }
  - { id: support_ticket, event: support_ticket }
  - { id: user_invited, event: user_invited }
  - { id: integration_connected, event: integration_connected }
  - { id: demo_booked, event: demo_booked }
breakdown: [segment, region]
unit: account
value: amount
half_life: 7d
`;

const HEADER = ' Written by bench/run.js from milestones.bench.yaml; rewritten on every run.';

function write(file, doc) {
  doc.commentBefore = `${doc.commentBefore ?? ''}\n${HEADER}`;
  writeFileSync(`${file}.tmp`, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
  renameSync(`${file}.tmp`, file);
  return file;
}

/** Writes the two derived configs; returns their paths. */
export function writeDerivedConfigs(dir) {
  const source = readFileSync(join(dir, 'milestones.bench.yaml'), 'utf8');
  const statuses = parseDocument(source);
  for (const section of ['journeys', 'conversions', 'cx']) statuses.delete(section);
  const funnel = parseDocument(source);
  funnel.get('conversions').add(parseDocument(FUNNEL_YAML).contents);
  return {
    statuses: write(join(dir, 'milestones.bench-statuses.yaml'), statuses),
    funnel: write(join(dir, 'milestones.bench-funnel.yaml'), funnel),
  };
}

/** A SQL string literal. */
const str = (s) => `'${String(s).replaceAll("'", "''")}'`;

/**
 * `CREATE TABLE "<source>" AS SELECT * FROM read_parquet('<file>')` (or
 * read_csv with its defaults) for every source the config declares: what
 * `milestones load` does, without mapping, typing, checks or bookkeeping.
 */
export function plainCtasSql(dir) {
  const doc = parseDocument(readFileSync(join(dir, 'milestones.bench.yaml'), 'utf8'));
  const sources = doc.get('sources').toJSON();
  return Object.entries(sources).map(([name, source]) => {
    const paths = [source.path].flat().map((p) => str(resolve(dir, p)));
    const reader = (source.format ?? (String(source.path).endsWith('.csv') ? 'csv' : 'parquet')) === 'csv';
    return `CREATE TABLE "${name}" AS SELECT * FROM ${reader ? 'read_csv' : 'read_parquet'}([${paths.join(', ')}])`;
  });
}
