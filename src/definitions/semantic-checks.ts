/**
 * Every check that needs more than one value at a time. They read the raw
 * data defensively, so they run even when the schema found errors and one
 * `validate` run reports every mistake in the file.
 */
import { checkConversions, checkJourneys } from './conversion-checks.js';
import { checkMilestone } from './criteria-checks.js';
import { checkFilterValues } from './filter-value-checks.js';
import { checkCx } from './cx-checks.js';
import { warning, type Finding } from './findings.js';
import { isRecord } from './raw.js';
import { checkMilestones } from './references.js';
import { checkSourceSettings } from './source-settings-checks.js';
import { checkSources } from './sources.js';
import { checkText } from './text-checks.js';

export function checkSemantics(data: unknown): Finding[] {
  const out: Finding[] = [];
  checkText(data, out);
  checkSources(data, out);
  checkSourceSettings(data, out);
  const milestones = checkMilestones(data, out);
  for (const m of milestones) checkMilestone(m, out);
  checkJourneys(data, milestones, out);
  checkConversions(data, milestones, out);
  checkCx(data, milestones, out);
  checkFilterValues(data, out);
  checkTimezoneProperty(data, out);
  return out;
}

/** `timezone_property` is read from the accounts table: without an accounts source it can change nothing. */
function checkTimezoneProperty(data: unknown, out: Finding[]): void {
  if (!isRecord(data) || typeof data.timezone_property !== 'string') return;
  const sources = isRecord(data.sources) ? data.sources : {};
  if (sources.accounts !== undefined) return;
  out.push(
    warning(
      'no-accounts-source',
      'timezone_property is an account property, but no accounts source is declared',
      ['timezone_property'],
      'declare sources.accounts with that column, or remove timezone_property',
    ),
  );
}
