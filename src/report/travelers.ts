/**
 * Section 5b: journey travelers per stage (`journey_travelers`: entered,
 * exited, time in the milestone, actions) and the most common paths
 * previous → milestone → next (`journey_paths`). Rendered only when a table
 * exists (the caller passes undefined otherwise).
 */
import { formatDuration } from './durations.js';
import { markup, type Html } from './escape.js';
import { formatCount, formatNumber } from './numbers.js';
import { col, section, table } from './page.js';
import type { JourneyPathRow, TravelerRow } from './types.js';

const START = '(start)';
const NOT_YET = '(not yet)';

export function travelersTable(rows: TravelerRow[]): Html {
  return table(
    [
      col('journey'),
      col('stage', true),
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

/**
 * Each row is one step of the paths: actors who came to a stage from another
 * (or started there) and went on to the next (or not yet), as `milestones
 * paths` prints them; the Journeys section draws them as a Sankey.
 */
export function pathsTable(rows: JourneyPathRow[]): Html {
  return table(
    [col('journey'), col('came from'), col('stage'), col('went on to'), col('actors', true)],
    rows.map((r) => [
      r.journeyId,
      r.previousId ?? START,
      r.milestoneId,
      r.nextId ?? NOT_YET,
      formatCount(r.actors),
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
    parts.push(markup`<h3>Steps of the paths (most travelled first)</h3>
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
