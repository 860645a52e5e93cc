/**
 * Progress through compute: human step names, and a total fixed before the
 * first statement that is exactly the number of statements compute runs.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { silent, type Progress } from '../../src/output/progress.js';
import { computeStepCount, stepLabel, stepReporter } from '../../src/output/step-progress.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { computeAll } from '../../src/compute/run-compute.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { withWarehouse } from '../../src/warehouse/session.js';

const project = loadProject(resolve(import.meta.dirname, '..', '..', 'milestones.example.yaml'), {
  onWarnings: () => undefined,
});

describe('stepLabel', () => {
  it('names steps as people read them, not by their temp tables', () => {
    expect(stepLabel('_cv_trial_to_customer__touches', project)).toBe(
      'conversion trial_to_customer: touches',
    );
    expect(stepLabel('_ms_activated__c3_1__deltas', project)).toBe(
      'milestone activated: criterion 3.1 (changes)',
    );
    expect(stepLabel('_ms_user_activated__status', project)).toBe('milestone user_activated: status');
    expect(stepLabel('_cx_nps__metrics', project)).toBe('cx nps: metrics');
    // A group of CX metrics is named after its first metric (compiler/cx/cx-sql.ts).
    expect(stepLabel('_cx_nps__group_responses', project)).toBe('cx nps: group responses');
    expect(stepLabel('_cv_attribution', project)).toBe('conversions: attribution');
    expect(stepLabel('_compute_inputs', project)).toBe('compute inputs');
    expect(stepLabel('milestone_status', project)).toBe('publishing milestone_status');
  });
});

describe('compute progress', () => {
  it('knows its total before the first statement, and ends exactly there', async () => {
    const texts: string[] = [];
    const progress: Progress = { ...silent, update: (t) => texts.push(t) };
    await withWarehouse(':memory:', async (warehouse) => {
      await loadSources(warehouse, project);
      const tables = await readTables(warehouse);
      const total = computeStepCount(project, tables);
      await computeAll(warehouse, project, {
        tables,
        onStatement: stepReporter(progress, project, total).onStatement,
      });
      // Every update says "(k/total)" with the same total, and the last k is the total.
      const counts = texts.map((t) => /\((\d+)\/(\d+)\)$/.exec(t)?.slice(1).map(Number));
      expect(new Set(counts.map((c) => c?.[1]))).toEqual(new Set([total]));
      expect(counts.at(-1)).toEqual([total, total]);
      expect(texts.some((t) => t.includes('_cv_') || t.includes('_compute_inputs'))).toBe(false);
    });
  });
});
