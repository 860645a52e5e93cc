/**
 * Values as real exports write them (found by a review of loading): an empty
 * text in a Parquet file is missing, as in a CSV; "NaN" and "inf" are no
 * DOUBLE; a whole-number property is not rounded from 4.5 or read from hex;
 * an id written as a float (pandas' float64 for integer ids with nulls) is
 * the same text as the integer.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { eventSource, memoryWarehouse, project, rows, tempDir, writeFiles } from './helpers.js';

const LOADED = 'WHERE "_load_id" > 0 ORDER BY "ts"';

describe('values as exports write them', () => {
  it('rejects NaN and infinities in a DOUBLE, and fractions or hex in an INTEGER, each with its line', async () => {
    const dir = writeFiles(tempDir(), {
      'events.csv':
        'ts,account_id,event,amount,seats\n' +
        '2026-01-01 10:00:00,a,buy,12.5,4\n' + // line 2: loads
        '2026-01-01 11:00:00,b,buy,NaN,4\n' + // line 3: NaN amount
        '2026-01-01 12:00:00,c,buy,inf,4\n' + // line 4: infinite amount
        '2026-01-01 13:00:00,d,buy,1,4.5\n' + // line 5: 4.5 seats (DuckDB rounded it to 5)
        '2026-01-01 14:00:00,e,buy,1,0x5\n' + // line 6: hex seats (DuckDB read 5)
        '2026-01-01 15:00:00,f,buy,1, 7 \n' + // line 7: 7 seats, spaces around
        '2026-01-01 16:00:00,g,buy,2,-3\n' + // lines 8-10 load: 4 rejects of 9 stay under the 50% limit
        '2026-01-01 17:00:00,h,buy,1e3,+2\n' +
        '2026-01-01 18:00:00,i,buy,0,0\n',
    });
    const warehouse = await memoryWarehouse();
    const source = eventSource(['events.csv'], { properties: { amount: 'DOUBLE', seats: 'INTEGER' } });
    const report = await loadSources(warehouse, project(dir, { events: source }));
    expect(report.rejected).toBe(4n);
    expect(report.tables[0]?.rejects.map((r) => r.column)).toEqual(['amount', 'amount', 'seats', 'seats']);
    expect(await rows(warehouse, `SELECT "account_id", "amount", "seats" FROM "events" ${LOADED}`)).toEqual([
      { account_id: 'a', amount: 12.5, seats: 4 },
      { account_id: 'f', amount: 1, seats: 7 },
      { account_id: 'g', amount: 2, seats: -3 },
      { account_id: 'h', amount: 1000, seats: 2 },
      { account_id: 'i', amount: 0, seats: 0 },
    ]);
  });

  it('reads a Parquet file of text columns as a CSV: "" is missing; float ids read as whole numbers', async () => {
    const dir = tempDir();
    const warehouse = await memoryWarehouse();
    // Text columns (a CSV converted with every column as string): "" where the CSV had nothing.
    await warehouse.run(
      `COPY (SELECT * FROM (VALUES ('2026-01-01 10:00:00', 'a', '', 'buy'), ('2026-01-01 11:00:00', '', 'c1', 'buy'))
         AS t("ts", "account_id", "contact_id", "event")) TO '${join(dir, 'text.parquet')}' (FORMAT parquet)`,
    );
    // Ids as float64 (1002.0), as pandas writes integer ids that have nulls.
    await warehouse.run(
      `COPY (SELECT TIMESTAMP '2026-01-02 10:00:00' AS "ts", CAST(1002 AS DOUBLE) AS "account_id", 'buy' AS "event")
         TO '${join(dir, 'float.parquet')}' (FORMAT parquet)`,
    );
    const events = (file: string) => eventSource([file], { format: 'parquet' });
    await loadSources(warehouse, project(dir, { events: events('text.parquet') }));
    // Row 1: account a, no contact (not a contact named ""). Row 2: contact c1, no account (not an account "").
    expect(await rows(warehouse, `SELECT "account_id", "contact_id" FROM "events" ${LOADED}`)).toEqual([
      { account_id: 'a', contact_id: null },
      { account_id: null, contact_id: 'c1' },
    ]);
    const other = await memoryWarehouse();
    await loadSources(other, project(dir, { events: events('float.parquet') }));
    expect(await rows(other, `SELECT "account_id" FROM "events" ${LOADED}`)).toEqual([
      { account_id: '1002' },
    ]);
  });

  it('reads whole DECIMAL ids and 16-digit float ids as integers (found by review)', async () => {
    const dir = tempDir();
    const warehouse = await memoryWarehouse();
    // An untyped Oracle NUMBER exported as DECIMAL(38,10): 1002.0000000000 and 7.5000000000;
    // pandas float64 ids of 16 digits: 1234567890123456 (< 2^53, exact), 2^53 itself.
    await warehouse.run(
      `COPY (SELECT * FROM (VALUES
         (TIMESTAMP '2026-01-01 10:00:00', CAST(1002 AS DECIMAL(38,10)), CAST(1234567890123456 AS DOUBLE), 'buy'),
         (TIMESTAMP '2026-01-01 11:00:00', CAST(7.5 AS DECIMAL(38,10)), CAST(9007199254740992 AS DOUBLE), 'buy'))
         AS t("ts", "account_id", "contact_id", "event")) TO '${join(dir, 'ids.parquet')}' (FORMAT parquet)`,
    );
    await loadSources(
      warehouse,
      project(dir, { events: eventSource(['ids.parquet'], { format: 'parquet' }) }),
    );
    // Whole numbers lose the scale and ".0"; a fraction keeps the decimal's text.
    expect(await rows(warehouse, `SELECT "account_id", "contact_id" FROM "events" ${LOADED}`)).toEqual([
      { account_id: '1002', contact_id: '1234567890123456' },
      { account_id: '7.5000000000', contact_id: '9007199254740992' },
    ]);
  });

  it('leaves "" and NaN or infinite floats out of the packed properties, as for declared columns', async () => {
    const dir = tempDir();
    const warehouse = await memoryWarehouse();
    // Unmapped Parquet columns: plan (text) and amount (double).
    await warehouse.run(
      `COPY (SELECT * FROM (VALUES
         (TIMESTAMP '2026-01-01 10:00:00', 'a', 'buy', '', CAST('NaN' AS DOUBLE)),
         (TIMESTAMP '2026-01-01 11:00:00', 'b', 'buy', 'pro', CAST('inf' AS DOUBLE)),
         (TIMESTAMP '2026-01-01 12:00:00', 'c', 'buy', 'pro', CAST(5 AS DOUBLE)))
         AS t("ts", "account_id", "event", "plan", "amount")) TO '${join(dir, 'p.parquet')}' (FORMAT parquet)`,
    );
    await loadSources(warehouse, project(dir, { events: eventSource(['p.parquet'], { format: 'parquet' }) }));
    // a: "" and NaN are missing, so no key at all; b: inf is missing; c keeps both. Valid JSON each.
    expect(
      await rows(
        warehouse,
        `SELECT "account_id", CAST("properties" AS VARCHAR) AS "p" FROM "events" ${LOADED}`,
      ),
    ).toEqual([
      { account_id: 'a', p: '{}' },
      { account_id: 'b', p: '{"plan":"pro"}' },
      { account_id: 'c', p: '{"amount":5.0,"plan":"pro"}' },
    ]);
  });

  it('reads a NaN or infinite float id as missing, not as an account "nan" (found by review)', async () => {
    const dir = tempDir();
    const warehouse = await memoryWarehouse();
    // Contacts u1 and u2 with a NaN account, u3 with an infinite one, u4 with 1002.0.
    await warehouse.run(
      `COPY (SELECT * FROM (VALUES
         (TIMESTAMP '2026-01-01 10:00:00', 'u1', CAST('NaN' AS DOUBLE), 'buy'),
         (TIMESTAMP '2026-01-01 11:00:00', 'u2', CAST('NaN' AS DOUBLE), 'buy'),
         (TIMESTAMP '2026-01-01 12:00:00', 'u3', CAST('-inf' AS DOUBLE), 'buy'),
         (TIMESTAMP '2026-01-01 13:00:00', 'u4', CAST(1002 AS DOUBLE), 'buy'))
         AS t("ts", "contact_id", "account_id", "event")) TO '${join(dir, 'nan.parquet')}' (FORMAT parquet)`,
    );
    await loadSources(
      warehouse,
      project(dir, { events: eventSource(['nan.parquet'], { format: 'parquet' }) }),
    );
    // u1-u3 name no account (it had been the one account "nan", then "-inf"); u4's is 1002.
    expect(await rows(warehouse, `SELECT "contact_id", "account_id" FROM "events" ${LOADED}`)).toEqual([
      { contact_id: 'u1', account_id: null },
      { contact_id: 'u2', account_id: null },
      { contact_id: 'u3', account_id: null },
      { contact_id: 'u4', account_id: '1002' },
    ]);
  });

  it('reads Parquet text without the UTF-8 tag (BLOB) as text; bytes that are not UTF-8 reject their row (found by review)', async () => {
    const dir = tempDir();
    const warehouse = await memoryWarehouse();
    // encode() gives byte columns, as Go and Impala writers store text. Row 3's account is not UTF-8.
    await warehouse.run(
      `COPY (SELECT * FROM (VALUES
         (TIMESTAMP '2026-01-01 10:00:00', encode(' Zürich AG '), encode('sign_up'), encode('café')),
         (TIMESTAMP '2026-01-01 11:00:00', encode('Zürich AG'), encode('réglé'), encode('')),
         (TIMESTAMP '2026-01-01 12:00:00', CAST('\\xFF\\xFE' AS BLOB), encode('sign_up'), encode('x')),
         (TIMESTAMP '2026-01-01 13:00:00', encode('b'), encode('sign_up'), encode('y')),
         (TIMESTAMP '2026-01-01 14:00:00', encode('c'), encode('sign_up'), encode('z')))
         AS t("ts", "account_id", "event", "plan")) TO '${join(dir, 'bytes.parquet')}' (FORMAT parquet)`,
    );
    const report = await loadSources(
      warehouse,
      project(dir, { events: eventSource(['bytes.parquet'], { format: 'parquet' }) }),
    );
    // Row 3 rejected (1 of 5, under the limit), its bytes shown escaped; the others read as their text:
    // the id trimmed as a text id is, "" missing in the packed properties.
    expect(report.rejected).toBe(1n);
    expect(report.tables[0]?.rejects[0]?.reason).toContain('\\xFF\\xFE');
    expect(
      await rows(
        warehouse,
        `SELECT "account_id", "event", CAST("properties" AS VARCHAR) AS "p" FROM "events" ${LOADED}`,
      ),
    ).toEqual([
      { account_id: 'Zürich AG', event: 'sign_up', p: '{"plan":"café"}' },
      { account_id: 'Zürich AG', event: 'réglé', p: '{}' },
      { account_id: 'b', event: 'sign_up', p: '{"plan":"y"}' },
      { account_id: 'c', event: 'sign_up', p: '{"plan":"z"}' },
    ]);
  });
});
