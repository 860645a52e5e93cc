/**
 * Checks inside one milestone that the schema cannot express: thresholds
 * that depend on what is counted, filters with one operator under `not:`,
 * `start: assigned` needing `assign.at`, overrides naming real criteria.
 *
 * Threshold rule: a count needs at_least >= 1; a sum needs > 0; with `per:`
 * any positive factor is fine (0.5 per seat). A fractional count threshold
 * still runs (2.5 events means 3), so it is a warning.
 */
import { error, warning, type Finding } from './findings.js';
import { isRecord, num, str, type RawCriterionAt } from './raw.js';
import type { MilestoneEntry } from './references.js';
import { didYouMean } from './suggest.js';
import type { Path } from './yaml-source.js';

/**
 * Keys of a criterion (or a step) that an indentation slip puts under
 * `where:`, where they became filters on properties of that name: `at_least:
 * 3` one level too deep filtered on a property "at_least" and left the
 * threshold at 1, with no word until a warehouse was there (found by review).
 */
const CRITERION_KEYS = new Set(['at_least', 'count', 'within', 'per']);

/** Every `where:` mapping's property filters, checked for empty operators and `not:` with several. */
export function checkWhere(where: unknown, path: Path, out: Finding[]): void {
  if (!isRecord(where)) return;
  for (const [property, filter] of Object.entries(where)) {
    const at = [...path, property];
    if (CRITERION_KEYS.has(property))
      out.push(
        warning(
          'criterion-key-in-where',
          `where: filters on a property named "${property}", which is also a criterion key`,
          at,
          `if ${property} belongs to the criterion, indent it as much as where:; if it is a property, ignore this`,
          'key',
        ),
      );
    if (!isRecord(filter)) continue;
    if (Object.keys(filter).length === 0) {
      out.push(
        error(
          'bad-filter',
          `empty filter on "${property}"`,
          at,
          'write a value, or an operator like {exists: true}',
        ),
      );
    }
    const negated = filter.not;
    if (isRecord(negated) && Object.keys(negated).length !== 1) {
      out.push(
        error(
          'bad-filter',
          Object.keys(negated).length === 0 ? 'not: needs an operator' : 'not: takes exactly one operator',
          [...at, 'not'],
          'negate one operator at a time: {not: {eq: a}}; to exclude several values use not_in',
        ),
      );
    }
  }
}

interface ThresholdKind {
  sum: boolean;
  per: boolean;
}

function thresholdKind(c: RawCriterionAt): ThresholdKind | undefined {
  const node = c.value;
  if (c.kind === 'event')
    return { sum: isRecord(node.count) && 'sum' in node.count, per: str(node.per) !== undefined };
  if (c.kind === 'contacts') {
    return { sum: false, per: isRecord(node.contacts) && str(node.contacts.per) !== undefined };
  }
  return undefined;
}

/** The problem with `value` as a threshold of this kind; zero and negatives are the schema's. */
function checkThreshold(value: number, kind: ThresholdKind, path: Path, out: Finding[]): void {
  if (value <= 0 || kind.sum || kind.per) return;
  if (value < 1) {
    out.push(
      error(
        'bad-threshold',
        `at_least ${value} is below 1: a count is at least 1`,
        path,
        'count at least 1; for a share of seats add per: seats, for amounts use count: {sum: property}',
      ),
    );
  } else if (!Number.isInteger(value)) {
    out.push(
      warning(
        'fractional-threshold',
        `at_least ${value} counts whole items: it means ${Math.ceil(value)}`,
        path,
        `write ${Math.ceil(value)}`,
      ),
    );
  }
}

function checkCriterion(m: MilestoneEntry, c: RawCriterionAt, out: Finding[]): void {
  const node = c.value;
  if (c.kind === 'event') {
    checkWhere(node.where, [...c.path, 'where'], out);
    if (node.count === 'contacts' && m.level === 'contact') {
      out.push(
        error(
          'level-mismatch',
          'count: contacts needs an account-level milestone',
          [...c.path, 'count'],
          'a contact-level milestone sees one contact; count events, active_days or distinct values instead',
        ),
      );
    }
  }
  const kind = thresholdKind(c);
  const atLeast = c.kind === 'contacts' && isRecord(node.contacts) ? node.contacts.at_least : node.at_least;
  const value = num(atLeast);
  if (kind && value !== undefined) {
    const path = c.kind === 'contacts' ? [...c.path, 'contacts', 'at_least'] : [...c.path, 'at_least'];
    checkThreshold(value, kind, path, out);
  }
}

function checkStart(start: unknown, path: Path, hasAt: boolean, out: Finding[]): void {
  if (start !== 'assigned' || hasAt) return;
  out.push(
    error(
      'missing-assign-at',
      'start: assigned needs assign.at, the property holding the assignment time',
      path,
      'add assign: {at: signed_up_at} (an account or contact property), or use another start',
    ),
  );
}

