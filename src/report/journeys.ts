/**
 * Section 3: per journey, the accounts at each furthest stage (stage 0:
 * reached none), with a bar per stage on one scale (the journey's accounts).
 */
import { markup, type Html } from './escape.js';
import { formatCount, formatPercent, share } from './numbers.js';
import { col, section, table, titled } from './page.js';
import { bar } from './svg.js';
import type { JourneyReport } from './types.js';

export function journeyTable(journey: JourneyReport, names: ReadonlyMap<string, string>): Html {
  const total = journey.stages.reduce((sum, s) => sum + s.accounts, 0n);
  const rows = journey.stages.map((s) => [
    String(s.index),
    s.index === 0 ? s.stage : titled(names.get(s.stage) ?? s.stage, s.stage),
    formatCount(s.accounts),
    formatPercent(s.accounts, total),
    bar(share(s.accounts, total), { label: `${formatCount(s.accounts)} of ${formatCount(total)}` }),
  ]);
  return table(
    [col('#', true), col('furthest stage'), col('accounts', true), col('share', true), col('')],
    rows,
  );
}

export function renderJourneys(journeys: JourneyReport[], names: ReadonlyMap<string, string>): Html {
  const body = journeys.map(
    (j) => markup`<h3>${titled(j.name, j.id)}</h3>
${journeyTable(j, names)}`,
  );
  return section('journeys', 'Journeys', body);
}
