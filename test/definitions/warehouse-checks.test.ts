/**
 * Names the definitions use that the loaded events never contain, and the
 * catalog read from a real (temporary) DuckDB warehouse.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { toDiagnostic } from '../../src/definitions/findings.js';
import { checkAgainstCatalog } from '../../src/definitions/warehouse-checks.js';
import { parseYaml } from '../../src/definitions/yaml-source.js';
import { readCatalog } from '../../src/warehouse/catalog.js';
import { yaml } from './helpers.js';

const defs = yaml`
  milestones:
    - id: a
      criteria:
        - event: app_instaled
          where: {plann: pro, amount: {gte: 1}}
        - any: [{event: login, count: {distinct: sesion}}]
  conversions:
    - id: c
      steps: [a, {event: checkout}]
      window: 1d
      exclusions: [{event: deal_lost}]
      touchpoints: [demo_booked, {event: page_view, where: {path: x}}]
`;

function warnings(catalog: { events: string[]; eventProperties: string[] }) {
  const source = parseYaml(defs, 'm.yaml');
  return checkAgainstCatalog(source.data, catalog).map((f) => toDiagnostic(f, source));
}

describe('checkAgainstCatalog', () => {
  const catalog = {
    events: ['app_installed', 'login', 'checkout', 'page_view', 'demo_booked'],
    eventProperties: ['plan', 'amount', 'session', 'path'],
  };

  it('warns about every unknown event and property, with did you mean, at its place', () => {
    // after dedenting: line 4 "      - event: app_instaled" (name at 16), line 5 "        where: {plann: ..." (key at 17),
    // line 6 "      - any: [{event: login, count: {distinct: sesion}}]" (value at 48),
    // line 11 "    exclusions: [{event: deal_lost}]" (name at 26)
    const found = warnings(catalog);
    expect(
      found.map((d) => [d.severity, d.code, d.message, d.hint, d.location?.line, d.location?.col]),
    ).toEqual([
      [
        'warning',
        'unknown-event',
        'event "app_instaled" never occurs in the warehouse',
        'did you mean "app_installed"?',
        4,
        16,
      ],
      [
        'warning',
        'unknown-event',
        'event "deal_lost" never occurs in the warehouse',
        'check the spelling, or load the events that carry it',
        11,
        26,
      ],
      [
        'warning',
        'unknown-property',
        'event property "plann" never occurs in the warehouse',
        'did you mean "plan"?',
        5,
        17,
      ],
      [
        'warning',
        'unknown-property',
        'event property "sesion" never occurs in the warehouse',
        'did you mean "session"?',
        6,
        48,
      ],
    ]);
  });

  it('says nothing about an empty warehouse', () => {
    expect(warnings({ events: [], eventProperties: [] })).toEqual([]);
  });
});

describe('readCatalog', () => {
  it('is undefined without a file or without an events table', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'milestones-catalog-'));
    expect(await readCatalog(path.join(dir, 'none.duckdb'))).toBeUndefined();
    expect(await readCatalog(':memory:')).toBeUndefined();
    const file = path.join(dir, 'empty.duckdb');
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE accounts(account_id VARCHAR)');
    connection.closeSync();
    instance.closeSync();
    expect(await readCatalog(file)).toBeUndefined();
  });

  it('lists event names, typed property columns and JSON keys', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'milestones-catalog-')), 'w.duckdb');
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run(
      'CREATE TABLE events(ts TIMESTAMP, account_id VARCHAR, contact_id VARCHAR, event VARCHAR, plan VARCHAR, properties JSON, _load_id VARCHAR)',
    );
    await connection.run(`INSERT INTO events VALUES
      ('2026-01-01', 'a', NULL, 'login', 'pro', '{"session": "s1", "device": {"os": "ios"}}', 'l1'),
      ('2026-01-02', 'a', 'c', 'report_created', NULL, '{"amount": 3}', 'l1'),
      ('2026-01-03', 'b', NULL, 'login', NULL, NULL, 'l1')`);
    connection.closeSync();
    instance.closeSync();
    // events sorted; properties: the typed column plan, then top-level JSON keys (nested "os" is not a key)
    expect(await readCatalog(file)).toEqual({
      events: ['login', 'report_created'],
      eventProperties: ['plan', 'amount', 'device', 'session'],
    });
  });
});
