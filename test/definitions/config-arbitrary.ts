/**
 * Random definitions files for the "validate accepts => compute works"
 * property (validate-compute.property.test.ts): schema-shaped configs whose
 * names come from small pools full of awkward characters (JSON path syntax,
 * quotes, tabs, unicode, the loader's own column names), and the tiny,
 * well-formed dataset each config is run on.
 *
 * Pools are small on purpose: references between milestones, journeys and
 * conversions then often line up, so that a good share of the configs pass
 * validate and reach compute.
 */
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import type { ColumnType, Project } from '../../src/definitions/model.js';
import { LAYOUTS, reservedNames } from '../../src/warehouse/table-layout.js';
import type { Rows } from './run-config.js';

/** Property names: ordinary ones and ones that break naive quoting or JSON paths. */
export const PROPERTIES = [
  'plan',
  'amount',
  'seats',
  'tz',
  'start_at',
  'Plan',
  '*',
  'a.b',
  'a"b',
  "it's",
  't\tb',
  '$',
  '[0]',
  'é😀',
  'x y',
  '~1/',
  '',
  'ts',
  'account_id',
  'event',
  'properties',
  '_load_id',
  'value',
] as const;

export const EVENTS = ['a', 'b', 'c', 'A', "it's", 'x"y', 'é vent', '*'] as const;
const TYPES: ColumnType[] = [
  'VARCHAR',
  'BIGINT',
  'INTEGER',
  'DOUBLE',
  'BOOLEAN',
  'DATE',
  'TIMESTAMP',
  'JSON',
];
const ZONES = ['UTC', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe'];
const INSTANTS = [
  '2026-01-01',
  '2026-01-03',
  '2026-01-02T10:00:00Z',
  '2026-01-02 06:30',
  '2026-01-01T00:00:00+05:45',
  '2026-01-04T23:59:59.5Z',
];
const DURATIONS = ['30s', '90min', '1h', '1d', '2d', '7d', '1.5h', '2w'];
const SCALARS = ['pro', 1, 2.5, 0, -3, true, false, '', "it's", 'x"y', '2026-01-02', 'é'];
const ACCOUNTS = ['acme', 'globex', "o'neil"];
const CONTACTS = ['c1', 'c2', 'c"3'];

const property = fc.constantFrom(...PROPERTIES);
const event = fc.constantFrom(...EVENTS);
const scalar = fc.constantFrom(...SCALARS);
const duration = fc.constantFrom(...DURATIONS);
const instant = fc.constantFrom(...INSTANTS);

/** An optional key: absent or the value. */
function opt<T>(arb: Arbitrary<T>, freq = 2): Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined, freq });
}

/** Drops undefined members, so the YAML has no `key: null` the user never wrote. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const operator: Arbitrary<Record<string, unknown>> = fc.oneof(
  scalar.map((eq) => ({ eq })),
  fc.array(scalar, { minLength: 1, maxLength: 3 }).map((values) => ({ in: values })),
  fc.array(scalar, { minLength: 1, maxLength: 2 }).map((values) => ({ not_in: values })),
  fc
    .tuple(fc.constantFrom('gt', 'gte', 'lt', 'lte'), fc.constantFrom(0, 2, 2.5, 'b', '2026-01-02'))
    .map(([op, v]) => ({ [op]: v })),
  fc.constantFrom('pr', "'", '"', '%', '_').map((contains) => ({ contains })),
  fc.constantFrom('p', '[', '\\').map((prefix) => ({ starts_with: prefix })),
  fc.boolean().map((exists) => ({ exists })),
  scalar.map((v) => ({ not: v })),
  fc.constantFrom({ not: { in: ['pro', 1] } }, { not: { exists: true } }, { gte: 1, lt: 3 }),
);

const where = fc.dictionary(property, fc.oneof(scalar, operator), { minKeys: 1, maxKeys: 2 });

const count = fc.oneof(
  fc.constantFrom('events', 'contacts', 'active_days'),
  property.map((p) => ({ distinct: p })),
  property.map((p) => ({ sum: p })),
);

const within = fc.oneof(
  duration.map((first) => ({ first })),
  duration.map((last) => ({ last })),
);

const eventCriterion = fc
  .record({
    event,
    where: opt(where),
    at_least: opt(fc.constantFrom(1, 2, 3, 1, 2, 3, 0.5, 1.5)),
    per: opt(property, 1),
    count: opt(count),
    within: opt(within),
  })
  .map(compact);

/** Criteria of milestone `index`: dependencies only on earlier milestones (cycles are validate's to catch). */
function criteria(index: number): Arbitrary<Record<string, unknown>[]> {
  const earlier = Array.from({ length: index }, (_, i) => `m${i}`);
  const leaves: Arbitrary<Record<string, unknown>>[] = [eventCriterion];
  if (earlier.length > 0) {
    const milestone = fc.constantFrom(...earlier);
    leaves.push(
      fc.record({ milestone, currently: opt(fc.boolean()) }).map(compact),
      fc
        .record({
          contacts: fc.oneof(
            milestone,
            fc
              .record({
                milestone,
                at_least: opt(fc.constantFrom(1, 2)),
                per: opt(property, 1),
                currently: opt(fc.boolean()),
              })
              .map(compact),
          ),
        })
        .map(compact),
    );
  }
  const leaf = fc.oneof(...leaves);
  const group = fc
    .tuple(fc.constantFrom('any', 'all'), fc.array(leaf, { minLength: 1, maxLength: 2 }))
    .map(([kind, list]) => ({ [kind]: list }));
  return fc.array(fc.oneof({ arbitrary: leaf, weight: 3 }, { arbitrary: group, weight: 1 }), {
    minLength: 1,
    maxLength: 3,
  });
}

