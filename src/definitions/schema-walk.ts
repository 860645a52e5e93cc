/**
 * Reads the zod schema as data: which schema describes the value at a path,
 * which keys an object knows, what a value is expected to be. Used to word
 * diagnostics ("did you mean", "expected a duration like 30d").
 *
 * Unions are resolved by the value the user wrote: the branch whose type
 * matches and whose keys fit best (fewest missing and unknown keys), so
 * `{event: x, at_lest: 3}` is read as an event criterion with a typo.
 */
import { z } from 'zod';
import { infoOf } from './schema-kit.js';
import type { Path } from './yaml-source.js';

/** The parts of zod's internal definitions that are read here. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

function defOf(schema: z.ZodType): Def {
  return schema._zod.def as unknown as Def;
}

/** The schema and every wrapper around its core type, outermost first. */
export function layers(schema: z.ZodType): z.ZodType[] {
  const out: z.ZodType[] = [schema];
  for (let s = schema; ;) {
    const def = defOf(s);
    const next = WRAPPERS.has(def.type)
      ? def.innerType
      : def.type === 'lazy'
        ? def.getter?.()
        : def.type === 'pipe'
          ? def.in
          : undefined;
    if (!next) return out;
    out.push(next);
    s = next;
  }
}

export function unwrap(schema: z.ZodType): z.ZodType {
  return layers(schema).at(-1)!;
}

export function kindOf(schema: z.ZodType): string {
  return defOf(unwrap(schema)).type;
}

export function optionsOf(schema: z.ZodType): z.ZodType[] {
  return defOf(unwrap(schema)).options ?? [];
}

export function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  return defOf(unwrap(schema)).shape;
}

/** Enum values or literal values. */
export function valuesOf(schema: z.ZodType): unknown[] {
  const def = defOf(unwrap(schema));
  return def.entries ? Object.values(def.entries) : (def.values ?? []);
}

export function describeOf(schema: z.ZodType | undefined): string | undefined {
  if (!schema) return undefined;
  for (const layer of layers(schema)) {
    const description = z.globalRegistry.get(layer)?.description;
    if (description) return description;
  }
  return undefined;
}

export function infoAt(schema: z.ZodType | undefined) {
  if (!schema) return undefined;
  for (const layer of layers(schema)) {
    const info = infoOf(layer);
    if (info) return info;
  }
  return undefined;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether the value has the basic type the schema wants (string, number, mapping, list...). */
export function accepts(schema: z.ZodType, value: unknown): boolean {
  const core = unwrap(schema);
  switch (kindOf(core)) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'enum':
    case 'literal':
      return valuesOf(core).some((v) => typeof v === typeof value);
    case 'object':
    case 'record':
      return isRecord(value);
    case 'array':
    case 'tuple':
      return Array.isArray(value);
    case 'union':
      return optionsOf(core).some((option) => accepts(option, value));
    default:
      return true;
  }
}

/** Missing required keys plus unknown keys: how badly an object value fits an object schema. */
function misfit(schema: z.ZodType, value: unknown): number {
  const shape = shapeOf(schema);
  if (!shape || !isRecord(value)) return 0;
  const missing = Object.entries(shape).filter(([key, s]) => s._zod.optin !== 'optional' && !(key in value));
  const unknown = Object.keys(value).filter((key) => !(key in shape));
  return missing.length + unknown.length;
}

/** Index of the union branch the value was meant for, or undefined when no branch has its type. */
export function pickOption(union: z.ZodType, value: unknown): number | undefined {
  let best: number | undefined;
  let bestMisfit = Infinity;
  optionsOf(union).forEach((option, index) => {
    if (!accepts(option, value)) return;
    const score = misfit(unwrap(option), value);
    if (score < bestMisfit) [best, bestMisfit] = [index, score];
  });
  return best;
}

/** The schema of one step down: an object's key, a list's item, a record's value. */
export function childSchema(
  schema: z.ZodType,
  segment: string | number,
  value: unknown,
): z.ZodType | undefined {
  let core = unwrap(schema);
  if (kindOf(core) === 'union') {
    const index = pickOption(core, value);
    if (index === undefined) return undefined;
    core = unwrap(optionsOf(core)[index]!);
  }
  const def = defOf(core);
  switch (def.type) {
    case 'object':
      return def.shape?.[String(segment)];
    case 'array':
      return def.element;
    case 'record':
      return def.valueType;
    case 'tuple':
      return typeof segment === 'number' ? def.items?.[segment] : undefined;
    default:
      return undefined;
  }
}

export function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
    else if (isRecord(value)) value = value[String(segment)];
    else return undefined;
  }
  return value;
}

/** The schema for the value at `path` below `schema`, whose value is `data`. */
export function schemaAt(schema: z.ZodType, data: unknown, path: Path): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  let value = data;
  for (const segment of path) {
    if (!current) return undefined;
    current = childSchema(current, segment, value);
    value = valueAt(value, [segment]);
  }
  return current;
}

/** The union branch the value was meant for, or the schema itself when it is not a union. */
export function branchFor(schema: z.ZodType, value: unknown): z.ZodType {
  if (kindOf(schema) !== 'union') return schema;
  const index = pickOption(schema, value);
  return index === undefined ? schema : branchFor(optionsOf(schema)[index]!, value);
}

/** "a number", "a list", "one of a, b": what the schema expects, for messages. */
export function nounOf(schema: z.ZodType): string {
  const custom = infoAt(schema)?.noun;
  if (custom) return custom;
  const core = unwrap(schema);
  switch (kindOf(core)) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'enum':
    case 'literal':
      return `one of ${valuesOf(core).join(', ')}`;
    case 'object':
    case 'record':
      return 'a mapping (key: value)';
    case 'array':
      return 'a list';
    case 'tuple':
      return `a list of ${defOf(core).items?.length ?? 0} items`;
    case 'union':
      return [...new Set(optionsOf(core).map(nounOf))].join(' or ');
    default:
      return 'a value';
  }
}

/** "the string \"abc\"", "the number 3", "nothing", for messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}
