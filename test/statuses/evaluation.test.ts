/**
 * Evaluation start (first_seen, assigned, a property, a date, never, unknown),
 * count_history, deadlines, assignment, overrides and per-seat thresholds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Milestone } from '../../src/definitions/model.js';
import type { Warehouse } from '../../src/warehouse/session.js';
import { brief, compute, day, ev, history, milestone, project, statuses, warehouseWith } from './harness.js';

const start = (s: Milestone['evaluation']['start'], countHistory = false): Partial<Milestone> => ({
  evaluation: { start: s, countHistory },
});

describe('evaluation start', () => {
  let w: Warehouse;
  // Accounts (New York time zone, EST = UTC-5):
  //   a1: contract DATE 2026-01-03 (-> 01-03 05:00Z), signed TIMESTAMP 2026-01-02 12:00 (stored UTC),
  //       props {"kickoff": "2026-01-04"} (-> 01-04 05:00Z), {"go": "2026-01-04T10:00:00Z"}
  //   a2: no contract, no signed, no props; a3: in the accounts table only, no events.
  // Events of a1 (UTC): visit 01-01 00:00 (first_seen), x at 01-02 11:00, 01-03 05:00, 01-04 06:00,
  //   01-05 04:59:59, 01-05 05:00. a2: x at 01-02 11:00.
  beforeAll(async () => {
    w = await warehouseWith(
      [
        ['2026-01-01 00:00:00', 'a1', null, 'visit'],
        ['2026-01-02 11:00:00', 'a1', null, 'x'],
        ['2026-01-03 05:00:00', 'a1', null, 'x'],
        ['2026-01-04 06:00:00', 'a1', null, 'x'],
        ['2026-01-05 04:59:59', 'a1', null, 'x'],
        ['2026-01-05 05:00:00', 'a1', null, 'x'],
        ['2026-01-02 11:00:00', 'a2', null, 'x'],
      ],
      {
        accounts: `CREATE TABLE accounts AS SELECT * FROM (VALUES
          ('a1', DATE '2026-01-03', TIMESTAMP '2026-01-02 12:00:00', '{"kickoff": "2026-01-04", "go": "2026-01-04T10:00:00Z"}'::JSON),
          ('a2', NULL, NULL, '{}'::JSON),
          ('a3', NULL, NULL, '{}'::JSON)) AS t(account_id, contract, signed, properties)`,
      },
    );
    const x1 = [ev('x')];
    await compute(
      w,
      project(
        [
          milestone('seen', x1),
          milestone('date', x1, start({ kind: 'date', at: '2026-01-05' })),
          milestone('date_history', x1, start({ kind: 'date', at: '2026-01-05' }, true)),
          milestone('contract', x1, start({ kind: 'property', property: 'contract' })),
          milestone('signed', x1, { ...start({ kind: 'assigned' }), assign: { where: [], at: 'signed' } }),
          milestone('kickoff', x1, start({ kind: 'property', property: 'kickoff' })),
          milestone('go', x1, start({ kind: 'property', property: 'go' })),
          milestone('never', x1, start({ kind: 'never' })),
          milestone('later', x1, start({ kind: 'date', at: '2026-02-01' })),
        ],
        { timezone: 'America/New_York' },
      ),
      { asOf: '2026-01-06 00:00:00' },
    );
  });
  afterAll(() => w.close());

  it('first_seen: the first event of any kind; unknown without events', async () => {
    const s = await statuses(w);
    // a1's first event is the 01-01 visit; its first x is 01-02 11:00.
    expect(s['seen/a1']?.evaluation_start).toBe('2026-01-01 00:00:00');
    expect(brief(s['seen/a1'])).toBe('achieving 100 @2026-01-02 11:00:00');
    // a3 has no events: its start is unknown.
    expect(brief(s['seen/a3'])).toBe('not_started 0');
    expect(s['seen/a3']?.evaluation_start).toBeNull();
  });

  it('a date: midnight in the config zone; events before it do not count', async () => {
    const s = await statuses(w);
    // 2026-01-05 00:00 New York = 01-05 05:00Z. The x at 04:59:59Z is before it; the one at 05:00Z counts.
    expect(s['date/a1']?.evaluation_start).toBe('2026-01-05 05:00:00');
    expect(brief(s['date/a1'])).toBe('achieving 100 @2026-01-05 05:00:00');
    // a2's only x (01-02) is before the start.
    expect(brief(s['date/a2'])).toBe('never_achieved 0');
    // The start is after T for no one here; a3 (no events) is started too: a date does not need events.
    expect(brief(s['date/a3'])).toBe('never_achieved 0');
  });

  it('count_history: earlier events count, but completed_at is never before the start', async () => {
    const s = await statuses(w);
    // a1 and a2 held x >= 1 before 01-05 05:00Z: completed at the start itself.
    expect(brief(s['date_history/a1'])).toBe('achieving 100 @2026-01-05 05:00:00');
    expect(brief(s['date_history/a2'])).toBe('achieving 100 @2026-01-05 05:00:00');
  });

  it('a property: a DATE is local midnight, a TIMESTAMP is as stored, JSON text either', async () => {
    const s = await statuses(w);
    // contract DATE 01-03 -> 01-03 05:00Z; the x at exactly 05:00Z counts.
    expect(s['contract/a1']?.evaluation_start).toBe('2026-01-03 05:00:00');
    expect(brief(s['contract/a1'])).toBe('achieving 100 @2026-01-03 05:00:00');
    // assign.at signed (TIMESTAMP 01-02 12:00Z): the x at 01-02 11:00 is before it; next 01-03 05:00.
    expect(brief(s['signed/a1'])).toBe('achieving 100 @2026-01-03 05:00:00');
    // JSON "2026-01-04" -> 01-04 05:00Z; next x 01-04 06:00.
    expect(brief(s['kickoff/a1'])).toBe('achieving 100 @2026-01-04 06:00:00');
    // JSON "2026-01-04T10:00:00Z" -> 01-04 10:00Z; next x 01-05 04:59:59.
    expect(brief(s['go/a1'])).toBe('achieving 100 @2026-01-05 04:59:59');
    // a2 has no such property: start unknown.
    expect(brief(s['contract/a2'])).toBe('not_started 0');
    expect(brief(s['signed/a2'])).toBe('not_started 0');
  });

  it('never, and a start after T, are not_started', async () => {
    const s = await statuses(w);
    expect(brief(s['never/a1'])).toBe('not_started 0');
    // 2026-02-01 is after T (01-06).
    expect(brief(s['later/a1'])).toBe('not_started 0');
    expect(s['later/a1']?.evaluation_start).toBe('2026-02-01 05:00:00');
  });
});

describe('fixed-date starts skip earlier events in the scan', () => {
  it('a scan read by two date-started milestones keeps the events from the earlier start', async () => {
    // Both milestones count x (one shared scan); UTC. early starts 01-02, late starts 01-04
    // (override: a2 starts at 01-01). The scan keeps x from least(01-01, 01-02, 01-04) = 01-01.
    // a1: x at 01-01 12:00 (before every start of a1), 01-03 12:00, 01-05 12:00.
    // a2: x at 01-01 12:00 only.
    const w = await warehouseWith([
      ['2026-01-01 12:00:00', 'a1', null, 'x'],
      ['2026-01-03 12:00:00', 'a1', null, 'x'],
      ['2026-01-05 12:00:00', 'a1', null, 'x'],
      ['2026-01-01 12:00:00', 'a2', null, 'x'],
    ]);
    try {
      const twice = [ev('x', { atLeast: 2 })];
      const p = project([
        milestone('early', twice, start({ kind: 'date', at: '2026-01-02' })),
        milestone('late', [ev('x')], {
          ...start({ kind: 'date', at: '2026-01-04' }),
          overrides: [{ accounts: ['a2'], thresholds: {}, start: { kind: 'date', at: '2026-01-01' } }],
        }),
      ]);
      await compute(w, p, { asOf: '2026-01-06 00:00:00' });
      const s = await statuses(w);
      // early/a1: x at 01-03 and 01-05 count (01-01 is before 01-02): the 2nd at 01-05 12:00.
      expect(brief(s['early/a1'])).toBe('achieving 100 @2026-01-05 12:00:00');
      // early/a2: its only x is before the start.
      expect(brief(s['early/a2'])).toBe('never_achieved 0');
      // late/a1: the first x at or after 01-04 is 01-05 12:00.
      expect(brief(s['late/a1'])).toBe('achieving 100 @2026-01-05 12:00:00');
      // late/a2: override start 01-01 00:00; its x at 01-01 12:00 counts (the scan kept it).
      expect(brief(s['late/a2'])).toBe('achieving 100 @2026-01-01 12:00:00');
    } finally {
      w.close();
    }
  });
});

describe('count_history with a rolling window', () => {
  it('takes the state at the start from the last change before it', async () => {
    // Start 2026-01-10 (UTC config). Two logins within 1d, counting history:
    //   held [01-01 12:00, 01-02 00:00), again [01-05 12:00, 01-06 00:00), lost each time before the start.
    //   Both flips of each episode move to the start instant; the last one (lost) decides: not holding.
    //   Then logins 01-10 06:00 and 01-10 07:00: completed 01-10 07:00 (not at the start).
    const w = await warehouseWith([
      ['2026-01-01 00:00:00', 'a1', null, 'login'],
      ['2026-01-01 12:00:00', 'a1', null, 'login'],
      ['2026-01-05 00:00:00', 'a1', null, 'login'],
      ['2026-01-05 12:00:00', 'a1', null, 'login'],
      ['2026-01-10 06:00:00', 'a1', null, 'login'],
      ['2026-01-10 07:00:00', 'a1', null, 'login'],
    ]);
    const rolling = ev('login', { atLeast: 2, within: { kind: 'last', duration: day(1) } });
    await compute(w, project([milestone('m', [rolling], start({ kind: 'date', at: '2026-01-10' }, true))]));
    expect(await history(w, 'm', 'a1')).toEqual(['2026-01-10 07:00:00 milestone_completed 0->100']);
    w.close();
  });
});

describe('deadlines', () => {
  it('deadline_missed and on_time', async () => {
    // Deadline 2d after first_seen (01-01 00:00 for a1..a4): due 01-03 00:00. T = 01-05 00:00.
    //   a1 completes 01-02 00:00            -> on time
    //   a2 completes 01-03 00:00 (exactly)  -> on time (at or before the deadline)
    //   a3 completes 01-03 00:00:01         -> missed, not on time
    //   a4 never completes                  -> missed, not on time
    //   a5 starts 01-04 12:00, due 01-06 12:00 > T, not completed -> pending: not missed, on_time NULL
    const w = await warehouseWith([
      ['2026-01-01 00:00:00', 'a1', null, 'visit'],
      ['2026-01-02 00:00:00', 'a1', null, 'x'],
      ['2026-01-01 00:00:00', 'a2', null, 'visit'],
      ['2026-01-03 00:00:00', 'a2', null, 'x'],
      ['2026-01-01 00:00:00', 'a3', null, 'visit'],
      ['2026-01-03 00:00:01', 'a3', null, 'x'],
      ['2026-01-01 00:00:00', 'a4', null, 'visit'],
      ['2026-01-04 12:00:00', 'a5', null, 'visit'],
    ]);
    await compute(
      w,
      project([
        milestone('due', [ev('x')], {
          evaluation: { start: { kind: 'first_seen' }, deadline: day(2), countHistory: false },
        }),
        milestone('open', [ev('x')]),
      ]),
      { asOf: '2026-01-05 00:00:00' },
    );
    const s = await statuses(w);
    const flags = (id: string) => [s[id]?.deadline, s[id]?.deadline_missed, s[id]?.on_time];
    expect(flags('due/a1')).toEqual(['2026-01-03 00:00:00', false, true]);
    expect(flags('due/a2')).toEqual(['2026-01-03 00:00:00', false, true]);
    expect(flags('due/a3')).toEqual(['2026-01-03 00:00:00', true, false]);
    expect(flags('due/a4')).toEqual(['2026-01-03 00:00:00', true, false]);
    expect(flags('due/a5')).toEqual(['2026-01-06 12:00:00', false, null]);
    // Without a deadline: no flags.
    expect(flags('open/a1')).toEqual([null, false, null]);
    w.close();
  });
});

describe('assignment, overrides, per-seat thresholds', () => {
  let w: Warehouse;
  // Accounts: acme (enterprise, 3 seats), globex (smb, 0 seats), hooli (enterprise, NULL seats),
  // initech (smb, 4 seats). Each has reports at 01-01, 01-02, 01-03, 01-04, 01-05 (00:00);
  // first_seen 01-01 00:00 for all.
  beforeAll(async () => {
    const events: [string, string, null, string][] = [];
    for (const a of ['acme', 'globex', 'hooli', 'initech']) {
      for (const d of [1, 2, 3, 4, 5]) events.push([`2026-01-0${d} 00:00:00`, a, null, 'report']);
    }
    w = await warehouseWith(events, {
      accounts: `CREATE TABLE accounts AS SELECT * FROM (VALUES
        ('acme', 'enterprise', 3), ('globex', 'smb', 0), ('hooli', 'enterprise', NULL), ('initech', 'smb', 4))
        AS t(account_id, segment, seats)`,
    });
    await compute(
      w,
      project([
        milestone('enterprise', [ev('report')], {
          assign: { where: [{ property: 'segment', op: 'eq', value: 'enterprise', negate: false }] },
        }),
        milestone('listed', [ev('report')], { assign: { where: [], ids: ['globex', 'nobody'] } }),
        // 1 report per seat: acme 3 -> 01-03; globex 0 and hooli NULL: no target, never; initech 4 -> 01-04.
        milestone('per_seat', [ev('report', { per: 'seats' })]),
        // 0.5 per seat: acme 1.5 -> 2 reports (01-02); initech 2 -> 01-02.
        milestone('half_seat', [ev('report', { atLeast: 0.5, per: 'seats' })]),
        // Default 2 reports (01-02); acme overridden to 4 (01-04), hooli start 01-03 (-> 01-04),
        // initech deadline 1d (due 01-02 00:00, completed 01-02: on time) vs default 12h (missed).
        milestone('overridden', [ev('report', { id: 'reports', atLeast: 2 })], {
          evaluation: {
            start: { kind: 'first_seen' },
            deadline: { seconds: 43_200, text: '12h' },
            countHistory: false,
          },
          overrides: [
            { accounts: ['acme'], thresholds: { reports: 4 } },
            { accounts: ['hooli'], thresholds: {}, start: { kind: 'date', at: '2026-01-03' } },
            { accounts: ['initech'], thresholds: {}, deadline: day(1) },
          ],
        }),
      ]),
    );
  });
  afterAll(() => w.close());

  it('assigns by account properties and by id', async () => {
    const s = await statuses(w);
    // Only enterprise accounts have a row.
    expect(Object.keys(s).filter((k) => k.startsWith('enterprise/'))).toEqual([
      'enterprise/acme',
      'enterprise/hooli',
    ]);
    // Listed ids only; an unknown id has no row.
    expect(Object.keys(s).filter((k) => k.startsWith('listed/'))).toEqual(['listed/globex']);
  });

  it('scales a threshold with a property (per seat)', async () => {
    const s = await statuses(w);
    expect(brief(s['per_seat/acme'])).toBe('achieving 100 @2026-01-03 00:00:00');
    expect(brief(s['per_seat/globex'])).toBe('never_achieved 0');
    expect(brief(s['per_seat/hooli'])).toBe('never_achieved 0');
    expect(brief(s['per_seat/initech'])).toBe('achieving 100 @2026-01-04 00:00:00');
    expect(brief(s['half_seat/acme'])).toBe('achieving 100 @2026-01-02 00:00:00');
    expect(brief(s['half_seat/initech'])).toBe('achieving 100 @2026-01-02 00:00:00');
  });

  it('applies overrides to the listed accounts only', async () => {
    const s = await statuses(w);
    expect(brief(s['overridden/globex'])).toBe('achieving 100 @2026-01-02 00:00:00');
    expect(brief(s['overridden/acme'])).toBe('achieving 100 @2026-01-04 00:00:00');
    // hooli: start 01-03 00:00 (UTC config), reports 01-03 and 01-04 count.
    expect(s['overridden/hooli']?.evaluation_start).toBe('2026-01-03 00:00:00');
    expect(brief(s['overridden/hooli'])).toBe('achieving 100 @2026-01-04 00:00:00');
    // Default deadline 12h: globex completed 01-02 00:00 after 01-01 12:00 -> missed.
    expect([s['overridden/globex']?.deadline_missed, s['overridden/globex']?.on_time]).toEqual([true, false]);
    // initech's deadline 1d: due 01-02 00:00, completed then -> on time.
    expect(s['overridden/initech']?.deadline).toBe('2026-01-02 00:00:00');
    expect([s['overridden/initech']?.deadline_missed, s['overridden/initech']?.on_time]).toEqual([
      false,
      true,
    ]);
  });
});
