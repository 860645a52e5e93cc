/**
 * Every check that needs more than one value at a time. They read the raw
 * data defensively, so they run even when the schema found errors and one
 * `validate` run reports every mistake in the file.
 */
import { checkConversions, checkJourneys } from './conversion-checks.js';
import { checkMilestone } from './criteria-checks.js';
import { checkCx } from './cx-checks.js';
import type { Finding } from './findings.js';
import { checkMilestones } from './references.js';
import { checkSources } from './sources.js';

export function checkSemantics(data: unknown): Finding[] {
  const out: Finding[] = [];
  checkSources(data, out);
  const milestones = checkMilestones(data, out);
  for (const m of milestones) checkMilestone(m, out);
  checkJourneys(data, milestones, out);
  checkConversions(data, milestones, out);
  checkCx(data, milestones, out);
  return out;
}
