/**
 * `explain`'s facts for one account or contact, read from the temp tables of
 * a plan compiled with `scope` (the same SQL as `compute`, filtered to this
 * actor's data): for each milestone, the actor's row, the state of every
 * criterion at every change, and each counted criterion's value at T (the sum
 * of its deltas up to T). No semantics are re-implemented here.
 */
import { ident, str } from '../compiler/quote.js';
import { milestoneTable, SHARED } from '../compiler/statuses/names.js';
import { treeNodes, type TreeNode } from '../compiler/statuses/tree.js';
import type { Milestone, Project } from '../definitions/model.js';
import type { Warehouse } from '../warehouse/session.js';
import { isoInstantSql } from '../compiler/time.js';

type Json = Record<string, unknown>;

export interface NodeFacts {
  node: TreeNode;
  holds: boolean;
  /** When the criterion last started or stopped holding (the evaluation start if never). */
  since: string | null;
  /** Whether it held at any state up to T: false means `since` is only the evaluation start. */
  everHeld: boolean;
  /** Value at T (event and contacts criteria), as exact text. */
  value: string | null;
  /** The actor's threshold (overrides and per: applied); null when there is none. */
  threshold: number | null;
  /** For milestone dependencies: the dependency's completed_at and status. */
  dependency?: { status: string | null; completedAt: string | null };
}

export interface MilestoneFacts {
  milestone: Milestone;
  actorId: string;
  assigned: boolean;
  /** The milestone_status row (JSON-safe), when assigned. */
  status?: Json;
  /** When the milestone last started or stopped holding. */
  holdsSince: string | null;
  nodes: NodeFacts[];
}

export interface ActorFacts {
  id: string;
  asOf: string;
  levels: ('account' | 'contact')[];
  milestones: MilestoneFacts[];
}

/** Instants as ISO UTC text. */
const iso = isoInstantSql;

async function levelsOf(w: Warehouse, project: Project, id: string): Promise<('account' | 'contact')[]> {
  const levels: ('account' | 'contact')[] = [];
  for (const level of ['account', 'contact'] as const) {
    if (!project.milestones.some((m) => m.level === level)) continue;
    const table = level === 'account' ? SHARED.accountActors : SHARED.contactActors;
    const row = await w.one(`SELECT 1 FROM ${ident(table)} WHERE "actor_id" = ?`, [id]);
    if (row) levels.push(level);
  }
  return levels;
}

/** The last change of each boolean column over the actor's states rows. */
function lastChanges(
  states: Json[],
  columns: string[],
): Map<string, { holds: boolean; since: string | null; everHeld: boolean }> {
  const out = new Map<string, { holds: boolean; since: string | null; everHeld: boolean }>();
  for (const column of columns) {
    let holds = false;
    let everHeld = false;
    let since: string | null = (states[0]?.ts as string | undefined) ?? null;
    for (const row of states) {
      const value = row[column] === true;
      if (value !== holds) since = row.ts as string;
      holds = value;
      everHeld ||= value;
    }
    out.set(column, { holds, since, everHeld });
  }
  return out;
}

async function leafValues(
  w: Warehouse,
  m: Milestone,
  nodes: TreeNode[],
  id: string,
): Promise<Map<string, string>> {
  const counted = nodes.filter((n) => n.criterion.kind === 'event' || n.criterion.kind === 'contacts');
  if (counted.length === 0) return new Map();
  const parts = counted.map(
    (n) =>
      `SELECT ${str(n.column)} AS "node", CAST(coalesce(sum("delta"), 0) AS VARCHAR) AS "value"\n` +
      `FROM ${ident(milestoneTable.deltas(m.id, n.column))}\n` +
      `WHERE "actor_key" = (SELECT "actor_key" FROM ${ident(milestoneTable.actors(m.id))} WHERE "actor_id" = $1)\n` +
      `AND "ts" <= getvariable('ms_as_of')`,
  );
  const rows = await w.allJson<{ node: string; value: string }>(parts.join('\nUNION ALL\n'), [id]);
  return new Map(rows.map((r) => [r.node, r.value.replace(/\.0+$|(\.\d*?)0+$/, '$1')]));
}

