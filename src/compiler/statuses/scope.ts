/**
 * Which actors a statuses plan evaluates: all (no scope); one account or
 * contact (`explain`, bound as `$1`, the `ms_scope` variable); or the actors
 * an incremental `compute` recomputes (the ids in `_ms_affected`,
 * statuses/incremental.ts). The condition is the same shape either way:
 *
 *   inScope('"account_id"', 'actor')    -> "account_id" = getvariable('ms_scope')
 *   inScope('"account_id"', 'affected') -> CAST("account_id" AS VARCHAR) IN (SELECT "id" FROM "_ms_affected")
 */
import { SCOPE } from './names.js';

export type Scope = 'actor' | 'affected';

/** The ids (accounts and contacts alike) an incremental compute recomputes. */
export const AFFECTED = '_ms_affected';
/** The ids directly affected (a subset of AFFECTED: their accounts and contacts are added to it). */
export const AFFECTED_DIRECT = '_ms_affected_direct';

export function inScope(column: string, scope: Scope): string {
  return scope === 'actor'
    ? `${column} = ${SCOPE}`
    : `CAST(${column} AS VARCHAR) IN (SELECT "id" FROM "${AFFECTED}")`;
}
