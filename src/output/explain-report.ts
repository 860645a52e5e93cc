/**
 * `explain`'s report: each criterion's value against its threshold at T,
 * whether it holds and since when, and a one-line reason for the status,
 * e.g. "not_achieving since 2026-04-08T14:00:00Z: criterion reports_per_seat
 * (report_created, per seats, last 30d) is 2 < 10 since 2026-04-08T14:00:00Z".
 */
import type { Criterion, EvaluationStart, Filter, Milestone } from '../definitions/model.js';
import type { ActorFacts, MilestoneFacts, NodeFacts } from '../explain/explain-actor.js';
import { visible } from '../errors.js';
import { fitText } from './fit-table.js';
import { renderJson, renderTable, type Row } from './format.js';

function filterText(f: Filter): string {
  const value = Array.isArray(f.value) ? `[${f.value.join(', ')}]` : String(f.value);
  return `${f.negate ? 'not ' : ''}${f.property} ${f.op} ${value}`;
}

/** "report_created where source not eq import, contacts, last 30d". */
export function criterionLabel(c: Criterion): string {
  switch (c.kind) {
    case 'event': {
      const parts = [
        c.where.length > 0 ? `${c.event} where ${c.where.map(filterText).join(' and ')}` : c.event,
      ];
      const agg = c.aggregate;
      if (agg.fn === 'distinct_contacts') parts.push('contacts');
      if (agg.fn === 'active_days') parts.push('active days');
      if (agg.fn === 'distinct_values') parts.push(`distinct ${agg.property}`);
      if (agg.fn === 'sum') parts.push(`sum of ${agg.property}`);
      if (c.threshold.per) parts.push(`per ${c.threshold.per}`);
      if (c.within) parts.push(`${c.within.kind} ${c.within.duration.text}`);
      return parts.join(', ');
    }
    case 'milestone':
      return `milestone ${c.milestone}${c.currently ? ', currently' : ''}`;
    case 'contacts':
      return `contacts with ${c.milestone}${c.currently ? ' (currently)' : ''}`;
    default:
      return `${c.kind} of ${c.children.length}`;
  }
}

/**
 * When a failing criterion stopped holding. One that never held has no such
 * instant (its `since` is only the evaluation start): "since <start>" would
 * read as "it held until then", so it says "never held".
 */
function sinceText(n: NodeFacts): string {
  if (!n.everHeld) return ', never held';
  return n.since ? ` since ${n.since}` : '';
}

function reason(n: NodeFacts, facts: MilestoneFacts): string {
  const c = n.node.criterion;
  const since = sinceText(n);
  if (c.kind === 'event' || c.kind === 'contacts') {
    if (n.threshold === null)
      return `has no threshold (${c.threshold.per ?? 'per'} is missing or not positive)`;
    return `is ${n.value} < ${n.threshold}${since}`;
  }
  if (c.kind === 'milestone') {
    const status = n.dependency?.status ?? 'not assigned';
    return c.currently ? `is not achieving (${status})${since}` : `is not completed (${status})`;
  }
  const kids = facts.nodes.filter(
    (k) => k.node.path.startsWith(`${n.node.path}.`) && k.node.depth === n.node.depth + 1,
  );
  const failing = kids.filter((k) => !k.holds).map((k) => describe(k, facts));
  return c.kind === 'any' ? `holds for none of: ${failing.join('; ')}` : `fails on: ${failing.join('; ')}`;
}

function describe(n: NodeFacts, facts: MilestoneFacts): string {
  return `criterion ${n.node.criterion.id} (${criterionLabel(n.node.criterion)}) ${reason(n, facts)}`;
}

function startOf(m: Milestone, account: string | null): EvaluationStart {
  const override = m.overrides.find((o) => o.start && account !== null && o.accounts.includes(account));
  return override?.start ?? m.evaluation.start;
}

