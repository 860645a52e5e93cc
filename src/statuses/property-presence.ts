/**
 * `compute`'s warning for an event property that the definitions read but
 * that no event of that name carries. Properties that are not typed columns
 * are read from the packed JSON `properties`, whose keys are case-sensitive
 * as the file wrote them: a CSV column `Plan` is the key "Plan", so a
 * `where: {plan: pro}` never matches and the milestone silently stays
 * unreached (exit 0). `validate` warns from a sample; this is the same
 * check on the data just computed, one probe per (event, property) that
 * stops at the first row carrying the key.
 *
 *   milestone "pro", criterion 1: event property "plan" never occurs in "upgrade" events, so the filter finds it missing on every one of them
 *     hint: did you mean "Plan"? Property names are case-sensitive, as the file wrote them
 */
import { propertyRef, type Column } from '../compiler/columns.js';
import { jsonPath, str } from '../compiler/quote.js';
import type { Project } from '../definitions/model.js';
import { settingLocation } from '../definitions/setting-locations.js';
import { didYouMean } from '../definitions/suggest.js';
import { eventUses } from './event-uses.js';
import type { Diagnostic } from '../errors.js';
import type { Warehouse } from '../warehouse/session.js';

/** One read of an event property by the definitions. */
export interface PropertyUse {
  event: string;
  property: string;
  /** "milestone "pro", criterion 1" */
  owner: string;
  /** What a missing key does to the result, for the message. */
  effect: string;
  /** Dotted config path of the use, for its location. */
  setting: string;
}

/** Keys read for the suggestion only. */
const KEY_SAMPLE_ROWS = 10_000;

/** Every event property the milestones and conversions read. */
export function eventPropertyUses(project: Project): PropertyUse[] {
  return eventUses(project).flatMap((u) => [
    ...u.where.map((f) => ({
      event: u.event,
      property: f.property,
      owner: u.owner,
      effect: 'so the filter finds it missing on every one of them',
      setting: `${u.setting}.where.${f.property}`,
    })),
    ...(u.measured
      ? [
          {
            event: u.event,
            property: u.measured.property,
            owner: u.owner,
            effect: `so the ${u.measured.fn === 'sum' ? 'sum' : 'distinct count'} finds nothing to count`,
            setting: `${u.setting}.count.${u.measured.fn === 'sum' ? 'sum' : 'distinct'}`,
          },
        ]
      : []),
  ]);
}

/** The key of an (event, property) pair in `missing`. */
export const propertyKey = (event: string, property: string) => JSON.stringify([event, property]);

/**
 * The event properties read from the JSON properties that no event of its
 * name carries, among the events that occur (`present`: an event that never
 * occurs is `unknown-event`'s case); typed columns exist by construction.
 */
export async function missingProperties(
  w: Warehouse,
  project: Project,
  events: Column[],
  present: Set<string>,
): Promise<PropertyUse[]> {
  const json = eventPropertyUses(project).filter(
    (u) => present.has(u.event) && propertyRef(events, 'e', u.property).json,
  );
  const key = (u: { event: string; property: string }) => propertyKey(u.event, u.property);
  const pairs = [...new Map(json.map((u) => [key(u), u])).values()];
  if (pairs.length === 0) return [];
  // Events are stored by name: a probe reads its event's rows up to the first carrying the key.
  const probes = pairs.map(
    (u) =>
      `SELECT * FROM (SELECT ${str(u.event)} AS "event", ${str(u.property)} AS "property" FROM "events" ` +
      `WHERE "event" = ${str(u.event)} AND json_extract("properties", ${jsonPath(u.property)}) IS NOT NULL LIMIT 1)`,
  );
  const found = new Set(
    (await w.all<{ event: string; property: string }>(probes.join('\nUNION ALL\n'))).map(key),
  );
  return json.filter((u) => !found.has(key(u)));
}

/** A warning per missing property, with the keys the event's rows do carry (read only here). */
export async function missingPropertyWarnings(
  w: Warehouse,
  project: Project,
  missing: PropertyUse[],
): Promise<Diagnostic[]> {
  const keysOf = new Map<string, string[]>();
  const out: Diagnostic[] = [];
  for (const u of missing) {
    if (!keysOf.has(u.event)) keysOf.set(u.event, await sampleKeys(w, u.event));
    const location = settingLocation(project, u.setting);
    out.push({
      severity: 'warning',
      code: 'unknown-property',
      message: `${u.owner}: event property "${u.property}" never occurs in "${u.event}" events, ${u.effect}`,
      hint: suggestion(u.property, u.event, keysOf.get(u.event)!),
      ...(location ? { location } : {}),
    });
  }
  return out;
}

/** The JSON keys of some of an event's rows, for the hint. */
export async function sampleKeys(w: Warehouse, event: string): Promise<string[]> {
  const rows = await w.all<{ key: string }>(
    `SELECT DISTINCT "key" FROM (SELECT unnest(json_keys("properties")) AS "key" FROM (` +
      `SELECT "properties" FROM "events" WHERE "event" = ${str(event)} AND "properties" IS NOT NULL LIMIT ${KEY_SAMPLE_ROWS}` +
      `) AS "sample") AS "keys" ORDER BY 1`,
  );
  return rows.map((r) => r.key);
}

function suggestion(property: string, event: string, keys: string[]): string {
  const lower = property.toLowerCase();
  const sameLetters = keys.find((k) => k.toLowerCase() === lower);
  // Two columns differing only in case (`Plan`, `plan`): DuckDB keeps the second as `plan_1`.
  const renamed = keys.find((k) => k.toLowerCase() === `${lower}_1`);
  // (It cannot tell `Plan` beside `plan` from a real `plan_1` pushed to `plan_1_1`: the load's warning can.)
  if (sameLetters !== undefined && renamed !== undefined)
    return `the file repeats a column name but for case, and DuckDB renamed the repeats: these events carry "${sameLetters}" and "${renamed}" (the load's repeated-column warning says which column is which): rename them in the export`;
  if (sameLetters !== undefined)
    return `did you mean "${sameLetters}"? Property names are case-sensitive, as the file wrote them`;
  const close = didYouMean(property, keys);
  if (close !== undefined) return close;
  if (keys.length === 0)
    return `"${event}" events carry no properties: check the spelling, or load events that carry it`;
  const shown = keys.slice(0, 8).join(', ') + (keys.length > 8 ? ', …' : '');
  return `"${event}" events carry ${shown}: check the spelling, or load events that carry it`;
}
