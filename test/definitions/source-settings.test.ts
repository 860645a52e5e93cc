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
