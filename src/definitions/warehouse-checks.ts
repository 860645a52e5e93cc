/**
 * Names the definitions use that the loaded warehouse never contains: event
 * names (criteria, steps, exclusions, touchpoints), event property keys
 * (their `where:` filters, `count: {distinct|sum}`), account and contact
 * properties (`assign.where`, `assign.at`, `start: {property}` also in
 * overrides, `per:`, conversion `breakdown:`) and the ids `assign.accounts`,
 * `assign.contacts` and overrides name; `per:` naming a typed non-numeric
 * column too. Warnings, since the data may simply not be loaded yet;
 * `validate --strict` makes them failures.
 */
import { warning, type Finding } from './findings.js';
import { entries, isRecord, walkCriteria, type At } from './raw.js';
import { didYouMean } from './suggest.js';
import type { Anchor, Path } from './yaml-source.js';

export interface ActorCatalog {
  loaded: boolean;
  properties: string[];
  numeric: string[];
  types: Record<string, string>;
  ids: string[];
}

/** A JSON property's sampled values that are text but no number: how many, and one of them. */
export interface TextNumbers {
  count: number;
  example: string;
}

export interface EventCatalog {
  events: string[];
  eventProperties: string[];
  /** Per event name, its JSON property keys whose sampled values include text that is not a number. */
  textNumbers?: Record<string, Record<string, TextNumbers>>;
  accounts?: ActorCatalog;
  contacts?: ActorCatalog;
}

type ActorTable = 'accounts' | 'contacts';

interface ActorUses {
  properties: (At<string> & { anchor: Anchor; table: ActorTable; per: boolean })[];
  ids: (At<string> & { table: ActorTable })[];
}

interface Uses {
  events: At<string>[];
  /** Filter keys point at the key, `count:` properties at the value. */
  properties: (At<string> & { anchor: Anchor })[];
  /** The properties compared with a number (`where: {amount: {gte: 1000}}`) or summed, with their event. */
  numeric: (At<string> & { anchor: Anchor; event: string })[];
}

/** Whether a filter (`{gte: 1000}`, `5`, `{in: [1, 2]}`) compares its property with a number. */
function comparesNumber(filter: unknown): boolean {
  if (typeof filter === 'number') return true;
  if (Array.isArray(filter)) return filter.some((v) => typeof v === 'number');
  if (!isRecord(filter)) return false;
  return Object.entries(filter).some(([op, v]) => op !== 'exists' && comparesNumber(v));
}

/** An event use: `{event, where}` at `path`; the name and its filter keys. */
function addEventUse(node: Record<string, unknown>, path: Path, uses: Uses): void {
  if (typeof node.event === 'string') uses.events.push({ value: node.event, path: [...path, 'event'] });
  if (isRecord(node.where)) {
    for (const [key, filter] of Object.entries(node.where)) {
      const use = { value: key, path: [...path, 'where', key], anchor: 'key' as const };
      uses.properties.push(use);
      if (comparesNumber(filter) && typeof node.event === 'string')
        uses.numeric.push({ ...use, event: node.event });
    }
  }
  if (isRecord(node.count)) {
    for (const fn of ['distinct', 'sum']) {
      const property = node.count[fn];
      if (typeof property !== 'string') continue;
      const use = { value: property, path: [...path, 'count', fn], anchor: 'value' as const };
      uses.properties.push(use);
      if (fn === 'sum' && typeof node.event === 'string') uses.numeric.push({ ...use, event: node.event });
    }
  }
}

