/**
 * `milestones paths [JOURNEY]`: per journey, how many actors came to each
 * stage from which one and went on to which one, in the order they actually
 * reached them ("(start)": it was the first stage they reached; "(not yet)":
 * none after it). Computes first when the stored results are stale.
 */
import { resolve } from 'node:path';
import { parseAsOf } from '../definitions/as-of.js';
import { loadProject } from '../definitions/load-definitions.js';
import { EXIT_FAILURE, EXIT_OK, UserError } from '../errors.js';
import { render, renderJson, resolveFormat } from '../output/format.js';
import { readPaths } from '../cx/cx-results.js';
import { chooseId } from './choose-id.js';
import { pathRows } from './cx-view.js';
import { withCurrentResults } from './stored-results.js';
import { warehouseTarget, type WarehouseFlags } from './warehouse-options.js';

export interface PathsOptions extends WarehouseFlags {
  config?: string;
  db?: string;
  journey?: string;
  asOf?: string;
  format?: string;
}

export async function run(options: PathsOptions): Promise<number> {
  const project = loadProject(resolve(options.config ?? 'milestones.yaml'));
  const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf, project.timezone);
  const known = project.journeys.map((j) => j.id);
  if (known.length === 0) {
    throw new UserError(
      `${project.configPath} declares no journeys`,
      EXIT_FAILURE,
      'add a journeys: section',
    );
  }
  const journeys = chooseId('journey', options.journey, known, project.configPath);
  const format = resolveFormat(options.format);
  const database = warehouseTarget(options, project);
  const rows = await withCurrentResults(project, database, asOf, (w) => readPaths(w, project, journeys));
  const paths = pathRows(rows, format);
  process.stdout.write(format === 'json' ? renderJson({ paths }) : render(paths, format));
  return EXIT_OK;
}
