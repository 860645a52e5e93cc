/**
 * `--milestone ID`, shared by compile and explain: an unknown id is a usage
 * error (exit 2) with a "did you mean" or the list of ids.
 */
import type { Project } from '../definitions/model.js';
import { didYouMean } from '../definitions/suggest.js';
import { EXIT_FAILURE, UserError } from '../errors.js';

export function requireMilestone(project: Project, id: string | undefined): void {
  const ids = project.milestones.map((m) => m.id);
  if (id === undefined || ids.includes(id)) return;
  throw new UserError(
    `unknown milestone "${id}"`,
    EXIT_FAILURE,
    didYouMean(id, ids) ?? `milestones: ${ids.join(', ') || 'none'}`,
  );
}
