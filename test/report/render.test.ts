/**
 * The renderers, pure: hand-made data in, HTML out. Expected figures are
 * worked out from the data in each test (comments beside the assertions).
 */
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/render-report.js';
import { historyChart, historyTable, statusChart } from '../../src/report/milestones.js';
import { journeyTable, sankeyChart, stayChart } from '../../src/report/journeys.js';
import { renderCx } from '../../src/report/cx.js';
import { funnelChart } from '../../src/report/conversions.js';
import { COLORS } from '../../src/report/palette.js';
import { bars, chartIds, texts, visible } from './svg-shapes.js';
import { pathsTable } from '../../src/report/travelers.js';
import { breakdownTable } from '../../src/report/breakdowns.js';
import type {
  BreakdownReport,
  ConversionReport,
  MilestoneReport,
  ReportData,
} from '../../src/report/types.js';

const HOSTILE = `<script>alert('x')</script>&"`;

const sample = (ids: string[], total: bigint) => ({ ids, total });

function milestone(overrides: Partial<MilestoneReport> = {}): MilestoneReport {
  return {
    id: 'setup',
    name: 'Setup',
    level: 'account',
    assigned: 8n,
    counts: { achieving: 6n, not_achieving: 0n, never_achieved: 1n, not_started: 1n },
    deadlineMissed: 2n,
    meanProgress: 81.25,
    periods: [
      { period: '2026-01', completed: 4n, lost: 0n, regained: 0n, achieving: 4n },
      { period: '2026-02', completed: 2n, lost: 1n, regained: 1n, achieving: 6n },
    ],
    samples: {
      achieving: sample(['acme', 'globex'], 6n),
      not_achieving: sample([], 0n),
      never_achieved: sample(['wonka'], 1n),
      not_started: sample(['wayne'], 1n),
    },
    ...overrides,
  };
}

const conversion: ConversionReport = {
  id: 'trial',
  name: 'Trial',
  unit: 'account',
  hasRevenue: false,
  timeToConvert: [0n, 0n, 0n, 1n, 0n, 0n, 0n, 0n, 0n],
  steps: [
    {
      step: 1,
      name: 'setup',
      reached: 4n,
      inProgress: 1n,
      stepRate: null,
      overallRate: 1,
      secondsMean: null,
      secondsMedian: null,
      secondsP90: null,
    },
    {
      step: 2,
      name: 'paid',
      reached: 1n,
      inProgress: 0n,
      stepRate: 1 / 3,
      overallRate: 1 / 3,
      secondsMean: 129_600,
      secondsMedian: 129_600,
      secondsP90: 164_160,
    },
  ],
  touchpoints: [
    {
      position: 1,
      touchpoint: 'demo',
      convertedWith: 1n,
      notConvertedWith: 1n,
      rateWith: 0.5,
      rateWithout: 1,
      lift: -0.5,
      secondsMean: 172_800,
      secondsMedian: 172_800,
    },
  ],
  credits: [
    { model: 'linear', position: 1, touchpoint: 'demo', credit: 1 / 3, revenue: null },
    { model: 'linear', position: 2, touchpoint: 'pricing', credit: 1 / 3, revenue: null },
    { model: 'linear', position: null, touchpoint: '(none)', credit: 1 / 3, revenue: null },
    { model: 'first_touch', position: 1, touchpoint: 'demo', credit: 1, revenue: null },
    { model: 'first_touch', position: 2, touchpoint: 'pricing', credit: 0, revenue: null },
    { model: 'first_touch', position: null, touchpoint: '(none)', credit: 0, revenue: null },
  ],
};

function report(overrides: Partial<ReportData> = {}): ReportData {
  return {
    project: 'milestones.yaml',
    asOf: '2026-05-01T03:59:59Z',
    timezone: 'America/New_York',
    historyUnit: 'month',
    totals: {
      accounts: 8n,
      contacts: 30n,
      events: 1_221n,
      firstEvent: '2026-01-05T14:10:00Z',
      lastEvent: '2026-05-01T03:59:59Z',
    },
    milestones: [milestone()],
    journeys: [
      {
        id: 'lifecycle',
        name: 'Lifecycle',
        stages: [
          { index: 0, stage: '(none)', accounts: 1n },
          { index: 1, stage: 'setup', accounts: 3n },
        ],
        flows: [{ from: null, to: 'setup', actors: 3n }],
        stays: [],
      },
    ],
    conversions: [conversion],
    ...overrides,
  };
}

