/**
 * The definitions language as a zod schema: the raw YAML, before
 * normalisation (docs/LANGUAGE.md). Objects are strict, so unknown keys are
 * errors. Descriptions become hover text in editors through the JSON Schema
 * (`milestones schema`). Cross-references, cycles and other checks that need
 * the whole file live in `references.ts` and `semantic-checks.ts`.
 */
import { z } from 'zod';
import { duration, isoDate, memoryLimit, name, slug, timezone, withInfo } from './schema-kit.js';
import type { RawCriterion } from './raw-types.js';
import { MAX_THREADS } from './sizes.js';
import { didYouMean } from './suggest.js';

// ---------------------------------------------------------------- filters

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const orderable = z.union([z.number(), z.string()]);

const operatorShape = {
  eq: scalar.optional().describe('Equal to this value'),
  in: z.array(scalar).min(1).optional().describe('Equal to one of these values'),
  not_in: z
    .array(scalar)
    .min(1)
    .optional()
    .describe('Equal to none of these values (a missing value matches, as for not:)'),
  gt: orderable
    .optional()
    .describe(
      'Greater than (numbers compare numerically; strings as text, or as dates against a date column)',
    ),
  gte: orderable.optional().describe('Greater than or equal to'),
  lt: orderable.optional().describe('Less than'),
  lte: orderable.optional().describe('Less than or equal to'),
  contains: z.string().optional().describe('Text contains this substring'),
  starts_with: z.string().optional().describe('Text starts with this prefix'),
  exists: z.boolean().optional().describe('true: the property is present; false: it is missing or null'),
};

const operatorInfo = { unknownKeyCode: 'unknown-operator', keyNoun: 'filter operator' };

// Editors see the one-operator rule under not: through min/maxProperties;
// `semantic-checks.ts` enforces it, because a zod check would only see the
// known keys and misreport `{gte_: 1}` as empty.
const negated = withInfo(z.strictObject(operatorShape), operatorInfo)
  .meta({ minProperties: 1, maxProperties: 1 })
  .describe('One operator to negate');

const operators = withInfo(
  z.strictObject({
    ...operatorShape,
    not: z.union([scalar, negated]).optional().describe('Negation: {not: {eq: import}} or {not: import}'),
  }),
  operatorInfo,
).meta({ minProperties: 1 });

const filterValue = withInfo(z.union([scalar, operators]), {
  noun: 'a value or an operator like {in: [a, b]}',
  typeHint:
    'write a single value for equality, {in: [a, b]} for several, or {exists: false} for a missing property',
}).describe('A value (equality) or operators: eq in not_in gt gte lt lte contains starts_with exists not');

// Named (meta id) so the JSON Schema defines it once and refers to it.
export const where = z.record(z.string(), filterValue).meta({
  id: 'where',
  description: 'Property filters, all of which must hold: {plan: pro, amount: {gte: 10}}',
});

// ---------------------------------------------------------------- criteria

const positive = z.number().positive();

const count = withInfo(
  z.union([
    z.enum(['events', 'contacts', 'active_days']),
    z.strictObject({ distinct: name('Count distinct values of this property') }),
    z.strictObject({ sum: name('Sum this numeric property') }),
  ]),
  { noun: 'events, contacts, active_days, {distinct: property} or {sum: property}' },
).describe(
  'What the threshold counts: events (default), contacts, active_days, {distinct: prop}, {sum: prop}',
);

const within = withInfo(
  z.union([
    z.strictObject({ first: duration('Only events in [start, start + this) count') }),
    z.strictObject({ last: duration('Rolling: at time t only events in (t - this, t] count') }),
  ]),
  { noun: '{first: 30d} or {last: 7d}' },
).describe('Time window: {first: 30d} after the start, or {last: 7d} rolling');

const criterionId = slug(
  'Criterion id, used by overrides and explain; default its 1-based path ("1", "2.1")',
);
const milestoneRef = name('A milestone id');

const eventCriterion = z.strictObject({
  id: criterionId.optional(),
  event: name('Event name to count'),
  where: where.optional(),
  at_least: positive.optional().describe('Threshold, default 1 (> 0 for sums; fractions need per:)'),
  per: name('Scale the threshold by this account property: at_least * property (per-seat)').optional(),
  count: count.optional(),
  within: within.optional(),
});

const milestoneCriterion = z.strictObject({
  id: criterionId.optional(),
  milestone: milestoneRef.describe('Depends on this milestone: completed at or before t'),
  currently: z
    .boolean()
    .optional()
    .describe('true: the milestone must be achieving at t, not just completed once'),
});

