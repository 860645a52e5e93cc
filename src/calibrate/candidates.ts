/**
 * Which events and windows `calibrate` tries: by default the event names the
 * milestones' criteria use (config order, nested groups included), else
 * `--candidates a,b,c`; windows from a fixed grid, up to the observation
 * period (which is always tried itself).
 *
 *   observe 30d -> [7d, 14d, 30d];  observe 45d -> [7d, 14d, 30d, 45d];  observe 3d -> [3d]
 */
import type { Criterion, Duration, Milestone } from '../definitions/model.js';
import { EXIT_FAILURE, UserError } from '../errors.js';

const DAY = 86_400;
export const WINDOW_GRID_DAYS = [7, 14, 30, 60, 90];

export function windowGrid(observe: Duration): Duration[] {
  const grid = WINDOW_GRID_DAYS.filter((d) => d * DAY <= observe.seconds).map((d) => ({
    seconds: d * DAY,
    text: `${d}d`,
  }));
  if (!grid.some((w) => w.seconds === observe.seconds)) grid.push(observe);
  return grid;
}

function criterionEvents(criterion: Criterion): string[] {
  if (criterion.kind === 'event') return [criterion.event];
  if (criterion.kind === 'all' || criterion.kind === 'any')
    return criterion.children.flatMap(criterionEvents);
  return [];
}

/** The event names the milestones' criteria use, each once, in config order. */
export function milestoneEvents(milestones: Milestone[]): string[] {
  return [...new Set(milestones.flatMap((m) => m.criteria.flatMap(criterionEvents)))];
}

/** `--candidates a,b,c` (trimmed, each once), else the milestones' events. */
export function chooseCandidates(option: string | undefined, milestones: Milestone[]): string[] {
  if (option === undefined) return milestoneEvents(milestones);
  const names = [
    ...new Set(
      option
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
  if (names.length === 0) {
    throw new UserError(
      '--candidates names no event',
      EXIT_FAILURE,
      'e.g. --candidates report_created,dashboard_shared',
    );
  }
  return names;
}