function conversionUses(conversion: At<Record<string, unknown>>, uses: Uses): void {
  const { value, path } = conversion;
  const steps = Array.isArray(value.steps)
    ? value.steps.map((s, i) => [s, [...path, 'steps', i]] as const)
    : [];
  const ends = (['from', 'to'] as const).map((key) => [value[key], [...path, key]] as const);
  for (const [step, at] of [...steps, ...ends]) if (isRecord(step)) addEventUse(step, at, uses);
  for (const exclusion of entries(value, 'exclusions', path))
    addEventUse(exclusion.value, exclusion.path, uses);
  const touchpoints = Array.isArray(value.touchpoints) ? value.touchpoints : [];
  touchpoints.forEach((t, i) => {
    const at = [...path, 'touchpoints', i];
    if (typeof t === 'string') uses.events.push({ value: t, path: at });
    else if (isRecord(t)) addEventUse(t, at, uses);
  });
}

export function eventUses(data: unknown): Uses {
  const uses: Uses = { events: [], properties: [], numeric: [] };
  for (const m of entries(data, 'milestones', [])) {
    for (const c of walkCriteria(m.value.criteria, [...m.path, 'criteria'])) {
      if (c.kind === 'event') addEventUse(c.value, c.path, uses);
    }
  }
  for (const conversion of entries(data, 'conversions', [])) conversionUses(conversion, uses);
  return uses;
}

function startProperty(start: unknown, path: Path): At<string> | undefined {
  if (!isRecord(start) || typeof start.property !== 'string') return undefined;
  return { value: start.property, path: [...path, 'property'] };
}

function idUses(list: unknown, path: Path, table: ActorTable, uses: ActorUses): void {
  if (!Array.isArray(list)) return;
  list.forEach((id, i) => {
    if (typeof id === 'string') uses.ids.push({ value: id, path: [...path, i], table });
  });
}

function milestoneActorUses(m: At<Record<string, unknown>>, uses: ActorUses): void {
  const table: ActorTable = m.value.level === 'contact' ? 'contacts' : 'accounts';
  const property = (at: At<string> | undefined, anchor: Anchor, per = false, on = table) => {
    if (at) uses.properties.push({ ...at, anchor, table: on, per });
  };
  const assign = m.value.assign;
  const assignPath = [...m.path, 'assign'];
  if (isRecord(assign)) {
    if (isRecord(assign.where)) {
      for (const key of Object.keys(assign.where)) {
        property({ value: key, path: [...assignPath, 'where', key] }, 'key');
      }
    }
    if (typeof assign.at === 'string') property({ value: assign.at, path: [...assignPath, 'at'] }, 'value');
    idUses(assign.accounts, [...assignPath, 'accounts'], 'accounts', uses);
    idUses(assign.contacts, [...assignPath, 'contacts'], 'contacts', uses);
  }
  const evaluation = m.value.evaluation;
  if (isRecord(evaluation)) {
    property(startProperty(evaluation.start, [...m.path, 'evaluation', 'start']), 'value');
  }
  for (const o of entries(m.value, 'overrides', m.path)) {
    property(startProperty(o.value.start, [...o.path, 'start']), 'value');
    idUses(o.value.accounts, [...o.path, 'accounts'], 'accounts', uses);
  }
  for (const c of walkCriteria(m.value.criteria, [...m.path, 'criteria'])) {
    if (c.kind === 'event' && typeof c.value.per === 'string') {
      property({ value: c.value.per, path: [...c.path, 'per'] }, 'value', true);
    }
    // `contacts:` is an account-level criterion: its `per:` is an account property.
    const target = c.kind === 'contacts' ? c.value.contacts : undefined;
    if (isRecord(target) && typeof target.per === 'string') {
      property({ value: target.per, path: [...c.path, 'contacts', 'per'] }, 'value', true, 'accounts');
    }
  }
}