const contactsCriterion = z.strictObject({
  id: criterionId.optional(),
  contacts: z
    .union([
      milestoneRef,
      z.strictObject({
        milestone: milestoneRef.describe('A contact-level milestone'),
        currently: z.boolean().optional().describe('Count contacts achieving it at t, not just completed'),
        at_least: positive.optional().describe('How many contacts, default 1'),
        per: name('Scale the threshold by this account property (per-seat)').optional(),
      }),
    ])
    .describe('Account level: contacts that completed a contact-level milestone'),
});

export const criterion: z.ZodType<RawCriterion> = z
  .lazy(() =>
    z.union([
      eventCriterion,
      milestoneCriterion,
      contactsCriterion,
      z.strictObject({
        id: criterionId.optional(),
        any: z.array(criterion).min(1).describe('OR group: one of these must hold'),
      }),
      z.strictObject({
        id: criterionId.optional(),
        all: z.array(criterion).min(1).describe('AND group: all of these must hold'),
      }),
    ]),
  )
  .meta({
    id: 'criterion',
    description: 'An event criterion, a milestone dependency, contacts:, or an any:/all: group',
  });

// ---------------------------------------------------------------- milestones

const START_WORDS = ['first_seen', 'assigned', 'never'] as const;

const start = withInfo(
  z.union([
    z.enum(START_WORDS),
    isoDate(
      'A fixed start: a date (midnight in the config time zone) or a time (naive: in the config time zone; with Z or an offset: exact)',
    ),
    z.strictObject({ property: name('Account (or contact) property holding the start time') }),
  ]),
  {
    noun: 'first_seen, assigned, never, a date or {property: name}',
    invalid: (value) => {
      const text = String(value);
      if (/^[0-9]{4}-/.test(text)) {
        return {
          code: 'bad-date',
          message: `"${text}" is not a date`,
          hint: 'write an ISO date like 2026-01-31',
        };
      }
      const hint =
        didYouMean(text, START_WORDS) ??
        'use first_seen, assigned, never, a date like 2026-01-01, or {property: name}';
      return { code: 'bad-value', message: `"${text}" is not an evaluation start`, hint };
    },
  },
).meta({
  id: 'start',
  description: 'When evaluation starts: first_seen (default), assigned, never, a date, or {property: name}',
});

// Strings only: YAML reads 007 as the number 7, which would silently match no account.
const accountId = withInfo(z.string(), {
  typeHint: 'write ids as strings; quote ids that look like numbers',
});
const idList = (what: string) => z.array(accountId).min(1).describe(what);

const evaluation = z
  .strictObject({
    start: start.optional(),
    deadline: duration('Deadline, relative to the start').optional(),
    count_history: z.boolean().optional().describe('Count events before the start too (default false)'),
  })
  .describe('When the milestone is evaluated');

const assign = z
  .strictObject({
    where: where.optional().describe('Filters on account (or contact) properties; default everyone'),
    accounts: idList('Only these account ids (account-level milestones)').optional(),
    contacts: idList('Only these contact ids (contact-level milestones)').optional(),
    at: name('Property holding the assignment time, for start: assigned').optional(),
  })
  .describe('Who the milestone applies to');

const override = z
  .strictObject({
    accounts: idList('The accounts this copy applies to'),
    at_least: positive.optional().describe('New threshold for every event criterion'),
    thresholds: z.record(z.string(), positive).optional().describe('Criterion id: new at_least'),
    deadline: duration('New deadline').optional(),
    start: start.optional(),
  })
  .describe('A per-company copy of the definition');

export const milestone = z.strictObject({
  id: slug('Unique milestone id'),
  name: name('Display name, unique; default the id').optional(),
  description: z.string().optional().describe('Free text'),
  level: z.enum(['account', 'contact']).optional().describe('account (default) or contact'),
  criteria: z.array(criterion).min(1).describe('All of these must hold'),
  evaluation: evaluation.optional(),
  assign: assign.optional(),
  overrides: z.array(override).optional().describe('Per-company copies of the definition'),
});

// ---------------------------------------------------------------- journeys and conversions

const step = withInfo(
  z.union([
    milestoneRef,
    z.strictObject({ event: name('Event name'), where: where.optional() }),
    z.strictObject({ milestone: milestoneRef }),
  ]),
  { noun: 'a milestone id or {event: name, where: {...}}' },
).meta({ id: 'step', description: 'A milestone id, or an event criterion {event, where}' });

const cohort = withInfo(
  z.union([
    z.strictObject({ last: duration('Entries in the last D before the as-of time') }),
    z.strictObject({
      from: isoDate('First day of entries (a date: from its start in the config time zone), or an instant'),
      to: isoDate(
        'Last day of entries, inclusive (a date: to its end in the config time zone), or an instant',
      ),
    }),
  ]),
  { noun: '{last: 180d} or {from: 2026-01-01, to: 2026-03-31}' },
).describe('Which entries count, by the first step time; default all');

