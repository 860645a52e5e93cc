/**
 * A file whose every row (or more than max_rejected_share of them) is
 * rejected fails the load, and the table keeps what it held; `strict`
 * judges the files already loaded too, not only what this run read.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { count, eventSource, memoryWarehouse, project, rows, tempDir, writeFiles } from './helpers.js';

const HEADER = 'ts,account_id,event\n';
const GOOD =
  HEADER +
  '2026-01-01 10:00:00,acme,signup\n2026-01-02 10:00:00,acme,login\n2026-01-03 10:00:00,globex,signup\n';

async function failure(promise: Promise<unknown>): Promise<InvalidInputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

describe('rejected share', () => {
  it('a wrong timestamp_format on a rebuild: fails, and the table keeps its rows', async () => {
    const dir = writeFiles(tempDir(), { 'events.csv': GOOD });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }));
    const wrong = eventSource(['events.csv'], { timestampFormat: '%d/%m/%Y %H:%M' });
    const error = await failure(loadSources(warehouse, project(dir, { events: wrong })));
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/events\.csv: all 3 rows rejected: nothing was loaded/);
    // The first rejected rows, as errors with their lines (header = line 1).
    expect(error.diagnostics.map((d) => [d.severity, d.location?.line])).toEqual([
      ['error', 2],
      ['error', 3],
      ['error', 4],
    ]);
    // The three rows loaded before, and their file's record, are still there.
    expect(await count(warehouse, 'events')).toBe(3n);
    expect(await rows(warehouse, 'SELECT "rows", "rejected" FROM "_loaded_files"')).toEqual([
      { rows: '3', rejected: '0' },
    ]);
  });

  it('more than half rejected fails; half or less loads the rest', async () => {
    const dir = writeFiles(tempDir(), {
      // 2 of 3 rows unreadable: 66.7% > 50%.
      'bad.csv': HEADER + '2026-01-01 10:00:00,acme,signup\nyesterday,acme,login\nsoon,globex,signup\n',
      // 1 of 2 unreadable: exactly 50%, not more.
      'half.csv': HEADER + '2026-01-01 10:00:00,acme,signup\nyesterday,acme,login\n',
    });
    const warehouse = await memoryWarehouse();
    const error = await failure(loadSources(warehouse, project(dir, { events: eventSource(['bad.csv']) })));
    expect(error.message).toMatch(
      /bad\.csv: 2 of 3 rows rejected \(66\.7%, more than sources\.events\.max_rejected_share 50%\)/,
    );
    expect(error.hint).toMatch(/raise sources\.events\.max_rejected_share/);
    expect(await warehouse.tableExists('events')).toBe(false);

    const report = await loadSources(warehouse, project(dir, { events: eventSource(['half.csv']) }));
    expect(report.rejected).toBe(1n);
    expect(await count(warehouse, 'events')).toBe(1n);
  });

  it('max_rejected_share raises the bar, but a file that loads no row always fails', async () => {
    const dir = writeFiles(tempDir(), {
      'bad.csv': HEADER + '2026-01-01 10:00:00,acme,signup\nyesterday,acme,login\nsoon,globex,signup\n',
      'none.csv': HEADER + 'yesterday,acme,login\n',
    });
    const warehouse = await memoryWarehouse();
    // 2 of 3 = 66.7% <= 70%: loads the one good row.
    await loadSources(
      warehouse,
      project(dir, { events: eventSource(['bad.csv'], { maxRejectedShare: 0.7 }) }),
    );
    expect(await count(warehouse, 'events')).toBe(1n);
    const all = eventSource(['none.csv'], { maxRejectedShare: 1 });
    const error = await failure(loadSources(warehouse, project(dir, { events: all })));
    expect(error.message).toMatch(/none\.csv: all 1 row rejected/);
  });

  it('a lowered max_rejected_share re-judges the files already loaded', async () => {
    // 1 of 3 rows unreadable: 33.3%, under the default half.
    const dir = writeFiles(tempDir(), {
      'events.csv':
        HEADER + '2026-01-01 10:00:00,acme,signup\nyesterday,acme,login\n2026-01-03 10:00:00,globex,signup\n',
    });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }));
    expect(await count(warehouse, 'events')).toBe(2n);
    const strict = eventSource(['events.csv'], { maxRejectedShare: 0.25 });
    const error = await failure(loadSources(warehouse, project(dir, { events: strict })));
    expect(error.message).toMatch(
      /1 of 3 rows rejected \(33\.3%, more than sources\.events\.max_rejected_share 25%\)/,
    );
    expect(await count(warehouse, 'events')).toBe(2n);
  });

  it('a file with a header and no rows is not a failure', async () => {
    const dir = writeFiles(tempDir(), { 'events.csv': HEADER });
    const warehouse = await memoryWarehouse();
    const report = await loadSources(warehouse, project(dir, { events: eventSource(['events.csv']) }));
    expect(report.rejected).toBe(0n);
  });
});

describe('strict judges what the warehouse holds', () => {
  const WITH_BAD_ROW = GOOD + 'yesterday,acme,login\n'; // line 5: 1 of 4 rejected

  it('fails on a file loaded earlier with rejects, though its content is unchanged', async () => {
    const dir = writeFiles(tempDir(), { 'events.csv': WITH_BAD_ROW });
    const p = project(dir, { events: eventSource(['events.csv']) });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, p); // as compute does: the bad row is a warning
    const error = await failure(loadSources(warehouse, p, { strict: true }));
    expect(error.message).toMatch(/1 row rejected: nothing was loaded \(--strict\)/);
    expect(error.diagnostics.map((d) => d.location?.line).filter((l) => l !== undefined)).toEqual([5]);
    // Unchanged: the three good rows, one record.
    expect(await count(warehouse, 'events')).toBe(3n);
    expect(await count(warehouse, '_loaded_files')).toBe(1n);

    // Fixed file: strict passes and the table is replaced.
    writeFileSync(join(dir, 'events.csv'), GOOD);
    const report = await loadSources(warehouse, p, { strict: true });
    expect(report.tables[0]?.files.map((f) => f.status)).toEqual(['replaced']);
  });

  it('names a file loaded ad hoc with rejects from its record', async () => {
    const dir = writeFiles(tempDir(), {
      'events.csv': GOOD,
      'extra.csv': WITH_BAD_ROW.replace(/acme/g, 'initech'),
    });
    const p = project(dir, { events: eventSource(['events.csv']) });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, p, { only: 'events', overridePaths: [join(dir, 'extra.csv')] });
    const error = await failure(loadSources(warehouse, p, { strict: true }));
    expect(error.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/extra\.csv: 1 row was rejected when it was loaded$/),
    ]);
  });
});
