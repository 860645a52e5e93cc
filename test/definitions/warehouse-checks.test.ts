/**
 * Names the definitions use that the loaded events never contain, and the
 * catalog read from a real (temporary) DuckDB warehouse.
 */
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { toDiagnostic } from '../../src/definitions/findings.js';
import { checkAgainstCatalog } from '../../src/definitions/warehouse-checks.js';
import { parseYaml } from '../../src/definitions/yaml-source.js';
import { readCatalog } from '../../src/warehouse/catalog.js';
import { tempDir } from '../helpers/temp-dir.js';
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

/** A warehouse file in a temp folder, after these statements. */
async function warehouseFile(...statements: string[]): Promise<string> {
  const file = path.join(tempDir('milestones-catalog-'), 'w.duckdb');
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  for (const sql of statements) await connection.run(sql);
  connection.closeSync();
  instance.closeSync();
  return file;
}

describe('readCatalog', () => {
  it('is undefined without a file or without an events table', async () => {
    const dir = tempDir('milestones-catalog-');
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
    const file = await warehouseFile(
      'CREATE TABLE events(ts TIMESTAMP, account_id VARCHAR, contact_id VARCHAR, event VARCHAR, plan VARCHAR, properties JSON, _load_id VARCHAR)',
      `INSERT INTO events VALUES
      ('2026-01-01', 'a', NULL, 'login', 'pro', '{"session": "s1", "device": {"os": "ios"}}', 'l1'),
      ('2026-01-02', 'a', 'c', 'report_created', NULL, '{"amount": 3}', 'l1'),
      ('2026-01-03', 'b', NULL, 'login', NULL, NULL, 'l1')`,
    );
    // events sorted; properties: the columns a definition can name (the canonical ones too, as
    // compute reads them; not properties or _load_id), then top-level JSON keys (nested "os" is not a key)
    expect(await readCatalog(file)).toMatchObject({
      events: ['login', 'report_created'],
      eventProperties: ['ts', 'account_id', 'contact_id', 'event', 'plan', 'amount', 'device', 'session'],
    });
  });

  it('lists account and contact properties, numeric columns and the ids that exist', async () => {
    const file = path.join(tempDir('milestones-catalog-'), 'w.duckdb');
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run(
      'CREATE TABLE events(ts TIMESTAMP, account_id VARCHAR, contact_id VARCHAR, event VARCHAR, properties JSON, _load_id VARCHAR)',
    );
    await connection.run(`INSERT INTO events VALUES
      ('2026-01-01', 'initech', 'u9', 'login', NULL, 'l1')`);
    await connection.run(
      'CREATE TABLE accounts(account_id VARCHAR, seats INTEGER, segment VARCHAR, mrr DECIMAL(18,2), properties JSON, _load_id VARCHAR)',
    );
    await connection.run(`INSERT INTO accounts VALUES
      ('acme', 5, 'mid', 10.5, '{"region": "eu"}', 'l1'), ('globex', 3, NULL, NULL, NULL, 'l1')`);
    connection.closeSync();
    instance.closeSync();
    const catalog = await readCatalog(file, {
      accounts: ['acme', 'initech', 'acmee'],
      contacts: ['u9', 'u1'],
    });
    // accounts: account_id (a definition can name it), typed seats, segment, mrr then the JSON key region;
    // numeric: seats (INTEGER), mrr (DECIMAL);
    // ids: asked ones that exist (acme in accounts, initech only in events) plus the sample (all 3 here);
    // no contacts table: not loaded, ids from events only (u9)
    expect(catalog?.accounts).toEqual({
      loaded: true,
      properties: ['account_id', 'seats', 'segment', 'mrr', 'region'],
      numeric: ['seats', 'mrr'],
      types: { account_id: 'VARCHAR', seats: 'INTEGER', segment: 'VARCHAR', mrr: 'DECIMAL(18,2)' },
      ids: ['acme', 'globex', 'initech'],
    });
    expect(catalog?.contacts).toEqual({ loaded: false, properties: [], numeric: [], types: {}, ids: ['u9'] });
  });
});

