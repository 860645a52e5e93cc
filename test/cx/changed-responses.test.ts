/**
 * A full `compute` over a stored `cx_responses` publishes only the rows that
 * changed (compiler/cx/plan.ts, publishChangedResponses): rows no longer
 * matched are deleted, new matches inserted, kept rows get the new as_of,
 * and the table ends equal to one fresh full compute's.
 *
 * setup is any `a` (account level); nps counts a response in the 30 days
 * after its contact's account reached setup.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { computeAll } from '../../src/compute/run-compute.js';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { removeDir, tempDir } from '../helpers/temp-dir.js';

const CONFIG = `version: 1
timezone: UTC
sources:
  events:
    path: events/*.csv
    columns: {ts: occurred_at, account_id: account, contact_id: contact, event: event_name}
  contacts:
    path: contacts.csv
    columns: {contact_id: contact, account_id: account}
  surveys:
    path: surveys.csv
    respondent: contact
    columns: {respondent_id: contact, ts: answered_at, response_id: response}
    properties: {Q1: INTEGER}
milestones:
  - id: setup
    name: Setup
    criteria: [{event: a}]
cx:
  - id: nps
    metric: nps
    question: Q1
    milestones: [setup]
    window: 30d
`;

// Run 1 (T 01-10): acme and initech reach setup on 01-02; globex never does.
const FIRST =
  'occurred_at,account,contact,event_name\n2026-01-02 00:00:00,acme,c1,a\n2026-01-02 00:00:00,initech,c5,a\n2026-01-08 00:00:00,globex,c2,b\n';
// Run 2 (T 01-15) adds: globex's `a` of 01-04, and acme's of 2025-11-01 (its setup moves there).
const SECOND =
  'occurred_at,account,contact,event_name\n2026-01-04 00:00:00,globex,c2,a\n2025-11-01 00:00:00,acme,c1,a\n';
const SURVEYS = `contact,answered_at,response,Q1
c1,2026-01-03 00:00:00,R1,9
c2,2026-01-05 00:00:00,R2,3
c5,2026-01-03 00:00:00,R8,10
`;
const MATCHED = `SELECT response_id, milestone_id, CAST(as_of AS VARCHAR) AS as_of
  FROM cx_responses WHERE milestone_id IS NOT NULL ORDER BY response_id`;

it('deletes the rows no longer matched, inserts the new ones, and moves as_of on the kept ones', async () => {
  const { dir, w, names, run, close } = await setUp();
  const fresh = await Warehouse.open(':memory:');
  try {
    await run('2026-01-10 00:00:00');
    // R1 (acme, 01-03) and R8 (initech, 01-03) are in setup's window [01-02, 02-01]; R2's globex has no setup.
    expect(await w.all(MATCHED)).toEqual([
      { response_id: 'R1', milestone_id: 'setup', as_of: '2026-01-10 00:00:00' },
      { response_id: 'R8', milestone_id: 'setup', as_of: '2026-01-10 00:00:00' },
    ]);
    writeFileSync(join(dir, 'events', 'e2.csv'), SECOND);
    names.length = 0;
    await run('2026-01-15 00:00:00');
    // The second run wrote only the changed rows.
    expect(names).toContain('cx_responses__retire');
    // acme's setup moved to 2025-11-01: its window ends 2025-12-01, so R1 (01-03) leaves.
    // globex reached setup on 01-04: R2 (01-05) enters. R8 stays, with the new as_of.
    expect(await w.all(MATCHED)).toEqual([
      { response_id: 'R2', milestone_id: 'setup', as_of: '2026-01-15 00:00:00' },
      { response_id: 'R8', milestone_id: 'setup', as_of: '2026-01-15 00:00:00' },
    ]);
    // Every row, matched or not, equals what one full compute over both files publishes.
    await run('2026-01-15 00:00:00', fresh);
    const all = 'SELECT * FROM cx_responses ORDER BY ALL';
    expect(await w.all(all)).toEqual(await fresh.all(all));
  } finally {
    fresh.close();
    close();
  }
});

it('replaces a stored cx_responses of other columns (an older layout) instead of comparing with it', async () => {
  const { w, run, close } = await setUp();
  try {
    await w.run(`CREATE TABLE cx_responses AS SELECT 'nps' AS cx_id, 'R0' AS response_id`);
    await run('2026-01-10 00:00:00');
    // The run's own layout, with run 1's two matches (R1, R8; see above) and no R0.
    expect((await w.columns('cx_responses')).map((c) => c.name)).toContain('matched_by');
    expect(await w.all(MATCHED)).toEqual([
      { response_id: 'R1', milestone_id: 'setup', as_of: '2026-01-10 00:00:00' },
      { response_id: 'R8', milestone_id: 'setup', as_of: '2026-01-10 00:00:00' },
    ]);
  } finally {
    close();
  }
});

it('writes the table whole when a survey row has no place (written by hand into the table)', async () => {
  const { w, names, run, close } = await runOne();
  try {
    // A copy of R8's row without a place: two identical published rows could pair up wrongly.
    await w.run(`INSERT INTO survey_responses SELECT * REPLACE (NULL AS _file, NULL AS _line, NULL AS _row, NULL AS response_id)
      FROM survey_responses WHERE response_id = 'R8'`);
    names.length = 0;
    await run();
    expect(names).not.toContain('cx_responses__retire');
    // R8 and its id-less copy (a response of its own) are both matched to setup.
    expect((await w.all(MATCHED)).map((r) => r.response_id)).toEqual(['R1', 'R8', null]);
  } finally {
    close();
  }
});

it('writes the table whole over an empty stored cx_responses', async () => {
  const { w, names, run, close } = await runOne();
  try {
    await w.run('DELETE FROM cx_responses');
    names.length = 0;
    await run();
    expect(names).not.toContain('cx_responses__retire');
    // Run 1's matches again (R1, R8; see the first test).
    expect((await w.all(MATCHED)).map((r) => r.response_id)).toEqual(['R1', 'R8']);
  } finally {
    close();
  }
});

/**
 * Run 1's files in a temp dir and a warehouse `w`. `compute` computes in full
 * at T into `w` (or `into`), recording statement names; `run` loads the
 * files first; `close` closes `w` and removes the dir.
 */
async function setUp() {
  const dir = tempDir('milestones-cx-changed-');
  mkdirSync(join(dir, 'events'));
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  writeFileSync(join(dir, 'contacts.csv'), 'contact,account\nc1,acme\nc2,globex\nc5,initech\n');
  writeFileSync(join(dir, 'surveys.csv'), SURVEYS);
  writeFileSync(join(dir, 'events', 'e1.csv'), FIRST);
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  const names: string[] = [];
  const compute = async (asOf: string, into: Warehouse = w) =>
    computeAll(into, project, {
      asOf,
      full: true,
      tables: await readTables(into),
      onStatement: (s) => void names.push(s.name),
    });
  const run = async (asOf: string, into: Warehouse = w) => {
    await loadSources(into, project);
    await compute(asOf, into);
  };
  const close = () => {
    w.close();
    removeDir(dir);
  };
  return { dir, w, names, compute, run, close };
}

/** setUp, loaded and computed at 01-10; `run` computes again at 01-10 without loading. */
async function runOne() {
  const setup = await setUp();
  await setup.run('2026-01-10 00:00:00');
  return { ...setup, run: () => setup.compute('2026-01-10 00:00:00') };
}
