/**
 * CX metrics on hand-written rows: which responses count for a milestone
 * (window after reaching it, or naming it), the scale check, NPS/CSAT/CES
 * arithmetic, topics and sentiment, long files. Every expected number is
 * worked out beside its assertion.
 */
import { describe, expect, it } from 'vitest';
import type { CxMetric } from '../../src/definitions/model.js';
import { computeCx, days, milestone, project, rows, warehouseWith } from './harness.js';

const nps = (over: Partial<CxMetric> = {}): CxMetric => ({
  id: 'nps',
  name: 'nps',
  metric: 'nps',
  question: 'Q1',
  scale: 10,
  milestones: ['setup'],
  window: days(30),
  topics: 'topics',
  sentiment: 'sentiment',
  ...over,
});

const response = (id: string, account: string, contact: string | null, ts: string, extra: object = {}) => ({
  response_id: id,
  respondent_id: contact ?? account,
  account_id: account,
  contact_id: contact,
  ts,
  ...extra,
});

describe('cx: responses within the window after the milestone', () => {
  it('counts answers at completion up to completion + 30d inclusive, rejects off-scale ones, and computes NPS', async () => {
    const w = await warehouseWith({
      statuses: [
        ['setup', 'account', 'acme', 'acme', '2026-01-10 00:00:00'],
        ['setup', 'account', 'globex', 'globex', '2026-01-20 00:00:00'],
        ['setup', 'account', 'beta', 'beta', null],
      ],
      surveyColumns: { Q1: 'DOUBLE' },
      responses: [
        response('R1', 'acme', 'a1', '2026-01-10 00:00:00', { Q1: 9 }), // at completion: counts
        response('R2', 'acme', 'a2', '2026-01-15 00:00:00', { Q1: 6 }), // counts
        response('R3', 'acme', 'a1', '2026-02-09 00:00:00', { Q1: 10 }), // exactly 30d after: counts
        response('R4', 'acme', 'a1', '2026-02-09 00:00:01', { Q1: 0 }), // 1s too late
        response('R5', 'globex', 'g1', '2026-01-19 00:00:00', { Q1: 0 }), // before globex reached setup
        response('R6', 'globex', 'g1', '2026-01-21 00:00:00', { Q1: 7 }), // counts
        response('R7', 'beta', 'b1', '2026-01-21 00:00:00', { Q1: 0 }), // beta never reached setup
        response('R8', 'globex', 'g2', '2026-01-22 00:00:00', { Q1: 11 }), // matched, off the 0-10 scale
        response('R9', 'globex', 'g2', '2026-01-23 00:00:00', { Q1: null }), // matched, blank
      ],
    });
    await computeCx(w, project({ milestones: [milestone('setup')], cx: [nps()] }), '2026-03-01 00:00:00');
    const [all, setup] = await rows(
      w,
      'SELECT milestone_id, responses, rejected, mean, promoters, passives, detractors, nps FROM cx_metrics ORDER BY milestone_id NULLS FIRST',
    );
    // Valid: R1 9, R2 6, R3 10, R6 7 -> 4 answers, mean 32 / 4 = 8; promoters 9 and 10 (2), passive 7 (1),
    // detractor 6 (1): NPS = 100 * (2 - 1) / 4 = 25. R8 (11) is rejected; R9 (blank) is neither.
    const expected = {
      responses: 4,
      rejected: 1,
      mean: 8,
      promoters: 2,
      passives: 1,
      detractors: 1,
      nps: 25,
    };
    expect(setup).toEqual({ milestone_id: 'setup', ...expected });
    // One milestone: the overall row is the same responses.
    expect(all).toEqual({ milestone_id: null, ...expected });
    expect(
      await rows(w, 'SELECT response_id, matched_by, score, valid FROM cx_responses ORDER BY response_id'),
    ).toEqual([
      { response_id: 'R1', matched_by: 'window', score: 9, valid: true },
      { response_id: 'R2', matched_by: 'window', score: 6, valid: true },
      { response_id: 'R3', matched_by: 'window', score: 10, valid: true },
      { response_id: 'R6', matched_by: 'window', score: 7, valid: true },
      { response_id: 'R8', matched_by: 'window', score: null, valid: false },
      { response_id: 'R9', matched_by: 'window', score: null, valid: null },
    ]);
  });
});

