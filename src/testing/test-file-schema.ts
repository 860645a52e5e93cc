/**
 * The test-file language (`milestones test`, docs/TESTING.md) as a zod
 * schema, read with the same YAML positions and diagnostics as the config.
 * Expectation objects are strict (a typo in `complted_at` must not turn an
 * expectation into one that silently compares nothing); data rows are loose,
 * because every key that is not a canonical column is a property.
 *
 *   tests:
 *     - name: setup completes
 *       events: [{ts: 2026-01-02 10:00, account_id: acme, event: app_installed}]
 *       expect:
 *         statuses: [{milestone: setup, account: acme, status: achieving}]
 */
import { z } from 'zod';
import { isoDate, withInfo } from '../definitions/schema-kit.js';

export const STATUS_VALUES = ['not_started', 'achieving', 'not_achieving', 'never_achieved'] as const;

const idInfo = {
  noun: 'an id (a string)',
  typeHint: "quote ids that look like numbers or dates: account_id: '007'",
};
const id = (description: string) => withInfo(z.string().min(1), idInfo).describe(description);

const instant = (description: string) =>
  isoDate(`${description}, naive in the config's timezone (or with Z / an offset)`);
const nullableInstant = (description: string) =>
  instant(description).nullable().optional().describe(`${description}; null: none`);

// ---------------------------------------------------------------- data rows

const event = z.looseObject({
  ts: instant('When the event happened'),
  event: id('The event name'),
  account_id: id('The account').optional(),
  contact_id: id('The contact').optional(),
});

const account = z.looseObject({ account_id: id('The account id') });

const contact = z.looseObject({
  contact_id: id('The contact id'),
  account_id: id("The contact's account").optional(),
});

const text = (description: string) => z.string().nullable().optional().describe(description);

/** A survey_responses row (wide, like a Qualtrics export, or one row per question). */
const survey = z.looseObject({
  ts: instant('When the response was recorded'),
  respondent_id: id(
    "The respondent: a contact or account id, per the config's sources.surveys.respondent",
  ).optional(),
  account_id: id("The respondent's account (default: from respondent_id, or from contacts)").optional(),
  contact_id: id('The responding contact (default: respondent_id when respondents are contacts)').optional(),
  survey_id: id('The survey').optional(),
  response_id: id('The response; a long file groups its rows by it').optional(),
  question_id: id('The question of a long row').optional(),
  value: z.number().nullable().optional().describe("A long row's answer"),
  text: text('Open text'),
  topics: text("Text iQ topics, ';' or ',' separated"),
  sentiment: text('Text iQ sentiment'),
});

// ---------------------------------------------------------------- expectations

const statusExpectation = z
  .strictObject({
    milestone: id('The milestone id'),
    account: id('The account (account-level milestones)').optional(),
    contact: id('The contact (contact-level milestones)').optional(),
    assigned: z.boolean().optional().describe('false: the actor has no row for this milestone'),
    status: z.enum(STATUS_VALUES).optional().describe('The status as of the test time'),
    progress: z.number().min(0).max(100).optional().describe('0-100; two decimals are enough'),
    completed_at: nullableInstant('The first instant all criteria held'),
    evaluation_start: nullableInstant('The evaluation start'),
    deadline: nullableInstant('start + deadline'),
    deadline_missed: z.boolean().nullable().optional().describe('The deadline flag'),
    on_time: z.boolean().nullable().optional().describe('Completed at or before the deadline'),
  })
  .describe('A milestone_status row to check: only the keys given are compared');

const rate = (description: string) => z.number().nullable().optional().describe(description);
const seconds = (description: string) => z.number().nullable().optional().describe(description);
const count = (description: string) => z.number().int().min(0).optional().describe(description);

const conversionExpectation = z
  .strictObject({
    conversion: id('The conversion id'),
    step: z.union([z.number().int().min(1), z.string().min(1)]).describe('1-based step number, or its name'),
    breakdown: id('A breakdown property (default: the overall row)').optional(),
    value: z
      .union([z.string(), z.number(), z.boolean()])
      .nullable()
      .optional()
      .describe('The breakdown value; null: the accounts without one'),
    reached: count('Entered actors that reached the step (in progress ones included)'),
    in_progress: count('Of those, how many are still in their window'),
    step_rate: rate('Settled actors at this step / at the previous one, 0-1'),
    overall_rate: rate('Settled actors at this step / at the first one, 0-1'),
    seconds_mean: seconds('Mean time from the first step, in seconds'),
    seconds_median: seconds('Median time from the first step, in seconds'),
    seconds_p90: seconds('p90 time from the first step, in seconds'),
    from_previous_seconds_mean: seconds('Mean time from the previous step, in seconds'),
    from_previous_seconds_median: seconds('Median time from the previous step, in seconds'),
    from_previous_seconds_p90: seconds('p90 time from the previous step, in seconds'),
  })
  .describe('A conversion_steps row to check: only the keys given are compared');

