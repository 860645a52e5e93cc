/**
 * CX continued from the last run's rows (compiler/cx/incremental.ts), worked
 * by hand: the second run rebuilds only the respondents with a survey row in
 * (T0, T] and those whose completion changed, keeps the others' published
 * rows, and publishes what a full compute publishes.
 *
 * Contacts c1, c3, c4 of acme and c2 of globex; setup is any `a` (account level);
 * nps counts responses in the 30 days after the respondent's account reached
 * setup. T0 = 01-10, T = 01-15.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { RunMode } from '../../src/compute/run-compute.js';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { loadAndCompute } from '../helpers/load-and-compute.js';
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
    properties: {Q1: INTEGER, tags: VARCHAR}
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
    topics: tags
`;

// acme reaches setup on 01-02; globex's `a` of 01-04 arrives late, in the second file.
const FIRST =
  'occurred_at,account,contact,event_name\n2026-01-02 00:00:00,acme,c1,a\n2026-01-08 00:00:00,globex,c2,b\n';
const LATE =
  'occurred_at,account,contact,event_name\n2026-01-04 00:00:00,globex,c2,a\n2026-01-14 00:00:00,acme,c1,b\n';
// R1 before T0; R2 before T0 but globex had not reached setup then; R3 in (T0, T]; R5 a row
// without an answer before T0 and one with 6 after it; R6 (7) before T0 by R5's contact; R4 after T.
const SURVEYS = `contact,answered_at,response,Q1,tags
c1,2026-01-03 00:00:00,R1,9,ui
c2,2026-01-05 00:00:00,R2,3,
c3,2026-01-12 00:00:00,R3,10,
c4,2026-01-09 00:00:00,R5,,
c4,2026-01-08 00:00:00,R6,7,price
c4,2026-01-11 00:00:00,R5,6,
c2,2026-01-20 00:00:00,R4,8,
`;

const SETUP_METRIC = `SELECT responses, promoters, detractors, nps FROM cx_metrics WHERE milestone_id = 'setup'`;
const RESPONSES = `SELECT response_id, account_id, contact_id, CAST(ts AS VARCHAR) AS ts, answer, valid
  FROM cx_responses ORDER BY response_id`;
const ALL = ['cx_metrics', 'cx_topics', 'cx_responses'].map((t) => `SELECT * FROM ${t} ORDER BY ALL`);

it('rebuilds the respondents with a new row or a changed completion and keeps the others', async () => {
  const dir = tempDir('milestones-cx-continued-');
  mkdirSync(join(dir, 'events'));
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  writeFileSync(join(dir, 'contacts.csv'), 'contact,account\nc1,acme\nc2,globex\nc3,acme\nc4,acme\n');
  writeFileSync(join(dir, 'surveys.csv'), SURVEYS);
  writeFileSync(join(dir, 'events', 'e1.csv'), FIRST);
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  const full = await Warehouse.open(':memory:');
  const modes: RunMode[] = [];
  const run = (into: Warehouse, asOf: string, full = false) =>
    loadAndCompute(into, project, asOf, { full, onMode: (m) => modes.push(m) });
  try {
    await run(w, '2026-01-10 00:00:00');
    // At T0: R1 (9) and R6 (7) for acme; R2's globex has not reached setup; R5 has no answer yet.
    // 2 responses, 1 promoter, no detractor: NPS 100 * (1 - 0) / 2 = 50.
    expect(await w.allJson(SETUP_METRIC)).toEqual([
      { responses: '2', promoters: '1', detractors: '0', nps: 50 },
    ]);

    writeFileSync(join(dir, 'events', 'e2.csv'), LATE);
    await run(w, '2026-01-15 00:00:00');
    expect(modes[1]).toMatchObject({ mode: 'incremental', cx: 'continued' });
    // R1 kept (9); R2 rebuilt: globex reached setup on 01-04 (late), 01-05 is within 30 days (3);
    // R3 new (10); R5 rebuilt: its answer is now the 01-11 row's 6, its time still 01-09; R6
    // rebuilt with R5's contact, still 7 (counted once: its stored row leaves, its new one comes).
    // 5 responses, promoters 9 and 10, detractors 3 and 6: NPS 100 * (2 - 2) / 5 = 0.
    expect(await w.allJson(SETUP_METRIC)).toEqual([
      { responses: '5', promoters: '2', detractors: '2', nps: 0 },
    ]);
    // Topics: R1's ui (kept) and R6's price (rebuilt: counted once).
    expect(
      await w.allJson(`SELECT topic, responses FROM cx_topics WHERE milestone_id = 'setup' ORDER BY topic`),
    ).toEqual([
      { topic: 'price', responses: '1' },
      { topic: 'ui', responses: '1' },
    ]);
    expect(await w.allJson(RESPONSES)).toEqual([
      {
        response_id: 'R1',
        account_id: 'acme',
        contact_id: 'c1',
        ts: '2026-01-03 00:00:00',
        answer: '9',
        valid: true,
      },
      {
        response_id: 'R2',
        account_id: 'globex',
        contact_id: 'c2',
        ts: '2026-01-05 00:00:00',
        answer: '3',
        valid: true,
      },
      {
        response_id: 'R3',
        account_id: 'acme',
        contact_id: 'c3',
        ts: '2026-01-12 00:00:00',
        answer: '10',
        valid: true,
      },
      {
        response_id: 'R5',
        account_id: 'acme',
        contact_id: 'c4',
        ts: '2026-01-09 00:00:00',
        answer: '6',
        valid: true,
      },
      {
        response_id: 'R6',
        account_id: 'acme',
        contact_id: 'c4',
        ts: '2026-01-08 00:00:00',
        answer: '7',
        valid: true,
      },
    ]);
    // Every row and every as_of as a full compute of the same files at the same T publishes them.
    await run(full, '2026-01-15 00:00:00', true);
    for (const sql of ALL) expect(await w.allJson(sql)).toEqual(await full.allJson(sql));
  } finally {
    w.close();
    full.close();
    removeDir(dir);
  }
});

it('recomputes CX in full when one response id names two respondents', async () => {
  // R1's rows come from c1 and c3: the grouped response takes one respondent of the two, and a
  // rebuild of only one of them could split it. The state says so once; CX then runs in full.
  const dir = tempDir('milestones-cx-split-');
  mkdirSync(join(dir, 'events'));
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  writeFileSync(join(dir, 'contacts.csv'), 'contact,account\nc1,acme\nc3,acme\n');
  writeFileSync(
    join(dir, 'surveys.csv'),
    'contact,answered_at,response,Q1,tags\nc1,2026-01-03 00:00:00,R1,9,\nc3,2026-01-12 00:00:00,R1,,\n',
  );
  writeFileSync(join(dir, 'events', 'e1.csv'), FIRST);
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  const modes: RunMode[] = [];
  try {
    for (const [file, asOf] of [
      ['e1.csv', '2026-01-10 00:00:00'],
      ['e2.csv', '2026-01-15 00:00:00'],
    ] as const) {
      if (file === 'e2.csv') writeFileSync(join(dir, 'events', file), LATE);
      await loadAndCompute(w, project, asOf, { onMode: (m) => modes.push(m) });
    }
    expect(modes[1]).toMatchObject({ mode: 'incremental', cx: 'full' });
    // R1 (9) for acme, answered 01-03, within 30 days of setup (01-02).
    expect(await w.allJson(SETUP_METRIC)).toEqual([
      { responses: '1', promoters: '1', detractors: '0', nps: 100 },
    ]);
  } finally {
    w.close();
    removeDir(dir);
  }
});
