/**
 * One criterion's timeline: how its value changes (deltas, a view) and the
 * instants it starts or stops holding (flips, a table), per actor.
 *
 *   {event: login, at_least: 3, within: {last: 7d}} (criterion 2 of "engaged")
 *   -> VIEW  _ms_engaged__c2__deltas: +1 at each login, -1 at login + 7d (what `explain` sums)
 *      TABLE _ms_engaged__c2:         (actor, ts, holds) where the count in (t - 7d, t] crosses
 *                                     "thr_c2", from each login's 2nd and 3rd predecessors
 *   Other criteria flip where the running sum of their deltas crosses the
 *   threshold, or (counts that only switch on) at their k-th change.
 *   {milestone: setup}
 *   -> VIEW  _ms_engaged__c3: (actor, setup's completed_at, TRUE)
 */
import type {
  ContactsCriterion,
  Duration,
  EventCriterion,
  Milestone,
  MilestoneCriterion,
} from '../../definitions/model.js';
import { ident } from '../quote.js';
import type { EventScan } from './event-scan.js';
import { milestoneTable } from './names.js';
import type { PlanStatement } from '../plan-types.js';
import { fillTemplate } from '../template.js';
import { intervalSql } from '../time.js';
import type { LeafNode } from './tree.js';

const build = (m: Milestone, name: string, sql: string): PlanStatement => ({
  name,
  sql,
  phase: 'build',
  milestone: m.id,
});

function countedSql(m: Milestone, c: EventCriterion, scan: EventScan): string {
  const within = c.within;
  let bounds = '';
  if (within?.kind === 'first') {
    bounds = `\nAND e."ts" >= a."start_at"\nAND e."ts" < a."start_at" + ${intervalSql(within.duration)}`;
  } else if (!m.evaluation.countHistory) {
    bounds = '\nAND e."ts" >= a."start_at"';
  }
  const value = scan.value.get(c);
  return fillTemplate('statuses/counted-events', {
    value: value === undefined ? 'NULL' : `e.${ident(value)}`,
    scan: ident(scan.source.get(c)!),
    actors: ident(milestoneTable.actors(m.id)),
    actor_column: ident(m.level === 'account' ? 'account_id' : 'contact_id'),
    bounds,
  });
}

/**
 * The width of deltas-rolling-distinct.sql's time buckets: D in microseconds
 * (at least 1; D = 0 buckets by instant, where every occurrence merges too).
 */
function bucketMicros(duration: Duration): number {
  return Math.max(1, Math.round(duration.seconds * 1e6));
}

function eventDeltasSql(m: Milestone, c: EventCriterion, deltas: string, scan: EventScan): string {
  const counted = countedSql(m, c, scan);
  const rolling = c.within?.kind === 'last' ? intervalSql(c.within.duration) : undefined;
  const { fn } = c.aggregate;
  if (fn === 'count' || fn === 'sum') {
    const amount = fn === 'count' ? '1' : 'coalesce("value", 0)';
    return fillTemplate('statuses/deltas-running', {
      deltas: ident(deltas),
      counted,
      amount,
      leaving: rolling
        ? `\nUNION ALL\nSELECT "actor_key", "ts" + ${rolling} AS "ts", -${amount} AS "delta" FROM counted`
        : '',
    });
  }
  if (rolling)
    return fillTemplate('statuses/deltas-rolling-distinct', {
      deltas: ident(deltas),
      counted,
      window: rolling,
      window_us: String(bucketMicros(c.within!.duration)),
    });
  return fillTemplate('statuses/deltas-distinct', { deltas: ident(deltas), counted });
}

function contactsDeltasSql(m: Milestone, c: ContactsCriterion, deltas: string): string {
  const changes = c.currently
    ? 'SELECT a."account_id", h."ts", CASE WHEN h."holds" THEN 1 ELSE -1 END AS "delta"\n' +
      `FROM ${ident(milestoneTable.history(c.milestone))} AS h\n` +
      `JOIN ${ident(milestoneTable.actors(c.milestone))} AS a ON a."actor_id" = h."actor_id"\n` +
      `WHERE h."type" <> 'milestone_updated'`
    : 'SELECT "account_id", "completed_at" AS "ts", 1 AS "delta"\n' +
      `FROM ${ident(milestoneTable.status(c.milestone))}\n` +
      'WHERE "completed_at" IS NOT NULL';
  return fillTemplate('statuses/deltas-contacts', {
    deltas: ident(deltas),
    changes,
    actors: ident(milestoneTable.actors(m.id)),
  });
}

