/**
 * Which milestones `milestones diff` compares, and how their definitions
 * differ between the base and the head. Pure: the normalised models in, one
 * entry per milestone out, in the head's order, then the removed ones in the
 * base's order.
 *
 *   base [setup, activated], head [setup (at_least 3 -> 2), pql]
 *   -> setup changed, pql added, activated removed
 *
 * Definitions are compared as normalised models (so `at_least: 1` written or
 * left to its default is the same), with object keys in a fixed order (so
 * reordering the keys of a mapping changes nothing). A milestone whose
 * definition is the same can still move: it may depend on one that changed.
 */
import type { Milestone, Project } from '../definitions/model.js';

export type DefinitionChange = 'same' | 'changed' | 'added' | 'removed';

export interface MilestoneChange {
  id: string;
  /** The head's level, or the base's for a removed milestone; "account -> contact" when it changed. */
  level: string;
  definition: DefinitionChange;
}

/** JSON with every object's keys sorted: equal models give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function levelOf(base: Milestone | undefined, head: Milestone | undefined): string {
  if (base && head && base.level !== head.level) return `${base.level} -> ${head.level}`;
  return (head ?? base)!.level;
}

export function compareMilestones(base: Project, head: Project): MilestoneChange[] {
  const before = new Map(base.milestones.map((m) => [m.id, m]));
  const after = new Set(head.milestones.map((m) => m.id));
  const changes: MilestoneChange[] = head.milestones.map((m) => {
    const old = before.get(m.id);
    const definition: DefinitionChange = !old
      ? 'added'
      : canonicalJson(old) === canonicalJson(m)
        ? 'same'
        : 'changed';
    return { id: m.id, level: levelOf(old, m), definition };
  });
  for (const m of base.milestones) {
    if (!after.has(m.id)) changes.push({ id: m.id, level: m.level, definition: 'removed' });
  }
  return changes;
}
