/**
 * The scans of `events`: one per distinct (event, where), shared by every
 * criterion of any milestone that counts those events, with one column per
 * distinct value they aggregate. See sql/statuses/event-scan.sql.
 *
 *   [{event: login}, {event: login, count: active_days}] (two milestones)
 *   -> one scan "_ms_events__1" (a view both criteria read), value "v1" (local day)
 *
 * Active days are local days: in the config's zone, or with `timezone_property`
 * in each account's own zone (sql/statuses/account-zones.sql).
 *
 * Compiled with `knownAt`, each scan also keeps only the events known at K
 * (`AND coalesce(e."arrived_at", e."ts") <= getvariable('ms_known_at')`).
 */
import type { EventCriterion, Milestone, Project } from '../../definitions/model.js';
import { eventNumber, joinsByNumber, NO_ACTOR } from '../actor-numbers.js';
import { ident, str } from '../quote.js';
import { asDecimal, asText, propertyRef, type WarehouseTables } from '../columns.js';
import { compileWhere } from '../filters.js';
import { knownCondition } from './known-at.js';
import { inScope, type Scope } from './scope.js';
import { SHARED } from './names.js';
import type { PlanStatement } from '../plan-types.js';
import { fillTemplate } from '../template.js';
import { dateLiteral, localDay } from '../time.js';

export interface EventScan {
  statements: PlanStatement[];
  /** The scan (table or view) a criterion reads. */
  source: Map<EventCriterion, string>;
  /** The value column a criterion aggregates (distinct/sum/active days), if any. */
  value: Map<EventCriterion, string>;
  /**
   * Whether an event's local day never decreases as its time grows, for every
   * actor: one zone for all (no `timezone_property`). Then an actor's k-th
   * active day starts at its k-th smallest day (criteria.ts).
   */
  daysFollowTime: boolean;
  /** Whether the scans pass on the events' actor numbers, to join actors by (compiler/actor-numbers.ts). */
  byNumber: boolean;
}

const LOCAL_DAYS = '_ms_local_days';
/** The local day of an event, read from the bucket map joined as `d`. */
const MAPPED_DAY = 'd."day"';
const UTC = new Set(['UTC', 'Etc/UTC']);

const ACCOUNT_ZONES = '_ms_account_zones';

/** Whether local days depend on the account (`timezone_property`, with an accounts table to read it from). */
const zonePerAccount = (project: Project, tables: WarehouseTables) =>
  project.timezoneProperty !== undefined && tables.accounts !== undefined;

/**
 * The contact a distinct-contacts criterion counts, over `events AS e`. A
 * rolling window (`within: {last: D}`) counts the contact's number when the
 * plan joins by number: its spans are grouped and ordered per (actor,
 * contact), which integers make cheaper, and a rolling criterion keeps no
 * values from run to run (statuses/state.ts carries). Without a rolling
 * window the values are carried to the next incremental run, and stay ids.
 * Measured at 50M events (`utilization`'s active users, 6.9M events):
 * 1.81-2.36 s -> 1.21-1.40 s in a rerun, identical flips (docs/SCALING.md).
 *   -> nullif(e."_contact_number", 0)   or   CAST(e."contact_id" AS VARCHAR)
 */
function distinctContact(criterion: EventCriterion, tables: WarehouseTables): string {
  if (criterion.within?.kind === 'last' && joinsByNumber(tables)) {
    return `nullif(${eventNumber('contact', 'e')}, ${NO_ACTOR})`;
  }
  return 'CAST(e."contact_id" AS VARCHAR)';
}

