/**
 * Section 5b: journey travelers per stage (`journey_travelers`: entered,
 * exited, time in the milestone, actions) and the most common paths
 * previous → milestone → next (`journey_paths`). Rendered only when a table
 * exists (the caller passes undefined otherwise).
 */
import { formatDuration } from './durations.js';
import { markup, type Html } from './escape.js';
import { formatCount, formatNumber, share } from './numbers.js';
import { col, section, table } from './page.js';
import { bar } from './svg.js';
import type { JourneyPathRow, TravelerRow } from './types.js';

const START = '(start)';
const END = '(end)';

export function travelersTable(rows: TravelerRow[]): Html {
  return table(
    [
      col('journey'),
      col('#', true),
      col('milestone'),
      col('entered', true),
      col('exited', true),
      col('exited recently', true),
      col('mean time in it', true),
      col('median time in it', true),
      col('actions', true),
    ],
    rows.map((r) => [
      r.journeyId,
      String(r.stageIndex),
      r.milestoneId,
      formatCount(r.entered),
      formatCount(r.exited),
      formatCount(r.exitedRecent),
      formatDuration(r.secondsMean),
      formatDuration(r.secondsMedian),
      formatNumber(r.actions, Number.isInteger(r.actions) ? 0 : 1),
    ]),
  );
}

export function pathsTable(rows: JourneyPathRow[]): Html {
  // One scale per journey: the most travelled path of that journey is a full bar.
  const max = new Map<string, bigint>();
  for (const r of rows) if (r.actors > (max.get(r.journeyId) ?? 0n)) max.set(r.journeyId, r.actors);
  return table(
    [col('journey'), col('path'), col('actors', true), col('')],
    rows.map((r) => [
      r.journeyId,
      `${r.previousId ?? START} → ${r.milestoneId} → ${r.nextId ?? END}`,
      formatCount(r.actors),
      bar(share(r.actors, max.get(r.journeyId) ?? 0n), { label: `${formatCount(r.actors)} actors` }),
    ]),
  );
}

/** Undefined when neither table exists: the section is left out. */
export function renderTravelers(travelers?: TravelerRow[], paths?: JourneyPathRow[]): Html | undefined {
  if (travelers === undefined && paths === undefined) return undefined;
  const parts: Html[] = [];
  if (travelers !== undefined) {
    parts.push(markup`<h3>Travelers per stage</h3>
`);
    parts.push(
      travelers.length > 0
        ? travelersTable(travelers)
        : markup`<p class="note">No travelers.</p>
`,
    );
  }
  if (paths !== undefined) {
    parts.push(markup`<h3>Paths (most travelled first)</h3>
`);
    parts.push(
      paths.length > 0
        ? pathsTable(paths)
        : markup`<p class="note">No paths.</p>
`,
    );
  }
  return section('travelers', 'Journey travelers', parts);
}
