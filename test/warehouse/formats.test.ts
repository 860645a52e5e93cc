import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import {
  count,
  eventSource,
  memoryWarehouse,
  project,
  rows,
  source,
  surveySource,
  tempDir,
  writeFiles,
} from './helpers.js';

const HEADER = 'ts,account_id,event\n';

describe('file formats', () => {
  it('reads gzip and zstd compressed CSV', async () => {
    const dir = writeFiles(tempDir(), {
      'a.csv.gz': gzipSync(HEADER + '2026-01-01 10:00:00,acme,signup\n2026-01-02 10:00:00,acme,login\n'),
    });
    const warehouse = await memoryWarehouse();
    // DuckDB writes the zstd file: Node 20 has no zstd.
    await warehouse.run(
      `COPY (SELECT '2026-01-03 10:00:00' AS ts, 'globex' AS account_id, 'signup' AS event) ` +
        `TO '${join(dir, 'b.csv.zst')}' (FORMAT csv, HEADER, COMPRESSION zstd)`,
    );
    const report = await loadSources(
      warehouse,
      project(dir, { events: eventSource(['a.csv.gz', 'b.csv.zst']) }),
    );
    // 2 rows from the gzip file, 1 from the zstd file.
    expect(report.tables[0]?.files.map((f) => f.rows)).toEqual([2n, 1n]);
  });

  it('reads a quoted line break in a middle column (found by review)', async () => {
    // The header read pads short records, which DuckDB's parallel reader refused with a quoted line
    // break: the whole file failed ("parallel scanner does not support null_padding ...").
    const dir = writeFiles(tempDir(), {
      'events.csv':
        'ts,account_id,event,note\n2026-01-01 10:00:00,"ac\nme",signup,x\n2026-01-02 10:00:00,b,"log\nin",y\n',
    });
    const warehouse = await memoryWarehouse();
    const report = await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }));
    expect(report.tables[0]?.files.map((f) => f.rows)).toEqual([2n]);
    expect(await rows(warehouse, 'SELECT "account_id", "event" FROM "events" ORDER BY "ts"')).toEqual([
      { account_id: 'ac\nme', event: 'signup' },
      { account_id: 'b', event: 'log\nin' },
    ]);
  });

  it('reads compressed CSV whose extension is upper case or spelled out (found by review)', async () => {
    const content = HEADER + '2026-01-01 10:00:00,acme,signup\n';
    // DuckDB's own detection took only a lower-case `.gz`: EVENTS.CSV.GZ read as text, "not UTF-8".
    const dir = writeFiles(tempDir(), {
      'EVENTS.CSV.GZ': gzipSync(content),
      'b.csv.gzip': gzipSync(content.replace('acme', 'globex')),
    });
    const warehouse = await memoryWarehouse();
    const report = await loadSources(
      warehouse,
      project(dir, { events: eventSource(['EVENTS.CSV.GZ', 'b.csv.gzip'], { format: 'csv' }) }),
    );
    // One row from each file.
    expect(report.tables[0]?.files.map((f) => f.rows)).toEqual([1n, 1n]);
    expect(await rows(warehouse, 'SELECT "account_id" FROM "events" ORDER BY 1')).toEqual([
      { account_id: 'acme' },
      { account_id: 'globex' },
    ]);
  });

  it('reads Parquet, converting its native types', async () => {
    const dir = tempDir();
    const warehouse = await memoryWarehouse();
    await warehouse.run(
      `COPY (SELECT TIMESTAMP '2026-01-15 09:00:00' AS occurred_at, TIMESTAMPTZ '2026-01-15 09:00:00+00' AS synced_at, ` +
        `42 AS account, 'signup' AS name, 12.5 AS amount, 3 AS seats_used) ` +
        `TO '${join(dir, 'events.parquet')}' (FORMAT parquet)`,
    );
    const events = eventSource(['events.parquet'], {
      format: 'parquet',
      columns: { ts: 'occurred_at', account_id: 'account', event: 'name' },
      properties: { synced_at: 'TIMESTAMP', amount: 'DOUBLE' },
    });
    await loadSources(warehouse, project(dir, { events }, 'America/New_York'));
    expect(
      await rows(warehouse, 'SELECT "ts", "account_id", "synced_at", "amount", "properties" FROM "events"'),
    ).toEqual([
      {
        // A naive Parquet TIMESTAMP is read in the config zone: 09:00 EST = 14:00 UTC.
        ts: '2026-01-15 14:00:00',
        // The integer id becomes text.
        account_id: '42',
        // A TIMESTAMPTZ is an instant: 09:00 UTC stays 09:00.
        synced_at: '2026-01-15 09:00:00',
        amount: 12.5,
        // Unmapped columns keep their Parquet type in the JSON: a number stays a number.
        properties: '{"seats_used":3}',
      },
    ]);
  });

  it('names rejected Parquet rows by row number', async () => {
    const dir = tempDir();
    const warehouse = await memoryWarehouse();
    await warehouse.run(
      `COPY (SELECT * FROM (VALUES ('2026-01-15 09:00:00', 'a', 'x'), ('never', 'a', 'y')) t(ts, account_id, event)) ` +
        `TO '${join(dir, 'events.parquet')}' (FORMAT parquet)`,
    );
    const report = await loadSources(warehouse, project(dir, { events: eventSource(['events.parquet']) }));
    // The second row's ts "never" is not a timestamp.
    expect(report.tables[0]?.rejects).toEqual([
      {
        file: join(dir, 'events.parquet'),
        row: 2,
        column: 'ts',
        reason: 'column "ts": cannot read "never" as a timestamp',
      },
    ]);
    expect(await count(warehouse, 'events')).toBe(1n);
  });

  it('loads a glob and a list of paths', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'events'));
    writeFiles(join(dir, 'events'), {
      'day1.csv': HEADER + '2026-01-01 10:00:00,acme,signup\n',
      'day2.csv': HEADER + '2026-01-02 10:00:00,acme,login\n',
      'notes.txt': 'not matched by the glob',
    });
    writeFiles(dir, { 'extra.csv': HEADER + '2026-01-03 10:00:00,globex,signup\n' });
    const warehouse = await memoryWarehouse();
    const report = await loadSources(
      warehouse,
      project(dir, { events: eventSource(['events/*.csv', 'extra.csv']) }),
    );
    // day1 + day2 through the glob, extra.csv by name: 3 files, one row each.
    expect(report.tables[0]?.files.map((f) => f.path)).toEqual([
      join(dir, 'events', 'day1.csv'),
      join(dir, 'events', 'day2.csv'),
      join(dir, 'extra.csv'),
    ]);
    expect(await count(warehouse, 'events')).toBe(3n);
  });

  it('fails on a missing file or an empty glob, suggesting a near name', async () => {
    const dir = writeFiles(tempDir(), { 'events.csv': HEADER });
    const warehouse = await memoryWarehouse();
    const missing = await loadSources(warehouse, project(dir, { events: eventSource(['evnts.csv']) })).catch(
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(InvalidInputError);
    expect((missing as InvalidInputError).message).toMatch(/file "evnts.csv" does not exist/);
    expect((missing as InvalidInputError).hint).toMatch(/did you mean "events.csv"/);
    await expect(
      loadSources(warehouse, project(dir, { events: eventSource(['logs/*.csv']) })),
    ).rejects.toThrow(/no file matches "logs\/\*.csv"/);
  });
});