/** The SQL of the value a criterion aggregates, over `events AS e`; undefined for plain counts. */
function valueSql(
  criterion: EventCriterion,
  tables: WarehouseTables,
  timeZone: string,
  perAccount: boolean,
): string | undefined {
  const { aggregate } = criterion;
  switch (aggregate.fn) {
    case 'count':
      return undefined;
    case 'distinct_contacts':
      return distinctContact(criterion, tables);
    case 'active_days':
      // Outside UTC the day comes from the bucket map (see sql/statuses/local-days.sql).
      return UTC.has(timeZone) && !perAccount ? localDay('e."ts"', timeZone) : MAPPED_DAY;
    case 'distinct_values':
      return propertyRef(tables.events, 'e', aggregate.property).sql;
    case 'sum':
      return asDecimal(propertyRef(tables.events, 'e', aggregate.property));
  }
}

interface Scan {
  name: string;
  event: string;
  where: string;
  readers: EventCriterion[];
  /** Each reader's earliest counted instant (constantLowerBound), undefined when it has none. */
  bounds: (string | undefined)[];
  /** value expression -> column name */
  values: Map<string, string>;
}

/**
 * The earliest instant a criterion can count, as SQL, when every actor's
 * start is a constant (a fixed date, overrides included) and events before
 * the start do not count: the scans its milestone reads skip what is earlier,
 * before any join or day bucketing. Undefined when some start depends on the
 * actor (first_seen, assigned, a property) or `count_history` is on.
 *
 *   start: 2026-01-01, overrides [{accounts: [globex], start: 2026-03-01}] (New York)
 *   -> least(TIMESTAMP '2026-01-01 05:00:00', TIMESTAMP '2026-03-01 05:00:00')
 */
export function constantLowerBound(m: Milestone, timeZone: string): string | undefined {
  if (m.evaluation.countHistory) return undefined;
  const starts = [m.evaluation.start, ...m.overrides.flatMap((o) => (o.start ? [o.start] : []))];
  const dates = starts.map((start) => (start.kind === 'date' ? dateLiteral(start.at, timeZone) : undefined));
  if (dates.some((d) => d === undefined)) return undefined;
  const unique = [...new Set(dates as string[])];
  return unique.length === 1 ? unique[0] : `least(${unique.join(', ')})`;
}

