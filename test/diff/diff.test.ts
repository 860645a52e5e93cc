/**
 * `milestones diff` semantics on a tiny hand-made warehouse and two
 * hand-written configs: which actors change, how the aggregates move, and
 * that nothing is published. Every expectation is worked out by hand beside it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../src/definitions/load-definitions.js';
import type { Project } from '../../src/definitions/model.js';
import { conversionMoved, diffStatuses, type DiffResult } from '../../src/diff/run-diff.js';
import type { Warehouse } from '../../src/warehouse/session.js';
import { warehouseWith, type EventRow } from '../statuses/harness.js';

// All times UTC (timezone: UTC). No accounts table: the actors are the accounts seen in events.
//   a1: signup 01-01 10:00, report 01-02 10:00, 01-03 10:00, 01-04 10:00
//   a2: signup 01-01 09:00, report 01-05 12:00
//   a3: signup 01-02 08:00, report 01-03 09:00, 01-06 09:00
//   a4: signup 01-03 00:00 (no reports)
const EVENTS: EventRow[] = [
  ['2026-01-01 10:00:00', 'a1', null, 'signup'],
  ['2026-01-02 10:00:00', 'a1', null, 'report'],
  ['2026-01-03 10:00:00', 'a1', null, 'report'],
  ['2026-01-04 10:00:00', 'a1', null, 'report'],
  ['2026-01-01 09:00:00', 'a2', null, 'signup'],
  ['2026-01-05 12:00:00', 'a2', null, 'report'],
  ['2026-01-02 08:00:00', 'a3', null, 'signup'],
  ['2026-01-03 09:00:00', 'a3', null, 'report'],
  ['2026-01-06 09:00:00', 'a3', null, 'report'],
  ['2026-01-03 00:00:00', 'a4', null, 'signup'],
];

const HEADER = `version: 1
timezone: UTC
sources:
  events:
    path: events.csv
    columns: { ts: ts, account_id: account_id, contact_id: contact_id, event: event }
milestones:
  - id: signed_up
    criteria: [{ event: signup }]
`;

const BASE = `${HEADER}  - id: trial
    criteria: [{ event: signup }]
  - id: reporting
    criteria:
      - milestone: signed_up
      - id: reports
        event: report
        at_least: 2
  - id: power
    criteria: [{ milestone: reporting }]
  - id: gone
    criteria: [{ event: signup }]
`;

// trial: assigned to a1-a3 only; reporting: 1 report is enough; gone removed; fresh added.
// Keys of signed_up and power written in another order or not at all: still "same".
const HEAD = `${HEADER}  - id: trial
    criteria: [{ event: signup }]
    assign: { accounts: [a1, a2, a3] }
  - id: reporting
    criteria:
      - milestone: signed_up
      - id: reports
        event: report
        at_least: 1
  - criteria: [{ milestone: reporting }]
    id: power
  - id: fresh
    criteria: [{ event: report, at_least: 3 }]
`;

function parse(text: string): Project {
  const { project, diagnostics } = parseDefinitions(text, '/tmp/diff-test/milestones.yaml');
  if (!project) throw new Error(JSON.stringify(diagnostics));
  return project;
}

let w: Warehouse | undefined;
afterEach(() => w?.close());

async function diff(base: string, head: string, limit = 50): Promise<DiffResult> {
  w = await warehouseWith(EVENTS);
  return diffStatuses(w, parse(base), parse(head), { asOf: '2026-01-10 00:00:00', limit });
}

/** "milestone/actor: base -> head" per changed column, timestamps as MM-DD HH:MM. */
function describeChange(row: Record<string, unknown>): string {
  // Instants come as ISO text with Z (their fraction kept); shown as MM-DD HH:MM.
  const text = (v: unknown) =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T.*Z$/.test(v)
      ? v.slice(5, 16).replace('T', ' ')
      : v === null
        ? '-'
        : String(v);
  const parts = ['status', 'progress', 'completed_at', 'deadline_missed']
    .filter((c) => text(row[`base_${c}`]) !== text(row[`head_${c}`]))
    .map((c) => `${c} ${text(row[`base_${c}`])} -> ${text(row[`head_${c}`])}`);
  return `${String(row.milestone_id)}/${String(row.actor_id)}: ${parts.join(', ')}`;
}