describe('renderReport', () => {
  it('is one self-contained document: no script, no external resource, the same bytes twice', () => {
    const page = renderReport(report());
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page.endsWith('</html>\n')).toBe(true);
    expect(page).not.toMatch(/<script|<link|<img| src=|href="http|url\((?!#ch-)/i);
    // Charts are inline SVG whose only references are to their own clip paths.
    expect(page).toContain('clip-path="url(#ch-');
    expect(renderReport(report())).toBe(page);
  });

  it('escapes every user-provided string: project, names, ids, topics', () => {
    const page = renderReport(
      report({
        project: HOSTILE,
        milestones: [
          milestone({
            id: HOSTILE,
            name: HOSTILE,
            samples: { ...milestone().samples, achieving: sample([HOSTILE], 1n) },
          }),
        ],
        journeys: [
          {
            id: HOSTILE,
            name: HOSTILE,
            stages: [{ index: 1, stage: HOSTILE, accounts: 1n }],
            flows: [{ from: null, to: HOSTILE, actors: 1n }],
            stays: [{ stage: HOSTILE, exited: 1n, seconds: [1, 2, 3, 4, 5] }],
          },
        ],
        conversions: [
          { ...conversion, id: HOSTILE, name: HOSTILE, steps: [{ ...conversion.steps[0]!, name: HOSTILE }] },
        ],
        cxTopics: [
          {
            cxId: HOSTILE,
            milestoneId: HOSTILE,
            topic: HOSTILE,
            responses: 1n,
            positive: 1n,
            neutral: 0n,
            negative: 0n,
          },
        ],
        paths: [{ journeyId: HOSTILE, previousId: HOSTILE, milestoneId: HOSTILE, nextId: null, actors: 1n }],
      }),
    );
    expect(page).not.toContain('<script');
    expect(page).not.toContain(`'x'`);
    expect(page).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;');
  });

  it('shows the header facts and links only to the sections present', () => {
    const page = renderReport(report());
    expect(page).toContain('<dd>1,221</dd>'); // events, grouped
    expect(page).toContain('2026-01-05T14:10:00Z – 2026-05-01T03:59:59Z');
    expect(page).toContain('<a href="#conversions">');
    // No cx_* or journey_* tables: those sections and their links are left out.
    expect(page).not.toContain('id="cx"');
    expect(page).not.toContain('href="#travelers"');
  });

  it('renders CX and travelers once their tables exist, even when empty', () => {
    const page = renderReport(report({ cxMetrics: [], travelers: [] }));
    expect(page).toContain('<section id="cx">');
    expect(page).toContain('<section id="travelers">');
    expect(page).toContain('No responses.');
    expect(page).not.toContain('<h3>Topics'); // cx_topics absent
  });
});

