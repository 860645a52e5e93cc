/**
 * Checks of `cx:` entries: unique ids, milestones that exist (each listed
 * once), and a scale that fits the metric (CSAT and CES run 1-5 or 1-7; NPS
 * is always 0-10).
 */
import { error, warning, type Finding } from './findings.js';
import { entries, isRecord, str } from './raw.js';
import { checkUnique, unknownMilestone, type MilestoneEntry } from './references.js';

export function checkCx(data: unknown, milestones: MilestoneEntry[], out: Finding[]): void {
  const items = entries(data, 'cx', []);
  const known = milestones.filter((m) => m.named).map((m) => m.id);
  checkUnique(items, 'id', (id) => `cx id "${id}"`, out);
  const sources = isRecord(data) && isRecord(data.sources) ? data.sources : {};
  if (items.length > 0 && sources.surveys === undefined) {
    out.push(
      warning(
        'no-surveys-source',
        'cx metrics read survey responses, but no surveys source is declared',
        ['cx'],
        'declare sources.surveys (a Qualtrics export, CSV or Parquet), or load one with `milestones load surveys PATH`',
        'key',
      ),
    );
  }
  for (const { value, path } of items) {
    if (Array.isArray(value.milestones)) {
      const seen = new Set<string>();
      value.milestones.forEach((id, i) => {
        const at = [...path, 'milestones', i];
        if (typeof id !== 'string') return;
        if (!known.includes(id)) out.push(unknownMilestone(id, at, known));
        if (seen.has(id))
          out.push(error('repeated-milestone', `milestone "${id}" is listed twice`, at, 'list it once'));
        seen.add(id);
      });
    }
    const metric = str(value.metric);
    const scale = value.scale;
    if (metric === 'nps' && scale !== undefined && scale !== 10) {
      out.push(
        error(
          'bad-scale',
          `nps is on a 0-10 scale, not 1-${String(scale)}`,
          [...path, 'scale'],
          'remove scale:',
        ),
      );
    }
    if ((metric === 'csat' || metric === 'ces') && scale === 10) {
      out.push(
        error(
          'bad-scale',
          `${metric} runs 1-5 or 1-7, not 0-10`,
          [...path, 'scale'],
          'use scale: 5 or scale: 7',
        ),
      );
    }
  }
}
