/**
 * `milestones cx [ID]`: survey metrics per milestone (CSAT, CES, NPS, with
 * the overall row first), the most mentioned Text iQ topics with their
 * sentiment, then the journeys' travelers (entered, exited, time in
 * milestone, actions). Computes first when the stored results are stale.
 */
import { resolve } from 'node:path';
import { parseAsOf } from '../definitions/as-of.js';
import { loadProject } from '../definitions/load-definitions.js';
import type { Project } from '../definitions/model.js';
import { EXIT_FAILURE, EXIT_OK, UserError } from '../errors.js';
import { render, renderJson, resolveFormat } from '../output/format.js';
import { chooseTable, renderChosen } from '../output/table-choice.js';
import { readCxMetrics, readCxTopics, readTravelers, resultHeader } from '../cx/cx-results.js';
import { RESULT_TABLES } from '../compiler/cx/names.js';
import { chooseId } from './choose-id.js';
import { metricRows, topicRows, travelerRows } from './cx-view.js';
import { withCurrentResults } from './stored-results.js';
import { warehouseTarget, type WarehouseFlags } from './warehouse-options.js';

export interface CxOptions extends WarehouseFlags {
  config?: string;
  db?: string;
  id?: string;
  asOf?: string;
  topics?: string;
  format?: string;
  table?: string;
}

function chooseIds(project: Project, id: string | undefined): string[] | undefined {
  const known = project.cx.map((c) => c.id);
  if (known.length === 0 && project.journeys.length === 0) {
    throw new UserError(
      `${project.configPath} declares no cx metrics and no journeys`,
      EXIT_FAILURE,
      'add a cx: section linking survey questions to milestones (docs/LANGUAGE.md)',
    );
  }
  return chooseId('cx metric', id, known, project.configPath);
}

function topicLimit(text: string | undefined): number {
  if (text === undefined) return 10;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new UserError(`--topics "${text}" is not a positive whole number`, EXIT_FAILURE, 'e.g. --topics 5');
  }
  return n;
}

export async function run(options: CxOptions): Promise<number> {
  const project = loadProject(resolve(options.config ?? 'milestones.yaml'));
  const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf, project.timezone);
  const ids = chooseIds(project, options.id);
  const limit = topicLimit(options.topics);
  const format = resolveFormat(options.format);
  const table = chooseTable('cx', options.table);
  const database = warehouseTarget(options, project);
  const result = await withCurrentResults(project, database, asOf, async (w) => ({
    metrics: await readCxMetrics(w, project, ids),
    topics: await readCxTopics(w, project, ids, limit),
    travelers: ids === undefined ? await readTravelers(w, project) : [],
    // An empty table's CSV header (it printed nothing): the stored tables' columns.
    headers: {
      metrics: await resultHeader(w, RESULT_TABLES.metrics),
      topics: await resultHeader(w, RESULT_TABLES.topics),
      travelers: await resultHeader(w, RESULT_TABLES.travelers),
    },
  }));
  const metrics = metricRows(result.metrics, format);
  const topics = topicRows(result.topics, format);
  const travelers = travelerRows(result.travelers, format);
  if (format === 'json') {
    process.stdout.write(renderJson({ metrics, topics, travelers }));
    return EXIT_OK;
  }
  if (format === 'csv' || table !== undefined) {
    // One table per stream: the metrics, or the table --table names.
    const { headers } = result;
    const tables = {
      metrics: { rows: metrics, header: headers.metrics },
      topics: { rows: topics, header: headers.topics },
      travelers: { rows: travelers, header: headers.travelers },
    };
    process.stdout.write(renderChosen('cx', tables, table, format));
    return EXIT_OK;
  }
  const parts = [metrics, topics, travelers]
    .filter((rows) => rows.length > 0)
    .map((rows) => render(rows, format));
  process.stdout.write(parts.join('\n'));
  return EXIT_OK;
}