function dependencyFlipsSql(m: Milestone, c: MilestoneCriterion, flips: string): string {
  const changes = c.currently
    ? `SELECT "actor_id", "ts", "holds"\nFROM ${ident(milestoneTable.history(c.milestone))}\nWHERE "type" <> 'milestone_updated'`
    : `SELECT "actor_id", "completed_at" AS "ts", TRUE AS "holds"\nFROM ${ident(milestoneTable.status(c.milestone))}\n` +
      'WHERE "completed_at" IS NOT NULL';
  return fillTemplate('statuses/milestone-flips', {
    flips: ident(flips),
    changes,
    actors: ident(milestoneTable.actors(m.id)),
  });
}

/**
 * The largest k for which the top-k aggregate pays: each actor keeps a list
 * of k instants, so a large k costs memory per actor; above it (or when a
 * threshold is per-seat, so k is known only from the data) the changes are
 * numbered in one sort instead.
 */
const TOP_K_LIMIT = 100;

/**
 * Whether every change of the criterion is +1, so it only ever switches on
 * (once): counts of events or of distinct values without a rolling window.
 * Sums may add negative amounts, rolling windows take events away.
 */
const switchesOnOnce = (c: EventCriterion) => c.aggregate.fn !== 'sum' && c.within?.kind !== 'last';

/** The k the top-k aggregate needs: the largest threshold of any actor, when every threshold is a constant. */
function constantTop(m: Milestone, c: EventCriterion): number | undefined {
  if (c.threshold.per !== undefined) return undefined;
  const overrides = m.overrides.flatMap((o) =>
    o.thresholds[c.id] !== undefined ? [o.thresholds[c.id]!] : [],
  );
  const top = Math.max(1, ...[c.threshold.atLeast, ...overrides].map((t) => Math.ceil(t)));
  return Number.isFinite(top) && top <= TOP_K_LIMIT ? top : undefined;
}

function switchOnFlipsSql(
  m: Milestone,
  c: EventCriterion,
  values: Record<string, string>,
  scan: EventScan,
): string {
  if (c.aggregate.fn === 'active_days' && scan.daysFollowTime) {
    const { flips, threshold, actors } = values as Record<'flips' | 'threshold' | 'actors', string>;
    return fillTemplate('statuses/switch-on-days-flips', {
      flips,
      counted: countedSql(m, c, scan),
      threshold,
      actors,
    });
  }
  const top = constantTop(m, c);
  if (top === undefined) return fillTemplate('statuses/switch-on-flips-ranked', values);
  return fillTemplate('statuses/switch-on-flips', { ...values, top: String(top) });
}

const isRollingCount = (c: EventCriterion) => c.aggregate.fn === 'count' && c.within?.kind === 'last';

/**
 * A rolling count's flips from each event's k-th predecessor (one sort of
 * the counted events); its deltas view stays for `explain`'s values.
 */
function rollingCountFlipsSql(
  m: Milestone,
  c: EventCriterion,
  values: Record<'flips' | 'threshold' | 'actors', string>,
  scan: EventScan,
): string {
  if (c.within?.kind !== 'last') throw new Error(`criterion ${c.id} has no rolling window`);
  return fillTemplate('statuses/rolling-count-flips', {
    flips: values.flips,
    counted: countedSql(m, c, scan),
    threshold: values.threshold,
    actors: values.actors,
    window: intervalSql(c.within.duration),
  });
}

/** The statements that build one leaf criterion's flips table (or view). */
export function criterionStatements(m: Milestone, node: LeafNode, scan: EventScan): PlanStatement[] {
  const c = node.criterion;
  const flips = milestoneTable.flips(m.id, node.column);
  if (c.kind === 'milestone') return [build(m, flips, dependencyFlipsSql(m, c, flips))];
  const deltas = milestoneTable.deltas(m.id, node.column);
  const deltasSql = c.kind === 'event' ? eventDeltasSql(m, c, deltas, scan) : contactsDeltasSql(m, c, deltas);
  const values = {
    flips: ident(flips),
    threshold: ident(`thr_${node.column}`),
    deltas: ident(deltas),
    actors: ident(milestoneTable.actors(m.id)),
  };
  const flipsSql =
    c.kind === 'event' ? eventFlipsSql(m, c, values, scan) : fillTemplate('statuses/criterion-flips', values);
  return [build(m, deltas, deltasSql), build(m, flips, flipsSql)];
}

/**
 * An event criterion's flips: the k-th change for counts that only switch
 * on, the k-th predecessor for rolling counts, else the running sum of its
 * deltas against the threshold.
 */
function eventFlipsSql(
  m: Milestone,
  c: EventCriterion,
  values: Record<'flips' | 'threshold' | 'deltas' | 'actors', string>,
  scan: EventScan,
): string {
  if (switchesOnOnce(c)) return switchOnFlipsSql(m, c, values, scan);
  if (isRollingCount(c)) return rollingCountFlipsSql(m, c, values, scan);
  return fillTemplate('statuses/criterion-flips', values);
}
