/**
 * Source settings that used to pass `validate` and fail later (issue 8, item
 * 11): reserved property names, property names equal but for case, CSV
 * dialects DuckDB refuses, and filters on the loader's bookkeeping columns.
 * Each is an error at its line:col. A `'` delimiter with the default quote
 * is fine, and is shown to load.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../src/definitions/load-definitions.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { memoryWarehouse, tempDir, writeFiles } from '../warehouse/helpers.js';
import { MINIMAL, brief, check, yaml } from './helpers.js';

describe('reserved property names', () => {
  it('rejects declared properties that are columns of the table, in any case', () => {
    const text = yaml`
      sources:
        events:
          path: e.csv
          properties: {ts: TIMESTAMP, _load_id: BIGINT, Properties: JSON, ACCOUNT_ID: VARCHAR, arrived_at: TIMESTAMP}
        surveys:
          path: s.csv
          properties: {value: DOUBLE, ts: TIMESTAMP}
        accounts:
          path: a.csv
          properties: {ts: TIMESTAMP, account_id: VARCHAR}
    `;
    // events: all five are columns of events (canonical, JSON, bookkeeping); surveys: value, ts;
    // accounts: only account_id (accounts have no ts column, so a ts property is fine there).
    expect(brief(check(text + MINIMAL))).toEqual([
      '4:18 error reserved-property',
      '4:33 error reserved-property',
      '4:51 error reserved-property',
      '4:69 error reserved-property',
      '4:90 error reserved-property',
      '7:18 error reserved-property',
      '7:33 error reserved-property',
      '10:33 error reserved-property',
    ]);
  });

  it('rejects two properties that differ only in case', () => {
    const text = yaml`
      sources:
        events: {path: e.csv, properties: {plan: VARCHAR, Plan: VARCHAR}}
    `;
    expect(brief(check(text + MINIMAL))).toEqual(['2:53 error duplicate-property']);
  });

  it('rejects a property column without a name (found by the validate/compute property)', () => {
    const text = yaml`
      sources:
        events: {path: e.csv, properties: {"": BIGINT}}
    `;
    expect(brief(check(text + MINIMAL))).toEqual(['2:38 error empty-property']);
  });

  it("rejects filters and counts on the loader's bookkeeping columns", () => {
    const text = yaml`
      milestones:
        - id: setup
          criteria:
            - event: x
              where: {_LOAD_ID: 1}
              count: {distinct: _account_from_contact}
            - event: y
              where: {_Account_Number: 1}
              count: {distinct: _contact_number}
    `;
    expect(brief(check(text))).toEqual([
      '5:17 error reserved-property',
      '6:27 error reserved-property',
      '8:17 error reserved-property',
      '9:27 error reserved-property',
    ]);
  });
});

describe('CSV dialect', () => {
  const withSource = (settings: string) =>
    check(`sources:\n  events: {path: e.csv, ${settings}}\n${MINIMAL}`).map((d) => d.code);

  it('rejects delimiters DuckDB cannot read with', () => {
    expect(withSource(`delimiter: '"'`)).toEqual(['bad-delimiter']);
    expect(withSource(`delimiter: "\\n"`)).toEqual(['bad-delimiter']);
    expect(withSource(`delimiter: "\\r\\n"`)).toEqual(['bad-delimiter']);
    expect(withSource(`delimiter: abcde`)).toEqual(['bad-delimiter']);
    expect(withSource(`delimiter: "'", quote: "'"`)).toEqual(['bad-delimiter']);
    expect(withSource(`delimiter: ";", escape: ";"`)).toEqual(['bad-delimiter']);
    expect(withSource(`delimiter: "\\\\", escape: "\\\\"`)).toEqual(['bad-delimiter']);
    expect(withSource(`quote: "\\n"`)).toEqual(['bad-quote']);
  });

  it('accepts ordinary delimiters, a 4-byte one, and a quote delimiter with another quote', () => {
    for (const settings of [
      `delimiter: ","`,
      `delimiter: "\\t"`,
      `delimiter: "'"`,
      `delimiter: "||"`,
      `delimiter: "😀"`,
      `delimiter: '"', quote: "'", escape: "'"`,
    ]) {
      expect(withSource(settings), settings).toEqual([]);
    }
  });

  it("loads a file delimited by ' with the default quote", async () => {
    const dir = writeFiles(tempDir(), {
      'e.csv': `ts'account_id'event'note\n2026-01-01 00:00:00'acme'signup'"it's, ""quoted"""\n`,
    });
    const text = `sources:\n  events: {path: e.csv, delimiter: "'"}\n${MINIMAL}`;
    const { project, diagnostics } = parseDefinitions(text, join(dir, 'm.yaml'));
    expect(diagnostics).toEqual([]);
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project!);
    const rows = await warehouse.all<{ account_id: string; note: string }>(
      `SELECT account_id, properties->>'note' AS note FROM events`,
    );
    // One row; the quoted field keeps its ' and , and the doubled quotes are one quote each.
    expect(rows).toEqual([{ account_id: 'acme', note: `it's, "quoted"` }]);
  });
});

describe('timestamp_format', () => {
  // Each of these failed only at load, and `compute` had named no line of the config (found by review).
  const config = (format: string) => yaml`
      sources:
        events: {path: e.csv, timestamp_format: ${JSON.stringify(format)}}
    `;

  it('accepts the specifiers DuckDB takes, with or without the no-padding dash', () => {
    for (const format of [
      '%d/%m/%Y %H:%M:%S',
      '%-d.%-m.%y %-H:%M',
      '%Y-%m-%dT%H:%M:%S.%f%z',
      '%c',
      '%b %d %Y 100%%',
    ])
      expect(brief(check(config(format) + MINIMAL))).toEqual([]);
  });

  it('rejects a specifier DuckDB does not know, a lone % and a format without a year, at the setting', () => {
    // %k (an hour in glibc) and %-b (no dash form) are not DuckDB's; '%Y %' ends with a lone %;
    // '%H:%M' has no year: every event would be in 1900.
    for (const format of ['%d/%m/%Y %k', '%-b %Y', '%Y %', '%H:%M', '%d/%m %H:%M'])
      expect(brief(check(config(format) + MINIMAL))).toEqual(['2:43 error bad-timestamp-format']);
  });

  it('agrees with DuckDB on every letter', async () => {
    // The list in source-settings-checks.ts against DuckDB's own parser: a letter validate accepts
    // must parse, and one it rejects must fail, after % and after %-.
    const warehouse = await memoryWarehouse();
    for (const prefix of ['%', '%-'])
      for (const letter of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ') {
        const format = `%Y ${prefix}${letter}`;
        const valid = brief(check(config(format) + MINIMAL)).length === 0;
        const parses = await warehouse
          .run(`SELECT try_strptime('x', '${format}')`)
          .then(() => true)
          .catch(() => false);
        expect([format, valid]).toEqual([format, parses]);
      }
    warehouse.close();
  });
});
