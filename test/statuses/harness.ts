/**
 * Tiny in-memory warehouses for semantic tests: build `events` (and
 * optionally `accounts`/`contacts`) by hand, compile a project made of model
 * objects, run the plan, read the results back as plain objects.
 */
import type {
  Aggregate,
  Criterion,
  EventCriterion,
  Filter,
  Milestone,
  Project,
  Window,
} from '../../src/definitions/model.js';
import { milestoneTable } from '../../src/compiler/statuses/names.js';
import { compilePlan, type CompileOptions } from '../../src/compiler/statuses/plan.js';
import { fillTemplate } from '../../src/compiler/template.js';
import { readTables, runPlan } from '../../src/warehouse/run-plan.js';
import { storedHistory } from '../../src/compute/stored-status.js';
import { Warehouse } from '../../src/warehouse/session.js';

export type EventRow = [
  ts: string,
  account: string | null,
  contact: string | null,
  event: string,
  props?: object,
];

export async function warehouseWith(
  events: EventRow[],
  options: { accounts?: string; contacts?: string; eventColumns?: string } = {},
): Promise<Warehouse> {
  const w = await Warehouse.open(':memory:');
  const extra = options.eventColumns ? `, ${options.eventColumns}` : '';
  await w.run(
    `CREATE TABLE events (ts TIMESTAMP, account_id VARCHAR, contact_id VARCHAR, event VARCHAR, properties JSON, _load_id VARCHAR${extra})`,
  );
  for (const [ts, account, contact, event, props] of events) {
    await w.run('INSERT INTO events (ts, account_id, contact_id, event, properties) VALUES (?, ?, ?, ?, ?)', [
      ts,
      account,
      contact,
      event,
      JSON.stringify(props ?? {}),
    ]);
  }
  if (options.accounts) await w.run(options.accounts);
  if (options.contacts) await w.run(options.contacts);
  return w;
}

// ------------------------------------------------------------------ model builders

export function day(n: number): { seconds: number; text: string } {
  return { seconds: n * 86_400, text: `${n}d` };
}

export function hours(n: number): { seconds: number; text: string } {
  return { seconds: n * 3_600, text: `${n}h` };
}

export function ev(
  event: string,
  options: {
    id?: string;
    atLeast?: number;
    per?: string;
    where?: Filter[];
    aggregate?: Aggregate;
    within?: Window;
  } = {},
): EventCriterion {
  return {
    kind: 'event',
    id: options.id ?? event,
    event,
    where: options.where ?? [],
    aggregate: options.aggregate ?? { fn: 'count' },
    threshold: { atLeast: options.atLeast ?? 1, ...(options.per ? { per: options.per } : {}) },
    ...(options.within ? { within: options.within } : {}),
  };
}

export function milestone(id: string, criteria: Criterion[], rest: Partial<Milestone> = {}): Milestone {
  return {
    id,
    name: id,
    level: 'account',
    criteria,
    evaluation: { start: { kind: 'first_seen' }, countHistory: false },
    assign: { where: [] },
    overrides: [],
    ...rest,
  };
}

export function project(milestones: Milestone[], rest: Partial<Project> = {}): Project {
  return {
    configPath: '/tmp/milestones.yaml',
    timezone: 'UTC',
    warehouse: ':memory:',
    sources: {},
    milestones,
    journeys: [],
    conversions: [],
    cx: [],
    ...rest,
  };
}

// ------------------------------------------------------------------ running

export interface StatusRow {
  milestone_id: string;
  actor_id: string;
  account_id: string | null;
  status: string;
  completed_at: string | null;
  progress: number;
  evaluation_start: string | null;
  deadline: string | null;
  deadline_missed: boolean;
  on_time: boolean | null;
}

export interface HistoryRow {
  milestone_id: string;
  actor_id: string;
  ts: string;
  type: string;
  holds: boolean;
  progress: number;
  previous_progress: number;
}

export async function compute(w: Warehouse, p: Project, options: CompileOptions = {}): Promise<void> {
  const tables = await readTables(w);
  // As `compute` does: the history's comparison is staged where the stored history allows.
  const history = await storedHistory(w);
  await runPlan(w, compilePlan(p, { tables, storedHistory: history, ...options }));
}

/** Timestamps as 'YYYY-MM-DD HH:MM:SS' text, for readable expectations. */
const TEXT = (column: string) => `strftime(${column}, '%Y-%m-%d %H:%M:%S') AS ${column}`;

export async function statuses(w: Warehouse, milestoneId?: string): Promise<Record<string, StatusRow>> {
  const rows = await w.all<StatusRow>(
    `SELECT milestone_id, actor_id, account_id, status, ${TEXT('completed_at')}, progress,
       ${TEXT('evaluation_start')}, ${TEXT('deadline')}, deadline_missed, on_time
     FROM milestone_status ${milestoneId ? 'WHERE milestone_id = ?' : ''} ORDER BY ALL`,
    milestoneId ? [milestoneId] : [],
  );
  return Object.fromEntries(
    rows.map((r) => [milestoneId ? r.actor_id : `${r.milestone_id}/${r.actor_id}`, r]),
  );
}

export async function history(w: Warehouse, milestoneId: string, actor: string): Promise<string[]> {
  const rows = await w.all<HistoryRow>(
    `SELECT ${TEXT('ts')}, type, progress, previous_progress FROM milestone_history
     WHERE milestone_id = ? AND actor_id = ? ORDER BY ts`,
    [milestoneId, actor],
  );
  return rows.map((r) => `${r.ts} ${r.type} ${r.previous_progress}->${r.progress}`);
}

/** Compact status: "achieving 100 @2026-01-02 10:00:00" (completed_at after @). */
export function brief(row: StatusRow | undefined): string {
  if (!row) return 'unassigned';
  return `${row.status} ${Math.round(row.progress * 100) / 100}${row.completed_at ? ` @${row.completed_at}` : ''}`;
}

/**
 * Rows by which a criterion's flips table differs (both ways) from the flips
 * of the general running sum (sql/statuses/criterion-flips.sql) over its own
 * deltas view: the reference for every shortcut template. 0 when equal.
 */
export async function flipsDifferingFromRunningSum(
  w: Warehouse,
  milestoneId: string,
  column: string,
): Promise<number> {
  await w.run(
    fillTemplate('statuses/criterion-flips', {
      flips: '"general"',
      threshold: `"thr_${column}"`,
      deltas: `"${milestoneTable.deltas(milestoneId, column)}"`,
      actors: `"${milestoneTable.actors(milestoneId)}"`,
    }),
  );
  const flips = `"${milestoneTable.flips(milestoneId, column)}"`;
  const differ = await w.all<{ n: bigint }>(
    `SELECT count(*) AS n FROM (
       (SELECT * FROM "general" EXCEPT ALL SELECT * FROM ${flips})
       UNION ALL
       (SELECT * FROM ${flips} EXCEPT ALL SELECT * FROM "general"))`,
  );
  return Number(differ[0]!.n);
}
