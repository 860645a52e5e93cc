/**
 * Turns zod issues into findings with our codes, messages and hints.
 * zod reports a failed union as one issue holding every branch's issues;
 * we follow the branch the user meant (see `pickOption`) so an event
 * criterion with a typo gets "unknown key at_lest", not five alternatives.
 */
import type { z } from 'zod';
import { error, label, type Finding } from './findings.js';
import {
  branchFor,
  describeOf,
  describeValue,
  infoAt,
  isRecord,
  nounOf,
  optionsOf,
  pickOption,
  schemaAt,
  shapeOf,
  valueAt,
} from './schema-walk.js';
import { didYouMean } from './suggest.js';
import type { Path } from './yaml-source.js';

type Issue = z.core.$ZodIssue;

/** The field's description as a hint: "criteria: All of these must hold". */
function fieldHint(path: Path, schema: z.ZodType | undefined): string | undefined {
  const description = describeOf(schema);
  return description && path.length > 0 ? `${label(path)}: ${description}` : description;
}

/** One level of the walk: issue paths are relative to `base`, where `schema` applies. */
interface Level {
  schema: z.ZodType;
  base: Path;
  data: unknown;
}

export function issuesToFindings(issues: readonly Issue[], schema: z.ZodType, data: unknown): Finding[] {
  const out: Finding[] = [];
  convertAll(issues, { schema, base: [], data }, out);
  return dropExplainedMissingKeys(out);
}

/**
 * `{evnt: x}` is one mistake: an unknown key that suggests "event" already
 * explains the missing "event", so the missing-key error is dropped.
 */
function dropExplainedMissingKeys(findings: Finding[]): Finding[] {
  const suggested = new Set(
    findings
      .filter((f) => f.code === 'unknown-key' && f.hint?.startsWith('did you mean'))
      .map((f) => `${JSON.stringify(f.path.slice(0, -1))}:${/"(.*)"/.exec(f.hint!)?.[1]}`),
  );
  return findings.filter(
    (f) =>
      f.code !== 'missing-key' ||
      !suggested.has(`${JSON.stringify(f.path)}:${/"(.*)"/.exec(f.message)?.[1]}`),
  );
}

function convertAll(issues: readonly Issue[], level: Level, out: Finding[]): void {
  for (const issue of issues) convert(issue, level, out);
}

/** Data paths from YAML hold only strings and numbers. */
const plain = (path: readonly PropertyKey[]): Path =>
  path.map((p) => (typeof p === 'number' ? p : String(p)));

function convert(issue: Issue, level: Level, out: Finding[]): void {
  const relative = plain(issue.path);
  const path = [...level.base, ...relative];
  const value = valueAt(level.data, path);
  const schema = schemaAt(level.schema, valueAt(level.data, level.base), relative);
  switch (issue.code) {
    case 'invalid_union':
      return convertUnion(issue, schema, path, value, level, out);
    case 'unrecognized_keys':
      return convertUnknownKeys(issue.keys, schema && branchFor(schema, value), path, out);
    case 'invalid_type':
      out.push(value === undefined ? missingKey(path, schema) : wrongType(path, schema, value));
      return;
    case 'invalid_value':
      out.push(badChoice(path, issue.values, value, schema));
      return;
    case 'too_small':
    case 'too_big':
      out.push(outOfRange(issue, path, schema));
      return;
    case 'custom': {
      const params = (issue.params ?? {}) as { code?: string; hint?: string };
      out.push(error(params.code ?? 'bad-value', issue.message, path, params.hint));
      return;
    }
    default:
      out.push(error('bad-value', `${label(path)}: ${issue.message}`, path, fieldHint(path, schema)));
  }
}

function convertUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  union: z.ZodType | undefined,
  path: Path,
  value: unknown,
  level: Level,
  out: Finding[],
): void {
  const index = union ? pickOption(union, value) : undefined;
  const invalid = infoAt(union)?.invalid;
  if (union && invalid && !isRecord(value)) {
    const problem = invalid(value);
    out.push(error(problem.code, problem.message, path, problem.hint));
  } else if (union && index !== undefined && issue.errors[index]) {
    convertAll(issue.errors[index], { schema: optionsOf(union)[index]!, base: path, data: level.data }, out);
  } else if (union) {
    out.push(wrongType(path, union, value));
  } else {
    out.push(error('bad-value', `${label(path)} is not valid`, path));
  }
}

function convertUnknownKeys(keys: string[], schema: z.ZodType | undefined, path: Path, out: Finding[]): void {
  const info = infoAt(schema);
  const known = Object.keys((schema && shapeOf(schema)) ?? {});
  const noun = info?.keyNoun ?? 'key';
  for (const key of keys) {
    const hint =
      didYouMean(key, known) ?? (known.length ? `the ${noun}s here are: ${known.join(', ')}` : undefined);
    out.push(
      error(info?.unknownKeyCode ?? 'unknown-key', `unknown ${noun} "${key}"`, [...path, key], hint, 'key'),
    );
  }
}

function missingKey(path: Path, schema: z.ZodType | undefined): Finding {
  const key = String(path.at(-1));
  const description = describeOf(schema);
  const hint = `add ${key}:${description ? ` (${description})` : ''}`;
  return error('missing-key', `missing required key "${key}"`, path.slice(0, -1), hint);
}

function wrongType(path: Path, schema: z.ZodType | undefined, value: unknown): Finding {
  if (path.length === 0) {
    return error(
      'bad-type',
      `the file must be a mapping of keys, found ${describeValue(value)}`,
      path,
      'start with version: 1, then sources:, milestones:, journeys:, conversions:',
    );
  }
  const expected = schema ? nounOf(schema) : 'something else';
  const hint = infoAt(schema)?.typeHint ?? fieldHint(path, schema);
  return error('bad-type', `${label(path)} must be ${expected}, found ${describeValue(value)}`, path, hint);
}

function badChoice(
  path: Path,
  values: readonly unknown[],
  value: unknown,
  schema: z.ZodType | undefined,
): Finding {
  const choices = values.map(String);
  const message =
    choices.length === 1
      ? `${label(path)} must be ${choices[0]}, found ${describeValue(value)}`
      : `${label(path)} must be one of ${choices.join(', ')}; found ${describeValue(value)}`;
  const hint =
    (typeof value === 'string' ? didYouMean(value, choices) : undefined) ?? fieldHint(path, schema);
  return error('bad-value', message, path, hint);
}

function outOfRange(
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  path: Path,
  schema: z.ZodType | undefined,
): Finding {
  const small = issue.code === 'too_small';
  const limit = small ? issue.minimum : issue.maximum;
  const bound = String(limit);
  let message: string;
  if (issue.origin === 'array') {
    message = `${label(path)} needs ${small ? 'at least' : 'at most'} ${bound} item${bound === '1' ? '' : 's'}`;
  } else if (issue.origin === 'string') {
    message = small ? `${label(path)} must not be empty` : `${label(path)} is too long`;
  } else {
    const words = small ? ['at least', 'greater than'] : ['at most', 'less than'];
    message = `${label(path)} must be ${issue.inclusive ? words[0] : words[1]} ${bound}`;
  }
  return error('bad-value', message, path, fieldHint(path, schema));
}
