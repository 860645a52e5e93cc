/**
 * What `calibrate --outcome` measures, parsed from its one-line spec:
 *
 *   event:subscription_started              -> the event within 90d after the observation period
 *   event:subscription_started:within=120d  -> ... within 120d
 *   property:retained                       -> a boolean (or 0/1) account property
 *
 * Both are judged after each account's observation period, [first_seen,
 * first_seen + observe): an event outcome in [first_seen + observe,
 * first_seen + observe + within). See docs/CALIBRATE.md.
 */
import { parseDuration } from '../definitions/durations.js';
import type { Duration } from '../definitions/model.js';
import { EXIT_FAILURE, UserError } from '../errors.js';

export type Outcome =
  { kind: 'event'; event: string; within: Duration } | { kind: 'property'; property: string };

export const DEFAULT_OUTCOME_WITHIN: Duration = { seconds: 90 * 86_400, text: '90d' };
export const DEFAULT_OBSERVE: Duration = { seconds: 90 * 86_400, text: '90d' };

const HINT = 'write --outcome event:NAME[:within=90d] or --outcome property:NAME (a boolean or 0/1 property)';

function usage(message: string, hint = HINT): UserError {
  return new UserError(message, EXIT_FAILURE, hint);
}

/** A duration option (`within=`, `--observe`); a bad one is a usage error. */
export function parseDurationOption(text: string, what: string): Duration {
  const result = parseDuration(text);
  if (!result.ok) throw usage(`${what}: ${result.message}`, result.hint);
  return result.duration;
}

function parseEventOutcome(rest: string): Outcome {
  // The name may itself contain ':'; only a trailing `:within=D` is an option.
  const match = /^(.*):within=([^:]*)$/.exec(rest);
  const event = match ? (match[1] as string) : rest;
  if (event.trim() === '') throw usage('--outcome event: names no event');
  const within = match ? parseDurationOption(match[2] as string, '--outcome within') : DEFAULT_OUTCOME_WITHIN;
  return { kind: 'event', event, within };
}

export function parseOutcome(text: string | undefined): Outcome {
  if (text === undefined || text.trim() === '') throw usage('calibrate needs --outcome');
  if (text.startsWith('event:')) return parseEventOutcome(text.slice('event:'.length));
  if (text.startsWith('property:')) {
    const property = text.slice('property:'.length);
    if (property.trim() === '') throw usage('--outcome property: names no property');
    return { kind: 'property', property };
  }
  throw usage(`--outcome "${text}" is neither event:NAME nor property:NAME`);
}

/** For captions: `subscription_started within 90d after the first 30d`. */
export function describeOutcome(outcome: Outcome, observe: Duration): string {
  return outcome.kind === 'event'
    ? `${outcome.event} within ${outcome.within.text} after the first ${observe.text}`
    : `property ${outcome.property} (accounts observed for ${observe.text})`;
}