describe('milestones section', () => {
  it('prints count and share per status and sizes the stacked bars by them', () => {
    const page = renderReport(report());
    expect(page).toContain('6 (75.0%)'); // 6 of 8 achieving
    expect(page).toContain('1 (12.5%)'); // 1 of 8 never achieved, 1 of 8 not started
    expect(page).toContain('81.3%'); // mean progress 81.25, one decimal
    const svg = statusChart([milestone()]).text;
    // The plot is 720 - 170 (labels) - 24 (right margin) = 526 px wide, 0..100 %.
    // achieving 6/8 = 394.5 px from the axis at x = 170; never achieved and not started 1/8 = 65.75 px each.
    const [achieving] = visible(bars(svg, COLORS.achieving));
    expect(achieving).toMatchObject({ x: 170, width: 394.5 });
    expect(visible(bars(svg, COLORS.never_achieved))[0]!.x).toBeCloseTo(564.5, 1);
    expect(visible(bars(svg, COLORS.never_achieved))[0]!.width).toBeCloseTo(65.75, 0);
    expect(visible(bars(svg, COLORS.not_started))[0]!.width).toBeCloseTo(65.75, 0);
    expect(visible(bars(svg, COLORS.not_achieving))).toEqual([]); // nobody not achieving: nothing drawn
    expect(texts(svg)).toContain('75.0%'); // labelled inside its segment (8 % and more)
  });

  it('draws the history: completions and regains up, losses down, on one scale per milestone', () => {
    const svg = historyChart(milestone(), 'month').text;
    const completed = visible(bars(svg, COLORS.completed));
    const lost = visible(bars(svg, COLORS.lost));
    const regained = visible(bars(svg, COLORS.regained));
    // January 4 completed, February 2: one bar each, February's half as tall, both upwards.
    expect(completed).toHaveLength(2);
    expect(completed[0]!.height).toBeLessThan(0);
    expect(completed[1]!.height / completed[0]!.height).toBeCloseTo(0.5, 5);
    // February: 1 lost (downwards, a quarter of January's 4), 1 regained stacked on the 2 completed.
    expect(lost).toHaveLength(1);
    expect(lost[0]!.height / -completed[0]!.height).toBeCloseTo(0.25, 5);
    expect(regained).toHaveLength(1);
    expect(regained[0]!.y).toBeCloseTo(completed[1]!.y + completed[1]!.height, 5);
    // The share achieving as a line through both months: 4/8 and 6/8 of assigned.
    expect(svg).toMatch(/<path d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+" fill="none"[^>]*stroke="#1f2933"/);
    expect(texts(svg)).toEqual(
      expect.arrayContaining(['2026-01', '2026-02', 'completed', 'lost', 'regained']),
    );
    const table = historyTable(milestone().periods, 'month', 8n).text;
    expect(table).toContain(
      '<td>2026-02</td><td class="n">2</td><td class="n">1</td><td class="n">1</td><td class="n">6 (75.0%)</td>',
    );
    expect(renderReport(report({ milestones: [milestone({ periods: [] })] }))).toContain('No completions');
  });

  it('lists the sampled ids and says how many more there are', () => {
    const page = renderReport(report());
    expect(page).toContain('achieving (6): acme, globex … and 4 more'); // 6 in all, 2 listed
    expect(page).toContain('never achieved (1): wonka</li>');
  });
});

describe('journeys, conversions, CX, paths', () => {
  it('shares a journey stage of all its accounts', () => {
    const table = journeyTable(report().journeys[0]!, new Map([['setup', 'Setup']])).text;
    expect(table).toContain('75.0%'); // 3 of 4 accounts at setup
    expect(table).toContain('Setup <code>setup</code>');
  });

  it('draws first-completion paths as a Sankey from (start) to (not yet), an out-of-order path to its own sink', () => {
    const journey = {
      id: 'j',
      name: 'J',
      stages: [
        { index: 0, stage: '(none)', accounts: 0n },
        { index: 1, stage: 'a', accounts: 0n },
        { index: 2, stage: 'b', accounts: 0n },
      ],
      // 3 started at a, 1 at b; a -> b 2, a -> not yet 1; b -> a 1 (out of order), b -> not yet 2.
      flows: [
        { from: null, to: 'a', actors: 3n },
        { from: null, to: 'b', actors: 1n },
        { from: 'a', to: 'b', actors: 2n },
        { from: 'a', to: null, actors: 1n },
        { from: 'b', to: 'a', actors: 1n },
        { from: 'b', to: null, actors: 2n },
      ],
      stays: [],
    };
    const html = sankeyChart(journey, new Map([['a', 'Stage A']])).text;
    // Node values are the larger of in- and outflow: start 4, A 3 (in 3 + 1 back is not drawn into it),
    // b: in 1 + 2 = 3, out 1 + 2 = 3; not yet 1 + 2 = 3; the earlier-stage sink 1.
    expect(texts(html)).toEqual(
      expect.arrayContaining(['(start): 4', 'Stage A: 3', 'b: 3', '(not yet): 3', '(an earlier stage): 1']),
    );
    expect(html).toContain('1 path goes on to an earlier stage');
    expect(sankeyChart({ ...journey, flows: [] }, new Map()).text).toContain('Nobody reached a stage yet.');
  });

  it('draws the time in each stage as box plots in days, and leaves out a stage nobody left', () => {
    const day = 86_400;
    const html = stayChart(
      {
        id: 'j',
        name: 'J',
        stages: [],
        flows: [],
        stays: [
          { stage: 'a', exited: 5n, seconds: [1 * day, 2 * day, 3 * day, 4 * day, 10 * day] },
          { stage: 'b', exited: 0n, seconds: null },
        ],
      },
      new Map(),
    ).text;
    // 95th percentile 10 d >= 2 d: the axis is in days; rows are labelled with how many exited.
    expect(texts(html)).toEqual(expect.arrayContaining(['days', 'a (5)', 'b (0)']));
  });

  it('prints the funnel with rates and human times, and credits that add up per model', () => {
    const page = renderReport(report());
    expect(page).toContain('4 entered, 1 converted (33.3% of those settled), 1 in progress');
    expect(page).toContain('1.5 d'); // 129 600 s = 1.5 x 86 400
    expect(page).toContain('1.9 d'); // p90 164 160 s = 1.9 d
    expect(page).toContain('-50.0%'); // lift
    // linear: thirds of 1 by largest remainder -> 0.34 + 0.33 + 0.33 = 1.00; (none) last.
    expect(page).toMatch(/<td>demo<\/td><td class="n">1.00<\/td><td class="n">0.34<\/td>/);
    expect(page).toMatch(
      /<td>\(none\)<\/td><td class="n">0.00<\/td><td class="n">0.33<\/td><\/tr>\n<\/tbody>/,
    );
    // Models in words, in `conversions --model` order, side by side in one chart.
    expect(page.indexOf('<th class="n">First touch (conversions)</th>')).toBeLessThan(
      page.indexOf('<th class="n">Linear (conversions)</th>'),
    );
    expect(page).not.toContain('first_touch');
    expect(chartIds(page)).toContain('ch-credit_2dconversions_2dtrial');
  });

  it('shows a conversion nobody entered as its note alone, and labels the funnel rates as among settled actors (found by review)', () => {
    const nobody: ConversionReport = {
      ...conversion,
      steps: conversion.steps.map((s) => ({ ...s, reached: 0n, inProgress: 0n })),
      credits: conversion.credits.map((r) => ({ ...r, credit: 0, revenue: 0 })),
    };
    const page = renderReport(report({ conversions: [nobody] }));
    expect(page).toContain('Nobody entered as of T.');
    // The touchpoint table and seven models of 0.00 (with a "(none)" row) had followed the note.
    expect(page).not.toContain('<h4>Touchpoints</h4>');
    expect(page).not.toContain('<h4>Attribution');
    expect(chartIds(page).filter((id) => id.includes('trial'))).toEqual([]);
    // With someone in progress, 1 of 3 settled is not 1 of 4 reached: the headers say "settled".
    const entered = renderReport(report());
    expect(entered).toContain('<th class="n">from the step before (settled)</th>');
    expect(entered).toContain('<th class="n">from entry (settled)</th>');
  });

  it('names the currency of the revenue when the config does, and says it is the value property otherwise', () => {
    const revenue = conversion.credits.map((r) => ({ ...r, revenue: r.credit * 300 }));
    const withCurrency = renderReport(
      report({ conversions: [{ ...conversion, credits: revenue, hasRevenue: true, currency: 'EUR' }] }),
    );
    expect(withCurrency).toContain('<h4>Attribution: revenue credited (EUR), by model</h4>');
    expect(withCurrency).toContain('<th class="n">Linear (revenue, EUR)</th>');
    expect(withCurrency).toContain('>revenue credited (EUR)</text>'); // the chart's axis
    const without = renderReport(
      report({ conversions: [{ ...conversion, credits: revenue, hasRevenue: true }] }),
    );
    expect(without).toContain('revenue credited (in the units of the value property)');
    expect(without).toContain('<th class="n">Linear (revenue)</th>');
  });

  it('draws the funnel: settled, in progress apart, and the drop-off from the step before', () => {
    const svg = funnelChart(conversion).text;
    // Step 1: 4 reached, 1 in progress -> 3 settled + 1 in progress. Step 2: 1 reached, settled.
    // The actor in progress at step 1 has not reached step 2 yet: not a drop-off (it once was).
    // Dropped off = settled at step 1 - settled at step 2 = 3 - 1 = 2; not yet = 1 - 0 = 1.
    const settled = visible(bars(svg, COLORS.reached));
    const inProgress = visible(bars(svg, COLORS.inProgress));
    const notYet = visible(bars(svg, COLORS.notYet));
    const dropped = visible(bars(svg, COLORS.droppedOff));
    expect(settled).toHaveLength(2);
    expect(inProgress).toHaveLength(1);
    expect(notYet).toHaveLength(1);
    expect(dropped).toHaveLength(1);
    expect(settled[1]!.width / settled[0]!.width).toBeCloseTo(1 / 3, 5);
    expect(inProgress[0]!.width / settled[0]!.width).toBeCloseTo(1 / 3, 5);
    expect(notYet[0]!.width / settled[0]!.width).toBeCloseTo(1 / 3, 5);
    expect(dropped[0]!.width / settled[0]!.width).toBeCloseTo(2 / 3, 5);
    // Each step's bar is as long as the step before: 1 + 1 + 2 = 4 = step 1's 3 + 1.
    expect(settled[1]!.width + notYet[0]!.width + dropped[0]!.width).toBeCloseTo(
      settled[0]!.width + inProgress[0]!.width,
      0,
    );
    expect(texts(svg)).toEqual(expect.arrayContaining(['1. setup', '2. paid', '3', '1', '−2']));
    expect(texts(svg)).not.toContain('−3');
  });

  it('renders NPS as promoters / passives / detractors, and a milestone-less row as (all)', () => {
    const html = renderCx(
      [
        {
          cxId: 'nps',
          milestoneId: null,
          metric: 'nps',
          scale: '0-10',
          responses: 8n,
          rejected: 1n,
          mean: 7.875,
          topTwoBox: null,
          promoters: 4n,
          passives: 2n,
          detractors: 2n,
          nps: 25,
        },
        {
          cxId: 'csat',
          milestoneId: 'setup',
          metric: 'csat',
          scale: '1-5',
          responses: 10n,
          rejected: 0n,
          mean: 3.5,
          topTwoBox: 0.6,
          promoters: null,
          passives: null,
          detractors: null,
          nps: null,
        },
      ],
      undefined,
    )!.text;
    expect(html).toContain('<td>(all)</td>');
    expect(html).toContain('<td class="n">25.0</td>'); // NPS (4 - 2) / 8 = 25
    // 95% intervals: NPS with one pseudo-response per group, p = 5/11, d = 3/11:
    // (p - d) ± 1.96 sqrt((p + d - (p - d)^2) / 11) = 0.182 ± 0.489 -> -30.7 .. 67.1 -> "-31 to 67".
    expect(html).toContain('<td class="n">-31 to 67</td>');
    // CSAT: Wilson interval of 6 of 10 = 0.600 -> 31.3% .. 83.2%.
    expect(html).toContain('<td class="n">31% to 83%</td>');
    expect(chartIds(html)).toEqual(['ch-scores_2dnps', 'ch-scores_2dcsat']);
    expect(html).toContain('<td class="n">60.0%</td>'); // top two boxes of CSAT
    expect(html).toContain('<td class="n">7.88</td>'); // mean, 2 decimals
  });

  it('lists the steps of the paths with their open ends named as `milestones paths` names them', () => {
    const table = pathsTable([
      { journeyId: 'a', previousId: null, milestoneId: 'setup', nextId: 'paid', actors: 4n },
      { journeyId: 'a', previousId: 'setup', milestoneId: 'paid', nextId: null, actors: 1n },
    ]).text;
    expect(table).toContain('<th>came from</th><th>stage</th><th>went on to</th>');
    expect(table).toContain('<td>a</td><td>(start)</td><td>setup</td><td>paid</td><td class="n">4</td>');
    expect(table).toContain('<td>setup</td><td>paid</td><td>(not yet)</td>');
  });

  it('charts topics by volume, so a topic mentioned once is a short bar', () => {
    const topic = (name: string, positive: bigint, negative: bigint) => ({
      cxId: 'nps',
      milestoneId: null,
      topic: name,
      responses: positive + negative,
      positive,
      neutral: 0n,
      negative,
    });
    const html = renderCx(undefined, [topic('pricing', 6n, 2n), topic('mobile', 0n, 1n)])!.text;
    const positive = visible(bars(html, COLORS.positive));
    const negative = visible(bars(html, COLORS.negative));
    // pricing: 6 positive + 2 negative; mobile: 1 negative, an eighth of pricing's 8.
    expect(positive).toHaveLength(1);
    expect(negative).toHaveLength(2);
    expect(negative[1]!.width / (positive[0]!.width + negative[0]!.width)).toBeCloseTo(1 / 8, 3); // bars are drawn to 0.1 px
  });
});

describe('conversion funnel per breakdown value', () => {
  const segment: BreakdownReport = {
    property: 'segment',
    total: 5n,
    values: [
      { value: 'enterprise', reached: [4n, 3n], inProgress: 1n, overallRate: 1 / 3 },
      { value: HOSTILE, reached: [2n, 2n], inProgress: 0n, overallRate: 1 },
      { value: null, reached: [2n, 0n], inProgress: 0n, overallRate: 0 },
    ],
  };
  const split = (values: BreakdownReport['values'], total: bigint): BreakdownReport => ({
    property: 'region',
    total,
    values,
  });

  it('prints a row per value: reached per step, in progress, and the overall rate among settled actors', () => {
    const html = breakdownTable(segment, conversion.steps).text;
    // Columns named by the overall funnel's steps, then in progress and overall.
    expect(html).toContain(
      '<th>segment</th><th class="n">1 setup</th><th class="n">2 paid</th><th class="n">in progress</th><th class="n">overall</th>',
    );
    // enterprise: 4 entered, 3 reached paid, 1 in progress; the rate is the stored 1/3 = 33.3%.
    expect(html).toContain(
      '<tr><td>enterprise</td><td class="n">4</td><td class="n">3</td><td class="n">1</td><td class="n">33.3%</td></tr>',
    );
    // A NULL value is "(missing)": 2 entered, none reached paid, 0.0%.
    expect(html).toContain(
      '<tr><td>(missing)</td><td class="n">2</td><td class="n">0</td><td class="n">0</td><td class="n">0.0%</td></tr>',
    );
    // Rows stay in the order read (most entered first): enterprise, the hostile one, (missing).
    expect(html.indexOf('enterprise')).toBeLessThan(html.indexOf('&lt;script'));
    expect(html.indexOf('&lt;script')).toBeLessThan(html.indexOf('(missing)'));
    // 5 values in all, 3 shown: 2 more.
    expect(html).toContain('<p class="note">… and 2 more values.</p>');
  });

  it('says "1 more value", nothing when all are shown, and "—" for a rate nobody settled for', () => {
    const one = { value: 'eu', reached: [1n, 0n], inProgress: 1n, overallRate: null };
    expect(breakdownTable(split([one], 2n), conversion.steps).text).toContain('… and 1 more value.');
    const all = breakdownTable(split([one], 1n), conversion.steps).text;
    expect(all).not.toContain('more value');
    // eu: 1 entered, still in progress: no settled actor, no rate.
    expect(all).toContain(
      '<td>eu</td><td class="n">1</td><td class="n">0</td><td class="n">1</td><td class="n">—</td>',
    );
  });

  it('escapes hostile property names and values', () => {
    const html = breakdownTable({ ...segment, property: HOSTILE }, conversion.steps).text;
    expect(html).not.toContain('<script');
    expect(html).toContain('<h4>By &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;</h4>');
    expect(html).toContain('<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;</td>');
  });

  it('puts one table per property between the funnel and the touchpoints, and none without breakdowns', () => {
    const region = split([{ value: 'eu', reached: [3n, 1n], inProgress: 0n, overallRate: 1 / 3 }], 1n);
    const page = renderReport(report({ conversions: [{ ...conversion, breakdowns: [segment, region] }] }));
    expect(page).not.toContain('<script');
    const [funnel, bySegment, byRegion, touchpoints] = [
      '<th class="n">90th percentile time</th>',
      '<h4>By segment</h4>',
      '<h4>By region</h4>',
      '<h4>Touchpoints</h4>',
    ].map((s) => page.indexOf(s));
    expect(funnel).toBeGreaterThan(0);
    expect(bySegment).toBeGreaterThan(funnel);
    expect(byRegion).toBeGreaterThan(bySegment); // the order given (config order)
    expect(touchpoints).toBeGreaterThan(byRegion);
    expect(renderReport(report({ conversions: [{ ...conversion, breakdowns: [segment, region] }] }))).toBe(
      page,
    );
    // A split without values (nobody entered) and no breakdowns at all: no table.
    expect(
      renderReport(report({ conversions: [{ ...conversion, breakdowns: [split([], 0n)] }] })),
    ).not.toContain('<h4>By ');
    expect(renderReport(report())).not.toContain('<h4>By ');
  });
});
