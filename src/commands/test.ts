/**
 * `milestones test [FILES...]`: declarative tests of the definitions, like
 * dbt unit tests (docs/TESTING.md). Each test's rows (survey responses
 * included) go into a fresh in-memory warehouse, the statuses, journeys,
 * conversions and CX metrics are computed as `compute` would, and the
 * expectations are compared. No warehouse file is
 * read or written. Exit 0 when every test passes, 1 when one fails or a
 * test file is invalid, 2 on a usage or runtime error.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { renderText } from '../definitions/diagnostic-report.js';
import { loadProject } from '../definitions/load-definitions.js';
import type { Project } from '../definitions/model.js';
import {
  EXIT_FAILURE,
  EXIT_INVALID,
  EXIT_OK,
  InvalidInputError,
  UserError,
  type Diagnostic,
} from '../errors.js';
import { renderJson } from '../output/format.js';
import { startProgress } from '../output/progress.js';
import { writeError } from '../output/verbosity.js';
import { compareTest } from '../testing/compare.js';
import { renderResultsGithub, renderResultsJunit } from '../testing/ci-report.js';
import { passed, renderResultsText, resultsJson, useColor, type TestResult } from '../testing/report.js';
import { parseTestFile, readTestFile, type DefinitionTest } from '../testing/test-file.js';
import { expandGlobs, runDefinitionTest } from '../testing/run-definition-tests.js';
import { withWarehouseFlags, type WarehouseFlags } from './warehouse-options.js';

export interface TestOptions extends WarehouseFlags {
  config?: string;
  files?: string[];
  format?: 'text' | 'json' | 'github' | 'junit';
}

export const DEFAULT_TEST_FILE = 'milestones.tests.yaml';

/** The files given, globs expanded; else milestones.tests.yaml next to the config. */
async function testFiles(options: TestOptions, configPath: string): Promise<string[]> {
  if (options.files && options.files.length > 0) return expandGlobs(options.files);
  const file = join(dirname(configPath), DEFAULT_TEST_FILE);
  if (!existsSync(file)) {
    throw new UserError(
      `no test file: ${file} does not exist`,
      EXIT_FAILURE,
      `write tests in ${DEFAULT_TEST_FILE} next to the config (see docs/TESTING.md), or pass the files`,
    );
  }
  return [file];
}

/** Every test of every file, or every diagnostic of the files that are invalid. */
function parseAll(files: string[], project: Project) {
  const tests: DefinitionTest[] = [];
  const diagnostics: Diagnostic[] = [];
  const texts = new Map<string, string>();
  for (const file of files) {
    const text = readTestFile(file);
    texts.set(file, text);
    const result = parseTestFile(text, file, project);
    diagnostics.push(...result.diagnostics);
    tests.push(...(result.tests ?? []));
  }
  return { tests, diagnostics, texts };
}

async function runOne(project: Project, test: DefinitionTest): Promise<TestResult> {
  try {
    const run = await runDefinitionTest(project, test);
    return { test, mismatches: compareTest(test, run, project.timezone), errors: [] };
  } catch (error) {
    // Bad data in one test (a value its typed column cannot read) fails that test, not the run.
    if (error instanceof InvalidInputError) return { test, mismatches: [], errors: error.diagnostics };
    throw error;
  }
}

/** The results on stdout in the format asked for (text: ✓/✗ lines). */
function render(format: TestOptions['format'], results: TestResult[], fileErrors: Diagnostic[] = []): string {
  if (format === 'json') return renderJson(resultsJson(results, fileErrors));
  if (format === 'github') return renderResultsGithub(results, fileErrors);
  if (format === 'junit') return renderResultsJunit(results, fileErrors);
  return renderResultsText(results, useColor());
}

export async function run(options: TestOptions): Promise<number> {
  const configPath = options.config ?? 'milestones.yaml';
  const format = options.format ?? 'text';
  let loaded;
  try {
    loaded = loadProject(resolve(configPath));
  } catch (error) {
    // The machine formats report an invalid config on stdout too, where CI reads them (the JSON
    // had been empty, the errors on stderr only; found by review).
    if (format === 'text' || !(error instanceof InvalidInputError)) throw error;
    process.stdout.write(render(format, [], error.diagnostics));
    return EXIT_INVALID;
  }
  // The tests' in-memory warehouses run under the same memory limit, threads and spill folder.
  const project = withWarehouseFlags(loaded, options);
  const { tests, diagnostics, texts } = parseAll(await testFiles(options, configPath), project);
  if (diagnostics.some((d) => d.severity === 'error')) {
    // Text goes to stderr with the offending lines (also under --quiet: they are errors); the machine formats to stdout, where CI reads them.
    if (format === 'text') writeError(renderText(diagnostics, texts));
    else process.stdout.write(render(format, [], diagnostics));
    return EXIT_INVALID;
  }
  const progress = startProgress('running tests');
  const results: TestResult[] = [];
  for (const [i, test] of tests.entries()) {
    progress.update(`test ${i + 1}/${tests.length}: ${test.name}`);
    results.push(await runOne(project, test));
  }
  const ok = results.every(passed);
  if (ok) progress.succeed(`${results.length} tests passed`);
  else progress.fail('some tests failed');
  process.stdout.write(render(format, results));
  return ok ? EXIT_OK : EXIT_INVALID;
}
