/**
 * Ids as exports write them (insert-sql.ts idText): `NULL`, `null` or `\N`
 * (SQL Server, MySQL and pandas exports) is a missing id, not an account or
 * contact of that name (before, `NULL` became an account that took the
 * events of contacts the contacts table places elsewhere); `1002.0` (pandas
 * floats) is `1002`, as a Parquet float id is.
 */
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { eventSource, memoryWarehouse, project, rows, source, tempDir, writeFiles } from './helpers.js';

const EVENTS =
  'ts,account_id,contact_id,event,plan\n' +
  '2026-01-15 09:00:00,NULL,u1,login,NULL\n' + // no account: u1's (acme); the plan is text, kept
  '2026-01-15 10:00:00,null,u1,login,\n' + // the same
  '2026-01-15 11:00:00,\\N,u1,login,\n' + // the same (MySQL's \N)
  '2026-01-15 12:00:00,initech,NULL,login,\n' + // an account-level event: no contact
  '2026-01-15 13:00:00,NULL,NULL,login,\n'; // names no account or contact: rejected

describe('ids written as NULL', () => {
  it('are missing ids: the account comes from the contacts table, and a row with neither is rejected', async () => {
    const dir = writeFiles(tempDir(), {
      'events.csv': EVENTS,
      'contacts.csv': 'contact_id,account_id\nu1,acme\nNULL,acme\n', // the second row has no contact id
      'accounts.csv': 'account_id,name\nacme,Acme\nnull,Nobody\n', // the second row has no account id
    });
    const warehouse = await memoryWarehouse();
    const report = await loadSources(
      warehouse,
      project(dir, {
        accounts: source(['accounts.csv'], { properties: { name: 'VARCHAR' } }),
        contacts: source(['contacts.csv']),
        events: eventSource(['events.csv'], { properties: { plan: 'VARCHAR' } }),
      }),
    );
    // Rows 1-3: account acme from u1's contact row; row 4: initech, no contact; row 5 rejected.
    expect(
      await rows(warehouse, 'SELECT "account_id", "contact_id", "plan" FROM "events" ORDER BY "ts"'),
    ).toEqual([
      { account_id: 'acme', contact_id: 'u1', plan: 'NULL' },
      { account_id: 'acme', contact_id: 'u1', plan: null },
      { account_id: 'acme', contact_id: 'u1', plan: null },
      { account_id: 'initech', contact_id: null, plan: null },
    ]);
    const rejected = Object.fromEntries(report.tables.map((t) => [t.source, t.rejected]));
    // One events row (row 5), one contacts row (no contact id), one accounts row (no account id).
    expect(rejected).toEqual({ accounts: 1n, contacts: 1n, events: 1n });
    expect(await rows(warehouse, 'SELECT "account_id" FROM "accounts"')).toEqual([{ account_id: 'acme' }]);
    // The accounts row's reason says why an id written `null` is missing.
    expect(report.tables.find((t) => t.source === 'accounts')?.rejects.map((r) => r.reason)).toEqual([
      'missing account_id (column "account_id" is empty or NULL)',
    ]);
  });

  it('a CSV id written as a whole float (pandas: 1002.0) is its integer text, as in Parquet, and spaces around ids go', async () => {
    const dir = writeFiles(tempDir(), {
      'events.csv':
        'ts,account_id,contact_id,event\n' +
        '2026-01-02 10:00:00,1002.0,7.0,x\n' + // account 1002, contact 7
        '2026-01-03 10:00:00,,8.0,x\n' + // contact 8: its account 1003 from the contacts file
        '2026-01-04 10:00:00,1002.5,,x\n' + // not a whole number: an id as written
        '2026-01-05 10:00:00," 1002 ", 7 ,x\n', // spaces around ids: 1002 and 7
      'contacts.csv': 'contact_id,account_id\n7,1002\n8,1003\n',
    });
    const warehouse = await memoryWarehouse();
    await loadSources(
      warehouse,
      project(dir, { contacts: source(['contacts.csv']), events: eventSource(['events.csv']) }),
    );
    expect(await rows(warehouse, 'SELECT "account_id", "contact_id" FROM "events" ORDER BY "ts"')).toEqual([
      { account_id: '1002', contact_id: '7' },
      { account_id: '1003', contact_id: '8' },
      { account_id: '1002.5', contact_id: null },
      { account_id: '1002', contact_id: '7' },
    ]);
  });

  it('in a Parquet file too', async () => {
    const dir = tempDir();
    const warehouse = await memoryWarehouse();
    await warehouse.run(
      `COPY (SELECT TIMESTAMP '2026-01-15 09:00:00' AS "ts", 'NULL' AS "account_id", 'u1' AS "contact_id", 'login' AS "event") ` +
        `TO '${dir}/e.parquet' (FORMAT parquet)`,
    );
    writeFiles(dir, { 'contacts.csv': 'contact_id,account_id\nu1,acme\n' });
    await loadSources(
      warehouse,
      project(dir, {
        contacts: source(['contacts.csv']),
        events: eventSource(['e.parquet'], { format: 'parquet' }),
      }),
    );
    // The account column's NULL is missing: u1's account, acme.
    expect(await rows(warehouse, 'SELECT "account_id" FROM "events"')).toEqual([{ account_id: 'acme' }]);
  });
});
