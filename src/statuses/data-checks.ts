/**
 * `compute`'s checks of the definitions against the data just loaded. The
 * events' in the order a mistake shows itself: an event name that never
 * occurs, a property that no such event carries, a `where:` that no such
 * event matches; each later check leaves out what an earlier one warned
 * about, so one typo gives one warning. Then the assignments that picked
 * nobody. All are warnings: the run still publishes.
 */
import { propertyRef, type Column, type WarehouseTables } from '../compiler/columns.js';
import type { Filter, Project } from '../definitions/model.js';
import { settingLocation } from '../definitions/setting-locations.js';
import { didYouMean } from '../definitions/suggest.js';
import type { Diagnostic } from '../errors.js';
import type { Warehouse } from '../warehouse/session.js';
import { eventUses, type EventUse } from './event-uses.js';
import { describeFilter, sampledValues, unmatchedFilterWarnings } from './filter-matches.js';
import { missingProperties, missingPropertyWarnings, propertyKey } from './property-presence.js';
import { contactAccountWarnings } from './contact-accounts.js';
import { presentEvents, type MilestoneSummary } from './status-summary.js';
import { unreadableActorValueWarnings } from './actor-values.js';
import { valuePropertyWarnings } from '../conversions/value-property.js';

/** The events' checks: each later one leaves out what an earlier one warned about. */
async function eventChecks(w: Warehouse, project: Project, events: Column[]) {
  if (!(await w.tableExists('events'))) return undefined;
  const uses = eventUses(project);
  const present = await presentEvents(
    w,
    uses.map((u) => u.event),
  );
  const missing = await missingProperties(w, project, events, present);
  const missingKeys = new Set(missing.map((u) => propertyKey(u.event, u.property)));
  const unmatched = await unmatchedFilterWarnings(
    w,
    project,
    events,
    (u) => !present.has(u.event) || u.where.some((f) => missingKeys.has(propertyKey(u.event, f.property))),
  );
  return { uses, present, missing, unmatched };
}

export async function definitionDataWarnings(
  w: Warehouse,
  project: Project,
  events: Column[],
): Promise<Diagnostic[]> {
  const checks = await eventChecks(w, project, events);
  if (!checks) return [];
  return [
    ...(await missingEventWarnings(
      w,
      project,
      checks.uses.filter((u) => !checks.present.has(u.event)),
    )),
    ...(await missingPropertyWarnings(w, project, checks.missing)),
    ...checks.unmatched,
  ];
}

/**
 * Every check `compute` makes after computing: the events' (above), the
 * assignments that picked nobody, unreadable account values, and contacts
 * the events place under several accounts.
 */
export async function computeDataWarnings(
  w: Warehouse,
  project: Project,
  tables: WarehouseTables,
  summaries: MilestoneSummary[],
): Promise<Diagnostic[]> {
  return [
    ...(await definitionDataWarnings(w, project, tables.events)),
    ...(await valuePropertyWarnings(w, project, tables)),
    ...(await unassignedWarnings(w, project, tables, summaries)),
    ...(await unreadableActorValueWarnings(w, project, tables)),
    ...(await contactAccountWarnings(w, project)),
  ];
}

/** A warning for each use of an event that never occurs (its milestone or conversion still computes). */
async function missingEventWarnings(
  w: Warehouse,
  project: Project,
  missing: EventUse[],
): Promise<Diagnostic[]> {
  if (missing.length === 0) return [];
  // Only when something is missing: every name, for the suggestion (0.3 s at 50M events).
  const names = (
    await w.all<{ event: string }>(`SELECT DISTINCT "event" FROM "events" WHERE "event" IS NOT NULL`)
  ).map((r) => r.event);
  return missing.map((u) => {
    const location = settingLocation(project, `${u.setting}.event`);
    const sameLetters = names.find((n) => n.toLowerCase() === u.event.toLowerCase());
    const close =
      sameLetters !== undefined
        ? `did you mean "${sameLetters}"? Event names are case-sensitive`
        : didYouMean(u.event, names);
    return {
      severity: 'warning' as const,
      code: 'unknown-event',
      message: `${u.owner}: event "${u.event}" never occurs in the events table, ${u.unmatched}`,
      hint: close ?? 'check the event name, or load the events that carry it',
      ...(location ? { location } : {}),
    };
  });
}

/**
 * A warning for each milestone whose `assign:` picked nobody: an account
 * property value spelled otherwise than the data has it (`segment:
 * Enterprise`), or a property of a table that was never loaded, had left
 * the milestone's row counts all zero with exit 0.
 */
export async function unassignedWarnings(
  w: Warehouse,
  project: Project,
  tables: WarehouseTables,
  summaries: MilestoneSummary[],
): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const [mi, m] of project.milestones.entries()) {
    const restricted = m.assign.where.length > 0 || m.assign.ids !== undefined;
    if (!restricted || summaries.find((s) => s.milestone === m.id)?.assigned !== 0n) continue;
    const noun = m.level;
    const what = m.assign.where.length > 0 ? 'where' : 'ids';
    const location = settingLocation(project, `milestones.${mi}.assign.${what}`);
    const ids = m.assign.ids ?? [];
    const listed = ids.slice(0, 3).join(', ') + (ids.length > 3 ? ', …' : '');
    const rule =
      m.assign.where.length > 0
        ? `where: ${m.assign.where.map(describeFilter).join(' and ')}`
        : `ids (${listed})`;
    out.push({
      severity: 'warning',
      code: 'nobody-assigned',
      message: `milestone "${m.id}": no ${noun} matches its assign ${rule}, so it has no ${noun}s to report`,
      hint: await assignHint(w, m.level, tables, m.assign.where),
      ...(location ? { location } : {}),
    });
  }
  return out;
}

/** What the actors' rows hold for each assign property, from a sample. */
async function assignHint(
  w: Warehouse,
  level: 'account' | 'contact',
  tables: WarehouseTables,
  where: Filter[],
): Promise<string> {
  const table = level === 'account' ? 'accounts' : 'contacts';
  const columns = tables[table];
  if (where.length === 0) return `none of these ids is among the ${table} or in the events: check them`;
  if (!columns)
    return `no ${table} table is loaded, so every ${level} property is missing: add sources.${table}`;
  const parts: string[] = [];
  for (const property of [...new Set(where.map((f) => f.property))]) {
    parts.push(
      `${property}: ${await sampledValues(w, table, 'p', propertyRef(columns, 'p', property).sql, 'TRUE')}`,
    );
  }
  return `the ${table} have ${parts.join('; ')}: check the values' spelling and case`;
}

/**
 * The checks `validate` adds to its catalog's (which already names unknown
 * events and properties): `where:` filters no event matches, a conversion
 * `value:` nothing carries, and account or contact values that cannot be read. Assignments are not checked there:
 * who is assigned is known only after computing.
 */
export async function validateDataWarnings(
  w: Warehouse,
  project: Project,
  tables: WarehouseTables,
): Promise<Diagnostic[]> {
  const checks = await eventChecks(w, project, tables.events);
  return [
    ...(checks?.unmatched ?? []),
    ...(await valuePropertyWarnings(w, project, tables)),
    ...(await unreadableActorValueWarnings(w, project, tables)),
  ];
}
