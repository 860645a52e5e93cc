/**
 * Golden SQL of the CX and journey plan (test/golden/cx.sql, for review in
 * diffs): one NPS metric matched by name or window, with Text iQ columns, and
 * a two-stage journey. The same plan is run on a tiny warehouse and one
 * hand-checked number asserted, so the golden file is SQL that works.
 */
import { describe, expect, it } from 'vitest';
import { compileCx, publishCxStatements } from '../../src/compiler/cx/plan.js';
import { renderPlan } from '../../src/compiler/statuses/plan.js';
import type { CxMetric, Journey } from '../../src/definitions/model.js';
import { computeCx, days, milestone, project, rows, warehouseWith } from './harness.js';

const nps: CxMetric = {
  id: 'nps',
  name: 'NPS',
  metric: 'nps',
  question: 'Q1',
  scale: 10,
  milestones: ['setup', 'activated'],
  survey: 'SV_1',
  window: days(14),
  namedBy: 'milestone',
  topics: 'Q4_Topics',
  sentiment: 'Q4_Sentiment',
};
const life: Journey = {
  id: 'life',
  name: 'Life',
  stages: ['setup', 'paid'],
  period: { kind: 'range', from: '2026-01-01', to: '2026-03-31' },
  exitedWithin: days(7),
};
const p = project({
  milestones: [milestone('setup'), milestone('activated', 'contact')],
  cx: [nps],
  journeys: [life],
});

describe('golden SQL: cx and journeys', () => {
  it('compiles to the reviewed SQL, which runs', async () => {
    const surveys = [
      { name: 'respondent_id', type: 'VARCHAR' },
      { name: 'account_id', type: 'VARCHAR' },
      { name: 'contact_id', type: 'VARCHAR' },
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'survey_id', type: 'VARCHAR' },
      { name: 'response_id', type: 'VARCHAR' },
      { name: 'question_id', type: 'VARCHAR' },
      { name: 'value', type: 'DOUBLE' },
      { name: 'topics', type: 'VARCHAR' },
      { name: 'sentiment', type: 'VARCHAR' },
      { name: 'Q1', type: 'INTEGER' },
      { name: 'properties', type: 'JSON' },
    ];
    const plan = compileCx(p, { asOf: '2026-04-01 00:00:00', tables: { events: [], surveys } });
    plan.statements.push(...publishCxStatements());
    await expect(renderPlan(plan)).toMatchFileSnapshot('../golden/cx.sql');

    const w = await warehouseWith({
      statuses: [['setup', 'account', 'acme', 'acme', '2026-01-10 00:00:00']],
      surveyColumns: { Q1: 'INTEGER' },
      responses: [
        // Named "setup": counts. Within 14d of acme's setup, naming nothing: counts. Survey SV_2: left out.
        {
          response_id: 'R1',
          account_id: 'acme',
          ts: '2026-01-11 00:00:00',
          survey_id: 'SV_1',
          Q1: 10,
          properties: { milestone: 'setup' },
        },
        { response_id: 'R2', account_id: 'acme', ts: '2026-01-12 00:00:00', survey_id: 'SV_1', Q1: 0 },
        { response_id: 'R3', account_id: 'acme', ts: '2026-01-12 00:00:00', survey_id: 'SV_2', Q1: 0 },
      ],
    });
    await computeCx(w, p, '2026-04-01 00:00:00');
    // setup: a promoter (10) and a detractor (0): NPS 100 * (1 - 1) / 2 = 0, 2 responses.
    expect(await rows(w, "SELECT responses, nps FROM cx_metrics WHERE milestone_id = 'setup'")).toEqual([
      { responses: 2, nps: 0 },
    ]);
  });
});