const start = fc.oneof(
  fc.constantFrom('first_seen', 'assigned', 'never'),
  instant,
  property.map((p) => ({ property: p })),
);

function milestone(index: number): Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      id: fc.constant(`m${index}`),
      level: opt(fc.constantFrom('account', 'account', 'contact'), 1),
      criteria: criteria(index),
      evaluation: opt(
        fc
          .record({ start: opt(start), deadline: opt(duration), count_history: opt(fc.boolean()) })
          .map(compact),
      ),
      assign: opt(
        fc
          .record({
            where: opt(where),
            at: opt(property, 1),
            accounts: opt(fc.subarray(ACCOUNTS, { minLength: 1 }), 1),
          })
          .map(compact),
        1,
      ),
      overrides: opt(
        fc.array(
          fc
            .record({
              accounts: fc.subarray(ACCOUNTS, { minLength: 1 }),
              at_least: opt(fc.constantFrom(1, 2)),
              deadline: opt(duration),
              start: opt(start),
            })
            .map(compact),
          { minLength: 1, maxLength: 2 },
        ),
        1,
      ),
    })
    .map(compact);
}

const period = fc.oneof(
  duration.map((last) => ({ last })),
  fc.tuple(instant, instant).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a })),
);

function journey(ids: string[]): Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      id: fc.constant('j0'),
      stages: fc.subarray(ids, { minLength: 1 }),
      period: opt(period),
      exited_within: opt(duration, 1),
    })
    .map(compact);
}

const eventStep = fc.record({ event, where: opt(where, 1) }).map(compact);

function conversion(ids: string[]): Arbitrary<Record<string, unknown>> {
  const step = ids.length > 0 ? fc.oneof(fc.constantFrom(...ids), eventStep) : eventStep;
  return fc
    .record({
      id: fc.constant('c0'),
      steps: fc.array(step, { minLength: 2, maxLength: 3 }),
      window: duration,
      cohort: opt(period),
      exclusions: opt(
        fc.array(fc.record({ event, where: opt(where, 1) }).map(compact), { minLength: 1, maxLength: 1 }),
        1,
      ),
      touchpoints: opt(
        fc.array(
          fc.oneof(
            fc.constantFrom('a', 'b', 'c'),
            fc.record({ id: fc.constantFrom('t1', 't2'), event, where: opt(where, 1) }).map(compact),
          ),
          { minLength: 1, maxLength: 2 },
        ),
      ),
      breakdown: opt(fc.subarray([...PROPERTIES], { minLength: 1, maxLength: 2 }), 1),
      unit: opt(fc.constantFrom('account', 'account', 'contact'), 1),
      value: opt(property, 1),
      half_life: opt(duration, 1),
    })
    .map(compact);
}

// Mostly names a property may take; sometimes one the loader owns (validate must refuse it).
const typedName = fc.oneof(
  { arbitrary: property, weight: 1 },
  { arbitrary: fc.constantFrom(...PROPERTIES.slice(0, 17)), weight: 4 },
);
function cx(ids: string[]): Arbitrary<Record<string, unknown>> {
  const column = fc.constantFrom('Q1', 'topics', 'sentiment', 'milestone', ...PROPERTIES.slice(5, 17));
  return fc
    .record({
      id: fc.constant('x0'),
      metric: fc.constantFrom('nps', 'csat', 'ces'),
      question: column,
      scale: opt(fc.constantFrom(5, 7), 1),
      milestones: fc.subarray(ids, { minLength: 1 }),
      survey: opt(fc.constantFrom('S1', "it's"), 1),
      window: opt(duration, 1),
      named_by: opt(column, 1),
      topics: opt(column, 1),
      sentiment: opt(column, 1),
    })
    .map(compact);
}

const typedProperties = fc.dictionary(typedName, fc.constantFrom(...TYPES), { maxKeys: 3 });

const sources = fc
  .record({
    events: fc.record({ path: fc.constant('events.csv'), properties: opt(typedProperties) }).map(compact),
    accounts: opt(fc.record({ path: fc.constant('accounts.csv'), properties: typedProperties })),
    contacts: opt(fc.record({ path: fc.constant('contacts.csv'), properties: typedProperties }), 1),
    surveys: opt(
      fc
        .record({
          path: fc.constant('surveys.csv'),
          properties: opt(typedProperties, 1),
          respondent: opt(fc.constantFrom('contact', 'account'), 1),
        })
        .map(compact),
      1,
    ),
  })
  .map(compact);

