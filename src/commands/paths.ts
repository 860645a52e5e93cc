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
import { readPaths, resultHeader } from '../cx/cx-results.js';
import { RESULT_TABLES } from '../compiler/cx/names.js';
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
  const { rows, header } = await withCurrentResults(project, database, asOf, async (w) => ({
    rows: await readPaths(w, project, journeys),
    header: await resultHeader(w, RESULT_TABLES.paths),
  }));
  const paths = pathRows(rows, format);
  // No path yet: CSV still has its header (it printed an empty line).
  const columns = paths.length === 0 && format === 'csv' ? header : undefined;
  process.stdout.write(format === 'json' ? renderJson({ paths }) : render(paths, format, columns));
  return EXIT_OK;
}
