/**
 * Checking the sources reads a file again only when its size or its
 * modification time changed since it was loaded (source-files.ts
 * identifyFile); an untouched file keeps its recorded hash. A rewritten file
 * gets a new time and is still replaced.
 */
import { createHash } from 'node:crypto';
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { identifyFile } from '../../src/warehouse/source-files.js';
import { eventSource, memoryWarehouse, project, rows, tempDir, writeFiles } from './helpers.js';

const HEADER = 'ts,account_id,event\n';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('identifyFile', () => {
  const content = HEADER + '2026-01-01 10:00:00,acme,signup\n';

  it('keeps the recorded hash of a file whose size and time are unchanged, without reading it', async () => {
    const file = join(writeFiles(tempDir(), { 'a.csv': content }), 'a.csv');
    const { size, mtimeNs } = statSync(file, { bigint: true });
    // A recorded hash that is not the content's: only returning it unread can give it back.
    const known = { sha256: 'recorded', bytes: size, mtimeNs };
    expect(await identifyFile(file, known)).toEqual({ sha256: 'recorded', bytes: content.length, mtimeNs });
  });

  it('hashes the content when the time, the size or the record differ', async () => {
    const file = join(writeFiles(tempDir(), { 'a.csv': content }), 'a.csv');
    const { size, mtimeNs } = statSync(file, { bigint: true });
    const actual = sha256(content);
    expect((await identifyFile(file, { sha256: 'x', bytes: size, mtimeNs: mtimeNs - 1n })).sha256).toBe(
      actual,
    );
    expect((await identifyFile(file, { sha256: 'x', bytes: size + 1n, mtimeNs })).sha256).toBe(actual);
    // A row recorded before the columns existed has neither.
    expect((await identifyFile(file, { sha256: 'x', bytes: null, mtimeNs: null })).sha256).toBe(actual);
    expect((await identifyFile(file, undefined)).sha256).toBe(actual);
  });
});

describe('loading with recorded sizes and times', () => {
  it('records them, and replaces a file rewritten to the same size (its time changed)', async () => {
    const dir = writeFiles(tempDir(), { 'a.csv': HEADER + '2026-01-01 10:00:00,acme,signup\n' });
    const p = project(dir, { events: eventSource(['a.csv']) });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, p);
    const [recorded] = await rows(warehouse, 'SELECT "bytes", "mtime_ns" FROM "_loaded_files"');
    const { size, mtimeNs } = statSync(join(dir, 'a.csv'), { bigint: true });
    expect(recorded).toEqual({ bytes: String(size), mtime_ns: String(mtimeNs) });

    // Same length ("signup" -> "logins"), written a second later.
    writeFileSync(join(dir, 'a.csv'), HEADER + '2026-01-01 10:00:00,acme,logins\n');
    const later = new Date(Number(mtimeNs / 1_000_000n) + 1000);
    utimesSync(join(dir, 'a.csv'), later, later);
    const report = await loadSources(warehouse, p);
    expect(report.tables[0]?.files.map((f) => f.status)).toEqual(['replaced']);
    expect(await rows(warehouse, 'SELECT "event" FROM "events"')).toEqual([{ event: 'logins' }]);
  });

  it('fills them in for a file recorded without them, when it is found unchanged', async () => {
    const dir = writeFiles(tempDir(), { 'a.csv': HEADER + '2026-01-01 10:00:00,acme,signup\n' });
    const p = project(dir, { events: eventSource(['a.csv']) });
    const warehouse = await memoryWarehouse();
    await loadSources(warehouse, p);
    // As a warehouse loaded before the columns existed.
    await warehouse.run('UPDATE "_loaded_files" SET "bytes" = NULL, "mtime_ns" = NULL');
    const report = await loadSources(warehouse, p);
    expect(report.tables[0]?.files.map((f) => f.status)).toEqual(['unchanged']);
    const { size, mtimeNs } = statSync(join(dir, 'a.csv'), { bigint: true });
    expect(await rows(warehouse, 'SELECT "bytes", "mtime_ns" FROM "_loaded_files"')).toEqual([
      { bytes: String(size), mtime_ns: String(mtimeNs) },
    ]);
  });
});
