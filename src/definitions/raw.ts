/**
 * Careful readers of the raw YAML data. Semantic checks run even when the
 * schema found errors elsewhere (so one run reports every mistake), so they
 * read the data defensively: a value of the wrong type is skipped here, the
 * schema has reported it already.
 */
import { isRecord } from './schema-walk.js';
import type { Path } from './yaml-source.js';

export { isRecord };

export interface At<T> {
  value: T;
  path: Path;
}

/** The mappings in the list at `data[key]`, with their paths. */
export function entries(data: unknown, key: string, base: Path): At<Record<string, unknown>>[] {
  const list = isRecord(data) ? data[key] : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((value, i) => (isRecord(value) ? [{ value, path: [...base, key, i] }] : []));
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export type RawKind = 'event' | 'milestone' | 'contacts' | 'any' | 'all';

/** A criterion's kind by its defining key, as the schema's union reads it. */
export function criterionKind(node: Record<string, unknown>): RawKind | undefined {
  for (const kind of ['event', 'milestone', 'contacts', 'any', 'all'] as const) if (kind in node) return kind;
  return undefined;
}

export interface RawCriterionAt extends At<Record<string, unknown>> {
  /** The user's id or the 1-based path ("1", "2.1"). */
  id: string;
  kind: RawKind | undefined;
}

/** Every criterion of a list, depth first, groups before their children. */
export function walkCriteria(list: unknown, base: Path, prefix = ''): RawCriterionAt[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((node, i) => {
    if (!isRecord(node)) return [];
    const position = `${prefix}${i + 1}`;
    const path = [...base, i];
    const kind = criterionKind(node);
    const self: RawCriterionAt = { value: node, path, id: str(node.id) ?? position, kind };
    const children =
      kind === 'any' || kind === 'all' ? walkCriteria(node[kind], [...path, kind], `${position}.`) : [];
    return [self, ...children];
  });
}

/** The milestone a `milestone:` or `contacts:` criterion depends on, with the path of the name. */
export function dependencyOf(criterion: RawCriterionAt): At<string> | undefined {
  const { value: node, path } = criterion;
  if (criterion.kind === 'milestone' && typeof node.milestone === 'string') {
    return { value: node.milestone, path: [...path, 'milestone'] };
  }
  if (criterion.kind !== 'contacts') return undefined;
  const target = node.contacts;
  if (typeof target === 'string') return { value: target, path: [...path, 'contacts'] };
  if (isRecord(target) && typeof target.milestone === 'string') {
    return { value: target.milestone, path: [...path, 'contacts', 'milestone'] };
  }
  return undefined;
}
