/**
 * Runs a config (YAML text) on a few rows in an in-memory warehouse, the way
 * `milestones test` does (testing/run-definition-tests.ts: the canonical
 * tables, then the same computeAll as `compute`), for tests that need the
 * whole path from YAML to result tables.
 */
import { parseDefinitions } from '../../src/definitions/load-definitions.js';
import type { Project } from '../../src/definitions/model.js';
import type { TestRun } from '../../src/testing/compare.js';
import type { DataRow, DefinitionTest } from '../../src/testing/test-file.js';
import { runDefinitionTest } from '../../src/testing/run-definition-tests.js';

export type Rows = Partial<Record<'accounts' | 'contacts' | 'events' | 'surveys', Record<string, unknown>[]>>;

const location = { file: 'rows', line: 1, col: 1 };
const dataRows = (rows: Record<string, unknown>[] = []): DataRow[] =>
  rows.map((values) => ({ values, location }));

/** The project of a valid config; throws with the diagnostics otherwise. */
export function projectOf(yaml: string): Project {
  const { project, diagnostics } = parseDefinitions(yaml, '/virtual/milestones.yaml');
  if (!project) throw new Error(`invalid config:\n${JSON.stringify(diagnostics, null, 2)}`);
  return project;
}

export function runRows(project: Project, rows: Rows, asOf?: string): Promise<TestRun> {
  const test: DefinitionTest = {
    name: 'run',
    file: 'rows',
    location,
    ...(asOf !== undefined ? { asOf } : {}),
    accounts: dataRows(rows.accounts),
    contacts: dataRows(rows.contacts),
    events: dataRows(rows.events),
    surveys: dataRows(rows.surveys),
    statuses: [],
    conversions: [],
    journeys: [],
    cx: [],
    travelers: [],
  };
  return runDefinitionTest(project, test);
}

/** Epoch microseconds of an ISO instant with Z, to compare with TestRun instants. */
export const usOf = (iso: string): bigint => BigInt(Date.parse(iso)) * 1000n;
