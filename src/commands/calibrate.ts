/**
 * `milestones calibrate --outcome SPEC`: Intercom's framework review. Per
 * milestone, the outcome rate of achievers against non-achievers with 95%
 * Wilson intervals; per candidate event, the window and threshold that best
 * separate the outcome with a random forest's importance; then a YAML
 * suggestion for the top candidates. Computes first when the stored results
 * are stale. The method is in docs/CALIBRATE.md.
 */
import { resolve } from 'node:path';
import { analyse, type Analysis } from '../calibrate/analyse.js';
import { requireComparedAccounts } from '../calibrate/empty-population.js';
import { chooseCandidates, windowGrid } from '../calibrate/candidates.js';
import { DEFAULT_FOREST } from '../calibrate/forest.js';
import { DEFAULT_OBSERVE, describeOutcome, parseDurationOption, parseOutcome } from '../calibrate/outcome.js';
import {
  candidateRows,
  forestLine,
  milestoneRows,
  populationLines,
  type PopulationSummary,
} from '../calibrate/view.js';
import { STATES } from '../compiler/calibrate-sql.js';
import { parseAsOf } from '../definitions/as-of.js';
import { loadProject } from '../definitions/load-definitions.js';
import { EXIT_OK } from '../errors.js';
import { render, renderJson, resolveFormat, type OutputFormat } from '../output/format.js';
import { fitText } from '../output/fit-table.js';
import { chooseTable, renderChosen, type TableName } from '../output/table-choice.js';
import {
  checkCalibrationEvents,
  readCalibration,
  type CalibrateData,
  type CalibrateRequest,
} from '../calibrate/run-calibrate.js';
import { withCurrentResults } from './stored-results.js';
import { warehouseTarget, type WarehouseFlags } from './warehouse-options.js';
import { isoFromNaiveUtc } from '../compiler/time.js';

export interface CalibrateOptions extends WarehouseFlags {
  config?: string;
  db?: string;
  outcome?: string;
  observe?: string;
  candidates?: string;
  asOf?: string;
  format?: string;
  table?: string;
}

/** Rows of the feature matrix the forest sees at most (chosen by a hash of the account id). */
export const SAMPLE_LIMIT = 50_000;

function summarise(data: CalibrateData): PopulationSummary {
  const of = (state: string) => data.population.find((p) => p.state === state);
  return {
    included: of(STATES.included)?.accounts ?? 0,
    positives: of(STATES.included)?.positives ?? 0,
    open: of(STATES.open)?.accounts ?? 0,
    unknown: of(STATES.unknown)?.accounts ?? 0,
    unseen: of(STATES.unseen)?.accounts ?? 0,
  };
}

function print(
  analysis: Analysis,
  caption: string[],
  format: OutputFormat,
  table?: TableName<'calibrate'>,
): void {
  const milestones = milestoneRows(analysis, format);
  const candidates = candidateRows(analysis, format);
  const forest = forestLine(analysis, DEFAULT_FOREST.seed);
  if (format === 'table' && table === undefined) {
    const parts = [fitText(caption.join('\n') + '\n'), render(milestones, format)];
    if (candidates.length > 0) parts.push(fitText(forest) + '\n' + render(candidates, format));
    if (analysis.snippet !== '')
      parts.push('# suggested milestones (paste under milestones:)\n' + analysis.snippet);
    process.stdout.write(parts.join('\n'));
    return;
  }
  // One table on stdout (the milestones, or the one --table names); the captions and the YAML go to stderr.
  for (const line of [...caption, forest]) process.stderr.write(`note: ${line}\n`);
  const tables = { milestones: { rows: milestones }, candidates: { rows: candidates } };
  process.stdout.write(renderChosen('calibrate', tables, table, format === 'json' ? 'csv' : format));
  if (analysis.snippet !== '') process.stderr.write('# suggested milestones\n' + analysis.snippet);
}

export async function run(options: CalibrateOptions): Promise<number> {
  const project = loadProject(resolve(options.config ?? 'milestones.yaml'));
  // Checked before any work: bad options are usage errors (exit 2) that change nothing.
  const outcome = parseOutcome(options.outcome);
  const observe =
    options.observe === undefined ? DEFAULT_OBSERVE : parseDurationOption(options.observe, '--observe');
  const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf, project.timezone);
  const candidates = chooseCandidates(options.candidates, project.milestones);
  const format = resolveFormat(options.format);
  const table = chooseTable('calibrate', options.table);
  const request: CalibrateRequest = {
    ...(asOf !== undefined ? { asOf } : {}),
    outcome,
    observe,
    milestones: project.milestones.map((m) => ({ id: m.id, level: m.level })),
    candidates,
    windows: windowGrid(observe),
    sampleLimit: SAMPLE_LIMIT,
  };
  const database = warehouseTarget(options, project);
  const data = await withCurrentResults(
    project,
    database,
    asOf,
    (w) => readCalibration(w, request),
    (w) => checkCalibrationEvents(w, request),
  );
  const population = summarise(data);
  requireComparedAccounts(population);
  const analysis = analyse({
    milestones: project.milestones,
    counts: data.milestones,
    candidates,
    windows: request.windows,
    histograms: data.histograms,
    sample: data.sample,
    matrixAccounts: data.matrixAccounts,
    included: population.included,
    taken: { ids: project.milestones.map((m) => m.id), names: project.milestones.map((m) => m.name) },
  });
  const asOfText = isoFromNaiveUtc(data.asOf);
  if (format === 'json') {
    process.stdout.write(
      renderJson({
        as_of: asOfText,
        outcome: { ...outcome, observe: observe.text },
        population,
        milestones: milestoneRows(analysis, format),
        candidates: candidateRows(analysis, format),
        forest: { ...analysis.forest, seed: DEFAULT_FOREST.seed },
        snippet: analysis.snippet,
      }),
    );
    return EXIT_OK;
  }
  const lines = populationLines(describeOutcome(outcome, observe), asOfText, population);
  print(analysis, lines, format, table);
  return EXIT_OK;
}