describe('edge cases', () => {
  it('records an empty file with a warning, and loads it once it has content', async () => {
    const dir = writeFiles(tempDir(), { 'a.csv': '', 'b.csv': HEADER });
    const warehouse = await memoryWarehouse();
    const p = project(dir, { events: eventSource(['a.csv', 'b.csv']) });
    const first = await loadSources(warehouse, p);
    // a.csv has no bytes; b.csv has a header and no rows.
    expect(first.tables[0]?.files.map((f) => [f.status, f.rows])).toEqual([
      ['empty', 0n],
      ['loaded', 0n],
    ]);
    expect(first.warnings.map((w) => w.code)).toEqual(['empty-file']);

    writeFiles(dir, { 'a.csv': HEADER + '2026-01-01 10:00:00,acme,signup\n' });
    const second = await loadSources(warehouse, p);
    expect(second.tables[0]?.files.map((f) => [f.status, f.rows])).toEqual([
      ['replaced', 1n],
      ['unchanged', 0n],
    ]);
  });

  it('refuses remote paths with a clear message', async () => {
    const warehouse = await memoryWarehouse();
    const events = eventSource(['s3://bucket/events/*.csv']);
    await expect(loadSources(warehouse, project(tempDir(), { events }))).rejects.toThrow(
      /remote files are not supported yet/,
    );
  });
});

/** A Qualtrics export: row 1 column ids, row 2 question texts (one spans two lines), row 3 ImportId JSON. */
const QUALTRICS = [
  '"StartDate","EndDate","ResponseId","ExternalReference","Q1_NPS","Q3_text"',
  '"Start Date","End Date","Response ID","External Data Reference","How likely are you to recommend us?\r\n0-10","What could we improve?"',
  '"{""ImportId"":""startDate"",""timeZone"":""America/Denver""}","{""ImportId"":""endDate"",""timeZone"":""America/Denver""}","{""ImportId"":""_recordId""}","{""ImportId"":""externalDataReference""}","{""ImportId"":""QID1""}","{""ImportId"":""QID3_TEXT""}"',
  '"2026-01-15 08:00:00","2026-01-15 09:00:00","R_1","u1","9","Faster reports"',
  '"2026-01-15 08:00:00","2026-07-15 09:00:00","R_2","u2","ten","x"',
  '"2026-01-16 08:00:00","2026-01-16 09:00:00","R_3","u3","6",""',
].join('\r\n');

