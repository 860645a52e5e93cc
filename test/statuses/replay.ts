/**
 * The as-of contract, as a reference: the status of an actor as of T read
 * from the history of a later run (the last change at or before T), and a
 * brute-force evaluator of simple event criteria that knows nothing of the
 * compiled SQL.
 */
import type { Criterion, Milestone } from '../../src/definitions/model.js';

export interface Outcome {
  status: string;
  progress: number;
  completed_at: string | null;
}

export interface FullStatus {
  milestone_id: string;
  actor_id: string;
  evaluation_start: string | null;
  deadline: string | null;
}

export interface HistoryEvent {
  ts: string;
  type: string;
  holds: boolean;
  progress: number;
}

/** Text timestamps 'YYYY-MM-DD HH:MM:SS.ffffff' compare in time order. */
export function replay(
  full: FullStatus,
  history: HistoryEvent[],
  asOf: string,
): Outcome & { deadline_missed: boolean; on_time: boolean | null } {
  const start = full.evaluation_start;
  if (start === null || start > asOf) {
    return { status: 'not_started', progress: 0, completed_at: null, deadline_missed: false, on_time: null };
  }
  const seen = history.filter((h) => h.ts <= asOf);
  const last = seen.at(-1);
  const completed = seen.find((h) => h.type === 'milestone_completed')?.ts ?? null;
  const holds = last?.holds ?? false;
  const status = holds ? 'achieving' : completed ? 'not_achieving' : 'never_achieved';
  const deadline = full.deadline;
  const onTime =
    deadline === null
      ? null
      : completed !== null && completed <= deadline
        ? true
        : deadline <= asOf
          ? false
          : null;
  return {
    status,
    progress: last?.progress ?? 0,
    completed_at: completed,
    deadline_missed: deadline !== null && deadline <= asOf && !(completed !== null && completed <= deadline),
    on_time: onTime,
  };
}

// ------------------------------------------------------------------ brute force

export interface SimpleEvent {
  /** Seconds since the epoch of the test. */
  t: number;
  actor: string;
  contact: string | null;
  event: string;
  amount: number;
}

type Holds = (m: string, actor: string, t: number) => boolean;

function criterionHolds(
  c: Criterion,
  events: SimpleEvent[],
  start: number,
  t: number,
  holds: Holds,
  actor: string,
): boolean {
  switch (c.kind) {
    case 'all':
      return c.children.every((k) => criterionHolds(k, events, start, t, holds, actor));
    case 'any':
      return c.children.some((k) => criterionHolds(k, events, start, t, holds, actor));
    case 'milestone':
      return holds(c.milestone, actor, t);
    case 'contacts':
      throw new Error('not in the brute-force evaluator');
    case 'event': {
      const counted = events.filter((e) => {
        if (e.event !== c.event || e.t < start || e.t > t) return false;
        if (c.within?.kind === 'first') return e.t < start + c.within.duration.seconds;
        if (c.within?.kind === 'last') return e.t > t - c.within.duration.seconds;
        return true;
      });
      const agg = c.aggregate;
      const value =
        agg.fn === 'count'
          ? counted.length
          : agg.fn === 'distinct_contacts'
            ? new Set(counted.filter((e) => e.contact !== null).map((e) => e.contact)).size
            : counted.reduce((sum, e) => sum + e.amount, 0);
      return value >= c.threshold.atLeast;
    }
  }
}

/**
 * Every milestone's outcome as of T by trying every instant at which anything
 * can change: the start, each event, and each event + window length.
 * Milestones must be listed dependencies first; start is first_seen.
 */
export function bruteForce(
  milestones: Milestone[],
  events: SimpleEvent[],
  asOf: number,
): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  const actors = [...new Set(events.filter((e) => e.t <= asOf).map((e) => e.actor))];
  const windows = [...new Set(milestones.flatMap((m) => lengths(m.criteria)))];
  const memo = new Map<string, boolean>();
  const holds: Holds = (id, actor, t) => {
    const key = `${id}/${actor}/${t}`;
    if (!memo.has(key)) {
      const m = milestones.find((x) => x.id === id)!;
      const mine = events.filter((e) => e.actor === actor && e.t <= asOf);
      const start = Math.min(...mine.map((e) => e.t));
      memo.set(key, t >= start && m.criteria.every((c) => criterionHolds(c, mine, start, t, holds, actor)));
    }
    return memo.get(key)!;
  };
  for (const actor of actors) {
    const mine = events.filter((e) => e.actor === actor && e.t <= asOf);
    const start = Math.min(...mine.map((e) => e.t));
    const instants = [
      ...new Set([start, ...mine.map((e) => e.t), ...mine.flatMap((e) => windows.map((d) => e.t + d))]),
    ]
      .filter((t) => t >= start && t <= asOf)
      .sort((a, b) => a - b);
    for (const m of milestones) {
      const first = instants.find((t) => holds(m.id, actor, t));
      const top = m.criteria.filter((c) => criterionHolds(c, mine, start, asOf, holds, actor)).length;
      const now = holds(m.id, actor, asOf);
      out.set(`${m.id}/${actor}`, {
        status: now ? 'achieving' : first !== undefined ? 'not_achieving' : 'never_achieved',
        progress: (100 * top) / m.criteria.length,
        completed_at: first === undefined ? null : isoSeconds(first),
      });
    }
  }
  return out;
}

function lengths(criteria: Criterion[]): number[] {
  return criteria.flatMap((c) =>
    c.kind === 'all' || c.kind === 'any'
      ? lengths(c.children)
      : c.kind === 'event' && c.within
        ? [c.within.duration.seconds]
        : [],
  );
}

/** Seconds since 2026-01-01 00:00 UTC as 'YYYY-MM-DD HH:MM:SS'. */
export function isoSeconds(t: number): string {
  return new Date(Date.UTC(2026, 0, 1) + t * 1000).toISOString().replace('T', ' ').replace('.000Z', '');
}
