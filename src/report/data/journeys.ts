/**
 * The Journeys section's read: per journey (config order) the accounts at
 * each furthest stage, stage 0 "(none)" included, as `status` summarises them.
 *
 *   await readJourneys(w, project)
 *   -> [{ id: 'lifecycle', name: 'Lifecycle', stages: [{index: 0, stage: '(none)', accounts: 1n}, ...] }]
 */
import type { Project } from '../../definitions/model.js';
import type { JourneyReport } from '../types.js';
import type { Warehouse } from '../../warehouse/session.js';
import { summarizeJourneys } from '../../warehouse/status-summary.js';

export async function readJourneys(w: Warehouse, project: Project): Promise<JourneyReport[]> {
  if (project.journeys.length === 0) return [];
  const stages = await summarizeJourneys(w, project);
  return project.journeys.map((j) => ({
    id: j.id,
    name: j.name,
    stages: stages
      .filter((s) => s.journey === j.id)
      .map((s) => ({ index: s.stage_index, stage: s.stage, accounts: s.accounts })),
  }));
}
