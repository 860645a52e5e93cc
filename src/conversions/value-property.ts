/**
 * A conversion's `value:` that names nothing the data holds: no events
 * column, no accounts column, and no event carrying it in its properties.
 * The revenue is then 0 for every converted actor, in every model (a typo,
 * `value: amonut`, gave exit 0 and zeros; found by review), so `compute`
 * and `validate` warn at the setting's line.
 *
 *   conversions[0].value: amonut
 *   -> conversion "trial_to_paid": value property "amonut" is no events or accounts column and no event carries it as a number, so its revenue is 0 for everyone
 *      hint: did you mean "amount"?
 */
import { asNumber, propertyRef, type PropertyRef, type WarehouseTables } from '../compiler/columns.js';
import { str } from '../compiler/quote.js';
import type { Conversion, Project } from '../definitions/model.js';
import { settingLocation } from '../definitions/setting-locations.js';
import { didYouMean } from '../definitions/suggest.js';
import type { Diagnostic } from '../errors.js';
import { sampleKeys } from '../statuses/property-presence.js';
import type { Warehouse } from '../warehouse/session.js';

/** A typed column (the revenue reads it as is); TEXT is a JSON key, NULL nothing. */
const isColumn = (ref: PropertyRef) => ref.type !== 'TEXT' && ref.type !== 'NULL';

const stepEvents = (c: Conversion) => [
  ...new Set(c.steps.flatMap((s) => (s.kind === 'event' ? [s.event] : []))),
];

/**
 * Whether some event carries the key as a number (text that is a number
 * counts, as the revenue reads it): first among the steps' events (where a
 * value usually is; stored by name, so a probe stops at the first such row),
 * then among all (a full scan only when the steps' events carry none). A key
 * whose values are all text such as "USD 500" gave 0 revenue too (found by
 * review).
 */
async function carried(w: Warehouse, c: Conversion, ref: PropertyRef, byContact = false): Promise<boolean> {
  // The revenue's own reading of the value (funnel.ts, revenueSql); by a contact's event, with byContact.
  const has = `${asNumber(ref)} IS NOT NULL${byContact ? ' AND e."contact_id" IS NOT NULL' : ''}`;
  const steps = stepEvents(c);
  const probe = async (where: string) =>
    (await w.all(`SELECT 1 FROM "events" AS e WHERE ${where} LIMIT 1`)).length > 0;
  if (steps.length > 0 && (await probe(`e."event" IN (${steps.map(str).join(', ')}) AND ${has}`)))
    return true;
  return probe(has);
}

/** A warning at conversion i's `value:` setting. */
function valueWarning(project: Project, i: number, code: string, message: string, hint: string): Diagnostic {
  const location = settingLocation(project, `conversions.${i}.value`);
  return { severity: 'warning', code, message, hint, ...(location ? { location } : {}) };
}

/**
 * An account's value in a contact funnel: each converted contact carries it,
 * so an account whose two contacts convert counts it twice (README,
 * Conversions). Said, since the revenue's total is then not the accounts'.
 */
const perContactWarning = (project: Project, i: number, c: Conversion): Diagnostic =>
  valueWarning(
    project,
    i,
    'account-value-per-contact',
    `conversion "${c.id}" counts contacts, and its value "${c.value}" is an accounts column: ` +
      "each converted contact carries its account's whole value, so an account is counted once per converted contact",
    'to book each account once, name an events property (e.g. the amount of a closed_won event), or count accounts (unit: account)',
  );

/**
 * A contact funnel sums the value over each contact's own events: when no
 * event carrying it names a contact (a CRM's closed_won row names the
 * account), every contact's revenue is 0 (found by review).
 */
const contactlessValueWarning = (project: Project, i: number, c: Conversion): Diagnostic =>
  valueWarning(
    project,
    i,
    'value-without-contact',
    `conversion "${c.id}" counts contacts, and no event carrying its value "${c.value}" names a contact: ` +
      "a contact's revenue sums its own events, so it is 0 for everyone",
    'name the contact on the events that carry the value, or count accounts (unit: account)',
  );

/** The warnings of the conversions `ids` names (all when undefined). */
export async function valuePropertyWarnings(
  w: Warehouse,
  project: Project,
  tables: WarehouseTables,
  ids?: string[],
): Promise<Diagnostic[]> {
  if (!(await w.tableExists('events'))) return [];
  const out: Diagnostic[] = [];
  for (const [i, c] of project.conversions.entries()) {
    if (c.value === undefined || (ids !== undefined && !ids.includes(c.id))) continue;
    const eventRef = propertyRef(tables.events, 'e', c.value);
    const accountColumn = !isColumn(eventRef) && isColumn(propertyRef(tables.accounts, 'p', c.value));
    if (accountColumn && c.unit === 'contact') {
      out.push(perContactWarning(project, i, c));
      continue;
    }
    if (accountColumn) continue;
    if (isColumn(eventRef) || (eventRef.json !== undefined && (await carried(w, c, eventRef)))) {
      if (c.unit === 'contact' && !(await carried(w, c, eventRef, true)))
        out.push(contactlessValueWarning(project, i, c));
      continue;
    }
    const keys = (await Promise.all(stepEvents(c).map((e) => sampleKeys(w, e)))).flat();
    const columns = [...tables.events, ...(tables.accounts ?? [])].map((col) => col.name);
    const candidates = [...new Set([...columns, ...keys])];
    out.push(
      valueWarning(
        project,
        i,
        'unknown-property',
        `conversion "${c.id}": value property "${c.value}" is no events or accounts column and no event ` +
          'carries it as a number, so its revenue is 0 for everyone',
        didYouMean(c.value, candidates) ??
          "name an events property (summed over each conversion) or an accounts column (the account's value)",
      ),
    );
  }
  return out;
}
