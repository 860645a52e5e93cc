/**
 * Survey rows keep their place in their file (`_file`, `_line`, `_row`), so
 * that CX warnings can name an answer's line long after the load: a CSV's
 * line as `load` counts it (header = 1, past the lines the reader rejected),
 * a Parquet file's row counted from 1.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cxWarnings } from '../../src/cx/cx-results.js';
import type { CxMetric } from '../../src/definitions/model.js';
import { formatDiagnostic } from '../../src/errors.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { memoryWarehouse, project, rows, source, surveySource, tempDir, writeFiles } from './helpers.js';

describe('survey rows keep their place', () => {
  it('a CSV: each row its line, stepping over lines the reader rejected and rows quarantined', async () => {
    const dir = writeFiles(tempDir(), {
      'contacts.csv': 'contact_id,account_id\nu1,acme\nu4,acme\nu6,globex\n',
      'surveys.csv':
        'respondent_id,ts,Q1\n' + // line 1: the header
        'u1,2026-01-01 10:00:00,9\n' + // line 2
        'u2,2026-01-02 10:00:00,7,x\n' + // line 3: four fields, rejected by the reader
        'u3,not a time,5\n' + // line 4: quarantined (unreadable timestamp), then deleted
        'u4,2026-01-04 10:00:00,8\n' + // line 5
        'u5,2026-01-05 10:00:00,6,y\n' + // line 6: rejected by the reader
        'u6,2026-01-06 10:00:00,10\n', // line 7
    });
    const warehouse = await memoryWarehouse();
    await loadSources(
      warehouse,
      project(dir, { contacts: source(['contacts.csv']), surveys: surveySource(['surveys.csv']) }),
    );
    // u1 on line 2, u4 on line 5 (after the rejected line 3 and the quarantined 4), u6 on line 7.
    // The contacts join (account from contact) does not reorder the numbering.
    expect(
      await rows(
        warehouse,
        'SELECT respondent_id, account_id, "_file" AS file, "_line" AS line, "_row" AS row FROM survey_responses ORDER BY respondent_id',
      ),
    ).toEqual([
      { respondent_id: 'u1', account_id: 'acme', file: join(dir, 'surveys.csv'), line: '2', row: null },
      { respondent_id: 'u4', account_id: 'acme', file: join(dir, 'surveys.csv'), line: '5', row: null },
      { respondent_id: 'u6', account_id: 'globex', file: join(dir, 'surveys.csv'), line: '7', row: null },
    ]);
  });

  it('a Parquet file: each row its row number counted from 1, no line', async () => {
    const dir = tempDir();
    const file = join(dir, 'surveys.parquet');
    const warehouse = await memoryWarehouse();
    await warehouse.run(
      `COPY (SELECT * FROM (VALUES ('a', TIMESTAMP '2026-01-01 10:00:00'), ('b', TIMESTAMP '2026-01-02 10:00:00'), ` +
        `('c', TIMESTAMP '2026-01-03 10:00:00')) AS t("respondent_id", "ts")) TO '${file}' (FORMAT parquet)`,
    );
    await loadSources(
      warehouse,
      project(dir, {
        surveys: surveySource(['surveys.parquet'], { format: 'parquet', respondent: 'account' }),
      }),
    );
    // Rows a, b, c are the file's rows 1, 2, 3.
    expect(
      await rows(
        warehouse,
        'SELECT respondent_id, "_line" AS line, "_row" AS row FROM survey_responses ORDER BY respondent_id',
      ),
    ).toEqual([
      { respondent_id: 'a', line: null, row: '1' },
      { respondent_id: 'b', line: null, row: '2' },
      { respondent_id: 'c', line: null, row: '3' },
    ]);
  });
});

describe('CX warnings name an off-scale answer where it was read', () => {
  const nps: CxMetric = {
    id: 'nps',
    name: 'nps',
    metric: 'nps',
    question: 'Q1',
    scale: 10,
    milestones: ['setup'],
    window: { seconds: 30 * 86_400, text: '30d' },
    topics: 'topics',
    sentiment: 'sentiment',
  };

  it('file:line for a CSV, `file row N` for a Parquet file, the response alone without a place', async () => {
    const warehouse = await memoryWarehouse();
    await warehouse.run('CREATE TABLE survey_responses (respondent_id VARCHAR)');
    await warehouse.run(
      'CREATE TABLE cx_responses AS SELECT * FROM (VALUES ' +
        // Counted for two milestones: one answer.
        `('nps', 'setup', NULL, 'acme', NULL, '12', FALSE, 's.csv', 5, NULL), ` +
        `('nps', 'activated', NULL, 'acme', NULL, '12', FALSE, 's.csv', 5, NULL), ` +
        `('nps', 'setup', 'R_2', 'globex', 'globex-ann', '-1', FALSE, 's.parquet', NULL, 3), ` +
        `('nps', 'setup', 'R_3', 'hooli', NULL, 'x', FALSE, NULL, NULL, NULL), ` +
        `('nps', 'setup', 'R_4', 'hooli', NULL, '7', TRUE, 's.csv', 9, NULL)` +
        ') AS t("cx_id", "milestone_id", "response_id", "account_id", "contact_id", "answer", "valid", "file", "line", "row")',
    );
    const p = { ...project(tempDir(), {}), cx: [nps] };
    const lines = (await cxWarnings(warehouse, p)).map(formatDiagnostic).map((l) => l.split('\n')[0]);
    // Three answers off the scale (acme's counted once; R_4's 7 is on it), in file order: s.csv, s.parquet, none.
    expect(lines).toEqual([
      'warning[cx-off-scale]: cx nps: 3 answer(s) of Q1 are not whole numbers 0-10 and are not counted',
      's.csv:5:1 warning[cx-off-scale]: cx nps: answer "12" of Q1 (acme) is off the scale',
      'warning[cx-off-scale]: s.parquet row 3: cx nps: answer "-1" of Q1 (R_2, globex-ann) is off the scale',
      'warning[cx-off-scale]: cx nps: answer "x" of Q1 (R_3, hooli) is off the scale',
    ]);
  });
});
