/**
 * Raw milestones to the model: criteria get their ids (the user's, or the
 * 1-based path "1", "2.1"), `count:` becomes an Aggregate, defaults are
 * filled, and an override's blanket `at_least` is expanded into a
 * threshold per event criterion (explicit `thresholds:` win over it).
 */
import { toDuration } from './durations.js';
import { toFilters } from './filters.js';
import type {
  Aggregate,
  Assignment,
  Criterion,
  Evaluation,
  EvaluationStart,
  Milestone,
  Override,
  Window,
} from './model.js';
import type { RawCount, RawCriterion, RawWithin } from './raw-types.js';
import type { RawMilestone, RawStart } from './schema.js';

export function toAggregate(count: RawCount | undefined): Aggregate {
  if (count === undefined || count === 'events') return { fn: 'count' };
  if (count === 'contacts') return { fn: 'distinct_contacts' };
  if (count === 'active_days') return { fn: 'active_days' };
  if ('distinct' in count) return { fn: 'distinct_values', property: count.distinct };
  return { fn: 'sum', property: count.sum };
}

function toWindow(within: RawWithin): Window {
  return 'first' in within
    ? { kind: 'first', duration: toDuration(within.first) }
    : { kind: 'last', duration: toDuration(within.last) };
}

const threshold = (atLeast: number | undefined, per: string | undefined) => ({
  atLeast: atLeast ?? 1,
  ...(per !== undefined ? { per } : {}),
});

export function toCriterion(raw: RawCriterion, position: string): Criterion {
  const id = raw.id ?? position;
  if ('event' in raw) {
    return {
      kind: 'event',
      id,
      event: raw.event,
      where: toFilters(raw.where),
      aggregate: toAggregate(raw.count),
      threshold: threshold(raw.at_least, raw.per),
      ...(raw.within ? { within: toWindow(raw.within) } : {}),
    };
  }
  if ('milestone' in raw)
    return { kind: 'milestone', id, milestone: raw.milestone, currently: raw.currently ?? false };
  if ('contacts' in raw) {
    const c = typeof raw.contacts === 'string' ? { milestone: raw.contacts } : raw.contacts;
    const { milestone, currently, at_least, per } = c as {
      milestone: string;
      currently?: boolean;
      at_least?: number;
      per?: string;
    };
    return {
      kind: 'contacts',
      id,
      milestone,
      currently: currently ?? false,
      threshold: threshold(at_least, per),
    };
  }
  const kind = 'any' in raw ? 'any' : 'all';
  const children = 'any' in raw ? raw.any : raw.all;
  return { kind, id, children: toCriteria(children, `${position}.`) };
}

export function toCriteria(list: RawCriterion[], prefix = ''): Criterion[] {
  return list.map((raw, i) => toCriterion(raw, `${prefix}${i + 1}`));
}

export function toStart(start: RawStart): EvaluationStart {
  if (typeof start === 'object') return { kind: 'property', property: start.property };
  if (start === 'first_seen' || start === 'assigned' || start === 'never') return { kind: start };
  return { kind: 'date', at: start };
}

function toEvaluation(raw: RawMilestone['evaluation']): Evaluation {
  return {
    start: toStart(raw?.start ?? 'first_seen'),
    ...(raw?.deadline !== undefined ? { deadline: toDuration(raw.deadline) } : {}),
    countHistory: raw?.count_history ?? false,
  };
}

function toAssignment(raw: RawMilestone['assign']): Assignment {
  const ids = raw?.accounts ?? raw?.contacts;
  return {
    where: toFilters(raw?.where),
    ...(ids !== undefined ? { ids } : {}),
    ...(raw?.at !== undefined ? { at: raw.at } : {}),
  };
}

/** Ids of every event criterion, groups included. */
function eventCriterionIds(criteria: Criterion[]): string[] {
  return criteria.flatMap((c) =>
    c.kind === 'event' ? [c.id] : c.kind === 'all' || c.kind === 'any' ? eventCriterionIds(c.children) : [],
  );
}

function toOverride(raw: NonNullable<RawMilestone['overrides']>[number], criteria: Criterion[]): Override {
  const blanket =
    raw.at_least === undefined ? [] : eventCriterionIds(criteria).map((id) => [id, raw.at_least!] as const);
  return {
    accounts: raw.accounts,
    thresholds: { ...Object.fromEntries(blanket), ...raw.thresholds },
    ...(raw.deadline !== undefined ? { deadline: toDuration(raw.deadline) } : {}),
    ...(raw.start !== undefined ? { start: toStart(raw.start) } : {}),
  };
}

export function toMilestone(raw: RawMilestone): Milestone {
  const criteria = toCriteria(raw.criteria);
  return {
    id: raw.id,
    name: raw.name ?? raw.id,
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    level: raw.level ?? 'account',
    criteria,
    evaluation: toEvaluation(raw.evaluation),
    assign: toAssignment(raw.assign),
    overrides: (raw.overrides ?? []).map((o) => toOverride(o, criteria)),
  };
}
