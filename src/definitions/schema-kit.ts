/**
 * Building blocks for the definitions schema: strings with domain checks
 * (ids, durations, dates, time zones) that fail with our own code and hint,
 * and a side table of wording used when turning zod issues into diagnostics.
 *
 * Checks push custom issues carrying `params: {code, hint}`; `pattern` is
 * added with `.meta()` so editors still see the regex in the JSON Schema.
 */
import { z } from 'zod';
import { DURATION_PATTERN, parseDuration } from './durations.js';
import { parseConfigInstant } from './instants.js';
import { SIZE_PATTERN, parseMemoryLimit } from './sizes.js';
import { closest } from './suggest.js';

export interface Problem {
  code: string;
  message: string;
  hint?: string;
}

/** How issues about a schema are worded; looked up by schema identity. */
export interface SchemaInfo {
  /** The expected value in type errors, e.g. "a duration like 30d". */
  noun?: string;
  /** Hint for a value of the wrong type. */
  typeHint?: string;
  /** Code and noun for unknown keys of this object, e.g. unknown-operator / filter operator. */
  unknownKeyCode?: string;
  keyNoun?: string;
  /** For a union of strings: one problem for a bad value instead of the first branch's complaint. */
  invalid?: (value: unknown) => Problem;
}

const infos = new WeakMap<object, SchemaInfo>();

export function withInfo<T extends z.ZodType>(schema: T, info: SchemaInfo): T {
  infos.set(schema, { ...infos.get(schema), ...info });
  return schema;
}

/** The info of a schema or of what it was cloned from (`.describe()`, `.meta()` and `.check()` clone). */
export function infoOf(schema: z.ZodType | undefined): SchemaInfo | undefined {
  for (let s: z.core.$ZodType | undefined = schema; s; s = s._zod.parent) {
    const info = infos.get(s);
    if (info) return info;
  }
  return undefined;
}

/** Adds a check that reports a Problem as a custom issue. */
export function checked<T extends z.ZodType>(
  schema: T,
  test: (value: z.output<T>) => Problem | undefined,
): T {
  return schema.check((ctx) => {
    const problem = test(ctx.value);
    if (!problem) return;
    ctx.issues.push({
      code: 'custom',
      message: problem.message,
      input: ctx.value,
      params: { code: problem.code, hint: problem.hint },
      // Aborting makes a union report all its branches (invalid_union), so
      // the diagnostic can name the branch the value was meant for.
      continue: false,
    });
  });
}

// ---------------------------------------------------------------- ids

export const SLUG_PATTERN = '^[a-z][a-z0-9_]*$';
const SLUG = new RegExp(SLUG_PATTERN);

export const isSlug = (text: string): boolean => SLUG.test(text);

/** `Setup Done!` -> `setup_done`, for the hint. */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[_0-9]+|_+$/g, '');
  return slug || 'my_id';
}

/** A slug id: a lower-case letter, then lower-case letters, digits and `_`. */
export function slug(description: string) {
  return checked(z.string(), (value) =>
    SLUG.test(value)
      ? undefined
      : {
          code: 'bad-id',
          message: `"${value}" is not a valid id`,
          hint: `ids are a lower-case letter, then lower-case letters, digits or _: e.g. ${slugify(value)}`,
        },
  ).meta({ pattern: SLUG_PATTERN, description });
}

/** A non-empty string. */
export function name(description: string) {
  return z.string().min(1).describe(description);
}

// ---------------------------------------------------------------- durations

export function duration(description: string) {
  const schema = checked(z.string(), (value) => {
    const result = parseDuration(value);
    return result.ok ? undefined : { code: 'bad-duration', message: result.message, hint: result.hint };
  }).meta({ pattern: DURATION_PATTERN, description: `${description} (30s, 45min, 12h, 30d, 2w)` });
  return withInfo(schema, {
    noun: 'a duration like 30d',
    typeHint: 'durations need a unit: 30s, 45min, 12h, 30d or 2w',
  });
}

// ---------------------------------------------------------------- sizes

/** An amount of memory for DuckDB, like 2GB (sizes.ts). */
export function memoryLimit(description: string) {
  const schema = checked(z.string(), (value) => {
    const result = parseMemoryLimit(value);
    return result.ok ? undefined : { code: 'bad-size', message: result.message, hint: result.hint };
  }).meta({ pattern: SIZE_PATTERN, description: `${description} (512MB, 2GB, 1.5GiB)` });
  return withInfo(schema, {
    noun: 'a size like 2GB',
    typeHint: 'sizes need a unit, in quotes or not: 512MB, 2GB',
  });
}

// ---------------------------------------------------------------- dates

export const DATE_PATTERN =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$';
const DATE = new RegExp(DATE_PATTERN);

/** True for a real calendar date (no 2026-02-30) with a time of day that exists (no 24:00). */
export function isValidDate(text: string): boolean {
  return DATE.test(text) && parseConfigInstant(text) !== undefined;
}

export function isoDate(description: string) {
  const schema = checked(z.string(), (value) =>
    isValidDate(value)
      ? undefined
      : {
          code: 'bad-date',
          message: `"${value}" is not a date`,
          hint: 'write an ISO date like 2026-01-31 or a time like 2026-01-31T09:00:00',
        },
  ).meta({ pattern: DATE_PATTERN, description });
  return withInfo(schema, { noun: 'a date like 2026-01-31' });
}

// ---------------------------------------------------------------- time zones

let zones: string[] | undefined;
function knownZones(): string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone')];
  return zones;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function timezone(description: string) {
  return checked(z.string(), (value) => {
    if (isTimeZone(value)) return undefined;
    const match = closest(value, knownZones());
    return {
      code: 'bad-timezone',
      message: `"${value}" is not an IANA time zone`,
      hint: match ? `did you mean "${match}"?` : 'write a zone like UTC, Europe/Paris or America/New_York',
    };
  }).describe(description);
}
