/**
 * compilePlan: the validated project -> the whole statuses plan, as named SQL
 * statements. Pure and deterministic (same project and options, same SQL).
 *
 *   milestones: [{id: setup, criteria: [{event: app_installed}]}]
 *   -> SET VARIABLE ms_as_of = (SELECT ... max("ts") ... FROM "events")
 *      SET VARIABLE ms_known_at = ...                                 (only with knownAt)
 *      CREATE OR REPLACE TEMP TABLE "_ms_account_actors" AS ...
 *      CREATE OR REPLACE TEMP TABLE "_ms_events__1" AS ...       (one scan per event + where, shared)
 *      CREATE OR REPLACE TEMP TABLE "_ms_setup__actors" AS ...   (per milestone, in dependency order)
 *      ... "_ms_setup__states", "_ms_setup__history", "_ms_setup__status"
 *      CREATE OR REPLACE TEMP TABLE "_ms_status_rows" AS ...     (all milestones; "_ms_status" a view of it)
 *      CREATE OR REPLACE TABLE "milestone_status" AS ...         (publish, one transaction)
 */
import { dependencies, topologicalOrder } from '../../definitions/graph.js';
import type { Criterion, Milestone, Project } from '../../definitions/model.js';
import { ident } from '../quote.js';
import { accountActorsSql, contactActorsSql } from './actors.js';
import { declaredTables, type WarehouseTables } from '../columns.js';
import { constantLowerBound, planEventScans } from './event-scan.js';
import { knownAtStatement } from './known-at.js';
import { milestoneStatements } from './milestone.js';
import { SHARED, VARIABLES } from './names.js';
import type { Plan, PlanStatement } from '../plan-types.js';
import { publishStatements, resultStatements } from './results.js';
import { runStartedStatement, type StoredHistory } from '../runs/publish.js';
import {
  affectedStatements,
  loadActorsStatements,
  tracksLoads,
  type IncrementalInputs,
} from './incremental.js';
import type { Scope } from './scope.js';
import { previousAsOfStatement, statePublishStatements } from './state.js';
import { FIRST_LOADED_EVENT, firstSeenPublishStatements, firstSeenStatements } from './first-seen.js';
import { eventCriteria } from './tree.js';
import { asOfStatement } from '../as-of.js';

export interface CompileOptions {
  /** T as naive UTC text (from parseAsOf); default: the latest event time. */
  asOf?: string;
  /** The input tables' columns; default: as declared by the project's sources. */
  tables?: WarehouseTables;
  /**
   * `explain`: evaluate only the data of this account or contact (and the
   * account's contacts), bound as parameter $1; nothing is published.
   */
  scope?: string;
  /**
   * `--known-at K` (naive UTC text from parseAsOf): only the events that had
   * arrived by K count (arrived_at, else ts; statuses/known-at.ts); T defaults
   * to K. Not given: the SQL is exactly what it was before this option existed.
   */
  knownAt?: string;
  /**
   * Incremental compute: recompute only the actors whose answer can have
   * changed since the last run (statuses/incremental.ts); the others keep
   * their stored rows. Not with `scope` or `knownAt`.
   */
  incremental?: IncrementalInputs;
  /**
   * The events files (load ids) whose first-seen summaries the warehouse
   * holds (`_ms_load_first_seen`, first-seen.ts): only the other files are
   * summarized. Default none: every file is.
   */
  storedFirstSeen?: readonly string[];
  /**
   * The stored `milestone_status` has the published columns and one row per
   * (milestone, actor): the publish deletes and inserts its changed rows
   * instead of rewriting it (results.ts). Default: rewritten.
   */
  statusByChanges?: boolean;
  /**
   * The stored `milestone_history`: absent, or with the current layout, its
   * comparison with the new history is staged before the publish transaction
   * (runs/publish.ts). Default: an older layout, compared inside it.
   */
  storedHistory?: StoredHistory;
}

/** The milestones in dependency order; a reference to an unknown or cross-level milestone is a bug upstream. */
export function orderedMilestones(project: Project): Milestone[] {
  const byId = new Map(project.milestones.map((m) => [m.id, m]));
  const check = (m: Milestone, criteria: Criterion[]): void => {
    for (const c of criteria) {
      if (c.kind === 'all' || c.kind === 'any') check(m, c.children);
      if (c.kind !== 'milestone' && c.kind !== 'contacts') continue;
      const target = byId.get(c.milestone);
      const level = c.kind === 'milestone' ? m.level : 'contact';
      if (!target || target.level !== level || (c.kind === 'contacts' && m.level !== 'account')) {
        throw new Error(
          `milestone "${m.id}": criterion ${c.id} refers to "${c.milestone}", which it cannot use`,
        );
      }
    }
  };
  for (const m of project.milestones) check(m, m.criteria);
  return topologicalOrder(project.milestones);
}

