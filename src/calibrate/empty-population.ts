/**
 * `calibrate` with no account to compare is a mistake in the options (or the
 * data is too short for them), not a result: a table of dashes and exit 0
 * would read as "no difference". Exit 1 with the flags that fix it.
 */
import { InvalidInputError } from '../errors.js';
import type { PopulationSummary } from './view.js';

/** Throws when no account has a known outcome; says why they were left out and which flags help. */
export function requireComparedAccounts(p: PopulationSummary): void {
  if (p.included > 0) return;
  const left = [
    p.open > 0 ? `${p.open} whose outcome window is not over at T` : '',
    p.unknown > 0 ? `${p.unknown} with the outcome unknown` : '',
    p.unseen > 0 ? `${p.unseen} with no event by T` : '',
  ].filter((s) => s !== '');
  const why = left.length > 0 ? left.join(', ') : 'no account at all';
  const hint =
    p.open > 0
      ? 'first_seen + --observe + within must end by T: shorten them (e.g. --observe 14d --outcome event:NAME:within=30d) or pass a later --as-of'
      : p.unknown > 0
        ? 'use --outcome property:NAME with a boolean property set on the accounts, or --outcome event:NAME[:within=D]'
        : 'load events first (milestones load), or pass a later --as-of';
  throw new InvalidInputError(`calibrate: 0 accounts can be compared (${why})`, [], hint);
}