describe('diff of two versions over the same data', () => {
  it('lists exactly the actors whose status, progress or completion time moved', async () => {
    const result = await diff(BASE, HEAD);
    expect(result.changes.map(describeChange)).toEqual([
      // trial: a4 is no longer assigned (base: achieving since its signup 01-03 00:00, progress 100).
      'trial/a4: status achieving -> -, progress 100 -> -, completed_at 01-03 00:00 -> -, deadline_missed false -> -',
      // reporting = {signed_up, reports}. Status changes sort first.
      // a2: 1 report. Base (>= 2): never_achieved, 50% (signed_up only). Head (>= 1): both hold at the report 01-05 12:00.
      'reporting/a2: status never_achieved -> achieving, progress 50 -> 100, completed_at - -> 01-05 12:00',
      // a1: signed up 01-01 10:00; 2nd report 01-03 10:00 (base) vs 1st report 01-02 10:00 (head).
      'reporting/a1: completed_at 01-03 10:00 -> 01-02 10:00',
      // a3: signed up 01-02 08:00; 2nd report 01-06 09:00 (base) vs 1st report 01-03 09:00 (head).
      'reporting/a3: completed_at 01-06 09:00 -> 01-03 09:00',
      // power = {reporting}: its definition is the same, but it follows reporting's completions.
      'power/a2: status never_achieved -> achieving, progress 0 -> 100, completed_at - -> 01-05 12:00',
      'power/a1: completed_at 01-03 10:00 -> 01-02 10:00',
      'power/a3: completed_at 01-06 09:00 -> 01-03 09:00',
      // signed_up: same definition, same data: nothing. a4 keeps never_achieved in reporting and power.
      // fresh (added) and gone (removed) are in the aggregates only.
    ]);
    expect(result.changedTotal).toBe(7n);
    expect(result.asOf).toBe('2026-01-10T00:00:00Z');
  });

  it('moves the aggregates per milestone and marks added, removed and changed definitions', async () => {
    const result = await diff(BASE, HEAD);
    const summary = Object.fromEntries(
      result.milestones.map((m) => {
        const side = (s: typeof m.base) =>
          s ? `${s.assigned}/${s.achieving}/${s.never_achieved}/${s.completed}/${s.mean_progress}` : '-';
        return [m.id, `${m.definition} ${side(m.base)} => ${side(m.head)} changed ${m.changedActors}`];
      }),
    );
    // assigned/achieving/never_achieved/completed/mean progress.
    expect(summary).toEqual({
      // Everyone signed up: 4 achieving on both sides.
      signed_up: 'same 4/4/0/4/100 => 4/4/0/4/100 changed 0',
      // Head assigns a1-a3 only: 4 -> 3 actors, all achieving.
      trial: 'changed 4/4/0/4/100 => 3/3/0/3/100 changed 1',
      // Base: a1, a3 achieving, a2, a4 at 50% -> mean (100+50+100+50)/4 = 75.
      // Head: a1, a2, a3 achieving, a4 at 50% -> mean 350/4 = 87.5.
      reporting: 'changed 4/2/2/2/75 => 4/3/1/3/87.5 changed 3',
      // Base: a1, a3 achieving, a2, a4 at 0 -> mean 50. Head: a4 only at 0 -> mean 75.
      power: 'same 4/2/2/2/50 => 4/3/1/3/75 changed 3',
      // Head only: 3 reports is a1 alone (a2 has 1, a3 2, a4 none); mean 100/4 = 25.
      fresh: 'added - => 4/1/3/1/25 changed 0',
      // Base only: everyone signed up.
      gone: 'removed 4/4/0/4/100 => - changed 0',
    });
    // Order: the head's milestones as declared, then the removed ones.
    expect(result.milestones.map((m) => m.id)).toEqual([
      'signed_up',
      'trial',
      'reporting',
      'power',
      'fresh',
      'gone',
    ]);
  });

  it('limits the rows read, keeping the total and the order', async () => {
    const result = await diff(BASE, HEAD, 2);
    // The first two of the seven above.
    expect(result.changes.map((r) => `${String(r.milestone_id)}/${String(r.actor_id)}`)).toEqual([
      'trial/a4',
      'reporting/a2',
    ]);
    expect(result.changedTotal).toBe(7n);
  });

  it('finds no difference between a version and itself', async () => {
    const result = await diff(BASE, BASE);
    expect(result.changedTotal).toBe(0n);
    expect(result.changes).toEqual([]);
    expect(result.milestones.every((m) => m.definition === 'same' && m.changedActors === 0n)).toBe(true);
  });

  it('publishes nothing: an existing milestone_status is left as it was', async () => {
    w = await warehouseWith(EVENTS);
    await w.run(`CREATE TABLE milestone_status AS SELECT 'sentinel' AS milestone_id`);
    await diffStatuses(w, parse(BASE), parse(HEAD), { limit: 50 });
    const rows = await w.all<{ milestone_id: string }>('SELECT milestone_id FROM milestone_status');
    expect(rows).toEqual([{ milestone_id: 'sentinel' }]);
    expect(await w.tableExists('milestone_history')).toBe(false);
  });

  it('evaluates both versions at the latest event by default', async () => {
    w = await warehouseWith(EVENTS);
    const result = await diffStatuses(w, parse(BASE), parse(HEAD), { limit: 50 });
    // The latest event is a3's report 01-06 09:00; the same seven actors change.
    expect(result.asOf).toBe('2026-01-06T09:00:00Z');
    expect(result.changedTotal).toBe(7n);
  });

  it('says so when the warehouse has no events (exit 1)', async () => {
    w = await warehouseWith([]);
    await expect(diffStatuses(w, parse(BASE), parse(HEAD), { limit: 50 })).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringContaining('has no events') as unknown,
    });
  });
});

// The base's `reporting` (2 reports) with a deadline of 3 days from each actor's first event.
const WITH_DEADLINE = BASE.replace(
  '        at_least: 2\n',
  '        at_least: 2\n    evaluation: { deadline: 3d }\n',
);

