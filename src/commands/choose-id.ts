/**
 * The id an analyst named on the command line (a conversion, a cx metric, a
 * journey), checked against the config: none given means all; an unknown one
 * is a usage error (exit 2) with a "did you mean" and the ids that exist.
 *
 *   chooseId('conversion', 'trail_to_customer', ['trial_to_customer'], 'm.yaml')
 *   -> UserError: no conversion "trail_to_customer": did you mean "trial_to_customer"?
 */
import { didYouMean } from '../definitions/suggest.js';
import { EXIT_FAILURE, UserError } from '../errors.js';

export function chooseId(
  what: string,
  id: string | undefined,
  known: string[],
  configPath: string,
): string[] | undefined {
  if (id === undefined) return undefined;
  if (known.includes(id)) return [id];
  const suggestion = didYouMean(id, known);
  throw new UserError(
    `no ${what} "${id}"${suggestion ? `: ${suggestion}` : ''}`,
    EXIT_FAILURE,
    known.length > 0 ? `${what}s in ${configPath}: ${known.join(', ')}` : `${configPath} declares none`,
  );
}
