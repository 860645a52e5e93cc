/**
 * Names the definitions use that the loaded events never contain: event
 * names (criteria, steps, exclusions, touchpoints) and event property keys
 * (their `where:` filters, `count: {distinct|sum}`). Warnings, since the data
 * may simply not be loaded yet; `validate --strict` makes them failures.
 */
import { warning, type Finding } from './findings.js';
import { entries, isRecord, walkCriteria, type At } from './raw.js';
import { didYouMean } from './suggest.js';
import type { Anchor, Path } from './yaml-source.js';

export interface EventCatalog {
  events: string[];
  eventProperties: string[];
}

interface Uses {
  events: At<string>[];
  /** Filter keys point at the key, `count:` properties at the value. */
  properties: (At<string> & { anchor: Anchor })[];
}

/** An event use: `{event, where}` at `path`; the name and its filter keys. */
function addEventUse(node: Record<string, unknown>, path: Path, uses: Uses): void {
  if (typeof node.event === 'string') uses.events.push({ value: node.event, path: [...path, 'event'] });
  if (isRecord(node.where)) {
    for (const key of Object.keys(node.where)) {
      uses.properties.push({ value: key, path: [...path, 'where', key], anchor: 'key' });
    }
  }
  if (isRecord(node.count)) {
    for (const fn of ['distinct', 'sum']) {
      const property = node.count[fn];
      if (typeof property !== 'string') continue;
      uses.properties.push({ value: property, path: [...path, 'count', fn], anchor: 'value' });
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
  const uses: Uses = { events: [], properties: [] };
  for (const m of entries(data, 'milestones', [])) {
    for (const c of walkCriteria(m.value.criteria, [...m.path, 'criteria'])) {
      if (c.kind === 'event') addEventUse(c.value, c.path, uses);
    }
  }
  for (const conversion of entries(data, 'conversions', [])) conversionUses(conversion, uses);
  return uses;
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
  return out;
}
