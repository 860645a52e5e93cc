/**
 * Who is evaluated: the universe of accounts and contacts, and per milestone
 * the assigned actors with their evaluation start, deadline and thresholds.
 * See sql/statuses/{account,contact,milestone}-actors.sql.
 *
 *   evaluation: {start: {property: contract_start}, deadline: 30d}
 *   overrides: [{accounts: [acme], deadline: 60d}]
 *   -> "start_at" = <contract_start as an instant>
 *      "deadline_at" = CASE WHEN "account_id" IN ('acme') THEN "start_at" + INTERVAL 60 DAY
 *                      ELSE "start_at" + INTERVAL 30 DAY END
 */
import type { EvaluationStart, Milestone, Project } from '../../definitions/model.js';
import { ident, literal, str } from '../quote.js';
import { joinsByNumber, numberJoin } from '../actor-numbers.js';
import { asNumber, propertyRef, type Column, type WarehouseTables } from '../columns.js';
import { compileWhere } from '../filters.js';
import { knownCondition } from './known-at.js';
import { milestoneTable, SHARED } from './names.js';
import { inScope, type Scope } from './scope.js';
import { fillTemplate } from '../template.js';
import { dateLiteral, intervalSql, propertyInstant } from '../time.js';
import { leafNodes } from './tree.js';

const NO_ACCOUNTS = 'SELECT CAST(NULL AS VARCHAR) AS "account_id" WHERE FALSE';
const NO_CONTACTS =
  'SELECT CAST(NULL AS VARCHAR) AS "contact_id", CAST(NULL AS VARCHAR) AS "account_id" WHERE FALSE';

/** `--known-at`: the universe and `first_seen` come from the events known at K too. */
function knownFilter(tables: WarehouseTables, knownAt: boolean): string {
  return knownAt ? `\n    AND ${knownCondition(tables.events)}` : '';
}

/**
 * Where first_seen comes from: the events, or (a publishing plan over loaded
 * files: first-seen.ts) the per-file summaries, whose time column is "first_seen".
 */
export type FirstSeenSource = 'events' | 'summaries';

function sourceValues(source: FirstSeenSource): { source: string; ts: string } {
  return source === 'events'
    ? { source: '"events"', ts: '"ts"' }
    : { source: ident(SHARED.actorFirstSeen), ts: '"first_seen"' };
}

export function accountActorsSql(
  tables: WarehouseTables,
  scoped?: Scope,
  knownAt = false,
  source: FirstSeenSource = 'events',
): string {
  const scope = scoped ? ` AND ${inScope('"account_id"')}` : '';
  const accounts = tables.accounts
    ? `SELECT DISTINCT CAST("account_id" AS VARCHAR) AS "account_id"\nFROM "accounts"\nWHERE "account_id" IS NOT NULL${scope}`
    : NO_ACCOUNTS;
  return fillTemplate('statuses/account-actors', {
    ...sourceValues(source),
    events_scope: (scoped ? `\n    AND ${inScope('"account_id"')}` : '') + knownFilter(tables, knownAt),
    accounts,
  });
}

export function contactActorsSql(
  tables: WarehouseTables,
  scoped?: Scope,
  knownAt = false,
  source: FirstSeenSource = 'events',
): string {
  const scope = scoped ? ` AND (${inScope('"contact_id"')} OR ${inScope('"account_id"')})` : '';
  const contacts = tables.contacts
    ? 'SELECT CAST("contact_id" AS VARCHAR) AS "contact_id", CAST(min("account_id") AS VARCHAR) AS "account_id"\n' +
      `FROM "contacts"\nWHERE "contact_id" IS NOT NULL${scope}\nGROUP BY 1`
    : NO_CONTACTS;
  return fillTemplate('statuses/contact-actors', {
    ...sourceValues(source),
    events_scope: (scoped ? `\n   ${scope}` : '') + knownFilter(tables, knownAt),
    contacts,
  });
}

/** The table holding the actors' own properties, for assignment, start and `per:`. */
function propertiesTable(m: Milestone, tables: WarehouseTables): Column[] | undefined {
  return m.level === 'account' ? tables.accounts : tables.contacts;
}

