/**
 * Tiny in-memory warehouses for conversion tests: `events`, `accounts` and
 * `milestone_status` rows written by hand, a Project holding one conversion
 * built from model objects, and the stored results read back as plain rows.
 * The events carry actor numbers as the loader writes them (and every
 * status actor has one, as a loaded warehouse's would), so the plans join by
 * number as they do on a loaded warehouse; `{numbers: false}` keeps the
 * events without them (plans join by text).
 */
import { afterAll } from 'vitest';
import type { Conversion, Filter, Project, Step, Touchpoint } from '../../src/definitions/model.js';
import { computeConversions, type ConversionResult } from '../../src/conversions/run-conversions.js';
import { numberIds, numberUnnumbered } from '../../src/warehouse/actor-numbers.js';
import { Warehouse } from '../../src/warehouse/session.js';

const open: Warehouse[] = [];
afterAll(() => {
  for (const w of open.splice(0)) w.close();
});

/** [ts, account, contact, event, properties] */
export type EventRow = [
  ts: string,
  account: string | null,
  contact: string | null,
  event: string,
  props?: object,
];

/** [milestone, actor, completed_at] (account-level: the actor is the account). */
export type StatusRow = [milestone: string, actor: string, completedAt: string | null];

export interface Data {
  events?: EventRow[];
  /** SQL creating `accounts`, e.g. "CREATE TABLE accounts AS SELECT * FROM (VALUES ...) t(account_id, segment)". */
  accounts?: string;
  statuses?: StatusRow[];
  /** Extra typed event columns, e.g. 'amount DOUBLE'. */
  eventColumns?: string;
  /** Whether the events carry actor numbers (default true). */
  numbers?: boolean;
}

export async function warehouseWith(data: Data): Promise<Warehouse> {
  const w = await Warehouse.open(':memory:');
  open.push(w);
  const extra = data.eventColumns ? `, ${data.eventColumns}` : '';
  await w.run(
    `CREATE TABLE events (ts TIMESTAMP, account_id VARCHAR, contact_id VARCHAR, event VARCHAR, properties JSON, _load_id BIGINT${extra}` +
      (data.numbers === false ? ')' : ', _account_number INTEGER, _contact_number INTEGER)'),
  );
  for (const [ts, account, contact, event, props] of data.events ?? []) {
    await w.run('INSERT INTO events (ts, account_id, contact_id, event, properties) VALUES (?, ?, ?, ?, ?)', [
      ts,
      account,
      contact,
      event,
      JSON.stringify(props ?? {}),
    ]);
  }
  if (data.accounts) await w.run(data.accounts);
  if (data.statuses) {
    await w.run(
      'CREATE TABLE milestone_status (milestone_id VARCHAR, level VARCHAR, actor_id VARCHAR, account_id VARCHAR, completed_at TIMESTAMP)',
    );
    for (const [milestone, actor, completedAt] of data.statuses) {
      await w.run("INSERT INTO milestone_status VALUES (?, 'account', ?, ?, ?)", [
        milestone,
        actor,
        actor,
        completedAt,
      ]);
    }
  }
  if (data.numbers !== false) {
    await numberUnnumbered(w);
    if (data.statuses) await numberIds(w, 'account', 'SELECT "actor_id" AS "id" FROM milestone_status');
  }
  return w;
}

// ------------------------------------------------------------------ model builders

export const day = (n: number) => ({ seconds: n * 86_400, text: `${n}d` });
export const hours = (n: number) => ({ seconds: n * 3_600, text: `${n}h` });

export const event = (name: string, where: Filter[] = []): Step => ({ kind: 'event', event: name, where });
export const ms = (id: string): Step => ({ kind: 'milestone', milestone: id });
export const touch = (id: string, name = id, where: Filter[] = []): Touchpoint => ({
  id,
  event: name,
  where,
});
export const eq = (property: string, value: string | number): Filter => ({
  property,
  op: 'eq',
  value,
  negate: false,
});

export function conversion(steps: Step[], rest: Partial<Conversion> = {}): Conversion {
  return {
    id: 'c',
    name: 'c',
    steps,
    window: day(30),
    cohort: { kind: 'all' },
    exclusions: [],
    touchpoints: [],
    breakdown: [],
    unit: 'account',
    halfLife: day(7),
    ...rest,
  };
}

export function projectWith(conversions: Conversion[], rest: Partial<Project> = {}): Project {
  return {
    configPath: '/tmp/milestones.yaml',
    timezone: 'UTC',
    warehouse: ':memory:',
    sources: {},
    milestones: [],
    journeys: [],
    cx: [],
    conversions,
    ...rest,
  };
}

// ------------------------------------------------------------------ running

export async function run(
  w: Warehouse,
  c: Conversion | Conversion[],
  asOf: string,
  rest: Partial<Project> = {},
): Promise<ConversionResult[]> {
  return computeConversions(w, projectWith(Array.isArray(c) ? c : [c], rest), { asOf });
}

/** The stored actors, as "actor: reached=2 converted in_progress" with times when asked. */
export async function actors(w: Warehouse, id = 'c'): Promise<Record<string, string>> {
  const rows = await w.all<{
    actor_id: string;
    reached: number;
    converted: boolean;
    in_progress: boolean;
    times: string;
  }>(
    `SELECT actor_id, reached, converted, in_progress,
       array_to_string(list_transform(step_times, t -> coalesce(strftime(t, '%m-%d %H:%M:%S'), '-')), ' ') AS times
     FROM conversion_actors WHERE conversion_id = ? ORDER BY actor_id`,
    [id],
  );
  return Object.fromEntries(
    rows.map((r) => [
      r.actor_id,
      `reached ${r.reached}${r.converted ? ' converted' : ''}${r.in_progress ? ' in_progress' : ''} [${r.times}]`,
    ]),
  );
}

export interface StepLine {
  breakdown: string | null;
  value: string | null;
  step: number;
  reached: number;
  in_progress: number;
  step_rate: number | null;
  overall_rate: number | null;
  seconds_mean: number | null;
  seconds_median: number | null;
  seconds_p90: number | null;
  from_previous_seconds_mean: number | null;
  from_previous_seconds_median: number | null;
  from_previous_seconds_p90: number | null;
}

/** Funnel rows with counts as numbers (small tests only). */
export function stepLines(result: ConversionResult): StepLine[] {
  return result.steps.map((r) => ({
    breakdown: r.breakdown as string | null,
    value: r.value as string | null,
    step: Number(r.step),
    reached: Number(r.reached),
    in_progress: Number(r.in_progress),
    step_rate: r.step_rate as number | null,
    overall_rate: r.overall_rate as number | null,
    seconds_mean: r.seconds_mean as number | null,
    seconds_median: r.seconds_median as number | null,
    seconds_p90: r.seconds_p90 as number | null,
    from_previous_seconds_mean: r.from_previous_seconds_mean as number | null,
    from_previous_seconds_median: r.from_previous_seconds_median as number | null,
    from_previous_seconds_p90: r.from_previous_seconds_p90 as number | null,
  }));
}

/** model -> touchpoint -> credit. */
export function credits(result: ConversionResult, field: 'credit' | 'revenue' = 'credit') {
  const out: Record<string, Record<string, number>> = {};
  for (const r of result.attribution) {
    (out[r.model as string] ??= {})[r.touchpoint as string] = Number(r[field]);
  }
  return out;
}