/** Account and contact properties and ids the definitions name. */
export function actorUses(data: unknown): ActorUses {
  const uses: ActorUses = { properties: [], ids: [] };
  for (const m of entries(data, 'milestones', [])) milestoneActorUses(m, uses);
  for (const conversion of entries(data, 'conversions', [])) {
    const breakdown = conversion.value.breakdown;
    if (!Array.isArray(breakdown)) continue;
    breakdown.forEach((key, i) => {
      if (typeof key !== 'string') return;
      // Breakdowns read account properties (src/compiler/conversions/metrics.ts).
      const path = [...conversion.path, 'breakdown', i];
      uses.properties.push({ value: key, path, anchor: 'value', table: 'accounts', per: false });
    });
  }
  // `timezone_property:` names an account property (src/compiler/statuses/event-scan.ts).
  const zone = isRecord(data) ? data.timezone_property : undefined;
  if (typeof zone === 'string') {
    uses.properties.push({
      value: zone,
      path: ['timezone_property'],
      anchor: 'value',
      table: 'accounts',
      per: false,
    });
  }
  return uses;
}

const NOUN: Record<ActorTable, string> = { accounts: 'account', contacts: 'contact' };

function checkActors(data: unknown, catalog: EventCatalog): Finding[] {
  const uses = actorUses(data);
  const out: Finding[] = [];
  for (const { value, path, anchor, table, per } of uses.properties) {
    const known = catalog[table];
    if (!known?.loaded) continue;
    const noun = NOUN[table];
    if (!known.properties.includes(value)) {
      const hint =
        didYouMean(value, known.properties) ?? `check the spelling, or load ${table} that carry it`;
      out.push(
        warning(
          'unknown-property',
          `${noun} property "${value}" never occurs in the warehouse`,
          path,
          hint,
          anchor,
        ),
      );
    } else if (per && known.types[value] !== undefined && !known.numeric.includes(value)) {
      out.push(
        warning(
          'non-numeric-per',
          `per: ${noun} property "${value}" is ${known.types[value]}, not a number`,
          path,
          'name a numeric property (like seats), or declare it with a numeric type in sources',
          anchor,
        ),
      );
    }
  }
  for (const { value, path, table } of uses.ids) {
    const known = catalog[table];
    if (!known || known.ids.includes(value)) continue;
    const noun = NOUN[table];
    const hint = didYouMean(value, known.ids) ?? `check the id, or load the ${table} that include it`;
    out.push(warning(`unknown-${noun}`, `${noun} "${value}" never occurs in the warehouse`, path, hint));
  }
  return out;
}

export function checkAgainstCatalog(data: unknown, catalog: EventCatalog): Finding[] {
  // An empty warehouse knows nothing yet: warning about every name would only be noise.
  if (catalog.events.length === 0) return [];
  const uses = eventUses(data);
  const events = new Set(catalog.events);
  const properties = new Set(catalog.eventProperties);
  const out: Finding[] = [];
  for (const { value, path } of uses.events) {
    if (events.has(value)) continue;
    const hint = didYouMean(value, catalog.events) ?? 'check the spelling, or load the events that carry it';
    out.push(warning('unknown-event', `event "${value}" never occurs in the warehouse`, path, hint));
  }
  for (const { value, path, anchor } of uses.properties) {
    if (properties.has(value)) continue;
    const hint =
      didYouMean(value, catalog.eventProperties) ?? 'check the spelling, or load events that carry it';
    out.push(
      warning(
        'unknown-property',
        `event property "${value}" never occurs in the warehouse`,
        path,
        hint,
        anchor,
      ),
    );
  }
  for (const { value, path, anchor, event } of uses.numeric) {
    // Only the events the use reads: `value` may be text in another event's rows.
    const text = catalog.textNumbers?.[event]?.[value];
    if (!text) continue;
    out.push(
      warning(
        'text-not-number',
        `event property "${value}" is read as a number here, but ${text.count} of its sampled values in "${event}" events ` +
          `${text.count === 1 ? 'is' : 'are'} text that is not a number (e.g. ${JSON.stringify(text.example)}): ` +
          `those events count as missing`,
        path,
        'clean the export: a number without thousands separators, currency or units (1234.50)',
        anchor,
      ),
    );
  }
  return [...out, ...checkActors(data, catalog)];
}