describe('checkAgainstCatalog on account and contact properties', () => {
  const actorDefs = yaml`
    milestones:
      - id: a
        criteria:
          - {event: login, per: segment}
          - {event: login, per: seatz}
        evaluation: {start: {property: contract_strat}}
        assign: {where: {segmnt: mid}, accounts: [acmee, globex]}
        overrides:
          - {accounts: [globex], start: {property: contract_start}}
      - id: u
        level: contact
        criteria: [{event: login}]
        evaluation: {start: assigned}
        assign: {where: {role: admin}, at: created_att, contacts: [u1]}
    conversions:
      - id: c
        steps: [a, {event: login}]
        window: 1d
        breakdown: [segment, regin]
  `;
  const actor = (properties: string[], numeric: string[], types: Record<string, string>, ids: string[]) => ({
    loaded: true,
    properties,
    numeric,
    types,
    ids,
  });
  const catalog = {
    events: ['login'],
    eventProperties: [],
    accounts: actor(
      ['seats', 'segment', 'contract_start', 'region'],
      ['seats'],
      { seats: 'INTEGER', segment: 'VARCHAR', contract_start: 'DATE' },
      ['acme', 'globex'],
    ),
    contacts: actor(['role', 'created_at'], [], { role: 'VARCHAR', created_at: 'TIMESTAMP' }, ['u1']),
  };

  it('warns about unknown properties and ids, and per: on a text column, at their places', () => {
    const source = parseYaml(actorDefs, 'm.yaml');
    const found = checkAgainstCatalog(source.data, catalog).map((f) => toDiagnostic(f, source));
    // after dedenting, in the order the uses are read (the command sorts them by place):
    // line 7 "    assign: {where: {segmnt: mid}, accounts: [acmee, globex]}" (key at 22, id at 47),
    // line 6 "    evaluation: {start: {property: contract_strat}}" (value at 36),
    // lines 4 and 5 "      - {event: login, per: segment}" (value at 29), the text column then the typo,
    // line 14 "    assign: {where: {role: admin}, at: created_att, contacts: [u1]}" (at value at 40),
    // line 19 "    breakdown: [segment, regin]" (regin at 26); ids come last
    expect(found.map((d) => [d.code, d.message, d.hint, d.location?.line, d.location?.col])).toEqual([
      [
        'unknown-property',
        'account property "segmnt" never occurs in the warehouse',
        'did you mean "segment"?',
        7,
        22,
      ],
      [
        'unknown-property',
        'account property "contract_strat" never occurs in the warehouse',
        'did you mean "contract_start"?',
        6,
        36,
      ],
      [
        'non-numeric-per',
        'per: account property "segment" is VARCHAR, not a number',
        'name a numeric property (like seats), or declare it with a numeric type in sources',
        4,
        29,
      ],
      [
        'unknown-property',
        'account property "seatz" never occurs in the warehouse',
        'did you mean "seats"?',
        5,
        29,
      ],
      [
        'unknown-property',
        'contact property "created_att" never occurs in the warehouse',
        'did you mean "created_at"?',
        14,
        40,
      ],
      [
        'unknown-property',
        'account property "regin" never occurs in the warehouse',
        'did you mean "region"?',
        19,
        26,
      ],
      ['unknown-account', 'account "acmee" never occurs in the warehouse', 'did you mean "acme"?', 7, 47],
    ]);
  });

  it('warns about a timezone_property the accounts never have', () => {
    const source = parseYaml(
      'timezone_property: tzone\nmilestones: [{id: a, criteria: [{event: login}]}]\n',
      'm.yaml',
    );
    const withZone = {
      ...catalog,
      accounts: { ...catalog.accounts, properties: [...catalog.accounts.properties, 'tz'] },
    };
    const found = checkAgainstCatalog(source.data, withZone).map((f) => toDiagnostic(f, source));
    // "timezone_property: " is 19 characters: the value starts at column 20 of line 1.
    expect(found.map((d) => [d.message, d.location?.line, d.location?.col])).toEqual([
      ['account property "tzone" never occurs in the warehouse', 1, 20],
    ]);
  });

  it('checks no properties of a table that is not loaded', () => {
    const source = parseYaml(actorDefs, 'm.yaml');
    const unloaded = { ...catalog.accounts, loaded: false };
    const found = checkAgainstCatalog(source.data, { ...catalog, accounts: unloaded });
    expect(found.map((f) => f.code)).toEqual(['unknown-property', 'unknown-account']);
  });
});

describe('text where a number is read', () => {
  const numericDefs = yaml`
    milestones:
      - id: a
        criteria:
          - event: x
            where: {amount: {gte: 1000}, plan: pro, n: [1, 2]}
          - {event: x, count: {sum: amount}, at_least: 5}
          - {event: x, count: {distinct: amount}, at_least: 2}
          - {event: y, where: {amount: {gte: 1}}}
  `;

  it('warns where a property with text values is compared with a number or summed, not elsewhere', () => {
    const source = parseYaml(numericDefs, 'm.yaml');
    const catalog = {
      events: ['x', 'y'],
      eventProperties: ['amount', 'plan', 'n'],
      // In x's rows: plan's values are text (compared as text: no warning), n's are numbers.
      // amount is text in x's rows only: y's use of it is not warned about (a review: a key that is
      // text in one event's rows and a number in another's was warned about in both).
      textNumbers: { x: { amount: { count: 2, example: '1,234.50' }, plan: { count: 9, example: 'pro' } } },
    };
    const found = checkAgainstCatalog(source.data, catalog).map((f) => toDiagnostic(f, source));
    // after dedenting: line 5 "        where: {amount: ..." (key at 17); line 6 "      - {event: x, count: {sum: amount}..." (value at 33);
    // the distinct count reads the values as they are: no warning.
    expect(found.map((d) => [d.code, d.message, d.location?.line, d.location?.col])).toEqual([
      [
        'text-not-number',
        'event property "amount" is read as a number here, but 2 of its sampled values in "x" events are text that is not a number (e.g. "1,234.50"): those events count as missing',
        5,
        17,
      ],
      ['text-not-number', expect.stringMatching(/^event property "amount" is read as a number here/), 6, 33],
    ]);
  });

  it('comes from the JSON values the catalog samples', async () => {
    const file = await warehouseFile(
      'CREATE TABLE events(ts TIMESTAMP, account_id VARCHAR, contact_id VARCHAR, event VARCHAR, properties JSON, _load_id VARCHAR)',
      `INSERT INTO events VALUES
      ('2026-01-01', 'a', NULL, 'x', '{"amount": "1,234.50", "plan": "pro"}', 'l1'),
      ('2026-01-02', 'a', NULL, 'y', '{"amount": 12, "plan": "free"}', 'l1'),
      ('2026-01-03', 'a', NULL, 'x', '{"amount": "7"}', 'l1')`,
    );
    // x: amount has one text that is no number ("7" reads as 7, 12 is a number), plan one text;
    // y: plan's text. Per event.
    expect((await readCatalog(file))?.textNumbers).toEqual({
      x: { amount: { count: 1, example: '1,234.50' }, plan: { count: 1, example: 'pro' } },
      y: { plan: { count: 1, example: 'free' } },
    });
  });
});