const journeyExpectation = z
  .strictObject({
    journey: id('The journey id'),
    account: id('The account'),
    stage: z.string().nullable().optional().describe('The furthest stage reached; null: none'),
    stage_index: count('1-based index of that stage; 0: none'),
    reached_at: nullableInstant('When that stage was reached'),
  })
  .describe('A milestone_journey row to check');

const nullableCount = (description: string) =>
  z.number().int().min(0).nullable().optional().describe(description);
const score = (description: string) => z.number().nullable().optional().describe(description);

const cxExpectation = z
  .strictObject({
    cx: id('The cx id'),
    milestone: z
      .string()
      .min(1)
      .nullable()
      .optional()
      .describe("One of the metric's milestones; omitted or null: the overall row"),
    responses: count('Valid answers counted'),
    rejected: count('Answers off the scale (not averaged)'),
    mean: score('Mean of the valid answers; null: none'),
    top_two_box: rate('CSAT/CES: share of the top two boxes, 0-1'),
    promoters: nullableCount('NPS: answers 9-10 (null for CSAT/CES)'),
    passives: nullableCount('NPS: answers 7-8 (null for CSAT/CES)'),
    detractors: nullableCount('NPS: answers 0-6 (null for CSAT/CES)'),
    nps: score('NPS: % promoters - % detractors, -100..100; null: no valid answer'),
    positive: count('Responses with a positive sentiment'),
    neutral: count('Responses with a neutral (or mixed) sentiment'),
    negative: count('Responses with a negative sentiment'),
  })
  .describe('A cx_metrics row to check: only the keys given are compared');

const travelerExpectation = z
  .strictObject({
    journey: id('The journey id'),
    stage: id('The stage (a milestone id of the journey)'),
    entered: count('Actors that reached the stage in the period'),
    exited: nullableCount('Actors that reached the next stage in the period (null: the last stage)'),
    exited_recent: nullableCount(
      'Of those, how many exited in the last exited_within (null: the last stage)',
    ),
    seconds_mean: seconds('Mean time in the stage of the recent exits, in seconds'),
    seconds_median: seconds('Median time in the stage of the recent exits, in seconds'),
    actions: count('Events while in the stage, in the period'),
  })
  .describe('A journey_travelers row to check: only the keys given are compared');

const expectations = z.strictObject({
  statuses: z.array(statusExpectation).optional().describe('Rows of milestone_status'),
  conversions: z.array(conversionExpectation).optional().describe('Rows of conversion_steps'),
  journeys: z.array(journeyExpectation).optional().describe('Rows of milestone_journey'),
  cx: z.array(cxExpectation).optional().describe('Rows of cx_metrics'),
  travelers: z.array(travelerExpectation).optional().describe('Rows of journey_travelers'),
});

const testCase = z.strictObject({
  name: z.string().min(1).describe('What the test shows; unique in the file'),
  description: z.string().optional().describe('Free text'),
  as_of: isoDate('Evaluate as of this time, like --as-of (a date alone: the end of that day)').optional(),
  accounts: z.array(account).optional().describe('Rows of the accounts table'),
  contacts: z.array(contact).optional().describe('Rows of the contacts table'),
  events: z.array(event).optional().describe('Rows of the events table; other keys are properties'),
  surveys: z
    .array(survey)
    .optional()
    .describe('Rows of the survey_responses table; other keys are properties'),
  expect: expectations.describe('What the definitions must give on this data'),
});

export const testFileSchema = z.strictObject({
  tests: z.array(testCase).min(1).describe('The tests of this file'),
});

export type RawTestFile = z.output<typeof testFileSchema>;
export type RawTest = RawTestFile['tests'][number];
export type RawStatusExpectation = z.output<typeof statusExpectation>;
export type RawConversionExpectation = z.output<typeof conversionExpectation>;
export type RawJourneyExpectation = z.output<typeof journeyExpectation>;
export type RawCxExpectation = z.output<typeof cxExpectation>;
export type RawTravelerExpectation = z.output<typeof travelerExpectation>;

/** Keys that name the row an expectation is about; every other given key is compared. */
export const IDENTITY_KEYS = {
  statuses: ['milestone', 'account', 'contact'],
  conversions: ['conversion', 'step', 'breakdown', 'value'],
  journeys: ['journey', 'account'],
  cx: ['cx', 'milestone'],
  travelers: ['journey', 'stage'],
} as const;

/** cx_metrics columns that only one kind of metric fills (the others are null there). */
export const NPS_ONLY = ['promoters', 'passives', 'detractors', 'nps'] as const;
export const BOX_ONLY = ['top_two_box'] as const;
