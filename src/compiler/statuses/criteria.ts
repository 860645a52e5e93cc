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
import { NUMBER_COLUMNS, type ActorLevel } from '../actor-numbers.js';
import { ident, str } from '../quote.js';
import type { EventScan } from './event-scan.js';
import { milestoneTable } from './names.js';
import { rebuilt } from './scope.js';
import { carries, PREVIOUS_AS_OF, stateTable } from './state.js';
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

/**
 * How a plan evaluates its event criteria: from every event, or (`extend`,
 * an incremental run) from the last run's state and the events after its T
 * (docs/FEED.md); and whether it keeps what the next incremental run needs
 * (`carry`: a publishing plan over loaded files).
 */
export interface CriteriaMode {
  extend: boolean;
  carry: boolean;
  /**
   * An incremental run whose milestone tables hold only the touched actors'
   * rows (milestone.ts): a dependency's whole history and status are read
   * from its `_all` views.
   */
  keptStored: boolean;
}

export const FROM_EVENTS: CriteriaMode = { extend: false, carry: false, keptStored: false };

/** A count without a rolling window: what it carries is a number of changes, not values. */
const carriesCount = (c: EventCriterion) => c.aggregate.fn === 'count' && carries(c);

/** Where an incremental run starts reading a criterion's events: T0, or T0 - D for a rolling window. */
function sinceSql(c: EventCriterion): string {
  return c.within?.kind === 'last' ? `${PREVIOUS_AS_OF} - ${intervalSql(c.within.duration)}` : PREVIOUS_AS_OF;
}

/**
 * The columns a criterion's events meet their actors on: the actor's number
 * and the events' (compiler/actor-numbers.ts), or the text ids.
 */
function actorJoin(level: ActorLevel, byNumber: boolean): { actor_key: string; actor_column: string } {
  if (byNumber) return { actor_key: '"actor_number"', actor_column: ident(NUMBER_COLUMNS[level]) };
  return { actor_key: '"actor_id"', actor_column: ident(level === 'account' ? 'account_id' : 'contact_id') };
}

function countedSql(
  m: Milestone,
  c: EventCriterion,
  scan: EventScan,
  mode: CriteriaMode,
  column: string,
): string {
  const within = c.within;
  let window = '';
  if (within?.kind === 'first') {
    window = `e."ts" >= a."start_at" AND e."ts" < a."start_at" + ${intervalSql(within.duration)}`;
  } else if (!m.evaluation.countHistory) {
    window = 'e."ts" >= a."start_at"';
  }
  // Written as a CASE so that it stays a filter after the join instead of
  // becoming the join's own range condition: the join then matches on the
  // actor alone, and the instants are compared a vector at a time. 50M
  // events, three alternating full runs: the event criteria's statements
  // 8.28 -> 7.78 s (medians; user_activated's 14-day count 0.70 -> 0.60 s,
  // active days 1.63 -> 1.50 s, activated's reports 0.57 -> 0.61 s).
  const bounds = window === '' ? '' : `\nAND CASE WHEN ${window} THEN TRUE ELSE FALSE END`;
  const value = scan.value.get(c);
  const values = {
    value: value === undefined ? 'NULL' : `e.${ident(value)}`,
    scan: ident(scan.source.get(c)!),
    actors: ident(milestoneTable.actors(m.id)),
    ...actorJoin(m.level, scan.byNumber),
    bounds,
  };
  if (!mode.extend) return fillTemplate('statuses/counted-events', values);
  // A count carries how many changes it counted ("n"): as many rows again, dated T0.
  const stored = stateTable.carry(m.id, column);
  const carry = carriesCount(c)
    ? `(SELECT "actor_id", NULL AS "value", unnest(range("n")) FROM ${stored})`
    : stored;
  const carried = carries(c)
    ? '\nUNION ALL\nSELECT a."actor_key", ' +
      `${PREVIOUS_AS_OF} AS "ts", c."value"\n` +
      `FROM ${carry} AS c\n` +
      `JOIN ${values.actors} AS a ON a."actor_id" = c."actor_id"\n` +
      `WHERE NOT ${rebuilt('a."actor_id"')}`
    : '';
  return fillTemplate('statuses/counted-since', { ...values, since: sinceSql(c), carried });
}