export function planEventScans(
  project: Project,
  criteria: EventCriterion[],
  tables: WarehouseTables,
  scoped: Scope | undefined,
  knownAt = false,
  /** Per criterion, in the same order (one criterion object can be read by several milestones). */
  lowerBounds: (string | undefined)[] = [],
  /** The first event's time (local-days.sql): from the loads' summaries when the plan has them. */
  firstEvent = `(SELECT min("ts") FROM "events" WHERE "ts" <= getvariable('ms_as_of'))`,
): EventScan {
  const scans = new Map<string, Scan>();
  const source = new Map<EventCriterion, string>();
  const value = new Map<EventCriterion, string>();
  let columns = 0;
  for (const [i, criterion] of criteria.entries()) {
    const where = compileWhere(tables.events, 'e', criterion.where, project.timezone);
    const key = JSON.stringify([criterion.event, where]);
    let scan = scans.get(key);
    if (!scan) {
      scan = {
        name: `_ms_events__${scans.size + 1}`,
        event: criterion.event,
        where,
        readers: [],
        bounds: [],
        values: new Map(),
      };
      scans.set(key, scan);
    }
    scan.readers.push(criterion);
    scan.bounds.push(lowerBounds[i]);
    source.set(criterion, scan.name);
    const sql = valueSql(criterion, tables, project.timezone, zonePerAccount(project, tables));
    if (sql !== undefined) {
      if (!scan.values.has(sql)) scan.values.set(sql, `v${++columns}`);
      value.set(criterion, scan.values.get(sql)!);
    }
  }
  const statements: PlanStatement[] = [];
  const usesMap = [...scans.values()].some((s) => s.values.has(MAPPED_DAY));
  if (usesMap) statements.push(...localDayStatements(project, tables, firstEvent));
  // LEFT JOIN: every event up to T has its bucket (and zone) in the days
  // table, so no row is lost or added; but an inner join let DuckDB's join
  // order put the whole scan on the build side of the criterion's join with
  // its actors (it cannot estimate the bucket join): 50M events, the active
  // days' 14M page views joined to 35K actors 2.7-3.0 s -> 0.62 s.
  //
  // An event that names only a contact is in the zone of the contact's account (the contacts
  // table's, else the first its events name: contact-actors.sql), as the contact's other events
  // are: read in the config's zone, two events of one Los Angeles evening had been two days, one
  // on each side of UTC midnight (found by review).
  const contactAccount = project.milestones.some((m) => m.level === 'contact')
    ? // One equality, so that DuckDB hashes it: a condition on the events' side alone
      // (`e.account_id IS NULL AND ...`) made it a nested-loop join, every event against every
      // contact (found by review).
      `\nLEFT JOIN ${ident(SHARED.contactActors)} AS ca ON ca."actor_id" = CASE WHEN e."account_id" IS NULL THEN e."contact_id" END`
    : '';
  const zoneAccount = contactAccount === '' ? 'e."account_id"' : 'coalesce(e."account_id", ca."account_id")';
  const dayJoin = zonePerAccount(project, tables)
    ? contactAccount +
      `\nLEFT JOIN ${ident(ACCOUNT_ZONES)} AS z ON z."account_id" = ${zoneAccount}` +
      `\nLEFT JOIN ${ident(LOCAL_DAYS)} AS d ON d."zone" = coalesce(z."zone", ${str(project.timezone)})` +
      ` AND d."bucket" = time_bucket(INTERVAL 15 MINUTE, e."ts")`
    : `\nLEFT JOIN ${ident(LOCAL_DAYS)} AS d ON d."bucket" = time_bucket(INTERVAL 15 MINUTE, e."ts")`;
  const byNumber = joinsByNumber(tables);
  for (const scan of scans.values()) {
    const values = [...scan.values].map(([sql, name]) => `,\n${sql} AS ${ident(name)}`).join('');
    // The earliest instant any reader counts, when all readers have one (constantLowerBound).
    const bounds = [...new Set(scan.bounds)];
    const bound = bounds.some((b) => b === undefined)
      ? undefined
      : bounds.length === 1
        ? bounds[0]
        : `least(${bounds.join(', ')})`;
    const conditions = [
      ...(bound === undefined ? [] : [`e."ts" >= ${bound}`]),
      ...(scan.where === 'TRUE' ? [] : [scan.where]),
      ...(scoped ? [`(${inScope('e."account_id"')} OR ${inScope('e."contact_id"')})`] : []),
      // `--known-at`: only the events that had arrived by K (statuses/known-at.ts).
      ...(knownAt ? [knownCondition(tables.events, 'e')] : []),
    ];
    const sql = fillTemplate('statuses/event-scan', {
      table: ident(scan.name),
      numbers: byNumber ? `,\n  ${eventNumber('account', 'e')},\n  ${eventNumber('contact', 'e')}` : '',
      values,
      joins: scan.values.has(MAPPED_DAY) ? dayJoin : '',
      event: str(scan.event),
      where: conditions.map((c) => `\nAND ${c}`).join(''),
    });
    statements.push({ name: scan.name, phase: 'build', sql });
  }
  return {
    statements,
    source,
    value,
    daysFollowTime: !zonePerAccount(project, tables),
    byNumber,
  };
}

/** The bucket -> local day map (local-days.sql), per zone when accounts have their own. */
function localDayStatements(project: Project, tables: WarehouseTables, first: string): PlanStatement[] {
  if (!zonePerAccount(project, tables)) {
    const sql = fillTemplate('statuses/local-days', { day: localDay('"bucket"', project.timezone), first });
    return [{ name: LOCAL_DAYS, phase: 'build', sql }];
  }
  const zone = asText(propertyRef(tables.accounts, 'a', project.timezoneProperty!));
  return [
    { name: ACCOUNT_ZONES, phase: 'build', sql: fillTemplate('statuses/account-zones', { zone }) },
    {
      name: LOCAL_DAYS,
      phase: 'build',
      sql: fillTemplate('statuses/local-days-zones', { default_zone: str(project.timezone), first }),
    },
  ];
}