describe('Qualtrics exports', () => {
  it('skips the two extra header rows and keeps the question texts', async () => {
    const dir = writeFiles(tempDir(), {
      'nps_survey.csv': QUALTRICS + '\r\n',
      'contacts.csv': 'contact_id,account_id\nu1,acme\nu3,globex\n',
    });
    const surveys = surveySource(['nps_survey.csv'], {
      format: 'qualtrics',
      respondent: 'contact',
      columns: { respondent_id: 'ExternalReference', ts: 'EndDate' },
      properties: { Q1_NPS: 'INTEGER', Q3_text: 'VARCHAR' },
    });
    const warehouse = await memoryWarehouse();
    const report = await loadSources(
      warehouse,
      project(dir, { contacts: source(['contacts.csv']), surveys }),
    );

    expect(
      await rows(
        warehouse,
        'SELECT "respondent_id", "account_id", "contact_id", "ts", "survey_id", "response_id", "Q1_NPS", "Q3_text" ' +
          'FROM "survey_responses" ORDER BY "response_id"',
      ),
    ).toEqual([
      // EndDate is naive in the zone its ImportId names: 09:00 Denver (MST, UTC-7) = 16:00 UTC.
      // survey_id: the file name, as the export has no survey id column; u1's account from contacts.
      {
        respondent_id: 'u1',
        account_id: 'acme',
        contact_id: 'u1',
        ts: '2026-01-15 16:00:00',
        survey_id: 'nps_survey',
        response_id: 'R_1',
        Q1_NPS: 9,
        Q3_text: 'Faster reports',
      },
      // u3 is in contacts too; the empty text is NULL.
      {
        respondent_id: 'u3',
        account_id: 'globex',
        contact_id: 'u3',
        ts: '2026-01-16 16:00:00',
        survey_id: 'nps_survey',
        response_id: 'R_3',
        Q1_NPS: 6,
        Q3_text: null,
      },
    ]);
    // R_2's NPS "ten" is not an INTEGER. DuckDB numbers CSV records: R_2 is the 5th.
    const surveysReport = report.tables.find((t) => t.source === 'surveys');
    expect(surveysReport?.rejects.map((r) => [r.line, r.column])).toEqual([[5, 'Q1_NPS']]);

    expect(
      await rows(
        warehouse,
        `SELECT "question_id", "text", "import_id" FROM "survey_questions" WHERE "question_id" LIKE 'Q%' ORDER BY 1`,
      ),
    ).toEqual([
      { question_id: 'Q1_NPS', text: 'How likely are you to recommend us?\r\n0-10', import_id: 'QID1' },
      { question_id: 'Q3_text', text: 'What could we improve?', import_id: 'QID3_TEXT' },
    ]);
    // One question row per column of the export.
    expect(await count(warehouse, 'survey_questions')).toBe(6n);
  });

  it('replaces the question texts with the file', async () => {
    const dir = writeFiles(tempDir(), { 'nps_survey.csv': QUALTRICS + '\r\n' });
    const surveys = surveySource(['nps_survey.csv'], {
      format: 'qualtrics',
      respondent: 'account',
      columns: { respondent_id: 'ExternalReference', ts: 'EndDate' },
    });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { surveys }));
    writeFiles(dir, {
      'nps_survey.csv': QUALTRICS.replace('What could we improve?', 'Anything else?') + '\r\n',
    });
    await loadSources(warehouse, project(dir, { surveys }));
    expect(
      await rows(warehouse, `SELECT "text" FROM "survey_questions" WHERE "question_id" = 'Q3_text'`),
    ).toEqual([{ text: 'Anything else?' }]);
    // respondent: account — the respondent id is the account.
    expect(
      await rows(warehouse, `SELECT DISTINCT "account_id", "contact_id" FROM "survey_responses" ORDER BY 1`),
    ).toEqual([
      { account_id: 'u1', contact_id: null },
      { account_id: 'u2', contact_id: null },
      { account_id: 'u3', contact_id: null },
    ]);
  });

  it('numbers a response missing its respondent by its record, after the header rows', async () => {
    // R_4 has no ExternalReference: the 7th record (three header records, R_1, R_2, R_3, R_4).
    const dir = writeFiles(tempDir(), {
      'nps_survey.csv': QUALTRICS + '\r\n"2026-01-17 08:00:00","2026-01-17 09:00:00","R_4","","7","ok"\r\n',
    });
    const surveys = surveySource(['nps_survey.csv'], {
      format: 'qualtrics',
      respondent: 'account',
      columns: { respondent_id: 'ExternalReference', ts: 'EndDate' },
      properties: { Q1_NPS: 'INTEGER' },
    });
    const warehouse = await memoryWarehouse();
    const report = await loadSources(warehouse, project(dir, { surveys }));
    // R_2 (record 5) is rejected by the reader, R_4 (record 7) for its missing respondent.
    expect(report.tables[0]?.rejects.map((r) => r.line)).toEqual([5, 7]);
    expect(report.tables[0]?.rejects[1]?.reason).toMatch(/missing respondent_id/);
  });

  it('says so when a file is not a Qualtrics export', async () => {
    const dir = writeFiles(tempDir(), { 's.csv': 'respondent_id,ts\nu1,2026-01-01\n' });
    const surveys = surveySource(['s.csv'], { format: 'qualtrics' });
    const warehouse = await memoryWarehouse();
    await expect(loadSources(warehouse, project(dir, { surveys }))).rejects.toThrow(
      /is not a Qualtrics export/,
    );
  });
});
