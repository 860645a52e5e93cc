/**
 * The contract between `validate` and `compute` (issue 8, item 11): a config
 * that validate accepts never makes compute fail on well-formed data.
 * Random schema-shaped configs (config-arbitrary.ts: awkward property and
 * event names, filters, windows, periods with instants, conversions) are
 * validated; each one without errors is computed in an in-memory warehouse
 * on a tiny well-formed dataset, the way `milestones test` runs it (the same
 * computeAll as `compute`).
 *
 * Allowed: a UserError that is not a failed SQL step. A failed step (wrapped
 * as `step "..." failed:`) or any other error is a bug: SQL the compiler
 * should never have written for a valid config.
 *
 * Fast by default (a few runs, for CI on a busy 2-core machine); FULL=1 runs
 * many more (nightly, or after touching definitions or the compiler).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseDefinitions } from '../../src/definitions/load-definitions.js';
import { UserError } from '../../src/errors.js';
import { parseAsOf } from '../../src/definitions/as-of.js';
import { asOfArbitrary, configArbitrary, rowsFor } from './config-arbitrary.js';
import { runRows } from './run-config.js';

const FULL = process.env.FULL === '1';
const RUNS = FULL ? 300 : 3;

/** Undefined when compute is fine; the failure otherwise. */
export async function computeFailure(yaml: string, asOf?: string): Promise<string | undefined> {
  const { project } = parseDefinitions(yaml, '/virtual/milestones.yaml');
  if (!project) return undefined; // validate rejected it: nothing to hold compute to
  try {
    const t = asOf === undefined ? undefined : parseAsOf(asOf, project.timezone);
    await runRows(project, rowsFor(project), t);
    return undefined;
  } catch (error) {
    if (error instanceof UserError && !/^step ".*" failed:/.test(error.message)) return undefined;
    return error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
  }
}

describe('validate accepts => compute works', () => {
  it(
    'computes every config validate accepts, on well-formed data',
    { timeout: FULL ? 3_600_000 : 30_000 },
    async () => {
      // Only configs that pass validate count as runs; the rest are skipped (fc.pre).
      await fc.assert(
        fc.asyncProperty(configArbitrary, asOfArbitrary, async (config, asOf) => {
          const yaml = stringify(config);
          fc.pre(parseDefinitions(yaml, '/virtual/milestones.yaml').project !== undefined);
          const failure = await computeFailure(yaml, asOf);
          expect(failure, `as of ${asOf ?? 'the latest event'}, config:\n${yaml}`).toBeUndefined();
        }),
        { numRuns: RUNS, maxSkipsPerRun: 100 },
      );
    },
  );
});