export function compilePlan(project: Project, options: CompileOptions = {}): Plan {
  const tables = options.tables ?? declaredTables(project);
  const scoped = options.scope !== undefined;
  const incremental = options.incremental !== undefined && !scoped && options.knownAt === undefined;
  const scope: Scope | undefined = scoped ? 'actor' : undefined;
  const knownAt = options.knownAt !== undefined;
  const ordered = orderedMilestones(project);
  const statements: PlanStatement[] = [
    asOfStatement('as_of', VARIABLES.asOf, options.asOf ?? options.knownAt),
  ];
  if (!scoped) statements.push(runStartedStatement());
  if (knownAt) statements.push(knownAtStatement(options.knownAt!));
  if (scoped) {
    statements.push({
      name: 'scope',
      phase: 'build',
      sql: `SET VARIABLE ${VARIABLES.scope} = CAST($1 AS VARCHAR)`,
      params: [options.scope!],
    });
  }
  // A publishing plan keeps the loaded files' summaries (its publish stores the new ones);
  // an incremental run reads the (account, contact) pairs from them too.
  const loads = !scoped && tracksLoads(tables);
  if (loads) statements.push(...firstSeenStatements(options.storedFirstSeen ?? []));
  // `--known-at`'s first_seen counts only the events known at K: from the events.
  const firstSeen = loads && !knownAt ? 'summaries' : 'events';
  if (ordered.some((m) => m.level === 'account') || project.journeys.length > 0) {
    const sql = accountActorsSql(tables, scope, knownAt, firstSeen);
    statements.push({ name: SHARED.accountActors, phase: 'build', sql });
  }
  if (ordered.some((m) => m.level === 'contact')) {
    const sql = contactActorsSql(tables, scope, knownAt, firstSeen);
    statements.push({ name: SHARED.contactActors, phase: 'build', sql });
  }
  // The rebuilt actors are found once the universes are known (a contact's account is read from them).
  if (incremental) {
    statements.push(previousAsOfStatement(options.incremental!.previousAsOf));
    statements.push(...affectedStatements(project, tables, options.incremental!));
  }
  const criteria = ordered.flatMap((m) => eventCriteria(m.criteria));
  const lowerBounds = ordered.flatMap((m) => {
    const bound = constantLowerBound(m, project.timezone);
    return eventCriteria(m.criteria).map(() => bound);
  });
  const first = firstSeen === 'summaries' && loads ? FIRST_LOADED_EVENT : undefined;
  const scan = planEventScans(project, criteria, tables, scope, knownAt, lowerBounds, first);
  statements.push(...scan.statements);
  // A publishing plan over loaded files keeps what the next incremental run continues from (state.ts).
  // An incremental run whose stored statuses can be replaced by key leaves the untouched actors'
  // rows where they are (milestone.ts, results.ts); otherwise it copies them into its tables.
  const keptStored = incremental && options.statusByChanges === true;
  const mode = { extend: incremental, carry: loads && !knownAt, keptStored };
  for (const m of ordered) statements.push(...milestoneStatements(m, project, tables, scan, mode));
  statements.push(...resultStatements(project, ordered, incremental, keptStored));
  const compression = tables.compression ?? 'auto';
  if (!scoped)
    statements.push(
      ...publishStatements({
        incremental,
        statusByChanges: options.statusByChanges === true,
        keptStored,
        ...(options.storedHistory ? { storedHistory: options.storedHistory } : {}),
        compression,
      }),
    );
  if (!scoped && !knownAt)
    statements.push(...statePublishStatements(ordered, mode.carry, incremental, compression));
  // Every publish keeps track of which file each actor came from, for the next incremental run.
  if (loads)
    statements.push(...loadActorsStatements(compression), ...firstSeenPublishStatements(compression));
  const names = new Set<string>();
  for (const s of statements) {
    if (names.has(s.name)) throw new Error(`two plan statements are named ${s.name}`);
    names.add(s.name);
  }
  return { statements };
}

/** The milestone and every milestone it depends on, transitively (`milestone:` and `contacts:`). */
export function withDependencies(project: Project, id: string): Set<string> {
  const byId = new Map(project.milestones.map((m) => [m.id, m]));
  const out = new Set<string>();
  const visit = (current: string): void => {
    if (out.has(current)) return;
    out.add(current);
    for (const next of dependencies(byId.get(current)?.criteria ?? [])) visit(next);
  };
  visit(id);
  return out;
}

/** How other statements refer to a shared one: `getvariable('ms_as_of')` or `"_ms_events__1"`. */
function referenceTo(statement: PlanStatement): string {
  const variable = /^SET VARIABLE (\w+)/.exec(statement.sql)?.[1];
  return variable !== undefined ? `getvariable('${variable}')` : ident(statement.name);
}

/**
 * `compile --milestone activated`: the part of the plan that builds that
 * milestone's tables on its own, in plan order: the statements of the
 * milestone and of those it depends on (transitively), plus the shared
 * build statements they read (the as-of variable, actors tables, event
 * scans, and whatever those read in turn). Results and publishing are left out.
 */
export function milestonePlan(plan: Plan, project: Project, id: string): Plan {
  const milestones = withDependencies(project, id);
  const chosen = new Set(
    plan.statements.filter((s) => s.milestone !== undefined && milestones.has(s.milestone)),
  );
  const shared = plan.statements.filter((s) => s.milestone === undefined && s.phase === 'build');
  for (let grew = true; grew;) {
    grew = false;
    for (const s of shared) {
      if (chosen.has(s)) continue;
      const reference = referenceTo(s);
      if ([...chosen].some((c) => c.sql.includes(reference))) {
        chosen.add(s);
        grew = true;
      }
    }
  }
  return { statements: plan.statements.filter((s) => chosen.has(s)) };
}

/** The plan as one SQL script for the DuckDB shell: `-- name` headers, publishing in a transaction. */
export function renderPlan(plan: Plan): string {
  const out: string[] = [];
  let inPublish = false;
  for (const s of plan.statements) {
    if (s.phase === 'publish' && !inPublish) {
      out.push('BEGIN TRANSACTION;');
      inPublish = true;
    }
    const params = s.params ? `\n-- parameters: $1 = the account or contact id` : '';
    out.push(`-- ${s.name}${params}\n${s.sql};`);
  }
  if (inPublish) out.push('COMMIT;');
  return out.join('\n\n') + '\n';
}