function checkAssign(m: MilestoneEntry, out: Finding[]): void {
  const assign = m.at.value.assign;
  if (!isRecord(assign)) return;
  checkWhere(assign.where, [...m.at.path, 'assign', 'where'], out);
  const wrong = m.level === 'account' ? 'contacts' : 'accounts';
  if (wrong in assign) {
    const right = m.level === 'account' ? 'accounts' : 'contacts';
    out.push(
      error(
        'level-mismatch',
        `assign.${wrong} is for ${right === 'accounts' ? 'contact' : 'account'}-level milestones`,
        [...m.at.path, 'assign', wrong],
        `"${m.id}" is ${m.level}-level: write assign.${right}`,
        'key',
      ),
    );
  }
}

/** An account in two overrides would get two copies of the milestone: which one wins is unclear. */
function checkOverlappingAccounts(m: MilestoneEntry, overrides: unknown[], out: Finding[]): void {
  const listed = new Map<string, number>();
  overrides.forEach((o, i) => {
    if (!isRecord(o) || !Array.isArray(o.accounts)) return;
    o.accounts.forEach((account, j) => {
      if (typeof account !== 'string') return;
      const before = listed.get(account);
      if (before !== undefined) {
        // One override listing it twice is a typo, not two overrides (found by review).
        const twice = before === i;
        const message = twice
          ? `account "${account}" is listed twice in this override of "${m.id}"`
          : `account "${account}" is in two overrides of "${m.id}"`;
        const path = [...m.at.path, 'overrides', i, 'accounts', j];
        out.push(
          error('duplicate-override', message, path, twice ? 'list it once' : 'merge the two overrides'),
        );
      }
      listed.set(account, i);
    });
  });
}

function checkOverride(
  m: MilestoneEntry,
  o: Record<string, unknown>,
  path: Path,
  hasAt: boolean,
  out: Finding[],
): void {
  checkStart(o.start, [...path, 'start'], hasAt, out);
  const atLeast = num(o.at_least);
  // A blanket at_least reaches every event criterion; it must suit a plain count if there is one.
  const count = m.criteria
    .map((c) => (c.kind === 'event' ? thresholdKind(c) : undefined))
    .find((k) => k && !k.sum && !k.per);
  if (atLeast !== undefined && count) checkThreshold(atLeast, count, [...path, 'at_least'], out);
  // A blanket at_least reaches event criteria only: on a milestone of `milestone:` and `contacts:`
  // criteria it changed nothing, with no word (found by review).
  if (atLeast !== undefined && !m.criteria.some((c) => c.kind === 'event')) {
    out.push(
      warning(
        'empty-override',
        'at_least here changes nothing: this milestone has no event criterion, and a blanket at_least reaches only those',
        [...path, 'at_least'],
        "set a contacts: criterion's threshold with thresholds: {<criterion id>: n}",
      ),
    );
  }
  checkOverrideThresholds(
    o.thresholds,
    [...path, 'thresholds'],
    new Map(m.criteria.map((c) => [c.id, c])),
    out,
  );
  if (!['at_least', 'thresholds', 'deadline', 'start'].some((key) => key in o)) {
    out.push(
      warning(
        'empty-override',
        'this override changes nothing',
        path,
        'add at_least, thresholds, deadline or start',
      ),
    );
  }
}

function checkOverrides(m: MilestoneEntry, hasAt: boolean, out: Finding[]): void {
  const overrides = m.at.value.overrides;
  if (!Array.isArray(overrides)) return;
  overrides.forEach((o, i) => {
    if (isRecord(o)) checkOverride(m, o, [...m.at.path, 'overrides', i], hasAt, out);
  });
  checkOverlappingAccounts(m, overrides, out);
}

function checkOverrideThresholds(
  thresholds: unknown,
  path: Path,
  byId: Map<string, RawCriterionAt>,
  out: Finding[],
): void {
  if (!isRecord(thresholds)) return;
  const withThreshold = [...byId.values()].filter((c) => c.kind === 'event' || c.kind === 'contacts');
  for (const [id, value] of Object.entries(thresholds)) {
    const target = byId.get(id);
    const at = [...path, id];
    if (!target) {
      const ids = withThreshold.map((c) => c.id);
      const hint = didYouMean(id, ids) ?? `criteria with thresholds: ${ids.join(', ') || 'none'}`;
      out.push(error('unknown-criterion', `unknown criterion id "${id}"`, at, hint, 'key'));
    } else if (target.kind !== 'event' && target.kind !== 'contacts') {
      out.push(
        error(
          'bad-override',
          `criterion "${id}" has no threshold to override`,
          at,
          'thresholds apply to event and contacts: criteria',
          'key',
        ),
      );
    } else if (typeof value === 'number') {
      checkThreshold(value, thresholdKind(target)!, at, out);
    }
  }
}

export function checkMilestone(m: MilestoneEntry, out: Finding[]): void {
  for (const c of m.criteria) checkCriterion(m, c, out);
  const assign = m.at.value.assign;
  const hasAt = isRecord(assign) && str(assign.at) !== undefined;
  const evaluation = m.at.value.evaluation;
  if (isRecord(evaluation)) checkStart(evaluation.start, [...m.at.path, 'evaluation', 'start'], hasAt, out);
  checkAssign(m, out);
  checkOverrides(m, hasAt, out);
}
