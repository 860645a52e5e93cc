/**
 * A config and its source files loaded into an in-memory warehouse and
 * computed in full at `asOf`: the achieving actors of each milestone, as
 * "a,b" lists. For semantic tests that go through the loader.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeAll } from '../../src/compute/run-compute.js';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { tempDir } from '../helpers/temp-dir.js';

export async function achievingByMilestone(
  config: string,
  files: Record<string, string>,
  asOf: string,
): Promise<Record<string, string>> {
  const dir = tempDir('milestones-achieving-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'milestones.yaml'), config);
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  try {
    await loadSources(w, project);
    await computeAll(w, project, { asOf, tables: await readTables(w), full: true });
    const rows = await w.all<{ milestone_id: string; actors: string }>(
      `SELECT "milestone_id", string_agg("actor_id", ',' ORDER BY "actor_id") AS "actors"
       FROM "milestone_status" WHERE "status" = 'achieving' GROUP BY 1 ORDER BY 1`,
    );
    return Object.fromEntries(rows.map((r) => [r.milestone_id, r.actors]));
  } finally {
    w.close();
  }
}
