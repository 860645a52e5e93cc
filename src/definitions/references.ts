/**
 * Checks across milestones: unique ids and names, references to milestones
 * that exist, levels that fit, no dependency cycles.
 *
 * Level rule: `milestone:` depends on a milestone of the same level (a
 * contact milestone cannot wait on an account milestone, nor the reverse);
 * an account milestone counts contacts of a contact milestone with
 * `contacts:`, which is account-level only.
 */
import { error, type Finding } from './findings.js';
import { findCycles, type Edge } from './graph.js';
import type { Level } from './model.js';
import { dependencyOf, entries, str, walkCriteria, type At, type RawCriterionAt } from './raw.js';
import { didYouMean } from './suggest.js';
import type { Path } from './yaml-source.js';

export interface MilestoneEntry {
  /** The id, or `milestones[2]` when it has none (the schema reports that). */
  id: string;
  named: boolean;
  level: Level;
  at: At<Record<string, unknown>>;
  criteria: RawCriterionAt[];
}

/** Every milestone mapping, in declaration order. */
export function milestoneEntries(data: unknown): MilestoneEntry[] {
  return entries(data, 'milestones', []).map((at) => {
    const id = str(at.value.id);
    const level: Level = at.value.level === 'contact' ? 'contact' : 'account';
    const criteria = walkCriteria(at.value.criteria, [...at.path, 'criteria']);
    return { id: id ?? `milestones[${String(at.path[1])}]`, named: id !== undefined, level, at, criteria };
  });
}

/**
 * An error for each item whose `key` repeats an earlier item's; `fallback`
 * is the key whose value stands in when `key` is absent (a name defaults to the id).
 */
export function checkUnique(
  items: At<Record<string, unknown>>[],
  key: string,
  what: (text: string) => string,
  out: Finding[],
  fallback?: string,
): void {
  const seen = new Set<string>();
  for (const { value, path } of items) {
    const own = str(value[key]);
    const text = own ?? (fallback ? str(value[fallback]) : undefined);
    if (text === undefined) continue;
    if (!seen.has(text)) seen.add(text);
    else
      out.push(
        error(
          `duplicate-${key}`,
          `${what(text)} is used twice`,
          [...path, own ? key : fallback!],
          'rename one of them',
        ),
      );
  }
}

export function unknownMilestone(ref: string, path: Path, ids: string[]): Finding {
  const hint =
    didYouMean(ref, ids) ??
    (ids.length ? `declared milestones: ${ids.join(', ')}` : 'declare it under milestones:');
  return error('unknown-milestone', `unknown milestone "${ref}"`, path, hint);
}

export function checkMilestones(data: unknown, out: Finding[]): MilestoneEntry[] {
  const all = milestoneEntries(data);
  const milestones = all.filter((m) => m.named);
  const items = entries(data, 'milestones', []);
  checkUnique(items, 'id', (id) => `milestone id "${id}"`, out);
  // A name that defaults to a repeated id is the same mistake: report it once, as the id.
  const names: Finding[] = [];
  checkUnique(items, 'name', (name) => `milestone name "${name}"`, names, 'id');
  const repeatedIds = new Set(
    out.filter((f) => f.code === 'duplicate-id').map((f) => JSON.stringify(f.path)),
  );
  out.push(...names.filter((f) => !repeatedIds.has(JSON.stringify(f.path))));
  const byId = new Map(milestones.map((m) => [m.id, m]));
  for (const m of all) {
    const named = m.criteria.filter((c) => 'id' in c.value);
    checkUnique(named, 'id', (id) => `criterion id "${id}" in milestone "${m.id}"`, out);
    for (const criterion of m.criteria) checkDependency(m, criterion, byId, out);
  }
  checkCycles(milestones, out);
  return all;
}

function checkDependency(
  m: MilestoneEntry,
  criterion: RawCriterionAt,
  byId: Map<string, MilestoneEntry>,
  out: Finding[],
): void {
  if (criterion.kind === 'contacts' && m.level === 'contact') {
    out.push(
      error(
        'level-mismatch',
        `contacts: criteria belong in account-level milestones; "${m.id}" is contact-level`,
        criterion.path,
        `depend on the contact milestone directly with milestone:, or make "${m.id}" account-level`,
      ),
    );
  }
  const ref = dependencyOf(criterion);
  if (!ref) return;
  const target = byId.get(ref.value);
  if (!target) {
    out.push(unknownMilestone(ref.value, ref.path, [...byId.keys()]));
    return;
  }
  if (criterion.kind === 'contacts' && target.level !== 'contact') {
    out.push(
      error(
        'level-mismatch',
        `contacts: counts contacts of a contact-level milestone; "${target.id}" is account-level`,
        ref.path,
        `write milestone: ${target.id} to depend on it, or make "${target.id}" level: contact`,
      ),
    );
  } else if (criterion.kind === 'milestone' && target.level !== m.level) {
    const hint =
      m.level === 'account'
        ? `count its contacts with contacts: {milestone: ${target.id}}`
        : `a contact milestone can only depend on contact milestones; make "${m.id}" account-level`;
    out.push(
      error(
        'level-mismatch',
        `"${m.id}" (${m.level}) cannot depend on "${target.id}" (${target.level})`,
        ref.path,
        hint,
      ),
    );
  }
}

function checkCycles(milestones: MilestoneEntry[], out: Finding[]): void {
  const edges = new Map<string, Edge<Path>[]>();
  for (const m of milestones) {
    const list = m.criteria.flatMap((c) => {
      const ref = dependencyOf(c);
      return ref ? [{ to: ref.value, at: ref.path }] : [];
    });
    edges.set(m.id, [...(edges.get(m.id) ?? []), ...list]);
  }
  const ids = [...new Set(milestones.map((m) => m.id))];
  for (const cycle of findCycles(ids, edges)) {
    out.push(
      error(
        'cycle',
        `dependency cycle: ${cycle.ids.join(' -> ')}`,
        cycle.at,
        'a milestone cannot depend on itself, directly or through others; remove one of these dependencies',
      ),
    );
  }
}