const journey = z.strictObject({
  id: slug('Unique journey id'),
  name: name('Display name; default the id').optional(),
  stages: z.array(milestoneRef).min(1).describe('Milestone ids, in order'),
  period: cohort
    .optional()
    .describe('Travelers: who entered/exited a stage in this period, {last: 90d} or {from, to}; default all'),
  exited_within: duration(
    'Time in milestone is averaged over travelers who exited in this last span; default 7d',
  ).optional(),
});

const exclusion = z.strictObject({
  event: name('Event that voids an attempt'),
  where: where.optional(),
  between: z
    .tuple([z.number().int().min(0), z.number().int().min(0)])
    .optional()
    .describe('0-based step indexes [i, j], i < j; default the first and last step'),
});

const touchpoint = z.union([
  name('Event name (also the touchpoint id)'),
  z.strictObject({
    id: slug('Touchpoint id; default the event name').optional(),
    event: name('Event name'),
    where: where.optional(),
  }),
]);

const conversion = z.strictObject({
  id: slug('Unique conversion id'),
  name: name('Display name; default the id').optional(),
  steps: z.array(step).optional().describe('2 or more steps'),
  from: step.optional().describe('Shorthand: from/to is steps: [from, to]'),
  to: step.optional().describe('Shorthand: from/to is steps: [from, to]'),
  window: duration('Every later step within this of the first (inclusive)'),
  cohort: cohort.optional(),
  exclusions: z.array(exclusion).optional().describe('Events that void an attempt between two steps'),
  touchpoints: z.array(touchpoint).optional().describe('Events credited for conversions'),
  breakdown: z.array(name('An account property')).optional().describe('Account properties to split by'),
  unit: z.enum(['account', 'contact']).optional().describe('account (default) or contact'),
  value: name('Property summed as revenue for attribution').optional(),
  currency: name('Currency of value (USD, EUR, ...): the report shows revenue with it').optional(),
  half_life: duration('Half-life of the time-decay model, default 7d').optional(),
});

// ---------------------------------------------------------------- CX (survey metrics per milestone)

const cxEntry = z.strictObject({
  id: slug('Unique CX metric id'),
  name: name('Display name; default the id').optional(),
  metric: z.enum(['csat', 'ces', 'nps']).describe('csat (1-5 or 1-7), ces (1-5 or 1-7) or nps (0-10)'),
  question: name('The answer: a survey_responses column or property (wide), or a question_id (long)'),
  scale: z
    .union([z.literal(5), z.literal(7), z.literal(10)])
    .optional()
    .describe('Top of the scale: 5 (default) or 7 for csat/ces; nps is 0-10'),
  milestones: z.array(milestoneRef).min(1).describe('The milestones the question is linked to'),
  survey: name('Only responses of this survey_id').optional(),
  window: duration(
    'A response counts when given within this after the milestone was reached; default 30d',
  ).optional(),
  named_by: name('A response column naming the milestone it is about (e.g. embedded data)').optional(),
  topics: name('Text iQ topics column (";" or "," separated); default the topics column').optional(),
  sentiment: name(
    'Text iQ sentiment column (positive/neutral/negative); default the sentiment column',
  ).optional(),
});

// ---------------------------------------------------------------- sources

const columnType = z
  .enum(['VARCHAR', 'BIGINT', 'INTEGER', 'DOUBLE', 'BOOLEAN', 'DATE', 'TIMESTAMP', 'JSON'])
  .describe('Column type');

const paths = withInfo(z.union([name('A file or glob'), z.array(name('A file or glob')).min(1)]), {
  noun: 'a file, a glob or a list of them',
}).describe('Files or globs, relative to this file: .csv .csv.gz .csv.zst .tsv .parquet');

const column = (what: string) => name(what).optional();

function source<C extends z.ZodRawShape, E extends z.ZodRawShape>(columns: C, extra: E) {
  return z.strictObject({
    path: paths,
    format: z.enum(['csv', 'parquet', 'qualtrics']).optional().describe('Default from the extension'),
    columns: z.strictObject(columns).optional().describe('Canonical name: column in the file'),
    properties: z.record(z.string(), columnType).optional().describe('Typed property columns: column: TYPE'),
    delimiter: z.string().min(1).optional().describe('CSV delimiter; default detected'),
    quote: z.string().length(1).optional().describe('CSV quote character; default "'),
    escape: z
      .string()
      .length(1)
      .optional()
      .describe('CSV character that escapes a quote inside a quoted value; default " (doubled quotes)'),
    timestamp_format: z.string().min(1).optional().describe("strftime format, e.g. '%Y-%m-%d %H:%M:%S'"),
    max_rejected_share: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        'A file with a larger share of rejected rows fails the load (0..1; default 0.5); a file whose every row is rejected always does',
      ),
    ...extra,
  });
}

