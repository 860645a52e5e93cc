/**
 * Blank lines before a CSV's header: DuckDB's data read took the first one as
 * the header and loaded the real header as a row (an accounts file gained an
 * account "id", exit 0; found by review). The data read now skips them (the
 * header reads skip them themselves), and the lines the loader names stay
 * the file's.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { countLeadingBlankLines } from '../../src/warehouse/leading-blank-lines.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { memoryWarehouse, project, rows, source, surveySource, tempDir, writeFiles } from './helpers.js';

describe('blank lines before the header', () => {
  it('counts whole blank lines before the first other line', () => {
    expect(countLeadingBlankLines('id,name\nacme,Acme\n')).toBe(0);
    expect(countLeadingBlankLines('\nid,name\n')).toBe(1);
    // CRLF and a byte order mark: still empty. A line of spaces is a record to DuckDB: not counted.
    expect(countLeadingBlankLines('\uFEFF\r\n\r\nid,name\r\n')).toBe(2);
    expect(countLeadingBlankLines('\n  \nid,name\n')).toBe(1);
    // Carriage returns alone end lines too (found by review).
    expect(countLeadingBlankLines('\r\rid,name\ra1,x\r')).toBe(2);
    // A header cut off by the 64 KiB window, or without a newline, is still the header.
    expect(countLeadingBlankLines('\n\nid,na')).toBe(2);
    // Blank lines alone: no header to reach (reported as an empty file elsewhere).
    expect(countLeadingBlankLines('\n\n\n')).toBe(0);
    expect(countLeadingBlankLines('')).toBe(0);
  });

  it('loads the rows under the header, and names their lines in the file', async () => {
    const dir = writeFiles(tempDir(), {
      // Line 1 blank, line 2 the header: two accounts.
      'accounts.csv': '\naccount_id,name\nacme,Acme\nglobex,Globex\n',
      'contacts.csv': 'contact_id,account_id\nu1,acme\nu4,acme\n',
      // Gzip, CRLF, two blank lines: line 3 the header.
      'surveys.csv.gz': gzipSync(
        '\r\n\r\n' +
          'respondent_id,ts,Q1\r\n' + // line 3
          'u1,2026-01-01 10:00:00,9\r\n' + // line 4
          'u2,2026-01-02 10:00:00,7,x\r\n' + // line 5: four fields, rejected by the reader
          'u4,2026-01-04 10:00:00,8\r\n', // line 6
      ),
    });
    const warehouse = await memoryWarehouse();
    try {
      await loadSources(
        warehouse,
        project(dir, {
          accounts: source(['accounts.csv']),
          contacts: source(['contacts.csv']),
          surveys: surveySource(['surveys.csv.gz']),
        }),
      );
      expect(await rows(warehouse, 'SELECT account_id FROM accounts ORDER BY 1')).toEqual([
        { account_id: 'acme' },
        { account_id: 'globex' },
      ]);
      // u1 on line 4, u4 on line 6 (past the rejected line 5).
      expect(
        await rows(warehouse, 'SELECT respondent_id, "_line" AS line FROM survey_responses ORDER BY 1'),
      ).toEqual([
        { respondent_id: 'u1', line: '4' },
        { respondent_id: 'u4', line: '6' },
      ]);
    } finally {
      warehouse.close();
    }
  });
});