describe('cx: named responses, survey filter, contact milestones, CSAT on 1-7', () => {
  it('a response naming the milestone counts whoever gave it; naming another one, it does not count by time', async () => {
    const w = await warehouseWith({
      statuses: [
        ['onboarded', 'contact', 'u1', 'acme', '2026-01-05 00:00:00'],
        ['onboarded', 'contact', 'u2', 'acme', '2026-01-05 00:00:00'],
      ],
      responses: [
        // The answer (Q2) and the milestone named (ms) are JSON properties, as unmapped export columns are.
        response('R1', 'acme', 'u1', '2026-01-06 00:00:00', { survey_id: 'S1', properties: { Q2: '7' } }),
        response('R2', 'acme', 'u2', '2026-01-06 00:00:00', { survey_id: 'S2', properties: { Q2: '1' } }),
        response('R3', 'acme', 'u3', '2026-01-06 00:00:00', {
          survey_id: 'S1',
          properties: { Q2: '6', ms: 'onboarded' },
        }),
        response('R4', 'acme', 'u1', '2026-01-07 00:00:00', {
          survey_id: 'S1',
          properties: { Q2: '1', ms: 'other' },
        }),
        response('R5', 'acme', 'u2', '2026-01-08 00:00:00', { survey_id: 'S1', properties: { Q2: '5.5' } }),
      ],
    });
    const csat: CxMetric = {
      ...nps(),
      id: 'csat',
      metric: 'csat',
      question: 'Q2',
      scale: 7,
      milestones: ['onboarded'],
      survey: 'S1',
      namedBy: 'ms',
    };
    await computeCx(
      w,
      project({ milestones: [milestone('onboarded', 'contact')], cx: [csat] }),
      '2026-02-01 00:00:00',
    );
    // R1: u1 reached onboarded the day before (window); R2: survey S2, left out; R3: u3 never reached it but the
    // response names it; R4 names another milestone; R5 (5.5) is not a whole number: rejected.
    // Valid 7 and 6: mean 6.5; satisfied = top two boxes of 1-7 = 6 or 7: 2 of 2 = 1.0.
    expect(
      await rows(
        w,
        "SELECT responses, rejected, mean, top_two_box, nps FROM cx_metrics WHERE milestone_id = 'onboarded'",
      ),
    ).toEqual([{ responses: 2, rejected: 1, mean: 6.5, top_two_box: 1, nps: null }]);
    expect(await rows(w, 'SELECT response_id, matched_by FROM cx_responses ORDER BY response_id')).toEqual([
      { response_id: 'R1', matched_by: 'window' },
      { response_id: 'R3', matched_by: 'named' },
      { response_id: 'R5', matched_by: 'window' },
    ]);
  });
});

describe('cx: a named milestone is matched by id or name, in any case', () => {
  it('counts Setup, " setup" and "Set up" as naming setup (found by review: they counted for nothing)', async () => {
    const w = await warehouseWith({
      statuses: [['setup', 'account', 'acme', 'acme', '2026-01-05 00:00:00']],
      responses: [
        // Given by globex, which never reached setup: each counts only if it is read as naming setup.
        response('R1', 'globex', 'g1', '2026-01-06 00:00:00', { properties: { Q1: '10', ms: 'Setup' } }),
        response('R2', 'globex', 'g1', '2026-01-06 00:00:00', { properties: { Q1: '0', ms: ' setup' } }),
        response('R3', 'globex', 'g2', '2026-01-06 00:00:00', { properties: { Q1: '9', ms: 'SET UP' } }),
        // Names no milestone: counts for none, not by time either (acme reached setup the day before).
        response('R4', 'acme', 'a1', '2026-01-06 00:00:00', {
          properties: { Q1: '9', ms: 'onboarding call' },
        }),
      ],
    });
    const setup = { ...milestone('setup'), name: 'Set up' };
    await computeCx(w, project({ milestones: [setup], cx: [nps({ namedBy: 'ms' })] }), '2026-02-01 00:00:00');
    // R1 (id, other case), R2 (id, leading space), R3 (name, other case): 10, 0, 9 -> promoters 2,
    // detractor 1: NPS 100 * (2 - 1) / 3 = 33.33.
    expect(
      await rows(w, "SELECT responses, promoters, detractors FROM cx_metrics WHERE milestone_id = 'setup'"),
    ).toEqual([{ responses: 3, promoters: 2, detractors: 1 }]);
    expect(await rows(w, 'SELECT response_id, matched_by FROM cx_responses ORDER BY response_id')).toEqual([
      { response_id: 'R1', matched_by: 'named' },
      { response_id: 'R2', matched_by: 'named' },
      { response_id: 'R3', matched_by: 'named' },
    ]);
  });
});

