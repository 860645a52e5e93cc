/**
 * Which actors a statuses plan evaluates: all (no scope), or one account or
 * contact (`explain`, bound as `$1`, the `ms_scope` variable):
 *
 *   inScope('"account_id"', 'actor') -> "account_id" = getvariable('ms_scope')
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

export function inScope(column: string, _scope: Scope): string {
  return `${column} = ${SCOPE}`;
}