/** `--as-of`: mostly the default (the latest event), sometimes a date or an instant. */
export const asOfArbitrary = opt(fc.constantFrom('2026-01-02', '2026-01-03T12:00:00Z', '2025-12-31'), 1);

/** A config as plain data (stringified to YAML by the test). */
export const configArbitrary: Arbitrary<Record<string, unknown>> = fc
  .integer({ min: 1, max: 3 })
  .chain((n) => {
    const ids = Array.from({ length: n }, (_, i) => `m${i}`);
    return fc.record({
      version: fc.constant(1),
      timezone: fc.constantFrom(...ZONES),
      timezone_property: opt(fc.constantFrom('tz', 'plan'), 1),
      sources,
      milestones: fc.tuple(...ids.map((_, i) => milestone(i))),
      journeys: opt(journey(ids).map((j) => [j])),
      conversions: opt(conversion(ids).map((c) => [c])),
      cx: opt(
        cx(ids).map((x) => [x]),
        1,
      ),
    });
  })
  .map(compact);

// ---------------------------------------------------------------- data

/** A value every column type reads (DuckDB casts the text like a CSV cell). */
function typedValue(type: ColumnType, i: number): unknown {
  switch (type) {
    case 'VARCHAR':
      return ['pro', 'Europe/Paris', "it's"][i % 3];
    case 'BIGINT':
    case 'INTEGER':
      return 1 + (i % 3);
    case 'DOUBLE':
      return 1.5 + i;
    case 'BOOLEAN':
      return i % 2 === 0;
    case 'DATE':
      return `2026-01-0${1 + (i % 3)}`;
    case 'TIMESTAMP':
      return `2026-01-0${1 + (i % 3)} 0${i % 10}:30:00`;
    case 'JSON':
      return { k: i, s: "it's" };
  }
}

/** A property value of the JSON column: text, numbers, booleans, dates, zones. */
function looseValue(name: string, i: number): unknown {
  if (name === 'tz') return ['Europe/Paris', 'Nowhere/Else', 'Asia/Kathmandu'][i % 3];
  if (name === 'start_at') return ['2026-01-02', '2026-01-02T10:00:00Z', 'soon'][i % 3];
  return ['pro', 2, 2.5, true, '2026-01-02', "it's", 'x"y', 0][i % 8];
}

function propertyValues(
  table: keyof typeof LAYOUTS,
  declared: Record<string, ColumnType>,
  i: number,
): Record<string, unknown> {
  const reserved = reservedNames(LAYOUTS[table]);
  const out: Record<string, unknown> = {};
  PROPERTIES.forEach((name, k) => {
    if (reserved.has(name.toLowerCase())) return;
    // Names equal but for case are one column when typed; the JSON keeps both.
    const type = Object.entries(declared).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
    if ((i + k) % 4 === 3) return; // some rows lack some properties
    out[name] = type !== undefined ? typedValue(type, i + k) : looseValue(name, i + k);
  });
  return out;
}

/** The well-formed rows a config is run on: two accounts, three contacts, every event a few times. */
export function rowsFor(project: Project): Rows {
  const { sources } = project;
  const accounts = ACCOUNTS.map((account_id, i) => ({
    account_id,
    ...propertyValues('accounts', sources.accounts?.properties ?? {}, i),
  }));
  const contacts = CONTACTS.map((contact_id, i) => ({
    contact_id,
    account_id: ACCOUNTS[i % 2],
    ...propertyValues('contacts', sources.contacts?.properties ?? {}, i),
  }));
  const events: Record<string, unknown>[] = [];
  const declared = sources.events?.properties ?? {};
  EVENTS.forEach((name, e) => {
    for (let k = 0; k < 3; k++) {
      const i = e * 3 + k;
      const actor =
        i % 3 === 0 ? { contact_id: CONTACTS[i % CONTACTS.length] } : { account_id: ACCOUNTS[i % 2] };
      const ts = `2026-01-0${1 + (i % 4)}T${String(i % 24).padStart(2, '0')}:15:00Z`;
      events.push({ ts, event: name, ...actor, ...propertyValues('events', declared, i) });
    }
  });
  const surveys = Array.from({ length: 6 }, (_, i) => ({
    ts: `2026-01-0${1 + (i % 4)}T1${i}:00:00Z`,
    respondent_id: sources.surveys?.respondent === 'account' ? ACCOUNTS[i % 3] : CONTACTS[i % 3],
    survey_id: ['S1', "it's"][i % 2],
    ...propertyValues('surveys', sources.surveys?.properties ?? {}, i),
    Q1: i * 2,
    topics: ['Speed; Price', '', 'a,b'][i % 3],
    sentiment: ['Positive', 'negative', 'meh'][i % 3],
    milestone: ['m0', 'm1', "it's"][i % 3],
  }));
  return {
    ...(sources.accounts ? { accounts } : {}),
    ...(sources.contacts ? { contacts } : {}),
    ...(sources.surveys ? { surveys } : {}),
    events,
  };
}