describe('cx: a long file (one row per question), topics and sentiment', () => {
  it('groups rows by response, splits topics, counts each response once overall', async () => {
    const row = (id: string, question: string, extra: object) =>
      response(id, 'acme', null, '2026-01-03 00:00:00', { question_id: question, ...extra });
    const w = await warehouseWith({
      statuses: [
        ['a', 'account', 'acme', 'acme', '2026-01-01 00:00:00'],
        ['b', 'account', 'acme', 'acme', '2026-01-02 00:00:00'],
      ],
      responses: [
        row('L1', 'NPS', { value: 10 }),
        row('L1', 'TXT', { text: 'fast, cheap', topics: 'Speed; Price', sentiment: 'Very Positive' }),
        row('L2', 'NPS', { value: 3 }),
        row('L2', 'TXT', { text: 'pricey', topics: 'Price', sentiment: 'Negative' }),
      ],
    });
    const metric = nps({ question: 'NPS', milestones: ['a', 'b'] });
    await computeCx(
      w,
      project({ milestones: [milestone('a'), milestone('b')], cx: [metric] }),
      '2026-02-01 00:00:00',
    );
    // Both responses come within 30d of a (01-01) and of b (01-02): each milestone has 10 (promoter) and
    // 3 (detractor): NPS 100 * (1 - 1) / 2 = 0. Overall, each response once: 2 responses, not 4.
    expect(
      await rows(
        w,
        'SELECT milestone_id, responses, nps, positive, negative FROM cx_metrics ORDER BY milestone_id NULLS FIRST',
      ),
    ).toEqual([
      { milestone_id: null, responses: 2, nps: 0, positive: 1, negative: 1 },
      { milestone_id: 'a', responses: 2, nps: 0, positive: 1, negative: 1 },
      { milestone_id: 'b', responses: 2, nps: 0, positive: 1, negative: 1 },
    ]);
    // "Speed; Price" (Very Positive -> positive) and "Price" (Negative): Price 2 (1 positive, 1 negative), Speed 1.
    expect(
      await rows(
        w,
        'SELECT topic, responses, positive, neutral, negative FROM cx_topics WHERE milestone_id IS NULL ORDER BY topic',
      ),
    ).toEqual([
      { topic: 'Price', responses: 2, positive: 1, neutral: 0, negative: 1 },
      { topic: 'Speed', responses: 1, positive: 1, neutral: 0, negative: 0 },
    ]);
  });

  it('counts a topic named twice in one cell once, per milestone and overall', async () => {
    const w = await warehouseWith({
      statuses: [['a', 'account', 'acme', 'acme', '2026-01-01 00:00:00']],
      surveyColumns: { Q1: 'DOUBLE' },
      responses: [
        response('R1', 'acme', null, '2026-01-03 00:00:00', {
          Q1: 9,
          topics: 'Price; Speed,Price ;',
          sentiment: 'Positive',
        }),
        response('R2', 'acme', null, '2026-01-04 00:00:00', {
          Q1: 2,
          topics: ' Price',
          sentiment: 'Negative',
        }),
      ],
    });
    await computeCx(
      w,
      project({ milestones: [milestone('a')], cx: [nps({ milestones: ['a'] })] }),
      '2026-02-01 00:00:00',
    );
    // R1's cell splits into 'Price', 'Speed', 'Price', '' (trimmed): Price once, Speed once, the blank none.
    // R2: Price. So Price 2 responses (1 positive, 1 negative), Speed 1; the same for a and overall.
    expect(
      await rows(
        w,
        'SELECT milestone_id, topic, responses, positive, negative FROM cx_topics ORDER BY milestone_id NULLS FIRST, topic',
      ),
    ).toEqual([
      { milestone_id: null, topic: 'Price', responses: 2, positive: 1, negative: 1 },
      { milestone_id: null, topic: 'Speed', responses: 1, positive: 1, negative: 0 },
      { milestone_id: 'a', topic: 'Price', responses: 2, positive: 1, negative: 1 },
      { milestone_id: 'a', topic: 'Speed', responses: 1, positive: 1, negative: 0 },
    ]);
  });

  it("takes a response's answer and place from its first answered row in file order", async () => {
    // R1 has three rows: b.csv line 2 (answer 4), a.csv line 9 (no answer), a.csv line 5 (answer 9).
    // Rows with an answer come first, then by file, line: a.csv line 5 -> answer '9' (a promoter).
    const at = (file: string, line: number, value: number | null) =>
      response('R1', 'acme', null, '2026-01-03 00:00:00', {
        question_id: 'NPS',
        value,
        _file: file,
        _line: line,
      });
    const w = await warehouseWith({
      statuses: [['a', 'account', 'acme', 'acme', '2026-01-01 00:00:00']],
      responses: [at('b.csv', 2, 4), at('a.csv', 9, null), at('a.csv', 5, 9)],
      surveyColumns: { _file: 'VARCHAR', _line: 'BIGINT' },
    });
    await computeCx(
      w,
      project({ milestones: [milestone('a')], cx: [nps({ question: 'NPS', milestones: ['a'] })] }),
      '2026-02-01 00:00:00',
    );
    expect(await rows(w, 'SELECT answer, score, file, line FROM cx_responses')).toEqual([
      { answer: '9.0', score: 9, file: 'a.csv', line: 5 }, // a DOUBLE value column reads as '9.0'
    ]);
  });

  it('one file mixing repeated ids, single-row ids and rows without an id: each response keeps its own values', async () => {
    // Repeated ids are aggregated, the others pass through unaggregated (sql/cx/responses.sql); both must
    // give what a group of one would. R1: two rows, the answered one (line 3, '8') is its place, its topic
    // comes from the unanswered row. R2: one row, answer 2, topic Price. Two rows without response_id: two
    // responses (answers 10 and 6), each its own place.
    const at = (id: string | null, line: number, q: number | null, extra: object = {}) =>
      response(id as string, 'acme', null, `2026-01-0${line}T00:00:00`, {
        Q1: q,
        _file: 's.csv',
        _line: line,
        ...extra,
      });
    const w = await warehouseWith({
      statuses: [['a', 'account', 'acme', 'acme', '2026-01-01 00:00:00']],
      responses: [
        at('R1', 2, null, { topics: 'Speed', sentiment: 'Positive' }),
        at('R1', 3, 8),
        at('R2', 4, 2, { topics: 'Price', sentiment: 'Negative' }),
        at(null, 5, 10),
        at(null, 6, 6),
      ],
      surveyColumns: { _file: 'VARCHAR', _line: 'BIGINT', Q1: 'INTEGER' },
    });
    await computeCx(
      w,
      project({ milestones: [milestone('a')], cx: [nps({ milestones: ['a'] })] }),
      '2026-02-01 00:00:00',
    );
    // R1's ts is its earliest row's (01-02); all four within 30d of a (01-01).
    expect(
      await rows(
        w,
        'SELECT response_id, CAST(ts AS VARCHAR) AS ts, answer, topics, line FROM cx_responses ORDER BY line',
      ),
    ).toEqual([
      { response_id: 'R1', ts: '2026-01-02 00:00:00', answer: '8', topics: 'Speed', line: 3 },
      { response_id: 'R2', ts: '2026-01-04 00:00:00', answer: '2', topics: 'Price', line: 4 },
      { response_id: null, ts: '2026-01-05 00:00:00', answer: '10', topics: null, line: 5 },
      { response_id: null, ts: '2026-01-06 00:00:00', answer: '6', topics: null, line: 6 },
    ]);
    // Promoters: 10; passives: 8; detractors: 2, 6 -> NPS 100 * (1 - 2) / 4 = -25.
    expect(await rows(w, "SELECT responses, nps FROM cx_metrics WHERE milestone_id = 'a'")).toEqual([
      { responses: 4, nps: -25 },
    ]);
  });

  it('metrics sharing a survey each keep their own answer, place and scale; another window is its own group', async () => {
    // A long file, one response R1 with two rows: line 2 answers NPS (8) only, line 3 answers CSAT (5) only.
    // nps and csat share survey, milestones, window: one group; each takes its first answered row: nps
    // line 2, csat line 3. csat7 (csat with a 7-day window) is its own group: R1 (01-20) is 19 days after a
    // (01-01), inside 30 days, outside 7 -> no response for csat7. CSAT 5 on a 1-5 scale is valid.
    const at = (line: number, question: string, value: number) =>
      response('R1', 'acme', null, '2026-01-20 00:00:00', {
        question_id: question,
        value,
        _file: 's.csv',
        _line: line,
      });
    const w = await warehouseWith({
      statuses: [['a', 'account', 'acme', 'acme', '2026-01-01 00:00:00']],
      responses: [at(2, 'NPS', 8), at(3, 'CSAT', 5)],
      surveyColumns: { _file: 'VARCHAR', _line: 'BIGINT' },
    });
    const csat = (id: string, window: number): CxMetric => ({
      ...nps({ id, metric: 'csat', question: 'CSAT', scale: 5, milestones: ['a'] }),
      window: days(window),
    });
    await computeCx(
      w,
      project({
        milestones: [milestone('a')],
        cx: [nps({ question: 'NPS', milestones: ['a'] }), csat('csat', 30), csat('csat7', 7)],
      }),
      '2026-02-01 00:00:00',
    );
    expect(
      await rows(
        w,
        'SELECT cx_id, milestone_id, answer, valid, line FROM cx_responses ORDER BY cx_id, milestone_id',
      ),
    ).toEqual([
      { cx_id: 'csat', milestone_id: 'a', answer: '5.0', valid: true, line: 3 },
      { cx_id: 'nps', milestone_id: 'a', answer: '8.0', valid: true, line: 2 },
    ]);
    // nps: one passive (8) -> NPS 0; csat: mean 5; csat7: no response.
    expect(
      await rows(w, "SELECT cx_id, responses, mean FROM cx_metrics WHERE milestone_id = 'a' ORDER BY cx_id"),
    ).toEqual([
      { cx_id: 'csat', responses: 1, mean: 5 },
      { cx_id: 'csat7', responses: 0, mean: null },
      { cx_id: 'nps', responses: 1, mean: 8 },
    ]);
  });

  it('grouped metrics keep their own scale and topics; a survey or naming column of their own is their own group', async () => {
    // Wide rows (Q1 NPS 0-10, Q2 CSAT 1-5), after a (01-01) within 30d. R1 (survey S1): Q1 6, Q2 6, topics
    // column "T1" = Speed, "T2" = Price, names nothing. R2 (survey S2): Q1 9, Q2 4, names a.
    //   nps (Q1, topics T1) and csat (Q2, topics T2): one group. nps: R1 6 valid, R2 9 -> 2 responses;
    //   csat: R1 6 is off 1-5 (rejected), R2 4 -> 1 response, 1 rejected. Topics: nps Speed, csat Price.
    //   npsS1 (survey S1 only): R1 -> 1 response. npsNamed reads the naming column "nm", which no row
    //   has: R2 names nothing there, so it counts by time like R1 -> 2 responses.
    const w = await warehouseWith({
      statuses: [['a', 'account', 'acme', 'acme', '2026-01-01 00:00:00']],
      responses: [
        response('R1', 'acme', null, '2026-01-05 00:00:00', {
          survey_id: 'S1',
          properties: { Q1: 6, Q2: 6, T1: 'Speed', T2: 'Price' },
        }),
        response('R2', 'acme', null, '2026-01-06 00:00:00', {
          survey_id: 'S2',
          properties: { Q1: 9, Q2: 4, ms: 'a' },
        }),
      ],
    });
    const base = { milestones: ['a'], namedBy: 'ms' };
    await computeCx(
      w,
      project({
        milestones: [milestone('a')],
        cx: [
          nps({ ...base, question: 'Q1', topics: 'T1' }),
          nps({ ...base, id: 'csat', metric: 'csat', question: 'Q2', scale: 5, topics: 'T2' }),
          nps({ ...base, id: 'npsS1', question: 'Q1', survey: 'S1' }),
          nps({ ...base, id: 'npsNamed', question: 'Q1', namedBy: 'nm' }),
        ],
      }),
      '2026-02-01 00:00:00',
    );
    expect(
      await rows(
        w,
        "SELECT cx_id, responses, rejected FROM cx_metrics WHERE milestone_id = 'a' ORDER BY cx_id",
      ),
    ).toEqual([
      { cx_id: 'csat', responses: 1, rejected: 1 },
      { cx_id: 'nps', responses: 2, rejected: 0 },
      { cx_id: 'npsNamed', responses: 2, rejected: 0 },
      { cx_id: 'npsS1', responses: 1, rejected: 0 },
    ]);
    expect(
      await rows(
        w,
        "SELECT cx_id, topic FROM cx_topics WHERE milestone_id = 'a' AND cx_id IN ('nps', 'csat') ORDER BY cx_id",
      ),
    ).toEqual([
      { cx_id: 'csat', topic: 'Price' },
      { cx_id: 'nps', topic: 'Speed' },
    ]);
    // R2 names a: matched by name for the metrics reading "ms", by time for npsNamed.
    expect(
      await rows(w, "SELECT cx_id, matched_by FROM cx_responses WHERE response_id = 'R2' ORDER BY cx_id"),
    ).toEqual([
      { cx_id: 'csat', matched_by: 'named' },
      { cx_id: 'nps', matched_by: 'named' },
      { cx_id: 'npsNamed', matched_by: 'window' },
    ]);
  });

  it('without a survey_responses table the CX tables are empty and journeys still compute', async () => {
    const w = await warehouseWith({ statuses: [['a', 'account', 'acme', 'acme', '2026-01-01 00:00:00']] });
    await computeCx(
      w,
      project({ milestones: [milestone('a')], cx: [nps({ milestones: ['a'] })] }),
      '2026-02-01 00:00:00',
    );
    expect(await rows(w, 'SELECT count(*) AS n FROM cx_metrics')).toEqual([{ n: 0 }]);
  });
});

describe('cx: response keys', () => {
  it('keeps a response whose id reads like the key of a row without one apart from that row', async () => {
    // The first row (rowid 0) has no id: its key once was 'row 0', the very id of the second
    // response, and the two were grouped into one (found by review, 2026-12-06).
    const w = await warehouseWith({
      statuses: [['setup', 'account', 'acme', 'acme', '2026-01-10 00:00:00']],
      surveyColumns: { Q1: 'DOUBLE' },
      responses: [
        { ...response('x', 'acme', 'a1', '2026-01-11 00:00:00', { Q1: 9 }), response_id: null },
        response('row 0', 'acme', 'a2', '2026-01-12 00:00:00', { Q1: 3 }),
      ],
    });
    await computeCx(w, project({ milestones: [milestone('setup')], cx: [nps()] }), '2026-03-01 00:00:00');
    // Two responses: 9 (promoter) and 3 (detractor), mean 6, NPS 100 * (1 - 1) / 2 = 0.
    expect(await rows(w, "SELECT responses, mean, nps FROM cx_metrics WHERE milestone_id = 'setup'")).toEqual(
      [{ responses: 2, mean: 6, nps: 0 }],
    );
  });
});
