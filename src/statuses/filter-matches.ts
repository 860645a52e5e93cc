/**
 * `compute`'s warning for a `where:` that no event of its name matches: a
 * value spelled otherwise than the data has it (`plan: Pro` against `pro`)
 * had left a criterion never holding, a step never reached or a touchpoint
 * never touched, with exit 0. One probe per distinct (event, where) that
 * stops at the first matching row; the hint lists the values the event's
 * rows have for each filtered property (read only when warning).
 *
 *   milestone "pro", criterion 1: no "upgrade" event matches where: Plan = Pro, so it never holds
 *     hint: "upgrade" events have Plan: pro (2 of 2 sampled): check the values' spelling and case
 */
import { propertyRef, type Column } from '../compiler/columns.js';
import { compileWhere } from '../compiler/filters.js';
import { ident, str } from '../compiler/quote.js';
import type { Filter, Project } from '../definitions/model.js';
import { settingLocation } from '../definitions/setting-locations.js';
import type { Diagnostic } from '../errors.js';
import type { Warehouse } from '../warehouse/session.js';
import { eventUses, type EventUse } from './event-uses.js';

/** Rows of the event read for the hint's values. */
const VALUE_SAMPLE_ROWS = 10_000;
const VALUES_SHOWN = 5;

const OPS: Record<Filter['op'], string> = {
  eq: '=',
  in: 'in',
  not_in: 'not in',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  contains: 'contains',
  starts_with: 'starts with',
  exists: 'exists',
};

/** `plan in (pro, enterprise)`, `not source = import`. */
export function describeFilter(f: Filter): string {
  const value = Array.isArray(f.value) ? `(${f.value.map(String).join(', ')})` : String(f.value);
  const text =
    f.op === 'exists'
      ? `${f.property} ${f.value === false ? 'is missing' : 'exists'}`
      : `${f.property} ${OPS[f.op]} ${value}`;
  return f.negate ? `not ${text}` : text;
}

/**
 * A warning for each use whose where matches no event of its name. Uses
 * whose event never occurs, or that read a property no such event carries,
 * are left out: `skip` holds those (their own warnings say why).
 */
export async function unmatchedFilterWarnings(
  w: Warehouse,
  project: Project,
  events: Column[],
  skip: (use: EventUse) => boolean,
): Promise<Diagnostic[]> {
  const uses = eventUses(project).filter((u) => u.where.length > 0 && !skip(u));
  const condition = (u: EventUse) =>
    `e."event" = ${str(u.event)} AND ${compileWhere(events, 'e', u.where, project.timezone)}`;
  const conditions = [...new Set(uses.map(condition))];
  if (conditions.length === 0 || !(await w.tableExists('events'))) return [];
  // Events are stored by name: a probe reads its event's rows up to the first match.
  const probes = conditions.map(
    (c, i) => `SELECT * FROM (SELECT ${i} AS "probe" FROM "events" AS e WHERE ${c} LIMIT 1)`,
  );
  const matched = new Set(
    (await w.all<{ probe: number }>(probes.join('\nUNION ALL\n'))).map((r) => conditions[Number(r.probe)]),
  );
  const out: Diagnostic[] = [];
  for (const u of uses.filter((use) => !matched.has(condition(use)))) {
    const location = settingLocation(project, `${u.setting}.where`);
    out.push({
      severity: 'warning',
      code: 'no-matching-event',
      message: `${u.owner}: no "${u.event}" event matches where: ${u.where.map(describeFilter).join(' and ')}, ${u.unmatched}`,
      hint: await valuesHint(w, events, u),
      ...(location ? { location } : {}),
    });
  }
  return out;
}

/** What the event's rows hold for each filtered property, from a sample. */
async function valuesHint(w: Warehouse, events: Column[], u: EventUse): Promise<string> {
  const parts: string[] = [];
  for (const property of [...new Set(u.where.map((f) => f.property))]) {
    const value = propertyRef(events, 'e', property).sql;
    parts.push(`${property}: ${await sampledValues(w, 'events', 'e', value, `e."event" = ${str(u.event)}`)}`);
  }
  return `"${u.event}" events have ${parts.join('; ')}: check the values' spelling and case`;
}

/**
 * The commonest values of an expression over a sample of a table's rows,
 * with their counts: `pro (2), free (1) of 3 sampled`.
 */
export async function sampledValues(
  w: Warehouse,
  table: string,
  alias: string,
  expression: string,
  condition: string,
): Promise<string> {
  const rows = await w.all<{ value: string | null; n: bigint; total: bigint }>(
    `SELECT CAST("value" AS VARCHAR) AS "value", count(*) AS "n", sum(count(*)) OVER () AS "total" FROM (` +
      `SELECT ${expression} AS "value" FROM ${ident(table)} AS ${alias} WHERE ${condition} LIMIT ${VALUE_SAMPLE_ROWS}` +
      `) AS "sample" GROUP BY ALL ORDER BY "n" DESC, "value" LIMIT ${VALUES_SHOWN + 1}`,
  );
  const shown = rows
    .slice(0, VALUES_SHOWN)
    .map((r) => `${r.value === null ? '(missing)' : r.value} (${r.n})`)
    .join(', ');
  return `${shown}${rows.length > VALUES_SHOWN ? ', …' : ''} of ${rows[0]?.total ?? 0n} sampled`;
}