function startSql(start: EvaluationStart, m: Milestone, tables: WarehouseTables, timeZone: string): string {
  const table = propertiesTable(m, tables);
  switch (start.kind) {
    case 'first_seen':
      return 'a."first_seen"';
    case 'never':
      return 'CAST(NULL AS TIMESTAMP)';
    case 'date':
      return dateLiteral(start.at, timeZone);
    case 'assigned':
      return m.assign.at === undefined
        ? 'CAST(NULL AS TIMESTAMP)'
        : propertyInstant(propertyRef(table, 'p', m.assign.at), timeZone);
    case 'property':
      return propertyInstant(propertyRef(table, 'p', start.property), timeZone);
  }
}

/** `a."account_id" IN ('acme', 'globex')`: an override applies to the actor's account. */
function overridden(accounts: string[], column = 'a."account_id"'): string {
  return `${column} IN (${accounts.map(str).join(', ')})`;
}

/** CASE WHEN <override 1> THEN x1 ... ELSE default END, or the default alone. */
function caseOverrides(cases: [string, string][], otherwise: string): string {
  if (cases.length === 0) return otherwise;
  return `CASE${cases.map(([when, then]) => ` WHEN ${when} THEN ${then}`).join('')} ELSE ${otherwise} END`;
}

function thresholdSql(
  m: Milestone,
  id: string,
  atLeast: number,
  per: string | undefined,
  tables: WarehouseTables,
): string {
  const cases = m.overrides
    .filter((o) => o.thresholds[id] !== undefined)
    .map((o): [string, string] => [overridden(o.accounts), literal(o.thresholds[id]!)]);
  const base = `CAST(${caseOverrides(cases, literal(atLeast))} AS DOUBLE)`;
  if (per === undefined) return base;
  // A missing or non-positive per-value means there is no target: the criterion never holds.
  const factor = asNumber(propertyRef(propertiesTable(m, tables), 'p', per));
  return `CASE WHEN ${factor} > 0 THEN round(${base} * ${factor}, 9) END`;
}

function deadlineSql(m: Milestone): string {
  const cases = m.overrides
    .filter((o) => o.deadline !== undefined)
    .map((o): [string, string] => [
      overridden(o.accounts, '"account_id"'),
      `"start_at" + ${intervalSql(o.deadline!)}`,
    ]);
  const otherwise = m.evaluation.deadline
    ? `"start_at" + ${intervalSql(m.evaluation.deadline)}`
    : 'CAST(NULL AS TIMESTAMP)';
  return caseOverrides(cases, otherwise);
}

export function milestoneActorsSql(m: Milestone, project: Project, tables: WarehouseTables): string {
  const table = propertiesTable(m, tables);
  const tz = project.timezone;
  const starts = m.overrides
    .filter((o) => o.start !== undefined)
    .map((o): [string, string] => [overridden(o.accounts), startSql(o.start!, m, tables, tz)]);
  const thresholds = leafNodes(m.criteria).flatMap((node) => {
    const c = node.criterion;
    if (c.kind === 'milestone') return [];
    const sql = thresholdSql(m, c.id, c.threshold.atLeast, c.threshold.per, tables);
    return [`,\n${sql} AS ${ident(`thr_${node.column}`)}`];
  });
  const conditions = [compileWhere(table, 'p', m.assign.where, tz)];
  if (m.assign.ids) conditions.push(`a."actor_id" IN (${m.assign.ids.map(str).join(', ') || 'NULL'})`);
  const key = m.level === 'account' ? 'account_id' : 'contact_id';
  const assigned = conditions.filter((c) => c !== 'TRUE');
  const numbered = joinsByNumber(tables);
  return fillTemplate('statuses/milestone-actors', {
    table: ident(milestoneTable.actors(m.id)),
    number: numbered ? '\n    n."number" AS "actor_number",' : '',
    numbers: numbered ? `\n ${numberJoin(m.level, 'a."actor_id"', 'n', 'LEFT JOIN')}` : '',
    deadline: deadlineSql(m),
    start: caseOverrides(starts, startSql(m.evaluation.start, m, tables, tz)),
    thresholds: thresholds.join(''),
    universe: ident(m.level === 'account' ? SHARED.accountActors : SHARED.contactActors),
    properties: table ? `\n  LEFT JOIN "${m.level}s" AS p ON CAST(p."${key}" AS VARCHAR) = a."actor_id"` : '',
    assigned: assigned.length > 0 ? `\nWHERE ${assigned.join('\n  AND ')}` : '',
  });
}