/**
 * The width of deltas-rolling-distinct.sql's time buckets: D in microseconds
 * (at least 1; D = 0 buckets by instant, where every occurrence merges too).
 */
function bucketMicros(duration: Duration): number {
  return Math.max(1, Math.round(duration.seconds * 1e6));
}

/**
 * Incremental runs, rolling counts and sums: a change of 0 at T0 for the
 * actors that had changes before (those with stored flips), so that their
 * running value at T0 is exact even when no event of (T0 - D, T0] is left:
 * the empty window then sums to 0, which a threshold of 0 or less holds at,
 * where the first row after T0 would otherwise be compared with "not held".
 */
function valueAtT0(m: Milestone, column: string): string {
  return (
    `\nUNION ALL\nSELECT a."actor_key", ${PREVIOUS_AS_OF} AS "ts", 0 AS "delta"\n` +
    `FROM ${ident(milestoneTable.actors(m.id))} AS a\n` +
    `WHERE a."actor_id" IN (\n  SELECT "actor_id" FROM ${stateTable.flips}\n` +
    `  WHERE "milestone_id" = ${str(m.id)} AND "leaf" = ${str(column)}\n)\n` +
    `AND NOT ${rebuilt('a."actor_id"')}`
  );
}

function eventDeltasSql(
  m: Milestone,
  c: EventCriterion,
  deltas: string,
  scan: EventScan,
  mode: CriteriaMode,
  column: string,
): string {
  const counted = countedSql(m, c, scan, mode, column);
  const rolling = c.within?.kind === 'last' ? intervalSql(c.within.duration) : undefined;
  const { fn } = c.aggregate;
  if (fn === 'count' || fn === 'sum') {
    const amount = fn === 'count' ? '1' : 'coalesce("value", 0)';
    return fillTemplate('statuses/deltas-running', {
      deltas: ident(deltas),
      counted,
      amount,
      leaving: rolling
        ? `\nUNION ALL\nSELECT "actor_key", "ts" + ${rolling} AS "ts", -${amount} AS "delta" FROM counted` +
          (mode.extend ? valueAtT0(m, column) : '')
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

/** Where a dependency's whole history and status are read (CriteriaMode.keptStored). */
function dependencyTables(id: string, mode: CriteriaMode): { history: string; status: string } {
  return mode.keptStored
    ? { history: ident(milestoneTable.historyAll(id)), status: ident(milestoneTable.statusAll(id)) }
    : { history: ident(milestoneTable.history(id)), status: ident(milestoneTable.status(id)) };
}

function contactsDeltasSql(m: Milestone, c: ContactsCriterion, deltas: string, mode: CriteriaMode): string {
  const dependency = dependencyTables(c.milestone, mode);
  const changes = c.currently
    ? 'SELECT a."account_id", h."ts", CASE WHEN h."holds" THEN 1 ELSE -1 END AS "delta"\n' +
      `FROM ${dependency.history} AS h\n` +
      `JOIN ${ident(milestoneTable.actors(c.milestone))} AS a ON a."actor_id" = h."actor_id"\n` +
      `WHERE h."type" <> 'milestone_updated'`
    : 'SELECT "account_id", "completed_at" AS "ts", 1 AS "delta"\n' +
      `FROM ${dependency.status}\n` +
      'WHERE "completed_at" IS NOT NULL';
  return fillTemplate('statuses/deltas-contacts', {
    deltas: ident(deltas),
    changes,
    actors: ident(milestoneTable.actors(m.id)),
  });
}

function dependencyFlipsSql(m: Milestone, c: MilestoneCriterion, flips: string, mode: CriteriaMode): string {
  const dependency = dependencyTables(c.milestone, mode);
  const changes = c.currently
    ? `SELECT "actor_id", "ts", "holds"\nFROM ${dependency.history}\nWHERE "type" <> 'milestone_updated'`
    : `SELECT "actor_id", "completed_at" AS "ts", TRUE AS "holds"\nFROM ${dependency.status}\n` +
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

/** Whether a criterion that only switches on counts values (contacts, property values, days), not events. */
const countsValues = (c: EventCriterion) => c.aggregate.fn !== 'count';

const isRollingCount = (c: EventCriterion) => c.aggregate.fn === 'count' && c.within?.kind === 'last';

/** One event criterion's names, quoted for the templates. */
interface LeafNames {
  /** Where its flips statement writes: the flips, or (incremental) the new flips before the merge. */
  flipsName: string;
  flips: string;
  /** The flips states read (after the merge in an incremental run). */
  merged: string;
  threshold: string;
  deltas: string;
  actors: string;
  topName: string;
  top: string;
  carry: string;
}

function leafNames(m: Milestone, column: string, mode: CriteriaMode): LeafNames {
  const flipsName = mode.extend ? milestoneTable.newFlips(m.id, column) : milestoneTable.flips(m.id, column);
  const topName = milestoneTable.top(m.id, column);
  return {
    flipsName,
    flips: ident(flipsName),
    merged: ident(milestoneTable.flips(m.id, column)),
    threshold: ident(`thr_${column}`),
    deltas: ident(milestoneTable.deltas(m.id, column)),
    actors: ident(milestoneTable.actors(m.id)),
    topName,
    top: ident(topName),
    carry: ident(milestoneTable.carry(m.id, column)),
  };
}

/** A statement's SQL and, for criteria without a rolling window, what it carries past T. */
interface Flips {
  statements: PlanStatement[];
  carry?: string;
}

/**
 * A criterion that only switches on: its flips from a top-k table (the k
 * smallest change instants; active days: the distinct days), or by numbering
 * the changes when k is not a small constant; what it carries comes from the
 * same table (or the changes).
 */
function switchOnFlips(
  m: Milestone,
  c: EventCriterion,
  column: string,
  names: LeafNames,
  scan: EventScan,
  mode: CriteriaMode,
): Flips {
  const { flips, threshold, actors, top: topTable, merged, carry } = names;
  const carrying = { carry, actors, threshold, flips: merged, top_table: topTable };
  if (c.aggregate.fn === 'active_days' && scan.daysFollowTime) {
    const counted = countedSql(m, c, scan, mode, column);
    return {
      statements: [
        build(
          m,
          names.topName,
          fillTemplate('statuses/switch-on-days-top', { top_table: topTable, counted, threshold, actors }),
        ),
        build(
          m,
          names.flipsName,
          fillTemplate('statuses/switch-on-days-flips', { flips, top_table: topTable, actors }),
        ),
      ],
      carry: fillTemplate('statuses/carry-switch-on', {
        ...carrying,
        carried: 'unnest(d."days") AS "value"',
      }),
    };
  }
  const top = constantTop(m, c);
  if (top === undefined) {
    const ranked = fillTemplate('statuses/switch-on-flips-ranked', {
      flips,
      threshold,
      actors,
      deltas: names.deltas,
    });
    const counted = countsValues(c)
      ? { carried: 'd."value"', group: '' }
      : { carried: 'count(*) AS "n"', group: '\nGROUP BY a."actor_id"' };
    return {
      statements: [build(m, names.flipsName, ranked)],
      carry: fillTemplate('statuses/carry-rows', {
        carry,
        actors,
        threshold,
        flips: merged,
        deltas: names.deltas,
        ...counted,
      }),
    };
  }
  const values = mode.carry && countsValues(c) ? `,\narg_min("value", "ts", ${top}) AS "values"` : '';
  return {
    statements: [
      build(
        m,
        names.topName,
        fillTemplate('statuses/switch-on-top', {
          top_table: topTable,
          top: String(top),
          values,
          deltas: names.deltas,
        }),
      ),
      build(
        m,
        names.flipsName,
        fillTemplate('statuses/switch-on-flips', { flips, top_table: topTable, threshold, actors }),
      ),
    ],
    carry: fillTemplate('statuses/carry-switch-on', {
      ...carrying,
      carried: countsValues(c) ? 'unnest(d."values") AS "value"' : 'len(d."first") AS "n"',
    }),
  };
}

/**
 * A rolling count's flips from each event's k-th predecessor (one sort of
 * the counted events); its deltas view stays for `explain`'s values.
 */
function rollingCountFlipsSql(
  m: Milestone,
  c: EventCriterion,
  column: string,
  names: LeafNames,
  scan: EventScan,
  mode: CriteriaMode,
): string {
  if (c.within?.kind !== 'last') throw new Error(`criterion ${c.id} has no rolling window`);
  return fillTemplate('statuses/rolling-count-flips', {
    flips: names.flips,
    counted: countedSql(m, c, scan, mode, column),
    threshold: names.threshold,
    actors: names.actors,
    window: intervalSql(c.within.duration),
  });
}

/**
 * An event criterion's flips: the k-th change for counts that only switch
 * on, the k-th predecessor for rolling counts, else the running sum of its
 * deltas against the threshold.
 */
function eventFlips(
  m: Milestone,
  c: EventCriterion,
  column: string,
  names: LeafNames,
  scan: EventScan,
  mode: CriteriaMode,
): Flips {
  if (switchesOnOnce(c)) return switchOnFlips(m, c, column, names, scan, mode);
  if (isRollingCount(c))
    return { statements: [build(m, names.flipsName, rollingCountFlipsSql(m, c, column, names, scan, mode))] };
  const sql = fillTemplate('statuses/criterion-flips', {
    flips: names.flips,
    threshold: names.threshold,
    deltas: names.deltas,
    actors: names.actors,
  });
  const carry = carries(c)
    ? fillTemplate('statuses/carry-sum', {
        carry: names.carry,
        actors: names.actors,
        threshold: names.threshold,
        deltas: names.deltas,
      })
    : undefined;
  return { statements: [build(m, names.flipsName, sql)], ...(carry !== undefined ? { carry } : {}) };
}

function eventStatements(
  m: Milestone,
  node: LeafNode & { criterion: EventCriterion },
  scan: EventScan,
  mode: CriteriaMode,
): PlanStatement[] {
  const c = node.criterion;
  const names = leafNames(m, node.column, mode);
  const deltasName = milestoneTable.deltas(m.id, node.column);
  const deltas = build(m, deltasName, eventDeltasSql(m, c, deltasName, scan, mode, node.column));
  const flips = eventFlips(m, c, node.column, names, scan, mode);
  const out = [deltas, ...flips.statements];
  if (mode.extend) {
    const merge = fillTemplate('statuses/flips-merged', {
      flips: names.merged,
      new_flips: names.flips,
      once: switchesOnOnce(c)
        ? `\n    AND "actor_id" NOT IN (\n      SELECT "actor_id" FROM ${stateTable.flips}\n      WHERE "milestone_id" = ${str(m.id)} AND "leaf" = ${str(node.column)}\n    )`
        : '',
      milestone: str(m.id),
      leaf: str(node.column),
    });
    out.push(build(m, milestoneTable.flips(m.id, node.column), merge));
  }
  if (mode.carry && flips.carry !== undefined)
    out.push(build(m, milestoneTable.carry(m.id, node.column), flips.carry));
  return out;
}

/** The statements that build one leaf criterion's flips table (or view). */
export function criterionStatements(
  m: Milestone,
  node: LeafNode,
  scan: EventScan,
  mode: CriteriaMode = FROM_EVENTS,
): PlanStatement[] {
  const c = node.criterion;
  const flips = milestoneTable.flips(m.id, node.column);
  if (c.kind === 'milestone') return [build(m, flips, dependencyFlipsSql(m, c, flips, mode))];
  if (c.kind === 'event') return eventStatements(m, { ...node, criterion: c }, scan, mode);
  const deltas = milestoneTable.deltas(m.id, node.column);
  const values = {
    flips: ident(flips),
    threshold: ident(`thr_${node.column}`),
    deltas: ident(deltas),
    actors: ident(milestoneTable.actors(m.id)),
  };
  return [
    build(m, deltas, contactsDeltasSql(m, c, deltas, mode)),
    build(m, flips, fillTemplate('statuses/criterion-flips', values)),
  ];
}