async function dependencyFacts(
  w: Warehouse,
  milestone: string,
  id: string,
): Promise<NodeFacts['dependency']> {
  const row = await w.one<{ status: string; completed_at: string | null }>(
    `SELECT "status", ${iso('"completed_at"')} AS "completed_at" FROM ${ident(milestoneTable.status(milestone))} WHERE "actor_id" = ?`,
    [id],
  );
  return { status: row?.status ?? null, completedAt: row?.completed_at ?? null };
}

async function milestoneFacts(w: Warehouse, m: Milestone, id: string): Promise<MilestoneFacts> {
  const actor = await w.one<Json>(
    `SELECT * FROM ${ident(milestoneTable.actors(m.id))} WHERE "actor_id" = ?`,
    [id],
  );
  const nodes = treeNodes(m.criteria);
  if (!actor) return { milestone: m, actorId: id, assigned: false, holdsSince: null, nodes: [] };
  const status = await w.one<Json>(
    `SELECT * EXCLUDE ("completed_at", "evaluation_start", "deadline", "as_of"),
       ${iso('"completed_at"')} AS "completed_at", ${iso('"evaluation_start"')} AS "evaluation_start",
       ${iso('"deadline"')} AS "deadline"
     FROM ${ident(milestoneTable.status(m.id))} WHERE "actor_id" = ?`,
    [id],
  );
  const states = await w.all<Json>(
    `SELECT * EXCLUDE ("ts"), ${iso('"ts"')} AS "ts" FROM ${ident(milestoneTable.states(m.id))} WHERE "actor_id" = ? ORDER BY "ts"`,
    [id],
  );
  const changes = lastChanges(states, [...nodes.map((n) => n.column), 'holds']);
  const values = await leafValues(w, m, nodes, id);
  const facts: NodeFacts[] = [];
  for (const node of nodes) {
    const change = changes.get(node.column)!;
    const threshold = actor[`thr_${node.column}`];
    const c = node.criterion;
    facts.push({
      node,
      holds: change.holds,
      since: change.since,
      everHeld: change.everHeld,
      value: values.get(node.column) ?? (c.kind === 'event' || c.kind === 'contacts' ? '0' : null),
      threshold: typeof threshold === 'number' ? threshold : null,
      ...(c.kind === 'milestone' ? { dependency: await dependencyFacts(w, c.milestone, id) } : {}),
    });
  }
  return {
    milestone: m,
    actorId: id,
    assigned: true,
    ...(status ? { status } : {}),
    holdsSince: changes.get('holds')!.since,
    nodes: facts,
  };
}

/** Facts for every milestone of the id's level(s); [] levels when the id is neither an account nor a contact. */
export async function explainActor(
  w: Warehouse,
  project: Project,
  id: string,
  only?: string,
): Promise<ActorFacts> {
  const asOf = await w.one<{ t: string }>(`SELECT ${iso("getvariable('ms_as_of')")} AS "t"`);
  const levels = await levelsOf(w, project, id);
  const milestones: MilestoneFacts[] = [];
  for (const m of project.milestones) {
    if (!levels.includes(m.level) || (only !== undefined && m.id !== only)) continue;
    milestones.push(await milestoneFacts(w, m, id));
  }
  return { id, asOf: asOf?.t ?? '', levels, milestones };
}

/** Known account and contact ids close to `id`, for "did you mean". */
export async function knownIds(w: Warehouse): Promise<string[]> {
  const parts: string[] = [];
  if (await w.tableExists('accounts'))
    parts.push('SELECT CAST("account_id" AS VARCHAR) AS "id" FROM "accounts"');
  if (await w.tableExists('contacts'))
    parts.push('SELECT CAST("contact_id" AS VARCHAR) AS "id" FROM "contacts"');
  if (parts.length === 0) return [];
  const rows = await w.all<{ id: string }>(
    `SELECT DISTINCT "id" FROM (${parts.join(' UNION ALL ')}) WHERE "id" IS NOT NULL LIMIT 100000`,
  );
  return rows.map((r) => r.id);
}
