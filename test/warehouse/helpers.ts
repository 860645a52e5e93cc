/**
 * Hand-built Projects and temp folders for loader tests: the loaders are
 * tested without the YAML front end, on files each test writes itself.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { EventSource, Project, SourceBase, Sources, SurveySource } from '../../src/definitions/model.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { removeDir, tempDir as fileTempDir } from '../helpers/temp-dir.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A temp folder removed after the test (and with the file, should this hook not run). */
export function tempDir(): string {
  const dir = fileTempDir('milestones-load-');
  cleanups.push(() => removeDir(dir));
  return dir;
}

/** Writes name -> content into dir; returns dir. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): string {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** An in-memory warehouse closed after the test. */
export async function memoryWarehouse(): Promise<Warehouse> {
  const warehouse = await Warehouse.open(':memory:');
  cleanups.push(() => warehouse.close());
  return warehouse;
}

export function source(paths: string[], rest: Partial<SourceBase> = {}): SourceBase {
  return { paths, format: 'csv', columns: {}, properties: {}, ...rest };
}

export function eventSource(paths: string[], rest: Partial<EventSource> = {}): EventSource {
  return source(paths, rest);
}

export function surveySource(paths: string[], rest: Partial<SurveySource> = {}): SurveySource {
  return { respondent: 'contact', ...source(paths, rest), ...rest };
}

/** A project whose config file would live in dir (relative source paths resolve there). */
export function project(dir: string, sources: Sources, timezone = 'UTC'): Project {
  return {
    configPath: join(dir, 'milestones.yaml'),
    timezone,
    warehouse: ':memory:',
    sources,
    milestones: [],
    journeys: [],
    conversions: [],
    cx: [],
  };
}

/** Rows of a small query as JSON-safe objects (BIGINT as text, TIMESTAMP as 'YYYY-MM-DD HH:MM:SS'). */
export async function rows(warehouse: Warehouse, sql: string): Promise<Record<string, unknown>[]> {
  return warehouse.allJson(sql);
}

export async function count(warehouse: Warehouse, table: string): Promise<bigint> {
  const row = await warehouse.one<{ n: bigint }>(`SELECT count(*) AS n FROM "${table}"`);
  return row?.n ?? 0n;
}