describe('diff of a deadline', () => {
  it('lists an actor whose only move is its deadline and on_time flag (found by review: it was no change)', async () => {
    expect(WITH_DEADLINE).not.toBe(BASE);
    const result = await diff(BASE, WITH_DEADLINE);
    const rows = result.changes.map((r) =>
      [
        r.actor_id,
        r.base_deadline ?? '-',
        r.head_deadline,
        r.base_deadline_missed,
        r.head_deadline_missed,
        r.base_on_time ?? '-',
        r.head_on_time,
      ].join(' '),
    );
    // Starts are first events (first_seen), deadlines 3 days later; T = 01-10 00:00, past every deadline.
    // Status, progress and completed_at are the same on both sides (the deadline does not change them).
    expect(rows).toEqual([
      // a1: completed 01-03 10:00 (2nd report), deadline 01-04 10:00: in time. Missed stays false:
      // only the new deadline and on_time (NULL -> true) move.
      'a1 - 2026-01-04T10:00:00Z false false - true',
      // a2: 1 report, never completes; deadline 01-04 09:00 has passed: missed, not on time.
      'a2 - 2026-01-04T09:00:00Z false true - false',
      // a3: completed 01-06 09:00, after its deadline 01-05 08:00: a late completion is missed.
      'a3 - 2026-01-05T08:00:00Z false true - false',
      // a4: no report, deadline 01-06 00:00 passed: missed.
      'a4 - 2026-01-06T00:00:00Z false true - false',
    ]);
    expect(result.changedTotal).toBe(4n);
    // The same start on both sides (first_seen).
    expect(result.changes.every((r) => r.base_evaluation_start === r.head_evaluation_start)).toBe(true);
  });
});

// Conversions over the milestones above (milestone steps enter/convert at completed_at).
const FUNNELS = `conversions:
  - id: to_reporting
    steps: [signed_up, reporting]
    window: 3d
`;
const CV_BASE = `${BASE}${FUNNELS}  - id: to_power
    steps: [signed_up, power]
    window: 30d
`;
const CV_HEAD = `${HEAD}${FUNNELS}  - id: to_fresh
    steps: [signed_up, fresh]
    window: 30d
`;

describe('diff of the conversions', () => {
  it('moves converted when a milestone threshold changes, with added and removed conversions', async () => {
    const result = await diff(CV_BASE, CV_HEAD);
    const summary = Object.fromEntries(
      result.conversions.map((c) => {
        const side = (s: typeof c.base) =>
          s ? `${s.entered}/${s.in_progress}/${s.converted}/${s.rate}` : '-';
        return [c.id, `${c.definition} ${side(c.base)} => ${side(c.head)}`];
      }),
    );
    // entered/in_progress/converted/rate (% of settled = entered - in progress). T = 01-10 00:00.
    expect(summary).toEqual({
      // Everyone enters at signup (a1 01-01 10:00, a2 01-01 09:00, a3 01-02 08:00, a4 01-03 00:00);
      // every 3d window has ended by T, so nobody is in progress.
      // Base (reporting >= 2 reports): a1 completes 01-03 10:00 <= 01-04 10:00: converted;
      //   a3 01-06 09:00 > 01-05 08:00: no; a2, a4 never: 1 of 4 settled = 25%.
      // Head (>= 1 report): a1 01-02 10:00 and a3 01-03 09:00 convert; a2 01-05 12:00 > 01-04 09:00
      //   does not: 2 of 4 = 50%. The conversion's own definition is the same.
      to_reporting: 'same 4/0/1/25 => 4/0/2/50',
      // Head only, fresh (3 reports) = a1 at 01-04 10:00: converted; a2-a4 not yet, their 30d
      // windows (to 01-31 and later) are open at T: in progress. Rate 1 of 1 settled = 100%.
      to_fresh: 'added - => 4/3/1/100',
      // Base only, power = base reporting: a1 (01-03) and a3 (01-06) convert, a2 and a4 are in
      // progress: 2 of 2 settled = 100%.
      to_power: 'removed 4/2/2/100 => -',
    });
    // Order: the head's conversions, then the removed ones. Every one moved (or exists on one side).
    expect(result.conversions.map((c) => c.id)).toEqual(['to_reporting', 'to_fresh', 'to_power']);
    expect(result.conversions.map(conversionMoved)).toEqual([true, true, true]);
    // Nothing published, and no conversion temp object left for another run to read.
    expect(await w!.tableExists('conversion_steps')).toBe(false);
    const left = await w!.all(
      `SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, '_cv_')
       UNION ALL SELECT view_name FROM duckdb_views() WHERE starts_with(view_name, '_cv_')`,
    );
    expect(left).toEqual([]);
  });

  it('finds no conversion moving between a version and itself', async () => {
    const result = await diff(CV_BASE, CV_BASE);
    // Base's numbers on both sides (above).
    expect(result.conversions.map((c) => [c.id, c.definition, c.head?.converted])).toEqual([
      ['to_reporting', 'same', 1n],
      ['to_power', 'same', 2n],
    ]);
    expect(result.conversions.some(conversionMoved)).toBe(false);
  });
});