function notStartedReason(facts: MilestoneFacts, asOf: string): string {
  const { status, milestone } = facts;
  if (status?.evaluation_start) return `evaluation starts ${String(status.evaluation_start)}, after ${asOf}`;
  const start = startOf(milestone, (status?.account_id as string | null) ?? null);
  if (start.kind === 'never') return 'evaluation start is never';
  if (start.kind === 'first_seen')
    return `no events at or before ${asOf}, so its start (first_seen) is unknown`;
  const property = start.kind === 'property' ? start.property : milestone.assign.at;
  return `property ${property ?? '(assign.at)'} is empty, so its start is unknown`;
}

/** The one-line reason for the status. */
export function why(facts: MilestoneFacts, asOf: string): string {
  if (!facts.assigned) return 'not assigned: the assignment (assign:) does not select it';
  const status = String(facts.status?.status);
  if (status === 'not_started') return `not_started: ${notStartedReason(facts, asOf)}`;
  const top = facts.nodes.filter((n) => n.node.depth === 0);
  let text: string;
  if (status === 'achieving') text = `achieving since ${facts.holdsSince}: all ${top.length} criteria hold`;
  else {
    const failing = top.filter((n) => !n.holds).map((n) => describe(n, facts));
    const head = status === 'not_achieving' ? `not_achieving since ${facts.holdsSince}` : 'never_achieved';
    text = `${head}: ${failing.join('; ')}`;
  }
  if (facts.status?.deadline_missed === true) text += `; deadline ${String(facts.status.deadline)} missed`;
  return text;
}

function criterionRows(facts: MilestoneFacts): Row[] {
  return facts.nodes.map((n) => ({
    criterion: `${'  '.repeat(n.node.depth)}${n.node.criterion.id}`,
    what: criterionLabel(n.node.criterion),
    value: n.dependency ? (n.dependency.completedAt ?? n.dependency.status ?? '') : (n.value ?? ''),
    threshold: n.threshold ?? '',
    holds: n.holds ? 'yes' : n.everHeld ? 'no' : 'never',
    since: n.everHeld ? (n.since ?? '') : '',
  }));
}

export function renderExplainText(facts: ActorFacts): string {
  const blocks = facts.milestones.map((m) => {
    const s = m.status;
    const head = [
      `${m.milestone.id} (${m.milestone.name}), ${m.milestone.level} ${facts.id}, as of ${facts.asOf}`,
      m.assigned && s
        ? `status ${String(s.status)}, progress ${Math.round(Number(s.progress) * 100) / 100}%` +
          `, completed_at ${String(s.completed_at ?? '-')}, start ${String(s.evaluation_start ?? '-')}` +
          (s.deadline ? `, deadline ${String(s.deadline)}` : '')
        : 'not assigned',
    ].join('\n');
    const table = m.assigned && m.nodes.length > 0 ? renderTable(criterionRows(m)) : '';
    return `${fitText(visible(head))}\n${table}${fitText(visible(`why: ${why(m, facts.asOf)}`))}\n`;
  });
  return blocks.join('\n');
}

/**
 * A criterion's value (exact decimal text from DuckDB) as JSON: a number when
 * the number prints back as the same text (counts, and sums such as 12.5),
 * else the exact text (a count beyond 2^53 - 1, a sum with more digits than
 * a double holds), as README says of counts in JSON.
 */
export function jsonValue(value: string | null): number | string | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) && String(n) === value && (!Number.isInteger(n) || Number.isSafeInteger(n))
    ? n
    : value;
}

export function renderExplainJson(facts: ActorFacts): string {
  return renderJson({
    id: facts.id,
    as_of: facts.asOf,
    levels: facts.levels,
    milestones: facts.milestones.map((m) => ({
      milestone: m.milestone.id,
      assigned: m.assigned,
      ...(m.status ?? {}),
      why: why(m, facts.asOf),
      criteria: m.nodes.map((n) => ({
        id: n.node.criterion.id,
        path: n.node.path,
        what: criterionLabel(n.node.criterion),
        value: jsonValue(n.value),
        threshold: n.threshold,
        holds: n.holds,
        since: n.since,
        ever_held: n.everHeld,
        ...(n.dependency ? { dependency: n.dependency } : {}),
      })),
    })),
  });
}
