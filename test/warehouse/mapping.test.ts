import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { eventSource, memoryWarehouse, project, rows, source, tempDir, writeFiles } from './helpers.js';

describe('column mapping', () => {
  it('maps columns to the canonical layout with typed properties', async () => {
    const dir = writeFiles(tempDir(), {
      'events.csv': 'when,acct,who,what,plan,amount,beta\n2026-01-15 09:00:00,acme,u1,signup,pro,12.5,true\n',
    });
    const events = eventSource(['events.csv'], {
      columns: { ts: 'when', account_id: 'acct', contact_id: 'who', event: 'what' },
      properties: { plan: 'VARCHAR', amount: 'DOUBLE', beta: 'BOOLEAN' },
    });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { events }));
    expect((await warehouse.columns('events')).map((c) => `${c.name} ${c.type}`)).toEqual([
      'ts TIMESTAMP',
      'account_id VARCHAR',
      'contact_id VARCHAR',
      'event VARCHAR',
      'arrived_at TIMESTAMP',
      'plan VARCHAR',
      'amount DOUBLE',
      'beta BOOLEAN',
      'properties JSON',
      '_load_id BIGINT',
      '_account_from_contact BOOLEAN',
      '_account_number INTEGER',
      '_contact_number INTEGER',
    ]);
    expect(
      await rows(
        warehouse,
        'SELECT "account_id", "contact_id", "event", "plan", "amount", "beta" FROM "events"',
      ),
    ).toEqual([
      { account_id: 'acme', contact_id: 'u1', event: 'signup', plan: 'pro', amount: 12.5, beta: true },
    ]);
  });

  it('packs unmapped columns and properties_json into one JSON object, without NULLs', async () => {
    const dir = writeFiles(tempDir(), {
      'events.csv':
        'ts,account_id,event,browser,path,props\n' +
        // browser and path are unmapped; props holds more; its null member is dropped.
        '2026-01-15 09:00:00,acme,page_view,firefox,/pricing,"{""plan"":""pro"",""seats"":3,""coupon"":null}"\n' +
        // empty browser (NULL) is left out; no props at all.
        '2026-01-15 10:00:00,acme,page_view,,/docs,\n' +
        // a column wins over a props key of the same name.
        '2026-01-15 11:00:00,acme,page_view,safari,/blog,"{""browser"":""from-json"",""nested"":{""a"":1}}"\n',
    });
    const warehouse = await memoryWarehouse();
    await loadSources(
      warehouse,
      project(dir, { events: eventSource(['events.csv'], { propertiesJson: 'props' }) }),
    );
    const json = await rows(warehouse, 'SELECT "properties" FROM "events" ORDER BY "ts"');
    expect(json.map((r) => JSON.parse(r.properties as string) as unknown)).toEqual([
      { plan: 'pro', seats: 3, browser: 'firefox', path: '/pricing' },
      { path: '/docs' },
      { browser: 'safari', nested: { a: 1 }, path: '/blog' },
    ]);
  });

  it('names a mapped column missing from the file, lists the columns and suggests one', async () => {
    const dir = writeFiles(tempDir(), {
      'events.csv': 'occurred_at,account_id,event\n2026-01-15 09:00:00,a,x\n',
    });
    const warehouse = await memoryWarehouse();
    const events = eventSource(['events.csv'], { columns: { ts: 'occured_at' } });
    const error = await loadSources(warehouse, project(dir, { events })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    const { message, hint } = error as InvalidInputError;
    expect(message).toMatch(
      /sources\.events\.columns\.ts: column "occured_at" \(mapped to ts\) is not in .*events\.csv/,
    );
    expect(hint).toBe(
      'did you mean "occurred_at"? The file\'s columns: "occurred_at", "account_id", "event"',
    );
  });

  it('collects every mapping problem of a file', async () => {
    const dir = writeFiles(tempDir(), { 'events.csv': 'when,who\n2026-01-15 09:00:00,a\n' });
    const warehouse = await memoryWarehouse();
    const events = eventSource(['events.csv'], { columns: { ts: 'when' }, properties: { plna: 'VARCHAR' } });
    const error = (await loadSources(warehouse, project(dir, { events })).catch(
      (e: unknown) => e,
    )) as InvalidInputError;
    // no event column, no account_id or contact_id, and the declared property plna is missing.
    expect(error.diagnostics.map((d) => d.message.replace(join(dir, 'events.csv'), 'FILE'))).toEqual([
      'sources.events: FILE has no "event" column',
      'sources.events: FILE has no "account_id" or "contact_id" column',
      'sources.events.properties.plna: column "plna" (declared as a property) is not in FILE',
    ]);
  });

  it('refuses a property named like a canonical column', async () => {
    const dir = writeFiles(tempDir(), { 'accounts.csv': 'id,account_id\nacme,x\n' });
    const warehouse = await memoryWarehouse();
    const accounts = source(['accounts.csv'], {
      columns: { account_id: 'id' },
      properties: { account_id: 'VARCHAR' },
    });
    await expect(loadSources(warehouse, project(dir, { accounts }))).rejects.toThrow(
      /is a column of accounts already/,
    );
  });
});

describe('contacts fill account_id', () => {
  const EVENTS =
    'ts,account_id,contact_id,event\n' +
    '2026-01-15 09:00:00,,u1,login\n' + // contact only: account from contacts
    '2026-01-15 10:00:00,initech,u1,login\n' + // names its account: kept as is
    '2026-01-15 11:00:00,,u9,login\n'; // unknown contact: no account

  it('at load time, and again when contacts change', async () => {
    const dir = writeFiles(tempDir(), {
      'events.csv': EVENTS,
      'contacts.csv': 'contact_id,account_id\nu1,acme\n',
    });
    const p = project(dir, { contacts: source(['contacts.csv']), events: eventSource(['events.csv']) });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, p);
    const accounts = () => rows(warehouse, 'SELECT "contact_id", "account_id" FROM "events" ORDER BY "ts"');
    expect(await accounts()).toEqual([
      { contact_id: 'u1', account_id: 'acme' },
      { contact_id: 'u1', account_id: 'initech' },
      { contact_id: 'u9', account_id: null },
    ]);

    // u1 moves to globex; u9 appears under hooli.
    writeFiles(dir, { 'contacts.csv': 'contact_id,account_id\nu1,globex\nu9,hooli\n' });
    await loadSources(warehouse, p);
    expect(await accounts()).toEqual([
      { contact_id: 'u1', account_id: 'globex' },
      { contact_id: 'u1', account_id: 'initech' },
      { contact_id: 'u9', account_id: 'hooli' },
    ]);
  });

  it('when contacts are loaded after the events', async () => {
    const dir = writeFiles(tempDir(), {
      'events.csv': EVENTS,
      'contacts.csv': 'contact_id,account_id\nu1,acme\n',
    });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }));
    expect(await rows(warehouse, `SELECT count(*) AS n FROM "events" WHERE "account_id" IS NULL`)).toEqual([
      { n: '2' },
    ]);
    await loadSources(warehouse, project(dir, { contacts: source(['contacts.csv']) }));
    // Only u9's event is left without an account.
    expect(await rows(warehouse, `SELECT "contact_id" FROM "events" WHERE "account_id" IS NULL`)).toEqual([
      { contact_id: 'u9' },
    ]);
  });
});
