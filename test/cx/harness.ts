/**
 * Tiny in-memory warehouses for CX and journey tests: `events`,
 * `milestone_status` and `survey_responses` rows written by hand (so that the
 * expected numbers depend on nothing but these rows), then the CX plan run and
 * published, and its tables read back as plain rows.
 */
import { afterAll } from 'vitest';
import { compileCx, publishCxStatements } from '../../src/compiler/cx/plan.js';
import type { CxMetric, Journey, Milestone, Project } from '../../src/definitions/model.js';
import { readTables, runStatement } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';

const open: Warehouse[] = [];
afterAll(() => {
  for (const w of open.splice(0)) w.close();
});

/** [milestone, level, actor, account, completed_at] */
export type StatusRow = [string, 'account' | 'contact', string, string, string | null];
/** [ts, account, contact, event] */
export type EventRow = [string, string, string | null, string];

export interface Data {
  statuses: StatusRow[];
  events?: EventRow[];
  /** Rows of survey_responses: canonical columns and typed extras, by name. */
  responses?: Record<string, unknown>[];
  /** Extra typed survey columns, e.g. {Q1: 'DOUBLE'}. */
  surveyColumns?: Record<string, string>;
}

const SURVEY_COLUMNS: Record<string, string> = {
  respondent_id: 'VARCHAR',
  account_id: 'VARCHAR',
  contact_id: 'VARCHAR',
  ts: 'TIMESTAMP',
  survey_id: 'VARCHAR',
  response_id: 'VARCHAR',
  question_id: 'VARCHAR',
  value: 'DOUBLE',
  text: 'VARCHAR',
  topics: 'VARCHAR',
  sentiment: 'VARCHAR',
};

type Value = string | number | null | undefined;

/** INSERT with a bound parameter per value; NULLs are written out (a NULL parameter has no type to bind). */
async function insert(w: Warehouse, table: string, values: Value[]): Promise<void> {
  // A parameter in VALUES has no type to infer: say it; the column's type is then cast to.
  const placeholders = values.map((v) =>
    v === null || v === undefined
      ? 'NULL'
      : typeof v === 'number'
        ? 'CAST(? AS DOUBLE)'
        : 'CAST(? AS VARCHAR)',
  );
  const params = values.filter((v): v is string | number => v !== null && v !== undefined);
  await w.run(`INSERT INTO ${table} VALUES (${placeholders.join(', ')})`, params);
}

export async function warehouseWith(data: Data): Promise<Warehouse> {
  const w = await Warehouse.open(':memory:');
  open.push(w);
  await w.run(
    'CREATE TABLE events (ts TIMESTAMP, account_id VARCHAR, contact_id VARCHAR, event VARCHAR, properties JSON)',
  );
  for (const row of data.events ?? []) await insert(w, 'events', [...row, '{}']);
  await w.run(
    'CREATE TABLE milestone_status (milestone_id VARCHAR, level VARCHAR, actor_id VARCHAR, account_id VARCHAR, completed_at TIMESTAMP)',
  );
  for (const row of data.statuses) await insert(w, 'milestone_status', row);
  if (data.responses) {
    const columns = { ...SURVEY_COLUMNS, ...data.surveyColumns, properties: 'JSON' };
    const names = Object.keys(columns);
    await w.run(`CREATE TABLE survey_responses (${names.map((n) => `"${n}" ${columns[n]}`).join(', ')})`);
    for (const response of data.responses) {
      const values = names.map((n) =>
        n === 'properties' ? JSON.stringify(response.properties ?? {}) : response[n],
      );
      await insert(w, 'survey_responses', values as Value[]);
    }
  }
  return w;
}

export function milestone(id: string, level: 'account' | 'contact' = 'account'): Milestone {
  return {
    id,
    name: id,
    level,
    criteria: [],
    evaluation: { start: { kind: 'first_seen' }, countHistory: false },
    assign: { where: [] },
    overrides: [],
  } as unknown as Milestone;
}

export function project(parts: { milestones: Milestone[]; cx?: CxMetric[]; journeys?: Journey[] }): Project {
  return {
    configPath: '/test/milestones.yaml',
    timezone: 'UTC',
    warehouse: ':memory:',
    sources: {},
    milestones: parts.milestones,
    journeys: parts.journeys ?? [],
    conversions: [],
    cx: parts.cx ?? [],
  };
}

export const days = (n: number, text = `${n}d`) => ({ seconds: n * 86_400, text });

/** Runs the CX plan as of T over milestone_status and publishes it. */
export async function computeCx(w: Warehouse, p: Project, asOf: string): Promise<void> {
  const plan = compileCx(p, { asOf, tables: await readTables(w) });
  for (const s of plan.statements) await runStatement(w, s);
  for (const s of publishCxStatements()) await runStatement(w, s);
}

export async function rows(w: Warehouse, sql: string): Promise<Record<string, unknown>[]> {
  return JSON.parse(
    JSON.stringify(await w.all(sql), (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)),
  );
}
