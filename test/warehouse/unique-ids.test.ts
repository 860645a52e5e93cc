/**
 * An id repeated in accounts or contacts fails the load (exit 1) with every
 * place of it as file:line, and changes nothing; a source whose path moved
 * to a new file loads the new file instead of adding to the old one.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, InvalidInputError } from '../../src/errors.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { count, memoryWarehouse, project, rows, source, tempDir, writeFiles } from './helpers.js';

async function failure(promise: Promise<unknown>): Promise<InvalidInputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

const where = (e: InvalidInputError) =>
  e.diagnostics.map((d) =>
    d.location ? `${d.location.file.replace(/.*\//, '')}:${d.location.line}` : d.message,
  );

describe('repeated ids', () => {
  it('an account id twice in accounts.csv: exit 1 with both lines, nothing loaded', async () => {
    const dir = writeFiles(tempDir(), {
      // Header line 1; acme on lines 2 and 4.
      'accounts.csv': 'account_id,seats\nacme,10\nglobex,3\nacme,12\n',
    });
    const warehouse = await memoryWarehouse();
    const error = await failure(loadSources(warehouse, project(dir, { accounts: source(['accounts.csv']) })));
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/1 account_id appears more than once/);
    expect(where(error)).toEqual(['accounts.csv:2', 'accounts.csv:4']);
    expect(formatDiagnostic(error.diagnostics[0]!)).toMatch(
      /error\[duplicate-id\]: account_id "acme" is also at .*accounts\.csv:4$/,
    );
    expect(await warehouse.tableExists('accounts')).toBe(false);
  });

  it('counts lines past rejected ones and names each repeated id (contacts)', async () => {
    const dir = writeFiles(tempDir(), {
      'contacts.csv':
        'contact_id,account_id\n' +
        'u1,acme\n' + // line 2
        'u2,acme,extra\n' + // line 3: three fields, rejected by the reader
        'u2,acme\n' + // line 4
        'u1,globex\n' + // line 5: u1 again
        'u3,globex\n' + // line 6
        'u2,globex\n', // line 7: u2 again
    });
    const warehouse = await memoryWarehouse();
    const error = await failure(loadSources(warehouse, project(dir, { contacts: source(['contacts.csv']) })));
    expect(error.message).toMatch(/2 contact_ids appear more than once/);
    // u1 at lines 2 and 5, u2 at 4 and 7 (line 3 was rejected, not loaded).
    expect(where(error)).toEqual(['contacts.csv:2', 'contacts.csv:5', 'contacts.csv:4', 'contacts.csv:7']);
  });

  it('an id in two files of the same source: both files and lines', async () => {
    const dir = writeFiles(tempDir(), {
      'a.csv': 'account_id\nglobex\nacme\n', // acme on line 3
      'b.csv': 'account_id\nacme\ninitech\n', // acme on line 2
    });
    const warehouse = await memoryWarehouse();
    const error = await failure(loadSources(warehouse, project(dir, { accounts: source(['*.csv']) })));
    expect(where(error)).toEqual(['a.csv:3', 'b.csv:2']);
  });

  it('names Parquet rows by row number', async () => {
    const dir = tempDir();
    const warehouse = await memoryWarehouse();
    const file = join(dir, 'accounts.parquet');
    await warehouse.run(
      `COPY (SELECT * FROM (VALUES ('acme'), ('globex'), ('acme')) AS t("account_id")) TO '${file}' (FORMAT parquet)`,
    );
    const error = await failure(
      loadSources(warehouse, project(dir, { accounts: source(['accounts.parquet'], { format: 'parquet' }) })),
    );
    // Rows 1 and 3 (1-based).
    expect(error.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(
        /accounts\.parquet row 1: account_id "acme" is also at .*accounts\.parquet row 3$/,
      ),
      expect.stringMatching(
        /accounts\.parquet row 3: account_id "acme" is also at .*accounts\.parquet row 1$/,
      ),
    ]);
  });

  it('a changed file that repeats an id leaves the loaded table as it was', async () => {
    const dir = writeFiles(tempDir(), { 'accounts.csv': 'account_id\nacme\nglobex\n' });
    const p = project(dir, { accounts: source(['accounts.csv']) });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, p);
    writeFileSync(join(dir, 'accounts.csv'), 'account_id\nacme\nglobex\nacme\n');
    await failure(loadSources(warehouse, p));
    expect(await rows(warehouse, 'SELECT "account_id" FROM "accounts" ORDER BY 1')).toEqual([
      { account_id: 'acme' },
      { account_id: 'globex' },
    ]);
  });
});

describe('a source whose path moved', () => {
  it("replaces the old file's rows with the new file's", async () => {
    const dir = writeFiles(tempDir(), {
      'old.csv': 'account_id,seats\nacme,10\nglobex,3\n',
      'new.csv': 'account_id,seats\nacme,10\nglobex,3\ninitech,5\n',
    });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { accounts: source(['old.csv']) }));
    const report = await loadSources(warehouse, project(dir, { accounts: source(['new.csv']) }));
    const files = report.tables[0]?.files ?? [];
    expect(files.map((f) => [f.path.replace(/.*\//, ''), f.status, f.rows, f.removed])).toEqual([
      ['old.csv', 'removed', 0n, 2n],
      ['new.csv', 'loaded', 3n, 0n],
    ]);
    expect(report.warnings.map((w) => w.code)).toEqual(['file-removed']);
    // new.csv alone: 3 accounts, acme once.
    expect(await count(warehouse, 'accounts')).toBe(3n);
    expect(await count(warehouse, '_loaded_files')).toBe(1n);
  });

  it('a file renamed to a copy of the old one loads (its content is no longer loaded)', async () => {
    const content = 'account_id\nacme\n';
    const dir = writeFiles(tempDir(), { 'a.csv': content, 'b.csv': content });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { accounts: source(['a.csv']) }));
    const report = await loadSources(warehouse, project(dir, { accounts: source(['b.csv']) }));
    expect(report.tables[0]?.files.map((f) => f.status)).toEqual(['removed', 'loaded']);
    expect(await count(warehouse, 'accounts')).toBe(1n);
  });

  it('keeps files loaded ad hoc (load TABLE PATH): a declared load removes only what the source named', async () => {
    const dir = writeFiles(tempDir(), {
      'accounts.csv': 'account_id\nacme\n',
      'extra.csv': 'account_id\nglobex\n',
    });
    const p = project(dir, { accounts: source(['accounts.csv']) });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, p);
    await loadSources(warehouse, p, { only: 'accounts', overridePaths: [join(dir, 'extra.csv')] });
    const report = await loadSources(warehouse, p);
    expect(report.tables[0]?.files.map((f) => f.status)).toEqual(['unchanged']);
    expect(await rows(warehouse, 'SELECT "account_id" FROM "accounts" ORDER BY 1')).toEqual([
      { account_id: 'acme' },
      { account_id: 'globex' },
    ]);
  });
});
