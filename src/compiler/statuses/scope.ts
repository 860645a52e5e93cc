/**
 * Which actors a statuses plan evaluates: all (no scope), or one account or
 * contact (`explain`, bound as `$1`, the `ms_scope` variable):
 *
 *   inScope('"account_id"') -> "account_id" = getvariable('ms_scope')
 *
 * An incremental `compute` evaluates every actor, rebuilding the ids in
 * `_ms_affected` from their start (statuses/incremental.ts).
 */
import { SCOPE } from './names.js';

export type Scope = 'actor';

/** The ids (accounts and contacts alike) an incremental compute rebuilds from their start. */
export const AFFECTED = '_ms_affected';
/** The ids directly affected (a subset of AFFECTED: their accounts and contacts are added to it). */
export const AFFECTED_DIRECT = '_ms_affected_direct';

/** Whether the actor in `column` is rebuilt from its start: `a."actor_id" IN (SELECT "id" FROM "_ms_affected")`. */
export const rebuilt = (column: string) => `${column} IN (SELECT "id" FROM "${AFFECTED}")`;

/** The condition that keeps the one actor `explain` looks at. */
export function inScope(column: string): string {
  return `${column} = ${SCOPE}`;
}