const sources = z
  .strictObject({
    events: source(
      {
        ts: column('Event time column (default ts)'),
        account_id: column('Account id column'),
        contact_id: column('Contact id column'),
        event: column('Event name column (default event)'),
        arrived_at: column(
          'Arrival time column: when the event reached your data (default arrived_at); for --known-at',
        ),
      },
      { properties_json: name('Column holding a JSON object of more properties').optional() },
    )
      .optional()
      .describe('Events: one row per event (table events)'),
    accounts: source({ account_id: column('Account id column (default account_id)') }, {})
      .optional()
      .describe('Accounts and their properties (table accounts); optional'),
    contacts: source(
      {
        contact_id: column('Contact id column (default contact_id)'),
        account_id: column('Account id column (default account_id)'),
      },
      {},
    )
      .optional()
      .describe("Contacts and their account (table contacts); fills events' account_id"),
    surveys: source(
      {
        respondent_id: column('Respondent id column (default respondent_id)'),
        ts: column('Response time column (default ts)'),
        survey_id: column('Survey id column'),
        response_id: column('Response id column'),
        question_id: column('Question id column (long format)'),
        value: column('Answer value column (long format)'),
        text: column('Free-text answer column'),
        topics: column('Topics column'),
        sentiment: column('Sentiment column'),
      },
      {
        respondent: z
          .enum(['contact', 'account'])
          .optional()
          .describe('Who answered: contact (default) or account'),
      },
    )
      .optional()
      .describe('Survey responses: CSV, Parquet or a Qualtrics export (table survey_responses)'),
  })
  .describe('Data sources loaded into the warehouse');

// ---------------------------------------------------------------- warehouse

const warehouseFile = name(
  'DuckDB file, relative to this file; default milestones.duckdb; ":memory:" allowed',
);

/** `warehouse: FILE`, or `warehouse: {path, memory_limit, threads, temp_dir}` (docs/SCALING.md#memory). */
const warehouse = withInfo(
  z.union([
    warehouseFile,
    z
      .strictObject({
        path: warehouseFile.optional(),
        memory_limit: memoryLimit(
          "the process's memory budget; DuckDB gets 75% of it; default 80% of the machine's memory (or its cgroup limit)",
        ).optional(),
        threads: withInfo(z.number().int().min(1).max(MAX_THREADS), {
          noun: 'a whole number of threads (1 or more)',
        })
          .optional()
          .describe("DuckDB's worker threads; default one per core"),
        temp_dir: name(
          'Folder DuckDB spills to when the memory limit is reached, relative to this file; default FILE.tmp beside the warehouse',
        ).optional(),
      })
      .describe('The warehouse file and how much of the machine DuckDB may use'),
  ]),
  { noun: 'a DuckDB file path, or a mapping of path, memory_limit, threads, temp_dir' },
).describe(
  'DuckDB file (default milestones.duckdb), or {path, memory_limit, threads, temp_dir}; --db, --memory-limit, --threads and --temp-dir override',
);

// ---------------------------------------------------------------- file

export const definitionsSchema = z
  .strictObject({
    version: z.literal(1).optional().describe('Language version: 1'),
    timezone: timezone('IANA time zone for day boundaries and naive timestamps; default UTC').optional(),
    timezone_property: name(
      "Account property holding an account's own IANA time zone, for its day boundaries (active days); default: timezone",
    ).optional(),
    warehouse: warehouse.optional(),
    sources: sources.optional(),
    milestones: z.array(milestone).optional().describe('Milestone definitions'),
    journeys: z.array(journey).optional().describe('Ordered lists of milestones'),
    conversions: z.array(conversion).optional().describe('Conversion funnels between milestones or events'),
    cx: z.array(cxEntry).optional().describe('Survey metrics (CSAT, CES, NPS) linked to milestones'),
  })
  .meta({
    title: 'milestones definitions',
    description: 'Customer milestones, journeys and conversions (docs/LANGUAGE.md)',
    // Top-level x- keys are free, for YAML anchors to reuse (removed before validation).
    patternProperties: { '^x-': {} },
  });

/** Top-level keys starting with x- hold anchors for reuse; they are not part of the definitions. */
export function withoutExtensions(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  return Object.fromEntries(Object.entries(data).filter(([key]) => !key.startsWith('x-')));
}

export type RawDefinitions = z.output<typeof definitionsSchema>;
export type RawMilestone = z.output<typeof milestone>;
export type RawConversion = z.output<typeof conversion>;
export type RawCx = z.output<typeof cxEntry>;
export type RawJourney = z.output<typeof journey>;
export type RawStep = z.output<typeof step>;
export type RawWhere = z.output<typeof where>;
export type RawStart = z.output<typeof start>;
export type RawWarehouse = z.output<typeof warehouse>;
