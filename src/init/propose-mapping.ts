/**
 * Which file column is which canonical column, guessed from names and types
 * (pure). A column scores by its name (exact names first, then names that
 * contain a telling word) and, for `ts`, by a time type first; each column is used
 * for one role at most.
 *
 *   [occurred_at TIMESTAMP, account VARCHAR, user_id VARCHAR, event_name VARCHAR]
 *   -> {ts: 'occurred_at', account_id: 'account', contact_id: 'user_id', event: 'event_name'}
 */
import type { SampledColumn } from './sample-events.js';

export type Role = 'ts' | 'account_id' | 'contact_id' | 'event';

export const ROLES: Role[] = ['ts', 'event', 'account_id', 'contact_id'];

export type Mapping = Partial<Record<Role, string>>;

/** Exact names (best first), then words a name may contain. */
const NAMES: Record<Role, { exact: string[]; words: string[] }> = {
  ts: {
    exact: ['ts', 'timestamp', 'occurred_at', 'event_time', 'time', 'created_at', 'datetime', 'date'],
    words: ['timestamp', 'time', '_at', 'date'],
  },
  account_id: {
    exact: [
      'account_id',
      'account',
      'company_id',
      'company',
      'org_id',
      'organization_id',
      'organisation_id',
      'workspace_id',
      'tenant_id',
      'group_id',
      'customer_id',
      'team_id',
    ],
    words: ['account', 'company', 'org', 'workspace', 'tenant', 'customer', 'group', 'team'],
  },
  contact_id: {
    exact: [
      'contact_id',
      'user_id',
      'contact',
      'user',
      'person_id',
      'distinct_id',
      'member_id',
      'email',
      'visitor_id',
      'anonymous_id',
    ],
    words: ['contact', 'user', 'person', 'member', 'email', 'visitor'],
  },
  event: {
    exact: ['event', 'event_name', 'event_type', 'name', 'action', 'type', 'activity'],
    words: ['event', 'action', 'activity'],
  },
};

const TIME_TYPE = /^(TIMESTAMP|DATE)/i;

/**
 * A name that only contains an id's word is an id when its last part says
 * so (`customer_uuid`, `user_email`) or it is one word (`userid`):
 * `user_agent` had been mapped to contact_id, so `count: contacts` would
 * have counted browsers (found by review).
 */
function idLike(name: string): boolean {
  const parts = name.split(/[^a-z0-9]+/).filter(Boolean);
  return parts.length === 1 || /(id|key|uuid|email)$/.test(parts[parts.length - 1] ?? '');
}

function score(role: Role, column: SampledColumn): number {
  const name = column.name.toLowerCase();
  const { exact, words } = NAMES[role];
  const exactAt = exact.indexOf(name);
  const word = words.some((w) => name.includes(w)) && (role === 'ts' || role === 'event' || idLike(name));
  let points = exactAt >= 0 ? 100 - exactAt : word ? 20 : 0;
  if (role === 'ts') {
    // A typed time beats any name, and a timestamp a date (`event_date` had won over
    // `event_timestamp`, putting every event at midnight; found by review).
    if (/^TIMESTAMP/i.test(column.type)) points += 300;
    else if (TIME_TYPE.test(column.type)) points += 150;
    else if (!/VARCHAR/i.test(column.type)) return 0; // a number or boolean is not a time
  } else if (TIME_TYPE.test(column.type)) return 0; // ids and names are not times
  return points;
}

/** The best column for each role, each column used once; roles with no candidate are left out. */
export function proposeMapping(columns: SampledColumn[]): Mapping {
  const mapping: Mapping = {};
  const used = new Set<string>();
  for (const role of ROLES) {
    let best: { name: string; points: number } | undefined;
    for (const column of columns) {
      if (used.has(column.name)) continue;
      const points = score(role, column);
      if (points > 0 && (best === undefined || points > best.points)) best = { name: column.name, points };
    }
    if (best) {
      mapping[role] = best.name;
      used.add(best.name);
    }
  }
  return mapping;
}
